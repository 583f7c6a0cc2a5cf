//! What the targets share: the shipped policy, calendar and sample cohort, built in.

#![allow(dead_code)]

use std::sync::OnceLock;

pub const BASE: &str = include_str!("../../policies/wuxi-2024/policy.toml");
pub const CALENDAR: &str = include_str!("../../policies/calendars/china.toml");
pub const SAMPLE: &[u8] = include_bytes!("../../examples/cohort-2024.json");

/// The first three applicants of the sample: enough to reach every stage, cheap to evaluate.
pub const SMALL: &str = r#"{"cycle": {"year": 2024, "application_deadline": "2024-09-01", "publicity_start": "2024-12-02"},
 "applicants": [
  {"id": "a", "org_form": "legal_person", "registered_in_wuxi": true, "operating_normally": true,
   "established_on": "2010-01-01", "for_profit": true,
   "performance": {"scale_rank": 1, "profit_tax_rank": 2, "asset_contribution_rank": 3,
                   "annual_profit": {"2021": "1", "2022": "0", "2023": "5"}},
   "leading_level": "domestic",
   "attestations": {"supports_central_policies": true, "quality_first_strategy": true,
                    "quality_management_system": true, "good_reputation": true},
   "exporter": false, "records": [], "history": [],
   "recommendation": {"by": "district_government", "name": "区政府", "signed": true},
   "scores": {"material": "700", "site": "650", "presentation": "600"}},
  {"id": "b", "org_form": "branch", "for_profit": false,
   "performance": {"social_contribution_leading": true},
   "scores": {"material": "900", "site": "900"}}
 ]}"#;

/// The shipped policy, loaded once.
pub fn policy() -> &'static qaward::Policy {
    static POLICY: OnceLock<qaward::Policy> = OnceLock::new();
    POLICY.get_or_init(|| store_with(&[]).load("wuxi-2024").expect("the shipped policy loads"))
}

/// A store of the shipped policy and calendar, plus `extra` files (id, name, text).
pub fn store_with(extra: &[(&str, &str, &str)]) -> qaward::Store {
    let mut files = vec![
        ("wuxi-2024", "policy.toml", BASE),
        ("calendars", "china.toml", CALENDAR),
    ];
    files.extend_from_slice(extra);
    qaward::Store::in_memory(files)
}

/// Evaluates `cohort` under `policy` and writes the result in both languages.
pub fn evaluate(policy: &qaward::Policy, cohort: &qaward::Cohort) {
    let outcome = qaward::evaluate(policy, cohort, &qaward::Options::default());
    for lang in [qaward::Lang::Zh, qaward::Lang::En] {
        let json = qaward::result_json(&outcome, lang);
        assert!(json.starts_with('{'), "the result is a JSON object");
    }
}
