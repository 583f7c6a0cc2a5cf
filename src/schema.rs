//! The project's JSON Schemas (`schemas/*.schema.json`), embedded at build time and compiled
//! once. Validation is offline: remote and file references are off in the jsonschema build.

use std::sync::OnceLock;

use serde_json::Value;

pub const POLICY: &str = include_str!("../schemas/policy.schema.json");
pub const COHORT: &str = include_str!("../schemas/cohort.schema.json");
pub const RESULT: &str = include_str!("../schemas/result.schema.json");
pub const AMENDMENT: &str = include_str!("../schemas/amendment.schema.json");
pub const DIFF: &str = include_str!("../schemas/diff.schema.json");

/// Which schema.
#[derive(Clone, Copy, Debug)]
pub enum Schema {
    /// A policy file (`qaward.policy.v1`).
    Policy,
    /// An amendment (`qaward.amendment.v1`).
    Amendment,
    /// A cohort (contract section 1).
    Cohort,
    /// A result (`qaward.result.v1`).
    Result,
    /// A diff (`qaward.diff.v1`).
    Diff,
}

/// One violation: where in the instance (JSON pointer) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Where, as a JSON pointer.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// The same in Chinese, for the kinds of violation a person makes (a value outside a list,
    /// a wrong type, a missing or unexpected key, a number or text out of bounds); otherwise
    /// the English message.
    pub zh: String,
}

/// Where `which` is kept once compiled, and its text.
fn cell(which: Schema) -> (&'static Compiled, &'static str) {
    static POLICY_V: Compiled = OnceLock::new();
    static COHORT_V: Compiled = OnceLock::new();
    static RESULT_V: Compiled = OnceLock::new();
    static AMENDMENT_V: Compiled = OnceLock::new();
    static DIFF_V: Compiled = OnceLock::new();
    match which {
        Schema::Policy => (&POLICY_V, POLICY),
        Schema::Cohort => (&COHORT_V, COHORT),
        Schema::Result => (&RESULT_V, RESULT),
        Schema::Amendment => (&AMENDMENT_V, AMENDMENT),
        Schema::Diff => (&DIFF_V, DIFF),
    }
}

type Compiled = OnceLock<Result<jsonschema::Validator, String>>;

fn compiled(which: Schema) -> &'static Result<jsonschema::Validator, String> {
    let (cell, text) = cell(which);
    cell.get_or_init(|| {
        let schema: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| e.to_string())
    })
}

/// Every violation of `which` by `instance`, in schema order.
pub fn validate(which: Schema, instance: &Value) -> Vec<Violation> {
    match compiled(which) {
        Ok(v) => v
            .iter_errors(instance)
            .map(|e| Violation {
                pointer: e.instance_path().as_str().to_owned(),
                zh: in_chinese(&e).unwrap_or_else(|| e.to_string()),
                message: e.to_string(),
            })
            .collect(),
        Err(e) => vec![Violation {
            pointer: String::new(),
            message: format!("the embedded {which:?} schema does not compile: {e}"),
            zh: format!("内置的 {which:?} 格式定义无法编译：{e}"),
        }],
    }
}

/// A value as a Chinese sentence quotes it: text in “”, anything else as JSON.
fn quoted(v: &Value) -> String {
    match v {
        Value::String(s) => format!("“{s}”"),
        other => other.to_string(),
    }
}

/// `e` said in Chinese, for the kinds of violation people make.
fn in_chinese(e: &jsonschema::ValidationError<'_>) -> Option<String> {
    use jsonschema::error::ValidationErrorKind as K;
    let value = quoted(e.instance());
    Some(match e.kind() {
        K::Enum { options } => {
            let list: Vec<String> = options
                .as_array()
                .into_iter()
                .flatten()
                .map(quoted)
                .collect();
            format!("{value} 不是可用的值（可用：{}）", list.join("、"))
        }
        K::Type { kind } => {
            let word = |t: &str| match t {
                "string" => "文字",
                "integer" => "整数",
                "number" => "数字",
                "boolean" => "true 或 false",
                "array" => "列表",
                "object" => "表",
                "null" => "空值",
                _ => "其他类型",
            };
            let wanted = format!("{kind:?}").to_lowercase();
            let names: Vec<&str> = [
                "string", "integer", "number", "boolean", "array", "object", "null",
            ]
            .into_iter()
            .filter(|t| wanted.contains(t))
            .map(word)
            .collect();
            if names.is_empty() {
                return None;
            }
            format!("{value} 的类型不对，应为{}", names.join("或"))
        }
        K::Required { property } => format!("缺少必填的键 {}", quoted(property)),
        K::AdditionalProperties { unexpected } => {
            format!(
                "不认识的键 {}",
                unexpected
                    .iter()
                    .map(|k| format!("“{k}”"))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        }
        K::Minimum { limit } => format!("{value} 小于下限 {limit}"),
        K::Maximum { limit } => format!("{value} 大于上限 {limit}"),
        K::ExclusiveMinimum { limit } => format!("{value} 须大于 {limit}"),
        K::ExclusiveMaximum { limit } => format!("{value} 须小于 {limit}"),
        K::MinLength { limit } => format!("{value} 太短（至少 {limit} 个字符）"),
        K::MaxLength { limit } => format!("{value} 太长（至多 {limit} 个字符）"),
        K::MinItems { limit } => format!("列表至少要有 {limit} 项"),
        K::MaxItems { limit } => format!("列表至多 {limit} 项"),
        K::Pattern { pattern } => format!("{value} 不符合要求的写法（{pattern}）"),
        K::Format { format } => format!("{value} 不是有效的 {format}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_compile() {
        for s in [
            Schema::Policy,
            Schema::Amendment,
            Schema::Cohort,
            Schema::Result,
        ] {
            assert!(
                compiled(s).is_ok(),
                "{s:?}: {:?}",
                compiled(s).as_ref().err()
            );
        }
    }

    #[test]
    fn shipped_policies_fit_the_policy_schema() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        for id in ["wuxi-2017", "wuxi-2024"] {
            let file = root.join(id).join("policy.toml");
            let text = std::fs::read_to_string(&file).unwrap();
            let (value, _) = crate::toml_json::parse(&text).unwrap();
            let violations = validate(Schema::Policy, &value);
            assert!(violations.is_empty(), "{}: {violations:?}", file.display());
            assert!(
                text.starts_with("#:schema ../../schemas/policy.schema.json"),
                "{}: points editors at the schema",
                file.display()
            );
        }
    }
}
