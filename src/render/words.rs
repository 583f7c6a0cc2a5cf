//! Small pieces every renderer shares: amounts with grouped digits and columns padded by
//! display width, so Chinese text lines up.

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

use crate::decimal::show;
use crate::diag::Lang;
use crate::policy::{Policy, Stage};
pub(crate) use crate::words::{amount, amount_pair, money, pays, status_word, with_category};

/// Pads `s` on the right to `width` columns of display.
pub(crate) fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Pads `s` on the left to `width` columns of display.
pub(crate) fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

/// A stage's title as it reads inside a sentence: the Chinese as declared, the English with
/// its first letter in lower case ("Site visit" → "site visit").
fn in_sentence(stage: &Stage, lang: Lang) -> String {
    match lang {
        Lang::Zh => stage.title.zh.clone(),
        Lang::En => {
            let mut chars = stage.title.en.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
        }
    }
}

/// The shortlist stage's title inside a sentence (its id if the policy lacks it); without a
/// shortlist, the words for the review as a whole.
pub(crate) fn shortlist_stage(p: &Policy, lang: Lang) -> String {
    match &p.shortlist {
        Some(s) => p
            .stage(&s.stage)
            .map_or_else(|| s.stage.clone(), |stage| in_sentence(stage, lang)),
        None => lang.pick("评审".into(), "review".into()),
    }
}

/// "<stage>得分" / "<stage> score": the score of the stage that ranks for the shortlist.
pub(crate) fn shortlist_score(p: &Policy, lang: Lang) -> String {
    let stage = shortlist_stage(p, lang);
    lang.pick(format!("{stage}得分"), format!("{stage} score"))
}

/// The words for an eligible applicant without that score.
pub(crate) fn no_shortlist_score(p: &Policy, lang: Lang) -> String {
    let stage = shortlist_stage(p, lang);
    lang.pick(
        format!("缺少{stage}得分"),
        format!("no {stage} score (missing_score)"),
    )
}

/// The titles of the stages after the shortlist's (every stage without a shortlist), as a sentence lists them: "现场评审和演讲答辩评审",
/// "on-site review and presentation".
pub(crate) fn later_stages(p: &Policy, lang: Lang) -> String {
    let after = p.stages.iter().skip(match &p.shortlist {
        Some(shortlist) => p
            .stages
            .iter()
            .position(|s| s.id == shortlist.stage)
            .map_or(p.stages.len(), |i| i + 1),
        None => 0,
    });
    let titles: Vec<String> = after.map(|s| in_sentence(s, lang)).collect();
    match titles.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => {
            let (comma, and) = lang.pick(("、", "和"), (", ", " and "));
            format!("{}{and}{last}", rest.join(comma))
        }
    }
}

/// Rows under headers in columns as wide as their widest cell, two spaces apart, the columns
/// for which `right` holds aligned right: the header line first, then one line per row,
/// without line ends (so callers may colour them).
pub(crate) fn columns(
    headers: &[String],
    rows: &[Vec<String>],
    right: impl Fn(usize) -> bool,
) -> Vec<String> {
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .chain([headers[c].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let w = widths.get(c).copied().unwrap_or(0);
                if right(c) {
                    pad_left(s, w)
                } else {
                    pad(s, w)
                }
            })
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    std::iter::once(line(headers))
        .chain(rows.iter().map(|r| line(r)))
        .collect()
}

/// The half of a "中文 · English" note in the language asked for (the whole when it has no
/// such halves).
pub(crate) fn half(text: &str, lang: Lang) -> &str {
    let (zh, en) = crate::policy::readings::halves(text);
    lang.pick(zh, en)
}

/// An English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd.
pub(crate) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// An eligibility as its reader says it (the contract's word in English).
pub(crate) fn eligibility_word(code: &str, lang: Lang) -> &str {
    match (lang, code) {
        (Lang::Zh, "eligible") => "符合申报条件",
        (Lang::Zh, "ineligible") => "不符合申报条件",
        (Lang::Zh, "undetermined") => "资格待定",
        _ => code,
    }
}

/// A flag as its reader says it (the contract's word in English).
pub(crate) fn flag_word(code: &str, lang: Lang) -> &str {
    match (lang, code) {
        (Lang::Zh, "shortlist_tie") => "入围线同分",
        (Lang::Zh, "missing_score") => "缺少得分",
        (Lang::Zh, "tie_at_quota_boundary") => "名额边界同分",
        (Lang::Zh, "over_joint_cap") => "超出合计上限",
        _ => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_right() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 20, 21, 22, 23, 101, 111, 112]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "20th", "21st", "22nd", "23rd",
                "101st", "111th", "112th"
            ]
        );
    }

    #[test]
    fn money_groups_digits() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(money(d("1000000")), "1,000,000");
        assert_eq!(money(d("-1234.5")), "-1,234.5");
        assert_eq!(money(d("999")), "999");
    }

    #[test]
    fn columns_line_up_chinese() {
        let out = columns(
            &["编号".into(), "id".into()],
            &[vec!["无锡".into(), "x".into()]],
            |_| false,
        );
        assert_eq!(out, ["编号  id", "无锡  x"]);
    }
}

/// The punctuation a language writes: full-width in Chinese.
#[derive(Clone, Copy)]
pub struct Punct {
    /// After a label: `：` or `: `.
    pub colon: &'static str,
    /// Before a parenthetical: `（` or ` (`.
    pub open: &'static str,
    /// After it: `）` or `)`.
    pub close: &'static str,
    /// Between items: `，` or `, `.
    pub comma: &'static str,
}

impl Punct {
    /// The punctuation of `lang`.
    pub fn of(lang: Lang) -> Self {
        match lang {
            Lang::Zh => Punct {
                colon: "：",
                open: "（",
                close: "）",
                comma: "，",
            },
            Lang::En => Punct {
                colon: ": ",
                open: " (",
                close: ")",
                comma: ", ",
            },
        }
    }
}

/// A citation in brackets with a space after it, as a paper's line starts ("[第十条] "); nothing
/// where the article is not known.
pub(crate) fn bracket(cite: &str) -> String {
    if cite.is_empty() {
        String::new()
    } else {
        format!("[{cite}] ")
    }
}

/// A tier's score requirement as the summary says it: "得分要求 60%", or "不设得分要求" where its
/// threshold is 0.
pub(crate) fn threshold_words(t: &crate::policy::Tier, lang: Lang) -> String {
    if t.threshold.is_zero() {
        lang.pick("不设得分要求", "no score threshold").to_owned()
    } else {
        let pct = show(t.threshold * Decimal::ONE_HUNDRED);
        lang.pick(format!("得分要求 {pct}%"), format!("threshold {pct}%"))
    }
}

/// What a first-time winner of a tier is paid: "首次获奖奖励 100万元", or "不设奖金" where the tier
/// pays nothing.
pub(crate) fn first_time_words(t: &crate::policy::Tier, lang: Lang) -> String {
    if t.amount.is_zero() {
        lang.pick("不设奖金", "no money").to_owned()
    } else {
        let a = amount(t.amount, &t.currency, lang);
        lang.pick(
            format!("首次获奖奖励 {a}"),
            format!("first-time amount {a}"),
        )
    }
}

/// The currency of a policy's payouts (its first tier's), for totals; "CNY" where it has no tier.
pub(crate) fn currency(p: &Policy) -> &str {
    p.tiers.first().map_or("CNY", |t| t.currency.as_str())
}

/// Each joint cap of a policy said with what the categories hold against it, for the summary:
/// "中国质量奖：组织、个人合计拟授予 4 / 合计上限 10". Per-category quotas alone would overstate
/// the places left where the categories share a cap.
pub(crate) fn joint_caps(outcome: &crate::eval::Outcome<'_>, lang: Lang) -> Vec<String> {
    let p = outcome.policy;
    p.caps
        .iter()
        .map(|cap| {
            let held = outcome
                .verdicts
                .iter()
                .filter(|v| {
                    v.applicant
                        .category
                        .filter(|k| cap.categories.contains(k))
                        .and_then(|k| Some(&p.categories.get(k)?.policy.tiers[v.tier?]))
                        .is_some_and(|t| t.id == cap.tier)
                })
                .count();
            let title = p.cap_title(cap);
            let tier = title.get(lang);
            let names: Vec<&str> = cap
                .categories
                .iter()
                .filter_map(|&k| p.categories.get(k))
                .map(|c| c.title.get(lang))
                .collect();
            let cite = cap
                .cite
                .as_ref()
                .map(|c| c.shown(lang))
                .filter(|c| !c.is_empty());
            let (rule_zh, rule_en) = match cap.rule {
                crate::policy::CapRule::Flag => {
                    ("超出部分由评委会决定", "the committee decides any excess")
                }
                crate::policy::CapRule::ByTotal => ("按总分决定", "decided by total"),
                crate::policy::CapRule::ByShare => (
                    "按总分占标准总分的比例决定",
                    "decided by share of the standard's total",
                ),
            };
            lang.pick(
                format!(
                    "{tier}：{}合计拟授予 {held} / 合计上限 {}（{rule_zh}{}）",
                    names.join("、"),
                    cap.max,
                    cite.as_ref().map_or(String::new(), |c| format!("；{c}"))
                ),
                format!(
                    "{tier}: {} together {held} proposed / joint cap {} ({rule_en}{})",
                    names.join(", "),
                    cap.max,
                    cite.as_ref().map_or(String::new(), |c| format!("; {c}"))
                ),
            )
        })
        .collect()
}
