//! Runs the real `qaward` binary: the table and JSON on the sample cohort, every exit code,
//! policy edits taking effect without a rebuild, bad policies and bad cohorts named by place,
//! atomic output, and the script sandbox.

use std::path::PathBuf;

use crate::common::*;

/// A copy of wuxi-2024 with its `policy.toml` edited; returns the policy directory.
fn edited_policies(name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    Policies::of(name, &["wuxi-2024"])
        .edit_with("wuxi-2024", edit)
        .path()
        .to_path_buf()
}

#[test]
fn table_on_the_sample_cohort() {
    let zh = qaward(&["eval", SAMPLE]);
    assert_eq!(zh.status.code(), Some(0), "{}", stderr(&zh));
    insta::assert_snapshot!("eval_table_zh", stdout(&zh));
    let en = qaward(&["eval", SAMPLE, "--lang", "en"]);
    insta::assert_snapshot!("eval_table_en", stdout(&en));
}

#[test]
fn json_matches_the_contract_and_is_deterministic() {
    let a = qaward(&["eval", SAMPLE, "--format", "json"]);
    let b = qaward(&["eval", SAMPLE, "--format", "json"]);
    assert_eq!(a.stdout, b.stdout, "same inputs, same bytes");
    let v = json_of(&a);
    let violations = qaward::validate_document(qaward::Schema::Result, &v);
    assert!(violations.is_empty(), "{violations:?}");
    let cohort: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workdir().join(SAMPLE)).unwrap()).unwrap();
    let ids: Vec<&serde_json::Value> = cohort["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    let out_ids: Vec<&serde_json::Value> = v["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    assert_eq!(ids, out_ids, "every applicant, in input order");
    assert_eq!(v["policy"]["id"], "wuxi-2024");
    assert_eq!(v["in_force"], true);
    assert_eq!(v["summary"]["tiers"]["award"], 5);
    assert_eq!(v["summary"]["vacancies"]["nomination"], 4);
    assert_eq!(v["publicity"]["end"], "2024-12-08");
    let first = &v["applicants"][0];
    assert_eq!(first["conditions"].as_array().unwrap().len(), 9);
    assert_eq!(first["conditions"][3]["cite"], "Art. 10(3)");
    insta::assert_json_snapshot!("eval_json_first_applicant", first);
}

#[test]
fn editing_the_policy_changes_the_outcome_without_a_rebuild() {
    let base = json_of(&qaward(&["eval", SAMPLE, "--format", "json"]));
    let six = edited_policies("quota6", |t| t.replacen("quota = 5", "quota = 6", 1));
    let v = json_of(&qaward(&[
        "eval",
        SAMPLE,
        "--format",
        "json",
        "--policies",
        six.to_str().unwrap(),
    ]));
    assert_eq!(v["summary"]["tiers"]["award"], 6);
    assert_ne!(
        v["summary"]["payout_total"],
        base["summary"]["payout_total"]
    );
    let weights = edited_policies("weights", |t| {
        t.replacen("weight = 0.30", "weight = 0.35", 1).replacen(
            "weight = 0.50",
            "weight = 0.45",
            1,
        )
    });
    let w = json_of(&qaward(&[
        "eval",
        SAMPLE,
        "--format",
        "json",
        "--policies",
        weights.to_str().unwrap(),
    ]));
    // WX2024-001: 0.35 × 862 + 0.45 × 851.5 + 0.20 × 840 = 301.7 + 383.175 + 168 = 852.875
    assert_eq!(w["applicants"][0]["total"], "852.875");
    assert_ne!(w["policy"]["digest"], base["policy"]["digest"]);
}

#[test]
fn a_broken_edit_names_file_line_column_and_a_hint() {
    let dir = edited_policies("broken", |t| {
        t.replacen("weight = 0.30", "weight = 0.35", 1)
    });
    let o = qaward(&[
        "eval",
        SAMPLE,
        "--policies",
        dir.to_str().unwrap(),
        "--lang",
        "both",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("policy::weights-sum"), "{err}");
    assert!(
        err.contains("0.35 + site 0.50 + presentation 0.20 = 1.05"),
        "{err}"
    );
    assert!(err.contains("wuxi-2024/policy.toml:"), "{err}");
    assert!(err.contains("help:") && err.contains("提示:"), "{err}");
}

/// One edit per kind of bad policy: (name, from, to, diagnostic code, text the source line shows).
const BAD_POLICIES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "syntax",
        "quota = 5",
        "quota = = 5",
        "policy::syntax",
        "quota = = 5",
    ),
    (
        "unknown key",
        "include_ties = true",
        "include_tie = true",
        "policy::schema",
        "include_tie",
    ),
    (
        "unknown param",
        "param = \"industry_rank_limit\"",
        "param = \"industry_rank_limt\"",
        "policy::unknown-param",
        "industry_rank_limt",
    ),
    (
        "unknown field",
        "field = \"registered_in_wuxi\"",
        "field = \"registered_in_wuxii\"",
        "policy::unknown-field",
        "registered_in_wuxii",
    ),
    (
        "duplicate condition",
        "id = \"art10.5\"",
        "id = \"art10.4\"",
        "policy::duplicate-id",
        "art10.4",
    ),
    (
        "negative quota",
        "quota = 10",
        "quota = -1",
        "policy::negative-quota",
        "quota = -1",
    ),
    (
        "threshold above 1",
        "threshold = 0.60",
        "threshold = 60",
        "policy::threshold-range",
        "threshold = 60",
    ),
    (
        "threshold negative",
        "threshold = 0.50",
        "threshold = -0.50",
        "policy::threshold-range",
        "threshold = -0.50",
    ),
    (
        "amount out of range",
        "amount = 200000",
        "amount = 2000000000000000",
        "policy::bad-value",
        "amount = 2000000000000000",
    ),
    (
        "window reversed",
        "expires = 2029-03-31",
        "expires = 2023-03-31",
        "policy::window-reversed",
        "expires = 2023-03-31",
    ),
    (
        "malformed citation",
        "cite = \"Art. 10(4)\"\nverified = true",
        "cite = \"Article 10(4)\"\nverified = true",
        "policy::bad-citation",
        "Article 10(4)",
    ),
    (
        "type mismatch",
        "op = \"<=\"\n  param = \"industry_rank_limit\"",
        "op = \"<=\"\n  param = \"recommenders\"",
        "policy::type-mismatch",
        "",
    ),
    (
        "unknown operator",
        "op = \"in\"\n  param = \"allowed_org_forms\"",
        "op = \"within\"\n  param = \"allowed_org_forms\"",
        "policy::schema",
        "within",
    ),
    (
        "unknown stage",
        "stage = \"material\"",
        "stage = \"materials\"",
        "policy::unknown-stage",
        "materials",
    ),
];

#[test]
fn each_kind_of_bad_policy_is_named_by_place() {
    for (name, from, to, code, shows) in BAD_POLICIES {
        let dir = edited_policies(&name.replace(' ', "-"), |t| t.replacen(from, to, 1));
        let o = qaward(&[
            "eval",
            SAMPLE,
            "--policies",
            dir.to_str().unwrap(),
            "--lang",
            "en",
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("[{code}]")),
            "{name}: expected {code}\n{err}"
        );
        let line = to_line(
            &std::fs::read_to_string(dir.join("wuxi-2024/policy.toml")).unwrap(),
            to,
        );
        assert!(
            err.contains(&format!("policy.toml:{line}:"))
                || err.contains(&format!("policy.toml:{}:", line + 1)),
            "{name}: expected line {line}\n{err}"
        );
        assert!(
            err.contains(shows),
            "{name}: the source line is shown\n{err}"
        );
        assert!(err.contains("= help:"), "{name}: a hint\n{err}");
    }
}

fn to_line(text: &str, needle: &str) -> usize {
    let at = text.rfind(needle).unwrap_or(0);
    text[..at].matches('\n').count() + 1
}

/// The shipped policy says "no loss in the last three years" as a data clause; these turn it
/// into a script clause, to test scripts in a real policy.
const DATA_KIND: &str = "kind = \"each_year\"";
const DATA_BODY: &str = "field = \"performance.annual_profit\"\n  years_param = \"loss_free_years\"\n  op = \">=\"\n  param = \"break_even_profit\"";

fn as_script_clause(policy: &str, file: &str) -> String {
    policy.replacen(DATA_KIND, "kind = \"script\"", 1).replacen(
        DATA_BODY,
        &format!("script = \"{file}\"\n  inputs = {{ profit = \"performance.annual_profit\", year = \"cycle.year\" }}"),
        1,
    )
}

/// Shipped policies with the loss-free clause as `no_loss.rhai` holding `source`.
fn script_policies(name: &str, source: &str) -> PathBuf {
    let dir = edited_policies(name, |t| as_script_clause(t, "no_loss.rhai"));
    std::fs::write(dir.join("wuxi-2024/no_loss.rhai"), source).unwrap();
    dir
}

#[test]
fn a_script_clause_decides_like_the_data_clause() {
    let script = std::fs::read_to_string(workdir().join("examples/scripts/no_loss.rhai")).unwrap();
    let dir = script_policies("script-equals-data", &script);
    let data = json_of(&qaward(&["eval", SAMPLE, "--format", "json"]));
    let scripted = json_of(&qaward(&[
        "eval",
        SAMPLE,
        "--format",
        "json",
        "--policies",
        dir.to_str().unwrap(),
    ]));
    let verdicts = |v: &serde_json::Value| -> Vec<(String, String, Vec<String>)> {
        v["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let statuses = a["conditions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["status"].to_string())
                    .collect();
                (
                    a["eligibility"].to_string(),
                    a["tier"].to_string(),
                    statuses,
                )
            })
            .collect()
    };
    assert_eq!(verdicts(&data), verdicts(&scripted));
    assert_eq!(data["summary"], scripted["summary"]);
}

#[test]
fn script_errors_are_named_by_file_and_line() {
    let dir = script_policies(
        "script-compile",
        "let a = 1;\nlet b = undefined_name + params.loss_free_years;\nb > a",
    );
    let o = qaward(&["eval", SAMPLE, "--policies", dir.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("[policy::script-compile]") && err.contains("no_loss.rhai:2:"),
        "{err}"
    );
    std::fs::write(
        dir.join("wuxi-2024/no_loss.rhai"),
        "params.loss_free_yeers > 0",
    )
    .unwrap();
    let err = stderr(&qaward(&[
        "eval",
        SAMPLE,
        "--policies",
        dir.to_str().unwrap(),
    ]));
    assert!(
        err.contains("[policy::unknown-param]")
            && err.contains("no_loss.rhai:1:8")
            && err.contains("loss_free_years"),
        "{err}"
    );
    let missing = edited_policies("missing-script", |t| as_script_clause(t, "no_losses.rhai"));
    let o = qaward(&["eval", SAMPLE, "--policies", missing.to_str().unwrap()]);
    let err = stderr(&o);
    let line = to_line(
        &std::fs::read_to_string(missing.join("wuxi-2024/policy.toml")).unwrap(),
        "no_losses.rhai",
    );
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("[policy::missing-script]") && err.contains(&format!("policy.toml:{line}:")),
        "{err}"
    );
}

#[test]
fn a_runaway_script_becomes_an_undetermined_clause() {
    let dir = script_policies(
        "runaway",
        "let n = params.loss_free_years;\nloop { n += 1; }",
    );
    let v = json_of(&qaward(&[
        "eval",
        SAMPLE,
        "--format",
        "json",
        "--lang",
        "en",
        "--policies",
        dir.to_str().unwrap(),
    ]));
    let first = &v["applicants"][0];
    assert_eq!(first["eligibility"], "undetermined");
    let c = &first["conditions"][3];
    assert_eq!(c["id"], "art10.3");
    assert_eq!(c["status"], "undetermined");
    assert!(
        c["reason"]
            .as_str()
            .unwrap()
            .contains("operations (the sandbox limit)"),
        "{c}"
    );
}

/// Bad cohorts: (name, content, text the message must hold).
const BAD_COHORTS: &[(&str, &str, &str)] = &[
    ("not json", "{ \"cycle\": ", "not valid JSON"),
    (
        "wrong type",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":"A1","for_profit":"yes"}]}"#,
        "/applicants/0/for_profit",
    ),
    (
        "bad date",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":"A1","established_on":"2023-02-30"}]}"#,
        "/applicants/0/established_on",
    ),
    (
        "duplicate id",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":"A1"},{"id":"A1"}]}"#,
        "/applicants/1/id",
    ),
    (
        "empty id",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":""}]}"#,
        "/applicants/0/id",
    ),
    (
        "score above total",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":"A1","scores":{"material":"1000.5"}}]}"#,
        "/applicants/0/scores/material",
    ),
    (
        "negative score",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":"A1","scores":{"site":-1}}]}"#,
        "/applicants/0/scores/site",
    ),
    (
        "record without severity",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":"A1","records":[{"kind":"accident","date":"2023-01-01"}]}]}"#,
        "/applicants/0/records/0",
    ),
    (
        "unknown record kind",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":"A1","records":[{"kind":"fire","date":"2023-01-01"}]}]}"#,
        "/applicants/0/records/0/kind",
    ),
    (
        "rank zero",
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"id":"A1","performance":{"scale_rank":0}}]}"#,
        "/applicants/0/performance/scale_rank",
    ),
    ("missing cycle", r#"{"applicants":[]}"#, "cycle"),
];

#[test]
fn each_kind_of_bad_cohort_is_named_by_place_and_nothing_is_written() {
    let dir = temp_dir("bad-cohorts");
    for (name, content, place) in BAD_COHORTS {
        let file = dir.join(format!("{}.json", name.replace(' ', "-")));
        std::fs::write(&file, content).unwrap();
        let out = dir.join("out.json");
        let o = qaward(&[
            "eval",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "en",
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(file.file_name().unwrap().to_str().unwrap()),
            "{name}: names the file\n{err}"
        );
        assert!(err.contains(place), "{name}: names {place}\n{err}");
        if content.contains("\"A1\"") {
            assert!(err.contains("`A1`"), "{name}: names the applicant\n{err}");
        }
        assert!(!out.exists(), "{name}: nothing written");
        assert_eq!(
            std::fs::read_dir(&dir)
                .unwrap()
                .filter(|e| e
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp"))
                .count(),
            0
        );
    }
}

#[test]
fn exit_codes() {
    assert_eq!(qaward(&["eval", SAMPLE]).status.code(), Some(0));
    assert_eq!(
        qaward(&["eval", "no/such/file.json"]).status.code(),
        Some(2)
    );
    assert_eq!(qaward(&["eval"]).status.code(), Some(2), "missing argument");
    assert_eq!(
        qaward(&["frobnicate"]).status.code(),
        Some(2),
        "unknown subcommand"
    );
    assert_eq!(
        qaward(&["eval", SAMPLE, "--as-of", "2024-02-30"])
            .status
            .code(),
        Some(2),
        "bad date"
    );
    assert_eq!(qaward(&["--help"]).status.code(), Some(0));
    let help = stdout(&qaward(&["eval", "--help"]));
    for flag in [
        "--policy",
        "--policies",
        "--as-of",
        "--ignore-validity",
        "--format",
        "--lang",
        "--out",
        "Examples",
    ] {
        assert!(help.contains(flag), "eval --help explains {flag}");
    }
}

#[test]
fn validity_window_is_enforced_unless_ignored() {
    let o = qaward(&["eval", SAMPLE, "--as-of", "2029-06-01", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("2024-04-01 to 2029-03-31") && err.contains("--ignore-validity"),
        "{err}"
    );
    let o = qaward(&[
        "eval",
        SAMPLE,
        "--policy",
        "wuxi-2024",
        "--as-of",
        "2029-06-01",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v = json_of(&qaward(&[
        "eval",
        SAMPLE,
        "--policy",
        "wuxi-2024",
        "--as-of",
        "2029-06-01",
        "--ignore-validity",
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    assert_eq!(v["in_force"], false);
    assert!(v["warnings"][0]
        .as_str()
        .unwrap()
        .contains("outside the validity window"));
    assert_eq!(
        qaward(&["eval", SAMPLE, "--policy", "wuxi-2042"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn out_is_atomic_and_never_overwrites_the_cohort() {
    let dir = temp_dir("out");
    let cohort = dir.join("cohort.json");
    std::fs::copy(SAMPLE, &cohort).unwrap();
    let o = qaward(&[
        "eval",
        cohort.to_str().unwrap(),
        "--out",
        cohort.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&cohort).unwrap(),
        std::fs::read(SAMPLE).unwrap(),
        "the cohort is untouched"
    );
    let out = dir.join("result.json");
    let o = qaward(&[
        "eval",
        cohort.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).is_empty());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["format"], "qaward.result.v1");
}

#[test]
fn embedded_policies_are_used_away_from_the_checkout() {
    let dir = temp_dir("elsewhere");
    let cohort = workdir().join(SAMPLE);
    let o = qaward_in(&dir, &["eval", cohort.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("policies from: the copy built into qaward"));
}

#[test]
fn toml_cohorts_read_like_json() {
    let dir = temp_dir("toml");
    let file = dir.join("cohort.toml");
    std::fs::write(&file, "[cycle]\nyear = 2024\napplication_deadline = 2024-09-01\n\n[[applicants]]\nid = \"T1\"\nscores = { material = 812.50, site = \"790\" }\n").unwrap();
    let v = json_of(&qaward(&[
        "eval",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(v["applicants"][0]["id"], "T1");
    std::fs::write(&file, "[cycle]\nyear = 2024\napplication_deadline = 2024-09-01\n\n[[applicants]]\nid = \"T1\"\nfor_profit = \"yes\"\n").unwrap();
    let o = qaward(&["eval", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cohort.toml:7:"), "{}", stderr(&o));
}

#[test]
fn compact_json_is_the_same_document_on_one_line() {
    let pretty = json_of(&qaward(&["eval", SAMPLE, "--format", "json"]));
    let o = qaward(&["eval", SAMPLE, "--format", "json", "--compact"]);
    let text = ok_stdout(&o);
    assert_eq!(text.lines().count(), 1);
    let compact: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(compact, pretty);
}
