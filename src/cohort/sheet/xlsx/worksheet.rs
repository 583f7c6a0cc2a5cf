//! One worksheet read as its cells: each `<c>` by its type (`t`) and style (`s`), kept sparse
//! and in column order; values past a cell's limit, formulas without a stored result and dates
//! outside Excel's calendar said at their cell; merged ranges filled with the value they show.

use std::borrow::Cow;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use super::package::Shared;
use super::values::{name_of, number, reference, serial_date};
use super::xml::{raw_attr, Xml};
use super::{problem, Wrong, MAX_COLS, MAX_ROWS};
use crate::cohort::sheet::grid::{column_letters, Cell, Row};
use crate::date::Date;
use crate::diag::text;
use crate::diag::{Diagnostic, Text};

/// Reading one worksheet's cells.
pub(super) struct SheetReader<'a> {
    name: &'a str,
    strings: &'a [Shared],
    dates: &'a [bool],
    date1904: bool,
    rows: Vec<Row>,
    merged: Vec<(u32, u32, u32, u32)>,
    problems: &'a mut Vec<Diagnostic>,
    notices: &'a mut Vec<Text>,
}

/// What a `<c>` element holds, before it is read as a cell.
#[derive(Default)]
struct Raw {
    value: Option<Result<String, usize>>,
    formula: Option<String>,
    inline: Option<Result<String, usize>>,
}

/// A cell's type, as its `t` attribute says.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Number,
    Shared,
    Inline,
    Formula,
    Bool,
    Error,
    Date,
}

impl Kind {
    fn of(t: Option<&str>) -> Kind {
        match t {
            Some("s") => Kind::Shared,
            Some("inlineStr") => Kind::Inline,
            Some("str") => Kind::Formula,
            Some("b") => Kind::Bool,
            Some("e") => Kind::Error,
            Some("d") => Kind::Date,
            _ => Kind::Number,
        }
    }
}

/// An element of the sheet that matters, taken out of the XML buffer (nothing copied but a
/// bad reference, to name it).
enum Item {
    Row(Option<Result<u32, String>>),
    Cell {
        at: Option<Result<(u32, u32), String>>,
        kind: Kind,
        style: usize,
        empty: bool,
    },
    Merge(Option<String>),
    Other,
}

impl Item {
    fn of(e: &BytesStart<'_>, empty: bool) -> Result<Item, Wrong> {
        Ok(match e.local_name().as_ref() {
            "row" => Item::Row(raw_attr(e, "r")?.map(|r| match r.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_ROWS).contains(&n) => Ok(n - 1),
                _ => Err(r.into_owned()),
            })),
            "c" => Item::Cell {
                at: raw_attr(e, "r")?.map(|r| reference(r.trim()).ok_or_else(|| r.into_owned())),
                kind: Kind::of(raw_attr(e, "t")?.as_deref()),
                style: raw_attr(e, "s")?.and_then(|s| s.parse().ok()).unwrap_or(0),
                empty,
            },
            "mergeCell" => Item::Merge(raw_attr(e, "ref")?.map(Cow::into_owned)),
            _ => Item::Other,
        })
    }
}

impl<'a> SheetReader<'a> {
    pub(super) fn new(
        name: &'a str,
        strings: &'a [Shared],
        dates: &'a [bool],
        date1904: bool,
        problems: &'a mut Vec<Diagnostic>,
        notices: &'a mut Vec<Text>,
    ) -> SheetReader<'a> {
        SheetReader {
            name,
            strings,
            dates,
            date1904,
            rows: Vec::new(),
            merged: Vec::new(),
            problems,
            notices,
        }
    }

    /// The rows read, merged ranges filled in (out of `budget` cells for the workbook).
    pub(super) fn finish(mut self, budget: &mut usize) -> Vec<Row> {
        fill_merged(
            self.name,
            &mut self.rows,
            &self.merged,
            budget,
            self.problems,
            self.notices,
        );
        self.rows
    }

    pub(super) fn read<B: std::io::BufRead>(&mut self, xml: &mut Xml<B>) -> Result<(), Wrong> {
        let mut row: Option<u32> = None;
        let mut next_col = 0u32;
        loop {
            let item = match xml.next()? {
                Event::Start(e) => Item::of(&e, false)?,
                Event::Empty(e) => Item::of(&e, true)?,
                Event::Eof => return Ok(()),
                _ => continue,
            };
            match item {
                Item::Row(r) => {
                    let r = match r {
                        Some(Ok(r)) => r,
                        Some(Err(r)) => return self.beyond(&format!("{}!{r}", self.name), "row"),
                        None => row.map_or(0, |r| r + 1),
                    };
                    if r >= MAX_ROWS {
                        return self.beyond(&format!("{}!{}", self.name, u64::from(r) + 1), "row");
                    }
                    row = Some(r);
                    next_col = 0;
                }
                Item::Cell {
                    at,
                    kind,
                    style,
                    empty,
                } => {
                    let at = match at {
                        Some(Ok(at)) => at,
                        Some(Err(r)) => return self.beyond(&format!("{}!{r}", self.name), "cell"),
                        None if next_col < MAX_COLS => (row.unwrap_or(0), next_col),
                        None => {
                            return self.beyond(&name_of(self.name, row.unwrap_or(0), 0), "cell")
                        }
                    };
                    next_col = at.1 + 1;
                    let raw = if empty {
                        Raw::default()
                    } else {
                        read_raw(xml)?
                    };
                    let cell = self.cell(kind, style, at, raw)?;
                    if !matches!(cell, Cell::Empty) {
                        self.put(at, cell);
                    }
                }
                Item::Merge(Some(r)) => {
                    let (a, b) = r.split_once(':').unwrap_or((&r, &r));
                    match (reference(a.trim()), reference(b.trim())) {
                        (Some((r0, c0)), Some((r1, c1))) => {
                            self.merged
                                .push((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
                        }
                        _ => return self.beyond(&format!("{}!{r}", self.name), "cell"),
                    }
                }
                Item::Merge(None) | Item::Other => {}
            }
        }
    }

    /// A reference past Excel's limits: the sheet is not read further.
    fn beyond(&mut self, at: &str, what: &str) -> Result<(), Wrong> {
        let (zh, en) = if what == "row" {
            ("行号", "row number")
        } else {
            ("单元格引用", "cell reference")
        };
        self.problems.push(problem(
            "cohort::sheet-bounds",
            Some(at.to_owned()),
            text!(
                format!("{at}：{zh}超出 Excel 的范围（最多 1048576 行、XFD 列）"),
                format!("{at}: the {en} is beyond what Excel allows (1,048,576 rows, columns up to XFD)")
            ),
            text!(
                "此文件不是 Excel 或 WPS 保存的：请在 Excel 或 WPS 中打开后另存为 .xlsx，或用 qaward template 重新生成。",
                "the file was not saved by Excel or WPS: open it in Excel or WPS and save it again as .xlsx, or start again from qaward template"
            ),
        ));
        Ok(())
    }

    /// Puts a cell in its row, keeping the row in column order.
    fn put(&mut self, (row, col): (u32, u32), cell: Cell) {
        let r = row as usize;
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        match cells.last() {
            Some((last, _)) if *last >= col => {
                match cells.binary_search_by_key(&col, |(c, _)| *c) {
                    Ok(i) => cells[i].1 = cell,
                    Err(i) => cells.insert(i, (col, cell)),
                }
            }
            _ => cells.push((col, cell)),
        }
    }

    /// One cell as its type (`t`) and style (`s`) say.
    fn cell(
        &mut self,
        kind: Kind,
        style: usize,
        (row, col): (u32, u32),
        raw: Raw,
    ) -> Result<Cell, Wrong> {
        let at = name_of(self.name, row, col);
        let value = match raw.value {
            Some(Err(len)) => return Ok(self.too_long(at, len)),
            Some(Ok(v)) if !v.is_empty() => Some(v),
            _ => None,
        };
        if kind == Kind::Inline {
            return Ok(match raw.inline {
                Some(Ok(s)) if !s.is_empty() => Cell::Text(s.into()),
                Some(Err(len)) => self.too_long(at, len),
                _ => Cell::Empty,
            });
        }
        let Some(v) = value else {
            if let Some(f) = raw.formula.filter(|f| !f.trim().is_empty()) {
                self.problems.push(problem(
                    "cohort::formula-without-value",
                    Some(at.clone()),
                    text!(
                        format!("{at} 是公式“={f}”，但文件中没有它的计算结果"),
                        format!("{at} holds the formula \"={f}\" but the file keeps no result for it")
                    ),
                    text!(
                        "在 Excel 或 WPS 中打开并保存一次（让公式算出结果），或把公式换成它的值。",
                        "open and save the file once in Excel or WPS (so the formula is calculated), or replace the formula by its value"
                    ),
                ));
            }
            return Ok(Cell::Empty);
        };
        Ok(match kind {
            Kind::Shared => match v.trim().parse::<usize>().ok().and_then(|i| self.strings.get(i)) {
                Some(Shared::Text(s)) if s.trim().is_empty() => Cell::Empty,
                Some(Shared::Text(s)) => Cell::Text(Arc::clone(s)),
                Some(Shared::TooLong(len)) => self.too_long(at, *len),
                None => {
                    return Err(Wrong::Unreadable(format!(
                        "{at} 引用的共享字符串 {v} 不存在 · {at} refers to shared string {v}, which is not in the file"
                    )))
                }
            },
            Kind::Formula => Cell::Text(v.into()),
            Kind::Bool => Cell::Bool(v.trim() == "1" || v.trim().eq_ignore_ascii_case("true")),
            Kind::Error => Cell::Error(v),
            Kind::Date => match v.get(..10).and_then(|d| Date::parse(d).ok()) {
                Some(d) => Cell::Date(d),
                None => Cell::Text(v.into()),
            },
            Kind::Number | Kind::Inline => {
                self.number(&at, &v, self.dates.get(style).copied().unwrap_or(false))
            }
        })
    }

    /// A number, or a date when its format shows one.
    fn number(&mut self, at: &str, v: &str, date: bool) -> Cell {
        let Some((d, leftover)) = number(v) else {
            return Cell::Text(v.into());
        };
        if date {
            return match serial_date(d, self.date1904) {
                Some(day) => Cell::Date(day),
                None => {
                    self.problems.push(problem(
                        "cohort::date-out-of-range",
                        Some(at.to_owned()),
                        text!(
                            format!("{at} 的日期序号 {v} 超出 Excel 的日期范围（1900-01-01 至 9999-12-31）"),
                            format!("{at}: the date serial {v} is outside Excel's dates (1900-01-01 to 9999-12-31)")
                        ),
                        text!(
                            "填日期，如 2024-09-01，并将单元格设为日期或文本格式。",
                            "write a date such as 2024-09-01, in a cell formatted as a date or as text"
                        ),
                    ));
                    Cell::Empty
                }
            };
        }
        if leftover {
            self.notices.push(text!(
                format!("{at} 存的是二进制浮点数 {v}，按 Excel 显示的 {d} 读取"),
                format!("{at} stores the binary fraction {v}; read as {d}, as Excel shows it")
            ));
        }
        Cell::Number(d)
    }

    fn too_long(&mut self, at: String, len: usize) -> Cell {
        self.problems.push(problem(
            "cohort::cell-too-long",
            Some(at.clone()),
            text!(
                format!("{at} 有 {len} 个字符，超过 Excel 单元格的上限 32767"),
                format!("{at} holds {len} characters, more than an Excel cell's 32,767")
            ),
            text!(
                "缩短该单元格的内容；此文件不是 Excel 或 WPS 保存的。",
                "shorten the cell; the file was not saved by Excel or WPS"
            ),
        ));
        Cell::Empty
    }
}

/// The children of a `<c>`: its value, formula and inline string.
fn read_raw<B: std::io::BufRead>(xml: &mut Xml<B>) -> Result<Raw, Wrong> {
    let mut raw = Raw::default();
    loop {
        match xml.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "v" => raw.value = Some(xml.text_until("v", false)?),
                "f" => raw.formula = Some(xml.text_until("f", false)?.unwrap_or_default()),
                "is" => raw.inline = Some(xml.text_until("is", true)?),
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "f" => {
                // A shared formula's later cells: the formula lives in the first one.
                raw.formula = Some("…".to_owned());
            }
            Event::End(e) if e.local_name().as_ref() == "c" => return Ok(raw),
            Event::Eof => {
                return Err(Wrong::Unreadable(
                    "XML 在单元格中途结束 · the XML ends inside a cell".to_owned(),
                ))
            }
            _ => {}
        }
    }
}

/// Each merged range shows its first cell's value in all its cells, as Excel draws it; a
/// range far larger than the sheet's table is refused.
fn fill_merged(
    sheet: &str,
    rows: &mut [Row],
    merged: &[(u32, u32, u32, u32)],
    budget: &mut usize,
    problems: &mut Vec<Diagnostic>,
    notices: &mut Vec<Text>,
) {
    for &(r0, c0, r1, c1) in merged {
        let Some(value) = rows
            .get(r0 as usize)
            .and_then(|cells| cells.iter().find(|(c, _)| *c == c0))
            .map(|(_, v)| v.clone())
        else {
            continue;
        };
        let area = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        if area > *budget as u64 {
            let range = range_name(r0, c0, r1, c1);
            problems.push(problem(
                "cohort::merged-range",
                Some(format!("{sheet}!{range}")),
                text!(
                    format!("合并单元格 {sheet}!{range} 过大，无法按其显示的值读取"),
                    format!("the merged range {sheet}!{range} is too large to read as the value it shows")
                ),
                text!(
                    "取消合并（开始 → 合并后居中 → 取消单元格合并），在每个单元格中填写值。",
                    "unmerge it (Home → Merge & Center → Unmerge Cells) and write the value in each cell"
                ),
            ));
            continue;
        }
        *budget -= area as usize;
        // Never silent: a merged range read into several cells (several applicants, when it
        // spans rows) is said, with the value it gave them.
        if area > 1 && r0 > 0 {
            let range = range_name(r0, c0, r1, c1);
            let shown = value.text();
            notices.push(text!(
                format!("{sheet}!{range} 是合并单元格，其中每个单元格都读作“{shown}”；若各行的值不同，请取消合并后分别填写"),
                format!("{sheet}!{range} is merged: every cell in it was read as \"{shown}\"; if the rows differ, unmerge it and fill in each")
            ));
        }
        for r in r0..=r1 {
            let Some(cells) = rows.get_mut(r as usize) else {
                break;
            };
            for c in c0..=c1 {
                if (r, c) == (r0, c0) {
                    continue;
                }
                match cells.binary_search_by_key(&c, |(col, _)| *col) {
                    Ok(i) if cells[i].1.is_empty() => cells[i].1 = value.clone(),
                    Ok(_) => {}
                    Err(i) => cells.insert(i, (c, value.clone())),
                }
            }
        }
    }
}

/// Excel's name for a range of cells (0-based corners): `Y12:Y13`.
fn range_name(r0: u32, c0: u32, r1: u32, c1: u32) -> String {
    format!(
        "{}{}:{}{}",
        column_letters(c0 as usize),
        r0 + 1,
        column_letters(c1 as usize),
        r1 + 1
    )
}
