//! A policy file (or an amendment of wuxi-2024): loading never panics; a policy that loads
//! evaluates a small cohort.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The id the file gives itself names its directory, so the id check passes.
    let id = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("id = \""))
        .and_then(|rest| rest.split('"').next())
        .filter(|id| !id.is_empty() && *id != "calendars")
        .unwrap_or("p");
    let store = common::store_with(&[(id, "policy.toml", text)]);
    if let Ok(policy) = store.load(id) {
        if let Ok(cohort) = qaward::Cohort::from_json(common::SMALL.as_bytes(), &policy) {
            common::evaluate(&policy, &cohort);
        }
    }
});
