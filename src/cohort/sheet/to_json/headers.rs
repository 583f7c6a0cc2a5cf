//! A sheet as a table: the header of each column (none naming a column twice), the data rows,
//! and the cells that hold something under no header.

use std::collections::HashMap;

use super::Found;
use crate::cohort::sheet::grid::{Cell, Row, Sheet};
use crate::cohort::sheet::layout;
use crate::diag::text;
use crate::diag::Text;

/// The header of each column of a sheet (its first row), up to its last header.
pub(crate) fn headers(sheet: &Sheet) -> Vec<String> {
    let Some(first) = sheet.rows.first() else {
        return Vec::new();
    };
    let width = first.last().map_or(0, |(c, _)| *c as usize + 1);
    let mut heads = vec![String::new(); width];
    for (c, cell) in first {
        heads[*c as usize] = cell.text();
    }
    heads
}

/// Two columns of a sheet headed alike (`key` says which column a header means): the later
/// one is refused, naming both cells, since one of them would silently win.
pub(super) fn duplicated_headers(
    sheet: &Sheet,
    heads: &[String],
    key: impl Fn(usize) -> String,
    found: &mut Found,
) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for later in 0..heads.len() {
        if heads[later].trim().is_empty() {
            continue;
        }
        let first = *seen.entry(key(later)).or_insert(later);
        if first == later {
            continue;
        }
        let (a, b) = (sheet.cell_name(0, first), sheet.cell_name(0, later));
        found.bad(
            b.clone(),
            text!(
                format!(
                    "{b} 的列名“{}”与 {a} 的“{}”指同一列",
                    heads[later], heads[first]
                ),
                format!(
                    "the header \"{}\" at {b} names the same column as \"{}\" at {a}",
                    heads[later], heads[first]
                )
            ),
            text!(
                "删去重复的一列，或把两列的内容合到一列中。",
                "delete one of the two columns, or merge what they hold into one"
            ),
        );
    }
}

/// A header's key for [`duplicated_headers`] on a records or history sheet.
pub(super) fn header_key(heads: &[String]) -> impl Fn(usize) -> String + '_ {
    |c| heads[c].trim().to_ascii_lowercase()
}

/// Why a cell cannot be read as text (an error value such as `#N/A`), if it cannot.
pub(super) fn not_text(cell: &Cell) -> Option<Text> {
    match cell {
        Cell::Error(e) => Some(text!(
            format!("单元格为错误值 {e}"),
            format!("holds the error value {e}")
        )),
        _ => None,
    }
}

/// A cell with something in it where no header is above it: refused, naming the cell, since
/// what it holds would otherwise be dropped without a word.
pub(super) fn cells_without_header(sheet: &Sheet, heads: &[String], found: &mut Found) {
    let mut shown = 0;
    for (row, cells) in data_rows(sheet) {
        for (col, cell) in cells {
            let col = *col as usize;
            if !cell.is_empty() && heads.get(col).is_none_or(|h| h.trim().is_empty()) {
                let at = sheet.cell_name(row, col);
                found.bad(
                    at.clone(),
                    text!(
                        format!("{at} 有内容“{}”，但所在列没有列名", crate::safe_text::visible(&short(&cell.text()))),
                        format!("{at} holds \"{}\" but its column has no header", crate::safe_text::visible(&short(&cell.text())))
                    ),
                    text!(
                        "在第一行为该列写上列名（见 qaward fields），或清空该单元格。",
                        "give the column a header in the first row (see qaward fields), or empty the cell"
                    ),
                );
                shown += 1;
                if shown == 20 {
                    return;
                }
            }
        }
    }
}

/// The first 40 characters of a cell's text, for a message.
pub(super) fn short(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// The column headed by one of `names`.
pub(super) fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| layout::is(h, names))
}

/// The data rows of a sheet (after the headers), skipping empty ones, with their indices.
pub(crate) fn data_rows(sheet: &Sheet) -> impl Iterator<Item = (usize, &Row)> {
    sheet
        .rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, r)| r.iter().any(|(_, c)| !c.is_empty()))
}
