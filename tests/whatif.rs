//! What-if (issue 5): overrides validated like files, comparisons of variants and versions, and
//! margins.

use crate::common::*;

#[test]
fn a_sixth_award_place_moves_the_best_nominee_up() {
    let v = json_of(&qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "tiers.award.quota=6",
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    let c = &v["comparisons"][0];
    assert_eq!(c["changes"].as_array().unwrap().len(), 1, "{c}");
    let ch = &c["changes"][0];
    assert_eq!(ch["id"], "WX2024-006");
    assert_eq!(
        (ch["before"]["tier"].as_str(), ch["after"]["tier"].as_str()),
        (Some("nomination"), Some("award"))
    );
    assert_eq!(
        (
            ch["before"]["payout"].as_str(),
            ch["after"]["payout"].as_str()
        ),
        (Some("200000"), Some("1000000"))
    );
    assert_eq!(c["payout_total"], serde_json::json!(["5000000", "5800000"]));
    let award = c["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tier"] == "award")
        .unwrap();
    assert_eq!(award["filled"], serde_json::json!([5, 6]));
}

#[test]
fn changed_weights_and_a_wider_rank_limit_explain_themselves() {
    let v = json_of(&qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "stages.site.weight=0.45",
        "--set",
        "stages.material.weight=0.35",
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    let changes = v["comparisons"][0]["changes"].as_array().unwrap();
    let first = changes.iter().find(|c| c["id"] == "WX2024-001").unwrap();
    assert_eq!(first["after"]["total"], "852.875");
    assert!(
        first["why"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "total 852.35 → 852.875"),
        "{first}"
    );
    let md = String::from_utf8(
        qaward(&[
            "whatif",
            SAMPLE,
            "--set",
            "params.industry_rank_limit=5",
            "--format",
            "md",
            "--lang",
            "en",
        ])
        .stdout,
    )
    .unwrap();
    assert!(
        md.contains("**WX2024-028") && md.contains("Art. 10(3) art10.3 fail → pass"),
        "{md}"
    );
}

#[test]
fn variants_are_validated_like_files() {
    let o = qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "stages.site.weight=0.45",
        "--lang",
        "en",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("--set stages.site.weight=0.45 does not pass the checks"),
        "{err}"
    );
    assert!(
        err.contains("material 0.30 + site 0.45 + presentation 0.20 = 0.95"),
        "{err}"
    );
    let o = qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "tiers.awards.quota=6",
        "--lang",
        "en",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("the policy has no `tiers.awards.quota`")
            && err.contains("did you mean `tiers.award.quota`?"),
        "{err}"
    );
    let o = qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "tiers.award.quota=-1",
        "--lang",
        "en",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("policy::negative-quota"));
    assert_eq!(
        qaward(&["whatif", SAMPLE, "--set", "quota"]).status.code(),
        Some(2),
        "not PATH=VALUE"
    );
    assert_eq!(
        qaward(&["whatif", SAMPLE]).status.code(),
        Some(2),
        "--set is required"
    );
}

#[test]
fn a_policy_compared_with_itself_shows_no_change() {
    let v = json_of(&qaward(&[
        "compare",
        SAMPLE,
        "--policy",
        "wuxi-2024",
        "--policy",
        "wuxi-2024",
        "--format",
        "json",
    ]));
    let c = &v["comparisons"][0];
    assert_eq!(c["changes"], serde_json::json!([]));
    assert_eq!(c["payout_total"][0], c["payout_total"][1]);
    // Only the note that the policy has an unverified item (the standard's total), once.
    let notices = v["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].as_str().unwrap().contains("未经核实"));
    let same = json_of(&qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "tiers.award.quota=5",
        "--format",
        "json",
    ]));
    assert_eq!(same["comparisons"][0]["changes"], serde_json::json!([]));
}

#[test]
fn versions_are_compared_with_a_notice_when_not_in_force() {
    let o = qaward(&[
        "compare",
        SAMPLE,
        "--policy",
        "wuxi-2017",
        "--policy",
        "wuxi-2024",
        "--lang",
        "en",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0));
    assert!(out.contains("note: `wuxi-2017` is not in force on the reference date 2024-09-01 (2017-12-13 to 2024-03-31)"), "{out}");
    assert!(out.contains("wuxi-2017 → wuxi-2024"), "{out}");
    assert_eq!(
        qaward(&["compare", SAMPLE, "--policy", "wuxi-2024"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn margins_say_how_far_each_total_is_from_a_change_of_tier() {
    let v = json_of(&qaward(&["eval", SAMPLE, "--format", "json"]));
    let m = |id: &str| {
        v["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["margins"]
            .clone()
    };
    // 852.35 keeps the award down to 782.45, where it ties WX2024-006 and wins on the site score.
    assert_eq!(m("WX2024-001")["keep_down_to"], "782.45");
    assert_eq!(m("WX2024-001")["keep_inclusive"], true);
    assert_eq!(m("WX2024-001")["can_lose"], "69.9");
    assert!(m("WX2024-001")["next_tier"].is_null());
    // 782.45 needs more than 801.9 (at 801.9 exactly WX2024-005 wins the tie on site).
    assert_eq!(m("WX2024-006")["reach_at"], "801.9");
    assert_eq!(m("WX2024-006")["reach_inclusive"], false);
    assert_eq!(m("WX2024-006")["needs"], "19.45");
    assert_eq!(m("WX2024-006")["keep_down_to"], "500");
    // Without a tier: the nomination threshold, reached exactly at 500.
    assert_eq!(m("WX2024-017")["needs"], "3.6");
    assert_eq!(m("WX2024-017")["reach_inclusive"], true);
    // Not ranked: no margins.
    assert!(m("WX2024-009").is_null());
    let table =
        String::from_utf8(qaward(&["eval", SAMPLE, "--margins", "--lang", "en"]).stdout).unwrap();
    assert!(
        table.contains("−69.9 | ·") && table.contains("−282.45 | +>19.45→award"),
        "{table}"
    );
}

#[test]
fn what_if_leads_with_decisions_and_folds_moved_ranks() {
    let run = |all: bool| {
        let mut args = vec![
            "whatif",
            SAMPLE,
            "--set",
            "params.industry_rank_limit=5",
            "--lang",
            "en",
        ];
        if all {
            args.push("--all");
        }
        ok_stdout(&qaward(&args))
    };
    let short = run(false);
    assert!(short.contains("3 applicant(s) change:"), "{short}");
    assert!(
        short.contains(
            "  10 other(s) only moved in rank or total, with the same outcome (--all lists them)."
        ),
        "{short}"
    );
    assert!(
        !short.contains("WX2024-010"),
        "a rank that only moved is folded: {short}"
    );
    assert!(
        short.contains("note: `wuxi-2024` has 1 unverified item(s) (scoring)"),
        "{short}"
    );
    let all = run(true);
    assert!(
        all.contains("WX2024-010") && !all.contains("other(s) only moved"),
        "{all}"
    );
}

#[test]
fn a_set_error_is_reported_at_the_set_not_the_file() {
    let o = qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "tiers.award.threshold=1.5",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("--> --set tiers.award.threshold=1.5"), "{err}");
    assert!(
        !err.contains("policy.toml"),
        "not at the policy file: {err}"
    );
}

#[test]
fn what_if_in_chinese_says_outcomes_in_words_not_codes() {
    let o = ok_stdout(&qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "params.industry_rank_limit=5",
    ]));
    // Eligibility, rank, tier and payout in words; the condition by its title.
    assert!(
        o.contains("WX2024-028 无锡示例家电有限公司：不符合申报条件 · — · 无奖励 → 符合申报条件 · 入围 · 第9名 · 总分630 · 无锡市市长质量奖提名奖 · 20万元"),
        "{o}"
    );
    assert!(
        o.contains("第十条第（三）项 具有卓越的经营业绩或社会贡献：不符合 → 符合：经营规模排名"),
        "{o}"
    );
    assert!(
        o.contains("无锡市市长质量奖 拟授予/名额/空缺：5/5/0（不变）"),
        "{o}"
    );
    assert!(o.contains("奖励合计：500万元 → 520万元"), "{o}");
    for code in ["eligible", "nomination", "fail", "pass", "#9", "art10.3"] {
        assert!(!o.contains(code), "{code} in {o}");
    }
}

/// Issue 23: who may change what is the policy's to declare. The validity window's end is the
/// government's (Art. 17), not metadata; what the text leaves to the committee, or does not
/// settle, is said to be within the committee's remit, never "无权调整".
#[test]
fn who_may_change_what_comes_from_the_policy() {
    let notes = |set: &str| {
        let o = qaward(&["whatif", SAMPLE, "--set", set, "--lang", "en"]);
        stdout(&o)
            .lines()
            .filter(|l| l.starts_with("! note"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let expires = notes("policy.expires=2030-03-31");
    assert!(
        expires.contains("Art. 17 is set by the Wuxi Municipal People's Government"),
        "{expires}"
    );
    for set in [
        "shortlist.include_ties=false",
        "scoring.total=1200",
        "ranking.tie_break=[\"material\"]",
    ] {
        let n = notes(set);
        assert!(n.contains("within the committee's"), "{set}: {n}");
        assert!(!n.contains("not adjustable by the committee"), "{set}: {n}");
    }
    // The tie-break is said by the stages' titles, not their ids.
    let zh = stdout(&qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "ranking.tie_break=[\"material\"]",
    ]));
    assert!(
        zh.contains("同分比较顺序 现场评审、演讲答辩评审、材料评审 → 材料评审"),
        "{zh}"
    );
    let quota = notes("tiers.award.quota=7");
    assert!(quota.contains("not adjustable by the committee"), "{quota}");
}
