//! A cohort workbook read into the JSON cohort it stands for, by the policy's declarations,
//! keeping the cell each value came from so that every problem is reported in Excel's terms.
//! An empty cell is a missing field, never zero.

use std::collections::HashMap;

use serde_json::{Map, Value};

pub(crate) mod headers;
mod lists;

use super::cells::Cells;
use super::grid::Cell;
use super::grid::{Grid, Sheet};
use super::layout::{self, Column};
use super::typed::{about, fix, given_or_none, read_differently, typed};
use crate::diag::text;
use crate::diag::{Diagnostic, Text};
use crate::error::Error;
use crate::policy::fields::FieldType;
use crate::policy::Policy;
use headers::{cells_without_header, data_rows, duplicated_headers, headers, not_text};
use lists::Lists;

/// A workbook read as a JSON cohort.
pub(crate) struct Converted {
    /// The cohort as JSON text.
    pub json: Vec<u8>,
    pub cells: Cells,
    /// The cells that could not be read (left out of the JSON): reported together with what
    /// reading the JSON finds, so that one run shows every mistake.
    pub problems: Vec<Diagnostic>,
    /// What reading skipped or assumed (the template's example row).
    pub notices: Vec<Text>,
}

/// Problems found so far, each at its cell.
#[derive(Default)]
pub(super) struct Found {
    problems: Vec<Diagnostic>,
    /// Cells read as other than they show (`１２００` as 1200), each said.
    notices: Vec<Text>,
}

impl Found {
    /// Says so when `cell` at `at` was read as other than it shows.
    pub(super) fn read_as(
        &mut self,
        at: impl FnOnce() -> String,
        cell: &Cell,
        ty: &FieldType,
        value: &Value,
    ) {
        if let Some(read) = read_differently(cell, ty, value) {
            let (at, shown) = (at(), cell.text());
            self.notices.push(text!(
                format!("{at} 的“{shown}”读作 {read}"),
                format!("{at}: \"{shown}\" was read as {read}")
            ));
        }
    }

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
        cells.insert(&format!("/cycle/{key}"), sheet, 1, col);
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
    cells.insert("/cycle", sheet, 1, 0);
    found.into_result((Value::Object(cycle), cells))
}

/// The award year on the cycle sheet, when it can be read.
pub(crate) fn cycle_year(grid: &Grid) -> Option<i32> {
    let sheet = grid.sheet(layout::CYCLE)?;
    let col = headers(sheet)
        .iter()
        .position(|h| layout::is(h, layout::CYCLE_YEAR))?;
    match typed(sheet.get(1, col), &FieldType::Integer).ok()? {
        Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        _ => None,
    }
}

/// The whole cohort, read by `policy`'s declarations, as JSON text: each applicant is written
/// out as soon as it is read, so the workbook never stands in memory a second time as values.
/// A cell that cannot be read is left out and its problem kept in `problems`; only a sheet
/// that cannot be read at all is an error at once.
///
/// `stand_in`: a cycle to write in place of the sheet's when the sheet's has a mistake (said
/// elsewhere), so that the applicants are still read and every other problem found.
pub(crate) fn convert(
    grid: &Grid,
    policy: &Policy,
    stand_in: Option<Value>,
) -> Result<Converted, Error> {
    let (cycle, mut cells) = match stand_in {
        Some(c) => (c, Cells::new()),
        None => cycle(grid)?,
    };
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
    let year = cycle
        .get("year")
        .and_then(Value::as_i64)
        .and_then(|y| i32::try_from(y).ok());
    if let Some(year) = year {
        years_against_cycle(sheet, &columns, policy, year, &mut found);
    }
    let mut notices = grid.notices.clone();
    unknown_headers(sheet, &columns, policy, year, &mut found, &mut notices);
    sheets_not_read(grid, policy, sheet, &heads, &mut found, &mut notices);
    // First the rows that are applicants, and each id's applicant, so that the records and
    // history sheets can be linked before any applicant is written.
    let mut rows: Vec<usize> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (row, _) in data_rows(sheet) {
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
        if !id.is_empty() {
            index.entry(id).or_insert(rows.len());
        }
        rows.push(row);
    }
    cells.applicant_rows(sheet, &rows);
    cells.applicant_column("", id_col);
    for (col, column) in columns.iter().enumerate() {
        let below = match column {
            Column::Id => "/id".to_owned(),
            Column::Name => "/name".to_owned(),
            Column::Category => "/category".to_owned(),
            Column::Unknown(h) => format!("/{}", crate::pointer::escape(h)),
            Column::Field(f) => pointer_of(&policy.model.fields[*f].path),
            Column::Year(f, year) => {
                let whole = pointer_of(&policy.model.fields[*f].path);
                cells.applicant_column(&whole, col);
                format!("{whole}/{year}")
            }
            Column::Score(stage) => pointer_of(&format!("scores.{stage}")),
            Column::HasRecords | Column::HasHistory => continue,
        };
        cells.applicant_column(&below, col);
    }
    let mut lists = Lists {
        found: &mut found,
        cells: &mut cells,
        index: &index,
    };
    let mut records = grid
        .sheet(layout::RECORDS)
        .map(|s| lists.records(s, policy, rows.len()));
    let mut history = grid
        .sheet(layout::HISTORY)
        .map(|s| lists.history(s, policy, rows.len()));
    // Which of "records given?" and "history given?" the applicants sheet asks.
    let asked: Vec<&str> = columns
        .iter()
        .filter_map(|c| match c {
            Column::HasRecords => Some("records"),
            Column::HasHistory => Some("history"),
            _ => None,
        })
        .collect();
    let mut json = Vec::with_capacity(64 + rows.len() * 256);
    json.extend_from_slice(b"{\"cycle\":");
    json.extend_from_slice(cycle.to_string().as_bytes());
    json.extend_from_slice(b",\"applicants\":[");
    let reading = Reading {
        sheet,
        heads: &heads,
        columns: &columns,
        policy,
    };
    for (i, &row) in rows.iter().enumerate() {
        let (mut a, said) = reading.applicant(row, &mut found);
        let id = sheet.get(row, id_col).text();
        for (key, said, rows, sheet_names, column_names) in [
            (
                "records",
                said.records,
                &mut records,
                layout::RECORDS,
                layout::HAS_RECORDS,
            ),
            (
                "history",
                said.history,
                &mut history,
                layout::HISTORY,
                layout::HAS_HISTORY,
            ),
        ] {
            let mine = rows.as_mut().map(|r| std::mem::take(&mut r[i]));
            let at = sheet.cell_name(row, id_col);
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
        if i > 0 {
            json.push(b',');
        }
        json.extend_from_slice(Value::Object(a).to_string().as_bytes());
        if json.len() as u64 > grid.budget {
            return Err(Error::one(
                Diagnostic::error(
                    "cohort::too-large",
                    text!(
                        format!(
                            "读到 {} 时，名单的文字已超过 {} MiB：工作簿中的单元格反复引用很长的文字",
                            sheet.cell_name(row, id_col),
                            grid.budget >> 20
                        ),
                        format!(
                            "by {} the cohort's text exceeds {} MiB: the workbook's cells repeat very long texts",
                            sheet.cell_name(row, id_col),
                            grid.budget >> 20
                        )
                    ),
                )
                .pointer(sheet.cell_name(row, id_col))
                .help(text!(
                    "检查名称等文字列是否误粘贴了大段内容；用 qaward template 重新生成模板后再填写。",
                    "check whether a name or other text column holds pasted bulk text; start again from qaward template"
                )),
            ));
        }
    }
    json.extend_from_slice(b"]}");
    notices.extend(found.notices);
    Ok(Converted {
        json,
        cells,
        notices,
        problems: found.problems,
    })
}

/// The year columns of each `decimal_by_year` field against the years the cycle's rules read:
/// a template made for another year (profit 2021–2023 in a 2026 cycle) would leave every
/// applicant undetermined with no hint why.
fn years_against_cycle(
    sheet: &Sheet,
    columns: &[Column],
    policy: &Policy,
    year: i32,
    found: &mut Found,
) {
    for (f, decl) in policy.model.fields.iter().enumerate() {
        let present: Vec<(i32, usize)> = columns
            .iter()
            .enumerate()
            .filter_map(|(c, column)| match column {
                Column::Year(g, y) if *g == f => Some((*y, c)),
                _ => None,
            })
            .collect();
        let Some(&(_, first)) = present.first() else {
            continue;
        };
        let wanted = layout::years_of(policy, decl, year);
        let missing: Vec<i32> = wanted
            .iter()
            .copied()
            .filter(|y| !present.iter().any(|(p, _)| p == y))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let span = |ys: &[i32]| match (ys.first(), ys.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        let mut have: Vec<i32> = present.iter().map(|(y, _)| *y).collect();
        have.sort_unstable();
        let missing_list = missing
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join("、");
        found.bad(
            sheet.cell_name(0, first),
            text!(
                format!(
                    "评定年度为 {year}，“{}”须按 {} 年度填写，表中的列为 {} 年度（缺 {missing_list} 年度）",
                    decl.title.zh,
                    span(&wanted),
                    span(&have)
                ),
                format!(
                    "the award year is {year}, so \"{}\" is read for {}, but the sheet's columns are for {} ({missing_list} missing)",
                    decl.title.zh,
                    span(&wanted),
                    span(&have)
                )
            ),
            text!(
                format!("用 qaward template --year {year} 重新生成模板并把数据移过去，或把这些列名改为对应年度；若评定年度填错了，改正“评定周期”表的评定年度。"),
                format!("write a new template with qaward template --year {year} and move the data over, or rename these columns to the right years; if the award year is wrong, correct it on the cycle sheet")
            ),
        );
    }
}

/// Whether a notice is the one said of a score sheet with scores in it (moot once the reviews
/// are applied).
pub(crate) fn is_score_sheet_notice(t: &Text) -> bool {
    t.en.starts_with("the score sheet \"")
}

/// Every sheet that is not read is said; one that looks like the applicants sheet (an id
/// column, rows, and three of its headers or half of them) is refused, since its applicants
/// would be lost.
fn sheets_not_read(
    grid: &Grid,
    policy: &Policy,
    applicants: &Sheet,
    heads: &[String],
    found: &mut Found,
    notices: &mut Vec<Text>,
) {
    let read = |s: &Sheet| {
        std::ptr::eq(s, applicants)
            || [layout::RECORDS, layout::HISTORY, layout::CYCLE]
                .iter()
                .any(|names| grid.sheet(names).is_some_and(|r| std::ptr::eq(r, s)))
            || s.name == layout::NOTES
            || s.name == layout::LISTS
    };
    let wanted: Vec<&str> = heads
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    // The reviewers' sheets are read by `--reviews`; one with scores in it is said, so that
    // nobody takes its scores for used when they are not.
    let reviews = |s: &Sheet| layout::is_reviews_sheet(policy, &s.name);
    for other in grid.sheets.iter().filter(|s| reviews(s)) {
        let rows = data_rows(other).count();
        if rows > 0 && layout::score_sheet_stage(policy, &other.name).is_some() {
            notices.push(text!(
                format!("评分表“{}”有 {rows} 行评审员评分：加 --reviews 才按评审员评分计算得分，否则用“{}”表中填写的得分", other.name, applicants.name),
                format!("the score sheet \"{}\" has {rows} rows of reviewers' scores: add --reviews to make the stage scores from them; without it the scores typed on \"{}\" are used", other.name, applicants.name)
            ));
        }
    }
    for other in grid.sheets.iter().filter(|s| !read(s) && !reviews(s)) {
        let theirs = headers(other);
        let shared = theirs.iter().filter(|h| wanted.contains(&h.trim())).count();
        let has_id = theirs.iter().any(|h| layout::is(h, layout::ID));
        let rows = data_rows(other).count();
        if has_id && rows > 0 && (shared >= 3 || 2 * shared >= wanted.len()) {
            found.bad(
                other.cell_name(0, 0),
                text!(
                    format!(
                        "工作表“{}”看起来也是申报组织（{rows} 行，{shared} 个列名与“{}”表相同），但只读取“{}”表",
                        other.name, applicants.name, applicants.name
                    ),
                    format!(
                        "the sheet \"{}\" looks like applicants too ({rows} rows, {shared} headers the same as \"{}\"), but only \"{}\" is read",
                        other.name, applicants.name, applicants.name
                    )
                ),
                text!(
                    format!("把这些行移到“{}”表的末尾，再删除“{}”表；若不是申报组织，删去其“编号”列或该表。", applicants.name, other.name),
                    format!("move these rows to the end of \"{}\" and delete the sheet \"{}\"; if they are not applicants, delete its id column or the sheet", applicants.name, other.name)
                ),
            );
        } else if other
            .rows
            .iter()
            .any(|r| r.iter().any(|(_, c)| !c.is_empty()))
        {
            notices.push(text!(
                format!("未读取工作表“{}”（不是本程序读取的工作表）", other.name),
                format!(
                    "the sheet \"{}\" was not read (it is not one qaward reads)",
                    other.name
                )
            ));
        }
    }
}

/// Headers the policy does not know: a near miss of one it knows (`组织型式`) is refused with
/// that header, since the column would be lost; any other (a notes column) is said not read.
fn unknown_headers(
    sheet: &Sheet,
    columns: &[Column],
    policy: &Policy,
    year: Option<i32>,
    found: &mut Found,
    notices: &mut Vec<Text>,
) {
    let known =
        super::template::applicant_headers(policy, year.unwrap_or(policy.meta.effective.year()));
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    for (col, column) in columns.iter().enumerate() {
        let Column::Unknown(h) = column else { continue };
        let h = h.trim();
        if h.is_empty() {
            continue;
        }
        let at = sheet.cell_name(0, col);
        match super::typed::nearest(h, &known) {
            Some(near) => found.bad(
                at.clone(),
                text!(
                    format!("{at} 的列名“{h}”不是本规则版本的列；是否想写“{near}”？"),
                    format!("the header \"{h}\" at {at} is not a column of this policy; did you mean \"{near}\"?")
                ),
                text!(
                    format!("把列名改为“{near}”（模板中的写法，见 qaward fields）；不需要的列请删除。"),
                    format!("rename the column \"{near}\" as the template has it (see qaward fields); delete columns that are not wanted")
                ),
            ),
            None => notices.push(text!(
                format!("{at} 的列“{h}”不是本规则版本的列，未读取"),
                format!("the column \"{h}\" at {at} is not one of this policy's, and was not read")
            )),
        }
    }
}

/// Whether an applicant's row said its records / history are given (有), none (无), or
/// neither.
#[derive(Default)]
struct Said {
    records: Option<bool>,
    history: Option<bool>,
}

/// The applicants sheet, with what each of its columns means.
struct Reading<'a> {
    sheet: &'a Sheet,
    heads: &'a [String],
    columns: &'a [Column],
    policy: &'a Policy,
}

impl Reading<'_> {
    /// The applicant on `row`, as JSON.
    fn applicant(&self, row: usize, found: &mut Found) -> (Map<String, Value>, Said) {
        let (sheet, heads) = (self.sheet, self.heads);
        let mut a = Map::new();
        let mut said = Said::default();
        let written = sheet.rows.get(row).map_or(&[][..], Vec::as_slice);
        for (col, cell) in written {
            let col = *col as usize;
            let Some(column) = self.columns.get(col) else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            let at = || sheet.cell_name(row, col);
            match column {
                // Said once for the column, by `unknown_headers`.
                Column::Unknown(_) => {}
                Column::Id | Column::Name | Column::Category => {
                    let key = match column {
                        Column::Id => "id",
                        Column::Name => "name",
                        _ => "category",
                    };
                    if let Some(why) = not_text(cell) {
                        found.bad(at(), about(&heads[col], &why), fix(&FieldType::Text));
                        continue;
                    }
                    a.insert(key.to_owned(), Value::String(cell.text()));
                }
                Column::Field(f) => {
                    let decl = &self.policy.model.fields[*f];
                    match typed(cell, &decl.ty) {
                        Ok(v) => {
                            found.read_as(at, cell, &decl.ty, &v);
                            layout::put(&mut a, &decl.path, v);
                        }
                        Err(why) => found.bad(at(), about(&decl.title.zh, &why), fix(&decl.ty)),
                    }
                }
                Column::Year(f, year) => {
                    let decl = &self.policy.model.fields[*f];
                    match typed(cell, &FieldType::Decimal) {
                        Ok(v) => {
                            found.read_as(at, cell, &FieldType::Decimal, &v);
                            layout::put(&mut a, &format!("{}.{year}", decl.path), v);
                        }
                        Err(why) => found.bad(at(), about(&decl.title.zh, &why), fix(&FieldType::Decimal)),
                    }
                }
                Column::Score(stage) => match typed(cell, &FieldType::Decimal) {
                    Ok(v) => {
                        found.read_as(at, cell, &FieldType::Decimal, &v);
                        layout::put(&mut a, &format!("scores.{stage}"), v);
                    }
                    Err(why) => found.bad(at(), about(&heads[col], &why), fix(&FieldType::Decimal)),
                },
                Column::HasRecords | Column::HasHistory => match given_or_none(cell) {
                    Some(g) => {
                        if *column == Column::HasRecords {
                            said.records = Some(g);
                        } else {
                            said.history = Some(g);
                        }
                    }
                    None => found.bad(
                        at(),
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
        (a, said)
    }
}

/// The JSON pointer of the dotted `path` (`fields.profit` → `/fields/profit`).
pub(crate) fn pointer_of(path: &str) -> String {
    let mut pointer = String::new();
    for part in path.split('.') {
        pointer.push('/');
        pointer.push_str(&crate::pointer::escape(part));
    }
    pointer
}
