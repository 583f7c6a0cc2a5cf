//! Cohorts from spreadsheets (issue 13): templates written for a policy, filled in and read
//! back as exactly the JSON cohort they stand for, and every problem said at its cell.

use crate::common::*;

use std::path::{Path, PathBuf};

/// The JSON result of `eval COHORT` (English, so the comparison does not hang on wording).
fn result(cohort: &str) -> String {
    ok_stdout(&qaward(&[
        "eval", cohort, "--format", "json", "--lang", "en",
    ]))
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_sample_as_a_workbook_and_as_csv_reads_back_exactly() {
    let dir = temp_dir("round-trip");
    let want = result(SAMPLE);
    let xlsx = dir.join("cohort.xlsx");
    ok_stdout(&qaward(&[
        "template",
        "--from",
        SAMPLE,
        "--format",
        "xlsx",
        "--out",
        arg(&xlsx),
    ]));
    assert_eq!(
        result(arg(&xlsx)),
        want,
        "the workbook reads back as the JSON"
    );
    let csv = dir.join("cohort.csv");
    ok_stdout(&qaward(&[
        "template",
        "--from",
        SAMPLE,
        "--format",
        "csv",
        "--out",
        arg(&csv),
    ]));
    for part in ["records", "history", "cycle", "notes"] {
        assert!(dir.join(format!("cohort.{part}.csv")).exists(), "{part}");
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "a BOM so that Excel reads UTF-8"
    );
    assert!(
        text.contains("编号,名称,统一社会信用代码,组织形式"),
        "Chinese headers: {text}"
    );
    assert!(text.contains(",法人,是,"), "labels, 是/否: {text}");
    assert_eq!(
        result(arg(&csv)),
        want,
        "the CSV files read back as the JSON"
    );
}

#[test]
fn the_sample_as_toml_reads_back_exactly_and_so_does_the_empty_toml_template() {
    // A cohort written as TOML kept serde_json's private number wrapper
    // (`"$serde_json::private::Number" = "2024"`), so it did not read back.
    let dir = temp_dir("round-trip-toml");
    let toml = dir.join("cohort.toml");
    ok_stdout(&qaward(&[
        "template",
        "--from",
        SAMPLE,
        "--format",
        "toml",
        "--out",
        arg(&toml),
    ]));
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(!text.contains("serde_json"), "{text}");
    assert!(
        text.contains("year = 2024"),
        "integers stay integers: {text}"
    );
    assert_eq!(
        result(arg(&toml)),
        result(SAMPLE),
        "TOML reads back as JSON"
    );
    let empty = dir.join("empty.toml");
    ok_stdout(&qaward(&[
        "template",
        "--policy",
        "wuxi-2024",
        "--year",
        "2024",
        "--format",
        "toml",
        "--out",
        arg(&empty),
    ]));
    let out = qaward(&["eval", arg(&empty), "--lang", "en"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("must be a year"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_empty_template_reads_with_its_example_skipped_and_asks_for_the_deadline() {
    let dir = temp_dir("empty");
    let xlsx = dir.join("t.xlsx");
    ok_stdout(&qaward(&[
        "template",
        "--as-of",
        "2024-09-01",
        "--format",
        "xlsx",
        "--out",
        arg(&xlsx),
    ]));
    let o = qaward(&["eval", arg(&xlsx)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("t.xlsx 评定周期!B2"), "{err}");
    let csv = dir.join("t.csv");
    ok_stdout(&qaward(&[
        "template",
        "--as-of",
        "2024-09-01",
        "--format",
        "csv",
        "--out",
        arg(&csv),
    ]));
    std::fs::write(
        dir.join("t.cycle.csv"),
        "评定年度,申报截止日期\n2024,2024年9月1日\n",
    )
    .unwrap();
    let out = ok_stdout(&qaward(&["eval", arg(&csv), "--format", "table"]));
    assert!(out.contains("申报组织：0"), "{out}");
    assert!(out.contains("已跳过模板的示例行 A2"), "{out}");
    // The JSON template is a valid cohort of one example applicant.
    let json = dir.join("t.json");
    ok_stdout(&qaward(&[
        "template",
        "--as-of",
        "2024-09-01",
        "--format",
        "json",
        "--out",
        arg(&json),
    ]));
    let v = json_of(&qaward(&["eval", arg(&json), "--format", "json"]));
    assert_eq!(v["applicants"][0]["id"], "示例-001");
}

#[test]
fn a_bad_cell_is_named_as_excel_names_it_and_empty_cells_are_missing() {
    let dir = temp_dir("cells");
    let csv = dir.join("c.csv");
    std::fs::write(
        dir.join("c.cycle.csv"),
        "评定年度,申报截止日期\n2024,2024/9/1\n",
    )
    .unwrap();
    std::fs::write(
        &csv,
        "编号,名称,组织形式,在本市行政区域内依法设立,材料评审得分\nA1,甲,法人,是,812.5\nA2,乙,法人,也许,700\n",
    )
    .unwrap();
    let o = qaward(&["eval", arg(&csv), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("c.csv D3"), "{err}");
    assert!(
        err.contains("must be 是 (yes) or 否 (no), not \"也许\""),
        "{err}"
    );
    // A score above the total, found after reading, is still said at its cell.
    std::fs::write(&csv, "编号,名称,材料评审得分\nA1,甲,812.5\nA2,乙,1200\n").unwrap();
    let err = stderr(&qaward(&["eval", arg(&csv), "--lang", "en"]));
    assert!(err.contains("c.csv C3"), "{err}");
    // Empty cells are missing fields: undetermined, never zero or false.
    std::fs::write(&csv, "编号,名称,在本市行政区域内依法设立\nA1,甲,\n").unwrap();
    let v = json_of(&qaward(&[
        "eval",
        arg(&csv),
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    assert_eq!(v["applicants"][0]["eligibility"], "undetermined");
}

#[test]
fn records_and_history_say_given_none_or_not_known() {
    let dir = temp_dir("lists");
    let csv = dir.join("c.csv");
    std::fs::write(
        dir.join("c.cycle.csv"),
        "评定年度,申报截止日期\n2024,2024-09-01\n",
    )
    .unwrap();
    std::fs::write(&csv, "编号,不良记录\nA1,有\nA2,无\nA3,\n").unwrap();
    std::fs::write(
        dir.join("c.records.csv"),
        "编号,记录类别,日期,等级\nA1,事故,2023-05-01,较大\nA9,事故,2023-05-01,较大\n",
    )
    .unwrap();
    let err = stderr(&qaward(&["eval", arg(&csv), "--lang", "en"]));
    assert!(err.contains("c.records.csv!A3"), "{err}");
    assert!(
        err.contains("the id \"A9\" is not on the applicants sheet"),
        "{err}"
    );
    std::fs::write(
        dir.join("c.records.csv"),
        "编号,记录类别,日期,等级\nA1,事故,2023-05-01,较大\n",
    )
    .unwrap();
    let v = json_of(&qaward(&[
        "eval",
        arg(&csv),
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    let art107 = |i: usize| -> String {
        v["applicants"][i]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "art10.7")
            .map(|c| c["reason"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert!(
        art107(0).contains("accident"),
        "A1's record is read: {}",
        art107(0)
    );
    assert!(
        !art107(1).contains("records is missing"),
        "无 is none: {}",
        art107(1)
    );
    assert!(
        art107(2).contains("records is missing"),
        "empty is not known: {}",
        art107(2)
    );
    // 无 with rows, or 有 without, is a contradiction to fix.
    std::fs::write(&csv, "编号,不良记录\nA1,无\n").unwrap();
    let err = stderr(&qaward(&["eval", arg(&csv), "--lang", "en"]));
    assert!(
        err.contains("says 无 (none) for records, but the sheet"),
        "{err}"
    );
}

#[test]
fn other_spreadsheet_formats_are_refused_with_the_way_out() {
    let dir = temp_dir("xls");
    let xls = dir.join("c.xls");
    std::fs::write(&xls, b"not really").unwrap();
    let o = qaward(&["eval", arg(&xls), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("save it as .xlsx"), "{}", stderr(&o));
    // A CSV cohort without its cycle file says which sheet is missing.
    let csv = dir.join("c.csv");
    std::fs::write(&csv, "编号\nA1\n").unwrap();
    let err = stderr(&qaward(&["eval", arg(&csv), "--lang", "en"]));
    assert!(
        err.contains("the sheet \"评定周期\" (cycle) is missing"),
        "{err}"
    );
}

#[test]
fn results_go_to_csv_and_to_a_workbook() {
    let out = ok_stdout(&qaward(&["eval", SAMPLE, "--format", "csv"]));
    assert!(out.starts_with("\u{feff}名次,编号,名称,材料评审"), "{out}");
    assert!(
        out.contains("2,WX2024-002,无锡示例人民医院,845.5,830,822,833.05,符合申报条件,是,无锡市市长质量奖,1000000,"),
        "{out}"
    );
    // A workbook needs a file; with one, it is written and is a zip (xlsx) file.
    let o = qaward(&["eval", SAMPLE, "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    let dir = temp_dir("result-xlsx");
    let file = dir.join("r.xlsx");
    ok_stdout(&qaward(&[
        "eval",
        SAMPLE,
        "--format",
        "xlsx",
        "--out",
        arg(&file),
    ]));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
}

#[test]
fn a_what_if_goes_to_csv_a_row_per_applicant_that_changes() {
    let out = ok_stdout(&qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "tiers.award.quota=6",
        "--format",
        "csv",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("\u{feff}比较,编号,名称,变化前申报资格"),
        "{out}"
    );
    assert_eq!(lines.len(), 2, "one applicant changes: {out}");
    assert!(
        lines[1].contains(
            ",无锡市市长质量奖提名奖,200000,符合申报条件,是,6,782.45,无锡市市长质量奖,1000000,"
        ),
        "{out}"
    );
}

/// Issue 22: `template --from` a cohort and reading it back gives the same result as the cohort,
/// for every shipped example and award, in every format a template is written in; among them an
/// earlier win in another category (the history sheet lost it, and the first-time payout with it).
#[test]
fn every_example_reads_back_the_same_from_every_template_format() {
    let dir = temp_dir("round-trips");
    let award = workdir().join("examples/china-quality-award");
    let award_policies = award.join("policies");
    let mut cross: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(award.join("cohort.json")).unwrap()).unwrap();
    for a in cross["applicants"].as_array_mut().unwrap() {
        if a["id"] == "CQA-I1" {
            a["history"] =
                serde_json::json!([{"year": 2020, "tier": "award", "category": "organisation"}]);
        }
    }
    let cross_path = dir.join("cross-category.json");
    std::fs::write(&cross_path, cross.to_string()).unwrap();
    let cases: Vec<(PathBuf, Option<PathBuf>)> = vec![
        (workdir().join(SAMPLE), None),
        (award.join("cohort.json"), Some(award_policies.clone())),
        (cross_path, Some(award_policies)),
    ];
    for (i, (cohort, policies)) in cases.iter().enumerate() {
        let with = |mut args: Vec<String>| -> Vec<String> {
            if let Some(p) = policies {
                args.extend(["--policies".into(), arg(p).into()]);
            }
            args
        };
        let run = |args: Vec<String>| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            ok_stdout(&qaward(&args))
        };
        let eval = |c: &Path| {
            run(with(vec![
                "eval".into(),
                arg(c).into(),
                "--format".into(),
                "json".into(),
                "--lang".into(),
                "en".into(),
            ]))
        };
        let want = eval(cohort);
        for format in ["xlsx", "csv", "toml", "json"] {
            let out = dir.join(format!("case{i}.{format}"));
            run(with(vec![
                "template".into(),
                "--from".into(),
                arg(cohort).into(),
                "--format".into(),
                format.into(),
                "--out".into(),
                arg(&out).into(),
            ]));
            assert_eq!(eval(&out), want, "{} as {format}", cohort.display());
        }
    }
}

/// Issue 22: in December 2026 the template is for the 2026 cycle (profit 2023–2025), and a
/// workbook whose cycle year and year columns disagree says so and how to fix it.
#[test]
fn the_template_is_for_this_years_cycle_and_a_year_mismatch_is_named() {
    let dir = temp_dir("year");
    let csv = dir.join("t.csv");
    ok_stdout(&qaward(&[
        "template",
        "--as-of",
        "2026-12-07",
        "--format",
        "csv",
        "--out",
        arg(&csv),
    ]));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains("（2023年度）") && text.contains("（2025年度）"),
        "{text}"
    );
    assert!(!text.contains("（2022年度）"), "{text}");
    let cycle = std::fs::read_to_string(dir.join("t.cycle.csv")).unwrap();
    assert!(cycle.contains("\n2026,"), "{cycle}");
    // The clerk corrects the year to 2025 on the cycle sheet, but keeps the 2026 columns.
    std::fs::write(
        dir.join("t.cycle.csv"),
        "评定年度,申报截止日期\n2025,2025年9月1日\n",
    )
    .unwrap();
    let o = qaward(&["eval", arg(&csv)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("评定年度为 2025") && err.contains("缺 2022 年度"),
        "{err}"
    );
    assert!(err.contains("qaward template --year 2025"), "{err}");
}
