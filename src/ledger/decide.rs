//! What each step of the cycle may record, checked against the ledger as it stands and the
//! policy's rules: the candidates from a run, objections within the notice and their rulings,
//! the approval of candidates whose notice passed without an upheld objection, money for first
//! wins only, and revocation on the grounds the policy declares. Each refusal names the rule's
//! article as the policy cites it, and writes nothing; nothing here names an article itself.

use rust_decimal::Decimal;
use serde_json::json;

use super::book::Book;
use super::entry::{
    Approval, Entry, Kind, NewEntry, Objection, Payment, Placed, Proposal, Reasoned, Revocation,
    Ruling, Run, Void,
};
use crate::date::Date;
use crate::diag::{text, Diagnostic, Lang, Text};
use crate::error::Error;
use crate::policy::{Citation, Ledger, Policy};

/// A refusal: nothing is written.
fn refuse(code: &'static str, message: Text, help: Text) -> Error {
    Error::one(Diagnostic::error(code, message).help(help))
}

/// The citation in brackets, in both languages, or nothing when it is not known.
fn cited(c: &Option<Citation>) -> Text {
    match c {
        Some(c) if !c.is_unknown() => text!(
            format!("（{}）", c.render(Lang::Zh)),
            format!(" ({})", c.render(Lang::En))
        ),
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
fn find<'p>(placed: &'p [Placed], who: &str) -> Option<&'p Placed> {
    placed
        .iter()
        .find(|p| p.identity == who)
        .or_else(|| placed.iter().find(|p| p.id == who))
}

fn date(d: &str) -> Option<Date> {
    Date::parse(d).ok()
}

/// Refuses text a clerk left empty (`what` names the flag).
fn given(text: &str, what: &str) -> Result<(), Error> {
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
fn not_future(d: Date, what: &str) -> Result<(), Error> {
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
fn not_before(d: Date, at: &str, what: &str, step: &Text) -> Result<(), Error> {
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
fn notice_closed(book: &Book<'_>, year: i32) -> Result<(), Error> {
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

/// `propose`: the year's latest run's placed applicants, less those left out, put to the
/// committee; the notice's window is the run's, or counted from `publicity_start`.
pub fn propose(
    entries: &[Entry],
    policy: &Policy,
    year: i32,
    publicity_start: Option<Date>,
    left_out: &[(String, String)],
) -> Result<Vec<NewEntry>, Error> {
    let l = rules(policy)?;
    let award = &policy.meta.family;
    let book = Book::of(award, entries);
    let Some((run_entry, run)) = book.run(year) else {
        return Err(refuse(
            "ledger::no-run",
            text!(
                format!("台账中没有 {year} 年度的评定记录"),
                format!("the ledger holds no evaluation of {year}")
            ),
            text!(
                "先用 qaward ledger record-run 名单文件 记录本年度的评定。",
                "record the year's evaluation first with qaward ledger record-run COHORT"
            ),
        ));
    };
    if let Some((p, _)) = book.proposal(year) {
        return Err(refuse(
            "ledger::already",
            text!(
                format!("{year} 年度已提出候选名单（第 {} 条）", p.seq),
                format!(
                    "the candidates of {year} are already proposed (entry {})",
                    p.seq
                )
            ),
            text!(
                format!(
                    "如需重提，先用 qaward ledger void {} --reason 原因 作废原名单。",
                    p.seq
                ),
                format!(
                    "to propose again, void it first: qaward ledger void {} --reason WHY",
                    p.seq
                )
            ),
        ));
    }
    if !run.unidentified.is_empty() {
        return Err(refuse(
            "ledger::unidentified",
            text!(
                format!("以下获评申报者没有填写 {}，台账无法在各年份间认出：{}", l.identity, run.unidentified.join("、")),
                format!("these placed applicants have no {}, so the ledger cannot know them across years: {}", l.identity, run.unidentified.join(", "))
            ),
            text!("在名单中补填该字段，再用 qaward ledger record-run 重新记录评定。", "fill in the field in the cohort and record the evaluation again with qaward ledger record-run"),
        ));
    }
    let mut leave = Vec::new();
    for (who, reason) in left_out {
        let Some(p) = find(&run.placed, who) else {
            return Err(not_placed(who, year));
        };
        leave.push(Reasoned {
            identity: p.identity.clone(),
            reason: reason.clone(),
        });
    }
    let publicity = match publicity_start {
        Some(start) => {
            let (from, to) = policy.publicity.window(start).map_err(|why| {
                refuse(
                    "ledger::bad-date",
                    text!(
                        format!("无法计算公示期：{}", why.zh),
                        format!("cannot count the notice: {}", why.en)
                    ),
                    text!(
                        "核对 --publicity-start 的日期和规则的工作日历。",
                        "check --publicity-start and the policy's calendar"
                    ),
                )
            })?;
            Some((from.to_string(), to.to_string()))
        }
        None => run.publicity.clone(),
    };
    let candidates: Vec<Placed> = run
        .placed
        .iter()
        .filter(|p| !leave.iter().any(|r| r.identity == p.identity))
        .cloned()
        .collect();
    let body = Proposal {
        run: run_entry.seq,
        publicity,
        candidates,
        left_out: leave,
    };
    Ok(vec![NewEntry {
        kind: Kind::Propose,
        award: award.clone(),
        year,
        applicant: None,
        corrects: None,
        body: json!(body),
        result: None,
    }])
}

fn not_placed(who: &str, year: i32) -> Error {
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

fn no_proposal(year: i32) -> Error {
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

/// `object`: an objection to a candidate, received within the notice.
pub fn object(
    entries: &[Entry],
    policy: &Policy,
    year: i32,
    who: &str,
    received: Date,
    said: &str,
) -> Result<Vec<NewEntry>, Error> {
    let l = rules(policy)?;
    given(said, "--text")?;
    not_future(received, "收到日期 · the date received")?;
    let award = &policy.meta.family;
    let book = Book::of(award, entries);
    let (p_entry, proposal) = book.proposal(year).ok_or_else(|| no_proposal(year))?;
    notice_closed(&book, year)?;
    let Some(candidate) = find(&proposal.candidates, who) else {
        return Err(refuse(
            "ledger::not-candidate",
            text!(format!("`{who}` 不在 {year} 年度的候选名单中"), format!("`{who}` is not among the candidates of {year}")),
            text!("异议只针对公示的候选者；qaward ledger show --year 年度 列出候选名单。", "an objection concerns a candidate on notice; qaward ledger show --year YEAR lists them"),
        ));
    };
    let Some((from, to)) = proposal.publicity.as_ref() else {
        return Err(refuse(
            "ledger::no-notice",
            text!(format!("{year} 年度候选名单没有公示期，无法核对异议的日期"), format!("the candidates of {year} have no notice period, so the objection's date cannot be checked")),
            text!("提出候选名单时用 --publicity-start 日期 给出公示开始日（或在名单的 cycle.publicity_start 中填写）。", "give the notice's first day with --publicity-start when proposing (or cycle.publicity_start in the cohort)"),
        ));
    };
    if date(from).is_some_and(|f| received < f) || date(to).is_some_and(|t| received > t) {
        let c = cited(&l.objection_cite);
        return Err(refuse(
            "ledger::outside-notice",
            text!(
                format!("异议收到于 {}，不在公示期 {} 至 {} 内{}", received.zh(), date(from).map_or(from.clone(), Date::zh), date(to).map_or(to.clone(), Date::zh), c.zh),
                format!("the objection was received on {received}, outside the notice {from} to {to}{}", c.en)
            ),
            text!("核对收到日期；公示期外的意见不作为公示异议记录。", "check the date received; a view outside the notice is not recorded as an objection to it"),
        ));
    }
    Ok(vec![NewEntry {
        kind: Kind::Object,
        award: award.clone(),
        year,
        applicant: Some(candidate.identity.clone()),
        corrects: None,
        body: json!(Objection {
            proposal: p_entry.seq,
            received: received.to_string(),
            text: said.to_owned(),
        }),
        result: None,
    }])
}

/// `uphold` / `dismiss`: the ruling on an objection not yet ruled on.
pub fn rule(
    entries: &[Entry],
    policy: &Policy,
    objection: i64,
    upheld: bool,
    on: Date,
    reason: &str,
) -> Result<Vec<NewEntry>, Error> {
    given(reason, "--reason")?;
    not_future(on, "认定日期 · the ruling's date")?;
    let award = &policy.meta.family;
    let book = Book::of(award, entries);
    let found = entries
        .iter()
        .find(|e| e.seq == objection && e.is(Kind::Object) && e.award == *award);
    let Some(entry) = found.filter(|e| !book.is_voided(e.seq)) else {
        return Err(unknown_entry(entries, objection, Kind::Object));
    };
    let Some(o) = entry.facts::<Objection>() else {
        return Err(unknown_entry(entries, objection, Kind::Object));
    };
    notice_closed(&book, entry.year)?;
    not_before(
        on,
        &o.received,
        "认定日期 · the ruling's date",
        &text!("异议收到日期", "objection received"),
    )?;
    if let Some(done) = book
        .objections(o.proposal)
        .into_iter()
        .find(|x| x.entry.seq == objection)
        .and_then(|x| x.upheld)
    {
        let was = if done {
            text!("成立", "upheld")
        } else {
            text!("不成立", "dismissed")
        };
        return Err(refuse(
            "ledger::already",
            text!(
                format!("第 {objection} 条异议已认定为{}", was.zh),
                format!("objection {objection} has already been {}", was.en)
            ),
            text!(
                format!("如认定有误，先用 qaward ledger void 作废原认定。"),
                format!("if the ruling was wrong, void it first with qaward ledger void")
            ),
        ));
    }
    Ok(vec![NewEntry {
        kind: if upheld { Kind::Uphold } else { Kind::Dismiss },
        award: award.clone(),
        year: entry.year,
        applicant: entry.applicant.clone(),
        corrects: None,
        body: json!(Ruling {
            objection,
            date: on.to_string(),
            reason: reason.to_owned(),
        }),
        result: None,
    }])
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

/// `approve`: the candidates whose notice passed without an upheld objection (all of them, or
/// those named), and any others forced in with a reason.
#[allow(clippy::too_many_arguments)]
pub fn approve(
    entries: &[Entry],
    policy: &Policy,
    year: i32,
    document: &str,
    on: Date,
    only: &[String],
    forced: &[(String, String)],
) -> Result<Vec<NewEntry>, Error> {
    let l = rules(policy)?;
    given(document, "--document")?;
    not_future(on, "批准日期 · the approval's date")?;
    for (_, reason) in forced {
        given(reason, "--reason")?;
    }
    let award = &policy.meta.family;
    let book = Book::of(award, entries);
    let (p_entry, proposal) = book.proposal(year).ok_or_else(|| no_proposal(year))?;
    if let Some((a, _)) = book.approval(year) {
        return Err(refuse(
            "ledger::already",
            text!(
                format!("{year} 年度已记录批准（第 {} 条）", a.seq),
                format!(
                    "the approval of {year} is already recorded (entry {})",
                    a.seq
                )
            ),
            text!(
                format!(
                    "如需更正，先用 qaward ledger void {} --reason 原因 作废原记录。",
                    a.seq
                ),
                format!(
                    "to correct it, void it first: qaward ledger void {} --reason WHY",
                    a.seq
                )
            ),
        ));
    }
    let c = cited(&l.approval_cite);
    if let Some(end) = proposal.publicity.as_ref().and_then(|(_, to)| date(to)) {
        if on <= end {
            return Err(refuse(
                "ledger::notice-running",
                text!(
                    format!("批准日期 {} 不在公示期（至 {}）结束之后；公示无异议的，方提请{}批准{}", on.zh(), end.zh(), l.approver.zh, c.zh),
                    format!("the approval dated {on} is not after the notice ends ({end}); only when the notice passes without objection is the list put to {}{}", l.approver.en, c.en)
                ),
                text!("核对批准文件的日期。", "check the date of the approving document"),
            ));
        }
    }
    let objections = book.objections(p_entry.seq);
    let open: Vec<String> = objections
        .iter()
        .filter(|o| o.upheld.is_none())
        .map(|o| format!("{}", o.entry.seq))
        .collect();
    if !open.is_empty() {
        return Err(refuse(
            "ledger::objection-open",
            text!(
                format!("公示异议尚未认定（第 {} 条）；公示无异议的，方提请{}批准{}", open.join("、"), l.approver.zh, c.zh),
                format!("objections not yet ruled on (entries {}); only candidates without an objection are put to {}{}", open.join(", "), l.approver.en, c.en)
            ),
            text!("先用 qaward ledger uphold 或 qaward ledger dismiss 认定每条异议。", "rule on each first with qaward ledger uphold or qaward ledger dismiss"),
        ));
    }
    let upheld: Vec<&str> = objections
        .iter()
        .filter(|o| o.upheld == Some(true))
        .filter_map(|o| o.entry.applicant.as_deref())
        .collect();
    let mut approved = Vec::new();
    let mut forced_out = Vec::new();
    for (who, reason) in forced {
        let run = book.run(year).map(|(_, r)| r);
        let placed = find(&proposal.candidates, who)
            .or_else(|| run.as_ref().and_then(|r| find(&r.placed, who)))
            .cloned();
        let Some(p) = placed else {
            return Err(not_placed(who, year));
        };
        forced_out.push(Reasoned {
            identity: p.identity.clone(),
            reason: reason.clone(),
        });
        approved.push(p);
    }
    let wanted: Vec<&Placed> = if only.is_empty() {
        proposal.candidates.iter().collect()
    } else {
        let mut list = Vec::new();
        for who in only {
            match find(&proposal.candidates, who) {
                Some(p) => list.push(p),
                None => {
                    return Err(refuse(
                        "ledger::not-candidate",
                        text!(
                            format!("`{who}` 不在 {year} 年度的候选名单中；只能批准候选者{}", c.zh),
                            format!("`{who}` is not among the candidates of {year}; only candidates may be approved{}", c.en)
                        ),
                        text!("如确需批准，用 --force 编号 --reason 原因 记明理由。", "to approve it all the same, use --force ID --reason WHY"),
                    ))
                }
            }
        }
        list
    };
    for p in wanted {
        if upheld.contains(&p.identity.as_str()) {
            if only.iter().any(|w| *w == p.identity || *w == p.id) {
                return Err(refuse(
                    "ledger::objection-upheld",
                    text!(
                        format!("`{}` 的公示异议已认定成立，不提请批准{}", p.identity, c.zh),
                        format!("an objection to `{}` was upheld, so it is not put forward for approval{}", p.identity, c.en)
                    ),
                    text!("如确需批准，用 --force 编号 --reason 原因 记明理由。", "to approve it all the same, use --force ID --reason WHY"),
                ));
            }
            continue;
        }
        if !approved.iter().any(|a: &Placed| a.identity == p.identity) {
            approved.push(p.clone());
        }
    }
    Ok(vec![NewEntry {
        kind: Kind::Approve,
        award: award.clone(),
        year,
        applicant: None,
        corrects: None,
        body: json!(Approval {
            proposal: p_entry.seq,
            document: document.to_owned(),
            date: on.to_string(),
            approved,
            forced: forced_out,
        }),
        result: None,
    }])
}

/// What paying a year's winners did for each: paid, or why not.
pub struct PayNote {
    /// The winner.
    pub placed: Placed,
    /// Paid this amount, or not paid for this reason.
    pub outcome: Result<(Decimal, String), Text>,
}

/// `pay`: the tier's amount to each of the year's winners who had not won that tier before
/// (a revoked win does not count), once.
pub fn pay(
    entries: &[Entry],
    policy: &Policy,
    year: i32,
    on: Date,
) -> Result<(Vec<NewEntry>, Vec<PayNote>), Error> {
    rules(policy)?;
    not_future(on, "发放日期 · the payment's date")?;
    let award = &policy.meta.family;
    let book = Book::of(award, entries);
    let Some((a_entry, approval)) = book.approval(year) else {
        return Err(refuse(
            "ledger::no-approval",
            text!(
                format!("{year} 年度尚未记录批准"),
                format!("no approval of {year} is recorded")
            ),
            text!(
                "先用 qaward ledger approve 记录批准文件。",
                "record the approving document first with qaward ledger approve"
            ),
        ));
    };
    not_before(
        on,
        &approval.date,
        "发放日期 · the payment's date",
        &text!("批准日期", "approval"),
    )?;
    // A win the evaluation was given counts only for a year the ledger does not speak for
    // (typed before the ledger began); for the others the ledger's word, revocations and all.
    let covered = book.approved_years_before(year);
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for p in &approval.approved {
        let Some(tier) = tier_of(policy, p) else {
            notes.push(PayNote {
                placed: p.clone(),
                outcome: Err(text!(
                    format!("规则版本中没有奖项 `{}`", p.tier),
                    format!("the policy has no tier `{}`", p.tier)
                )),
            });
            continue;
        };
        let wins = book.wins(&p.identity);
        if wins
            .iter()
            .any(|w| w.approval == a_entry.seq && w.paid.is_some())
        {
            notes.push(PayNote {
                placed: p.clone(),
                outcome: Err(text!("已发放，不重复发放", "already paid; not paid twice")),
            });
            continue;
        }
        // An earlier win the ledger holds, or one the evaluation was given (typed for years
        // before the ledger began).
        let earlier = wins
            .iter()
            .filter(|w| w.year < year && w.placed.tier == p.tier && w.revoked.is_none())
            .map(|w| w.year)
            .chain(p.won_before.filter(|y| !covered.contains(y)))
            .min();
        let c = cited(&tier.amount_cite);
        if let Some(won) = earlier {
            notes.push(PayNote {
                placed: p.clone(),
                outcome: Err(text!(
                    format!(
                        "{won} 年已获得{}，非首次获得，不发奖金{}",
                        tier.title.zh, c.zh
                    ),
                    format!(
                        "already won the {} in {won}: not a first win, no money{}",
                        tier.title.en, c.en
                    )
                )),
            });
            continue;
        }
        if tier.amount.is_zero() {
            notes.push(PayNote {
                placed: p.clone(),
                outcome: Err(text!("该奖项不设奖金", "the tier carries no money")),
            });
            continue;
        }
        notes.push(PayNote {
            placed: p.clone(),
            outcome: Ok((tier.amount, tier.currency.clone())),
        });
        out.push(NewEntry {
            kind: Kind::Pay,
            award: award.clone(),
            year,
            applicant: Some(p.identity.clone()),
            corrects: None,
            body: json!(Payment {
                approval: a_entry.seq,
                tier: p.tier.clone(),
                amount: tier.amount.normalize().to_string(),
                currency: tier.currency.clone(),
                date: on.to_string(),
                cite: tier.amount_cite.as_ref().map(|c| c.render(Lang::En)),
            }),
            result: None,
        });
    }
    Ok((out, notes))
}

/// The tier a winner was placed in, in its category's procedure.
fn tier_of<'p>(policy: &'p Policy, p: &Placed) -> Option<&'p crate::policy::Tier> {
    let own = p
        .category
        .as_deref()
        .and_then(|c| policy.categories.iter().find(|k| k.id == c))
        .map_or(policy, |k| &k.policy);
    own.tiers.iter().find(|t| t.id == p.tier)
}

/// `revoke`: a win taken back on one of the policy's grounds, with the money to recover and
/// the public notice the ground calls for.
#[allow(clippy::too_many_arguments)]
pub fn revoke(
    entries: &[Entry],
    policy: &Policy,
    who: &str,
    year: i32,
    ground: &str,
    on: Date,
    document: &str,
    reason: &str,
) -> Result<Vec<NewEntry>, Error> {
    let l = rules(policy)?;
    given(document, "--document")?;
    given(reason, "--reason")?;
    not_future(on, "撤销日期 · the revocation's date")?;
    let award = &policy.meta.family;
    let Some(g) = l.revocations.iter().find(|r| r.id == ground) else {
        let ids: Vec<&str> = l.revocations.iter().map(|r| r.id.as_str()).collect();
        return Err(refuse(
            "ledger::unknown-ground",
            text!(
                format!(
                    "规则版本 {} 没有撤销事由 `{ground}`；可用：{}",
                    policy.meta.id,
                    ids.join("、")
                ),
                format!(
                    "the policy {} has no ground of revocation `{ground}`; it has: {}",
                    policy.meta.id,
                    ids.join(", ")
                )
            ),
            text!(
                "用 --ground 写出上列之一。",
                "give one of these to --ground"
            ),
        ));
    };
    let book = Book::of(award, entries);
    let Some((a_entry, approval)) = book.approval(year) else {
        return Err(not_won(who, year));
    };
    let Some(p) = find(&approval.approved, who) else {
        return Err(not_won(who, year));
    };
    let wins = book.wins(&p.identity);
    let Some(win) = wins.iter().find(|w| w.approval == a_entry.seq) else {
        return Err(not_won(who, year));
    };
    if let Some((seq, _)) = &win.revoked {
        return Err(refuse(
            "ledger::already",
            text!(
                format!("`{who}` {year} 年度的获奖已于第 {seq} 条撤销"),
                format!("the win of `{who}` in {year} was already revoked (entry {seq})")
            ),
            text!("无需重复撤销。", "it need not be revoked twice"),
        ));
    }
    let c = cited(&g.cite);
    // No win is revoked before it was won; for a ground that is an event after the win, the
    // text itself says so.
    if !g.after_win {
        not_before(
            on,
            &win.approved_on,
            "撤销日期 · the revocation's date",
            &text!("批准日期", "approval"),
        )?;
    }
    if g.after_win && date(&win.approved_on).is_some_and(|d| on < d) {
        return Err(refuse(
            "ledger::before-win",
            text!(
                format!("撤销事由“{}”须发生在获奖之后，而撤销日期 {} 早于批准日期 {}{}", g.title.zh, on.zh(), date(&win.approved_on).map_or(win.approved_on.clone(), Date::zh), c.zh),
                format!("the ground “{}” is an event after the win, but the date {on} precedes the approval of {}{}", g.title.en, win.approved_on, c.en)
            ),
            text!("核对撤销决定的日期，或选用其他撤销事由。", "check the decision's date, or choose another ground"),
        ));
    }
    let paid = win.paid.as_ref().map_or(Decimal::ZERO, |(d, _)| *d);
    let recover = if g.recovers_money {
        paid
    } else {
        Decimal::ZERO
    };
    let currency = tier_of(policy, p).map_or_else(|| "CNY".to_owned(), |t| t.currency.clone());
    let name = p.name.clone().unwrap_or_else(|| p.identity.clone());
    let tier_title = tier_of(policy, p).map_or_else(|| p.tier.clone(), |t| t.title.zh.clone());
    let notice = g.public_notice.then(|| {
        let title = &policy.meta.title.zh;
        let basis = if c.zh.is_empty() {
            title.clone()
        } else {
            format!("{title}{}的规定", c.zh.trim_matches(['（', '）']))
        };
        format!(
            "经核实，{name}（{}：{}）{}。依据{basis}，对其{year}年度“{tier_title}”{}。",
            identity_title(policy, l),
            p.identity,
            g.title.zh,
            g.recovers.zh,
        )
    });
    Ok(vec![NewEntry {
        kind: Kind::Revoke,
        award: award.clone(),
        year,
        applicant: Some(p.identity.clone()),
        corrects: None,
        body: json!(Revocation {
            approval: a_entry.seq,
            tier: p.tier.clone(),
            ground: g.id.clone(),
            cite: g.cite.as_ref().map(|c| c.render(Lang::En)),
            date: on.to_string(),
            document: document.to_owned(),
            reason: reason.to_owned(),
            recover: recover.normalize().to_string(),
            currency,
            notice,
        }),
        result: None,
    }])
}

/// The identity field's title, as the policy declares it.
fn identity_title(policy: &Policy, l: &Ledger) -> String {
    policy
        .model
        .field(&l.identity)
        .map_or_else(|| l.identity.clone(), |(_, f)| f.title.zh.clone())
}

fn not_won(who: &str, year: i32) -> Error {
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

/// `void`: a correction taking entry `seq` back, refused while later entries rest on it.
pub fn void(entries: &[Entry], seq: i64, reason: &str) -> Result<Vec<NewEntry>, Error> {
    given(reason, "--reason")?;
    let Some(target) = entries.iter().find(|e| e.seq == seq) else {
        return Err(unknown_entry(entries, seq, Kind::Void));
    };
    let book = Book::of(&target.award, entries);
    if target.is(Kind::Void) || book.is_voided(seq) {
        return Err(refuse(
            "ledger::already",
            text!(
                format!("第 {seq} 条已作废或本身是更正记录"),
                format!("entry {seq} is already voided, or is itself a correction")
            ),
            text!(
                "qaward ledger show 列出各条记录。",
                "qaward ledger show lists the entries"
            ),
        ));
    }
    let hanging: Vec<String> = book
        .dependents(seq)
        .iter()
        .map(|e| e.seq.to_string())
        .collect();
    if !hanging.is_empty() {
        return Err(refuse(
            "ledger::dependents",
            text!(
                format!(
                    "第 {} 条记录以第 {seq} 条为依据，须先作废",
                    hanging.join("、")
                ),
                format!(
                    "entries {} rest on entry {seq}; void them first",
                    hanging.join(", ")
                )
            ),
            text!("从最后一条起逐条作废。", "void them from the last one back"),
        ));
    }
    Ok(vec![NewEntry {
        kind: Kind::Void,
        award: target.award.clone(),
        year: target.year,
        applicant: target.applicant.clone(),
        corrects: Some(seq),
        body: json!(Void {
            reason: reason.to_owned(),
        }),
        result: None,
    }])
}

/// The year's run as the receipt and the placed list a `run` entry keeps.
pub fn run_entry(policy: &Policy, year: i32, run: Run, result: String) -> NewEntry {
    NewEntry {
        kind: Kind::Run,
        award: policy.meta.family.clone(),
        year,
        applicant: None,
        corrects: None,
        body: json!(run),
        result: Some(result),
    }
}
