//! Words the analyses and the papers share: why a clause or condition came out as it did
//! (`reason`), amounts of money as a reader writes them, and the contract's status words in
//! Chinese. Below the analyses (compare, diff) and the renderers, which both say them.

pub mod reason;

use rust_decimal::Decimal;

use crate::decimal::show;
use crate::diag::Lang;

/// Groups the digits of an amount: 1000000 → 1,000,000.
pub(crate) fn money(d: Decimal) -> String {
    let s = show(d);
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount as its reader writes it: in Chinese 100万元 or 2,500元, in English 1,000,000
/// followed by the currency.
pub(crate) fn amount(d: Decimal, currency: &str, lang: Lang) -> String {
    let ten_thousand = Decimal::from(10_000);
    match lang {
        Lang::Zh if currency == "CNY" && !d.is_zero() && (d % ten_thousand).is_zero() => {
            format!("{}万元", money(d / ten_thousand))
        }
        Lang::Zh if currency == "CNY" => format!("{}元", money(d)),
        _ => format!("{} {currency}", money(d)),
    }
}

/// Two amounts said alike, for "before → after": both in 万元 where both are whole 万元,
/// else both in 元 with grouped digits (never "74万元 → 965,000元").
pub(crate) fn amount_pair(a: Decimal, b: Decimal, currency: &str, lang: Lang) -> (String, String) {
    let ten_thousand = Decimal::from(10_000);
    let whole = |d: Decimal| (d % ten_thousand).is_zero();
    if lang == Lang::Zh && currency == "CNY" && !(whole(a) && whole(b)) {
        return (format!("{}元", money(a)), format!("{}元", money(b)));
    }
    (amount(a, currency, lang), amount(b, currency, lang))
}

/// A condition's status as its reader says it (the contract's word in English).
pub(crate) fn status_word(code: &str, lang: Lang) -> &str {
    match (lang, code) {
        (Lang::Zh, "pass") => "符合",
        (Lang::Zh, "fail") => "不符合",
        (Lang::Zh, "undetermined") => "无法判断",
        (Lang::Zh, "not_applicable") => "不适用",
        _ => code,
    }
}

/// Whether any tier of a policy (or of its categories) pays money.
pub(crate) fn pays(p: &crate::policy::Policy) -> bool {
    p.tiers.iter().any(|t| !t.amount.is_zero()) || p.categories.iter().any(|c| pays(&c.policy))
}

/// A tier's title with its category's, as a line spanning categories says it: "个人奖（个人）";
/// a title that already names the category is left as it is.
pub(crate) fn with_category(
    title: &crate::diag::Text,
    category: &crate::diag::Text,
) -> crate::diag::Text {
    let zh = if title.zh.contains(&category.zh) {
        title.zh.clone()
    } else {
        format!("{}（{}）", title.zh, category.zh)
    };
    let en = if title
        .en
        .to_lowercase()
        .contains(&category.en.to_lowercase())
    {
        title.en.clone()
    } else {
        format!("{} ({})", title.en, category.en)
    };
    crate::diag::Text::new(zh, en)
}
