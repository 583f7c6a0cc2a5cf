//! `qaward explain`: the cited trace of one applicant, in text, Markdown and JSON, both
//! languages.

use crate::common::*;

#[test]
fn explains_a_repeat_winner_in_both_languages() {
    let zh = ok_stdout(&qaward(&["explain", SAMPLE, "--applicant", "WX2024-001"]));
    assert!(
        zh.contains("0.30 × 862 + 0.50 × 851.5 + 0.20 × 840 = 852.35"),
        "{zh}"
    );
    insta::assert_snapshot!("explain_zh", zh);
    let en = ok_stdout(&qaward(&[
        "explain",
        SAMPLE,
        "--applicant",
        "WX2024-001",
        "--lang",
        "en",
    ]));
    assert!(
        en.contains(
            "won Mayor's Quality Award in 2019 (not revoked): not a first-time winner, so 0 yuan"
        ),
        "{en}"
    );
    insta::assert_snapshot!("explain_en", en);
    // Every line after the header and the warnings carries a citation.
    for line in en
        .lines()
        .skip(3)
        .filter(|l| !l.trim().is_empty() && !l.starts_with("warning: "))
    {
        assert!(
            line.contains("[Art. ") || line.contains("Art. "),
            "uncited: {line}"
        );
    }
}

#[test]
fn explains_an_ineligible_applicant_in_markdown_and_json() {
    let md = ok_stdout(&qaward(&[
        "explain",
        SAMPLE,
        "--applicant",
        "WX2024-029",
        "--lang",
        "en",
        "--format",
        "md",
    ]));
    assert!(
        md.contains("| ✗ | Art. 10(3) |") && md.contains("performance.annual_profit[2022] = -35.2"),
        "{md}"
    );
    insta::assert_snapshot!("explain_md_en", md);
    let json: serde_json::Value = serde_json::from_str(&ok_stdout(&qaward(&[
        "explain",
        SAMPLE,
        "--applicant",
        "WX2024-005",
        "--format",
        "json",
        "--lang",
        "en",
    ])))
    .unwrap();
    assert_eq!(json["eligibility"], "eligible");
    let steps: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "shortlist",
            "total",
            "ranking",
            "tier",
            "payout",
            "publicity"
        ]
    );
    assert_eq!(json["conditions"].as_array().unwrap().len(), 9);
}

#[test]
fn an_unknown_applicant_gets_a_suggestion() {
    let o = qaward(&[
        "explain",
        SAMPLE,
        "--applicant",
        "WX2024-0001",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the cohort has no applicant `WX2024-0001`") && err.contains("did you mean"),
        "{err}"
    );
}
