//! The typed cohort reader and `schemas/cohort.schema.json` accept the same documents: every
//! shipped cohort passes both; every bad cohort fails both.

fn policy() -> qaward::Policy {
    let store = qaward::Store::from_dir(
        &crate::common::workdir().join("policies"),
        qaward::Origin::Flag("policies".into()),
    )
    .unwrap();
    store.load("wuxi-2024").unwrap()
}

fn read(path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn shipped_cohorts_pass_the_schema_and_the_reader() {
    for path in [
        "examples/cohort-2024.json",
        "../shared/contract/example-cohort.json",
    ] {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let violations = qaward::validate_document(qaward::Schema::Cohort, &v);
        assert!(violations.is_empty(), "{path}: {violations:?}");
        assert!(
            qaward::Cohort::from_json(text.as_bytes(), &policy()).is_ok(),
            "{path}"
        );
    }
}

#[test]
fn bad_cohorts_fail_the_schema_and_the_reader() {
    let good = read("examples/cohort-2024.json");
    let mutations: &[(&str, serde_json::Value)] = &[
        ("/applicants/0/for_profit", serde_json::json!("yes")),
        (
            "/applicants/0/established_on",
            serde_json::json!("2023-02-30"),
        ),
        ("/applicants/0/scores/site", serde_json::json!(-1)),
        ("/applicants/0/performance/scale_rank", serde_json::json!(0)),
        (
            "/applicants/0/records",
            serde_json::json!([{ "kind": "accident", "date": "2023-01-01" }]),
        ),
        (
            "/applicants/0/records",
            serde_json::json!([{ "kind": "fire", "date": "2023-01-01" }]),
        ),
        (
            "/applicants/0/history",
            serde_json::json!([{ "year": 2020, "tier": "gold" }]),
        ),
        ("/applicants/0/id", serde_json::json!("")),
        ("/cycle/year", serde_json::json!("2024")),
    ];
    for (pointer, bad) in mutations {
        let mut doc = good.clone();
        *doc.pointer_mut(pointer).unwrap() = bad.clone();
        let schema_says = qaward::validate_document(qaward::Schema::Cohort, &doc);
        let reader_says = qaward::Cohort::from_json(&serde_json::to_vec(&doc).unwrap(), &policy());
        assert!(!schema_says.is_empty(), "schema accepts {pointer} = {bad}");
        assert!(reader_says.is_err(), "reader accepts {pointer} = {bad}");
    }
}
