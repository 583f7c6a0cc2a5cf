//! qaward: an award regulation as versioned policy files (TOML + Rhai), evaluated exactly
//! against a cohort of applicants.
//!
//! Data flows one way: policy files → a checked [`Policy`] (from a [`Store`]); a cohort file →
//! a validated [`Cohort`]; the two meet in a [`Case`], whose evaluation is an [`Outcome`];
//! outcomes are compared ([`compare`]), policies diffed ([`diff`]), and rendering turns any of
//! them into words, tables or JSON. Every problem is a [`Diagnostic`] with its place, gathered
//! in the one [`Error`] type.
//!
//! ```
//! use qaward::{Case, Choice, Store};
//!
//! let store = Store::embedded();
//! let case = Case::read(&store, "examples/cohort-2024.json".as_ref(), &Choice::in_force())?;
//! let outcome = case.evaluate();
//! println!("{}", qaward::result_json(&outcome, qaward::Lang::En));
//! # Ok::<(), qaward::Error>(())
//! ```

#![deny(missing_docs)]
// Without the command line (`default-features = false`), the papers and the commands' helpers
// it alone reaches are compiled but unused.
#![cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]
#![deny(unnameable_types)]

mod bounded;
mod catalogue;
mod check;
#[cfg(feature = "cli")]
mod cli;
mod cohort;
mod compare;
mod date;
mod decimal;
mod diag;
mod diff;
mod digest;
mod engine;
mod error;
mod eval;
mod fmt;
mod ledger;
mod notices;
mod parallel;
mod pointer;
mod policy;
mod render;
mod result;
mod reviews;
mod safe_text;
mod schema;
mod stability;
mod sweep;
mod testing;
mod toml_json;
mod words;

/// The data the entry points hand back, named so that a program can hold it in its own types:
/// a policy's parts (its conditions, clauses, stages, tiers, fields and record kinds), a
/// cohort's applicants and records, an outcome's verdicts and margins, and the changes that
/// [`compare`] and [`diff`] find. Their fields are public for reading; values are made by the
/// entry points ([`Store`], [`Cohort`], [`evaluate`], [`compare`], [`diff`]), not by hand.
pub mod model {
    pub use crate::cohort::{Applicant, Cycle, HistoryEntry, Notice, Record, Row, Value};
    pub use crate::compare::{Change as OutcomeChange, Snapshot, TierDelta};
    pub use crate::date::DateError;
    pub use crate::diag::{Location, Style};
    pub use crate::diff::{Change as PolicyChange, ScriptLine};
    pub use crate::eval::margins::{Bound, Margin};
    pub use crate::eval::{ClauseStatus, ClauseVerdict, Observed};
    pub use crate::eval::{Scores, TierSummary};
    pub use crate::policy::calendar::{Calendar, DayKind};
    pub use crate::policy::citation::Citation;
    pub use crate::policy::fields::{
        Choices, DataModel, Field, FieldDecl, FieldType, Kind, RecordDecl, RecordField, Slot, Val,
    };
    pub use crate::policy::load::files::PolicyFiles;
    pub use crate::policy::readings::Reading;
    pub use crate::policy::script::{
        ClauseScript, CompileError, Limits, Runner, ScriptOutcome, Scripts,
    };
    pub use crate::policy::store::catalogue::{Catalogue, Standing};
    pub use crate::policy::{
        Aggregate, Article, Authority, AuthorityKind, Cap, CapRule, Category, Clause, ClauseBody,
        Committee, Condition, Criteria, Decision, Ledger, Meta, Op, Operand, Panel, Param,
        ParamValue, Provenance, Publicity, Ranking, RecordTest, Reviewers, Revocation, Scoring,
        Shortlist, SourceMap, Stage, Test, Tier,
    };
}

pub use cohort::{Cohort, CohortFile};
pub use compare::{compare, Comparison};
pub use date::Date;
pub use diag::{Diagnostic, Lang, Severity, Text};
pub use diff::{diff, PolicyDiff};
pub use engine::{check_cohort, Case, Choice};
pub use error::Error;
pub use eval::{
    evaluate, judge, replay, Eligibility, Flag, Options, Outcome, Status, Summary, Verdict,
};
pub use policy::overrides::Override;
pub use policy::script::{
    limit_command_time as limit_script_time, COMMAND_TIME as SCRIPT_COMMAND_TIME,
};
pub use policy::store::{Origin, Store};
pub use policy::Policy;
pub use schema::{validate as validate_document, Schema, Violation};
pub use stability::{run as stability, Tally};
pub use sweep::{run as sweep, Point, Sweep, Vary};

/// The result document of the data contract (`qaward.result.v1`) for an outcome, with reasons
/// in `lang`.
pub fn result_json(outcome: &Outcome<'_>, lang: Lang) -> String {
    result::render(outcome, lang)
}

/// Writes the result document for an outcome into `out` as it is made, applicant by applicant
/// (on both cores), never holding it whole: pretty-printed like [`result_json`], or on one
/// line when `compact`.
///
/// ```
/// let store = qaward::Store::embedded();
/// let file = qaward::CohortFile::from_json(br#"{"cycle": {"year": 2024,
///   "application_deadline": "2024-09-01"}, "applicants": [{"id": "A1"}]}"#)?;
/// let mut case = qaward::Case::open(&store, &file, &qaward::Choice::in_force())?;
/// case.options.lean = true; // only the JSON is wanted: keep no clause verdicts
/// let outcome = case.evaluate();
/// let mut out = Vec::new();
/// qaward::write_result_json(&outcome, qaward::Lang::En, false, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), qaward::result_json(&outcome, qaward::Lang::En));
/// # Ok::<(), qaward::Error>(())
/// ```
pub fn write_result_json(
    outcome: &Outcome<'_>,
    lang: Lang,
    compact: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    result::write(outcome, lang, compact, out)
}

/// Runs the `qaward` command line with the process's arguments; returns its exit code.
#[cfg(feature = "cli")]
pub fn run_command_line() -> std::process::ExitCode {
    cli::main()
}

/// A TOML document as the JSON value policies are checked as (dates as `YYYY-MM-DD` strings,
/// numbers with their exact text); `None` when it is not TOML. For testing the schemas.
#[doc(hidden)]
pub fn toml_document(text: &str) -> Option<serde_json::Value> {
    toml_json::parse(text).ok().map(|(value, _)| value)
}

/// Reads `.xlsx` bytes as a cohort workbook's sheets, without a policy: `Err` names what is
/// wrong. For fuzzing the workbook reader.
#[doc(hidden)]
pub fn read_workbook_bytes(bytes: &[u8]) -> Result<(), Error> {
    cohort::read_workbook_bytes(bytes)
}

/// Reads `bytes` as a reviews file (JSON, or a workbook's reviewer sheets when they are one)
/// and applies it to `cohort` under `policy` (for the fuzz target).
#[doc(hidden)]
pub fn apply_reviews_bytes(
    bytes: &[u8],
    policy: &Policy,
    cohort: &mut Cohort,
) -> Result<(), Error> {
    reviews::Reviews::from_bytes(bytes, policy)?
        .apply(policy, cohort, &[])
        .map(|_| ())
}

/// Parses a command line (the program's name first) as `qaward` would, without running the
/// command: `Err` holds the usage error. For fuzzing the argument parser.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub fn parse_command_line(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Result<(), String> {
    cli::parse(args)
}
