//! Procedure options (contract section 7, "Procedure options"): no shortlist, a threshold of
//! 0, and open-ended validity — each evaluated, explained, listed and diffed.

use crate::common::*;

/// The 2024 policy without its `[shortlist]` section.
fn without_shortlist(name: &str) -> Policies {
    Policies::of(name, &["wuxi-2024"]).edit_with("wuxi-2024", |t| {
        let at = t.find("[shortlist]\n").unwrap();
        let end = at + t[at..].find("\n[ranking]").unwrap() + 1;
        format!("{}{}", &t[..at], &t[end..])
    })
}

#[test]
fn without_a_shortlist_every_eligible_applicant_goes_on() {
    let dir = without_shortlist("no-shortlist");
    let eval = |args: &[&str]| {
        let mut all = vec!["eval", SAMPLE, "--policies", dir.arg(), "--lang", "en"];
        all.extend_from_slice(args);
        qaward(&all)
    };
    let v = json_of(&eval(&["--format", "json"]));
    let s = &v["summary"];
    assert_eq!(s["shortlisted"], s["eligible"], "{s}");
    for a in v["applicants"].as_array().unwrap() {
        let eligible = a["eligibility"] == "eligible";
        assert_eq!(a["shortlisted"], eligible, "{a}");
        assert!(a.get("material_rank").is_none_or(|r| r.is_null()), "{a}");
    }
    let table = ok_stdout(&eval(&[]));
    assert!(
        table.contains("Ranking (no shortlist · reviewed"),
        "{table}"
    );
    let first = v["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["eligibility"] == "eligible")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let explain = ok_stdout(&qaward(&[
        "explain",
        SAMPLE,
        "--applicant",
        &first,
        "--policies",
        dir.arg(),
        "--lang",
        "en",
    ]));
    assert!(
        explain.contains("this policy draws no shortlist: every eligible applicant goes on to the material review, on-site review and presentation"),
        "{explain}"
    );
    // diff says the shortlist went.
    let with = Policies::of("with-shortlist", &["wuxi-2024"]);
    let d = stdout(&qaward(&[
        "diff",
        with.dir("wuxi-2024").to_str().unwrap(),
        dir.dir("wuxi-2024").to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(
        d.contains("shortlist (places × by) 20 × material → —"),
        "{d}"
    );
    // A sweep of the shortlist's size is refused for a policy that has none: no point holds.
    let o = qaward(&[
        "sweep",
        SAMPLE,
        "--policies",
        dir.arg(),
        "--vary",
        "shortlist.size=10..20:5",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the policy has no `shortlist.size` that can be varied"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_threshold_of_zero_sets_none() {
    let dir = Policies::of("threshold-zero", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "threshold = 0.50",
        "threshold = 0",
    );
    let o = qaward(&["eval", SAMPLE, "--policies", dir.arg(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json_of(&o);
    // Every ranked applicant below the first tier's places is now within the second's reach.
    let nominated = v["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["tier"] == "nomination")
        .count();
    assert!(nominated > 0, "{v}");
}

#[test]
fn an_open_ended_policy_is_in_force_from_its_first_day_on() {
    let dir =
        Policies::of("open-ended", &["wuxi-2024"]).edit("wuxi-2024", "expires = 2029-03-31\n", "");
    let o = qaward(&[
        "eval",
        SAMPLE,
        "--policies",
        dir.arg(),
        "--as-of",
        "2040-01-01",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json_of(&o);
    assert_eq!(v["policy"]["expires"], serde_json::Value::Null);
    assert_eq!(v["in_force"], true);
    let listed = ok_stdout(&qaward(&[
        "policies",
        "--policies",
        dir.arg(),
        "--lang",
        "en",
    ]));
    assert!(listed.contains("2024-04-01 –  "), "{listed}");
    let before = qaward(&[
        "eval",
        SAMPLE,
        "--policies",
        dir.arg(),
        "--as-of",
        "2024-03-31",
        "--lang",
        "en",
    ]);
    assert_eq!(before.status.code(), Some(2));
    assert!(
        stderr(&before).contains("from 2024-04-01, open-ended")
            || stderr(&before).contains("no policy is in force"),
        "{}",
        stderr(&before)
    );
}

#[test]
fn citations_in_the_chinese_form_and_unknown_articles() {
    let dir = Policies::of("cites", &["wuxi-2024"])
        .edit(
            "wuxi-2024",
            "id = \"art10.3\"\ncite = \"Art. 10(3)\"",
            "id = \"art10.3\"\ncite = \"第十条第（三）项\"",
        )
        .edit(
            "wuxi-2024",
            "value = 3\ncite = \"Art. 10(3)\"",
            "value = 3\ncite = \"unknown\"",
        );
    let o = qaward(&[
        "check",
        "wuxi-2024",
        "--policies",
        dir.arg(),
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let v = eval_json(SAMPLE, &dir);
    let cond = v["applicants"][0]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "art10.3")
        .unwrap();
    assert_eq!(
        cond["cite"], "Art. 10(3)",
        "the Chinese form reads as the same citation"
    );
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("params.industry_rank_limit"),
        "an unknown article is unverified: {warnings}"
    );
    let listed = ok_stdout(&qaward(&[
        "policies",
        "--policies",
        dir.arg(),
        "--format",
        "json",
    ]));
    assert!(listed.contains("params.industry_rank_limit"), "{listed}");
    // A malformed one is still refused, with both forms in the fix.
    let bad = Policies::of("cites-bad", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "id = \"art10.3\"\ncite = \"Art. 10(3)\"",
        "id = \"art10.3\"\ncite = \"第十条第（x）项\"",
    );
    let out = refused_check(&bad);
    assert!(
        out.contains("第…条第（…）项")
            && out.contains("Art. <article>(<item>)")
            && out.contains("unknown"),
        "{out}"
    );
}

/// The 2024 policy with its public notice counted another way.
fn notice(name: &str, how: &str) -> Policies {
    Policies::of(name, &["wuxi-2024"]).edit_with("wuxi-2024", |t| {
        let at = t.find("[publicity]\n").unwrap() + "[publicity]\n".len();
        format!("{}{how}\n{}", &t[..at], &t[at..])
    })
}

/// The sample cohort with its notice starting on `start`.
fn cohort_starting(name: &str, start: &str) -> String {
    let text = std::fs::read_to_string(workdir().join(SAMPLE))
        .unwrap()
        .replacen(
            "\"publicity_start\": \"2024-12-02\"",
            &format!("\"publicity_start\": \"{start}\""),
            1,
        );
    let path = temp_dir(name).join("cohort.json");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_notice_counts_working_days_or_by_the_civil_code() {
    let window = |policies: &Policies, start: &str| {
        let c = cohort_starting("notice-cohort", start);
        let o = qaward(&[
            "eval",
            &c,
            "--policies",
            policies.arg(),
            "--format",
            "json",
            "--lang",
            "en",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v = json_of(&o);
        (
            v["publicity"]["start"].clone(),
            v["publicity"]["end"].clone(),
            v["warnings"].to_string(),
        )
    };
    // 7 working days from Fri 2024-09-27 across the National Day holiday: Sep 27, 29 (worked
    // Sunday), 30, Oct 8, 9, 10, 11.
    let working = notice(
        "notice-working",
        "day_kind = \"working\"\ncalendar = \"china\"",
    );
    let (start, end, _) = window(&working, "2024-09-27");
    assert_eq!(
        (start.as_str(), end.as_str()),
        (Some("2024-09-27"), Some("2024-10-11"))
    );
    // By the Civil Code: from the next day; 7 days end on Oct 4, a holiday, so Oct 8.
    let civil = notice("notice-civil", "civil_code = true\ncalendar = \"china\"");
    let (start, end, _) = window(&civil, "2024-09-27");
    assert_eq!(
        (start.as_str(), end.as_str()),
        (Some("2024-09-28"), Some("2024-10-08"))
    );
    let base = Policies::of("notice-base", &["wuxi-2024"]);
    let d = stdout(&qaward(&[
        "diff",
        base.dir("wuxi-2024").to_str().unwrap(),
        working.dir("wuxi-2024").to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(
        d.contains("how the public notice is counted calendar days → working days, calendar china"),
        "{d}"
    );
    // A year the calendar does not have: no window, and a warning saying why.
    let (_, end, warnings) = window(&working, "2027-12-27");
    assert!(end.is_null(), "{end}");
    assert!(warnings.contains("has no holidays for 2027"), "{warnings}");
    let table = ok_stdout(&qaward(&[
        "eval",
        &cohort_starting("notice-table", "2024-09-27"),
        "--policies",
        working.arg(),
        "--lang",
        "en",
    ]));
    assert!(
        table.contains("public notice: 2024-09-27 — 2024-10-11 (7 working days"),
        "{table}"
    );
    // Working days without a calendar, or a calendar that is not there, are refused at load.
    for (how, says) in [
        ("day_kind = \"working\"", "needs a calendar"),
        (
            "day_kind = \"working\"\ncalendar = \"chian\"",
            "did you mean `china`?",
        ),
        (
            "day_kind = \"weekdays\"",
            "is not one of \"calendar\" or \"working\"",
        ),
    ] {
        let p = notice("notice-bad", how);
        let out = refused_check(&p);
        assert!(out.contains(says), "{how}: {out}");
    }
    // The calendar is part of the policy's digest.
    let digest = |p: &Policies| {
        json_of(&qaward(&[
            "eval",
            SAMPLE,
            "--policies",
            p.arg(),
            "--format",
            "json",
        ]))["policy"]["digest"]
            .clone()
    };
    let edited = notice(
        "notice-edited",
        "day_kind = \"working\"\ncalendar = \"china\"",
    );
    let before = digest(&edited);
    let cal = edited.path().join("calendars").join("china.toml");
    let text = std::fs::read_to_string(&cal)
        .unwrap()
        .replacen("\"2024-06-10\",", "", 1);
    std::fs::write(&cal, text).unwrap();
    assert_ne!(before, digest(&edited));
}
