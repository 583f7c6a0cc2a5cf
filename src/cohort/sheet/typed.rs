//! One cell read as the type its column declares: yes/no in the words staff write, numbers
//! keeping their digits, dates in the forms Excel and people use; and the messages that say
//! what a cell should hold.

use serde_json::Value;

use super::grid::Cell;
use super::layout;
use crate::diag::Text;
use crate::policy::fields::FieldType;
use crate::text;

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
        FieldType::Text | FieldType::Enum(_) => text!(
            "填文字；不清楚的留空。",
            "write text; leave it empty when not known"
        ),
    }
}

/// A cell as the JSON value of a field of type `ty`; decimals stay text, so no digit is lost.
pub(super) fn typed(cell: &Cell, ty: &FieldType) -> Result<Value, Text> {
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
            Cell::Text(t) => t
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| wrong("整数", "a whole number")),
            _ => wrong("整数", "a whole number"),
        },
        FieldType::Decimal | FieldType::DecimalByYear => match cell {
            Cell::Number(_) | Cell::Text(_) => Ok(Value::String(shown)),
            _ => wrong("数字", "a number"),
        },
        FieldType::Date => match cell {
            Cell::Date(d) => Ok(Value::String(d.to_string())),
            Cell::Text(t) => Ok(Value::String(
                iso_date(t.trim()).unwrap_or_else(|| t.trim().to_owned()),
            )),
            _ => wrong(
                "日期（该单元格是数字：请设为日期格式，或填 2024-09-01）",
                "a date (the cell holds a number: format it as a date, or write 2024-09-01)",
            ),
        },
        FieldType::Text | FieldType::Enum(_) => match cell {
            Cell::Bool(_) => wrong("文字", "text"),
            _ => Ok(Value::String(shown)),
        },
    }
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
}
