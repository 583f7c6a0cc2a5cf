//! Reviewers' scores (issue 27): five reviewers a stage scoring seven criteria, one who steps
//! aside and one disqualified, against a calculation done here by hand from the same file; a
//! change of aggregation or a reviewer left out, and who moves; and the sheets refused at their
//! place.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};

use crate::common::*;

const COHORT: &str = "examples/reviews/cohort-2024.json";
const REVIEWS: &str = "examples/reviews/reviews-2024.json";

/// The text of `part` (such as `xl/workbook.xml`) of the workbook at `path`.
fn part(path: &std::path::Path, part: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut text).unwrap();
    text
}

/// The sample reviews file, as JSON to edit.
fn sample() -> Value {
    serde_json::from_str(&std::fs::read_to_string(workdir().join(REVIEWS)).unwrap()).unwrap()
}

/// `reviews` written as `reviews.json` in a directory of its own: the directory and the file.
fn written(name: &str, reviews: &Value) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = temp_dir(name);
    let path = dir.join("reviews.json");
    std::fs::write(&path, serde_json::to_vec(reviews).unwrap()).unwrap();
    (dir, path)
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// Each applicant's total, worked out from the reviews file alone: each reviewer's total over
/// the criteria; a disqualified reviewer's left out (the 2024 policy's reading of Art. 16); the
/// mean of the rest, to two decimals half away from zero; weighted 30/50/20 (Art. 11(5)).
fn by_hand(without: &[&str], median_site: bool) -> BTreeMap<String, Decimal> {
    let doc: Value = sample();
    let out: Vec<&str> = doc["reviewers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("disqualified_on").is_some())
        .map(|r| r["id"].as_str().unwrap())
        .chain(without.iter().copied())
        .collect();
    // (applicant, stage) → reviewer → total.
    let mut sums: BTreeMap<(String, String), BTreeMap<String, Decimal>> = BTreeMap::new();
    for s in doc["scores"].as_array().unwrap() {
        let reviewer = s["reviewer"].as_str().unwrap();
        if out.contains(&reviewer) {
            continue;
        }
        *sums
            .entry((
                s["applicant"].as_str().unwrap().into(),
                s["stage"].as_str().unwrap().into(),
            ))
            .or_default()
            .entry(reviewer.into())
            .or_default() += dec(&s["points"]);
    }
    let weights = [
        ("material", "0.30"),
        ("site", "0.50"),
        ("presentation", "0.20"),
    ];
    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    for ((applicant, stage), by) in &sums {
        let mut v: Vec<Decimal> = by.values().copied().collect();
        v.sort();
        let n = v.len();
        let score = if median_site && stage == "site" {
            if n % 2 == 1 {
                v[n / 2]
            } else {
                (v[n / 2 - 1] + v[n / 2]) / Decimal::TWO
            }
        } else {
            v.iter().copied().sum::<Decimal>() / Decimal::from(v.len())
        };
        let score = score.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let w: Decimal = weights
            .iter()
            .find(|(s, _)| s == stage)
            .unwrap()
            .1
            .parse()
            .unwrap();
        *totals.entry(applicant.clone()).or_default() += w * score;
    }
    totals
}

fn totals_of(doc: &Value) -> BTreeMap<String, Decimal> {
    doc["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_owned(), dec(&a["total"])))
        .collect()
}

#[test]
fn five_reviewers_a_stage_make_the_totals_an_independent_calculation_makes() {
    let doc = json_of(&qaward(&[
        "eval",
        COHORT,
        "--reviews",
        REVIEWS,
        "--format",
        "json",
    ]));
    let expected = by_hand(&[], false);
    assert_eq!(expected.len(), 8);
    assert_eq!(totals_of(&doc), expected);
    // The result names the reviews and says what each panel did, reviewers by id; it fits
    // the shipped result schema.
    let reviews = &doc["reviews"];
    assert_eq!(reviews["file"], "reviews-2024.json");
    assert!(reviews["digest"].as_str().unwrap().starts_with("sha256:"));
    let panels = reviews["panels"].as_array().unwrap();
    assert_eq!(panels.len(), 24);
    let two_site = panels
        .iter()
        .find(|p| p["applicant"] == "WX2024-002" && p["stage"] == "site")
        .unwrap();
    assert_eq!(two_site["score"], "848.88");
    assert_eq!(two_site["stepped_aside"], json!(["S3"]));
    assert_eq!(two_site["reviewers"].as_array().unwrap().len(), 4);
    let m4 = panels[0]["reviewers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "M4")
        .unwrap();
    assert_eq!(m4["counted"], false);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/result.schema.json")).unwrap(),
    )
    .unwrap();
    let errors: Vec<String> = jsonschema::validator_for(&schema)
        .unwrap()
        .iter_errors(&doc)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The file has what the issue names: 5 reviewers a stage, 7 criteria, one recusal, one
    // disqualification.
    let file: Value = sample();
    let reviewers = file["reviewers"].as_array().unwrap();
    assert_eq!(reviewers.len(), 15);
    assert_eq!(
        reviewers
            .iter()
            .filter(|r| r.get("conflicts").is_some())
            .count(),
        1
    );
    assert_eq!(
        reviewers
            .iter()
            .filter(|r| r.get("disqualified_on").is_some())
            .count(),
        1
    );
    // Without the reviews, the cohort (no typed scores) has no totals: nothing is made up.
    let bare = json_of(&qaward(&["eval", COHORT, "--format", "json"]));
    assert!(bare["applicants"][0]["total"].is_null());
    assert!(
        bare["warnings"]
            .to_string()
            .contains("由评审组评分，名单中没有填写这些得分：用 --reviews"),
        "the way to the reviews is said: {}",
        bare["warnings"]
    );
}

#[test]
fn a_change_of_aggregation_or_a_reviewer_left_out_shows_who_moves() {
    let moved = |args: &[&str]| -> (Vec<String>, Value) {
        let mut all = vec!["whatif", COHORT, "--reviews", REVIEWS, "--format", "json"];
        all.extend_from_slice(args);
        let doc = json_of(&qaward(&all));
        let changes = doc["comparisons"][0]["changes"].as_array().unwrap().clone();
        let tiers: Vec<String> = changes
            .iter()
            .filter(|c| c["before"]["tier"] != c["after"]["tier"])
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        (tiers, Value::Array(changes))
    };
    // The median of the on-site panel sets aside S5's generous scoring of WX2024-006.
    let (tiers, changes) = moved(&["--set", "stages.site.aggregate=median"]);
    assert_eq!(tiers, ["WX2024-005", "WX2024-006"]);
    let expected = by_hand(&[], true);
    for c in changes.as_array().unwrap() {
        assert_eq!(
            dec(&c["after"]["total"]),
            expected[c["id"].as_str().unwrap()]
        );
    }
    let six = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "WX2024-006")
        .unwrap();
    assert_eq!(six["before"]["tier"], "award");
    assert_eq!(six["after"]["tier"], "nomination");
    assert!(six["why"][0].as_str().unwrap().starts_with("现场评审得分 "));
    // Leaving S5 out does the same, by the hand calculation without S5.
    let (tiers, changes) = moved(&["--without-reviewer", "S5"]);
    assert_eq!(tiers, ["WX2024-005", "WX2024-006"]);
    let expected = by_hand(&["S5"], false);
    for c in changes.as_array().unwrap() {
        assert_eq!(
            dec(&c["after"]["total"]),
            expected[c["id"].as_str().unwrap()]
        );
    }
    // What the left-out reviewer gave each applicant that moved, beside the others.
    let text = ok_stdout(&qaward(&[
        "whatif",
        COHORT,
        "--reviews",
        REVIEWS,
        "--without-reviewer",
        "S5",
    ]));
    assert!(
        text.contains("去掉的评审员 S5 给其现场评审总分 966（其余评审员 778.5–813）"),
        "{text}"
    );
    // The change is said in the regulation's terms.
    let text = ok_stdout(&qaward(&[
        "whatif",
        COHORT,
        "--reviews",
        REVIEWS,
        "--set",
        "stages.site.aggregate=trimmed_mean",
    ]));
    assert!(
        text.contains(
            "现场评审评审组的汇总方式 各评审员总分的平均值 → 去掉一个最高分和一个最低分后的平均值"
        ),
        "{text}"
    );
    // A change that leaves the panels too small says so, as the change's.
    let text = ok_stdout(&qaward(&[
        "whatif",
        COHORT,
        "--reviews",
        REVIEWS,
        "--set",
        "stages.site.min_panel=6",
    ]));
    assert!(
        text.contains("改动后：计入的评审员少于评审组最少人数，得分无法确定"),
        "{text}"
    );
    // A reviewer not in the file cannot be left out; --without-reviewer needs --reviews.
    let o = qaward(&[
        "whatif",
        COHORT,
        "--reviews",
        REVIEWS,
        "--without-reviewer",
        "S9",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("reviews::unknown"), "{}", stderr(&o));
    let o = qaward(&["whatif", COHORT, "--without-reviewer", "S5"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn explain_shows_each_reviewer_what_was_dropped_and_the_arithmetic() {
    let text = ok_stdout(&qaward(&[
        "explain",
        COHORT,
        "--applicant",
        "WX2024-002",
        "--reviews",
        REVIEWS,
    ]));
    // The disqualified reviewer, with the article and the decision; the one who stepped aside.
    assert!(
        text.contains("被取消评审资格（第十六条），其评分全部不计"),
        "{text}"
    );
    assert!(
        text.contains("S3 声明与其有利害关系，回避，未评分（第十五条）"),
        "{text}"
    );
    assert!(
        text.contains("÷ 4 = 848.875，保留 2 位小数（四舍五入）：848.88"),
        "{text}"
    );
    let en = ok_stdout(&qaward(&[
        "explain",
        COHORT,
        "--applicant",
        "WX2024-006",
        "--reviews",
        REVIEWS,
        "--lang",
        "en",
    ]));
    assert!(en.contains("the mean of the reviewers' totals: ("), "{en}");
    // Reviewers are named by id only.
    assert!(!text.contains("姓名"));
    // The explanation paper has each panel's table and arithmetic; a disqualified reviewer's
    // row is struck through in colour and says why.
    let html = ok_stdout(&qaward(&[
        "explain",
        COHORT,
        "--applicant",
        "WX2024-002",
        "--reviews",
        REVIEWS,
        "--format",
        "html",
    ]));
    assert!(html.contains("<h2>评审组评分</h2>"), "{html}");
    assert_eq!(
        html.matches("<tr class=\"old\"><td><span class=\"id\">M4</span>")
            .count(),
        1
    );
    assert!(html.contains("(842 + 843 + 848.5 + 862) ÷ 4 = 848.875"));
}

/// Runs eval on `reviews` (written to a file) and returns its standard error, expecting it
/// refused.
fn refused(name: &str, reviews: &Value) -> String {
    let (dir, path) = written(name, reviews);
    let out = dir.join("result.json");
    let o = qaward(&[
        "eval",
        COHORT,
        "--reviews",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(!out.exists(), "no result is written");
    stderr(&o)
}

/// A full sheet of `reviewer` for `applicant` at `stage`, every criterion at `points`.
fn sheet(reviewer: &str, applicant: &str, stage: &str, points: u32, date: &str) -> Vec<Value> {
    [
        "leadership",
        "strategy",
        "customers",
        "resources",
        "processes",
        "measurement",
        "results",
    ]
    .iter()
    .map(|c| {
        json!({"reviewer": reviewer, "stage": stage, "applicant": applicant,
                   "criterion": c, "points": points.to_string(), "date": date})
    })
    .collect()
}

#[test]
fn bad_sheets_are_refused_at_their_place() {
    let mut scores = sheet("M1", "WX2024-001", "material", 70, "2024-10-10");
    scores[6]["points"] = json!("401");
    scores.extend(sheet("M2", "WX2024-002", "material", 70, "2024-10-10"));
    scores.extend(sheet("M3", "WX2024-001", "material", 70, "2024-10-30"));
    let mut short = sheet("M4", "WX2024-001", "material", 70, "2024-10-10");
    short.pop();
    scores.extend(short);
    scores.extend(sheet("M9", "WX2024-001", "material", 70, "2024-10-10"));
    scores.extend(sheet("M4", "WX2024-001", "opening", 70, "2024-10-10"));
    let reviews = json!({
        "reviewers": [
            {"id": "M1"},
            {"id": "M2", "conflicts": ["WX2024-002"]},
            {"id": "M3", "disqualified_on": "2024-10-25"},
            {"id": "M4"}
        ],
        "scores": scores
    });
    let err = refused("reviews-bad", &reviews);
    for (code, place) in [
        ("reviews::out-of-range", "/scores/6/points"),
        ("reviews::conflict", "/scores/7/reviewer"),
        ("reviews::after-disqualified", "/scores/14/date"),
        ("reviews::incomplete", ""),
        ("reviews::unknown", "/scores/27/reviewer"),
        ("reviews::unknown", "/scores/34/stage"),
    ] {
        assert!(err.contains(code), "{code}: {err}");
        assert!(err.contains(place), "{place}: {err}");
    }
    assert!(err.contains("超出 0 至 400"), "{err}");
    assert!(
        err.contains("结果”缺少") || err.contains("缺少：结果"),
        "{err}"
    );
    // Not JSON of the format: the format is shown.
    let err = refused("reviews-syntax", &json!({"scores": [{"reviewer": "M1"}]}));
    assert!(
        err.contains("reviews::syntax") && err.contains("\"criterion\""),
        "{err}"
    );
}

#[test]
fn a_panel_too_small_leaves_the_score_undetermined_with_the_reason() {
    // Three reviewers, one of them disqualified: two count, fewer than the three the policy
    // asks for.
    let mut scores = Vec::new();
    for r in ["M1", "M2", "M3"] {
        scores.extend(sheet(r, "WX2024-001", "material", 70, "2024-10-10"));
    }
    let reviews = json!({
        "reviewers": [{"id": "M1"}, {"id": "M2"}, {"id": "M3", "disqualified_on": "2024-10-25"}],
        "scores": scores
    });
    let (_, path) = written("reviews-small", &reviews);
    let o = qaward(&[
        "eval",
        COHORT,
        "--reviews",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let doc = json_of(&o);
    let one = &doc["applicants"][0];
    assert_eq!(one["id"], "WX2024-001");
    assert!(one["total"].is_null());
    let warned = doc["warnings"].to_string();
    assert!(
        warned.contains("少于评审组最少人数") && warned.contains("WX2024-001"),
        "{warned}"
    );
    let text = ok_stdout(&qaward(&[
        "explain",
        COHORT,
        "--applicant",
        "WX2024-001",
        "--reviews",
        path.to_str().unwrap(),
    ]));
    assert!(
        text.contains("计入的评审员 2 人，少于最少 3 人：得分无法确定"),
        "{text}"
    );
}

#[test]
fn a_typed_score_the_panel_contradicts_is_replaced_and_said() {
    let mut cohort: Value =
        serde_json::from_str(&std::fs::read_to_string(workdir().join(COHORT)).unwrap()).unwrap();
    cohort["applicants"][0]["scores"] =
        json!({"material": "700", "site": "700", "presentation": "700"});
    let dir = temp_dir("reviews-typed");
    let path = dir.join("cohort.json");
    std::fs::write(&path, serde_json::to_vec(&cohort).unwrap()).unwrap();
    let doc = json_of(&qaward(&[
        "eval",
        path.to_str().unwrap(),
        "--reviews",
        REVIEWS,
        "--format",
        "json",
    ]));
    assert_eq!(
        dec(&doc["applicants"][0]["total"]),
        by_hand(&[], false)["WX2024-001"]
    );
    let warned = doc["warnings"].to_string();
    assert!(
        warned.contains("按评审员评分") && warned.contains("WX2024-001（材料评审 700 → 869.25）"),
        "{warned}"
    );
}

#[test]
fn a_panel_the_policy_cannot_have_is_refused_at_its_line() {
    let cases: [(&str, &str, &str, &str); 5] = [
        (
            "min_panel = 3",
            "min_panel = \"three\"",
            "“three” 的类型不对，应为整数",
            "min_panel",
        ),
        (
            "aggregate = \"mean\"",
            "aggregate = \"average\"",
            "“average” 不是可用的值（可用：“mean”、“trimmed_mean”、“median”）",
            "aggregate",
        ),
        (
            "criteria = \"gbt19580\"\naggregate = \"mean\"",
            "criteria = \"gbt19580\"",
            "没有写明如何汇总评审员的评分",
            "aggregate",
        ),
        (
            "criteria = \"gbt19580\"",
            "criteria = \"gbt19580x\"",
            "没有 id 为 `gbt19580x` 的评分准则",
            "criteria",
        ),
        (
            "aggregate = \"mean\"\nmin_panel = 3",
            "aggregate = \"trimmed_mean\"\nmin_panel = 2",
            "评审组至少 3 人",
            "min_panel",
        ),
    ];
    for (i, (from, to, says, key)) in cases.iter().enumerate() {
        let p = Policies::of(&format!("reviews-policy-{i}"), &["wuxi-2024"]).edit(
            "wuxi-2024",
            from,
            to,
        );
        let o = qaward(&["check", p.arg()]);
        // A check that finds errors exits 1 (contract section 5).
        assert_eq!(o.status.code(), Some(1), "{from}: {}", stdout(&o));
        let err = format!("{}{}", stdout(&o), stderr(&o));
        assert!(err.contains(says), "{from}: {err}");
        assert!(err.contains("policy.toml:"), "a line: {err}");
        assert!(err.contains(key), "{key}: {err}");
    }
    // Criteria that do not add up to the standard's total: check warns, at the items.
    let p = Policies::of("reviews-policy-lint", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "max = 400",
        "max = 390",
    );
    let o = qaward(&["check", p.arg(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        out.contains("lint::criteria-total") && out.contains("add up to 990 points"),
        "{out}"
    );
    // Criteria worth more than the standard's total: a panel's score above it is refused.
    let p = Policies::of("reviews-policy-total", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "total = 1000",
        "total = 850",
    );
    let o = qaward(&[
        "eval",
        COHORT,
        "--reviews",
        REVIEWS,
        "--policies",
        p.arg(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("reviews::out-of-range") && err.contains("exceeds the standard's total 850"),
        "{err}"
    );
}

/// `qaward template --from COHORT --reviews REVIEWS` as a workbook in `dir`.
fn book(dir: &std::path::Path, reviews: &str) -> String {
    let path = dir.join("申报名单.xlsx");
    ok_stdout(&qaward(&[
        "template",
        "--from",
        COHORT,
        "--reviews",
        reviews,
        "--format",
        "xlsx",
        "--out",
        path.to_str().unwrap(),
    ]));
    path.to_str().unwrap().to_owned()
}

#[test]
fn the_template_carries_the_reviewer_sheets_and_reads_them_back() {
    // An empty template has the reviewers sheet and a score sheet per stage.
    let dir = temp_dir("reviews-template");
    let empty = dir.join("empty.xlsx");
    ok_stdout(&qaward(&[
        "template",
        "--format",
        "xlsx",
        "--out",
        empty.to_str().unwrap(),
    ]));
    let workbook = part(&empty, "xl/workbook.xml");
    for sheet in [
        "评审员",
        "评分-材料评审",
        "评分-现场评审",
        "评分-演讲答辩评审",
    ] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {workbook}"
        );
    }
    // Filled from the sample reviews, read back (--reviews alone: the cohort workbook's own):
    // the same totals as from the JSON.
    let path = book(&dir, REVIEWS);
    let doc = json_of(&qaward(&["eval", &path, "--reviews", "--format", "json"]));
    assert_eq!(totals_of(&doc), by_hand(&[], false));
    // Without --reviews the typed scores (none here) are used, and the filled sheets are said.
    let o = qaward(&["eval", &path, "--format", "json"]);
    let bare = json_of(&o);
    assert!(bare["applicants"][0]["total"].is_null());
    assert!(bare["warnings"]
        .to_string()
        .contains("加 --reviews 才按评审员评分计算得分"));
    // The what-if reads the workbook the same way.
    let o = qaward(&[
        "whatif",
        &path,
        "--reviews",
        "--without-reviewer",
        "S5",
        "--format",
        "json",
    ]);
    let changes = json_of(&o)["comparisons"][0]["changes"].clone();
    assert!(changes.to_string().contains("WX2024-006"));
}

#[test]
fn a_bad_score_in_the_workbook_is_refused_at_its_cell() {
    let mut doc = sample();
    // The first score of the file is M1's 领导 for WX2024-001: 111 of 110.
    doc["scores"][0]["points"] = json!("111");
    // S3 scores WX2024-002, from whom S3 stepped aside.
    let mut extra = sheet("S3", "WX2024-002", "site", 10, "2024-11-05");
    doc["scores"].as_array_mut().unwrap().append(&mut extra);
    let (dir, reviews) = written("reviews-bad-cell", &doc);
    let path = book(&dir, reviews.to_str().unwrap());
    let out = dir.join("result.json");
    let o = qaward(&["eval", &path, "--reviews", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    // The workbook's first score sheet row is M1 / WX2024-001; 领导 is the fourth column.
    assert!(err.contains("评分-材料评审!D2"), "{err}");
    assert!(err.contains("reviews::out-of-range"), "{err}");
    assert!(
        err.contains("reviews::conflict") && err.contains("评分-现场评审!A"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn stability_draws_from_the_panels_real_spread() {
    let run = |seed: &str| {
        json_of(&qaward(&[
            "stability",
            COHORT,
            "--reviews",
            REVIEWS,
            "--trials",
            "400",
            "--seed",
            seed,
            "--format",
            "json",
        ]))
    };
    let doc = run("3");
    assert_eq!(doc, run("3"), "the same seed gives the same draws");
    assert_eq!(doc["panels"], "reviewers");
    let award = |id: &str| -> Decimal {
        let a = doc["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap();
        dec(&a["tiers"]["award"])
    };
    // Far ahead of the field, whatever reviewers are drawn.
    assert_eq!(award("WX2024-001"), Decimal::ONE_HUNDRED);
    // WX2024-006's award rests on one generous reviewer; WX2024-005's nomination on S5's
    // being counted: both are contested, and more often than not each keeps its place.
    let (five, six) = (award("WX2024-005"), award("WX2024-006"));
    assert!(
        six > Decimal::from(50) && six < Decimal::ONE_HUNDRED,
        "{six}"
    );
    assert!(five > Decimal::ZERO && five < Decimal::from(50), "{five}");
    // Panels whose reviewers agree have no spread to draw from: nothing moves.
    let mut same: Value = sample();
    for s in same["scores"].as_array_mut().unwrap() {
        let applicant = s["applicant"].as_str().unwrap();
        let k: u32 = applicant[applicant.len() - 1..].parse().unwrap();
        s["points"] = json!((10 - k).to_string());
    }
    let (_, path) = written("reviews-agree", &same);
    let doc = json_of(&qaward(&[
        "stability",
        COHORT,
        "--reviews",
        path.to_str().unwrap(),
        "--trials",
        "50",
        "--format",
        "json",
    ]));
    for a in doc["applicants"].as_array().unwrap() {
        let tiers = a["tiers"].as_object().unwrap();
        assert!(
            tiers.values().chain([&a["none"]]).any(|v| v == "100"),
            "{a}"
        );
    }
}

#[test]
fn the_committees_paper_shows_each_panels_spread_by_reviewer_id() {
    let html = ok_stdout(&qaward(&[
        "eval",
        COHORT,
        "--reviews",
        REVIEWS,
        "--format",
        "html",
    ]));
    assert!(html.contains("评审组评分的离散"), "the section is there");
    // A strip per shortlisted applicant (8) and stage (3).
    assert_eq!(html.matches("<svg class=\"spread\"").count(), 24);
    assert_eq!(
        html.matches("class=\"reviewer\"").count(),
        8 * 3 * 5 - 1 - 8
    );
    assert_eq!(html.matches("class=\"dropped\"").count(), 8);
    // Each panel's score line is at its score: WX2024-006's on-site 829.5.
    assert!(html.contains("class=\"score\" data-value=\"829.5\""));
    assert!(html.contains("S3回避"), "the one who stepped aside is said");
    // On paper, not only in tooltips: the rule and whose it is, the reviewer far from the
    // others, and who does not count and why.
    assert!(html.contains("各评审员总分的平均值，至少 3 人，保留 2 位小数（办法未规定，由评委会决定：第八条第（一）项）"), "{html}");
    assert!(html.contains("最高 S5 966"), "{html}");
    assert!(
        html.contains("M4 的 8 份评分表不计：2024年10月25日被取消评审资格（第十六条）"),
        "{html}"
    );
    assert!(
        html.contains("S3 声明与 WX2024-002 有利害关系，回避，未为其评分（第十五条）"),
        "{html}"
    );
    // The readings the scores rest on are among the paper's readings.
    assert!(html.contains("评审员的回避和取消资格"), "{html}");
    // Reviewers by id only: the file has no names, and the paper adds none.
    assert!(html.contains("<title>S5 "), "the id is the dot's tooltip");
    // Without reviews, the paper has no such section.
    let typed = ok_stdout(&qaward(&["eval", SAMPLE, "--format", "html"]));
    assert!(!typed.contains("评审组评分的离散"));
}

/// The Nanjing example with panels of its own: organisations' material review scored by one
/// set of criteria (1000 points), individuals' by another (100 points), the same stage id.
fn nanjing_with_panels(name: &str) -> Policies {
    let dir = temp_dir(name);
    copy_dir(
        &workdir().join("examples/nanjing-mayor-quality-award/policies"),
        &dir,
    );
    let file = dir.join("nanjing-2020/policy.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replacen(
            "id = \"material\"\ncategory = \"organisation\"\n",
            "id = \"material\"\ncategory = \"organisation\"\ncriteria = \"org\"\naggregate = \"median\"\nmin_panel = 3\n",
            1,
        )
        .replacen(
            "id = \"material\"\ncategory = \"individual\"\n",
            "id = \"material\"\ncategory = \"individual\"\ncriteria = \"person\"\naggregate = \"mean\"\nmin_panel = 2\ndecimals = 1\n",
            1,
        );
    let text = format!(
        "{text}\n[[criteria]]\nid = \"org\"\ntitle = {{ zh = \"组织评价准则\", en = \"Organisations' criteria\" }}\nitems = [\n  {{ id = \"leadership\", title = {{ zh = \"领导\", en = \"Leadership\" }}, max = 400 }},\n  {{ id = \"results\", title = {{ zh = \"结果\", en = \"Results\" }}, max = 600 }},\n]\ncite = \"unknown\"\n\n[[criteria]]\nid = \"person\"\ntitle = {{ zh = \"个人评价准则\", en = \"Individuals' criteria\" }}\nitems = [\n  {{ id = \"contribution\", title = {{ zh = \"贡献\", en = \"Contribution\" }}, max = 60 }},\n  {{ id = \"results\", title = {{ zh = \"结果\", en = \"Results\" }}, max = 40 }},\n]\ncite = \"unknown\"\n"
    );
    std::fs::write(&file, text).unwrap();
    Policies::at(dir)
}

#[test]
fn each_category_scores_by_its_own_criteria_and_rule() {
    let p = nanjing_with_panels("reviews-nanjing");
    let s = |r: &str, a: &str, c: &str, pts: &str| json!({"reviewer": r, "stage": "material", "applicant": a, "criterion": c, "points": pts});
    let mut scores = Vec::new();
    // NJ-O01: three reviewers, median of 700, 820, 990 → 820 (its typed 900 is replaced).
    for (r, l, res) in [
        ("A", "300", "400"),
        ("B", "320", "500"),
        ("C", "390", "600"),
    ] {
        scores.push(s(r, "NJ-O01", "leadership", l));
        scores.push(s(r, "NJ-O01", "results", res));
    }
    // NJ-I01: two reviewers, mean of 81 and 84 → 82.5, to one decimal.
    for (r, c, res) in [("A", "50", "31"), ("B", "52", "32")] {
        scores.push(s(r, "NJ-I01", "contribution", c));
        scores.push(s(r, "NJ-I01", "results", res));
    }
    let reviews = json!({"reviewers": [{"id": "A"}, {"id": "B"}, {"id": "C"}], "scores": scores});
    let (dir, path) = written("reviews-nanjing-file", &reviews);
    let cohort = "examples/nanjing-mayor-quality-award/cohort.json";
    let doc = json_of(&qaward(&[
        "eval",
        cohort,
        "--policies",
        p.arg(),
        "--reviews",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]));
    let total = |id: &str| {
        doc["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| dec(&a["total"]))
            .unwrap()
    };
    // Organisations: 0.40 × 820 + 0.60 × 880; individuals: 0.50 × 82.5 + 0.50 × 90.
    assert_eq!(total("NJ-O01"), "856".parse::<Decimal>().unwrap());
    assert_eq!(total("NJ-I01"), "86.25".parse::<Decimal>().unwrap());
    // An individual scored by the organisations' criteria is refused, naming its own.
    let mut wrong = reviews.clone();
    wrong["scores"][6]["criterion"] = json!("leadership");
    std::fs::write(&path, serde_json::to_vec(&wrong).unwrap()).unwrap();
    let o = qaward(&[
        "eval",
        cohort,
        "--policies",
        p.arg(),
        "--reviews",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("个人评价准则") && err.contains("contribution"),
        "{err}"
    );
    // The template's material score sheet carries every criterion of both categories.
    let book = dir.join("t.xlsx");
    ok_stdout(&qaward(&[
        "template",
        "--policies",
        p.arg(),
        "--policy",
        "nanjing-2020",
        "--format",
        "xlsx",
        "--out",
        book.to_str().unwrap(),
    ]));
    let strings = part(&book, "xl/sharedStrings.xml");
    for h in ["领导（满分400）", "结果（满分600）", "贡献（满分60）"] {
        assert!(strings.contains(h), "{h}");
    }
}

#[test]
fn a_run_recorded_from_reviewers_scores_names_them_and_proposes_by_them() {
    let db = temp_dir("reviews-ledger").join("ledger").join("qaward.db");
    let db = db.to_str().unwrap();
    ok_stdout(&qaward(&[
        "ledger",
        "--ledger",
        db,
        "record-run",
        COHORT,
        "--reviews",
        REVIEWS,
    ]));
    let entries: Value = serde_json::from_str(&ok_stdout(&qaward(&[
        "ledger", "--ledger", db, "show", "--format", "json",
    ])))
    .unwrap();
    let run = entries[0].to_string();
    assert!(
        run.contains("reviews-2024.json") && run.contains("sha256:"),
        "{run}"
    );
    // The awards placed are the reviewers' (WX2024-006 among them), not typed scores'.
    assert!(run.contains("WX2024-006"), "{run}");
    let year = ok_stdout(&qaward(&[
        "ledger", "--ledger", db, "show", "--year", "2024", "--format", "html",
    ]));
    assert!(year.contains("评审员评分") && year.contains("reviews-2024.json"));
}

/// A reviews workbook written cell by cell (as a clerk would fill the template's sheets).
fn reviews_book(path: &std::path::Path, reviewers: &[[&str; 4]], rows: &[Vec<&str>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("评审员").unwrap();
    for (c, h) in ["评审员编号", "回避的申报者", "取消资格日期", "取消资格决定"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in reviewers.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name("评分-材料评审").unwrap();
    let heads = [
        "评审员编号",
        "编号",
        "评分日期",
        "领导（满分110）",
        "战略（满分90）",
        "顾客与市场（满分90）",
        "资源（满分130）",
        "过程管理（满分100）",
        "测量、分析与改进（满分80）",
        "结果（满分400）",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32 + 1, c as u16, n).unwrap(),
                Err(_) if v.is_empty() => continue,
                Err(_) => sheet.write_string(r as u32 + 1, c as u16, *v).unwrap(),
            };
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_clerks_slips_in_the_workbook_are_each_said_once_at_their_cell() {
    let dir = temp_dir("reviews-slips");
    let path = dir.join("评分.xlsx");
    let full = |r: &'static str| -> Vec<&'static str> {
        vec![
            r,
            "WX2024-001",
            "2024-10-10",
            "90",
            "70",
            "70",
            "100",
            "80",
            "60",
            "300",
        ]
    };
    let mut wrong = full("M3");
    wrong[4] = "八十";
    reviews_book(
        &path,
        &[
            ["M1", "", "", ""],
            ["M2", "WX2024-099", "", ""],
            ["M3", "", "", ""],
            ["M4", "", "", ""],
        ],
        &[
            full("M1"),
            vec!["M2", "WX2024-001", "2024-10-10"],
            wrong,
            full("M9"),
        ],
    );
    let o = qaward(&[
        "eval",
        COHORT,
        "--reviews",
        path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    // A row of ids with no points: incomplete, at its first criterion cell.
    assert!(
        err.contains("评分-材料评审!D3") && err.contains("has no points at all"),
        "{err}"
    );
    // A conflict naming nobody in the cohort.
    assert!(
        err.contains("评审员!B3") && err.contains("`WX2024-099`, who is not in the cohort"),
        "{err}"
    );
    // Text in a points cell, at that cell, and no sheet called incomplete for it.
    assert!(
        err.contains("评分-材料评审!E4") && err.contains("八十"),
        "{err}"
    );
    assert!(!err.contains("M3`'s"), "no follow-on incomplete: {err}");
    // A reviewer not listed, said once for the row, not once per criterion.
    assert_eq!(
        err.matches("reviewer `M9` is not in the list").count(),
        1,
        "{err}"
    );
    // In JSON, where each score has a place of its own, one mistake is said at the first
    // place, with how many there are.
    let mut scores = sheet("M9", "WX2024-001", "material", 10, "2024-10-10");
    scores.extend(sheet("M9", "WX2024-002", "material", 10, "2024-10-10"));
    let err = refused(
        "reviews-slips-json",
        &json!({"reviewers": [{"id": "M1"}], "scores": scores}),
    );
    assert_eq!(
        err.matches("评审员 `M9` 未在评审员名单中列出").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("（共 14 处，此为第一处）") && err.contains("/scores/0/reviewer"),
        "{err}"
    );
}

#[test]
fn a_policy_that_keeps_a_disqualified_reviewers_earlier_scores_says_so() {
    let p = Policies::of("reviews-kept", &["wuxi-2024"]).edit(
        "wuxi-2024",
        "disqualified_scores = \"void\"",
        "disqualified_scores = \"kept\"",
    );
    let text = ok_stdout(&qaward(&[
        "explain",
        COHORT,
        "--applicant",
        "WX2024-002",
        "--reviews",
        REVIEWS,
        "--policies",
        p.arg(),
    ]));
    assert!(
        text.contains("M4 ")
            && text.contains(
                "（计入：2024年10月25日被取消评审资格（第十六条）；此前给出的评分按规则版本仍计）"
            ),
        "{text}"
    );
    assert!(text.contains("÷ 5 ="), "M4 counts: {text}");
    // A score dated the day of the disqualification is not one given before it.
    let mut doc: Value = sample();
    for s in doc["scores"].as_array_mut().unwrap() {
        if s["reviewer"] == "M4" {
            s["date"] = json!("2024-10-25");
        }
    }
    let (_, path) = written("reviews-kept-file", &doc);
    let o = qaward(&[
        "eval",
        COHORT,
        "--reviews",
        path.to_str().unwrap(),
        "--policies",
        p.arg(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("reviews::after-disqualified"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn diff_with_a_cohort_makes_each_versions_scores_by_its_own_panels() {
    let text = shipped("wuxi-2024", "policy.toml");
    let at = text.find("id = \"site\"").unwrap();
    let mut median = text.replacen("id = \"wuxi-2024\"", "id = \"wuxi-2024-median\"", 1);
    let k = median[at..].find("aggregate = \"mean\"").unwrap() + at;
    median.replace_range(
        k..k + "aggregate = \"mean\"".len(),
        "aggregate = \"median\"",
    );
    let p = Policies::of("reviews-diff", &["wuxi-2024"]).write(
        "wuxi-2024-median",
        "policy.toml",
        &median,
    );
    let out = ok_stdout(&qaward(&[
        "diff",
        "wuxi-2024",
        "wuxi-2024-median",
        "--policies",
        p.arg(),
        "--cohort",
        COHORT,
        "--reviews",
        REVIEWS,
    ]));
    assert!(
        out.contains("现场评审评审组的汇总方式 各评审员总分的平均值 → 各评审员总分的中位数"),
        "{out}"
    );
    assert!(
        out.contains("WX2024-006") && out.contains("现场评审得分 829.5 → 805"),
        "{out}"
    );
    // The rule for a disqualified reviewer's scores can be tried too.
    let o = qaward(&[
        "whatif",
        COHORT,
        "--reviews",
        REVIEWS,
        "--set",
        "reviewers.disqualified_scores=kept",
    ]);
    assert!(ok_stdout(&o).contains("被取消资格的评审员的评分：全部不计 → 取消资格之前的评分仍计"));
}

#[test]
fn an_amendment_may_change_how_a_panel_combines_its_scores() {
    // The committee settles the aggregation (Art. 8(1)): an amendment of wuxi-2024 that takes
    // the median of the on-site panel, and says what becomes of a disqualified reviewer's
    // scores otherwise.
    let p = Policies::of("reviews-amend", &["wuxi-2024"]);
    let o = qaward(&[
        "new",
        "--from",
        "wuxi-2024",
        "--id",
        "wuxi-2024-med",
        "--effective",
        "2025-01-01",
        "--policies",
        p.arg(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = p.dir("wuxi-2024-med").join("policy.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n[[stages]]\nid = \"site\"\naggregate = \"median\"\n\n[reviewers]\ndisqualified_scores = \"kept\"\n");
    std::fs::write(&file, text).unwrap();
    let o = qaward(&["check", p.arg()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = ok_stdout(&qaward(&[
        "diff",
        "wuxi-2024",
        "wuxi-2024-med",
        "--policies",
        p.arg(),
    ]));
    assert!(
        out.contains("现场评审评审组的汇总方式 各评审员总分的平均值 → 各评审员总分的中位数"),
        "{out}"
    );
    assert!(
        out.contains("被取消资格的评审员的评分：全部不计 → 取消资格之前的评分仍计"),
        "{out}"
    );
}
