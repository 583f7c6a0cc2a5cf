//! Spreadsheets as grids of cells: an `.xlsx` workbook (read by `xlsx`) or a `.csv` file with
//! its sibling files (read with csv), each sheet with the names Excel shows for its cells.
//! Only the cells a sheet writes are kept, so a cell far away costs one cell.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::date::Date;
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::error::Error;

/// One cell's content as the spreadsheet typed it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    /// Text; a workbook's shared strings are shared, not copied, by the cells that use them.
    Text(Arc<str>),
    /// A number, exactly as the file writes it (within the 15 digits Excel shows).
    Number(Decimal),
    Bool(bool),
    Date(Date),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// Whether nothing is written in it (blank text counts as nothing).
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person reads it (numbers in their shortest form).
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(d) => d.normalize().to_string(),
            Cell::Bool(b) => (if *b { "是" } else { "否" }).to_owned(),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// One row: the cells it writes, by 0-based column, in column order.
pub(crate) type Row = Vec<(u32, Cell)>;

/// One sheet: its name and rows, the first row being the headers.
#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    /// The name Excel shows on its tab (for a CSV file, the file's name).
    pub name: String,
    /// What cell references are prefixed with (`申报组织!D7`); `None` for a CSV file's own cells.
    pub label: Option<String>,
    pub rows: Vec<Row>,
}

impl Sheet {
    /// Excel's name for the cell at `row`, `col` (0-based): `申报组织!D7`, or `D7` in a CSV file.
    pub(crate) fn cell_name(&self, row: usize, col: usize) -> String {
        let r = format!("{}{}", column_letters(col), row + 1);
        match &self.label {
            Some(l) => format!("{l}!{r}"),
            None => r,
        }
    }

    /// The cell at `row`, `col`, empty when outside the sheet.
    pub(crate) fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        let Some(cells) = self.rows.get(row) else {
            return &EMPTY;
        };
        u32::try_from(col)
            .ok()
            .and_then(|col| cells.binary_search_by_key(&col, |(c, _)| *c).ok())
            .map_or(&EMPTY, |i| &cells[i].1)
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub(crate) fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        // col % 26 < 26, so the cast is exact.
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A workbook: its sheets in order.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub sheets: Vec<Sheet>,
    /// What reading assumed, each naming its cell (a binary leftover read as Excel shows it).
    pub notices: Vec<crate::diag::Text>,
    /// The most text the cohort read from it may hold, in bytes: a workbook's cells may share
    /// one long string thousands of times, which must not become gigabytes once read.
    pub budget: u64,
}

impl Grid {
    /// The sheet named by any of `names`.
    pub(crate) fn sheet(&self, names: &[&str]) -> Option<&Sheet> {
        self.sheets
            .iter()
            .find(|s| names.iter().any(|n| s.name.trim().eq_ignore_ascii_case(n)))
    }
}

fn unreadable(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::one(
        Diagnostic::error(
            "cohort::unreadable",
            text!(
                format!("无法读取CSV 文件：{why}"),
                format!("cannot read the CSV file: {why}")
            ),
        )
        .help(text!(
            "请确认文件是 UTF-8 编码的 CSV 文件，且未被其他程序占用。",
            "check that the file is a UTF-8 CSV file, not open elsewhere"
        )),
    )
    .in_file(path)
}

/// The sibling files of a CSV cohort `X.csv`: `X.records.csv`, `X.history.csv`, `X.cycle.csv`.
pub(crate) fn csv_siblings(path: &Path) -> [(&'static str, PathBuf); 3] {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new(""));
    ["records", "history", "cycle"].map(|part| (part, dir.join(format!("{stem}.{part}.csv"))))
}

/// Reads a CSV cohort: the applicants from `path`, and the sibling files that exist, each as a
/// sheet named by its part (`applicants`, `records`, `history`, `cycle`).
pub(crate) fn read_csv(path: &Path) -> Result<Grid, Error> {
    let mut sheets = vec![csv_sheet(path, "applicants", false)?];
    let mut size = std::fs::metadata(path).map_or(0, |m| m.len());
    for (part, sibling) in csv_siblings(path) {
        if sibling.exists() {
            sheets.push(csv_sheet(&sibling, part, true)?);
            size += std::fs::metadata(&sibling).map_or(0, |m| m.len());
        }
    }
    Ok(Grid {
        sheets,
        notices: Vec::new(),
        // A CSV file's cells share nothing: the cohort is about as large as the files.
        budget: (64 << 20u64).max(size.saturating_mul(4)),
    })
}

/// A CSV file as a sheet named `part`; a sibling's cells are named with its file name
/// (`c.records.csv!A3`), since problems are reported against the main file.
fn csv_sheet(path: &Path, part: &str, sibling: bool) -> Result<Sheet, Error> {
    let bytes =
        crate::bounded::read(path, crate::bounded::MAX_COHORT).map_err(|e| unreadable(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(Error::one(
            Diagnostic::error(
                "cohort::encoding",
                text!("CSV 文件不是 UTF-8 编码", "the CSV file is not UTF-8"),
            )
            .help(text!(
                "在 Excel 中另存为“CSV UTF-8（逗号分隔）”；WPS 中选择 UTF-8 编码。",
                "in Excel save as \"CSV UTF-8 (Comma delimited)\"; in WPS choose the UTF-8 encoding"
            ))
            .in_file(path),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(path, e))?;
        rows.push(
            (0u32..)
                .zip(record.iter())
                .filter(|(_, s)| !s.trim().is_empty())
                .map(|(c, s)| (c, Cell::Text(crate::safe_text::csv_unguard(s).into())))
                .collect(),
        );
    }
    Ok(Sheet {
        name: part.to_owned(),
        label: sibling.then(|| {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        }),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        let names: Vec<String> = [0, 3, 25, 26, 27, 51, 52, 701, 702]
            .iter()
            .map(|c| column_letters(*c))
            .collect();
        assert_eq!(names, ["A", "D", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}
