//! One cell read as the type its column declares: yes/no in the words staff write, numbers
//! keeping their digits, dates in the forms Excel and people use; and the messages that say
//! what a cell should hold.

use serde_json::Value;

use super::grid::Cell;
use super::layout;
use crate::diag::text;
use crate::diag::Text;
use crate::policy::fields::{Choices, FieldType};

/// 有 (given: see the sheet) → true, 无 (none) → false; anything else is not an answer.
pub(super) fn given_or_none(cell: &Cell) -> Option<bool> {
    match cell.text().as_str() {
        layout::GIVEN => Some(true),
        layout::NONE => Some(false),
        _ => None,
    }
}

/// “title”：why.
pub(super) fn about(title: &str, why: &Text) -> Text {
    text!(
        format!("“{title}”{}", why.zh),
        format!("\"{title}\" {}", why.en)
    )
}

/// How to fill a cell of this type.
pub(super) fn fix(ty: &FieldType) -> Text {
    match ty {
        FieldType::Bool => text!(
            "填“是”或“否”；不清楚的留空。",
            "write 是 (yes) or 否 (no); leave it empty when not known"
        ),
        FieldType::Integer => text!(
            "填整数；不清楚的留空。",
            "write a whole number; leave it empty when not known"
        ),
        FieldType::Decimal | FieldType::DecimalByYear => text!(
            "填数字（如 812.5）；不清楚的留空，不要填 0。",
            "write a number (such as 812.5); leave it empty when not known, never 0"
        ),
        FieldType::Date => text!(
            "填日期，如 2024-09-01 或 2024年9月1日，并将单元格设为日期或文本格式。",
            "write a date such as 2024-09-01, in a cell formatted as a date or as text"
        ),
        FieldType::Enum(_) => text!(
            "从下拉列表中选择；确为列表之外的，填“其他：…”（按不符合处理）；不清楚的留空。",
            "choose from the drop-down list; for something truly outside it write 其他：… (it then meets no condition asking for a listed one); leave it empty when not known"
        ),
        FieldType::Text => text!(
            "填文字；不清楚的留空。",
            "write text; leave it empty when not known"
        ),
    }
}

/// A cell as the JSON value of a field of type `ty`; decimals stay text, so no digit is lost.
pub(crate) fn typed(cell: &Cell, ty: &FieldType) -> Result<Value, Text> {
    if let Cell::Error(e) = cell {
        return Err(text!(
            format!("单元格为错误值 {e}"),
            format!("holds the error value {e}")
        ));
    }
    let shown = cell.text();
    let wrong = |zh: &str, en: &str| {
        Err(text!(
            format!("应为{zh}，实为“{shown}”"),
            format!("must be {en}, not \"{shown}\"")
        ))
    };
    match ty {
        FieldType::Bool => match cell {
            Cell::Bool(b) => Ok(Value::Bool(*b)),
            _ => match shown.to_lowercase().as_str() {
                "是" | "true" | "yes" => Ok(Value::Bool(true)),
                "否" | "false" | "no" => Ok(Value::Bool(false)),
                _ => wrong("“是”或“否”", "是 (yes) or 否 (no)"),
            },
        },
        FieldType::Integer => match cell {
            Cell::Number(d) if d.fract().is_zero() => i64::try_from(*d)
                .map(Value::from)
                .or_else(|_| wrong("整数", "a whole number")),
            Cell::Text(t) => number_text(t)
                .and_then(|n| n.parse::<i64>().ok())
                .map(Value::from)
                .map_or_else(|| wrong("整数", "a whole number"), Ok),
            _ => wrong("整数", "a whole number"),
        },
        FieldType::Decimal | FieldType::DecimalByYear => match cell {
            Cell::Number(_) => Ok(Value::String(shown)),
            Cell::Text(t) => number_text(t)
                .filter(|n| crate::decimal::parse(n).is_ok())
                .map(Value::String)
                .map_or_else(|| wrong("数字", "a number"), Ok),
            _ => wrong("数字", "a number"),
        },
        FieldType::Date => match cell {
            Cell::Date(d) => Ok(Value::String(d.to_string())),
            Cell::Text(t) => {
                let t = half_width(t.trim());
                Ok(Value::String(iso_date(&t).unwrap_or(t)))
            }
            _ => wrong(
                "日期（该单元格是数字：请设为日期格式，或填 2024-09-01）",
                "a date (the cell holds a number: format it as a date, or write 2024-09-01)",
            ),
        },
        FieldType::Enum(choices) => match cell {
            Cell::Bool(_) => wrong("文字", "text"),
            _ => choice(&shown, choices).map(Value::String),
        },
        FieldType::Text => match cell {
            Cell::Bool(_) => wrong("文字", "text"),
            _ => Ok(Value::String(shown)),
        },
    }
}

/// A choice cell: one of the declared values or their labels, or another value said on
/// purpose as `其他：…` (read as that value, which then meets no condition that asks for one of
/// the declared ones). Anything else is a typing mistake, refused with the nearest label.
fn choice(shown: &str, choices: &Choices) -> Result<String, Text> {
    if choices.position(shown).is_some() {
        return Ok(shown.to_owned());
    }
    if let Some(other) = layout::OTHER
        .iter()
        .find_map(|p| shown.strip_prefix(p))
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        return Ok(other.to_owned());
    }
    let labels: Vec<&str> = choices
        .values
        .iter()
        .zip(&choices.labels)
        .map(|(v, l)| l.as_deref().unwrap_or(v))
        .collect();
    let near = nearest(shown, &labels);
    let list = labels.join("、");
    Err(match near {
        Some(n) => text!(
            format!("填为“{shown}”，不是可选的取值；是否想写“{n}”？（可选：{list}）"),
            format!("holds \"{shown}\", which is not one of the choices; did you mean \"{n}\"? (the choices: {})", labels.join(", "))
        ),
        None => text!(
            format!("填为“{shown}”，不是可选的取值（可选：{list}）"),
            format!("holds \"{shown}\", which is not one of the choices ({})", labels.join(", "))
        ),
    })
}

/// The label nearest to what was typed: a small edit away, else the one sharing the most
/// characters (at least two).
pub(super) fn nearest<'a>(typed: &str, labels: &[&'a str]) -> Option<&'a str> {
    // Chinese words are short: one edit in three characters, at least one.
    let n = typed.chars().count();
    let near = crate::diag::did_you_mean(typed, labels.iter().copied())
        .filter(|l| crate::diag::edit_distance(typed, l) <= n.div_ceil(3).max(1));
    if near.is_some() {
        return near;
    }
    labels
        .iter()
        .map(|l| (l.chars().filter(|c| typed.contains(*c)).count(), *l))
        .filter(|(shared, _)| *shared >= 2 && 2 * shared >= n)
        .max_by_key(|(shared, _)| *shared)
        .map(|(_, l)| l)
}

/// Full-width digits and signs (`１２００`, `－３`, `１，２００．５`) as their ASCII forms, as an
/// input method in full-width mode types them.
fn half_width(t: &str) -> String {
    t.chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '．' | '。' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            '／' => '/',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A number typed as text, as a person types it: full-width digits, and commas between groups
/// of three digits (`1,234.50`), are read as the number they show; `None` when it is not one.
/// A comma elsewhere (`1,5`) is not guessed at.
pub(super) fn number_text(t: &str) -> Option<String> {
    let t = half_width(t.trim());
    let t = t.trim();
    if !t.contains(',') {
        return Some(t.to_owned());
    }
    let (int, frac) = t.split_once('.').map_or((t, None), |(i, f)| (i, Some(f)));
    let digits = int.trim_start_matches(['-', '+']);
    let mut groups = digits.split(',');
    let first = groups.next()?;
    let grouped = (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if !grouped || frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    let mut out = int.replace(',', "");
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// What a number or date cell was read as, when that differs from what it shows (`１２００` as
/// 1200, `1,234.50` as 1234.50): said in a notice, so nothing is changed without a word.
/// `value` is what [`typed`] made of the cell: a number is compared as read, not parsed again.
pub(super) fn read_differently(cell: &Cell, ty: &FieldType, value: &Value) -> Option<String> {
    let Cell::Text(t) = cell else { return None };
    let t = t.trim();
    let read = match (ty, value) {
        (FieldType::Integer | FieldType::Decimal | FieldType::DecimalByYear, Value::String(s)) => {
            s.clone()
        }
        (FieldType::Integer | FieldType::Decimal | FieldType::DecimalByYear, n) => n.to_string(),
        (FieldType::Date, _) => half_width(t),
        _ => return None,
    };
    (read != t).then_some(read)
}

/// `2024/9/1`, `2024.9.1`, `2024-9-1` or `2024年9月1日` as `2024-09-01`.
pub(super) fn iso_date(t: &str) -> Option<String> {
    let t = t.trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    (y >= 1000).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_the_forms_staff_write() {
        assert_eq!(iso_date("2024/9/1").as_deref(), Some("2024-09-01"));
        assert_eq!(iso_date("2024年9月1日").as_deref(), Some("2024-09-01"));
        assert_eq!(iso_date("2024.09.01").as_deref(), Some("2024-09-01"));
        assert_eq!(iso_date("9/1/2024"), None);
    }

    #[test]
    fn an_empty_cell_is_missing_and_numbers_keep_their_digits() {
        let n = |s: &str| Cell::Number(s.parse().unwrap());
        assert_eq!(
            typed(&n("1037.50"), &FieldType::Decimal),
            Ok(Value::String("1037.5".into()))
        );
        assert_eq!(
            typed(&n("0.1"), &FieldType::Decimal),
            Ok(Value::String("0.1".into()))
        );
        assert_eq!(
            typed(&n("2024"), &FieldType::Integer),
            Ok(Value::from(2024))
        );
        assert_eq!(
            typed(&Cell::Text("是".into()), &FieldType::Bool),
            Ok(Value::Bool(true))
        );
        assert!(typed(&Cell::Text("也许".into()), &FieldType::Bool).is_err());
        assert!(typed(&n("45000"), &FieldType::Date).is_err());
    }

    #[test]
    fn numbers_are_read_as_people_type_them_and_nothing_else_is_guessed() {
        let t = |s: &str| Cell::Text(s.into());
        for (typed_in, want) in [
            ("1,234.50", "1234.50"),
            ("１２００", "1200"),
            ("－３．５", "-3.5"),
            ("12,345,678", "12345678"),
            ("１，２００", "1200"),
        ] {
            assert_eq!(
                typed(&t(typed_in), &FieldType::Decimal),
                Ok(Value::String(want.into())),
                "{typed_in}"
            );
            let v = Value::String(want.into());
            assert_eq!(
                read_differently(&t(typed_in), &FieldType::Decimal, &v).as_deref(),
                Some(want)
            );
        }
        for bad in ["1,5", "1,23,456", "abc", "12a", "1,234,5"] {
            assert!(typed(&t(bad), &FieldType::Decimal).is_err(), "{bad}");
        }
        assert_eq!(typed(&t("２"), &FieldType::Integer), Ok(Value::from(2)));
        let v = typed(&t("812.5"), &FieldType::Decimal).unwrap();
        assert_eq!(read_differently(&t("812.5"), &FieldType::Decimal, &v), None);
        assert_eq!(
            typed(&t("２０２４年９月１日"), &FieldType::Date),
            Ok(Value::String("2024-09-01".into()))
        );
    }
}
