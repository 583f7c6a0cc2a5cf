//! `qaward ledger …`: the award's memory from the command line — record a year's evaluation,
//! propose its candidates, take objections and rule on them, record the approval, pay first
//! wins, revoke, correct, verify and show. Every step is checked against the policy's rules
//! and the ledger as it stands, and writes nothing when refused.

mod args;
mod audit;
mod out;
mod paths;
mod record;
mod steps;

pub use args::LedgerArgs;
pub use paths::{ledger_path, with_history, DEFAULT_LEDGER};

use std::time::Duration;

use crate::cli::{Exit, Failure};
use crate::ledger::{decide, Ledger};
use args::{Step, UNKNOWN};
use audit::{show, verify};
use out::{emit, said};
use record::record_run;
use steps::decision;

pub fn run(args: LedgerArgs) -> Result<Exit, Failure> {
    let lang = crate::cli::settings::lang();
    let path = ledger_path(args.ledger.as_deref());
    let wait = Duration::from_secs(args.wait);
    let who = args
        .who
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .filter(|w| !w.trim().is_empty())
        .unwrap_or_else(|| UNKNOWN.to_owned());
    match &args.step {
        Step::RecordRun(r) => record_run(&args, r, &path, wait, &who, lang),
        Step::Verify(v) => verify(&path, v.last.as_deref(), lang),
        Step::Show(s) => show(&args, s, &path, lang),
        Step::Void(v) => {
            let mut ledger = Ledger::open(&path, false, wait)?;
            let written = ledger.write(&who, |e| decide::void(e, v.seq, &v.reason))?;
            emit(&said(&written, lang))
        }
        step => decision(&args, step, &path, wait, &who, lang),
    }
}
