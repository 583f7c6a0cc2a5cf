//! A JSON cohort that reads is evaluated and written in both languages: never a panic.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let policy = common::policy();
    if let Ok(cohort) = qaward::Cohort::from_json(data, policy) {
        common::evaluate(policy, &cohort);
    }
});
