//! Lowering the parameters: every number and list the regulation decides, with its citation
//! and provenance.

use serde_json::Value;

use super::{provenance, text_of};
use crate::diag::text;
use crate::policy::doc::{ParamDoc, PolicyDoc};
use crate::policy::load::report::Cx;
use crate::policy::{Article, Param, ParamValue};

/// The parameters, in the order written.
pub(super) fn lower_params(cx: &mut Cx, doc: &PolicyDoc, articles: &[Article]) -> Vec<Param> {
    let mut params = Vec::new();
    for (name, raw) in &doc.params {
        let p = format!("/params/{}", crate::pointer::escape(name));
        let pd: ParamDoc = match serde_json::from_value(raw.clone()) {
            Ok(pd) => pd,
            Err(e) => {
                cx.error_at(
                    "policy::schema",
                    &p,
                    text!(
                        format!("参数 `{name}` 格式不对：{e}"),
                        format!("parameter `{name}` is malformed: {e}")
                    ),
                    text!(
                    "参数写作 [params.NAME]，含 value、cite、title、verified、source、note。",
                    "a parameter is [params.NAME] with value, cite, title, verified, source, note"
                ),
                );
                continue;
            }
        };
        let value = match param_value(&pd.value) {
            Ok(v) => v,
            Err(e) => {
                cx.error_at(
                    "policy::bad-value",
                    &format!("{p}/value"),
                    text!(
                        format!("参数 `{name}` 的值不可用：{e}"),
                        format!("parameter `{name}` has an unusable value: {e}")
                    ),
                    text!(
                        "值可以是布尔、整数、小数、字符串、日期，或它们的列表。",
                        "a value is a boolean, integer, decimal, string, date, or a list of them"
                    ),
                );
                continue;
            }
        };
        let cite = cx.cite(&format!("{p}/cite"), pd.cite.as_deref(), articles);
        params.push(Param {
            name: name.clone(),
            value,
            cite,
            title: pd.title.as_ref().map(text_of),
            provenance: provenance(pd.verified, &pd.source, &pd.note, &pd.reading),
        });
    }
    params
}

/// A JSON value from the policy as a parameter value (strings that are dates become dates).
pub(super) fn param_value(v: &Value) -> Result<ParamValue, String> {
    Ok(match v {
        Value::Bool(b) => ParamValue::Bool(*b),
        Value::Number(n) => {
            let text = n.to_string();
            match text.parse::<i64>() {
                Ok(i) => ParamValue::Int(i),
                Err(_) => ParamValue::Decimal(crate::decimal::parse(&text)?),
            }
        }
        Value::String(s) => match crate::date::Date::parse(s) {
            Ok(d) => ParamValue::Date(d),
            Err(_) => ParamValue::Text(s.clone()),
        },
        Value::Array(items) => {
            let values = items
                .iter()
                .map(param_value)
                .collect::<Result<Vec<_>, _>>()?;
            if values.iter().any(|v| matches!(v, ParamValue::List(_))) {
                return Err("a list may hold only single values, not lists".into());
            }
            ParamValue::List(values)
        }
        Value::Null | Value::Object(_) => {
            return Err("a value must be a boolean, number, string, date or a list of them".into())
        }
    })
}
