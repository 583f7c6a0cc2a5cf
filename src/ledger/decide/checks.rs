//! What every step's checks share: refusing with the rule's article, finding a placed
//! applicant, dates that are given, past and in order, the notice closed, and the policy's
//! ledger rules.

use crate::date::Date;
use crate::diag::{text, Diagnostic, Text};
use crate::error::Error;
use crate::ledger::book::Book;
use crate::ledger::entry::{Entry, Kind, Placed};
use crate::policy::{Citation, Ledger, Policy};

/// A refusal: nothing is written.
pub(super) fn refuse(code: &'static str, message: Text, help: Text) -> Error {
    Error::one(Diagnostic::error(code, message).help(help))
}

/// The citation in brackets, in both languages, or nothing when it is not known.
pub(super) fn cited(c: &Option<Citation>) -> Text {
    match c {
        Some(c) if !c.is_unknown() => c.parenthesised(),
        _ => text!("", ""),
    }
}

/// The policy's `[ledger]`, or a refusal saying it has none.
pub fn rules(policy: &Policy) -> Result<&Ledger, Error> {
    policy.ledger.as_ref().ok_or_else(|| {
        refuse(
            "ledger::no-rules",
            text!(
                format!("规则版本 {} 没有 [ledger] 部分，未规定如何记录评定后的决定", policy.meta.id),
                format!("the policy {} has no [ledger] section: it does not say how the decisions are recorded", policy.meta.id)
            ),
            text!(
                "在规则文件中加上 [ledger]（identity、approver 与撤销事由），见 README 的“台账”一节。",
                "add [ledger] to the policy (identity, approver and the grounds of revocation); the README's ledger section shows how"
            ),
        )
    })
}

/// The placed applicant `who` names, by identity or by application id.
pub(super) fn find<'p>(placed: &'p [Placed], who: &str) -> Option<&'p Placed> {
    placed
        .iter()
        .find(|p| p.identity == who)
        .or_else(|| placed.iter().find(|p| p.id == who))
}

pub(super) fn date(d: &str) -> Option<Date> {
    Date::parse(d).ok()
}

/// Refuses text a clerk left empty (`what` names the flag).
pub(super) fn given(text: &str, what: &str) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(refuse(
            "ledger::empty",
            text!(
                format!("{what} 不能为空"),
                format!("{what} may not be empty")
            ),
            text!(
                format!("在 {what} 后写明内容（文号、理由或异议内容）。"),
                format!("write what {what} says: the document number, the reason or the objection")
            ),
        ));
    }
    Ok(())
}

/// Refuses a date still to come: a decision is recorded once it is made.
pub(super) fn not_future(d: Date, what: &str) -> Result<(), Error> {
    let today = Date::today();
    if d > today {
        return Err(refuse(
            "ledger::future-date",
            text!(
                format!("{what} {} 晚于今天（{}）", d.zh(), today.zh()),
                format!("{what} {d} is after today ({today})")
            ),
            text!(
                "核对日期；决定作出后再记录。",
                "check the date; record a decision once it is made"
            ),
        ));
    }
    Ok(())
}

/// Refuses a date before an earlier step it follows (`step` says which, `at` its date).
pub(super) fn not_before(d: Date, at: &str, what: &str, step: &Text) -> Result<(), Error> {
    match date(at) {
        Some(a) if d < a => Err(refuse(
            "ledger::out-of-order",
            text!(
                format!("{what} {} 早于{} {}", d.zh(), step.zh, a.zh()),
                format!("{what} {d} is before the {} of {a}", step.en)
            ),
            text!(
                "核对日期：后一步不能早于它所依据的前一步。",
                "check the date: a step cannot precede the one it follows"
            ),
        )),
        _ => Ok(()),
    }
}

/// Refuses anything more about a year's notice once its approval is recorded.
pub(super) fn notice_closed(book: &Book<'_>, year: i32) -> Result<(), Error> {
    match book.approval(year) {
        Some((a, _)) => Err(refuse(
            "ledger::approved",
            text!(
                format!("{year} 年度已记录批准（第 {} 条），不能再记录公示异议或其认定", a.seq),
                format!("the approval of {year} is recorded (entry {}); no objection or ruling can follow it", a.seq)
            ),
            text!(
                format!("如异议在批准前收到而漏记，先用 qaward ledger void {} --reason 原因 作废批准，补记后重新批准。", a.seq),
                format!("if it came before the approval and was missed, void the approval first (qaward ledger void {} --reason WHY), record it, and approve again", a.seq)
            ),
        )),
        None => Ok(()),
    }
}

pub(super) fn not_placed(who: &str, year: i32) -> Error {
    refuse(
        "ledger::unknown-applicant",
        text!(
            format!("{year} 年度的评定结果中没有获评的 `{who}`"),
            format!("`{who}` is not placed in any tier by the evaluation of {year}")
        ),
        text!(
            "写统一社会信用代码（或本年度的申报编号）；qaward ledger show --year 年度 列出获评者。",
            "give the identity (or the year's application id); qaward ledger show --year YEAR lists those placed"
        ),
    )
}

pub(super) fn no_proposal(year: i32) -> Error {
    refuse(
        "ledger::no-proposal",
        text!(
            format!("{year} 年度尚未提出候选名单"),
            format!("no candidates of {year} have been proposed")
        ),
        text!(
            "先用 qaward ledger propose --year 年度 提出候选名单。",
            "propose them first with qaward ledger propose --year YEAR"
        ),
    )
}

/// Entry `seq` is not the kind of entry a step needs: what it is, if it is anything.
pub fn unknown_entry(entries: &[Entry], seq: i64, wanted: Kind) -> Error {
    let is = entries
        .iter()
        .find(|e| e.seq == seq)
        .map(|e| match &e.kind {
            Ok(k) => k.title(),
            Err(k) => text!(k.clone(), k.clone()),
        });
    let message = match is {
        Some(k) => text!(
            format!("台账第 {seq} 条是{}，不是{}", k.zh, wanted.title().zh),
            format!("entry {seq} is a {}, not a {}", k.en, wanted.title().en)
        ),
        None => text!(
            format!("台账中没有第 {seq} 条记录"),
            format!("the ledger has no entry {seq}")
        ),
    };
    refuse(
        "ledger::unknown-entry",
        message,
        text!(
            "qaward ledger show 列出各条记录及其编号。",
            "qaward ledger show lists the entries with their numbers"
        ),
    )
}

/// The tier a winner was placed in, in its category's procedure.
pub(super) fn tier_of<'p>(policy: &'p Policy, p: &Placed) -> Option<&'p crate::policy::Tier> {
    let own = p
        .category
        .as_deref()
        .and_then(|c| policy.categories.iter().find(|k| k.id == c))
        .map_or(policy, |k| &k.policy);
    own.tiers.iter().find(|t| t.id == p.tier)
}

/// The identity field's title, as the policy declares it.
pub(super) fn identity_title(policy: &Policy, l: &Ledger) -> String {
    policy
        .model
        .field(&l.identity)
        .map_or_else(|| l.identity.clone(), |(_, f)| f.title.zh.clone())
}

pub(super) fn not_won(who: &str, year: i32) -> Error {
    refuse(
        "ledger::not-won",
        text!(
            format!("台账中没有 `{who}` 在 {year} 年度获批准的记录"),
            format!("the ledger records no approved win of `{who}` in {year}")
        ),
        text!(
            "核对统一社会信用代码（或申报编号）和年度；qaward ledger show --year 年度 列出获奖者。",
            "check the identity (or application id) and the year; qaward ledger show --year YEAR lists the winners"
        ),
    )
}
