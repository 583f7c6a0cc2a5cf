//! Categories (contract section 7): each category shortlisted, ranked and placed on its own
//! under its own tiers; conditions limited to categories; a joint cap flagged, or deciding by
//! total where the policy says so; amendments and `--set` naming one category's entry; an
//! applicant without a category undetermined; an unknown category bad input.

use crate::common::*;

/// The 2024 policy with two categories: organisations keep the shared tiers, individuals have
/// their own (one place each, smaller amounts); Art. 10 ¶1's organisation forms apply to
/// organisations only; at most `cap` awards across both.
fn two_categories(name: &str, cap: u32) -> Policies {
    let extra = format!(
        r#"
[[categories]]
id = "organisation"
title = {{ zh = "组织", en = "Organisations" }}

[[categories]]
id = "individual"
title = {{ zh = "个人", en = "Individuals" }}

[[tiers]]
id = "award"
category = "individual"
title = {{ zh = "个人奖", en = "Individual award" }}
quota = 1
threshold = 0.60
amount = 50000
currency = "CNY"

[[tiers]]
id = "nomination"
category = "individual"
title = {{ zh = "个人提名奖", en = "Individual nomination" }}
quota = 1
threshold = 0.50
amount = 10000
currency = "CNY"

[[caps]]
tier = "award"
categories = ["organisation", "individual"]
max = {cap}
"#
    );
    Policies::of(name, &["wuxi-2024"]).edit_with("wuxi-2024", |t| {
        let t = t.replacen(
            "id = \"art10.form\"\n",
            "id = \"art10.form\"\ncategories = [\"organisation\"]\n",
            1,
        );
        format!("{t}{extra}")
    })
}

/// The sample cohort with categories: three individuals (one by its Chinese title), one
/// applicant without a category, the rest organisations.
fn categorised_cohort(name: &str, edit: impl Fn(&str, &mut serde_json::Value)) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workdir().join(SAMPLE)).unwrap()).unwrap();
    for a in v["applicants"].as_array_mut().unwrap() {
        let id = a["id"].as_str().unwrap().to_owned();
        let category = match id.as_str() {
            "WX2024-002" | "WX2024-007" => Some("individual"),
            "WX2024-013" => Some("个人"),
            "WX2024-016" => None,
            _ => Some("organisation"),
        };
        if let Some(c) = category {
            a["category"] = c.into();
        }
        edit(&id, a);
    }
    let path = temp_dir(name).join("cohort.json");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

fn by_id<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

#[test]
fn each_category_is_placed_on_its_own() {
    let dir = two_categories("categories", 10);
    let c = categorised_cohort("categories", |_, _| {});
    let o = qaward(&[
        "eval",
        &c,
        "--policies",
        dir.arg(),
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json_of(&o);
    // Individuals: one award, one nomination, by their own ranking and amounts.
    let tier = |id: &str| by_id(&v, id)["tier"].clone();
    assert_eq!(by_id(&v, "WX2024-002")["category"], "individual");
    assert_eq!(
        by_id(&v, "WX2024-013")["category"],
        "individual",
        "read by its Chinese title"
    );
    assert_eq!(tier("WX2024-002"), "award");
    assert_eq!(by_id(&v, "WX2024-002")["payout"], "50000");
    assert_eq!(tier("WX2024-007"), "nomination");
    assert_eq!(
        by_id(&v, "WX2024-007")["rank"],
        2,
        "ranked among individuals"
    );
    assert_eq!(
        tier("WX2024-013"),
        serde_json::Value::Null,
        "below the threshold"
    );
    // Organisations: five awards and the nominations above the threshold, among themselves.
    for id in [
        "WX2024-001",
        "WX2024-003",
        "WX2024-004",
        "WX2024-005",
        "WX2024-006",
    ] {
        assert_eq!(tier(id), "award", "{id}");
    }
    assert_eq!(tier("WX2024-008"), "nomination");
    // The per-category summaries, and the totals over both.
    let s = &v["summary"];
    assert_eq!(s["categories"]["individual"]["tiers"]["award"], 1, "{s}");
    assert_eq!(
        s["categories"]["individual"]["payout_total"], "60000",
        "{s}"
    );
    assert_eq!(s["categories"]["organisation"]["tiers"]["award"], 5, "{s}");
    assert_eq!(s["tiers"]["award"], 6, "{s}");
    // A condition for organisations only is not applicable to individuals.
    let form = |id: &str| {
        by_id(&v, id)["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "art10.form")
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(form("WX2024-002"), "not_applicable");
    assert_eq!(form("WX2024-001"), "pass");
    // No category: undetermined, and said.
    assert_eq!(by_id(&v, "WX2024-016")["eligibility"], "undetermined");
    assert!(
        v["warnings"]
            .to_string()
            .contains("WX2024-016 give no category"),
        "{}",
        v["warnings"]
    );
    // The output validates against the shipped result schema.
    let o = qaward(&["eval", &c, "--policies", dir.arg(), "--format", "json"]);
    let result = json_of(&o);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/result.schema.json")).unwrap(),
    )
    .unwrap();
    let errors: Vec<String> = jsonschema::validator_for(&schema)
        .unwrap()
        .iter_errors(&result)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_joint_cap_is_flagged_not_resolved() {
    let dir = two_categories("categories-cap", 5);
    let c = categorised_cohort("categories-cap", |_, _| {});
    let v = eval_json(&c, &dir);
    let flagged: Vec<&str> = v["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["flags"].to_string().contains("over_joint_cap"))
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        flagged.len(),
        6,
        "every award holder is flagged: {flagged:?}"
    );
    assert_eq!(by_id(&v, "WX2024-002")["tier"], "award", "nobody is moved");
    assert!(
        v["warnings"]
            .to_string()
            .contains("together hold 6 places of `award`, over the joint cap of 5"),
        "{}",
        v["warnings"]
    );
}

#[test]
fn an_unknown_category_is_bad_input() {
    let dir = two_categories("categories-bad", 10);
    let c = categorised_cohort("categories-bad", |id, a| {
        if id == "WX2024-003" {
            a["category"] = "organisations".into();
        }
    });
    let o = qaward(&["eval", &c, "--policies", dir.arg(), "--lang", "en"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("/applicants/2/category"), "{err}");
    assert!(err.contains("did you mean `organisation`?"), "{err}");
    // A tier of a category that is not declared is refused at load.
    let bad = two_categories("categories-bad-policy", 10).edit(
        "wuxi-2024",
        "category = \"individual\"\ntitle = { zh = \"个人奖\"",
        "category = \"individuals\"\ntitle = { zh = \"个人奖\"",
    );
    let out = refused_check(&bad);
    assert!(
        out.contains("the category `individuals` is not declared")
            && out.contains("did you mean `individual`?"),
        "{out}"
    );
}

#[test]
fn the_table_and_explain_go_category_by_category() {
    let dir = two_categories("categories-table", 10);
    let c = categorised_cohort("categories-table", |_, _| {});
    let table = ok_stdout(&qaward(&[
        "eval",
        &c,
        "--policies",
        dir.arg(),
        "--lang",
        "en",
    ]));
    let individuals = table
        .find("Shortlist and ranking — Individuals")
        .expect("a section per category");
    assert!(table.find("Shortlist and ranking — Organisations").unwrap() < individuals);
    let section = &table[individuals..];
    assert!(
        section.lines().nth(2).unwrap().contains("WX2024-002"),
        "{section}"
    );
    assert!(section.contains("Individual award"), "{section}");
    assert!(
        table.contains("Individuals: applicants 3 · eligible 3 · shortlisted 3"),
        "{table}"
    );
    assert!(
        table.contains("  Individual award: proposed 1 / quota 1"),
        "{table}"
    );
    let explain = ok_stdout(&qaward(&[
        "explain",
        &c,
        "--applicant",
        "WX2024-007",
        "--policies",
        dir.arg(),
        "--lang",
        "en",
    ]));
    assert!(explain.contains("category: Individuals"), "{explain}");
    assert!(
        explain.contains("total 688.25 ranks 2 of 3"),
        "ranked among its category: {explain}"
    );
    assert!(
        explain.contains("1 places, 1 taken by those ranked above"),
        "{explain}"
    );
    assert!(
        explain.contains("proposed for the Individual nomination candidate list"),
        "{explain}"
    );
}

#[test]
fn what_if_sweep_and_stability_name_a_category_s_entries() {
    let dir = two_categories("categories-whatif", 10);
    let c = categorised_cohort("categories-whatif", |_, _| {});
    // One category's tier by `ID@CATEGORY`: the individuals' second place moves up.
    let o = qaward(&[
        "whatif",
        &c,
        "--policies",
        dir.arg(),
        "--set",
        "tiers.award@individual.quota=2",
        "--lang",
        "en",
    ]);
    let out = ok_stdout(&o);
    assert!(out.contains("1 applicant(s) change"), "{out}");
    assert!(
        out.contains("WX2024-007")
            && out.contains(
                "nomination · 10,000 → eligible · shortlisted · #2 · 688.25 · award · 50,000"
            ),
        "{out}"
    );
    assert!(
        out.contains("Individual award (Individuals) filled/quota/vacant: 1/1/0 → 2/2/0"),
        "{out}"
    );
    assert!(
        out.contains("Mayor's Quality Award (Organisations) filled/quota/vacant: 5/5/0 (=)"),
        "{out}"
    );
    // A category the policy does not declare: the help names the ones it does.
    let o = qaward(&[
        "whatif",
        &c,
        "--policies",
        dir.arg(),
        "--set",
        "tiers.award@organisations.quota=2",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("`tiers.award@organisations.quota`: the policy declares no such category"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("the categories declared: organisation, individual"),
        "{}",
        stderr(&o)
    );
    let sweep = ok_stdout(&qaward(&[
        "sweep",
        &c,
        "--policies",
        dir.arg(),
        "--vary",
        "tiers.award@individual.quota=1..2:1",
        "--lang",
        "en",
    ]));
    let at = sweep.find("WX2024-007").unwrap();
    assert!(
        sweep[at..].lines().nth(1).unwrap().contains(": 2"),
        "{sweep}"
    );
    let stability = ok_stdout(&qaward(&[
        "stability",
        &c,
        "--policies",
        dir.arg(),
        "--trials",
        "20",
        "--noise",
        "1",
        "--lang",
        "en",
    ]));
    let line = stability
        .lines()
        .find(|l| l.starts_with("WX2024-007"))
        .unwrap();
    assert!(line.contains("nomination"), "{line}");
}

#[test]
fn diff_history_and_totals_know_the_categories() {
    // diff: a category's own tier changed is said under the category's name; caps and the
    // categories a condition applies to are changes too.
    let old = two_categories("categories-diff-old", 10);
    let new = two_categories("categories-diff-new", 8).edit(
        "wuxi-2024",
        "quota = 1\nthreshold = 0.60\namount = 50000",
        "quota = 2\nthreshold = 0.60\namount = 50000",
    );
    let new = new.edit(
        "wuxi-2024",
        "categories = [\"organisation\"]\n",
        "categories = [\"organisation\", \"individual\"]\n",
    );
    let d = ok_stdout(&qaward(&[
        "diff",
        old.dir("wuxi-2024").to_str().unwrap(),
        new.dir("wuxi-2024").to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(d.contains("[Individuals]") && d.contains("1 → 2"), "{d}");
    assert!(
        d.contains("joint cap on Mayor's Quality Award, Individual award 10 → 8"),
        "{d}"
    );
    assert!(
        d.contains("applies to categories organisation → organisation, individual"),
        "{d}"
    );
    // An earlier win in another category is not a prior win; one in the same category is.
    let dir = two_categories("categories-history", 10);
    let c = categorised_cohort("categories-history", |id, a| {
        if id == "WX2024-002" {
            a["history"] =
                serde_json::json!([{"year": 2022, "tier": "award", "category": "organisation"}]);
        }
        if id == "WX2024-007" {
            a["history"] =
                serde_json::json!([{"year": 2022, "tier": "nomination", "category": "个人"}]);
        }
    });
    let v = json_of(&qaward(&[
        "eval",
        &c,
        "--policies",
        dir.arg(),
        "--format",
        "json",
    ]));
    assert_eq!(by_id(&v, "WX2024-002")["first_time"], true);
    assert_eq!(by_id(&v, "WX2024-007")["first_time"], false);
    // A score above its own category's total is bad input.
    let small = two_categories("categories-total", 10).edit_with("wuxi-2024", |t| {
        t.replacen(
            "\n[[caps]]",
            "\n[[scoring]]\ncategory = \"individual\"\ntotal = 100\n\n[[caps]]",
            1,
        )
        .replacen("[scoring]\n", "[[scoring]]\n", 1)
    });
    let o = qaward(&["eval", &c, "--policies", small.arg(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("exceeds the standard's total 100"),
        "{}",
        stderr(&o)
    );
}

/// Issue 24: a cap that decides. Under `rule = "by_total"` the places go to the highest totals
/// across the categories; the one left out drops to its category's next tier. Checked against
/// the flag-only run: the same six candidates, the lowest total of them moved.
#[test]
fn a_joint_cap_decides_by_total_where_the_policy_says_so() {
    let c = categorised_cohort("categories-cap-decides", |_, _| {});
    let flagged = eval_json(&c, &two_categories("categories-cap-flag", 5));
    let mut holders: Vec<(f64, String)> = flagged["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["tier"] == "award")
        .map(|a| {
            let total: f64 = a["total"].as_str().unwrap().parse().unwrap();
            (total, a["id"].as_str().unwrap().to_owned())
        })
        .collect();
    holders.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    assert_eq!(holders.len(), 6);
    let dropped = &holders[5].1;

    let deciding = two_categories("categories-cap-decides", 5).edit(
        "wuxi-2024",
        "max = 5\n",
        "max = 5\nrule = \"by_total\"\n",
    );
    let v = eval_json(&c, &deciding);
    let awards: Vec<&str> = v["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["tier"] == "award")
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(awards.len(), 5, "{awards:?}");
    assert!(!awards.contains(&dropped.as_str()), "{awards:?} {dropped}");
    assert_eq!(by_id(&v, dropped)["tier"], "nomination");
    assert!(
        !v.to_string().contains("over_joint_cap"),
        "nobody left to flag"
    );
    assert!(
        v["warnings"]
            .to_string()
            .contains(&format!("{dropped} from Mayor's Quality Award to")),
        "{}",
        v["warnings"]
    );
    // whatif and diff --cohort show the effect of the rule.
    let w = ok_stdout(&qaward(&[
        "whatif",
        &c,
        "--policies",
        two_categories("categories-cap-whatif", 5).arg(),
        "--set",
        "caps.award.rule=by_total",
        "--lang",
        "en",
    ]));
    assert!(w.contains(dropped.as_str()), "{w}");
    assert!(w.contains("the joint cap of 5"), "{w}");
}

/// Issue 24: an amendment (and `--set`) changes one category's entry. Organisations use the
/// shared tiers; lowering their nomination places copies the shared tiers for them, and the
/// individuals' own tiers stay as they are. The diff says the change once, under the category.
#[test]
fn an_amendment_changes_one_categorys_tier() {
    let base = two_categories("categories-amend-set", 10);
    let amendment = r#"format = "qaward.amendment.v1"

[amendment]
id = "wuxi-2024-org-nominations"
extends = "wuxi-2024"
title = { zh = "示例：组织提名奖3个", en = "Example: three nominations for organisations" }
effective = 2025-01-01
decision = { number = "示例1号", date = 2024-12-20, body = "评委会（示例）" }

[[tiers]]
id = "nomination"
category = "organisation"
quota = 3
"#;
    let dir = two_categories("categories-amend", 10).write(
        "wuxi-2024-org-nominations",
        "policy.toml",
        amendment,
    );
    let c = categorised_cohort("categories-amend", |_, _| {});
    let v = json_of(&qaward(&[
        "eval",
        &c,
        "--policies",
        dir.arg(),
        "--policy",
        "wuxi-2024-org-nominations",
        "--ignore-validity",
        "--format",
        "json",
    ]));
    let count = |tier: &str, individual: bool| {
        v["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["tier"] == tier)
            .filter(|a| (a["category"] == "individual") == individual)
            .count()
    };
    assert_eq!(count("nomination", false), 3);
    assert_eq!(count("award", true), 1, "individuals keep their own tiers");
    let d = ok_stdout(&qaward(&[
        "diff",
        "wuxi-2024",
        "wuxi-2024-org-nominations",
        "--policies",
        dir.arg(),
        "--lang",
        "en",
    ]));
    assert_eq!(d.matches("10 → 3").count(), 1, "{d}");
    assert!(d.contains("[Organisations]"), "{d}");
    // The same through --set, and an unknown category is refused with the ones there are.
    let w = ok_stdout(&qaward(&[
        "whatif",
        &c,
        "--policies",
        base.arg(),
        "--set",
        "tiers.nomination@organisation.quota=3",
        "--lang",
        "en",
    ]));
    assert!(w.contains("[Organisations]"), "{w}");
    let o = qaward(&[
        "whatif",
        &c,
        "--policies",
        base.arg(),
        "--set",
        "tiers.nomination@robots.quota=3",
        "--lang",
        "en",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("organisation, individual"),
        "{}",
        stderr(&o)
    );
}

/// Issue 24: fields and record kinds limited to categories. The China Quality Award example
/// declares which fields organisations and individuals give: `fields` says so in a column,
/// an individual's template carries only what individuals give, a value given under the wrong
/// category is a warning, and a condition reading another category's field is linted.
#[test]
fn fields_and_records_follow_their_categories() {
    let award = workdir().join("examples/china-quality-award");
    let policies = award.join("policies");
    let policies = policies.to_str().unwrap();
    let listing = ok_stdout(&qaward(&["fields", "--policies", policies]));
    assert!(listing.contains("适用类别"), "{listing}");
    let row = |path: &str| {
        listing
            .lines()
            .find(|l| l.starts_with(&format!("{path} ")))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(row("org_form").contains("组织"), "{listing}");
    assert!(row("citizen").contains("个人"), "{listing}");
    assert!(row("category").contains("individual=个人"), "{listing}");
    let json = json_of(&qaward(&[
        "fields",
        "--policies",
        policies,
        "--format",
        "json",
    ]));
    let org_form = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "org_form")
        .unwrap();
    assert_eq!(org_form["categories"], serde_json::json!(["organisation"]));

    // An individual's template: no organisation field, its category and noun given.
    let t = json_of(&qaward(&[
        "template",
        "--policies",
        policies,
        "--category",
        "个人",
        "--format",
        "json",
        "--as-of",
        "2023-05-01",
    ]));
    let example = &t["applicants"][0];
    assert_eq!(example["category"], "individual");
    assert!(example.get("org_form").is_none(), "{example}");
    assert!(example.get("citizen").is_some(), "{example}");
    let o = qaward(&[
        "template",
        "--policies",
        policies,
        "--category",
        "robots",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("organisation（组织）"),
        "{}",
        stderr(&o)
    );

    // An individual who gives an organisation's field: a warning, and no other effect.
    let mut cohort: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(award.join("cohort.json")).unwrap()).unwrap();
    let plain = json_of(&qaward(&[
        "eval",
        award.join("cohort.json").to_str().unwrap(),
        "--policies",
        policies,
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    for a in cohort["applicants"].as_array_mut().unwrap() {
        if a["id"] == "CQA-I1" {
            a["org_form"] = "legal_person".into();
        }
    }
    let path = temp_dir("categories-fields").join("cohort.json");
    std::fs::write(&path, cohort.to_string()).unwrap();
    let v = json_of(&qaward(&[
        "eval",
        path.to_str().unwrap(),
        "--policies",
        policies,
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    assert!(
        v["warnings"]
            .to_string()
            .contains("CQA-I1 give org_form (for organisation only)"),
        "{}",
        v["warnings"]
    );
    assert_eq!(v["applicants"], plain["applicants"]);

    // A condition for organisations reading a field only individuals give is linted; --quiet
    // keeps the count but prints no warning.
    let dir = temp_dir("categories-lint");
    copy_dir(&award.join("policies"), &dir);
    let file = dir.join("china-quality-award/policy.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let at = text.find("[fields.org_form]").unwrap();
    let (head, tail) = text.split_at(at);
    let tail = tail.replacen(
        "categories = [\"organisation\"]",
        "categories = [\"individual\"]",
        1,
    );
    std::fs::write(&file, format!("{head}{tail}")).unwrap();
    let check = qaward(&["check", "--policies", dir.to_str().unwrap(), "--lang", "en"]);
    let said = stdout(&check);
    assert!(said.contains("lint::field-of-another-category"), "{said}");
    assert!(
        said.contains("condition `org.form` applies to organisation"),
        "{said}"
    );
    let quiet = stdout(&qaward(&[
        "check",
        "--policies",
        dir.to_str().unwrap(),
        "--lang",
        "en",
        "-q",
    ]));
    assert!(!quiet.contains("warning["), "{quiet}");
    assert!(quiet.contains("warning"), "the count stays: {quiet}");
}
