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

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};
use std::path::Path;
use std::str::FromStr as _;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;

use super::grid::{column_letters, Cell, Grid, Sheet};
use super::layout;
use crate::date::Date;
use crate::diag::{Diagnostic, Text};
use crate::error::Error;
use crate::text;

/// Excel's last row and column (1,048,576 rows, columns A to XFD).
pub(crate) const MAX_ROWS: u32 = 1 << 20;
pub(crate) const MAX_COLS: u32 = 1 << 14;
/// Excel's limit on the characters of one cell.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;
/// The most a merged range may fill in, over the whole workbook.
const MAX_MERGED_CELLS: usize = 1 << 20;
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
    let mut book = Book::open(BufReader::new(file), limit).map_err(|w| w.into_error(path))?;
    book.grid().map_err(|w| w.into_error(path))
}

/// Reads a workbook from its bytes (for the fuzz target and tests).
#[doc(hidden)]
pub(crate) fn read_bytes(bytes: &[u8]) -> Result<Grid, Error> {
    let limit = PART_FLOOR.max((bytes.len() as u64).saturating_mul(PART_RATIO));
    let mut book =
        Book::open(std::io::Cursor::new(bytes), limit).map_err(|w| w.into_error(Path::new("-")))?;
    book.grid().map_err(|w| w.into_error(Path::new("-")))
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
enum Wrong {
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

fn problem(code: &'static str, at: Option<String>, message: Text, help: Text) -> Diagnostic {
    let d = Diagnostic::error(code, message).help(help);
    match at {
        Some(at) => d.pointer(at),
        None => d,
    }
}

/// A shared string: its text, or how long it was when longer than a cell may be.
#[derive(Clone)]
enum Shared {
    Text(Arc<str>),
    TooLong(usize),
}

/// One sheet as the workbook lists it.
struct Listed {
    name: String,
    part: String,
    hidden: bool,
}

struct Book<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    /// The most one part may unpack to.
    limit: u64,
    /// Part names by their lower-case form (zip names are case-sensitive; Excel's are not).
    names: HashMap<String, String>,
}

impl<R: Read + Seek> Book<R> {
    fn open(reader: R, limit: u64) -> Result<Book<R>, Wrong> {
        let zip = zip::ZipArchive::new(reader)?;
        let names = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|n| {
                (
                    n.trim_start_matches('/').to_ascii_lowercase(),
                    n.into_owned(),
                )
            })
            .collect();
        Ok(Book { zip, limit, names })
    }

    /// The XML of a part, streamed; `None` when the workbook has no such part.
    fn part(&mut self, name: &str) -> Result<Option<Xml<impl std::io::BufRead + '_>>, Wrong> {
        let Some(real) = self
            .names
            .get(&name.trim_start_matches('/').to_ascii_lowercase())
        else {
            return Ok(None);
        };
        let real = real.clone();
        let limit = self.limit;
        let file = self.zip.by_name(&real)?;
        let mut reader = Reader::from_reader(BufReader::new(Capped {
            inner: file,
            left: limit,
            part: real,
        }));
        reader.config_mut().trim_text(false);
        Ok(Some(Xml {
            reader,
            buf: Vec::new(),
        }))
    }

    fn grid(&mut self) -> Result<Grid, Wrong> {
        let (sheets, date1904) = self.workbook()?;
        let strings = self.shared_strings()?;
        let dates = self.date_styles()?;
        let mut grid = Grid {
            sheets: Vec::new(),
            notices: Vec::new(),
        };
        let mut problems = Vec::new();
        let mut merged_budget = MAX_MERGED_CELLS;
        for listed in sheets {
            let wanted = [
                layout::APPLICANTS,
                layout::RECORDS,
                layout::HISTORY,
                layout::CYCLE,
            ]
            .iter()
            .any(|names| layout::is(&listed.name, names));
            if listed.hidden {
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
            let Some(mut xml) = self.part(&listed.part)? else {
                return Err(Wrong::Unreadable(format!(
                    "工作表“{}”的内容（{}）不在文件中 · the sheet's part {} is missing",
                    listed.name, listed.part, listed.part
                )));
            };
            let mut reading = SheetReader {
                name: &listed.name,
                strings: &strings,
                dates: &dates,
                date1904,
                rows: Vec::new(),
                merged: Vec::new(),
                problems: &mut problems,
                notices: &mut grid.notices,
            };
            reading.read(&mut xml)?;
            let SheetReader {
                mut rows, merged, ..
            } = reading;
            fill_merged(
                &listed.name,
                &mut rows,
                &merged,
                &mut merged_budget,
                &mut problems,
            );
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

    /// The sheets in their order, where each lives, and whether dates count from 1904.
    fn workbook(&mut self) -> Result<(Vec<Listed>, bool), Wrong> {
        let book_part = self.office_document()?;
        let (dir, _) = book_part.rsplit_once('/').unwrap_or(("", ""));
        let rels_part = format!(
            "{dir}/_rels/{}.rels",
            book_part.rsplit('/').next().unwrap_or("")
        );
        let mut targets = HashMap::new();
        if let Some(mut xml) = self.part(&rels_part)? {
            while let Some(e) = xml.next_start()? {
                if e.local_name().as_ref() == "Relationship" {
                    if let (Some(id), Some(target)) = (attr(&e, "Id")?, attr(&e, "Target")?) {
                        targets.insert(id, target);
                    }
                }
            }
        }
        let Some(mut xml) = self.part(&book_part)? else {
            return Err(Wrong::Unreadable(format!(
                "缺少 {book_part} · the part {book_part} is missing"
            )));
        };
        let mut sheets = Vec::new();
        let mut date1904 = false;
        while let Some(e) = xml.next_start()? {
            match e.local_name().as_ref() {
                "workbookPr" => {
                    date1904 = attr(&e, "date1904")?.is_some_and(|v| v == "1" || v == "true");
                }
                "sheet" => {
                    let name = attr(&e, "name")?.unwrap_or_default();
                    let hidden = attr(&e, "state")?.is_some_and(|s| s != "visible");
                    let Some(target) = attr(&e, "id")?.and_then(|id| targets.get(&id).cloned())
                    else {
                        continue; // a chart sheet or a broken link: no cells to read
                    };
                    let part = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_owned(),
                        None => format!("{dir}/{target}"),
                    };
                    sheets.push(Listed { name, part, hidden });
                }
                _ => {}
            }
        }
        Ok((sheets, date1904))
    }

    /// Where the workbook part is (`xl/workbook.xml`, as the package's relationships say).
    fn office_document(&mut self) -> Result<String, Wrong> {
        if let Some(mut xml) = self.part("_rels/.rels")? {
            while let Some(e) = xml.next_start()? {
                if e.local_name().as_ref() == "Relationship"
                    && attr(&e, "Type")?.is_some_and(|t| t.ends_with("/officeDocument"))
                {
                    if let Some(t) = attr(&e, "Target")? {
                        return Ok(t.trim_start_matches('/').to_owned());
                    }
                }
            }
        }
        Ok("xl/workbook.xml".to_owned())
    }

    /// The shared strings, each as long as the file makes it and no longer than a cell may be.
    fn shared_strings(&mut self) -> Result<Vec<Shared>, Wrong> {
        let mut out = Vec::new();
        let Some(mut xml) = self.part("xl/sharedStrings.xml")? else {
            return Ok(out);
        };
        while let Some(e) = xml.next_start()? {
            if e.local_name().as_ref() == "si" {
                out.push(match xml.string_until("si")? {
                    Ok(s) => Shared::Text(s.into()),
                    Err(len) => Shared::TooLong(len),
                });
            }
        }
        Ok(out)
    }

    /// For each cell style (`s`), whether its number format shows a date.
    fn date_styles(&mut self) -> Result<Vec<bool>, Wrong> {
        let mut out = Vec::new();
        let Some(mut xml) = self.part("xl/styles.xml")? else {
            return Ok(out);
        };
        let mut custom: HashMap<u32, bool> = HashMap::new();
        let mut in_cell_xfs = false;
        loop {
            let ev = xml.next()?;
            match &ev {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "numFmt" => {
                        if let (Some(id), Some(code)) =
                            (attr(e, "numFmtId")?, attr(e, "formatCode")?)
                        {
                            if let Ok(id) = id.parse() {
                                custom.insert(id, is_date_format(&code));
                            }
                        }
                    }
                    "cellXfs" => in_cell_xfs = matches!(ev, Event::Start(_)),
                    "xf" if in_cell_xfs => {
                        let id: u32 = attr(e, "numFmtId")?
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                        out.push(custom.get(&id).copied().unwrap_or_else(|| is_date_id(id)));
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }
}

/// A part's bytes, refused past `left` (a zip bomb, or a part no cohort needs).
struct Capped<F> {
    inner: F,
    left: u64,
    part: String,
}

impl<F: Read> Read for Capped<F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more than allowed means the part is larger than allowed.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(format!(
                    "{} 解压后过大 · {} unpacks to more than qaward reads (a zip bomb?)",
                    self.part, self.part
                ))),
            };
        }
        let want = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// A part's XML, read event by event into one reused buffer.
struct Xml<B> {
    reader: Reader<B>,
    buf: Vec<u8>,
}

impl<B: std::io::BufRead> Xml<B> {
    /// The next event, owned (the buffer is reused).
    fn next(&mut self) -> Result<Event<'static>, Wrong> {
        self.buf.clear();
        let ev = self.reader.read_event_into(&mut self.buf)?;
        Ok(ev.into_owned())
    }

    /// The next opening (or empty) element, `None` at the end.
    fn next_start(&mut self) -> Result<Option<BytesStart<'static>>, Wrong> {
        loop {
            match self.next()? {
                Event::Start(e) | Event::Empty(e) => return Ok(Some(e)),
                Event::Eof => return Ok(None),
                _ => {}
            }
        }
    }

    /// The text of the `<t>` elements up to the closing `end` (phonetic runs `<rPh>` left
    /// out): `Err(length)` when longer than a cell may be.
    fn string_until(&mut self, end: &str) -> Result<Result<String, usize>, Wrong> {
        let mut out = String::new();
        let mut chars = 0usize;
        let mut in_t = false;
        let mut in_phonetic = false;
        loop {
            let ev = self.next()?;
            let piece: std::borrow::Cow<'_, str> = match &ev {
                Event::Start(e) => {
                    match e.local_name().as_ref() {
                        "t" => in_t = true,
                        "rPh" => in_phonetic = true,
                        _ => {}
                    }
                    continue;
                }
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        "t" => in_t = false,
                        "rPh" => in_phonetic = false,
                        name if name == end => break,
                        _ => {}
                    }
                    continue;
                }
                Event::Empty(e) if e.local_name().as_ref() == end => break,
                Event::Text(t) if in_t && !in_phonetic => t.xml10_content(),
                Event::CData(t) if in_t && !in_phonetic => t.xml10_content(),
                Event::GeneralRef(r) if in_t && !in_phonetic => entity(r)?.into(),
                Event::Eof => {
                    return Err(Wrong::Unreadable(
                        "XML 在文本中途结束 · the XML ends inside a text".to_owned(),
                    ))
                }
                _ => continue,
            };
            chars += piece.chars().count();
            if chars <= MAX_CELL_CHARS {
                out.push_str(&piece);
            }
        }
        Ok(if chars > MAX_CELL_CHARS {
            Err(chars)
        } else {
            Ok(unescape_excel(&out))
        })
    }
}

/// The text an entity reference stands for (`&amp;`, `&#x4E2D;`).
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Result<String, Wrong> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c.to_string());
    }
    let name = r.xml10_content();
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(s) => Ok(s.to_owned()),
        None => Err(Wrong::Unreadable(format!(
            "XML 中有未定义的实体 &{name}; · the XML uses an undefined entity &{name};"
        ))),
    }
}

/// Excel writes characters XML cannot hold as `_x000D_`; read them back.
fn unescape_excel(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code = tail
            .get(2..6)
            .filter(|_| tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An attribute's value by its local name, entities resolved.
fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, Wrong> {
    for a in e.attributes() {
        let a = a?;
        if a.key.local_name().as_ref() == name {
            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// Whether a built-in number format shows a date (the Chinese formats included).
fn is_date_id(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Whether a custom number format shows a date: it has year, month, day or time letters
/// outside quoted text and `[…]` sections.
fn is_date_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'e' | 'E'
                if !quoted && !bracket =>
            {
                return !code.eq_ignore_ascii_case("general");
            }
            _ => {}
        }
    }
    false
}

/// `B7` as 0-based (row, column), or `None` when it is not a reference within Excel's limits.
fn reference(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = digits.parse().ok()?;
    if (1..=MAX_COLS).contains(&col) && (1..=MAX_ROWS).contains(&row) {
        Some((row - 1, col - 1))
    } else {
        None
    }
}

/// Excel's name for a 0-based cell.
fn name_of(sheet: &str, row: u32, col: u32) -> String {
    format!("{sheet}!{}{}", column_letters(col as usize), row + 1)
}

/// A number as Excel stored it, read exactly; more than the 15 significant digits Excel shows
/// is a binary leftover (`0.30000000000000004`), read as what Excel shows.
fn number(raw: &str) -> Option<(Decimal, bool)> {
    let raw = raw.trim();
    let d = if raw.contains(['e', 'E']) {
        Decimal::from_scientific(raw).ok()?
    } else {
        Decimal::from_str(raw).ok()?
    };
    let digits = raw
        .split(['e', 'E'])
        .next()
        .unwrap_or("")
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|b| *b == b'0')
        .count();
    if digits <= 15 {
        return Some((d.normalize(), false));
    }
    // Round to 15 significant digits.
    let magnitude = {
        let whole = d.abs().trunc();
        if whole.is_zero() {
            // 0.000123…: the first significant digit is after the point.
            let frac = d.abs().to_string();
            let after = frac.split('.').nth(1).unwrap_or("");
            -(after.bytes().take_while(|b| *b == b'0').count() as i64) - 1
        } else {
            whole.to_string().len() as i64 - 1
        }
    };
    let places = (14 - magnitude).clamp(0, 28);
    let shown = d
        .round_dp_with_strategy(
            places as u32,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
        .normalize();
    Some((shown, shown != d.normalize()))
}

/// Excel's date serial as a date: days from 1899-12-30 (the 1900 calendar, which counts a
/// 29 February 1900 that never was) or from 1904-01-01. `None` outside 1900-01-01..9999-12-31.
fn serial_date(serial: Decimal, date1904: bool) -> Option<Date> {
    let days: i64 = serial.trunc().to_string().parse().ok()?;
    let (days, base) = if date1904 {
        (days, Date::new(1904, 1, 1)?)
    } else {
        if days < 1 {
            return None;
        }
        // Serial 60 is the 29 February 1900 Excel believes in; before it, one day less.
        let days = if days < 61 { days + 1 } else { days };
        (days, Date::new(1899, 12, 30)?)
    };
    if !(0..=3_000_000).contains(&days) {
        return None;
    }
    let date = Date::from_days(base.to_days() + days);
    (date.year() <= 9999).then_some(date)
}

/// Reading one worksheet's cells.
struct SheetReader<'a> {
    name: &'a str,
    strings: &'a [Shared],
    dates: &'a [bool],
    date1904: bool,
    rows: Vec<Vec<(u32, Cell)>>,
    merged: Vec<(u32, u32, u32, u32)>,
    problems: &'a mut Vec<Diagnostic>,
    notices: &'a mut Vec<Text>,
}

impl<B: std::io::BufRead> Xml<B> {
    /// The plain text up to the closing `end` (a value or a formula); `Err(length)` past a
    /// cell's limit.
    fn plain_until(&mut self, end: &str) -> Result<Result<String, usize>, Wrong> {
        let mut out = String::new();
        let mut chars = 0usize;
        loop {
            let ev = self.next()?;
            let piece: std::borrow::Cow<'_, str> = match &ev {
                Event::Text(t) => t.xml10_content(),
                Event::CData(t) => t.xml10_content(),
                Event::GeneralRef(r) => entity(r)?.into(),
                Event::End(e) if e.local_name().as_ref() == end => break,
                Event::Eof => {
                    return Err(Wrong::Unreadable(
                        "XML 在单元格中途结束 · the XML ends inside a cell".to_owned(),
                    ))
                }
                _ => continue,
            };
            chars += piece.chars().count();
            if chars <= MAX_CELL_CHARS {
                out.push_str(&piece);
            }
        }
        Ok(if chars > MAX_CELL_CHARS {
            Err(chars)
        } else {
            Ok(out)
        })
    }
}

/// What a `<c>` element holds, before it is read as a cell.
#[derive(Default)]
struct Raw {
    value: Option<Result<String, usize>>,
    formula: Option<String>,
    inline: Option<Result<String, usize>>,
}

impl SheetReader<'_> {
    fn read<B: std::io::BufRead>(&mut self, xml: &mut Xml<B>) -> Result<(), Wrong> {
        let mut row: Option<u32> = None;
        let mut next_col = 0u32;
        loop {
            let (e, empty) = match xml.next()? {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::Eof => return Ok(()),
                _ => continue,
            };
            match e.local_name().as_ref() {
                "row" => {
                    let r = match attr(&e, "r")? {
                        Some(r) => match r.trim().parse::<u32>() {
                            Ok(n) if (1..=MAX_ROWS).contains(&n) => n - 1,
                            _ => return self.beyond(&format!("{}!{r}", self.name), "row"),
                        },
                        None => row.map_or(0, |r| r + 1),
                    };
                    if r >= MAX_ROWS {
                        return self.beyond(&format!("{}!{}", self.name, u64::from(r) + 1), "row");
                    }
                    row = Some(r);
                    next_col = 0;
                }
                "c" => {
                    let at = match attr(&e, "r")? {
                        Some(r) => match reference(r.trim()) {
                            Some(at) => at,
                            None => return self.beyond(&format!("{}!{r}", self.name), "cell"),
                        },
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
                    let cell = self.cell(&e, at, raw)?;
                    if !matches!(cell, Cell::Empty) {
                        self.put(at, cell);
                    }
                }
                "mergeCell" => {
                    if let Some(r) = attr(&e, "ref")? {
                        let (a, b) = r.split_once(':').unwrap_or((&r, &r));
                        match (reference(a.trim()), reference(b.trim())) {
                            (Some((r0, c0)), Some((r1, c1))) => {
                                self.merged
                                    .push((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
                            }
                            _ => return self.beyond(&format!("{}!{r}", self.name), "cell"),
                        }
                    }
                }
                _ => {}
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
        e: &BytesStart<'_>,
        (row, col): (u32, u32),
        raw: Raw,
    ) -> Result<Cell, Wrong> {
        let at = name_of(self.name, row, col);
        let kind = attr(e, "t")?.unwrap_or_default();
        let style: usize = attr(e, "s")?.and_then(|s| s.parse().ok()).unwrap_or(0);
        let value = match raw.value {
            Some(Err(len)) => return Ok(self.too_long(at, len)),
            Some(Ok(v)) if !v.is_empty() => Some(v),
            _ => None,
        };
        if kind == "inlineStr" {
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
        Ok(match kind.as_str() {
            "s" => match v.trim().parse::<usize>().ok().and_then(|i| self.strings.get(i)) {
                Some(Shared::Text(s)) if s.trim().is_empty() => Cell::Empty,
                Some(Shared::Text(s)) => Cell::Text(Arc::clone(s)),
                Some(Shared::TooLong(len)) => self.too_long(at, *len),
                None => {
                    return Err(Wrong::Unreadable(format!(
                        "{at} 引用的共享字符串 {v} 不存在 · {at} refers to shared string {v}, which is not in the file"
                    )))
                }
            },
            "str" => Cell::Text(v.into()),
            "b" => Cell::Bool(v.trim() == "1" || v.trim().eq_ignore_ascii_case("true")),
            "e" => Cell::Error(v),
            "d" => match v.get(..10).and_then(|d| Date::parse(d).ok()) {
                Some(d) => Cell::Date(d),
                None => Cell::Text(v.into()),
            },
            _ => self.number(&at, &v, self.dates.get(style).copied().unwrap_or(false)),
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
                "v" => raw.value = Some(xml.plain_until("v")?),
                "f" => raw.formula = Some(xml.plain_until("f")?.unwrap_or_default()),
                "is" => raw.inline = Some(xml.string_until("is")?),
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
    rows: &mut [Vec<(u32, Cell)>],
    merged: &[(u32, u32, u32, u32)],
    budget: &mut usize,
    problems: &mut Vec<Diagnostic>,
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
            let range = format!(
                "{}{}:{}{}",
                column_letters(c0 as usize),
                r0 + 1,
                column_letters(c1 as usize),
                r1 + 1
            );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_stop_at_excels_limits() {
        assert_eq!(reference("A1"), Some((0, 0)));
        assert_eq!(reference("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(reference("XFE1"), None);
        assert_eq!(reference("A1048577"), None);
        assert_eq!(reference("A0"), None);
        assert_eq!(reference("A99999999999999999999"), None);
        assert_eq!(reference("1A"), None);
    }

    #[test]
    fn numbers_keep_what_excel_shows() {
        let n = |s: &str| number(s).map(|(d, l)| (d.to_string(), l));
        assert_eq!(n("1037.5"), Some(("1037.5".into(), false)));
        assert_eq!(n("0.1"), Some(("0.1".into(), false)));
        assert_eq!(n("0.30000000000000004"), Some(("0.3".into(), true)));
        assert_eq!(n("812.49999999999989"), Some(("812.5".into(), true)));
        assert_eq!(n("1.5E-3"), Some(("0.0015".into(), false)));
        assert_eq!(n("-2.0000000000000004"), Some(("-2".into(), true)));
        assert_eq!(n("abc"), None);
    }

    #[test]
    fn date_serials_follow_excels_calendar() {
        let d = |n: i64, b| serial_date(Decimal::from(n), b).map(|d| d.to_string());
        assert_eq!(d(1, false).as_deref(), Some("1900-01-01"));
        assert_eq!(d(59, false).as_deref(), Some("1900-02-28"));
        assert_eq!(d(61, false).as_deref(), Some("1900-03-01"));
        assert_eq!(d(45536, false).as_deref(), Some("2024-09-01"));
        assert_eq!(d(2_958_465, false).as_deref(), Some("9999-12-31"));
        assert_eq!(d(2_958_466, false), None);
        assert_eq!(d(0, false), None);
        assert_eq!(d(-5, false), None);
        assert_eq!(d(0, true).as_deref(), Some("1904-01-01"));
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        assert!(is_date_format("yyyy-mm-dd"));
        assert!(is_date_format("yyyy\"年\"m\"月\"d\"日\""));
        assert!(!is_date_format("0.00_);[Red](0.00)"));
        assert!(!is_date_format("#,##0\"元\""));
        assert!(!is_date_format("General"));
        assert!(is_date_id(14) && is_date_id(57) && !is_date_id(2));
    }

    #[test]
    fn excel_escapes_are_read_back() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x4E2D_"), "中");
        assert_eq!(unescape_excel("_xZZ_"), "_xZZ_");
    }
}
