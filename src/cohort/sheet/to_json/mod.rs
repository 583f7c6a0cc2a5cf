//! A cohort workbook read into the JSON cohort it stands for, by the policy's declarations,
//! keeping the cell each value came from so that every problem is reported in Excel's terms.
//! An empty cell is a missing field, never zero.

use std::collections::HashMap;

use serde_json::{Map, Value};

mod headers;
mod lists;

use super::grid::{Grid, Sheet};
use super::layout::{self, Column};
use super::typed::{about, fix, given_or_none, typed};
use crate::diag::{Diagnostic, Text};
use crate::error::Error;
use crate::policy::fields::FieldType;
use crate::policy::Policy;
use crate::text;
use headers::{cells_without_header, data_rows, duplicated_headers, headers, not_text};
use lists::Lists;

/// JSON pointer → the cell it was read from (`申报组织!D7`).
pub(crate) type Cells = HashMap<String, String>;

/// A workbook read as a JSON cohort.
pub(crate) struct Converted {
    pub value: Value,
    pub cells: Cells,
    /// What reading skipped or assumed (the template's example row).
    pub notices: Vec<Text>,
}

/// Problems found so far, each at its cell.
#[derive(Default)]
pub(super) struct Found {
    problems: Vec<Diagnostic>,
}

impl Found {
    pub(super) fn bad(&mut self, at: String, message: Text, help: Text) {
        self.problems.push(
            Diagnostic::error("cohort::invalid", message)
                .pointer(at)
                .help(help),
        );
    }

    fn into_result<T>(self, ok: T) -> Result<T, Error> {
        if self.problems.is_empty() {
            Ok(ok)
        } else {
            Err(Error::new(self.problems))
        }
    }
}

/// The sheet with the applicants: named so, else the first sheet that is not another part.
fn applicants_sheet(grid: &Grid) -> Option<&Sheet> {
    grid.sheet(layout::APPLICANTS).or_else(|| {
        grid.sheets.iter().find(|s| {
            let n = s.name.as_str();
            ![layout::RECORDS, layout::HISTORY, layout::CYCLE]
                .iter()
                .any(|names| layout::is(n, names))
                && n != layout::NOTES
                && n != layout::LISTS
        })
    })
}

fn missing_sheet(names: &[&str]) -> Error {
    Error::one(
        Diagnostic::error(
            "cohort::invalid",
            text!(
                format!("缺少工作表“{}”", names[0]),
                format!("the sheet \"{}\" ({}) is missing", names[0], names[1])
            ),
        )
        .help(text!(
            "用 qaward template 生成模板，按模板的工作表填写。",
            "write a template with qaward template and fill in its sheets"
        )),
    )
}

/// The cycle: a sheet (or `X.cycle.csv`) with the headers 评定年度, 申报截止日期 and
/// optionally 公示开始日期 and 奖项, and their values on the second row.
pub(crate) fn cycle(grid: &Grid) -> Result<(Value, Cells), Error> {
    let sheet = grid
        .sheet(layout::CYCLE)
        .ok_or_else(|| missing_sheet(layout::CYCLE))?;
    let heads = headers(sheet);
    let mut found = Found::default();
    let mut cycle = Map::new();
    let mut cells = Cells::new();
    for (col, h) in heads.iter().enumerate() {
        let at = sheet.cell_name(1, col);
        let cell = sheet.get(1, col);
        let (key, ty) = if layout::is(h, layout::CYCLE_YEAR) {
            ("year", FieldType::Integer)
        } else if layout::is(h, layout::DEADLINE) {
            ("application_deadline", FieldType::Date)
        } else if layout::is(h, layout::PUBLICITY) {
            ("publicity_start", FieldType::Date)
        } else if layout::is(h, layout::AWARD) {
            ("award", FieldType::Text)
        } else {
            found.bad(
                sheet.cell_name(0, col),
                text!(
                    format!("评定周期表中有未知的列“{h}”"),
                    format!("the cycle sheet has an unknown column \"{h}\"")
                ),
                text!(
                    "可用的列：评定年度、申报截止日期、公示开始日期、奖项。",
                    "the columns are 评定年度 (year), 申报截止日期 (application_deadline), 公示开始日期 (publicity_start), 奖项 (award)"
                ),
            );
            continue;
        };
        cells.insert(format!("/cycle/{key}"), at.clone());
        if cell.is_empty() {
            continue;
        }
        match typed(cell, &ty) {
            Ok(v) => {
                cycle.insert(key.to_owned(), v);
            }
            Err(why) => found.bad(at, why, fix(&ty)),
        }
    }
    cells.insert("/cycle".into(), sheet.cell_name(1, 0));
    found.into_result((Value::Object(cycle), cells))
}

/// The whole cohort, read by `policy`'s declarations.
pub(crate) fn convert(grid: &Grid, policy: &Policy) -> Result<Converted, Error> {
    let (cycle, mut cells) = cycle(grid)?;
    let sheet = applicants_sheet(grid).ok_or_else(|| missing_sheet(layout::APPLICANTS))?;
    let heads = headers(sheet);
    let columns: Vec<Column> = heads.iter().map(|h| layout::column(policy, h)).collect();
    let id_col = columns.iter().position(|c| *c == Column::Id).ok_or_else(|| {
        Error::one(
            Diagnostic::error(
                "cohort::invalid",
                text!(
                    format!("{}表没有“编号”列", sheet.name),
                    format!("the sheet {} has no 编号 (id) column", sheet.name)
                ),
            )
            .pointer(sheet.cell_name(0, 0))
            .help(text!(
                "第一行是列名，须有一列名为“编号”，每个申报组织一个编号。",
                "the first row holds the headers; one column must be headed 编号, an id per applicant"
            )),
        )
    })?;
    let mut found = Found::default();
    duplicated_headers(
        sheet,
        &heads,
        |c| match &columns[c] {
            Column::Unknown(x) => format!("?{}", x.trim().to_ascii_lowercase()),
            known => format!("{known:?}"),
        },
        &mut found,
    );
    cells_without_header(sheet, &heads, &mut found);
    let mut notices = grid.notices.clone();
    let mut applicants: Vec<Map<String, Value>> = Vec::new();
    // Whether each applicant's records / history were said to be given (有), none (无), or not said.
    let mut said: Vec<(Option<bool>, Option<bool>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (row, cells_of_row) in data_rows(sheet) {
        let cells_of_row = cells_of_row.iter().filter_map(|(c, cell)| {
            let c = *c as usize;
            columns.get(c).map(|column| (c, column, cell))
        });
        let id = sheet.get(row, id_col).text();
        if id.starts_with(layout::EXAMPLE) {
            notices.push(text!(
                format!(
                    "已跳过模板的示例行 {}（编号以“示例”开头）",
                    sheet.cell_name(row, id_col)
                ),
                format!(
                    "skipped the template's example row {} (its id starts with 示例)",
                    sheet.cell_name(row, id_col)
                )
            ));
            continue;
        }
        let i = applicants.len();
        let base = format!("/applicants/{i}");
        cells.insert(base.clone(), sheet.cell_name(row, id_col));
        let mut a = Map::new();
        let mut given = (None, None);
        for (col, column, cell) in cells_of_row {
            if cell.is_empty() {
                continue;
            }
            let at = sheet.cell_name(row, col);
            match column {
                Column::Id | Column::Name | Column::Category | Column::Unknown(_) => {
                    let key = match column {
                        Column::Id => "id",
                        Column::Name => "name",
                        Column::Category => "category",
                        Column::Unknown(h) => h.as_str(),
                        _ => continue,
                    };
                    if let Some(why) = not_text(cell) {
                        found.bad(at, about(&heads[col], &why), fix(&FieldType::Text));
                        continue;
                    }
                    cells.insert(format!("{base}/{}", crate::pointer::escape(key)), at);
                    a.insert(key.to_owned(), Value::String(cell.text()));
                }
                Column::Field(f) => {
                    let decl = &policy.model.fields[*f];
                    match typed(cell, &decl.ty) {
                        Ok(v) => {
                            let pointer = put(&mut a, &decl.path, v);
                            cells.insert(format!("{base}{pointer}"), at);
                        }
                        Err(why) => found.bad(at, about(&decl.title.zh, &why), fix(&decl.ty)),
                    }
                }
                Column::Year(f, year) => {
                    let decl = &policy.model.fields[*f];
                    match typed(cell, &FieldType::Decimal) {
                        Ok(v) => {
                            let pointer = put(&mut a, &format!("{}.{year}", decl.path), v);
                            cells.insert(format!("{base}{pointer}"), at.clone());
                            let whole = pointer.rsplit_once('/').map_or("", |(p, _)| p);
                            cells.entry(format!("{base}{whole}")).or_insert(at);
                        }
                        Err(why) => found.bad(at, about(&decl.title.zh, &why), fix(&FieldType::Decimal)),
                    }
                }
                Column::Score(stage) => match typed(cell, &FieldType::Decimal) {
                    Ok(v) => {
                        let pointer = put(&mut a, &format!("scores.{stage}"), v);
                        cells.insert(format!("{base}{pointer}"), at);
                    }
                    Err(why) => found.bad(at, about(&heads[col], &why), fix(&FieldType::Decimal)),
                },
                Column::HasRecords | Column::HasHistory => match given_or_none(cell) {
                    Some(g) => {
                        if *column == Column::HasRecords {
                            given.0 = Some(g);
                        } else {
                            given.1 = Some(g);
                        }
                    }
                    None => found.bad(
                        at,
                        text!(
                            format!("“{}”应填“有”或“无”，实为“{}”", heads[col], cell.text()),
                            format!("\"{}\" takes 有 (given) or 无 (none), not \"{}\"", heads[col], cell.text())
                        ),
                        text!(
                            "填“有”并在对应工作表逐条列出；填“无”表示确无；不清楚的留空（相关条件将无法判断）。",
                            "write 有 and list them on their sheet, 无 for none, or leave it empty when not known (the conditions that need them are then undetermined)"
                        ),
                    ),
                },
            }
        }
        if !id.is_empty() {
            index.entry(id).or_insert(i);
        }
        applicants.push(a);
        said.push(given);
    }
    // Which of "records given?" and "history given?" the applicants sheet asks.
    let asked: Vec<&str> = columns
        .iter()
        .filter_map(|c| match c {
            Column::HasRecords => Some("records"),
            Column::HasHistory => Some("history"),
            _ => None,
        })
        .collect();
    let mut lists = Lists {
        found: &mut found,
        cells: &mut cells,
        index: &index,
    };
    let records = grid
        .sheet(layout::RECORDS)
        .map(|s| lists.records(s, policy, applicants.len()));
    let history = grid
        .sheet(layout::HISTORY)
        .map(|s| lists.history(s, policy, applicants.len()));
    for (i, a) in applicants.iter_mut().enumerate() {
        let id = a.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
        let (said_records, said_history) = said[i];
        for (key, said, rows, sheet_names, column_names) in [
            (
                "records",
                said_records,
                &records,
                layout::RECORDS,
                layout::HAS_RECORDS,
            ),
            (
                "history",
                said_history,
                &history,
                layout::HISTORY,
                layout::HAS_HISTORY,
            ),
        ] {
            let mine = rows.as_ref().map(|r| r[i].clone());
            let at = cells
                .get(&format!("/applicants/{i}"))
                .cloned()
                .unwrap_or_default();
            match (said, mine) {
                (Some(false), Some(list)) if !list.is_empty() => found.bad(
                    at,
                    text!(
                        format!("申报组织 {id} 的“{}”填“无”，但{}表中有它的 {} 条", column_names[0], sheet_names[0], list.len()),
                        format!("applicant {id} says 无 (none) for {}, but the sheet {} lists {} for it", column_names[1], sheet_names[1], list.len())
                    ),
                    text!("改为“有”，或删去那些行。", "write 有, or delete those rows"),
                ),
                (Some(false), _) => {
                    a.insert(key.into(), Value::Array(Vec::new()));
                }
                (Some(true), mine) if mine.as_ref().is_none_or(Vec::is_empty) => found.bad(
                    at,
                    text!(
                        format!("申报组织 {id} 的“{}”填“有”，但{}表中没有它的记录", column_names[0], sheet_names[0]),
                        format!("applicant {id} says 有 (given) for {}, but the sheet {} lists none for it", column_names[1], sheet_names[1])
                    ),
                    text!(
                        format!("在“{}”表中逐条列出，或改为“无”。", sheet_names[0]),
                        format!("list them on the sheet {}, or write 无", sheet_names[0])
                    ),
                ),
                (Some(true), Some(list)) => {
                    a.insert(key.into(), Value::Array(list));
                }
                // Left empty in a sheet that asks: not known. Not asked at all: the sheet,
                // when there is one, is the whole list.
                (None, Some(list)) if !asked.contains(&key) => {
                    a.insert(key.into(), Value::Array(list));
                }
                _ => {}
            }
        }
    }
    let value = serde_json::json!({
        "cycle": cycle,
        "applicants": applicants.into_iter().map(Value::Object).collect::<Vec<_>>(),
    });
    found.into_result(Converted {
        value,
        cells,
        notices,
    })
}

/// Puts `v` at the dotted `path` of an applicant; the JSON pointer it now has (`/a/b`).
pub(crate) fn put(a: &mut Map<String, Value>, path: &str, v: Value) -> String {
    let mut pointer = String::new();
    let mut at = a;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        pointer.push('/');
        pointer.push_str(&crate::pointer::escape(part));
        if parts.peek().is_none() {
            at.insert(part.to_owned(), v);
            break;
        }
        let next = at
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        let Some(map) = next.as_object_mut() else {
            break; // made an object just above
        };
        at = map;
    }
    pointer
}
