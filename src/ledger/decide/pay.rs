//! Money for first wins only: each approved winner paid the policy's amount once, a repeat
//! win said and not paid.

use super::checks::*;
use crate::date::Date;
use crate::diag::{text, Lang, Text};
use crate::error::Error;
use crate::ledger::book::Book;
use crate::ledger::entry::{Entry, Kind, NewEntry, Payment, Placed};
use crate::policy::Policy;
use rust_decimal::Decimal;
use serde_json::json;

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
