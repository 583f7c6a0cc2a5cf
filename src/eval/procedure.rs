//! The award procedure after eligibility (contract §3 steps 1–5): shortlist
//! by the shortlist stage's score, exact weighted totals, ranking with tie-breaks, tiers walked
//! group by group against thresholds and quotas, and first-time payouts from history.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{Eligibility, Flag, Summary, TierSummary, Verdict};
use crate::cohort::Cohort;
use crate::policy::Policy;

pub fn run(policy: &Policy, cohort: &Cohort, verdicts: &mut [Verdict<'_>]) -> Summary {
    let cutoff = shortlist(policy, verdicts);
    totals(policy, verdicts);
    let ranked = rank(policy, verdicts);
    let tiers = assign_tiers(policy, verdicts, &ranked);
    payouts(policy, cohort, verdicts);
    summary(verdicts, tiers, cutoff)
}

/// The counts and payouts of `verdicts`, with the places per tier.
pub(super) fn summary(
    verdicts: &[Verdict<'_>],
    tiers: Vec<TierSummary>,
    shortlist_cutoff: Option<Decimal>,
) -> Summary {
    let count = |e: Eligibility| verdicts.iter().filter(|v| v.eligibility == e).count();
    Summary {
        applicants: verdicts.len(),
        eligible: count(Eligibility::Eligible),
        ineligible: count(Eligibility::Ineligible),
        undetermined: count(Eligibility::Undetermined),
        shortlisted: verdicts.iter().filter(|v| v.shortlisted).count(),
        tiers,
        payout_total: verdicts.iter().map(|v| v.payout).sum(),
        shortlist_cutoff,
    }
}

/// Step 1. Returns the cut-off score when the pool was larger than the shortlist. Without a
/// shortlist every eligible applicant goes on.
fn shortlist(policy: &Policy, verdicts: &mut [Verdict<'_>]) -> Option<Decimal> {
    let Some(shortlist) = &policy.shortlist else {
        for v in verdicts.iter_mut() {
            v.shortlisted = v.eligibility == Eligibility::Eligible;
        }
        return None;
    };
    let stage = policy.stage_index(&shortlist.stage);
    let mut pool: Vec<(usize, Decimal)> = Vec::new();
    for (i, v) in verdicts.iter_mut().enumerate() {
        if v.eligibility != Eligibility::Eligible {
            continue;
        }
        match stage.and_then(|s| v.scores.get(s)) {
            Some(s) => pool.push((i, s)),
            None => v.flags.push(Flag::MissingScore),
        }
    }
    pool.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut higher = 0;
    for (pos, (i, s)) in pool.iter().enumerate() {
        if pos > 0 && pool[pos - 1].1 != *s {
            higher = pos;
        }
        verdicts[*i].shortlist_rank = Some(u32::try_from(higher + 1).unwrap_or(u32::MAX));
    }
    let size = shortlist.size as usize;
    let cutoff = (pool.len() > size && size > 0).then(|| pool[size - 1].1);
    // A tie at the cut: the first applicant past the places has the last place's score (a tie
    // that ends exactly at the last place is no tie at the cut; contract v1.1 §3 step 1).
    let tied_at_cut = cutoff.is_some() && pool.get(size).map(|p| p.1) == cutoff;
    for (position, (i, s)) in pool.iter().enumerate() {
        let inside = match cutoff {
            None => true,
            Some(c) if shortlist.include_ties => *s >= c,
            Some(_) => position < size,
        };
        verdicts[*i].shortlisted = inside;
        if inside && tied_at_cut && Some(*s) == cutoff {
            verdicts[*i].flags.push(Flag::ShortlistTie);
        }
    }
    cutoff
}

/// Step 2: the exact weighted total, for shortlisted applicants with every stage's score.
fn totals(policy: &Policy, verdicts: &mut [Verdict<'_>]) {
    for v in verdicts.iter_mut().filter(|v| v.shortlisted) {
        let mut total = Decimal::ZERO;
        let mut complete = true;
        for (i, stage) in policy.stages.iter().enumerate() {
            match v.scores.get(i) {
                Some(s) => total += stage.weight * s,
                None => complete = false,
            }
        }
        if complete {
            v.total = Some(total.normalize());
        } else if !v.flags.contains(&Flag::MissingScore) {
            v.flags.push(Flag::MissingScore);
        }
    }
}

/// The ranking key: total, then the tie-break stages' scores.
fn key(tie_break: &[Option<usize>], v: &Verdict<'_>) -> Vec<Decimal> {
    let mut k = Vec::with_capacity(1 + tie_break.len());
    k.push(v.total.unwrap_or_default());
    for stage in tie_break {
        k.push(stage.and_then(|s| v.scores.get(s)).unwrap_or_default());
    }
    k
}

/// Step 3: ranks applicants with a total; returns their indices in ranking order with keys.
fn rank(policy: &Policy, verdicts: &mut [Verdict<'_>]) -> Vec<(usize, Vec<Decimal>)> {
    let tie_break = policy.tie_break_indices();
    let mut ranked: Vec<(usize, Vec<Decimal>)> = verdicts
        .iter()
        .enumerate()
        .filter(|(_, v)| v.total.is_some())
        .map(|(i, v)| (i, key(&tie_break, v)))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut higher = 0;
    for (pos, (i, k)) in ranked.iter().enumerate() {
        if pos > 0 && ranked[pos - 1].1.cmp(k) != Ordering::Equal {
            higher = pos;
        }
        verdicts[*i].rank = Some(u32::try_from(higher + 1).unwrap_or(u32::MAX));
    }
    ranked
}

/// Step 4: tiers, group by group of equal keys, in ranking order.
/// What the group walk gave one ranked entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placed {
    Tier(usize),
    /// Tied across a quota boundary of this tier: no tier, the committee decides the places
    /// that were left.
    Boundary {
        tier: usize,
        held: u32,
    },
    Nothing,
}

/// Step 4 as a pure function: walks entries in ranking order, equal keys together as one
/// group; the group takes the first tier whose threshold its total (`key[0]`) reaches and that
/// has places left; a group larger than the places left takes none and closes that tier.
pub(super) fn walk_tiers<K: AsRef<[Decimal]>>(
    policy: &Policy,
    ranked: &[(usize, K)],
) -> Vec<Placed> {
    let mut left: Vec<u32> = policy.tiers.iter().map(|t| t.quota).collect();
    let thresholds: Vec<Decimal> = policy.threshold_points();
    let mut placed = vec![Placed::Nothing; ranked.len()];
    let mut start = 0;
    while start < ranked.len() {
        let end = start
            + ranked[start..]
                .iter()
                .take_while(|(_, k)| k.as_ref() == ranked[start].1.as_ref())
                .count();
        let total = ranked[start].1.as_ref()[0];
        let size = u32::try_from(end - start).unwrap_or(u32::MAX);
        if let Some(t) = (0..policy.tiers.len()).find(|t| total >= thresholds[*t] && left[*t] > 0) {
            let outcome = if left[t] >= size {
                left[t] -= size;
                Placed::Tier(t)
            } else {
                let held = left[t];
                left[t] = 0;
                Placed::Boundary { tier: t, held }
            };
            placed[start..end].iter_mut().for_each(|p| *p = outcome);
        }
        start = end;
    }
    placed
}

/// Step 4 applied to the verdicts.
fn assign_tiers(
    policy: &Policy,
    verdicts: &mut [Verdict<'_>],
    ranked: &[(usize, Vec<Decimal>)],
) -> Vec<TierSummary> {
    let mut filled = vec![0u32; policy.tiers.len()];
    let mut held = vec![0u32; policy.tiers.len()];
    for ((i, _), placed) in ranked.iter().zip(walk_tiers(policy, ranked)) {
        match placed {
            Placed::Tier(t) => {
                verdicts[*i].tier = Some(t);
                filled[t] += 1;
            }
            Placed::Boundary { tier, held: h } => {
                verdicts[*i].flags.push(Flag::TieAtQuotaBoundary);
                held[tier] = h;
            }
            Placed::Nothing => {}
        }
    }
    policy
        .tiers
        .iter()
        .zip(filled.into_iter().zip(held))
        .map(|(t, (f, h))| TierSummary {
            filled: f,
            vacant: t.quota.saturating_sub(f),
            held: h,
        })
        .collect()
}

/// Step 5: the tier's amount for a first-time winner, from the history.
fn payouts(policy: &Policy, cohort: &Cohort, verdicts: &mut [Verdict<'_>]) {
    for v in verdicts.iter_mut() {
        let Some(t) = v.tier else { continue };
        let tier = &policy.tiers[t];
        let prior = v.applicant.history.as_ref().and_then(|h| {
            // A win in another category is not a win of this tier.
            let same = |e: &crate::cohort::HistoryEntry| {
                e.category.is_none() || e.category == v.applicant.category
            };
            h.iter().position(|e| {
                e.year < cohort.cycle.year
                    && e.tier.as_str() == tier.id
                    && e.revoked != Some(true)
                    && same(e)
            })
        });
        v.prior_win = prior;
        v.first_time = Some(prior.is_none());
        v.payout = if prior.is_none() {
            tier.amount
        } else {
            Decimal::ZERO
        };
    }
}
