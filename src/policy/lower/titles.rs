//! Titles that follow the parameters: `{min_operating_years}` in a condition's or a clause's
//! title stands for that parameter's value, so an amendment that changes the number changes
//! the title too. A literal number in a title equal to a parameter the rule reads is flagged,
//! since it would go stale when the parameter changes.

use super::text_of;
use crate::decimal::show;
use crate::diag::text;
use crate::diag::{suggestion, Text};
use crate::policy::doc::TextDoc;
use crate::policy::load::report::Cx;
use crate::policy::{Param, ParamValue};

/// The title with every `{param}` replaced by that parameter's value.
pub(super) fn title(cx: &mut Cx, pointer: &str, t: &TextDoc, params: &[Param]) -> Text {
    if !t.zh.contains('{') && !t.en.contains('{') {
        return text_of(t);
    }
    Text::new(
        fill(cx, pointer, &t.zh, params),
        fill(cx, pointer, &t.en, params),
    )
}

/// A parameter's value as a title says it: a number or a text without quotes, a list joined.
fn said(v: &ParamValue) -> String {
    match v {
        ParamValue::Bool(b) => b.to_string(),
        ParamValue::Int(i) => i.to_string(),
        ParamValue::Decimal(d) => show(*d),
        ParamValue::Date(d) => d.to_string(),
        ParamValue::Text(s) => s.clone(),
        ParamValue::List(items) => items.iter().map(said).collect::<Vec<_>>().join("、"),
    }
}

fn fill(cx: &mut Cx, pointer: &str, text: &str, params: &[Param]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if name_len == 0 || !after[name_len..].starts_with('}') {
            out.push('{');
            rest = after;
            continue;
        }
        let name = &after[..name_len];
        match params.iter().find(|p| p.name == name) {
            Some(p) => out.push_str(&said(&p.value)),
            None => {
                let help =
                    suggestion(name, params.iter().map(|p| p.name.as_str())).unwrap_or_else(|| {
                        text!(
                            "标题中的 {名称} 须是 [params] 中的参数。",
                            "a {name} in a title must be one of the [params]"
                        )
                    });
                cx.error_at(
                    "policy::unknown-param",
                    &format!("{pointer}/title"),
                    text!(
                        format!("标题引用了未定义的参数 {{{name}}}"),
                        format!("the title names {{{name}}}, which is not a parameter")
                    ),
                    help,
                );
                out.push_str(&rest[open..open + name_len + 2]);
            }
        }
        rest = &after[name_len + 1..];
    }
    out.push_str(rest);
    out
}

/// Warns about a whole number written in a title that equals the value of a parameter the
/// rule reads (`read`): write `{name}` so the title follows the parameter.
pub(super) fn literal_numbers(cx: &mut Cx, pointer: &str, t: &TextDoc, read: &[&Param]) {
    let numbers = |s: &str| -> Vec<i64> {
        // Placeholders are not literals.
        let mut plain = String::new();
        let mut depth = 0;
        for c in s.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth > 0 => depth -= 1,
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        plain
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|d| d.parse().ok())
            .collect()
    };
    let mut found: Vec<(i64, &str)> = Vec::new();
    for n in numbers(&t.zh).into_iter().chain(numbers(&t.en)) {
        for p in read {
            if p.value == ParamValue::Int(n) && !found.iter().any(|(m, q)| *m == n && *q == p.name)
            {
                found.push((n, &p.name));
            }
        }
    }
    for (n, name) in found {
        cx.warn_at(
            "lint::number-in-title",
            &format!("{pointer}/title"),
            text!(
                format!("标题中写了数字 {n}，与参数 {name} 的值相同；参数改变后标题会过时"),
                format!("the title says {n}, the value of the parameter {name}; it goes stale when the parameter changes")
            ),
            text!(
                format!("在标题中写 {{{name}}}，标题便随参数取值。"),
                format!("write {{{name}}} in the title so that it follows the parameter")
            ),
        );
    }
}
