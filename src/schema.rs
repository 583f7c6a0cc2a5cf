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
    Policy,
    Amendment,
    Cohort,
    Result,
    Diff,
}

/// One violation: where in the instance (JSON pointer) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub pointer: String,
    pub message: String,
}

fn compiled(which: Schema) -> &'static Result<jsonschema::Validator, String> {
    static POLICY_V: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    static COHORT_V: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    static RESULT_V: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    static AMENDMENT_V: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    static DIFF_V: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    let (cell, text) = match which {
        Schema::Policy => (&POLICY_V, POLICY),
        Schema::Cohort => (&COHORT_V, COHORT),
        Schema::Result => (&RESULT_V, RESULT),
        Schema::Amendment => (&AMENDMENT_V, AMENDMENT),
        Schema::Diff => (&DIFF_V, DIFF),
    };
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
}
