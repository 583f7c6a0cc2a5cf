//! The cohort: one award cycle and its applicants, typed exactly as contract section 1 says.
//! Every applicant field but `id` may be missing (`None`); a rule that needs a missing field is
//! undetermined, never failed. Reading and validating files lives in `read`.

mod bind;
mod block;
mod plan;
mod read;
pub mod schema;
pub(crate) mod sheet;
mod split;
mod stream;
mod tree;
mod value;

pub use read::{check_scores, CohortFile};

/// Reads `.xlsx` bytes into sheets (no policy needed): for the workbook fuzz target.
pub(crate) fn read_workbook_bytes(bytes: &[u8]) -> Result<(), crate::error::Error> {
    sheet::xlsx::read_bytes(bytes).map(drop)
}

use crate::error::Error;
use crate::policy::Policy;

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::date::Date;
use crate::diag::Text;
use crate::policy::fields::RecordDecl;

/// A cohort: one award cycle and its applicants, read against a policy's declarations.
#[derive(Debug, Clone)]
pub struct Cohort {
    /// The award cycle: year, application deadline, publicity start.
    pub cycle: Cycle,
    /// The applicants, in file order.
    pub applicants: Vec<Applicant>,
    /// What reading noticed without refusing the file: keys the policy does not declare,
    /// enum values outside the declared ones.
    pub warnings: Vec<Notice>,
    /// Every applicant's declared values, a row to each, in file order.
    values: block::Block,
    /// Whether some stage scores were made from reviewers' scores (`--reviews`): the papers
    /// then also state the readings those rest on.
    pub(crate) scored_by_panels: bool,
}

/// One applicant with its declared values.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The applicant.
    pub applicant: &'a Applicant,
    /// One slot per field the policy declares (`DataModel::fields`), `None` when missing.
    pub values: &'a [Option<Value>],
}

impl<'a> std::ops::Deref for Row<'a> {
    type Target = Applicant;
    fn deref(&self) -> &Applicant {
        self.applicant
    }
}

/// Something reading noticed without refusing the file, and the applicants it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// What it is, in both languages.
    pub text: Text,
    /// The ids of the applicants it concerns (empty: the file as a whole).
    pub applicants: Vec<String>,
}

impl Cohort {
    /// A cohort of these applicants, whose declared values are the rows of `values`.
    pub(crate) fn new(
        cycle: Cycle,
        applicants: Vec<Applicant>,
        values: block::Block,
        warnings: Vec<Notice>,
    ) -> Cohort {
        Cohort {
            cycle,
            applicants,
            warnings,
            values,
            scored_by_panels: false,
        }
    }

    /// The applicant at `i` with its values.
    pub fn row(&self, i: usize) -> Row<'_> {
        Row {
            applicant: &self.applicants[i],
            values: self.values.row(i),
        }
    }

    /// Every applicant with its values, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        (0..self.applicants.len()).map(|i| self.row(i))
    }

    /// Reads a cohort file for `policy`: TOML when its name ends in `.toml`, JSON otherwise.
    pub fn read(path: &std::path::Path, policy: &Policy) -> Result<Cohort, Error> {
        CohortFile::read(path)?
            .bind(policy)
            .map_err(|e| e.in_file(path))
    }

    /// Reads a cohort from JSON bytes for `policy`.
    pub fn from_json(bytes: &[u8], policy: &Policy) -> Result<Cohort, Error> {
        CohortFile::from_json(bytes)?.bind(policy)
    }
}

/// The award cycle (the engine knows these keys).
#[derive(Debug, Clone, Deserialize)]
pub struct Cycle {
    /// The award year Y.
    pub year: i32,
    /// The reference date D for every window and for choosing the policy.
    pub application_deadline: Date,
    /// The first day of the public notice.
    #[serde(default)]
    pub publicity_start: Option<Date>,
    /// The award (a policy family) the cohort is for, when the policy directory holds several.
    #[serde(default)]
    pub award: Option<String>,
}

/// One applicant: the keys the engine knows, and a value for each field the policy declares.
#[derive(Debug, Clone, Default)]
pub struct Applicant {
    /// Unique, non-empty.
    pub id: String,
    /// Its name, when given.
    pub name: Option<String>,
    /// Its category (an index into `Policy::categories`), when the policy has categories and
    /// the cohort gives it.
    pub category: Option<usize>,
    /// Its records, when the cohort gives them.
    pub records: Option<Vec<Record>>,
    /// Its earlier wins, when the cohort gives them.
    pub history: Option<Vec<HistoryEntry>>,
    /// One score per stage of the policy, in stage order.
    pub scores: Vec<Option<Decimal>>,
}

// A cohort holds one value slot per declared field per applicant: keep a slot at three words.
const _: () = assert!(std::mem::size_of::<Option<Value>>() <= 24);

/// A value of a declared field, typed as declared.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A `bool` field.
    Bool(bool),
    /// An `integer` field.
    Int(i64),
    /// A `decimal` field, exact.
    Decimal(Decimal),
    /// A `date` field.
    Date(Date),
    /// A `text` field, or an enum value outside the declared ones (it fails any test).
    Text(Box<str>),
    /// An `enum` field: the position of its value among the declared values.
    Choice(usize),
    /// A `decimal_by_year` field, sorted by year.
    Years(Box<[(i32, Decimal)]>),
}

/// A record (`records[]`): its kind as declared, its date and its declared fields.
#[derive(Debug, Clone)]
pub struct Record {
    /// The declaration of its kind.
    pub decl: Arc<RecordDecl>,
    /// When it happened.
    pub date: Date,
    /// One slot per field its kind declares.
    pub values: Vec<Option<Value>>,
    /// A free note.
    pub note: Option<String>,
}

impl Record {
    /// Its kind's id.
    pub fn kind(&self) -> &str {
        &self.decl.kind
    }
}

/// An earlier win (`history[]`).
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// The award year.
    pub year: i32,
    /// The tier's id.
    pub tier: String,
    /// Whether the win was revoked.
    pub revoked: Option<bool>,
    /// The category it was won in (an index into `Policy::categories`), when given.
    pub category: Option<usize>,
}
