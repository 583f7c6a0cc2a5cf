//! A workbook's reviewers' sheets read into [`Reviews`]: the reviewers sheet (评审员: id, the
//! applicants they step aside from, the day and decision of a disqualification) and one score
//! sheet per stage scored by a panel (评分-现场评审: reviewer, applicant, date, and a column per
//! criterion), every value kept with its cell so that a problem is said at `评分-现场评审!F7`.
//! An empty criterion cell is left out, so the sheet is then reported incomplete at its row.

use std::path::Path;

use serde_json::Value;

use super::{Mark, Reviewer, Reviews};
use crate::cohort::sheet::cells::Cells;
use crate::cohort::sheet::grid::{Grid, Sheet};
use crate::cohort::sheet::layout;
use crate::cohort::sheet::to_json::headers::{data_rows, headers};
use crate::cohort::sheet::typed::typed;
use crate::diag::{text, Diagnostic, Text};
use crate::error::Error;
use crate::policy::fields::FieldType;
use crate::policy::Policy;

/// What a column of a score sheet holds.
enum Column {
    Reviewer,
    Applicant,
    Date,
    /// The criterion with this index among the stage's criteria (over every category).
    Criterion(usize),
}

/// The reviews in the workbook `grid` read from `path`, by `policy`'s stages and criteria.
pub(super) fn workbook(path: &Path, grid: &Grid, policy: &Policy) -> Result<Reviews, Error> {
    let mut out = Reviews::new(path);
    let mut cells = Cells::new();
    let score_sheets: Vec<(&Sheet, usize)> = grid
        .sheets
        .iter()
        .filter_map(|s| layout::score_sheet_stage(policy, &s.name).map(|st| (s, st)))
        .collect();
    if score_sheets.is_empty() {
        let names: Vec<String> = policy
            .stages
            .iter()
            .filter(|s| !policy.stage_criteria(&s.id).is_empty())
            .map(|s| layout::score_sheet(&s.title.zh))
            .collect();
        return Err(Error::one(
            Diagnostic::error(
                "reviews::syntax",
                text!(
                    format!("工作簿中没有评分表（{}）", names.join("、")),
                    format!("the workbook has no score sheet ({})", names.join(", "))
                ),
            )
            .help(text!(
                "用 qaward template 生成带评分表的模板，在“评审员”表和各评分表中填写。",
                "write a template with qaward template, which has the reviewers sheet and a score sheet per stage, and fill them in"
            ))
            .in_file(path),
        ));
    }
    if let Some(sheet) = grid.sheet(layout::REVIEWERS) {
        reviewers(sheet, &mut out, &mut cells);
    }
    for (sheet, st) in score_sheets {
        scores(sheet, policy, st, &mut out, &mut cells);
    }
    out.cells = Some(cells);
    Ok(out)
}

fn bad(at: String, message: Text, help: Text) -> Diagnostic {
    Diagnostic::error("reviews::invalid", message)
        .pointer(at)
        .help(help)
}

fn unknown_column(sheet: &Sheet, col: usize, header: &str, known: &str) -> Diagnostic {
    bad(
        sheet.cell_name(0, col),
        text!(
            format!("工作表“{}”中有未知的列“{header}”", sheet.name),
            format!(
                "the sheet \"{}\" has an unknown column \"{header}\"",
                sheet.name
            )
        ),
        text!(
            format!("可用的列：{known}"),
            format!("the columns are: {known}")
        ),
    )
}

/// A cell's date, or a problem at it.
fn date(sheet: &Sheet, row: usize, col: usize, problems: &mut Vec<Diagnostic>) -> Option<String> {
    let cell = sheet.get(row, col);
    if cell.is_empty() {
        return None;
    }
    match typed(cell, &FieldType::Date) {
        Ok(Value::String(s)) => Some(s),
        Ok(_) => None,
        Err(e) => {
            problems.push(bad(
                sheet.cell_name(row, col),
                e,
                text!("填日期，如 2024-10-20。", "write a date, e.g. 2024-10-20"),
            ));
            None
        }
    }
}

/// The reviewers sheet.
fn reviewers(sheet: &Sheet, out: &mut Reviews, cells: &mut Cells) {
    let heads = headers(sheet);
    let find = |names: &[&str]| heads.iter().position(|h| layout::is(h, names));
    let (id, conflicts, off, why) = (
        find(layout::REVIEWER),
        find(layout::CONFLICTS),
        find(layout::DISQUALIFIED_ON),
        find(layout::DISQUALIFIED_BY),
    );
    for (c, h) in heads.iter().enumerate() {
        if !h.trim().is_empty() && ![id, conflicts, off, why].contains(&Some(c)) {
            out.problems.push(unknown_column(
                sheet,
                c,
                h,
                "评审员编号、回避的申报者、取消资格日期、取消资格决定",
            ));
        }
    }
    let Some(id) = id else {
        out.problems.push(bad(
            sheet.cell_name(0, 0),
            text!(
                "“评审员”表缺少“评审员编号”列",
                "the reviewers sheet has no 评审员编号 (id) column"
            ),
            text!(
                "用 qaward template 生成的模板有这一列。",
                "a template from qaward template has it"
            ),
        ));
        return;
    };
    let rows: Vec<usize> = data_rows(sheet).map(|(r, _)| r).collect();
    for r in rows {
        let i = out.reviewers.len();
        let at = format!("/reviewers/{i}");
        let name = sheet.get(r, id).text();
        cells.insert(&format!("{at}/id"), sheet, r, id);
        if name.is_empty() {
            out.problems.push(bad(
                sheet.cell_name(r, id),
                text!("评审员编号为空", "the reviewer's id is empty"),
                text!(
                    "填写评审员编号（只写编号，不写姓名）。",
                    "write the reviewer's id (an id, not a name)"
                ),
            ));
            continue;
        }
        if let Some(c) = conflicts {
            cells.insert(&format!("{at}/conflicts"), sheet, r, c);
        }
        let conflicts = conflicts
            .map(|c| {
                sheet
                    .get(r, c)
                    .text()
                    .split(['、', ',', '，', ';', '；', ' ', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let disqualified_on = off.and_then(|c| {
            cells.insert(&format!("{at}/disqualified_on"), sheet, r, c);
            date(sheet, r, c, &mut out.problems)
        });
        let disqualified_on = out.date(disqualified_on.as_deref(), format!("{at}/disqualified_on"));
        let reason = why
            .map(|c| sheet.get(r, c).text())
            .filter(|s| !s.is_empty());
        out.reviewers.push(Reviewer {
            id: name,
            conflicts,
            disqualified_on,
            reason,
            at,
        });
    }
}

/// One stage's score sheet.
fn scores(sheet: &Sheet, policy: &Policy, st: usize, out: &mut Reviews, cells: &mut Cells) {
    let stage = &policy.stages[st];
    let items = policy.stage_criteria(&stage.id);
    let heads = headers(sheet);
    let mut columns: Vec<(usize, Column)> = Vec::new();
    for (c, h) in heads.iter().enumerate() {
        let column = if layout::is(h, layout::REVIEWER) {
            Some(Column::Reviewer)
        } else if layout::is(h, layout::ID) {
            Some(Column::Applicant)
        } else if layout::is(h, layout::SCORED_ON) {
            Some(Column::Date)
        } else {
            items
                .iter()
                .position(|(id, t, _)| layout::is_criterion(h, id, &t.zh))
                .map(Column::Criterion)
        };
        match column {
            Some(k) => columns.push((c, k)),
            None if h.trim().is_empty() => {}
            None => {
                let mut known = vec![
                    "评审员编号".to_owned(),
                    "编号".to_owned(),
                    "评分日期".to_owned(),
                ];
                known.extend(
                    items
                        .iter()
                        .map(|(_, t, m)| layout::criterion_header(&t.zh, *m)),
                );
                out.problems
                    .push(unknown_column(sheet, c, h, &known.join("、")));
            }
        }
    }
    let col = |want: fn(&Column) -> bool| columns.iter().find(|(_, k)| want(k)).map(|(c, _)| *c);
    let (Some(rc), Some(ac)) = (
        col(|k| matches!(k, Column::Reviewer)),
        col(|k| matches!(k, Column::Applicant)),
    ) else {
        out.problems.push(bad(
            sheet.cell_name(0, 0),
            text!(
                format!("评分表“{}”须有“评审员编号”和“编号”两列", sheet.name),
                format!("the score sheet \"{}\" needs the columns 评审员编号 (reviewer) and 编号 (applicant)", sheet.name)
            ),
            text!("用 qaward template 生成的模板有这两列。", "a template from qaward template has them"),
        ));
        return;
    };
    let dc = col(|k| matches!(k, Column::Date));
    let rows: Vec<usize> = data_rows(sheet).map(|(r, _)| r).collect();
    for r in rows {
        let reviewer = sheet.get(r, rc).text();
        let applicant = sheet.get(r, ac).text();
        for (c, what) in [(rc, &reviewer), (ac, &applicant)] {
            if what.is_empty() {
                out.problems.push(bad(
                    sheet.cell_name(r, c),
                    text!(
                        "此行有评分，却缺少评审员编号或申报编号",
                        "the row has scores but no reviewer or applicant id"
                    ),
                    text!(
                        "填写评审员编号和申报编号，或删去此行。",
                        "write both ids, or delete the row"
                    ),
                ));
            }
        }
        if reviewer.is_empty() || applicant.is_empty() {
            continue;
        }
        let day = dc.and_then(|c| date(sheet, r, c, &mut out.problems));
        let (scores, problems) = (out.scores.len(), out.problems.len());
        for (c, k) in &columns {
            let Column::Criterion(k) = k else {
                continue;
            };
            let cell = sheet.get(r, *c);
            if cell.is_empty() {
                continue;
            }
            let points = match typed(cell, &FieldType::Decimal) {
                Ok(Value::String(s)) => crate::decimal::parse(&s).ok(),
                _ => None,
            };
            let Some(points) = points else {
                out.unread
                    .insert((applicant.clone(), stage.id.clone(), reviewer.clone()));
                out.problems.push(bad(
                    sheet.cell_name(r, *c),
                    text!(
                        format!("评分应为数字，实为“{}”", cell.text()),
                        format!("points must be a number, not \"{}\"", cell.text())
                    ),
                    text!("填写分数，如 85.5。", "write the points, e.g. 85.5"),
                ));
                continue;
            };
            let i = out.scores.len();
            let at = format!("/scores/{i}");
            cells.insert(&format!("{at}/points"), sheet, r, *c);
            cells.insert(&format!("{at}/criterion"), sheet, r, *c);
            cells.insert(&format!("{at}/reviewer"), sheet, r, rc);
            cells.insert(&format!("{at}/applicant"), sheet, r, ac);
            cells.insert(&format!("{at}/stage"), sheet, r, rc);
            if let Some(dc) = dc {
                cells.insert(&format!("{at}/date"), sheet, r, dc);
            }
            let date = out.date(day.as_deref(), format!("{at}/date"));
            out.scores.push(Mark {
                reviewer: reviewer.clone(),
                stage: stage.id.clone(),
                applicant: applicant.clone(),
                criterion: items[*k].0.clone(),
                points,
                date,
                at,
            });
        }
        // A row of ids with no points at all is a sheet left blank, not a reviewer who did
        // not score: said at its first criterion cell.
        if out.scores.len() == scores && out.problems.len() == problems {
            let first = columns
                .iter()
                .find(|(_, k)| matches!(k, Column::Criterion(_)))
                .map_or(rc, |(c, _)| *c);
            out.problems.push(
                Diagnostic::error(
                    "reviews::incomplete",
                    text!(
                        format!("评审员 `{reviewer}` 对 `{applicant}` 的{}评分一项也没有填写", stage.title.zh),
                        format!("reviewer `{reviewer}`'s {} sheet for `{applicant}` has no points at all", stage.title.en)
                    ),
                )
                .pointer(sheet.cell_name(r, first))
                .help(text!(
                    "填写各项准则的评分；该评审员未为其评分的，删去此行。",
                    "fill in each criterion's points; if the reviewer did not score this applicant, delete the row"
                )),
            );
        }
    }
}
