//! A Rhai script as a clause of the shipped policy: compiling and running it in the sandbox
//! never panics, hangs or exhausts memory (libFuzzer's -timeout and -rss_limit_mb hold it).

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

/// The script clause the tests use, over the scale and profit-and-tax ranks.
const CONDITION: &str = include_str!("../../tests/common/script-condition.toml");

fn policy_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let base = common::BASE;
        let at = base
            .find("\n[[conditions]]\nid = \"art11.1\"")
            .expect("Art. 11(1) is in the shipped policy");
        format!("{}{CONDITION}{}", &base[..at], &base[at..])
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(script) = std::str::from_utf8(data) else {
        return;
    };
    let store = common::store_with(&[
        ("wuxi-2024", "policy.toml", policy_text()),
        ("wuxi-2024", "s.rhai", script),
    ]);
    if let Ok(policy) = store.load("wuxi-2024") {
        if let Ok(cohort) = qaward::Cohort::from_json(common::SMALL.as_bytes(), &policy) {
            common::evaluate(&policy, &cohort);
        }
    }
});
