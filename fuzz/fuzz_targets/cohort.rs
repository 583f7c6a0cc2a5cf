//! A cohort, as JSON and as TOML, read against the shipped policy: never a panic.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let policy = common::policy();
    let _ = qaward::Cohort::from_json(data, policy);
    if let Ok(file) = qaward::CohortFile::from_toml(data) {
        let _ = file.bind(policy);
    }
});
