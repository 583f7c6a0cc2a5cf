//! Where each value of a cohort read from a spreadsheet came from: JSON pointer → cell, so
//! that a problem found in the cohort is reported at `申报组织!D7`.
//!
//! A workbook of 50,000 applicants has a million and a half values, so the index is kept small.
//! A value on the applicants sheet is found by its applicant's row and its column (the same for
//! every applicant), so it costs nothing; any other value's pointer is split into its shape
//! (`/applicants/#/records/#/date`, interned once) and its numbers, and its cell is kept as its
//! sheet's number, row and column.

use std::collections::HashMap;

use super::grid::{column_letters, Sheet};

/// The numbers a pointer may hold and still be kept compactly.
const NUMBERS: usize = 3;

/// A pointer's interned shape and its numbers (`u32::MAX` where it has fewer).
type Key = (u32, [u32; NUMBERS]);

/// One cell: its sheet (an index into the labels), row and column, 0-based.
#[derive(Debug, Clone, Copy)]
struct At {
    sheet: u32,
    row: u32,
    col: u32,
}

/// JSON pointer → the cell it was read from.
#[derive(Debug, Default)]
pub(crate) struct Cells {
    /// What each sheet's cell names are prefixed with (`申报组织`; `None` for a CSV file's own).
    labels: Vec<Option<String>>,
    shapes: HashMap<Box<str>, u32>,
    at: HashMap<Key, At>,
    /// Pointers with more numbers than a key holds, kept whole.
    other: HashMap<Box<str>, At>,
    /// The applicants sheet (an index into the labels), each applicant's row on it, and the
    /// column of each value (by its pointer below the applicant's, `/fields/profit/2022`).
    applicants: Option<u32>,
    rows: Vec<u32>,
    columns: HashMap<Box<str>, u32>,
}

impl Cells {
    pub(crate) fn new() -> Cells {
        Cells::default()
    }

    /// Records that the value at `pointer` came from `sheet`'s cell at `row`, `col`.
    pub(crate) fn insert(&mut self, pointer: &str, sheet: &Sheet, row: usize, col: usize) {
        let at = self.at_of(sheet, row, col);
        match self.key_of(pointer) {
            Some(key) => {
                self.at.insert(key, at);
            }
            None => {
                self.other.insert(pointer.into(), at);
            }
        }
    }

    /// The applicants are on `sheet`, the `i`th on row `rows[i]`.
    pub(crate) fn applicant_rows(&mut self, sheet: &Sheet, rows: &[usize]) {
        self.applicants = Some(self.at_of(sheet, 0, 0).sheet);
        self.rows = rows
            .iter()
            .map(|r| u32::try_from(*r).unwrap_or(u32::MAX))
            .collect();
    }

    /// Each applicant's value at `below` (`/fields/profit/2022`; `""` for the applicant itself)
    /// is in column `col` of the applicants sheet; the first column said for a pointer is kept.
    pub(crate) fn applicant_column(&mut self, below: &str, col: usize) {
        if !self.columns.contains_key(below) {
            self.columns
                .insert(below.into(), u32::try_from(col).unwrap_or(u32::MAX));
        }
    }

    /// The name of the cell the value at `pointer` came from (`申报组织!D7`).
    pub(crate) fn get(&self, pointer: &str) -> Option<String> {
        let at = self.find(pointer)?;
        let name = format!("{}{}", column_letters(at.col as usize), at.row + 1);
        Some(match self.labels.get(at.sheet as usize) {
            Some(Some(label)) => format!("{label}!{name}"),
            _ => name,
        })
    }

    fn find(&self, pointer: &str) -> Option<At> {
        // A read never interns: a shape not yet seen has no cell.
        let mut shape = String::new();
        let kept = match split(pointer, &mut shape) {
            Some(numbers) => self
                .shapes
                .get(shape.as_str())
                .and_then(|shape| self.at.get(&(*shape, numbers)).copied()),
            None => self.other.get(pointer).copied(),
        };
        kept.or_else(|| self.on_applicants_sheet(pointer))
    }

    /// The cell of a value on the applicants sheet: its applicant's row, its column.
    fn on_applicants_sheet(&self, pointer: &str) -> Option<At> {
        let rest = pointer.strip_prefix("/applicants/")?;
        let (i, below) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let row = *self.rows.get(i.parse::<usize>().ok()?)?;
        Some(At {
            sheet: self.applicants?,
            row,
            col: *self.columns.get(below)?,
        })
    }

    fn at_of(&mut self, sheet: &Sheet, row: usize, col: usize) -> At {
        let label = sheet.label.as_deref();
        let index = match self.labels.iter().position(|l| l.as_deref() == label) {
            Some(i) => i,
            None => {
                self.labels.push(label.map(str::to_owned));
                self.labels.len() - 1
            }
        };
        At {
            sheet: u32::try_from(index).unwrap_or(u32::MAX),
            row: u32::try_from(row).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }

    /// The key of `pointer`, its shape interned; `None` when it must be kept whole.
    fn key_of(&mut self, pointer: &str) -> Option<Key> {
        let mut shape = String::new();
        let numbers = split(pointer, &mut shape)?;
        let id = match self.shapes.get(shape.as_str()) {
            Some(id) => *id,
            None => {
                let id = u32::try_from(self.shapes.len()).ok()?;
                self.shapes.insert(shape.into_boxed_str(), id);
                id
            }
        };
        Some((id, numbers))
    }
}

/// Splits `pointer` into its shape (pushed onto `shape`) and its numbers; `None` when it holds
/// more numbers than a key keeps. A number is a segment of digits in canonical form (`7`, not
/// `07`).
fn split(pointer: &str, shape: &mut String) -> Option<[u32; NUMBERS]> {
    let mut numbers = [u32::MAX; NUMBERS];
    let mut n = 0;
    for segment in pointer.split('/').skip(1) {
        let number = (!segment.is_empty()
            && segment.len() <= 9
            && segment.bytes().all(|b| b.is_ascii_digit())
            && (segment == "0" || !segment.starts_with('0')))
        .then(|| segment.parse::<u32>().ok())
        .flatten();
        match number {
            Some(v) => {
                *numbers.get_mut(n)? = v;
                n += 1;
                shape.push_str("/#");
            }
            None => {
                // `=` marks a literal segment, so a key written `#` is not taken for a number.
                shape.push_str("/=");
                shape.push_str(segment);
            }
        }
    }
    Some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(label: Option<&str>) -> Sheet {
        Sheet {
            name: label.unwrap_or("applicants").to_owned(),
            label: label.map(str::to_owned),
            rows: Vec::new(),
        }
    }

    #[test]
    fn pointers_find_their_cells() {
        let (a, r) = (sheet(Some("申报组织")), sheet(Some("记录")));
        let mut cells = Cells::new();
        cells.insert("/applicants/0", &a, 1, 0);
        cells.insert("/applicants/12/fields/profit/2022", &a, 13, 12);
        cells.insert("/applicants/12/records/3/kind", &r, 7, 1);
        cells.insert("/applicants/1/a/2/b/3/c/4", &a, 2, 2);
        cells.insert("/applicants/1/#", &a, 2, 3);
        assert_eq!(cells.get("/applicants/0").as_deref(), Some("申报组织!A2"));
        assert_eq!(
            cells.get("/applicants/12/fields/profit/2022").as_deref(),
            Some("申报组织!M14")
        );
        assert_eq!(
            cells.get("/applicants/12/records/3/kind").as_deref(),
            Some("记录!B8")
        );
        assert_eq!(
            cells.get("/applicants/1/a/2/b/3/c/4").as_deref(),
            Some("申报组织!C3")
        );
        assert_eq!(cells.get("/applicants/1/#").as_deref(), Some("申报组织!D3"));
        assert_eq!(cells.get("/applicants/1/7"), None);
        assert_eq!(cells.get("/applicants/12/fields/profit/02022"), None);
        assert_eq!(cells.get("/applicants/13/fields/profit/2022"), None);
    }

    #[test]
    fn applicants_sheet_values_are_found_by_row_and_column() {
        let a = sheet(Some("申报组织"));
        let mut cells = Cells::new();
        cells.applicant_rows(&a, &[1, 2, 5]);
        cells.applicant_column("", 0);
        cells.applicant_column("/fields/profit/2022", 12);
        cells.applicant_column("/fields/profit", 11);
        cells.applicant_column("/fields/profit", 12);
        cells.insert("/applicants/2/records/0/kind", &sheet(Some("记录")), 3, 1);
        assert_eq!(
            cells.get("/applicants/2/fields/profit/2022").as_deref(),
            Some("申报组织!M6")
        );
        assert_eq!(
            cells.get("/applicants/0/fields/profit").as_deref(),
            Some("申报组织!L2")
        );
        assert_eq!(
            cells.get("/applicants/2/records/0/kind").as_deref(),
            Some("记录!B4")
        );
        assert_eq!(cells.get("/applicants/1").as_deref(), Some("申报组织!A3"));
        assert_eq!(cells.get("/applicants/3/fields/profit"), None);
        assert_eq!(cells.get("/applicants/0/fields/other"), None);
    }

    #[test]
    fn a_csv_files_own_cells_have_no_sheet_name() {
        let mut cells = Cells::new();
        cells.insert("/applicants/0/id", &sheet(None), 1, 0);
        assert_eq!(cells.get("/applicants/0/id").as_deref(), Some("A2"));
    }
}
