//! The decisions of the cycle (propose, object, uphold, dismiss, approve, pay, revoke), each
//! checked against the policy's rules and the ledger as it stands.

use std::path::Path;
use std::time::Duration;

use super::args::*;
use super::out::*;
use crate::cli::{Exit, Failure};
use crate::diag::{text, Diagnostic, Lang};
use crate::ledger::{decide, Ledger};
use crate::policy::store::Store;

/// The steps decided against a year's policy: propose, object, rule, approve, pay, revoke.
pub(super) fn decision(
    args: &LedgerArgs,
    step: &Step,
    path: &Path,
    wait: Duration,
    who: &str,
    lang: Lang,
) -> Result<Exit, Failure> {
    let store = Store::locate(args.policies.as_deref())?;
    let mut ledger = Ledger::open(path, false, wait)?;
    let entries = ledger.entries()?;
    let award = crate::ledger::choose::award_of(args.award.as_deref(), &entries)?;
    let pairs = |ids: &[String], reasons: &[String], flag: &str| {
        if ids.len() == reasons.len() {
            Ok(ids
                .iter()
                .cloned()
                .zip(reasons.iter().cloned())
                .collect::<Vec<_>>())
        } else {
            Err(Failure::bad_input(vec![Diagnostic::error(
                "ledger::reason-missing",
                text!(
                    format!(
                        "每个 --{flag} 须有一个 --reason（{} 个 --{flag}，{} 个 --reason）",
                        ids.len(),
                        reasons.len()
                    ),
                    format!(
                        "each --{flag} needs its --reason ({} --{flag}, {} --reason)",
                        ids.len(),
                        reasons.len()
                    )
                ),
            )
            .help(text!(
                format!("按顺序成对写出：--{flag} 编号 --reason 理由"),
                format!("give them in pairs, in order: --{flag} ID --reason WHY")
            ))]))
        }
    };
    // The year whose policy decides, and the rule that makes the entries.
    let year = match step {
        Step::Propose(a) => a.year,
        Step::Object(a) => a.year,
        Step::Approve(a) => a.year,
        Step::Pay(a) => a.year,
        Step::Revoke(a) => a.year,
        Step::Uphold(a) | Step::Dismiss(a) => entries
            .iter()
            .find(|e| e.seq == a.objection && e.is(crate::ledger::entry::Kind::Object))
            .map(|e| e.year)
            .ok_or_else(|| {
                decide::unknown_entry(&entries, a.objection, crate::ledger::entry::Kind::Object)
            })?,
        _ => 0,
    };
    let policy = crate::ledger::choose::policy_of(&store, &entries, &award, year)?;
    if let Some(l) = &policy.ledger {
        if !l.provenance.verified {
            eprintln!(
                "{}",
                text!(
                    format!(
                        "注意：规则版本 {} 的 [ledger] 未经核实（{}）",
                        policy.meta.id,
                        l.provenance.source.as_deref().unwrap_or("")
                    ),
                    format!(
                        "note: the [ledger] of {} is unverified ({})",
                        policy.meta.id,
                        l.provenance.source.as_deref().unwrap_or("")
                    )
                )
                .get(lang)
            );
        }
    }
    let mut notes = Vec::new();
    // Proposing from a provisional result is allowed, and said.
    if let Step::Propose(a) = step {
        if let Some((e, run)) = crate::ledger::book::Book::of(&award, &entries).run(a.year) {
            if run.provisional {
                crate::cli::report(&[Diagnostic::warning(
                    "ledger::provisional",
                    text!(
                        format!("所据评定（台账第 {} 条）为暂定结果：数据或得分补全后，入围和获评者可能变化", e.seq),
                        format!("the evaluation proposed from (entry {}) is provisional: once data or scores are complete, who is shortlisted or placed may change", e.seq)
                    ),
                )
                .help(text!(
                    "补全数据后重新 record-run，再作废并重提候选名单；或在评委会知情的情况下照此提出。",
                    "complete the data, record-run again, then void and propose again; or propose as it is with the committee aware"
                ))]);
            }
        }
    }
    let written = match step {
        Step::Propose(a) => {
            let left = pairs(&a.leave_out, &a.reason, "leave-out")?;
            ledger.write(who, |e| {
                decide::propose(e, &policy, a.year, a.publicity_start, &left)
            })?
        }
        Step::Object(a) => ledger.write(who, |e| {
            decide::object(e, &policy, a.year, &a.applicant, a.received, &a.text)
        })?,
        Step::Uphold(a) => ledger.write(who, |e| {
            decide::rule(e, &policy, a.objection, true, a.date, &a.reason)
        })?,
        Step::Dismiss(a) => ledger.write(who, |e| {
            decide::rule(e, &policy, a.objection, false, a.date, &a.reason)
        })?,
        Step::Approve(a) => {
            let forced = pairs(&a.force, &a.reason, "force")?;
            ledger.write(who, |e| {
                decide::approve(
                    e,
                    &policy,
                    a.year,
                    &a.document,
                    a.date,
                    &a.applicant,
                    &forced,
                )
            })?
        }
        Step::Pay(a) => ledger.write(who, |e| {
            let (new, n) = decide::pay(e, &policy, a.year, a.date)?;
            notes = n;
            Ok(new)
        })?,
        Step::Revoke(a) => ledger.write(who, |e| {
            decide::revoke(
                e,
                &policy,
                &a.applicant,
                a.year,
                &a.ground,
                a.date,
                &a.document,
                &a.reason,
            )
        })?,
        _ => Vec::new(),
    };
    let mut out = String::new();
    for n in &notes {
        let name = n.placed.name.as_deref().unwrap_or(&n.placed.identity);
        let line = match &n.outcome {
            Ok((amount, currency)) => text!(
                format!(
                    "{name}：发放 {}",
                    crate::words::amount(*amount, currency, Lang::Zh)
                ),
                format!(
                    "{name}: paid {}",
                    crate::words::amount(*amount, currency, Lang::En)
                )
            ),
            Err(why) => text!(
                format!("{name}：不发放——{}", why.zh),
                format!("{name}: not paid — {}", why.en)
            ),
        };
        out.push_str(line.get(lang));
        out.push('\n');
    }
    out.push_str(&said(&written, lang));
    emit(&out)
}
