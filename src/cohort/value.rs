//! A declared field's value read from the cohort as its declared type: exact decimals from a
//! number's text, dates, enum values or their labels (a value outside them is a warning, read
//! as text that fails any test), year maps; bounds checked.

use rust_decimal::Decimal;

use super::plan::{Findings, Trail};
use super::tree::Node;
use super::Value;
use crate::date::Date;
use crate::diag::text;
use crate::diag::Text;
use crate::policy::fields::{FieldDecl, FieldType};

/// An optional text key of the applicant.
pub(super) fn text_of(
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    key: &str,
    v: &Node<'_>,
) -> Option<String> {
    match v {
        Node::Null => None,
        Node::Str(s) => Some(s.to_string()),
        v => {
            let v = v.to_string();
            f.bad(
                at,
                who,
                format!("`{key}` 须是文字，实为 {v}"),
                format!("`{key}` must be a string, not {v}"),
            );
            None
        }
    }
}

/// A value read as its declared type; `None` for null, or after a problem (reported).
pub(super) fn typed(
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    decl: &FieldDecl,
    v: &Node<'_>,
) -> Option<Value> {
    if v.is_null() {
        return None;
    }
    let path = &decl.path;
    // In Chinese the field is called by its title, as the template's header says it.
    let title = &decl.title.zh;
    let wrong = |f: &mut Findings<'_>, want: (&str, &str)| {
        f.bad(
            at,
            who,
            format!("“{title}”应为{}，实为 {v}", want.0),
            format!("`{path}` must be {}, not {v}", want.1),
        );
        None
    };
    let value = match &decl.ty {
        FieldType::Bool => match v {
            Node::Bool(b) => Value::Bool(*b),
            _ => return wrong(f, ("布尔值（true 或 false）", "true or false")),
        },
        FieldType::Integer => match v.as_i64() {
            Some(n) => Value::Int(n),
            None => return wrong(f, ("整数", "a whole number")),
        },
        FieldType::Decimal => match decimal(v) {
            Some(d) => Value::Decimal(d),
            None => {
                return wrong(
                    f,
                    (
                        "数字（如 812.5 或 \"812.5\"）",
                        "a number (such as 812.5 or \"812.5\")",
                    ),
                )
            }
        },
        FieldType::Date => match v.as_str().map(Date::parse) {
            Some(Ok(d)) => Value::Date(d),
            Some(Err(e)) => {
                f.bad(
                    at,
                    who,
                    format!("“{title}”不是有效日期：{}", e.zh()),
                    format!("`{path}` is not a valid date: {e}"),
                );
                return None;
            }
            None => return wrong(f, ("日期 YYYY-MM-DD", "a date YYYY-MM-DD")),
        },
        FieldType::Text => match v {
            Node::Str(s) => Value::Text(s.as_ref().into()),
            _ => return wrong(f, ("文字", "a string")),
        },
        FieldType::Enum(choices) => match v {
            Node::Str(s) => match choices.position(s) {
                Some(i) => Value::Choice(i),
                None => {
                    let allowed = |open: &str, close: &str| -> Vec<String> {
                        choices
                            .values
                            .iter()
                            .zip(&choices.labels)
                            .map(|(v, l)| match l {
                                Some(l) => format!("{v}{open}{l}{close}"),
                                None => v.clone(),
                            })
                            .collect()
                    };
                    f.warnings.push(super::Notice { applicants: vec![who.to_owned()], text: text!(
                        format!("{} {who} 的“{}”填为“{s}”，不是规定的取值（可填：{}），按不符合处理", f.noun, decl.title.zh, choices.labels.iter().zip(&choices.values).map(|(l, v)| l.as_deref().unwrap_or(v)).collect::<Vec<_>>().join("、")),
                        format!("applicant `{who}`: `{path}` = \"{s}\" is not one of the values allowed ({}); it fails any test on it", allowed(" (", ")").join(", "))
                    )});
                    Value::Text(s.as_ref().into())
                }
            },
            _ => return wrong(f, ("文字", "a string")),
        },
        FieldType::DecimalByYear => match years(v) {
            Ok(y) => Value::Years(y.into_boxed_slice()),
            Err(e) => {
                f.bad(
                    at,
                    who,
                    format!("“{title}”{}", e.zh),
                    format!("`{path}` {}", e.en),
                );
                return None;
            }
        },
    };
    within_bounds(f, at, who, decl, value)
}

/// `value` if it lies within the field's declared bounds; `None` after a problem (reported).
pub(super) fn within_bounds(
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    decl: &FieldDecl,
    value: Value,
) -> Option<Value> {
    let (path, title) = (&decl.path, &decl.title.zh);
    let number = match &value {
        Value::Int(n) => Some(Decimal::from(*n)),
        Value::Decimal(d) => Some(*d),
        _ => None,
    };
    if let Some(n) = number {
        if let Some(min) = decl.min.filter(|m| n < *m) {
            f.bad(
                at,
                who,
                format!("“{title}”为 {n}，小于下限 {min}"),
                format!("`{path}` = {n} is below its least value {min}"),
            );
            return None;
        }
        if let Some(max) = decl.max.filter(|m| n > *m) {
            f.bad(
                at,
                who,
                format!("“{title}”为 {n}，大于上限 {max}"),
                format!("`{path}` = {n} is above its greatest value {max}"),
            );
            return None;
        }
    }
    Some(value)
}

/// An exact decimal from a JSON number or string.
pub(super) fn decimal(v: &Node<'_>) -> Option<Decimal> {
    match v {
        Node::Number(n) | Node::Str(n) => crate::decimal::parse(n).ok(),
        _ => None,
    }
}

/// `"YYYY"` → decimal, sorted by year.
pub(super) fn years(v: &Node<'_>) -> Result<Vec<(i32, Decimal)>, Text> {
    let Node::Object(map) = v else {
        return Err(text!(
            "应为 \"年份\": 数字 的对象",
            "must be an object of \"YYYY\": number"
        ));
    };
    let mut out = Vec::with_capacity(map.len());
    for (key, amount) in map {
        let year = (key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit()))
            .then(|| key.parse::<i32>().ok())
            .flatten()
            .ok_or_else(|| {
                text!(
                    format!("中 `{key}` 不是年份 YYYY"),
                    format!("has `{key}`, which is not a year YYYY")
                )
            })?;
        let amount = decimal(amount).ok_or_else(|| {
            text!(
                format!("中 {key} 年的值不是数字：{amount}"),
                format!("has a value for {key} that is not a number: {amount}")
            )
        })?;
        if out.iter().any(|(y, _)| *y == year) {
            return Err(text!(
                format!("中 {key} 年出现两次"),
                format!("has the year {key} twice")
            ));
        }
        out.push((year, amount));
    }
    out.sort_by_key(|(y, _)| *y);
    Ok(out)
}
