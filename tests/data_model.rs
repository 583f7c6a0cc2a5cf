//! The policy declares its data (contract section 6): a field and a condition on it added
//! with no Rust change (in a policy and in an amendment), another award's own stages and tiers
//! with repeat-winner detection, undeclared and misspelt keys warned once with the nearest
//! field, enum labels read as values, wrong types named by pointer, and the shipped cohort
//! schema equal to the one derived from wuxi-2024.

use crate::common::*;

const ISO_FIELD: &str = r#"
[fields."certifications.iso9001"]
type = "bool"
title = { zh = "持有有效的 ISO 9001 认证", en = "Holds a valid ISO 9001 certificate" }
cite = "Art. 10 ¶2"
"#;

const ISO_CONDITION: &str = r#"
[[conditions]]
id = "art10.iso"
cite = "Art. 10 ¶2"
title = { zh = "持有有效的 ISO 9001 认证", en = "ISO 9001 certified" }

  [[conditions.clauses]]
  id = "iso9001"
  field = "certifications.iso9001"
  op = "=="
  value = true
"#;

/// Three applicants: certified, not certified, not saying.
const ISO_COHORT: &str = r#"{"cycle": {"year": 2024, "application_deadline": "2024-09-01"},
 "applicants": [
  {"id": "C1", "certifications": {"iso9001": true}},
  {"id": "C2", "certifications": {"iso9001": false}},
  {"id": "C3"}]}"#;

fn iso_statuses(v: &serde_json::Value) -> Vec<String> {
    v["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let c = a["conditions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == "art10.iso")
                .expect("the new condition is evaluated");
            c["status"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn a_new_field_and_a_condition_on_it_need_no_rust_change() {
    let dir = Policies::of("iso", &["wuxi-2024"]).with_condition(ISO_CONDITION, ISO_FIELD);
    let cohort = temp_dir("iso-cohort").join("cohort.json");
    std::fs::write(&cohort, ISO_COHORT).unwrap();
    let v = json_of(&qaward(&[
        "eval",
        cohort.to_str().unwrap(),
        "--policies",
        dir.arg(),
        "--format",
        "json",
    ]));
    assert_eq!(iso_statuses(&v), ["pass", "fail", "undetermined"]);
    // The same change as an amendment declaring the field and adding the condition.
    let amendment = format!(
        r#"format = "qaward.amendment.v1"

[amendment]
id = "wuxi-2024-iso"
extends = "wuxi-2024"
title = {{ zh = "示例：增加 ISO 9001 条件", en = "Example: an ISO 9001 condition" }}
effective = 2024-04-01
decision = {{ number = "示例〔2024〕2号 (hypothetical)", date = 2024-03-01, body = "example" }}

[fields."certifications.iso9001"]
new = true
type = "bool"
title = {{ zh = "持有有效的 ISO 9001 认证", en = "Holds a valid ISO 9001 certificate" }}

{}"#,
        ISO_CONDITION.replace("id = \"art10.iso\"", "id = \"art10.iso\"\nchange = \"add\"")
    );
    let dir =
        Policies::of("iso-amend", &["wuxi-2024"]).write("wuxi-2024-iso", "policy.toml", &amendment);
    let v = json_of(&qaward(&[
        "eval",
        cohort.to_str().unwrap(),
        "--policies",
        dir.arg(),
        "--policy",
        "wuxi-2024-iso",
        "--format",
        "json",
    ]));
    assert_eq!(iso_statuses(&v), ["pass", "fail", "undetermined"]);
    // Naming a field nobody declared is an error with the nearest declared one.
    let cond = ISO_CONDITION.replace("\"certifications.iso9001\"", "\"certification.iso9001\"");
    let dir = Policies::of("iso-typo", &["wuxi-2024"]).with_condition(&cond, ISO_FIELD);
    let o = qaward(&[
        "check",
        dir.dir("wuxi-2024").to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("policy::unknown-field")
            && out.contains("certification.iso9001")
            && out.contains("did you mean `certifications.iso9001`?"),
        "{out}"
    );
}

/// Another award: two stages, three tiers, its own fields and record kind.
const OTHER_AWARD: &str = r#"format = "qaward.policy.v1"

[policy]
id = "other-award"
family = "other-award"
title = { zh = "另一质量奖（测试）", en = "Another quality award (test)" }
issuer = { zh = "测试", en = "Test" }
effective = 2024-01-01
expires = 2026-12-31

[params.min_staff]
value = 50
title = { zh = "最少员工人数", en = "Least staff" }

[params.fraud_window]
value = 5
title = { zh = "造假记录追溯年数", en = "Years looked back for fraud" }

[[conditions]]
id = "c1"
cite = "Art. 1"
title = { zh = "员工人数", en = "Staff" }

  [[conditions.clauses]]
  id = "staff"
  field = "workforce.staff"
  op = ">="
  param = "min_staff"

[[conditions]]
id = "c2"
cite = "Art. 2"
title = { zh = "无造假", en = "No fraud" }

  [[conditions.clauses]]
  id = "no_fraud"
  kind = "no_record"
  record_kind = "fraud"
  window_param = "fraud_window"

[scoring]
total = 100

[[stages]]
id = "review"
title = { zh = "评审", en = "Review" }
weight = 0.40

[[stages]]
id = "defence"
title = { zh = "答辩", en = "Defence" }
weight = 0.60

[shortlist]
stage = "review"
size = 10

[ranking]
tie_break = ["defence", "review"]

[[tiers]]
id = "gold"
title = { zh = "金奖", en = "Gold" }
quota = 1
threshold = 0.80
amount = 300
currency = "CNY"

[[tiers]]
id = "silver"
title = { zh = "银奖", en = "Silver" }
quota = 1
threshold = 0.70
amount = 200
currency = "CNY"

[[tiers]]
id = "bronze"
title = { zh = "铜奖", en = "Bronze" }
quota = 2
threshold = 0.60
amount = 100
currency = "CNY"

[publicity]
days = 5

[fields."workforce.staff"]
type = "integer"
title = { zh = "员工人数", en = "Staff" }
min = 0

[records.fraud]
title = { zh = "弄虚作假", en = "Fraud" }
"#;

#[test]
fn another_award_with_its_own_stages_tiers_and_history() {
    let dir = Policies::of("other", &[]).write("other-award", "policy.toml", OTHER_AWARD);
    let cohort = temp_dir("other-cohort").join("cohort.json");
    std::fs::write(
        &cohort,
        r#"{"cycle": {"year": 2025, "application_deadline": "2025-06-30"},
 "applicants": [
  {"id": "G", "workforce": {"staff": 80}, "records": [], "scores": {"review": 95, "defence": 90}, "history": [{"year": 2023, "tier": "gold"}]},
  {"id": "S", "workforce": {"staff": 60}, "records": [], "scores": {"review": 80, "defence": 75}},
  {"id": "B", "workforce": {"staff": 55}, "records": [], "scores": {"review": 62, "defence": 65}, "history": [{"year": 2024, "tier": "silver"}]},
  {"id": "F", "workforce": {"staff": 500}, "records": [{"kind": "fraud", "date": "2022-01-01"}], "scores": {"review": 99, "defence": 99}},
  {"id": "X", "workforce": {"staff": 10}, "scores": {"review": 99, "defence": 99}}]}"#,
    )
    .unwrap();
    let v = json_of(&qaward(&[
        "eval",
        cohort.to_str().unwrap(),
        "--policies",
        dir.arg(),
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    let by_id = |id: &str| {
        v["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    let g = by_id("G");
    assert_eq!(g["tier"], "gold");
    assert_eq!(g["total"], "92");
    assert_eq!(g["first_time"], false, "an earlier gold is a repeat");
    assert_eq!(g["payout"], "0");
    let s = by_id("S");
    assert_eq!(
        (s["tier"].as_str(), s["payout"].as_str()),
        (Some("silver"), Some("200"))
    );
    let b = by_id("B");
    assert_eq!(b["tier"], "bronze", "{b}");
    assert_eq!(
        b["first_time"], true,
        "an earlier silver does not stop a first bronze"
    );
    assert_eq!(b["payout"], "100");
    assert_eq!(by_id("F")["eligibility"], "ineligible");
    assert_eq!(by_id("X")["eligibility"], "ineligible");
    assert_eq!(v["summary"]["tiers"]["gold"], 1);
    assert_eq!(v["summary"]["vacancies"]["bronze"], 1);
    // Explanations speak of this award's own stages, in both languages.
    for (lang, words) in [
        (
            "en",
            [
                "review score 80",
                "proposed to the committee for the defence",
            ],
        ),
        ("zh", ["评审得分80", "拟提请评委会确定进入答辩。"]),
    ] {
        let explain = stdout(&qaward(&[
            "explain",
            cohort.to_str().unwrap(),
            "--policies",
            dir.arg(),
            "--applicant",
            "S",
            "--lang",
            lang,
        ]));
        for w in words {
            assert!(explain.contains(w), "{w}: {explain}");
        }
    }
    // History naming a tier the policy does not have is bad input.
    std::fs::write(
        &cohort,
        r#"{"cycle": {"year": 2025, "application_deadline": "2025-06-30"},
 "applicants": [{"id": "G", "history": [{"year": 2023, "tier": "award"}]}]}"#,
    )
    .unwrap();
    let o = qaward(&[
        "eval",
        cohort.to_str().unwrap(),
        "--policies",
        dir.arg(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/applicants/0/history/0/tier"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn undeclared_keys_are_warned_once_and_labels_read_as_values() {
    let cohort = temp_dir("keys").join("cohort.json");
    std::fs::write(
        &cohort,
        r#"{"cycle": {"year": 2024, "application_deadline": "2024-09-01"},
 "applicants": [
  {"id": "K1", "org_form": "法人", "established": "2010-01-01", "scores": {"materials": "700"}},
  {"id": "K2", "org_form": "legal person", "established": "2011-01-01", "scores": {"materials": "710"}},
  {"id": "K3", "org_form": "branch"}]}"#,
    )
    .unwrap();
    let v = json_of(&qaward(&[
        "eval",
        cohort.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let about = |key: &str| warnings.iter().filter(|w| w.contains(key)).count();
    assert_eq!(about("`established` (K1, K2)"), 1, "{warnings:#?}");
    assert_eq!(about("`scores.materials` (K1, K2)"), 1, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`scores.materials`")
                && w.contains("did you mean `scores.material`?"))
    );
    assert!(warnings
        .iter()
        .any(|w| w.contains("`established`") && w.contains("did you mean `established_on`?")));
    assert!(warnings
        .iter()
        .any(|w| w.contains("applicant `K2`") && w.contains("\"legal person\"")));
    let form = |i: usize| v["applicants"][i]["conditions"][0]["status"].clone();
    assert_eq!(form(0), "pass", "the label 法人 reads as legal_person");
    assert_eq!(form(1), "fail");
    assert_eq!(form(2), "pass");
    // The table and explain show the same warnings.
    let table = stdout(&qaward(&["eval", cohort.to_str().unwrap(), "--lang", "en"]));
    assert!(table.contains("`established` (K1, K2)"), "{table}");
    let explain = stdout(&qaward(&[
        "explain",
        cohort.to_str().unwrap(),
        "--applicant",
        "K1",
        "--lang",
        "en",
    ]));
    assert!(explain.contains("`established` (K1, K2)"), "{explain}");
}

#[test]
fn a_wrong_type_is_named_by_pointer_and_the_derived_schema_is_shipped() {
    let cohort = temp_dir("types").join("cohort.json");
    std::fs::write(
        &cohort,
        r#"{"cycle": {"year": 2024, "application_deadline": "2024-09-01"},
 "applicants": [{"id": "T1", "performance": {"annual_profit": {"2023": "much"}}, "leading_level": 3}]}"#,
    )
    .unwrap();
    let o = qaward(&["eval", cohort.to_str().unwrap(), "--lang", "en"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("/applicants/0/performance/annual_profit") && err.contains("`T1`"),
        "{err}"
    );
    assert!(
        err.contains("/applicants/0/leading_level"),
        "every problem is named: {err}"
    );
    let derived = ok_stdout(&qaward(&["schema", "cohort", "--policy", "wuxi-2024"]));
    let derived: serde_json::Value = serde_json::from_str(&derived).unwrap();
    let shipped: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/cohort.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        derived, shipped,
        "run `qaward schema cohort --policy wuxi-2024 > schemas/cohort.schema.json`"
    );
    let fields = ok_stdout(&qaward(&["fields", "--format", "json"]));
    let fields: serde_json::Value = serde_json::from_str(&fields).unwrap();
    let org = fields["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "org_form")
        .unwrap();
    assert_eq!(org["labels"][0], "法人");
    assert_eq!(org["read_by"][0], "art10.form/org_form");
}

#[test]
fn declared_fields_are_diffed() {
    let dir = Policies::of("diff-fields", &["wuxi-2024"]).write(
        "wuxi-2024-x",
        "policy.toml",
        &(shipped("wuxi-2024", "policy.toml")
            .replacen("id = \"wuxi-2024\"", "id = \"wuxi-2024-x\"", 1)
            .replacen("family = \"wuxi-mayor-quality-award\"", "family = \"x\"", 1)
            .replacen(
                "values = [\"international\", \"domestic\", \"none\"]",
                "values = [\"international\", \"domestic\", \"provincial\", \"none\"]",
                1,
            )
            + ISO_FIELD),
    );
    let old = dir.dir("wuxi-2024");
    let new = dir.dir("wuxi-2024-x");
    let out = ok_stdout(&qaward(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(
        out.contains("+ Art. 10 ¶2: new field certifications.iso9001 (Holds a valid ISO 9001 certificate): bool"),
        "{out}"
    );
    assert!(
        out.contains("~ Art. 10(4): field leading_level: enum [international=国际领先, domestic=国内领先, none=未达到] → enum [international=国际领先, domestic=国内领先, provincial, none=未达到]"),
        "{out}"
    );
}

#[test]
fn reasons_say_labels_and_titles_where_the_policy_declares_them() {
    let dir = Policies::of("words", &["wuxi-2024"]);
    let cohort = temp_dir("words").join("cohort.json");
    std::fs::write(
        &cohort,
        r#"{"cycle": {"year": 2024, "application_deadline": "2024-09-01"},
 "applicants": [
  {"id": "W1", "org_form": "legal_person",
   "records": [{"kind": "violation", "date": "2023-05-01", "severity": "larger"}]}]}"#,
    )
    .unwrap();
    let reasons = |lang: &str| -> Vec<String> {
        let v = json_of(&qaward(&[
            "eval",
            cohort.to_str().unwrap(),
            "--policies",
            dir.arg(),
            "--format",
            "json",
            "--lang",
            lang,
        ]));
        v["applicants"][0]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["reason"].as_str().unwrap().to_owned())
            .collect()
    };
    let zh = reasons("zh").join("\n");
    let en = reasons("en").join("\n");
    // An enum value and the allowed values by their labels in Chinese, by value in English.
    assert!(
        zh.contains("组织形式为“法人”，须为“法人”、“非法人组织”或"),
        "{zh}"
    );
    assert!(
        en.contains(r#"org_form = "legal_person", required ∈ ["legal_person", "#),
        "{en}"
    );
    // A missing field with its title when the clause's label does not already say it; one
    // line when it blocks several clauses.
    assert!(
        zh.contains("缺少“从事生产、经营活动”；以下各项因此无法判断：经营规模排名、实现利税排名"),
        "{zh}"
    );
    assert!(
        zh.contains("设立满年限：缺少“依法设立日期”，无法判断"),
        "{zh}"
    );
    assert!(
        en.contains("for_profit is missing (Engaged in production or business)"),
        "{en}"
    );
    // … but not when it does.
    assert!(
        zh.contains("在本市行政区域内依法设立：未填写，无法判断"),
        "{zh}"
    );
    // A record by its kind's and fields' titles, its enum value by label.
    assert!(
        zh.contains("第1条记录（违法违规不良记录，2023年5月1日，"),
        "{zh}"
    );
    assert!(zh.contains("等级：较大"), "{zh}");
    assert!(
        en.contains("records[0] (violation, 2023-05-01, severity=larger"),
        "{en}"
    );
}
