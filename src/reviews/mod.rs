//! Reviewers' scores (`--reviews FILE`): each reviewer's points per criterion for each
//! applicant at a stage the policy has a panel for, and the reviewers' declared conflicts and
//! disqualifications, read (`read`, `sheets`: from JSON or a workbook's score sheets), checked
//! against the policy and the cohort (`apply`), then made into each stage's score by the
//! policy's aggregation (`panel`). A reviewer who scored an applicant they declared a conflict
//! with, a score dated after its reviewer's disqualification, points outside a criterion's
//! range or a sheet missing a criterion is refused at its place (a JSON pointer, or a
//! workbook's cell); a disqualified reviewer's scores do not count, as the policy's
//! `[reviewers]` says.

mod apply;
pub mod panel;
mod read;
mod report;
mod sheets;
mod words;

pub(crate) use report::Reported;
pub use words::unscored;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::cohort::sheet::cells::Cells;

use crate::date::Date;
use crate::diag::{text, Diagnostic};
use crate::error::Error;
use crate::policy::Policy;
use panel::Judged;

/// A reviewer as the reviews file declares them.
#[derive(Debug, Clone)]
pub struct Reviewer {
    /// Their id (reviewers are shown by id only).
    pub id: String,
    /// The applicants they declared a conflict with (they step aside from these).
    pub conflicts: Vec<String>,
    /// The day they were disqualified.
    pub disqualified_on: Option<Date>,
    /// Why, in the decision's words.
    pub reason: Option<String>,
    /// Where they are declared (a JSON pointer).
    at: String,
}

/// One score: a reviewer's points for one criterion of one applicant at one stage.
#[derive(Debug, Clone)]
pub struct Mark {
    pub reviewer: String,
    pub stage: String,
    pub applicant: String,
    pub criterion: String,
    pub points: Decimal,
    /// The day it was given, when said.
    pub date: Option<Date>,
    /// Where it is (a JSON pointer; its keys below it).
    at: String,
}

/// The reviews of a cohort, as read from one file.
#[derive(Debug)]
pub struct Reviews {
    /// The file they were read from.
    pub path: PathBuf,
    /// The file's digest (`sha256:…`), for the record of a run that used it.
    pub digest: String,
    pub reviewers: Vec<Reviewer>,
    pub scores: Vec<Mark>,
    /// Where each value came from, when the file is a workbook.
    cells: Option<Cells>,
    /// What reading found wrong (dates, cells), said with what applying finds.
    problems: Vec<Diagnostic>,
    /// (applicant, stage, reviewer) of sheets a cell of which could not be read: already
    /// refused, so not also called incomplete.
    unread: BTreeSet<(String, String, String)>,
}

/// The panels of a cohort: for each applicant (by its index) and stage (by its index), what
/// the panel made of it.
#[derive(Debug, Clone, Default)]
pub struct Panels {
    /// (applicant index, stage index) → the panel's work.
    pub judged: BTreeMap<(usize, usize), Judged>,
}

impl Reviews {
    fn new(path: &Path) -> Reviews {
        Reviews {
            path: path.to_owned(),
            digest: String::new(),
            reviewers: Vec::new(),
            scores: Vec::new(),
            cells: None,
            problems: Vec::new(),
            unread: BTreeSet::new(),
        }
    }

    /// Reads reviews from bytes in memory: a workbook when they are a zip archive, else JSON.
    pub(crate) fn from_bytes(bytes: &[u8], policy: &Policy) -> Result<Reviews, Error> {
        if bytes.starts_with(b"PK") {
            let grid = crate::cohort::sheet::xlsx::read_bytes(bytes)?;
            return sheets::workbook(Path::new("reviews.xlsx"), &grid, policy);
        }
        read::json(Path::new("reviews.json"), bytes)
    }

    /// Reads the reviews in `path`: JSON, or a workbook (`.xlsx`) whose reviewers sheet and
    /// score sheets are laid out for `policy` (as `qaward template` writes them).
    pub fn read(path: &Path, policy: &Policy) -> Result<Reviews, Error> {
        let is_workbook = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if is_workbook {
            let grid = crate::cohort::sheet::xlsx::read(path)?;
            let mut out = sheets::workbook(path, &grid, policy)?;
            out.digest = std::fs::File::open(path)
                .and_then(crate::digest::of_reader)
                .unwrap_or_default();
            return Ok(out);
        }
        let unreadable = |e: std::io::Error| {
            Error::one(
                Diagnostic::error(
                    "reviews::unreadable",
                    text!(
                        format!("无法读取评分文件：{e}"),
                        format!("cannot read the reviews file: {e}")
                    ),
                )
                .in_file(path),
            )
        };
        let bytes = std::fs::File::open(path)
            .and_then(|f| crate::bounded::read_text_input(f, crate::bounded::MAX_TOML_COHORT))
            .map_err(unreadable)?;
        let mut out = read::json(path, &bytes)?;
        out.digest = crate::digest::of_bytes(&bytes);
        Ok(out)
    }

    /// The file's name, as a paper names it.
    pub(crate) fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The line a paper's header gives the reviews: its label, and the file with its digest.
    pub(crate) fn header_line(&self, lang: crate::diag::Lang) -> (String, String) {
        (
            lang.pick("评审员评分", "Reviewers' scores").to_owned(),
            format!("{} · {}", self.file_name(), self.digest),
        )
    }

    /// Where `pointer` is, as a reader finds it: the workbook's cell, else the pointer.
    fn place_of(&self, pointer: &str) -> String {
        self.cells
            .as_ref()
            .and_then(|c| c.get(pointer))
            .unwrap_or_else(|| pointer.to_owned())
    }

    /// The problems in `problems`, each said at its cell when the file is a workbook, and in
    /// the file.
    fn refuse(&self, mut problems: Vec<Diagnostic>) -> Error {
        for d in &mut problems {
            if let (Some(cells), Some(p)) = (&self.cells, d.pointer.clone()) {
                // A key below a value shares its cell (`/scores/3/points`).
                let cell = cells
                    .get(&p)
                    .or_else(|| p.rsplit_once('/').and_then(|(parent, _)| cells.get(parent)));
                if let Some(cell) = cell {
                    d.pointer = Some(cell);
                }
            }
        }
        // One mistake is said once: the same words at the same place (a row's reviewer cell,
        // for each of its criteria) are one problem, and the same words at many places are
        // said at the first, with how many there are.
        let mut said: Vec<(Diagnostic, usize)> = Vec::new();
        for d in problems {
            match said
                .iter_mut()
                .find(|(x, _)| x.code == d.code && x.message.en == d.message.en)
            {
                Some((x, n)) if x.pointer != d.pointer => *n += 1,
                Some(_) => {}
                None => said.push((d, 1)),
            }
        }
        Error::new(
            said.into_iter()
                .map(|(mut d, n)| {
                    if n > 1 {
                        d.message = text!(
                            format!("{}（共 {n} 处，此为第一处）", d.message.zh),
                            format!("{} ({n} places; this is the first)", d.message.en)
                        );
                    }
                    d.in_file(&self.path)
                })
                .collect(),
        )
    }
}
