//! A Rhai script as a clause of the shipped policy: compiling and running it in the sandbox
//! never panics, hangs or exhausts memory (libFuzzer's -timeout and -rss_limit_mb hold it).

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

const CONDITION: &str = r#"
[[conditions]]
id = "rank.script"
cite = "Art. 10(3)"
title = { zh = "排名位居前列（脚本）", en = "Among the leaders (script)" }

  [[conditions.clauses]]
  id = "either"
  kind = "script"
  script = "s.rhai"
  inputs = { scale = "performance.scale_rank", profit = "performance.profit_tax_rank", years = "performance.annual_profit", founded = "established_on" }
"#;

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
