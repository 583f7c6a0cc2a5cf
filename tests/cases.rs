//! Case files: `tests/cases/*.json`, each a cohort (applicants built from a shared `base` with
//! per-applicant overrides) and the expected outcome, partially: only what a case names is
//! checked. Conditions are given as `{ "art10.2": "fail" }`.

use std::path::Path;

use serde_json::{Map, Value};

fn merge(base: &Value, over: &Value) -> Value {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            let mut out = b.clone();
            for (k, v) in o {
                if v.is_null() {
                    out.remove(k);
                } else {
                    let merged = out.get(k).map_or_else(|| v.clone(), |old| merge(old, v));
                    out.insert(k.clone(), merged);
                }
            }
            Value::Object(out)
        }
        (_, o) => o.clone(),
    }
}

/// Checks that every part of `expected` appears in `actual`; returns the mismatches.
fn subset(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                match a.get(k) {
                    Some(av) => subset(v, av, &format!("{path}/{k}"), out),
                    None => out.push(format!("{path}/{k}: missing in the result")),
                }
            }
        }
        (e, a) if e != a => out.push(format!("{path}: expected {e}, got {a}")),
        _ => {}
    }
}

fn run_case(path: &Path) -> Vec<String> {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let base = case
        .get("base")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let applicants: Vec<Value> = case["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| merge(&base, a))
        .collect();
    let cohort_json = serde_json::json!({ "cycle": case["cycle"], "applicants": applicants });
    let bytes = serde_json::to_vec(&cohort_json).unwrap();
    let store = qaward::Store::from_dir(
        &crate::common::workdir().join("policies"),
        qaward::Origin::Flag("policies".into()),
    )
    .unwrap();
    let policy = store
        .load(
            case.get("policy")
                .and_then(Value::as_str)
                .unwrap_or("wuxi-2024"),
        )
        .unwrap();
    let cohort = match qaward::Cohort::from_json(&bytes, &policy) {
        Ok(c) => c,
        Err(problems) => return vec![format!("cohort rejected: {problems:?}")],
    };
    let options = qaward::Options::default();
    let outcome = qaward::evaluate(&policy, &cohort, &options);
    let result: Value =
        serde_json::from_str(&qaward::result_json(&outcome, qaward::Lang::En)).unwrap();
    let mut problems = Vec::new();
    let expect = &case["expect"];
    for (id, want) in expect
        .get("applicants")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(got) = result["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == *id)
        else {
            problems.push(format!("{id}: not in the result"));
            continue;
        };
        let mut want = want.clone();
        if let Some(conds) = want.as_object_mut().and_then(|w| w.remove("conditions")) {
            for (cid, wanted) in conds.as_object().unwrap() {
                let found = got["conditions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["id"] == *cid);
                let Some(cond) = found else {
                    problems.push(format!("{id} {cid}: not in the result"));
                    continue;
                };
                let (status, reason_part) = match wanted {
                    Value::Object(o) => (
                        o.get("status"),
                        o.get("reason_contains").and_then(Value::as_str),
                    ),
                    s => (Some(s), None),
                };
                if let Some(s) = status.filter(|s| cond["status"] != **s) {
                    problems.push(format!(
                        "{id} {cid}: expected {s}, got {} ({})",
                        cond["status"], cond["reason"]
                    ));
                }
                if let Some(r) =
                    reason_part.filter(|r| !cond["reason"].as_str().unwrap_or("").contains(r))
                {
                    problems.push(format!("{id} {cid}: reason {} lacks {r:?}", cond["reason"]));
                }
            }
        }
        subset(&want, got, id, &mut problems);
    }
    if let Some(s) = expect.get("summary") {
        subset(s, &result["summary"], "summary", &mut problems);
    }
    if let Some(p) = expect.get("publicity") {
        subset(p, &result["publicity"], "publicity", &mut problems);
    }
    problems
}

#[test]
fn every_case_file_holds() {
    let mut paths: Vec<_> = std::fs::read_dir("tests/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "expected case files in tests/cases");
    let mut failures = Vec::new();
    for p in &paths {
        for problem in run_case(p) {
            failures.push(format!("{}: {problem}", p.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
