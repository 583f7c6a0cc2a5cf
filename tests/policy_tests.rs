//! `qaward test`: the shipped policies' own cases pass with full clause coverage; a failing case
//! shows expected versus actual and exits 1; --min-coverage; output snapshots in both languages.

use std::path::PathBuf;

use crate::common::*;

#[test]
fn shipped_policy_tests_pass_with_full_coverage() {
    let o = qaward(&["test", "--min-coverage", "100", "--lang", "en"]);
    let out = stdout(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains("wuxi-2024") && out.contains("wuxi-2017"),
        "{out}"
    );
    assert_eq!(
        out.matches("clause outcomes covered 69/69 (100.0%)")
            .count(),
        2,
        "{out}"
    );
    assert!(out.trim_end().ends_with(" passed, 0 failed"), "{out}");
}

/// A policy directory holding wuxi-2024 and one small test file.
fn with_tests(name: &str, tests: &str) -> PathBuf {
    Policies::of(name, &[])
        .write(
            "wuxi-2024",
            "policy.toml",
            &shipped("wuxi-2024", "policy.toml"),
        )
        .write("wuxi-2024", "tests/small.toml", tests)
        .path()
        .to_path_buf()
}

const SMALL: &str = r#"
[cycle]
year = 2024
application_deadline = 2024-09-01

[base]
org_form = "legal_person"
registered_in_wuxi = true
operating_normally = true
established_on = 2010-01-01
for_profit = true
performance = { scale_rank = 1, profit_tax_rank = 2, asset_contribution_rank = 3, annual_profit = { 2021 = "1", 2022 = "0", 2023 = "1" } }
leading_level = "domestic"
attestations = { supports_central_policies = true, quality_first_strategy = true, quality_management_system = true, good_reputation = true }
exporter = false
records = []
recommendation = { by = "city_department", signed = true }
scores = { material = "700", site = "650", presentation = "600" }

[[cases]]
name = "an eligible applicant wins the award"
  [[cases.applicants]]
  id = "A"
  [cases.expect.A]
  eligibility = "eligible"
  total = "655"
  tier = "award"
  payout = 1000000

[[cases]]
name = "rank 4 fails condition (三)"
  [[cases.applicants]]
  id = "B"
  performance = { scale_rank = 4 }
  [cases.expect.B]
  conditions = { "art10.3" = "pass" }
  tier = "award"
"#;

#[test]
fn a_failing_case_shows_expected_and_actual() {
    let dir = with_tests("failing", SMALL);
    let o = qaward(&["test", "--policies", dir.to_str().unwrap(), "--lang", "en"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("✓ small.toml › an eligible applicant wins the award"),
        "{out}"
    );
    assert!(
        out.contains("✗ small.toml › rank 4 fails condition (三)"),
        "{out}"
    );
    assert!(out.contains("B art10.3: expected pass, got fail — Rank by scale: performance.scale_rank = 4, required ≤ 3"), "{out}");
    assert!(out.contains("B tier: expected award, got none"), "{out}");
    assert!(out.contains("1 passed, 1 failed"), "{out}");
    let fixed = SMALL.replace("conditions = { \"art10.3\" = \"pass\" }\n  tier = \"award\"", "conditions = { \"art10.3\" = \"fail\" }\n  eligibility = \"ineligible\"\n  tier = \"none\"");
    let dir = with_tests("fixed", &fixed);
    let o = qaward(&[
        "test",
        "--policies",
        dir.to_str().unwrap(),
        "--lang",
        "en",
        "--min-coverage",
        "50",
    ]);
    let out = stdout(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "two cases cannot cover half the clause outcomes: {out}"
    );
    assert!(out.contains("coverage below 50%"), "{out}");
    assert!(
        out.contains("not seen:") && out.contains("art10.3/scale_rank (unknown)"),
        "{out}"
    );
    let o = qaward(&["test", "--policies", dir.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    for (lang, snap) in [("zh", "test_zh"), ("en", "test_en")] {
        let text = stdout(&qaward(&[
            "test",
            "--policies",
            dir.to_str().unwrap(),
            "--lang",
            lang,
        ]))
        .replace(&dir.display().to_string(), "<dir>");
        insta::assert_snapshot!(snap, text);
    }
}

#[test]
fn a_bad_test_file_is_named() {
    let dir = with_tests("bad", "[cycle]\nyear = 2024\napplication_deadline = 2024-09-01\n\n[[cases]]\nname = \"x\"\n  [[cases.applicants]]\n  id = \"A\"\n  for_profit = \"yes\"\n  [cases.expect.A]\n  eligibility = \"eligible\"\n");
    let o = qaward(&["test", "--policies", dir.to_str().unwrap(), "--lang", "en"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("small.toml:9:3") && err.contains("for_profit"),
        "{err}"
    );
}

/// Issue 22: an amendment is tested and gated on its own. It inherits its base's cases where
/// they still hold, says which no longer do, and `--min-coverage 100` fails when they leave a
/// clause outcome unseen (the rank-5 amendment: no case sees a rank clause fail any more).
#[test]
fn an_amendment_is_gated_on_its_own_cases_inherited_where_they_hold() {
    let dir = temp_dir("amendment-tests");
    for id in ["wuxi-2024", "calendars"] {
        let from = workdir().join("policies").join(id);
        if from.exists() {
            copy_dir(&from, &dir.join(id));
        }
    }
    copy_dir(
        &workdir().join("examples/amendments/wuxi-2024-rank5"),
        &dir.join("wuxi-2024-rank5"),
    );
    let o = qaward(&[
        "test",
        "--policies",
        dir.to_str().unwrap(),
        "--min-coverage",
        "100",
        "--lang",
        "en",
    ]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("wuxi-2024-rank5 ("), "{out}");
    assert!(out.contains("inherited from wuxi-2024"), "{out}");
    assert!(
        out.contains("no longer hold under this amendment are not counted (3)"),
        "{out}"
    );
    assert!(out.contains("wuxi-2024: c3-scale_rank-fail"), "{out}");
    assert!(
        out.contains("coverage below 100%: wuxi-2024-rank5 95.7%"),
        "{out}"
    );
    assert!(!out.contains("coverage below 100%: wuxi-2024 "), "{out}");
    assert!(out.contains(" 0 failed"), "{out}");
}

#[test]
fn a_failing_case_says_what_reading_it_noticed() {
    // The case was written when the first stage was called `review`: the key is not read,
    // and the failure says so beside the expected-against-actual.
    let stale = SMALL.replace(
        "scores = { material = \"700\", site = \"650\", presentation = \"600\" }",
        "scores = { review = \"700\", site = \"650\", presentation = \"600\" }",
    );
    let dir = with_tests("stale-stage", &stale);
    let o = qaward(&["test", "--policies", dir.to_str().unwrap(), "--lang", "en"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("A tier: expected award, got none"), "{out}");
    assert!(
        out.contains("reading the case: ") && out.contains("`scores.review`"),
        "{out}"
    );
}
