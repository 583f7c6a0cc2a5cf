//! `ledger record-run`: a year's evaluation recorded, earlier wins taken from the ledger.

use std::path::Path;
use std::time::Duration;

use super::args::*;
use super::out::*;
use crate::cli::{Choose, Exit, Failure};
use crate::cohort::CohortFile;
use crate::diag::{text, Diagnostic, Lang, Text};
use crate::engine::Case;
use crate::ledger::{decide, Ledger};
use crate::policy::store::Store;

pub(super) fn record_run(
    args: &LedgerArgs,
    r: &RecordRunArgs,
    path: &Path,
    wait: Duration,
    who: &str,
    lang: Lang,
) -> Result<Exit, Failure> {
    let choose = Choose {
        policy: r.policy.clone(),
        policies: args.policies.clone(),
        as_of: r.as_of,
        ignore_validity: false,
    };
    let store = Store::locate(choose.policies.as_deref())?;
    let file = CohortFile::read(&r.cohort)?;
    let mut case = Case::open_at(&store, &file, &choose.choice(), &r.cohort)?;
    decide::rules(&case.policy)?;
    // Earlier wins come from the ledger, so the first-time rule needs no typing. A ledger is
    // made only when the run is written: a refused run leaves no file behind.
    let new_ledger = !path.exists();
    let earlier = if new_ledger {
        Vec::new()
    } else {
        Ledger::open(path, false, wait)?.entries()?
    };
    let (refused, mut notes) =
        crate::ledger::receipt::check_identities(&case.cohort, &case.policy, &earlier);
    if !refused.is_empty() {
        return Err(Failure::bad_input(refused));
    }
    crate::ledger::history::fill(&mut case.cohort, &case.policy, &earlier);
    let (reviews, panels) =
        crate::cli::reviews::applied(r.reviews.as_deref(), &r.cohort, &mut case)?;
    let outcome = case.evaluate();
    let mut bytes = Vec::new();
    let reported = reviews
        .as_ref()
        .zip(panels.as_ref())
        .map(|(r, p)| r.reported(p, &case.policy, &case.cohort));
    crate::result::write_reviewed(&outcome, lang, false, &mut bytes, reported.as_ref()).map_err(
        |e| {
            Failure::bad_input(vec![Diagnostic::error(
                "output::write-failed",
                text!(
                    format!("无法生成评定结果：{e}"),
                    format!("cannot make the result: {e}")
                ),
            )])
        },
    )?;
    let result = String::from_utf8_lossy(&bytes).into_owned();
    let receipt = crate::ledger::receipt::receipt(
        &case,
        &outcome,
        &file,
        &r.cohort,
        &result,
        reviews.as_ref(),
    );
    let unidentified = receipt.unidentified.clone();
    let year = case.cohort.cycle.year;
    let entry = decide::run_entry(&case.policy, year, receipt, result);
    let mut ledger = Ledger::open(path, true, wait)?;
    let written = ledger.write(who, |now| {
        // The history the run used must still be the ledger's.
        if now.len() != earlier.len() {
            return Err(crate::error::Error::one(
                Diagnostic::error(
                    "ledger::busy",
                    text!(
                        "评定期间另一位同事写入了台账；本次未记录，以免用了过时的获奖经历",
                        "someone wrote to the ledger while this evaluation ran; nothing was recorded, so no stale history is kept"
                    ),
                )
                .help(text!("重新运行此命令。", "run the command again")),
            ));
        }
        Ok(vec![entry])
    })?;
    let warn = |code, t: Text| Diagnostic::warning(code, t);
    notes.extend(
        outcome
            .warnings
            .iter()
            .map(|w| warn("ledger::run-warning", w.clone())),
    );
    if !unidentified.is_empty() {
        let title = case
            .policy
            .ledger
            .as_ref()
            .and_then(|l| case.policy.model.field(&l.identity))
            .map_or_else(|| text!("", ""), |(_, f)| f.title.clone());
        notes.push(warn(
            "ledger::unidentified",
            text!(
                format!(
                    "{} 个获评者没有填写{}，提出候选名单前须补填：{}",
                    unidentified.len(),
                    title.zh,
                    unidentified.join("、")
                ),
                format!(
                    "{} placed applicant(s) have no {}; fill it in before proposing: {}",
                    unidentified.len(),
                    title.en,
                    unidentified.join(", ")
                )
            ),
        ));
    }
    if new_ledger {
        notes.push(warn(
            "ledger::created",
            text!(
                format!(
                    "新建台账 {}：此前没有台账，名单中未填写的以往获奖不会被查到",
                    path.display()
                ),
                format!(
                    "created the ledger {}: there was none, so no earlier win was found in it",
                    path.display()
                )
            ),
        ));
    }
    if let Some((a, _)) =
        crate::ledger::book::Book::of(&case.policy.meta.family, &earlier).approval(year)
    {
        notes.push(warn(
            "ledger::approved",
            text!(
                format!("{year} 年度已记录批准（台账第 {} 条）；这次评定只作记录，不改变已记录的决定", a.seq),
                format!("the approval of {year} is already recorded (entry {}); this evaluation is kept but changes no decision recorded", a.seq)
            ),
        ));
    }
    if who == UNKNOWN {
        notes.push(warn(
            "ledger::who",
            text!(
                "未能确定记录人，记为 unknown；用 --who 姓名 写明",
                "the writer is not known and is recorded as unknown; say who with --who NAME"
            ),
        ));
    }
    crate::cli::report(&notes);
    emit(&said(&written, lang))
}
