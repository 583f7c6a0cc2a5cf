//! An evaluation as spreadsheets for the secretariat: the candidates and ranking, the
//! conditions of every applicant with the reasons, and the summary — as an `.xlsx` workbook
//! (three sheets) or as one CSV table (UTF-8 with a BOM, so that Excel opens it in Chinese).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, XlsxError};

use super::reason;
use super::words::{eligibility_word, flag_word, status_word};
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{Outcome, Status, Verdict};
use crate::safe_text::report_cell;

/// A cell of a result sheet.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Text(String),
    Number(Decimal),
    Empty,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(d) => show(*d),
            Cell::Empty => String::new(),
        }
    }
}

/// One sheet: its name, headers and rows.
pub(crate) struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(d: Option<Decimal>) -> Cell {
    d.map_or(Cell::Empty, Cell::Number)
}

/// Every applicant, ranked ones first in rank order: scores, total, tier, payout, flags.
fn ranking(outcome: &Outcome<'_>, lang: Lang) -> Table {
    let p = outcome.policy;
    let with_categories = !p.categories.is_empty();
    let mut headers: Vec<String> = [
        lang.pick("名次", "rank"),
        lang.pick("编号", "id"),
        lang.pick("名称", "name"),
    ]
    .map(str::to_owned)
    .to_vec();
    if with_categories {
        headers.push(lang.pick("类别", "category").into());
    }
    headers.extend(p.stages.iter().map(|s| s.title.get(lang).to_owned()));
    headers.extend(
        [
            lang.pick("总分", "total"),
            lang.pick("申报资格", "eligibility"),
            lang.pick("入围", "shortlisted"),
            lang.pick("拟授奖项", "tier"),
            lang.pick("奖励（元）", "payout (CNY)"),
            lang.pick("标记", "flags"),
        ]
        .map(str::to_owned),
    );
    let mut verdicts: Vec<&Verdict<'_>> = outcome.verdicts.iter().collect();
    verdicts.sort_by_key(|v| (v.rank.is_none(), v.rank, !v.shortlisted, v.shortlist_rank));
    let rows = verdicts
        .into_iter()
        .map(|v| {
            let own = outcome.policy_for(v);
            let mut row = vec![
                num(v.rank.map(Decimal::from)),
                t(&v.applicant.id),
                t(v.applicant.name.clone().unwrap_or_default()),
            ];
            if with_categories {
                let c = v.applicant.category.and_then(|k| p.categories.get(k));
                row.push(t(c
                    .map(|c| c.title.get(lang).to_owned())
                    .unwrap_or_default()));
            }
            row.extend(
                p.stages
                    .iter()
                    .enumerate()
                    .map(|(i, _)| num(v.applicant.scores.get(i).copied().flatten())),
            );
            row.push(num(v.total));
            row.push(t(eligibility_word(v.eligibility.as_str(), lang)));
            row.push(t(if v.shortlisted {
                lang.pick("是", "yes")
            } else {
                lang.pick("否", "no")
            }));
            row.push(t(v
                .tier
                .map(|k| own.tiers[k].title.get(lang).to_owned())
                .unwrap_or_default()));
            row.push(if v.tier.is_some() {
                Cell::Number(v.payout)
            } else {
                Cell::Empty
            });
            row.push(t(v
                .flags
                .iter()
                .map(|f| flag_word(f.as_str(), lang))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "))));
            row
        })
        .collect();
    Table {
        name: lang.pick("候选名单与排名", "ranking").into(),
        headers,
        rows,
    }
}

/// A row per applicant and condition: article, title, result and reason.
fn conditions(outcome: &Outcome<'_>, lang: Lang) -> Table {
    let headers = [
        lang.pick("编号", "id"),
        lang.pick("名称", "name"),
        lang.pick("条文", "article"),
        lang.pick("条件", "condition"),
        lang.pick("结果", "status"),
        lang.pick("理由", "reason"),
    ]
    .map(str::to_owned)
    .to_vec();
    let mut rows = Vec::new();
    for v in &outcome.verdicts {
        let p = outcome.policy_for(v);
        let records = v.applicant.records.as_deref().unwrap_or(&[]);
        for (c, status, clauses) in v.by_condition(p) {
            if status == Status::NotApplicable && clauses.is_empty() {
                continue;
            }
            rows.push(vec![
                t(&v.applicant.id),
                t(v.applicant.name.clone().unwrap_or_default()),
                t(c.cite.shown(lang)),
                t(c.title.get(lang)),
                t(status_word(status.as_str(), lang)),
                t(reason::condition_reason(
                    c,
                    status,
                    clauses,
                    records,
                    &outcome.cohort.cycle,
                    lang,
                )),
            ]);
        }
    }
    Table {
        name: lang.pick("申报条件", "conditions").into(),
        headers,
        rows,
    }
}

/// The counts, each tier's places, the payout, the notice and the warnings.
fn summary(outcome: &Outcome<'_>, lang: Lang) -> Table {
    let p = outcome.policy;
    let s = &outcome.summary;
    let mut rows = vec![
        vec![
            t(lang.pick("规则版本", "policy")),
            t(format!("{} {}", p.meta.id, p.meta.title.get(lang))),
        ],
        vec![
            t(lang.pick("有效期", "in force")),
            t(p.meta.window().get(lang)),
        ],
        vec![
            t(lang.pick("参考日期", "reference date")),
            t(lang.pick(
                outcome.reference_date.zh(),
                outcome.reference_date.to_string(),
            )),
        ],
        vec![t(lang.pick("规则摘要", "policy digest")), t(&p.digest)],
    ];
    for (label, n) in [
        (lang.pick("申报", "applicants"), s.applicants),
        (lang.pick("符合条件", "eligible"), s.eligible),
        (lang.pick("不符合", "ineligible"), s.ineligible),
        (lang.pick("待定", "undetermined"), s.undetermined),
        (lang.pick("入围", "shortlisted"), s.shortlisted),
    ] {
        rows.push(vec![t(label), num(Some(Decimal::from(n)))]);
    }
    for (tier, ts) in p.tiers.iter().zip(&s.tiers) {
        let name = tier.title.get(lang);
        rows.push(vec![
            t(format!("{name} {}", lang.pick("拟授予", "proposed"))),
            num(Some(Decimal::from(ts.filled))),
        ]);
        rows.push(vec![
            t(format!("{name} {}", lang.pick("名额", "quota"))),
            num(Some(Decimal::from(tier.quota))),
        ]);
        rows.push(vec![
            t(format!("{name} {}", lang.pick("空缺", "vacant"))),
            num(Some(Decimal::from(ts.vacant - ts.held))),
        ]);
        if ts.held > 0 {
            rows.push(vec![
                t(format!(
                    "{name} {}",
                    lang.pick("待评委会决定", "for the committee")
                )),
                num(Some(Decimal::from(ts.held))),
            ]);
        }
    }
    rows.push(vec![
        t(lang.pick("奖励合计（元）", "total payout (CNY)")),
        Cell::Number(s.payout_total),
    ]);
    if let Some((start, end)) = outcome.publicity {
        rows.push(vec![
            t(lang.pick("公示期", "public notice")),
            t(lang.pick(
                format!("{}至{}", start.zh(), end.zh()),
                format!("{start} to {end}"),
            )),
        ]);
    }
    for w in &outcome.warnings {
        rows.push(vec![t(lang.pick("警告", "warning")), t(w.get(lang))]);
    }
    Table {
        name: lang.pick("汇总", "summary").into(),
        headers: vec![
            lang.pick("项目", "item").into(),
            lang.pick("内容", "value").into(),
        ],
        rows,
    }
}

/// The ranking as one CSV table, UTF-8 with a BOM.
pub fn csv(outcome: &Outcome<'_>, lang: Lang) -> String {
    table_csv(&ranking(outcome, lang))
}

/// A table as CSV, UTF-8 with a BOM; no cell is one a spreadsheet would run as a formula,
/// and no control character or direction mark from the input is written as it is.
pub(crate) fn table_csv(table: &Table) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(table.headers.iter().map(|h| report_cell(h)));
    for row in &table.rows {
        let _ = w.write_record(row.iter().map(|c| report_cell(&c.text())));
    }
    let body = w
        .into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    format!("\u{feff}{body}")
}

/// The three sheets as a workbook.
pub fn xlsx(outcome: &Outcome<'_>, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    workbook(&[
        ranking(outcome, lang),
        conditions(outcome, lang),
        summary(outcome, lang),
    ])
}

/// Tables as a workbook, one sheet each, headers bold and frozen; numbers as numbers when a
/// double holds them exactly, else as text (no digit is lost).
pub(crate) fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = crate::cohort::sheet::template::new_workbook()?;
    let head = Format::new().set_bold().set_background_color(0xDDEBF7);
    let wrap = Format::new().set_text_wrap();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&table.name)?;
        for (c, h) in table.headers.iter().enumerate() {
            let c16 = u16::try_from(c).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, c16, h, &head)?;
            let widest = table
                .rows
                .iter()
                .map(|r| r.get(c).map_or(0, |x| x.text().chars().count()))
                .chain([h.chars().count()])
                .max()
                .unwrap_or(8);
            #[allow(clippy::cast_precision_loss)]
            sheet.set_column_width(c16, (widest as f64 * 1.8).clamp(6.0, 60.0))?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r32 = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let c16 = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) if s.chars().count() > 60 => {
                        sheet.write_string_with_format(r32, c16, s, &wrap)?;
                    }
                    Cell::Text(s) => {
                        sheet.write_string(r32, c16, s)?;
                    }
                    Cell::Number(d) => {
                        let f: Option<f64> = d.to_string().parse().ok();
                        match f.filter(|f| crate::decimal::parse(&format!("{f}")).ok() == Some(*d))
                        {
                            Some(f) => sheet.write_number(r32, c16, f)?,
                            None => sheet.write_string(r32, c16, show(*d))?,
                        };
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::sheet::grid::Cell as Read;
    use crate::{Case, Choice, CohortFile, Store};

    #[test]
    fn the_workbook_has_the_three_sheets_with_numbers_as_numbers() {
        let store = Store::embedded();
        let cohort = CohortFile::from_json(
            br#"{"cycle": {"year": 2024, "application_deadline": "2024-09-01"},
                 "applicants": [{"id": "A1", "name": "A", "scores": {"material": "812.5"}}]}"#,
        )
        .unwrap();
        let case = Case::open(&store, &cohort, &Choice::in_force()).unwrap();
        let outcome = case.evaluate();
        let bytes = xlsx(&outcome, Lang::Zh).unwrap();
        let book = crate::cohort::sheet::xlsx::read_bytes(&bytes).unwrap();
        let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["候选名单与排名", "申报条件", "汇总"]);
        let ranking = &book.sheets[0];
        assert_eq!(ranking.get(0, 1), &Read::Text("编号".into()));
        assert_eq!(ranking.get(1, 1), &Read::Text("A1".into()));
        assert_eq!(ranking.get(1, 3), &Read::Number("812.5".parse().unwrap()));
        assert!(book.sheets[1].rows.len() > 5, "a row per condition");
    }
}
