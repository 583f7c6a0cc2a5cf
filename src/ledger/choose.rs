//! Which award and which policy a step answers to: the award named, else the only one the
//! ledger holds; for a year's decisions, the policy its latest recorded evaluation used.

use super::book::Book;
use super::entry::Entry;
use crate::diag::{text, Diagnostic};
use crate::error::Error;
use crate::policy::store::Store;
use crate::policy::Policy;

/// The award the ledger's entries are for: the one named, else the only one it holds.
pub fn award_of(named: Option<&str>, entries: &[Entry]) -> Result<String, Error> {
    if let Some(a) = named {
        return Ok(a.to_owned());
    }
    let mut awards: Vec<&str> = entries.iter().map(|e| e.award.as_str()).collect();
    awards.sort_unstable();
    awards.dedup();
    match awards.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Err(Error::one(
            Diagnostic::error(
                "ledger::no-run",
                text!(
                    "台账中还没有任何评定记录",
                    "the ledger holds no evaluation yet"
                ),
            )
            .help(text!(
                "先用 qaward ledger record-run 名单文件 记录一次评定。",
                "record an evaluation first with qaward ledger record-run COHORT"
            )),
        )),
        many => Err(Error::one(
            Diagnostic::error(
                "ledger::several-awards",
                text!(
                    format!("台账中有多个奖项：{}", many.join("、")),
                    format!("the ledger holds several awards: {}", many.join(", "))
                ),
            )
            .help(text!("用 --award 指明奖项。", "name one with --award")),
        )),
    }
}

/// The policy a year's decisions answer to: the one its latest recorded evaluation used.
pub fn policy_of(
    store: &Store,
    entries: &[Entry],
    award: &str,
    year: i32,
) -> Result<Policy, Error> {
    let book = Book::of(award, entries);
    let Some((_, run)) = book.run(year) else {
        return Err(Error::one(
            Diagnostic::error(
                "ledger::no-run",
                text!(
                    format!("台账中没有 {year} 年度的评定记录"),
                    format!("the ledger holds no evaluation of {year}")
                ),
            )
            .help(text!(
                "先用 qaward ledger record-run 名单文件 记录本年度的评定。",
                "record the year's evaluation first with qaward ledger record-run COHORT"
            )),
        ));
    };
    store.load(&run.policy)
}
