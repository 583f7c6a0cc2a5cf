//! `qaward check`: each kind of error and lint in a policy, reported at its exact place with
//! its message and a hint; JSON for editors; exit codes; snapshots in both languages.

use std::path::{Path, PathBuf};

use crate::common::*;

/// A copy of wuxi-2024 with `from` replaced by `to` (and optional extra files); returns the
/// policy's own directory.
fn edited(name: &str, from: &str, to: &str, extra: &[(&str, &str)]) -> PathBuf {
    let mut policies = Policies::of(name, &["wuxi-2024"]).edit("wuxi-2024", from, to);
    for (file, content) in extra {
        policies = policies.write("wuxi-2024", file, content);
    }
    policies.dir("wuxi-2024")
}

fn line_col_of(path: &Path, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text
        .rfind(needle)
        .unwrap_or_else(|| panic!("`{needle}` in {}", path.display()));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}

fn check_json(dir: &Path) -> (Option<i32>, serde_json::Value) {
    let o = qaward(&["check", dir.to_str().unwrap(), "--format", "json"]);
    (
        o.status.code(),
        serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr))),
    )
}

/// (name, from, to, code, severity, file, the text the place starts with, words of the message)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (
        "syntax",
        "quota = 5",
        "quota = = 5",
        "policy::syntax",
        "error",
        "policy.toml",
        "= 5",
        "TOML syntax error",
    ),
    (
        "unknown key",
        "include_ties = true",
        "include_tie = true",
        "policy::schema",
        "error",
        "policy.toml",
        "include_tie =",
        "include_tie",
    ),
    (
        "unknown param",
        "param = \"industry_rank_limit\"",
        "param = \"industry_rank_limt\"",
        "policy::unknown-param",
        "error",
        "policy.toml",
        "\"industry_rank_limt\"",
        "industry_rank_limt",
    ),
    (
        "unknown field",
        "field = \"registered_in_wuxi\"",
        "field = \"registered_in_wuxii\"",
        "policy::unknown-field",
        "error",
        "policy.toml",
        "\"registered_in_wuxii\"",
        "registered_in_wuxii",
    ),
    (
        "weights",
        "weight = 0.30",
        "weight = 0.35",
        "policy::weights-sum",
        "error",
        "policy.toml",
        "[[stages]]\nid = \"material\"",
        "= 1.05",
    ),
    (
        "negative quota",
        "quota = 10",
        "quota = -1",
        "policy::negative-quota",
        "error",
        "policy.toml",
        "-1",
        "cannot be negative",
    ),
    (
        "threshold",
        "threshold = 0.60",
        "threshold = 1.5",
        "policy::threshold-range",
        "error",
        "policy.toml",
        "1.5",
        "outside [0, 1]",
    ),
    (
        "window",
        "expires = 2029-03-31",
        "expires = 2023-03-31",
        "policy::window-reversed",
        "error",
        "policy.toml",
        "2023-03-31",
        "reversed",
    ),
    (
        "duplicate",
        "id = \"art10.5\"",
        "id = \"art10.4\"",
        "policy::duplicate-id",
        "error",
        "policy.toml",
        "\"art10.4\"",
        "used twice",
    ),
    (
        "missing article",
        "cite = \"Art. 11(6)\"",
        "cite = \"Art. 18(6)\"",
        "policy::unknown-article",
        "warning",
        "policy.toml",
        "\"Art. 18(6)\"",
        "article 18",
    ),
    (
        "missing item",
        "cite = \"Art. 10(7)\"",
        "cite = \"Art. 10(9)\"",
        "policy::unknown-article",
        "warning",
        "policy.toml",
        "\"Art. 10(9)\"",
        "7 item(s)",
    ),
    (
        "unused param",
        "[params.recommenders]",
        "[params.recommender_list]",
        "lint::unused-param",
        "warning",
        "policy.toml",
        "recommender_list",
        "no rule reads",
    ),
    (
        "no citation",
        "cite = \"Art. 10(4)\"\ntitle = { zh = \"认可的领先水平\"",
        "title = { zh = \"认可的领先水平\"",
        "lint::no-citation",
        "warning",
        "policy.toml",
        "accepted_leading_levels]",
        "cites no article",
    ),
    (
        "unverified",
        "value = 7\ncite = \"Art. 11(6)\"\ntitle",
        "value = 7\ncite = \"Art. 11(6)\"\nverified = false\ntitle",
        "lint::unverified",
        "warning",
        "policy.toml",
        "verified = false",
        "not verified",
    ),
];

#[test]
fn each_error_and_lint_is_reported_at_its_place() {
    for (name, from, to, code, severity, file, starts, words) in CASES {
        let mut extra_from = *from;
        let mut extra_to = (*to).to_owned();
        // The "unused param" case renames a parameter that a clause reads; keep the clause working.
        if *name == "unused param" {
            extra_from = from;
            extra_to = format!("{to}\nvalue = [\"x\"]\n\n[params.recommenders]");
        }
        if *name == "unverified" {
            extra_to = "[publicity]\ndays = 7\ncite = \"Art. 11(6)\"\nverified = false".to_owned();
            extra_from = "[publicity]\ndays = 7\ncite = \"Art. 11(6)\"\nverified = true";
        }
        let dir = edited(&name.replace(' ', "-"), extra_from, &extra_to, &[]);
        let (exit, report) = check_json(&dir);
        let want_exit = if *severity == "error" { 1 } else { 0 };
        assert_eq!(exit, Some(want_exit), "{name}: {report}");
        let diags = report["diagnostics"].as_array().unwrap();
        // wuxi-2024's scoring total is itself unverified: look for the diagnostic of this case.
        let d = diags
            .iter()
            .find(|d| {
                d["code"] == *code
                    && (*name != "unverified" || d["pointer"] == "/publicity/verified")
            })
            .unwrap_or_else(|| panic!("{name}: no {code} in {report}"));
        assert_eq!(d["severity"], *severity, "{name}");
        let path = dir.join(file);
        assert_eq!(d["file"], path.display().to_string(), "{name}");
        let (line, column) = line_col_of(&path, starts);
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line as u64), Some(column as u64)),
            "{name}: {d}"
        );
        assert!(
            d["message"]["en"].as_str().unwrap().contains(words),
            "{name}: {d}"
        );
        assert!(
            !d["message"]["zh"].as_str().unwrap().is_empty() && d["help"]["en"].is_string(),
            "{name}: {d}"
        );
    }
}

#[test]
fn script_lints_and_errors_are_reported_in_the_script() {
    // The clause keeps its title and reading; its kind and body become the script's.
    let to = "when = { field = \"for_profit\", op = \"==\", value = true }\n  script = \"no_loss.rhai\"\n  inputs = { profit = \"performance.annual_profit\", year = \"cycle.year\" }\n  #";
    let from = "when = { field = \"for_profit\", op = \"==\", value = true }\n  field = \"performance.annual_profit\"\n  years_param = \"loss_free_years\"\n  op = \">=\"\n  param = \"break_even_profit\"";
    let script = "let missing = false;\nfor back in 1..=params.loss_free_years {\n    let figure = profit.get(`${year - back}`);\n    if figure == () { missing = true; } else if figure < 0 { return false; }\n}\nif missing { () } else { true }\n";
    let dir = Policies::of("script-lint", &["wuxi-2024"])
        .edit("wuxi-2024", "kind = \"each_year\"", "kind = \"script\"")
        .edit("wuxi-2024", from, to)
        .write("wuxi-2024", "no_loss.rhai", script)
        .dir("wuxi-2024");
    let (exit, report) = check_json(&dir);
    assert_eq!(exit, Some(0), "{report}");
    let literals: Vec<(u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "lint::script-literal")
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(literals, vec![(2, 13), (4, 58)], "{report}");
    // break_even_profit is no longer read by any rule.
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "lint::unused-param"
            && d["message"]["en"]
                .as_str()
                .unwrap()
                .contains("break_even_profit")));
    let o = qaward(&["check", dir.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "warnings fail with --deny-warnings"
    );
    std::fs::write(dir.join("no_loss.rhai"), "let x = ;").unwrap();
    let (exit, report) = check_json(&dir);
    assert_eq!(exit, Some(1));
    let d = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "policy::script-compile")
        .unwrap();
    assert_eq!(d["file"], dir.join("no_loss.rhai").display().to_string());
    assert_eq!(d["line"], 1);
}

#[test]
fn the_shipped_policies_check_clean_but_for_honest_warnings() {
    let (exit, report) = check_json(Path::new("policies"));
    assert_eq!(exit, Some(0), "{report}");
    assert_eq!(report["errors"], 0);
    for p in report["policies"].as_array().unwrap() {
        if p["id"] == "wuxi-2024" {
            // Only the standard's total, which the measures do not state (Art. 5 names the
            // standards), the points of GB/T 19580's criteria, not checked against the
            // standard's text, and the reading of what becomes of a disqualified reviewer's
            // scores (Art. 16) are not verified.
            assert_eq!(p["warnings"], 3, "{report}");
        }
    }
    let codes: std::collections::BTreeSet<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["lint::unverified"].into_iter().collect(),
        "wuxi-2017 warns only of what is unverified"
    );
    assert_eq!(qaward(&["check", "no-such-policy"]).status.code(), Some(2));
}

#[test]
fn check_output_in_one_language_or_both() {
    let dir = edited(
        "snapshot",
        "param = \"industry_rank_limit\"",
        "param = \"industry_rank_limt\"",
        &[],
    );
    for (lang, name) in [
        ("zh", "check_zh"),
        ("en", "check_en"),
        ("both", "check_both"),
    ] {
        let o = qaward(&["check", dir.to_str().unwrap(), "--lang", lang]);
        let text = String::from_utf8(o.stdout)
            .unwrap()
            .replace(&dir.display().to_string(), "<dir>");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn titles_follow_their_parameters() {
    // The title says {min_operating_years}: with 5 years, it says 5.
    let dir = Policies::of("title-param", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "[params.min_operating_years]\nvalue = 3",
        "[params.min_operating_years]\nvalue = 5",
    );
    let table = ok_stdout(&qaward(&[
        "eval",
        SAMPLE,
        "--policies",
        dir.arg(),
        "--lang",
        "en",
    ]));
    assert!(
        table.contains("art10.2 Established in Wuxi and operating for 5 years"),
        "{table}"
    );
    // A literal number equal to a parameter the condition reads is flagged; an unknown
    // placeholder is an error with the nearest parameter.
    let literal = Policies::of("title-literal", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "operating for {min_operating_years} years",
        "operating for 3 years",
    );
    let (_, report) = check_json(literal.path());
    assert!(
        report.to_string().contains("lint::number-in-title"),
        "{report}"
    );
    let typo = Policies::of("title-typo", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "operating for {min_operating_years} years",
        "operating for {min_operating_year} years",
    );
    let out = refused_check(&typo);
    assert!(
        out.contains("the title names {min_operating_year}, which is not a parameter"),
        "{out}"
    );
    assert!(out.contains("did you mean `min_operating_years`?"), "{out}");
}

#[test]
fn eval_says_what_makes_the_result_provisional() {
    // A citation the article list lacks: check warns, and so does every evaluation.
    let dir = Policies::of("provisional", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "id = \"art10.5\"\ncite = \"Art. 10(5)\"",
        "id = \"art10.5\"\ncite = \"Art. 10(8)\"",
    );
    let cohort = temp_dir("provisional").join("cohort.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workdir().join(SAMPLE)).unwrap()).unwrap();
    v["applicants"][1]
        .as_object_mut()
        .unwrap()
        .remove("history");
    std::fs::write(&cohort, v.to_string()).unwrap();
    let out = eval_json(cohort.to_str().unwrap(), &dir);
    let warnings = out["warnings"].to_string();
    assert!(
        warnings.contains("a citation of this policy is wrong (please check)"),
        "{warnings}"
    );
    // A winner without any history: a first-time payout is assumed, and said.
    assert_eq!(out["applicants"][1]["tier"], "award");
    assert!(
        warnings.contains("applicant(s) WX2024-002 give no history of earlier wins"),
        "{warnings}"
    );
    // Undetermined applicants whose score would reach the shortlist.
    assert!(
        warnings.contains("WX2024-036 (700)") && warnings.contains("this result is provisional"),
        "{warnings}"
    );
}
