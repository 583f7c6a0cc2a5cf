//! Reading a cohort file (JSON, or TOML of the same shape) into a `CohortFile`: parsed, but not
//! yet read against a policy. The cycle can be read from it alone (to choose the policy in
//! force); `bind` then reads the applicants against the chosen policy's declarations.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::sheet::cells::Cells;
use super::sheet::grid::{self, Grid};
use super::sheet::to_json;
use super::split::Source;
use super::stream::{self, Streamed};
use super::tree::Node;
use super::{bind, Cohort, Cycle};
use crate::diag::text;
use crate::diag::{Diagnostic, Location};
use crate::error::Error;
use crate::policy::Policy;
use crate::toml_json::{self, Spans};

/// A cohort file, read but not yet checked against a policy: the JSON text, or a TOML file as
/// a JSON value with its source and the place of each value. JSON bytes are borrowed when
/// given as a slice (a cohort of 100,000 applicants is 90 MB: no copy).
#[derive(Debug, Clone)]
pub struct CohortFile<'b> {
    /// What the file holds, in one of the forms it can be read in.
    content: Content<'b>,
    /// A TOML file's text, and the place of each value, found when a problem is first shown.
    source: Option<(String, OnceLock<Spans>)>,
    /// For a spreadsheet: the cell each value came from, set once it is read.
    cells: OnceLock<Arc<Cells>>,
    /// The regular file it was read from, whose bytes its digest is of.
    given: Option<PathBuf>,
}

/// A cohort file's content, as it is read.
#[derive(Debug, Clone)]
enum Content<'b> {
    /// JSON text in memory: borrowed, read, or made from TOML or a spreadsheet.
    Json(Cow<'b, [u8]>),
    /// A JSON file read as it is needed: streamed once against the chosen policy, and read
    /// whole (into `loaded`) only when something must be said about it.
    Streamed {
        path: PathBuf,
        loaded: OnceLock<Vec<u8>>,
    },
    /// A JSON value (a spreadsheet's cycle, read on its own).
    Value(Value),
    /// A spreadsheet, read into JSON once the policy is known.
    Grid(Arc<Grid>),
}

impl<'b> CohortFile<'b> {
    /// A file of this content, without a source or cells.
    fn of(content: Content<'b>) -> CohortFile<'b> {
        CohortFile {
            content,
            source: None,
            cells: OnceLock::new(),
            given: None,
        }
    }
}

impl<'b> CohortFile<'b> {
    /// Reads a cohort file: a spreadsheet when its name ends in `.xlsx` or `.csv`, TOML in
    /// `.toml`, JSON otherwise.
    pub fn read(path: &Path) -> Result<CohortFile<'static>, Error> {
        let mut file = CohortFile::read_given(path)?;
        if path.as_os_str() != "-" && path.is_file() {
            file.given = Some(path.to_owned());
        }
        Ok(file)
    }

    /// `sha256:` and the hex digest of the cohort as it was given, for a paper to name what it
    /// was made from: a file's bytes as they are on disk (read again in pieces, never held
    /// whole), or the bytes or TOML text given in memory; `None` for a spreadsheet's value or
    /// a file that can no longer be read.
    pub fn digest(&self) -> Option<String> {
        if let Some(path) = &self.given {
            return std::fs::File::open(path)
                .and_then(crate::digest::of_reader)
                .ok();
        }
        if let Some((text, _)) = &self.source {
            return Some(crate::digest::of_bytes(text.as_bytes()));
        }
        match &self.content {
            Content::Json(bytes) => Some(crate::digest::of_bytes(bytes)),
            Content::Streamed { path, .. } => std::fs::File::open(path)
                .and_then(crate::digest::of_reader)
                .ok(),
            Content::Value(_) | Content::Grid(_) => None,
        }
    }

    fn read_given(path: &Path) -> Result<CohortFile<'static>, Error> {
        // `-`: standard input, JSON or (when it does not start with `{`) TOML.
        if path.as_os_str() == "-" {
            let bytes = crate::bounded::read_text_input(
                std::io::stdin().lock(),
                crate::bounded::MAX_COHORT,
            )
            .map_err(|e| {
                Error::one(Diagnostic::error(
                    not_text_code(&e),
                    text!(
                        format!("无法读取标准输入：{e}"),
                        format!("cannot read standard input: {e}")
                    ),
                ))
            })?;
            let json = bytes
                .iter()
                .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF)
                .is_none_or(|b| *b == b'{');
            return if json {
                Ok(CohortFile::json(Cow::Owned(bytes)))
            } else {
                CohortFile::from_toml(&bytes)
            };
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" => return Ok(CohortFile::of_grid(super::sheet::xlsx::read(path)?)),
            "csv" => return Ok(CohortFile::of_grid(grid::read_csv(path)?)),
            "xls" | "et" | "ods" | "numbers" => {
                return Err(Error::one(
                    Diagnostic::error(
                        "cohort::format",
                        text!(
                            format!("不能读取 .{ext} 文件"),
                            format!("a .{ext} file cannot be read")
                        ),
                    )
                    .help(text!(
                        "在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）或 CSV UTF-8，再运行。",
                        "save it as .xlsx (Excel workbook) or CSV UTF-8 in Excel or WPS, then run again"
                    )),
                )
                .in_file(path))
            }
            _ => {}
        }
        let is_toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        // A regular JSON file is read as it is needed (a pipe could not be read twice).
        let regular = std::fs::File::open(path)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.is_file() && m.len() <= crate::bounded::MAX_COHORT);
        if regular && !is_toml {
            return Ok(CohortFile::of(Content::Streamed {
                path: path.to_owned(),
                loaded: OnceLock::new(),
            }));
        }
        let bytes = std::fs::File::open(path)
            .and_then(|f| crate::bounded::read_text_input(f, crate::bounded::MAX_COHORT))
            .map_err(|e| {
                let code = not_text_code(&e);
                let mut e = unreadable(path, e);
                e.problems[0].code = code;
                e
            })?;
        let doc = if is_toml {
            CohortFile::from_toml(&bytes)
        } else {
            Ok(CohortFile::json(Cow::Owned(bytes)))
        };
        doc.map_err(|e| e.in_file(path))
    }

    /// Takes JSON bytes, borrowed; they are parsed when read against a policy.
    pub fn from_json(bytes: &'b [u8]) -> Result<CohortFile<'b>, Error> {
        Ok(CohortFile::json(Cow::Borrowed(bytes)))
    }

    /// JSON bytes without a byte-order mark.
    fn json(mut bytes: Cow<'b, [u8]>) -> CohortFile<'b> {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        match &mut bytes {
            Cow::Borrowed(b) => *b = b.strip_prefix(BOM).unwrap_or(b),
            Cow::Owned(v) if v.starts_with(BOM) => drop(v.drain(..BOM.len())),
            Cow::Owned(_) => {}
        }
        CohortFile::of(Content::Json(bytes))
    }

    /// A spreadsheet, read against a policy later.
    fn of_grid(grid: Grid) -> CohortFile<'static> {
        CohortFile::of(Content::Grid(Arc::new(grid)))
    }

    /// A JSON value read from a spreadsheet, with the cell of each value.
    fn of_cells(value: Value, cells: Arc<Cells>) -> CohortFile<'static> {
        CohortFile {
            content: Content::Value(value),
            source: None,
            cells: OnceLock::from(cells),
            given: None,
        }
    }

    /// JSON text read from a spreadsheet, with the cell of each value.
    fn of_converted(json: Vec<u8>, cells: Arc<Cells>) -> CohortFile<'static> {
        CohortFile {
            content: Content::Json(Cow::Owned(json)),
            source: None,
            cells: OnceLock::from(cells),
            given: None,
        }
    }

    /// The cycle of a spreadsheet, as a file of its own (its problems at their cells).
    fn grid_cycle(grid: &Grid) -> Result<Cycle, Error> {
        let (cycle, cells) = to_json::cycle(grid)?;
        let file = CohortFile::of_cells(
            serde_json::json!({ "cycle": cycle, "applicants": [] }),
            Arc::new(cells),
        );
        bind::cycle(&file, &file.tree()?).map_err(|p| file.relocate(Error::new(p)))
    }

    /// Problems said at JSON pointers, said at the spreadsheet's cells instead (`申报组织!D7`)
    /// when the cohort came from one.
    pub(crate) fn relocate(&self, mut e: Error) -> Error {
        if let Some(cells) = self.cells.get() {
            for d in &mut e.problems {
                if let Some(cell) = d.pointer.as_deref().and_then(|p| cell_of(cells, p)) {
                    d.pointer = Some(cell);
                }
            }
        }
        e
    }

    /// The file as a tree borrowed from it.
    pub(crate) fn tree(&self) -> Result<Node<'_>, Error> {
        match self.json_bytes()? {
            Some(bytes) => {
                serde_json::from_slice(bytes).map_err(|e| Error::one(json_syntax(bytes, &e)))
            }
            None => match &self.content {
                Content::Value(v) => Ok(Node::of_value(v)),
                _ => Ok(Node::of_value(&Value::Null)),
            },
        }
    }

    /// The JSON text, when the cohort is JSON; a streamed file is read whole now, once.
    fn json_bytes(&self) -> Result<Option<&[u8]>, Error> {
        let (path, loaded) = match &self.content {
            Content::Json(bytes) => return Ok(Some(bytes)),
            Content::Streamed { path, loaded } => (path, loaded),
            Content::Value(_) | Content::Grid(_) => return Ok(None),
        };
        if let Some(bytes) = loaded.get() {
            return Ok(Some(bytes));
        }
        let mut bytes = crate::bounded::read(path, crate::bounded::MAX_COHORT)
            .map_err(|e| unreadable(path, e))?;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        Ok(Some(loaded.get_or_init(|| bytes)))
    }

    /// Parses TOML bytes of the same shape as the JSON. The cohort is kept as the JSON text
    /// it stands for, read as a JSON file is; the TOML text is kept to show a problem's line.
    pub fn from_toml(bytes: &[u8]) -> Result<CohortFile<'b>, Error> {
        if bytes.len() as u64 > crate::bounded::MAX_TOML_COHORT {
            let mib = crate::bounded::MAX_TOML_COHORT >> 20;
            return Err(Error::one(
                Diagnostic::error(
                    "cohort::too-large",
                    text!(
                        format!("TOML 格式的申报名单最大 {mib} MiB，此文件有 {} MiB", bytes.len() >> 20),
                        format!("a cohort in TOML is at most {mib} MiB; this one is {} MiB", bytes.len() >> 20)
                    ),
                )
                .help(text!(
                    "TOML 供手工填写的小名单使用；更大的名单请写成 JSON（同样的结构）或 Excel 工作簿。",
                    "TOML is for cohorts typed by hand; write a larger cohort as JSON (the same shape) or as a workbook"
                )),
            ));
        }
        let source = std::str::from_utf8(bytes).map_err(|e| {
            Error::one(Diagnostic::error(
                "cohort::encoding",
                text!(
                    format!("文件不是 UTF-8 编码：{e}"),
                    format!("the file is not UTF-8: {e}")
                ),
            ))
        })?;
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let json = toml_json::to_json_text(source).map_err(|e| {
            let mut d = Diagnostic::error(
                "cohort::syntax",
                text!(
                    format!("TOML 语法错误：{}", e.message),
                    format!("TOML syntax error: {}", e.message)
                ),
            );
            if let Some(span) = e.span {
                d = d.at(Location::in_source(source, span));
            }
            Error::one(d)
        })?;
        Ok(CohortFile {
            content: Content::Json(Cow::Owned(json.into_bytes())),
            source: Some((source.to_owned(), OnceLock::new())),
            cells: OnceLock::new(),
            given: None,
        })
    }

    /// The award cycle, which the engine knows without a policy.
    pub fn cycle(&self) -> Result<Cycle, Error> {
        if let Content::Grid(grid) = &self.content {
            return CohortFile::grid_cycle(grid);
        }
        bind::cycle(self, &self.tree()?).map_err(Error::new)
    }

    /// Reads the applicants against `policy`'s declarations.
    pub fn bind(&self, policy: &Policy) -> Result<Cohort, Error> {
        self.read_with(|_| Ok(policy)).map(|(_, cohort)| cohort)
    }

    /// Reads the cohort for the policy `choose` picks by its cycle, parsing the file once.
    pub(crate) fn read_with<P: std::borrow::Borrow<Policy>>(
        &self,
        mut choose: impl FnMut(&Cycle) -> Result<P, Error>,
    ) -> Result<(P, Cohort), Error> {
        if let Content::Grid(grid) = &self.content {
            // The workbook as JSON text, then read as a JSON file is, each problem said at
            // its cell.
            // A cycle sheet with a mistake does not hide the rest: the other sheets are read
            // against the policy the cycle's year would most likely choose, and every problem
            // is reported together.
            let (policy, cycle_problems, stand_in) = match CohortFile::grid_cycle(grid) {
                Ok(cycle) => (choose(&cycle)?, Vec::new(), None),
                Err(e) => {
                    let provisional = provisional_cycle(grid);
                    match choose(&provisional) {
                        Ok(policy) => (
                            policy,
                            e.problems,
                            Some(serde_json::json!({
                                "year": provisional.year,
                                "application_deadline": provisional.application_deadline.to_string(),
                            })),
                        ),
                        Err(_) => return Err(e),
                    }
                }
            };
            let mut read = to_json::convert(grid, policy.borrow(), stand_in)?;
            if !cycle_problems.is_empty() {
                let mut all = cycle_problems;
                all.append(&mut read.problems);
                read.problems = all;
            }
            let cells = Arc::new(read.cells);
            let _ = self.cells.set(Arc::clone(&cells));
            let file = CohortFile::of_converted(read.json, cells);
            let bound = file.read_json_with(|_| Ok(policy.borrow()));
            // Every problem of the workbook in one run: the cells that could not be read, then
            // what reading the rest found, except at cells already named; in sheet and row order.
            let (mut cohort, problems) = match bound {
                Ok((_, cohort)) => (Some(cohort), read.problems),
                Err(e) => {
                    let mut problems = read.problems;
                    let e = file.relocate(e);
                    for d in e.problems {
                        let named =
                            d.pointer.is_some() && problems.iter().any(|p| p.pointer == d.pointer);
                        if !named {
                            problems.push(d);
                        }
                    }
                    (None, problems)
                }
            };
            if !problems.is_empty() {
                return Err(Error::new(in_sheet_order(problems, grid)));
            }
            let Some(mut cohort) = cohort.take() else {
                return Err(Error::new(problems));
            };
            cohort
                .warnings
                .extend(read.notices.into_iter().map(|text| super::Notice {
                    text,
                    applicants: Vec::new(),
                }));
            return Ok((policy, cohort));
        }
        self.read_json_with(choose)
    }

    /// [`CohortFile::read_with`] for a JSON or TOML file.
    fn read_json_with<P: std::borrow::Borrow<Policy>>(
        &self,
        mut choose: impl FnMut(&Cycle) -> Result<P, Error>,
    ) -> Result<(P, Cohort), Error> {
        let mut chosen = None;
        let mut source = match &self.content {
            Content::Json(bytes) => Some(Source::slice(bytes)),
            Content::Streamed { path, .. } => std::fs::File::open(path)
                .ok()
                .map(|f| Source::file(f, crate::bounded::MAX_COHORT)),
            Content::Value(_) | Content::Grid(_) => None,
        };
        if let Some(source) = &mut source {
            match stream::read(self, source, &mut choose) {
                Streamed::Read(policy, cohort) => return Ok((policy, cohort)),
                Streamed::Refused(e) => return Err(e),
                Streamed::Chose(policy) => chosen = Some(policy),
                Streamed::Stopped => {}
            }
        }
        // The slow path: every problem, each at its place.
        let tree = self.tree()?;
        let cycle = bind::cycle(self, &tree).map_err(Error::new)?;
        let policy = match chosen {
            Some(p) => p,
            None => choose(&cycle)?,
        };
        let cohort = bind::bind(self, &tree, cycle, policy.borrow()).map_err(Error::new)?;
        Ok((policy, cohort))
    }

    /// A problem with the value at `pointer`, at its line and column when the source is TOML.
    pub(super) fn problem(&self, pointer: &str, message: crate::diag::Text) -> Diagnostic {
        let shown = if pointer.is_empty() { "/" } else { pointer };
        let mut d = Diagnostic::error("cohort::invalid", message)
            .pointer(shown)
            .help(text!(
                "按 qaward fields 列出的字段更正该值；缺失的数据请直接省略该字段。",
                "correct the value as `qaward fields` lists the fields; leave out data that is not known"
            ));
        if let Some((source, spans)) = &self.source {
            let spans =
                spans.get_or_init(|| toml_json::parse(source).map(|(_, s)| s).unwrap_or_default());
            if let Some(span) = spans.value(pointer) {
                d = d.at(Location::in_source(source, span));
            }
        }
        if let Some(cell) = self.cells.get().and_then(|c| cell_of(c, pointer)) {
            d.pointer = Some(cell);
            d.help = Some(text!(
                "按模板“填写说明”表更正该单元格；不清楚的数据留空。",
                "correct the cell as the template's 填写说明 sheet explains; leave unknown data empty"
            ));
        }
        d
    }
}

/// A cycle to choose a policy by when the cycle sheet has a mistake: its year when that can be
/// read (else this year), with a mid-year deadline.
fn provisional_cycle(grid: &Grid) -> Cycle {
    let year = to_json::cycle_year(grid).unwrap_or_else(|| crate::date::Date::today().year());
    Cycle {
        year,
        application_deadline: crate::date::Date::new(year, 7, 1)
            .unwrap_or(crate::date::Date::from_days(0)),
        publicity_start: None,
        award: None,
    }
}

/// Problems ordered by where they are: those not at a cell first, then by sheet (in the
/// workbook's order), row and column.
fn in_sheet_order(mut problems: Vec<Diagnostic>, grid: &Grid) -> Vec<Diagnostic> {
    let place = |d: &Diagnostic| -> (usize, u32, u32) {
        let Some(at) = d.pointer.as_deref() else {
            return (0, 0, 0);
        };
        let (sheet, cell) = at.rsplit_once('!').unwrap_or(("", at));
        let sheet = grid
            .sheets
            .iter()
            .position(|s| s.label.as_deref().unwrap_or("") == sheet)
            .map_or(usize::MAX, |i| i + 1);
        let (row, col) = super::sheet::xlsx::cell_position(cell).unwrap_or((0, 0));
        (sheet, row, col)
    };
    problems.sort_by_key(|d| place(d));
    problems
}

/// The cell a value at `pointer` came from: its own, else its nearest enclosing value's.
fn cell_of(cells: &Cells, pointer: &str) -> Option<String> {
    let mut p = pointer;
    loop {
        if let Some(c) = cells.get(p) {
            return Some(c);
        }
        p = &p[..p.rfind('/')?];
    }
}

fn json_syntax(bytes: &[u8], e: &serde_json::Error) -> Diagnostic {
    let source = String::from_utf8_lossy(bytes);
    if let Err(bad) = std::str::from_utf8(bytes) {
        // Say what is wrong (the encoding), at the first byte that is not UTF-8.
        let before = &bytes[..bad.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        return Diagnostic::error(
            "cohort::encoding",
            text!(
                format!("文件不是 UTF-8 编码（第 {line} 行第 {column} 列起）"),
                format!("the file is not UTF-8 (from line {line}, column {column})")
            ),
        )
        .help(text!(
            "以 UTF-8 编码另存该文件（如记事本“另存为”选 UTF-8；GBK 编码的文件须先转换）。",
            "save the file as UTF-8 (a GBK file must be converted first)"
        ))
        .at(Location::at_line_column(&source, line, column));
    }
    let mut d = Diagnostic::error(
        "cohort::syntax",
        text!(
            format!(
                "不是有效的 JSON：{}",
                crate::diag::serde_in_chinese(&e.to_string())
            ),
            format!("not valid JSON: {e}")
        ),
    )
    .help(text!(
        "检查该处的逗号、引号和括号。",
        "check the commas, quotes and brackets at that place"
    ));
    if e.line() > 0 {
        d = d.at(Location::at_line_column(&source, e.line(), e.column()));
    }
    d
}

/// Scores above the standard's total are bad input; the total comes from the policy (the
/// applicant's category's, when the policy has categories).
pub fn check_scores(cohort: &Cohort, policy: &Policy) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, a) in cohort.applicants.iter().enumerate() {
        let total = a
            .category
            .and_then(|k| policy.categories.get(k))
            .map_or(policy.scoring.total, |c| c.policy.scoring.total);
        for (stage, v) in policy.stages.iter().zip(&a.scores) {
            let name = &stage.id;
            if let Some(v) = v.filter(|v| *v > total) {
                problems.push(
                    Diagnostic::error(
                        "cohort::score-above-total",
                        text!(
                            format!("{} `{}`：得分 `{name}` = {v} 超过标准总分 {total}", policy.meta.applicant.zh, a.id),
                            format!("applicant `{}`: score `{name}` = {v} exceeds the standard's total {total}", a.id)
                        ),
                    )
                    .pointer(format!("/applicants/{i}/scores/{name}"))
                    .help(text!(
                        "得分不能高于评定标准总分；请核对评分表。",
                        "a score cannot exceed the standard's total; check the score sheet"
                    )),
                );
            }
        }
    }
    problems
}

/// The code of a text input that could not be read: a syntax error when it is not text at all
/// (a NUL byte), else unreadable.
fn not_text_code(e: &std::io::Error) -> &'static str {
    if e.kind() == std::io::ErrorKind::InvalidData {
        "cohort::syntax"
    } else {
        "cohort::unreadable"
    }
}

/// The cohort file at `path` could not be read.
fn unreadable(path: &Path, e: std::io::Error) -> Error {
    Error::one(
        Diagnostic::error(
            "cohort::unreadable",
            text!(
                format!("无法读取申报名单文件：{e}"),
                format!("cannot read the cohort file: {e}")
            ),
        )
        .help(text!(
            "请检查路径和文件权限。",
            "check the path and the file's permissions"
        )),
    )
    .in_file(path)
}
