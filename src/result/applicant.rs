//! One applicant's entry in the result document: its conditions with their reasons, its place
//! in the procedure and its margins, made as it is written.

use std::cell::RefCell;

use serde::Serialize;

use super::said::{Memory, Said};
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{Outcome, Verdict};

#[derive(Serialize)]
pub(super) struct Applicant<'a, 'c> {
    id: &'a str,
    name: Option<&'a str>,
    /// The category's id (v2, only when the policy declares categories).
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    eligibility: &'static str,
    conditions: Conditions<'a, 'c>,
    shortlisted: bool,
    /// The place by the shortlist stage's score; the contract names it after Wuxi's first
    /// stage (material review).
    #[serde(rename = "material_rank")]
    shortlist_rank: Option<u32>,
    /// The same place under a name any award's stages fit (added to contract v1; the old key
    /// stays).
    #[serde(rename = "shortlist_rank")]
    shortlist_place: Option<u32>,
    total: Option<String>,
    rank: Option<u32>,
    tier: Option<&'a str>,
    first_time: Option<bool>,
    payout: String,
    flags: Vec<&'static str>,
    /// Added to contract v1: how far the total is from changing tier.
    margins: Option<MarginOut>,
}

#[derive(Serialize)]
struct MarginOut {
    keep_down_to: Option<String>,
    keep_inclusive: Option<bool>,
    can_lose: Option<String>,
    next_tier: Option<String>,
    reach_at: Option<String>,
    reach_inclusive: Option<bool>,
    needs: Option<String>,
}

#[derive(Serialize)]
struct ConditionOut<'a> {
    id: &'a str,
    cite: Said,
    status: &'static str,
    reason: Said,
}

/// One applicant's conditions, each made as it is written.
struct Conditions<'a, 'c> {
    outcome: &'a Outcome<'c>,
    verdict: &'a Verdict<'c>,
    /// The applicant's place in the cohort.
    row: usize,
    lang: Lang,
    memory: &'a RefCell<Memory>,
}

impl Serialize for Conditions<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A lean outcome kept no clause verdicts: the applicant is judged again, alike.
        let again;
        let v = if self.outcome.lean {
            again = self.outcome.judged_again(self.row);
            &again
        } else {
            self.verdict
        };
        let cycle = &self.outcome.cohort.cycle;
        s.collect_seq(
            v.by_condition(self.outcome.policy)
                .enumerate()
                .map(|(i, judged)| {
                    let (c, status, _) = judged;
                    let mut memory = self.memory.borrow_mut();
                    ConditionOut {
                        id: &c.id,
                        cite: memory.cite(i, c),
                        status: status.as_str(),
                        reason: memory.reason(i, judged, v, cycle, self.lang),
                    }
                }),
        )
    }
}

/// One applicant's entry, with its reasons in `lang`.
pub(super) fn applicant<'a, 'c>(
    outcome: &'a Outcome<'c>,
    (row, v): (usize, &'a Verdict<'c>),
    lang: Lang,
    memory: &'a RefCell<Memory>,
) -> Applicant<'a, 'c> {
    let policy = outcome.policy;
    let own = outcome.policy_for(v);
    Applicant {
        id: &v.applicant.id,
        name: v.applicant.name.as_deref(),
        category: v
            .applicant
            .category
            .and_then(|k| policy.categories.get(k))
            .map(|c| c.id.as_str()),
        eligibility: v.eligibility.as_str(),
        conditions: Conditions {
            outcome,
            verdict: v,
            row,
            lang,
            memory,
        },
        shortlisted: v.shortlisted,
        shortlist_rank: v.shortlist_rank,
        shortlist_place: v.shortlist_rank,
        total: v.total.map(show),
        rank: v.rank,
        tier: v.tier.map(|t| own.tiers[t].id.as_str()),
        first_time: v.first_time,
        payout: show(v.payout),
        flags: v.flags.iter().map(|f| f.as_str()).collect(),
        margins: v.margin.as_ref().map(|m| MarginOut {
            keep_down_to: m.keep.as_ref().map(|b| show(b.at)),
            keep_inclusive: m.keep.as_ref().map(|b| b.inclusive),
            can_lose: m.can_lose.map(show),
            next_tier: m.next_tier.clone(),
            reach_at: m.reach.as_ref().map(|b| show(b.at)),
            reach_inclusive: m.reach.as_ref().map(|b| b.inclusive),
            needs: m.needs.map(show),
        }),
    }
}
