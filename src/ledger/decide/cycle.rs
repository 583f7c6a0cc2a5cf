//! The steps of the year's cycle up to the approval: the candidates from a run, objections
//! within the notice and their rulings, the approval, a correction (void), and the run's entry.

use super::checks::*;
use crate::date::Date;
use crate::diag::text;
use crate::error::Error;
use crate::ledger::book::Book;
use crate::ledger::entry::{
    Approval, Entry, Kind, NewEntry, Objection, Placed, Proposal, Reasoned, Ruling, Run, Void,
};
use crate::policy::Policy;
use serde_json::json;

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
