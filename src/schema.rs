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
                message: e.to_string(),
            })
            .collect(),
        Err(e) => vec![Violation {
            pointer: String::new(),
            message: format!("the embedded {which:?} schema does not compile: {e}"),
        }],
    }
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
