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

/// Issue 25: the policy format's JSON Schema is consulted only when the typed reading or the
/// lowering finds a problem (compiling it is most of a small command's time). So whatever the
/// schema refuses, loading must refuse too: each mutation below breaks one of the schema's
/// rules, and is refused by both, the load saying the schema's words.
#[test]
fn loading_refuses_what_the_policy_schema_refuses() {
    let text = std::fs::read_to_string(
        crate::common::workdir()
            .join("examples/china-quality-award/policies/china-quality-award/policy.toml"),
    )
    .unwrap();
    let mutations: &[(&str, &str, &str)] = &[
        ("empty categories", "categories = [\"organisation\"]\n\n[fields.supports", "categories = []\n\n[fields.supports"),
        ("the id's spelling", "id = \"china-quality-award\"", "id = \"China\""),
        ("an unknown operator", "op = \"in\"", "op = \"within\""),
        ("an unknown clause kind", "kind = \"no_record\"", "kind = \"no_records\""),
        ("an unknown field type", "type = \"bool\"", "type = \"boolean\""),
        ("article 0", "format = \"qaward.policy.v1\"", "format = \"qaward.policy.v1\"\narticles = [{ number = 0, title = { zh = \"x\", en = \"x\" } }]"),
        ("a look-back without its kind", "  record_kind = \"accident\"\n", ""),
        ("a negative cap", "max = 10\n", "max = -1\n"),
        ("an empty any_of", "    [[conditions.clauses.any_of]]\n    id = \"quality_level\"", "    [[conditions.clauses.any_of_]]\n    id = \"quality_level\""),
        ("no stages", "[[stages]]\nid = \"review\"", "[[stage]]\nid = \"review\""),
    ];
    for (what, from, to) in mutations {
        assert!(text.contains(from), "{what}: {from}");
        let changed = text.replacen(from, to, 1);
        let doc = qaward::toml_document(&changed).expect(what);
        let violations = qaward::validate_document(qaward::Schema::Policy, &doc);
        assert!(!violations.is_empty(), "{what}: the schema accepts it");
        let store =
            qaward::Store::in_memory([("china-quality-award", "policy.toml", changed.as_str())]);
        let refused = store.load("china-quality-award").expect_err(what);
        assert!(
            refused.problems.iter().any(|d| d.code == "policy::schema"),
            "{what}: {:?}",
            refused.problems
        );
    }
}
