//! Several awards in one policy directory (contract section 8): a cohort names its award in
//! `cycle.award`; without it, two awards in force at once is bad input naming both and the fix;
//! an unknown award is named with the nearest; a policy chosen by id must be of that award.

use crate::common::*;

/// The shipped 2024 policy copied as another city's award (its own id and family).
fn two_awards(name: &str) -> Policies {
    let other = shipped("wuxi-2024", "policy.toml")
        .replacen("id = \"wuxi-2024\"", "id = \"other-city-2024\"", 1)
        .replacen(
            "family = \"wuxi-mayor-quality-award\"",
            "family = \"other-city-quality-award\"",
            1,
        );
    Policies::of(name, &["wuxi-2024"]).write("other-city-2024", "policy.toml", &other)
}

fn cohort(name: &str, award: Option<&str>) -> String {
    let award = award.map_or(String::new(), |a| format!(r#", "award": "{a}""#));
    let path = temp_dir(name).join("cohort.json");
    std::fs::write(
        &path,
        format!(
            r#"{{"cycle": {{"year": 2024, "application_deadline": "2024-09-01"{award}}},
  "applicants": [{{"id": "A1", "org_form": "legal_person"}}]}}"#
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_cohort_names_its_award_when_several_are_in_force() {
    let dir = two_awards("awards");
    let eval = |cohort: &str, extra: &[&str]| {
        let mut args = vec!["eval", cohort, "--policies", dir.arg(), "--format", "json"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--lang", "en"]);
        qaward(&args)
    };
    // Without cycle.award: exit 2, both awards named with their policies, and the fix.
    let o = eval(&cohort("awards-none", None), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("[policy::several-awards]"), "{err}");
    assert!(
        err.contains(
            "other-city-quality-award (other-city-2024), wuxi-mayor-quality-award (wuxi-2024)"
        ),
        "{err}"
    );
    assert!(
        err.contains(r#""award": "#) && err.contains("--policy"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    // With it: each award's own policy.
    for (award, id) in [
        ("wuxi-mayor-quality-award", "wuxi-2024"),
        ("other-city-quality-award", "other-city-2024"),
    ] {
        let v = json_of(&eval(&cohort(&format!("awards-{id}"), Some(award)), &[]));
        assert_eq!(v["policy"]["id"], id);
    }
    // An award no policy belongs to: exit 2 with the nearest.
    let o = eval(
        &cohort("awards-typo", Some("wuxi-mayor-quality-awards")),
        &[],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("[policy::unknown-award]"), "{err}");
    assert!(
        err.contains("did you mean `wuxi-mayor-quality-award`?"),
        "{err}"
    );
    // A policy chosen by id must belong to the cohort's award.
    let c = cohort("awards-other", Some("other-city-quality-award"));
    let o = eval(&c, &["--policy", "wuxi-2024"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("[policy::other-award]"), "{err}");
    // A cycle.award that is not text is bad input at its pointer.
    let bad = temp_dir("awards-bad").join("cohort.json");
    std::fs::write(
        &bad,
        r#"{"cycle": {"year": 2024, "application_deadline": "2024-09-01", "award": 7}, "applicants": []}"#,
    )
    .unwrap();
    let o = eval(bad.to_str().unwrap(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/cycle/award"), "{}", stderr(&o));
}

#[test]
fn fields_and_schema_take_the_award_when_several_are_in_force() {
    let dir = two_awards("awards-fields");
    let o = qaward(&["fields", "--policies", dir.arg(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--award") || stderr(&o).contains("--policy"));
    let o = qaward(&[
        "fields",
        "--policies",
        dir.arg(),
        "--award",
        "other-city-quality-award",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn the_example_second_award_runs_and_its_own_tests_pass() {
    let dir = workdir().join("examples/china-quality-award/policies");
    let dir = dir.to_str().unwrap();
    let o = qaward(&[
        "test",
        "--policies",
        dir,
        "--min-coverage",
        "100",
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("54/54 (100.0%)"), "{}", stdout(&o));
    let v = json_of(&qaward(&[
        "eval",
        "examples/china-quality-award/cohort.json",
        "--policies",
        dir,
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    assert_eq!(v["policy"]["expires"], serde_json::Value::Null);
    let s = &v["summary"];
    assert_eq!(s["categories"]["organisation"]["tiers"]["award"], 2, "{s}");
    assert_eq!(s["categories"]["individual"]["tiers"]["award"], 2, "{s}");
    // Everything in it is marked unverified: its article numbers are not known.
    assert!(
        v["warnings"].to_string().contains("caps.award"),
        "{}",
        v["warnings"]
    );
}

/// Issue 23: an award's nouns are its policy's. The China Quality Award example has
/// organisations and individuals and no shortlist: its outputs call applicants what the policy
/// calls them and say nothing of 入围.
#[test]
fn another_awards_papers_use_its_own_nouns_and_no_shortlist_words() {
    let award = workdir().join("examples/china-quality-award");
    let policies = award.join("policies");
    let cohort = award.join("cohort.json");
    for format in ["text", "html"] {
        let out = ok_stdout(&qaward(&[
            "eval",
            cohort.to_str().unwrap(),
            "--policies",
            policies.to_str().unwrap(),
            "--format",
            format,
        ]));
        assert!(!out.contains("入围"), "{format}: {out}");
        assert!(out.contains("中国质量奖"), "{format}");
        // Each category's nouns: individuals are named by 姓名; no article number is known, so
        // none is printed line by line (the unverified warning says so once); no money is
        // declared, so none is printed as 0元.
        assert!(out.contains("姓名"), "{format}: {out}");
        assert!(!out.contains("条文未知"), "{format}: {out}");
        assert!(!out.contains("0元"), "{format}: {out}");
        assert!(out.contains("不设奖金"), "{format}: {out}");
        assert!(out.contains("合计上限 10"), "{format}: {out}");
    }
}

/// Issue 24: `qaward init` starts a new award that checks without an error, tests at 100% and
/// is formatted, with one kind of applicant or with organisations and individuals; it never
/// overwrites, and a bad id is refused.
#[test]
fn init_starts_an_award_that_checks_and_tests_clean() {
    let root = temp_dir("init");
    let policies = root.join("policies");
    let p = policies.to_str().unwrap();
    for (id, extra) in [("one-kind", vec![]), ("two-kinds", vec!["--categories"])] {
        let mut args = vec![
            "init",
            "--id",
            id,
            "--effective",
            "2025-01-01",
            "--title",
            "示例市质量奖管理办法",
            "--award",
            "示例市质量奖",
            "--policies",
            p,
        ];
        args.extend(extra);
        ok_stdout(&qaward(&args));
    }
    let check = qaward(&["check", "--policies", p, "--lang", "en"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(
        stdout(&check).contains(": 0 error(s)"),
        "{}",
        stdout(&check)
    );
    let test = qaward(&[
        "test",
        "--policies",
        p,
        "--min-coverage",
        "100",
        "--lang",
        "en",
    ]);
    assert_eq!(test.status.code(), Some(0), "{}", stdout(&test));
    assert_eq!(qaward(&["fmt", "--check", p]).status.code(), Some(0));
    // The two-category award names its own nouns and its categories' fields.
    let fields = ok_stdout(&qaward(&[
        "fields",
        "--policies",
        p,
        "--policy",
        "two-kinds",
    ]));
    assert!(
        fields.contains("citizen") && fields.contains("个人"),
        "{fields}"
    );
    let again = qaward(&[
        "init",
        "--id",
        "one-kind",
        "--effective",
        "2025-01-01",
        "--policies",
        p,
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("init::exists"),
        "{}",
        stderr(&again)
    );
    let bad = qaward(&[
        "init",
        "--id",
        "Bad Id",
        "--effective",
        "2025-01-01",
        "--policies",
        p,
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("init::bad-id"));
}

/// Issue 24: the Nanjing example, a second two-category award started with `qaward init`:
/// its own fields and record kinds per category, totals out of 1000 and 100, a tie-break per
/// category. It checks, tests at 100%, evaluates from JSON and from its workbook to the same
/// result; an amendment lowering one category's places is said once, under that category; and
/// the example reading of Art. 4 as places the categories share is a cap that decides, by share.
#[test]
fn the_nanjing_example_evaluates_from_json_and_workbook_and_diffs_by_category() {
    let award = workdir().join("examples/nanjing-mayor-quality-award");
    let policies = award.join("policies");
    let p = policies.to_str().unwrap();
    let check = qaward(&["check", "--policies", p, "--lang", "en"]);
    assert!(
        stdout(&check).contains(": 0 error(s)"),
        "{}",
        stdout(&check)
    );
    let test = qaward(&["test", "--policies", p, "--min-coverage", "100"]);
    assert_eq!(test.status.code(), Some(0), "{}", stdout(&test));
    let eval = |cohort: &str, dir: &str, extra: &[&str]| {
        let cohort = award.join(cohort);
        let mut args = vec![
            "eval",
            cohort.to_str().unwrap(),
            "--policies",
            dir,
            "--format",
            "json",
            "--lang",
            "en",
        ];
        args.extend_from_slice(extra);
        json_of(&qaward(&args))
    };
    let from_json = eval("cohort.json", p, &[]);
    let from_book = eval("cohort.xlsx", p, &[]);
    assert_eq!(from_json["applicants"], from_book["applicants"]);
    assert_eq!(from_json["summary"], from_book["summary"]);
    // Each category on its own: four awards each; equal totals split by each one's own stage.
    let tier = |v: &serde_json::Value, id: &str| {
        v["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a["tier"].clone())
            .unwrap()
    };
    assert_eq!(tier(&from_json, "NJ-O05"), "nomination");
    assert_eq!(
        tier(&from_json, "NJ-I05"),
        "award",
        "the defence breaks the tie"
    );
    assert_eq!(tier(&from_json, "NJ-I06"), "nomination");
    assert_eq!(from_json["summary"]["payout_total"], "1920000");

    // The amendments, each beside the base in a directory of their own.
    let dir = temp_dir("nanjing-amendments");
    copy_dir(&policies, &dir);
    for a in ["nanjing-2020-a1", "nanjing-2020-joint"] {
        copy_dir(&award.join("amendments").join(a), &dir.join(a));
    }
    let d = dir.to_str().unwrap();
    let diff = ok_stdout(&qaward(&[
        "diff",
        "nanjing-2020",
        "nanjing-2020-a1",
        "--policies",
        d,
        "--lang",
        "en",
    ]));
    assert_eq!(diff.matches("6 → 1").count(), 1, "{diff}");
    assert!(diff.contains("[Individuals]"), "{diff}");
    let joint = eval(
        "cohort.json",
        d,
        &["--policy", "nanjing-2020-joint", "--ignore-validity"],
    );
    // By share of each standard's total: 0.91, 0.888, 0.87, 0.866 keep the 4 awards.
    let awards: Vec<&str> = joint["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["tier"] == "award")
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(awards, ["NJ-O01", "NJ-O02", "NJ-I01", "NJ-I02"]);
    assert_eq!(tier(&joint, "NJ-O03"), "nomination");
    assert!(
        joint["warnings"]
            .to_string()
            .contains("the joint caps gave their places by share of each standard's total"),
        "{}",
        joint["warnings"]
    );
    // The undetermined organisation would take a place by its total: the result says so.
    assert!(
        from_json["warnings"]
            .to_string()
            .contains("NJ-O09 (total 786) would take a place"),
        "{}",
        from_json["warnings"]
    );
    // An amendment started with `new` from this base is formatted as written, and its
    // comments name the categories' stages and tiers.
    let fresh = temp_dir("nanjing-new");
    copy_dir(&policies, &fresh);
    let d = fresh.to_str().unwrap();
    let started = qaward(&[
        "new",
        "--from",
        "nanjing-2020",
        "--id",
        "nanjing-2020-a2",
        "--effective",
        "2025-01-01",
        "--policies",
        d,
    ]);
    assert_eq!(started.status.code(), Some(0), "{}", stderr(&started));
    let a2 = fresh.join("nanjing-2020-a2");
    assert_eq!(
        qaward(&["fmt", "--check", a2.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let text = std::fs::read_to_string(a2.join("policy.toml")).unwrap();
    assert!(
        text.contains("individual: material 0.50, defence 0.50"),
        "{text}"
    );
    // A path several categories each have, unqualified: only that, with the paths to write.
    let o = qaward(&[
        "whatif",
        award.join("cohort.json").to_str().unwrap(),
        "--policies",
        p,
        "--set",
        "tiers.award.quota=3",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("invalid-variant"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("tiers.award@organisation.quota or tiers.award@individual.quota"),
        "{}",
        stderr(&o)
    );
}
