//! The ledger read as the award's memory: which entries still count (a `void` takes one back),
//! each year's latest run, proposal, objections and approval, and each applicant's wins,
//! payments and revocations across years.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::entry::{Approval, Entry, Kind, Objection, Payment, Placed, Proposal, Revocation, Run};

/// The entries of one award that still count.
pub struct Book<'e> {
    award: &'e str,
    entries: &'e [Entry],
    voided: BTreeSet<i64>,
}

/// A win as the ledger holds it.
#[derive(Debug, Clone)]
pub struct Win {
    /// The award cycle.
    pub year: i32,
    /// The winner as approved.
    pub placed: Placed,
    /// The approval's entry.
    pub approval: i64,
    /// The approval's date.
    pub approved_on: String,
    /// Paid for it, if anything, and the currency.
    pub paid: Option<(Decimal, String)>,
    /// Its revocation's entry and facts, if revoked.
    pub revoked: Option<(i64, Revocation)>,
}

/// An objection and its ruling.
pub struct Objected<'e> {
    /// The objection's entry.
    pub entry: &'e Entry,
    /// What it says.
    pub objection: Objection,
    /// Upheld (`Some(true)`), dismissed (`Some(false)`) or not yet ruled on.
    pub upheld: Option<bool>,
}

impl<'e> Book<'e> {
    /// The entries of `award` in `entries` that have not been voided.
    pub fn of(award: &'e str, entries: &'e [Entry]) -> Book<'e> {
        let voided = entries
            .iter()
            .filter(|e| e.is(Kind::Void))
            .filter_map(|e| e.corrects)
            .collect();
        Book {
            award,
            entries,
            voided,
        }
    }

    /// Whether entry `seq` has been voided.
    pub fn is_voided(&self, seq: i64) -> bool {
        self.voided.contains(&seq)
    }

    /// The live entries of this award of `kind`, in order.
    pub fn live(&self, kind: Kind) -> impl Iterator<Item = &'e Entry> + '_ {
        self.entries
            .iter()
            .filter(move |e| e.award == self.award && e.is(kind) && !self.voided.contains(&e.seq))
    }

    /// The live entry of `kind` for `year` written last, with its facts.
    fn latest<T: for<'de> serde::Deserialize<'de>>(
        &self,
        kind: Kind,
        year: i32,
    ) -> Option<(&'e Entry, T)> {
        self.live(kind)
            .filter(|e| e.year == year)
            .filter_map(|e| Some((e, e.facts::<T>()?)))
            .last()
    }

    /// The years before `year` whose approval the ledger holds: the years it speaks for.
    pub fn approved_years_before(&self, year: i32) -> BTreeSet<i32> {
        self.live(Kind::Approve)
            .map(|e| e.year)
            .filter(|y| *y < year)
            .collect()
    }

    /// The year's latest recorded evaluation.
    pub fn run(&self, year: i32) -> Option<(&'e Entry, Run)> {
        self.latest(Kind::Run, year)
    }

    /// The year's candidate list.
    pub fn proposal(&self, year: i32) -> Option<(&'e Entry, Proposal)> {
        self.latest(Kind::Propose, year)
    }

    /// The year's approval.
    pub fn approval(&self, year: i32) -> Option<(&'e Entry, Approval)> {
        self.latest(Kind::Approve, year)
    }

    /// The objections to the notice of proposal `proposal`, with their rulings.
    pub fn objections(&self, proposal: i64) -> Vec<Objected<'e>> {
        self.live(Kind::Object)
            .filter_map(|e| {
                let objection: Objection = e.facts()?;
                (objection.proposal == proposal).then_some((e, objection))
            })
            .map(|(entry, objection)| {
                let ruled = |kind| {
                    self.live(kind).any(|r| {
                        r.facts::<super::entry::Ruling>()
                            .is_some_and(|f| f.objection == entry.seq)
                    })
                };
                let upheld = if ruled(Kind::Uphold) {
                    Some(true)
                } else if ruled(Kind::Dismiss) {
                    Some(false)
                } else {
                    None
                };
                Objected {
                    entry,
                    objection,
                    upheld,
                }
            })
            .collect()
    }

    /// The live payments, with their entries.
    pub fn payments(&self) -> Vec<(&'e Entry, Payment)> {
        self.live(Kind::Pay)
            .filter_map(|e| Some((e, e.facts()?)))
            .collect()
    }

    /// The live revocations, with their entries.
    pub fn revocations(&self) -> Vec<(&'e Entry, Revocation)> {
        self.live(Kind::Revoke)
            .filter_map(|e| Some((e, e.facts()?)))
            .collect()
    }

    /// Every win of `identity`, by year.
    pub fn wins(&self, identity: &str) -> Vec<Win> {
        let payments = self.payments();
        let revocations = self.revocations();
        let mut wins = Vec::new();
        for e in self.live(Kind::Approve) {
            let Some(approval) = e.facts::<Approval>() else {
                continue;
            };
            for placed in approval.approved.iter().filter(|p| p.identity == identity) {
                let paid = payments
                    .iter()
                    .filter(|(p, f)| {
                        f.approval == e.seq && p.applicant.as_deref() == Some(identity)
                    })
                    .filter_map(|(_, f)| {
                        Some((crate::decimal::parse(&f.amount).ok()?, f.currency.clone()))
                    })
                    .reduce(|(a, c), (b, _)| (a + b, c));
                let revoked = revocations
                    .iter()
                    .find(|(r, f)| f.approval == e.seq && r.applicant.as_deref() == Some(identity))
                    .map(|(r, f)| (r.seq, f.clone()));
                wins.push(Win {
                    year: e.year,
                    placed: placed.clone(),
                    approval: e.seq,
                    approved_on: approval.date.clone(),
                    paid,
                    revoked,
                });
            }
        }
        wins.sort_by_key(|w| w.year);
        wins
    }

    /// The live entries that point at `seq` (a proposal at its run, an approval at its
    /// proposal, a payment at its approval…): what voiding it would leave hanging.
    pub fn dependents(&self, seq: i64) -> Vec<&'e Entry> {
        self.entries
            .iter()
            .filter(|e| e.award == self.award && !self.voided.contains(&e.seq))
            .filter(|e| {
                let v: serde_json::Value = serde_json::from_str(&e.body).unwrap_or_default();
                ["run", "proposal", "objection", "approval"]
                    .iter()
                    .any(|k| v.get(k).and_then(serde_json::Value::as_i64) == Some(seq))
            })
            .collect()
    }
}
