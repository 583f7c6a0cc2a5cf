//! Revocation on the grounds the policy declares, after the win where the ground is an event.

use super::checks::*;
use crate::date::Date;
use crate::diag::{text, Lang};
use crate::error::Error;
use crate::ledger::book::Book;
use crate::ledger::entry::{Entry, Kind, NewEntry, Revocation};
use crate::policy::Policy;
use rust_decimal::Decimal;
use serde_json::json;

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
