//! `--set PATH=VALUE` and `--vary PATH=FROM..TO:STEP` values: parsing never panics; a --set
//! that parses is applied (the policy loads or is refused); a small --vary grid is swept.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(arg) = std::str::from_utf8(data) else {
        return;
    };
    let store = common::store_with(&[]);
    if let Ok(set) = qaward::Override::parse(arg) {
        let _ = store.load_variant("wuxi-2024", &[set]);
    }
    if let Ok(vary) = qaward::Vary::parse(arg) {
        if vary.values.len() <= 50 {
            let policy = common::policy();
            if let Ok(cohort) = qaward::Cohort::from_json(common::SMALL.as_bytes(), policy) {
                let options = qaward::Options::default();
                let _ = qaward::sweep(&store, policy, &cohort, &[vary], &options, &|_, _| {});
            }
        }
    }
});
