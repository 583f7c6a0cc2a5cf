//! An `.xlsx` workbook read into a [`Grid`], by our own small SpreadsheetML reader (the zip
//! archive through `zip`, its XML through `quick-xml`), so that a hostile file cannot make us
//! allocate more than it really holds:
//!
//! - cells are kept sparse, only those the sheet writes, so `A1` and `XFD1048576` cost two
//!   cells, not the 17 billion between them; a reference past Excel's own limits is refused;
//! - nothing is reserved from a count the file declares (`uniqueCount`, `<dimension>`);
//! - each part is read as a stream and may unpack to a bounded size (a zip bomb is refused);
//! - a cell holds at most Excel's own 32,767 characters;
//! - hidden sheets are never read in place of visible ones, a formula with no stored result
//!   is refused rather than read as empty, a date serial outside Excel's calendar is refused,
//!   and binary leftovers (`0.30000000000000004`) are read as the 15 digits Excel shows, with
//!   a notice naming the cell.

mod package;
mod values;
mod worksheet;
mod xml;

use std::io::{Read, Seek};
use std::path::Path;

use super::grid::{Grid, Sheet};
use super::layout;
use crate::diag::text;
use crate::diag::{Diagnostic, Text};
use crate::error::Error;
use package::Book;
use worksheet::SheetReader;

/// Excel's last row and column (1,048,576 rows, columns A to XFD).
pub(crate) const MAX_ROWS: u32 = 1 << 20;
pub(crate) const MAX_COLS: u32 = 1 << 14;
/// Excel's limit on the characters of one cell.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;
/// The most a merged range may fill in, over the whole workbook.
pub(super) const MAX_MERGED_CELLS: usize = 1 << 20;
/// What one part may unpack to at least, and how many times the workbook's own size beyond
/// that: real workbooks compress 5 to 20 times; a zip bomb a thousand.
const PART_FLOOR: u64 = 64 << 20;
const PART_RATIO: u64 = 100;
/// Problems listed one by one before the rest are counted.
const SHOWN: usize = 20;

/// Reads every visible sheet of the workbook at `path`.
pub(crate) fn read(path: &Path) -> Result<Grid, Error> {
    let file = std::fs::File::open(path).map_err(|e| unreadable(path, e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let limit = PART_FLOOR.max(size.saturating_mul(PART_RATIO));
    let mut book =
        Book::open(std::io::BufReader::new(file), limit).map_err(|w| w.into_error(path))?;
    grid(&mut book, limit).map_err(|w| w.into_error(path))
}

/// Reads a workbook from its bytes (for the fuzz target and tests).
#[doc(hidden)]
pub(crate) fn read_bytes(bytes: &[u8]) -> Result<Grid, Error> {
    let limit = PART_FLOOR.max((bytes.len() as u64).saturating_mul(PART_RATIO));
    let mut book =
        Book::open(std::io::Cursor::new(bytes), limit).map_err(|w| w.into_error(Path::new("-")))?;
    grid(&mut book, limit).map_err(|w| w.into_error(Path::new("-")))
}

fn unreadable(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::one(
        Diagnostic::error(
            "cohort::unreadable",
            text!(
                format!("无法读取电子表格：{why}"),
                format!("cannot read the spreadsheet: {why}")
            ),
        )
        .help(text!(
            "请确认文件是 Excel 工作簿（.xlsx），且未被其他程序占用；必要时在 Excel 或 WPS 中另存为 .xlsx。",
            "check that the file is an Excel workbook (.xlsx) not open elsewhere; if need be, save it again as .xlsx in Excel or WPS"
        )),
    )
    .in_file(path)
}

/// What went wrong reading the workbook.
pub(super) enum Wrong {
    /// Not a workbook we can read at all (not a zip, a part missing, bad XML).
    Unreadable(String),
    /// Problems at named places, each with its fix.
    At(Vec<Diagnostic>),
}

impl Wrong {
    fn into_error(self, path: &Path) -> Error {
        match self {
            Wrong::Unreadable(why) => unreadable(path, why),
            Wrong::At(problems) => Error::new(problems).in_file(path),
        }
    }
}

impl From<zip::result::ZipError> for Wrong {
    fn from(e: zip::result::ZipError) -> Wrong {
        Wrong::Unreadable(format!(
            "不是有效的 .xlsx 压缩包 · not a valid .xlsx archive ({e})"
        ))
    }
}

impl From<quick_xml::Error> for Wrong {
    fn from(e: quick_xml::Error) -> Wrong {
        Wrong::Unreadable(format!("XML 有误 · malformed XML ({e})"))
    }
}

impl From<quick_xml::events::attributes::AttrError> for Wrong {
    fn from(e: quick_xml::events::attributes::AttrError) -> Wrong {
        Wrong::Unreadable(format!("XML 有误 · malformed XML ({e})"))
    }
}

pub(super) fn problem(
    code: &'static str,
    at: Option<String>,
    message: Text,
    help: Text,
) -> Diagnostic {
    let d = Diagnostic::error(code, message).help(help);
    match at {
        Some(at) => d.pointer(at),
        None => d,
    }
}

/// Every visible sheet of the workbook, each read as its cells; hidden sheets are skipped, and
/// refused when they are ones qaward reads. The cohort read from it may hold as much text as
/// one part may unpack to (`limit`).
fn grid<R: Read + Seek>(book: &mut Book<R>, limit: u64) -> Result<Grid, Wrong> {
    let (sheets, date1904) = book.workbook()?;
    let strings = book.shared_strings()?;
    let dates = book.date_styles()?;
    let mut grid = Grid {
        sheets: Vec::new(),
        notices: Vec::new(),
        budget: limit,
    };
    let mut problems = Vec::new();
    let mut merged_budget = MAX_MERGED_CELLS;
    for listed in sheets {
        if listed.hidden {
            let wanted = [
                layout::APPLICANTS,
                layout::RECORDS,
                layout::HISTORY,
                layout::CYCLE,
            ]
            .iter()
            .any(|names| layout::is(&listed.name, names));
            if wanted {
                problems.push(problem(
                    "cohort::hidden-sheet",
                    None,
                    text!(
                        format!("工作表“{}”是隐藏的，qaward 不读取隐藏的工作表", listed.name),
                        format!("the sheet \"{}\" is hidden; qaward does not read hidden sheets", listed.name)
                    ),
                    text!(
                        "在 Excel 中右键点工作表标签 → 取消隐藏，核对内容后保存；不要的工作表请删除。",
                        "in Excel right-click a sheet tab → Unhide, check what it holds and save; delete the sheet if it is not wanted"
                    ),
                ));
            }
            continue;
        }
        if listed.name == layout::NOTES || listed.name == layout::LISTS {
            continue;
        }
        let Some(mut xml) = book.part(&listed.part)? else {
            return Err(Wrong::Unreadable(format!(
                "工作表“{}”的内容（{}）不在文件中 · the sheet's part {} is missing",
                listed.name, listed.part, listed.part
            )));
        };
        let mut reading = SheetReader::new(
            &listed.name,
            &strings,
            &dates,
            date1904,
            &mut problems,
            &mut grid.notices,
        );
        reading.read(&mut xml)?;
        let rows = reading.finish(&mut merged_budget);
        grid.sheets.push(Sheet {
            label: Some(listed.name.clone()),
            name: listed.name,
            rows,
        });
    }
    if problems.is_empty() {
        Ok(grid)
    } else {
        Err(Wrong::At(trimmed(problems)))
    }
}

/// The first problems, and a count of the rest.
fn trimmed(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if problems.len() > SHOWN + 1 {
        let more = problems.len() - SHOWN;
        problems.truncate(SHOWN);
        problems.push(Diagnostic::error(
            "cohort::invalid",
            text!(
                format!("另有 {more} 处同类问题未列出"),
                format!("and {more} more such problems")
            ),
        ));
    }
    problems
}

/// The 0-based row and column of a cell reference such as `D7`.
pub(crate) fn cell_position(reference: &str) -> Option<(u32, u32)> {
    values::reference(reference)
}
