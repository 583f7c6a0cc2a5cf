//! Cohorts from spreadsheets (issue 13): templates written for a policy, filled in and read
//! back as exactly the JSON cohort they stand for, and every problem said at its cell.

mod common;
use common::*;

use std::path::Path;

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
        text.contains("编号,名称,组织形式"),
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
