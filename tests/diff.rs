//! `qaward diff` (issue 6): empty for a policy and itself, every kind of change said in the
//! regulation's terms (snapshots in zh and en), 2017 → 2024, base → amendment, a renamed
//! condition, a script's line diff, `ID@REV` from a temporary git repository, JSON, HTML.

use std::path::PathBuf;
use std::process::Command;

use crate::common::*;

/// A directory with wuxi-2024 and `edited` (wuxi-2024 with `edits` applied, id `wuxi-2024-x`).
fn with_edited(name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = shipped("wuxi-2024", "policy.toml")
        .replacen("id = \"wuxi-2024\"", "id = \"wuxi-2024-x\"", 1)
        .replacen(
            "family = \"wuxi-mayor-quality-award\"",
            "family = \"what-if\"",
            1,
        );
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    Policies::of(name, &["wuxi-2024"])
        .write("wuxi-2024-x", "policy.toml", &text)
        .path()
        .to_path_buf()
}

#[test]
fn a_policy_diffed_with_itself_is_empty() {
    let o = qaward(&[
        "diff",
        "wuxi-2024",
        "wuxi-2024",
        "--exit-code",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["changes"], serde_json::json!([]));
    assert!(qaward::validate_document(qaward::Schema::Diff, &v).is_empty());
    assert_eq!(
        qaward(&["diff", "wuxi-2017", "wuxi-2024", "--exit-code"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        qaward(&["diff", "wuxi-2017", "wuxi-2024"]).status.code(),
        Some(0)
    );
}

const EDITS: &[(&str, &str)] = &[
    ("quota = 5", "quota = 6"),
    ("weight = 0.30", "weight = 0.35"),
    ("weight = 0.50", "weight = 0.45"),
    ("value = 3\ncite = \"Art. 10(3)\"\ntitle = { zh = \"市内同行业排名上限\"", "value = 5\ncite = \"Art. 10(3)\"\ntitle = { zh = \"市内同行业排名上限\""),
    ("days = 7", "days = 10"),
    ("size = 20", "size = 25"),
    ("threshold = 0.60", "threshold = 0.65"),
    ("amount = 1000000", "amount = 1200000"),
    ("title = { zh = \"在质量水平、创新能力、品牌影响力以及效益等方面取得突出成绩并达到国内、国际领先水平\", en = \"Domestic or international leading level\" }", "title = { zh = \"达到国际领先水平\", en = \"International leading level\" }"),
    ("op = \"in\"\n  param = \"accepted_leading_levels\"", "op = \"==\"\n  value = \"international\""),
    ("id = \"art10.6\"", "id = \"art10.6b\""),
];

#[test]
fn every_kind_of_change_is_said_in_the_regulations_terms() {
    let dir = with_edited("kinds", EDITS);
    let run = |lang: &str| {
        let o = qaward(&[
            "diff",
            "wuxi-2024",
            "wuxi-2024-x",
            "--policies",
            dir.to_str().unwrap(),
            "--lang",
            lang,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let en = run("en");
    for line in [
        "~ Art. 3 ¶2: award places 5 → 6",
        "~ Art. 5 ¶3: award threshold 60% → 65% of the total",
        "~ Art. 10(3): industry_rank_limit (Highest allowed rank in the city's industry) 3 → 5",
        "~ Art. 10(4): condition art10.4 retitled",
        "~ Art. 10(4): condition art10.4: clause leading_level: leading_level ∈ params.accepted_leading_levels → leading_level = \"international\"",
        "− Art. 10(6): condition art10.6 removed",
        "+ Art. 10(6): condition art10.6b added",
        "~ Art. 11(3): shortlist places 20 → 25",
        "~ Art. 11(5): material review weight 30% → 35%",
        "~ Art. 11(5): on-site review weight 50% → 45%",
        "~ Art. 11(6): public notice 7 → 10 days",
        "~ Art. 12: award amount for first-time winners 1000000 → 1200000 CNY",
    ] {
        assert!(en.contains(line), "missing `{line}` in\n{en}");
    }
    // Grouped by article, in the regulation's order.
    let pos = |s: &str| en.find(s).unwrap();
    assert!(
        pos("Art. 3 ¶2") < pos("Art. 5 ¶3")
            && pos("Art. 5 ¶3") < pos("Art. 10(3)")
            && pos("Art. 11(6)") < pos("Art. 12")
    );
    insta::assert_snapshot!("diff_en", en.replace(&dir.display().to_string(), "<dir>"));
    insta::assert_snapshot!(
        "diff_zh",
        run("zh").replace(&dir.display().to_string(), "<dir>")
    );
}

#[test]
fn versions_and_amendments() {
    let out = stdout(&qaward(&["diff", "wuxi-2017", "wuxi-2024", "--lang", "en"]));
    assert!(
        out.contains(
            "~ Art. 17: validity window 2017-12-13 – 2024-03-31 → 2024-04-01 – 2029-03-31"
        ),
        "{out}"
    );
    assert!(
        out.contains("industry_rank_limit unverified → verified"),
        "{out}"
    );
    let out = stdout(&qaward(&[
        "diff",
        "wuxi-2024",
        "examples/amendments/wuxi-2024-rank5",
        "--cohort",
        "examples/cohort-2024.json",
        "--lang",
        "en",
        "--format",
        "md",
    ]));
    assert!(out.contains("- ~ Art. 10(3): industry_rank_limit (Highest allowed rank in the city's industry) 3 → 5"), "{out}");
    assert!(
        out.contains("**WX2024-028") && out.contains("total payout (CNY): 5,000,000 → 5,200,000"),
        "{out}"
    );
}

#[test]
fn a_changed_script_shows_a_line_diff_with_the_changed_words() {
    let script_clause = |file: &str| {
        vec![
            ("kind = \"each_year\"", "kind = \"script\""),
            ("field = \"performance.annual_profit\"\n  years_param = \"loss_free_years\"\n  op = \">=\"\n  param = \"break_even_profit\"", Box::leak(format!("script = \"{file}\"\n  inputs = {{ profit = \"performance.annual_profit\", year = \"cycle.year\" }}").into_boxed_str()) as &str),
        ]
    };
    let dir = with_edited("script", &script_clause("no_loss.rhai"));
    let old_script =
        std::fs::read_to_string(workdir().join("examples/scripts/no_loss.rhai")).unwrap();
    std::fs::write(
        dir.join("wuxi-2024-x/no_loss.rhai"),
        old_script.replace(
            "figure < params.break_even_profit",
            "figure <= params.break_even_profit",
        ),
    )
    .unwrap();
    // The old side: the same policy with the original script, under another id.
    let old_text = std::fs::read_to_string(dir.join("wuxi-2024-x/policy.toml"))
        .unwrap()
        .replacen("id = \"wuxi-2024-x\"", "id = \"wuxi-2024-y\"", 1);
    std::fs::create_dir_all(dir.join("wuxi-2024-y")).unwrap();
    std::fs::write(
        dir.join("wuxi-2024-y/policy.toml"),
        old_text.replacen("family = \"what-if\"", "family = \"what-if-old\"", 1),
    )
    .unwrap();
    std::fs::write(dir.join("wuxi-2024-y/no_loss.rhai"), &old_script).unwrap();
    let out = stdout(&qaward(&[
        "diff",
        "wuxi-2024-y",
        "wuxi-2024-x",
        "--policies",
        dir.to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(
        out.contains("condition art10.3: the script no_loss.rhai of clause no_loss changed"),
        "{out}"
    );
    assert!(
        out.contains("    -    } else if figure [<] params.break_even_profit {")
            && out.contains("    +    } else if figure [<=] params.break_even_profit {"),
        "{out}"
    );
    let html = stdout(&qaward(&[
        "diff",
        "wuxi-2024-y",
        "wuxi-2024-x",
        "--policies",
        dir.to_str().unwrap(),
        "--format",
        "html",
    ]));
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains("<mark>&lt;=</mark>")
            && html.contains("@media print"),
        "{html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
        "self-contained"
    );
}

#[test]
fn a_revision_of_a_git_repository() {
    let root = temp_dir("git");
    let policies = root.join("policies");
    copy_dir(
        &workdir().join("policies/wuxi-2024"),
        &policies.join("wuxi-2024"),
    );
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "2024 measures"]);
    let file = policies.join("wuxi-2024/policy.toml");
    std::fs::write(
        &file,
        std::fs::read_to_string(&file)
            .unwrap()
            .replacen("quota = 5", "quota = 6", 1),
    )
    .unwrap();
    git(&["commit", "-qam", "a sixth award place"]);
    let o = qaward(&[
        "diff",
        "wuxi-2024@HEAD~1",
        "wuxi-2024",
        "--policies",
        policies.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // What the version takes on trust comes first, then the change.
    assert!(
        out.starts_with("! note: `wuxi-2024` has 1 unverified item(s)"),
        "{out}"
    );
    assert!(
        out.contains("\nwuxi-2024@HEAD~1 → wuxi-2024\n1 rule change(s)"),
        "{out}"
    );
    assert!(out.contains("~ Art. 3 ¶2: award places 5 → 6"), "{out}");
    let o = qaward(&[
        "diff",
        "wuxi-2024@nosuchrev",
        "wuxi-2024",
        "--policies",
        policies.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rule_changes_come_first_and_provenance_in_its_own_section() {
    let full = ok_stdout(&qaward(&["diff", "wuxi-2017", "wuxi-2024", "--lang", "en"]));
    let rules = full.find("rule change(s)").unwrap();
    let text = full
        .find("Provenance and metadata (")
        .expect("a section of its own");
    assert!(rules < text, "{full}");
    let head = &full[..text];
    assert!(head.contains("evaluation_standards"), "{full}");
    assert!(
        !head.contains("unverified → verified"),
        "provenance is folded: {full}"
    );
    let short = ok_stdout(&qaward(&[
        "diff",
        "wuxi-2017",
        "wuxi-2024",
        "--rules-only",
        "--lang",
        "en",
    ]));
    assert!(!short.contains("Provenance and metadata"), "{short}");
    // Art. 10 ¶1 before Art. 10(1): the article's first paragraph, then its items.
    let at = |s: &str| full.find(s).unwrap_or(usize::MAX);
    assert!(at("~ Art. 10 ¶1:") < at("~ Art. 10(1):"), "{full}");
}

#[test]
fn diff_compares_what_it_used_to_leave_out() {
    let old = Policies::of("diff-more-old", &["wuxi-2024"]);
    let new = Policies::of("diff-more-new", &["wuxi-2024"])
        .edit(
            "wuxi-2024",
            "issuer = { zh = \"无锡市人民政府\", en = \"Wuxi Municipal People's Government\" }",
            "issuer = { zh = \"无锡市人民政府办公室\", en = \"General Office of the Wuxi Municipal People's Government\" }",
        )
        .edit("wuxi-2024", "issued = 2024-02-19", "issued = 2024-02-20")
        .edit("wuxi-2024", "supersedes = [\"wuxi-2017\"]", "supersedes = []")
        .edit(
            "wuxi-2024",
            "title = { zh = \"现场评审\", en = \"On-site review\" }",
            "title = { zh = \"现场评审（实地）\", en = \"On-site visit\" }",
        )
        .edit(
            "wuxi-2024",
            "[ranking]\ntie_break = [\"site\", \"presentation\", \"material\"]\ncite = \"Art. 11(5)\"\nverified = true",
            "[ranking]\ntie_break = [\"site\", \"presentation\", \"material\"]\ncite = \"Art. 11(5)\"\nverified = false",
        );
    let d = ok_stdout(&qaward(&[
        "diff",
        old.dir("wuxi-2024").to_str().unwrap(),
        new.dir("wuxi-2024").to_str().unwrap(),
        "--lang",
        "en",
    ]));
    for said in [
        "General Office of the Wuxi Municipal People's Government",
        "issued 2024-02-19 → 2024-02-20",
        "supersedes wuxi-2017 → —",
        "\"On-site review\" renamed \"On-site visit\"",
        "ranking verified → unverified",
    ] {
        assert!(d.contains(said), "{said}: {d}");
    }
}
