//! Margins: for each ranked applicant, how many points of total it could lose before it drops a
//! tier, and how many it would need to reach the next tier — everyone else's scores, the quotas
//! and the thresholds as they are.
//!
//! The tier an applicant gets is a step function of its own total: it changes only at a
//! threshold or at another applicant's total (where the tie-break decides). So only those
//! points are tried, each exactly at the point and just past it (the applicant's key then wins,
//! or loses, every tie on total), re-running the group walk of the procedure each time.

use rust_decimal::Decimal;
use serde::Serialize;

use super::procedure::{walk_tiers, Placed};
use super::Verdict;
use crate::policy::Policy;

/// A bound on the applicant's total: the value, and whether reaching it exactly is enough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bound {
    pub at: Decimal,
    pub inclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Margin {
    /// The lowest total that keeps the current tier (when there is one).
    pub keep: Option<Bound>,
    /// Points that can be lost while keeping the tier (to `keep`, exclusive when it is).
    pub can_lose: Option<Decimal>,
    /// The next better tier, the lowest total that reaches it, and the points needed.
    pub next_tier: Option<String>,
    pub reach: Option<Bound>,
    pub needs: Option<Decimal>,
}

#[derive(Clone, Copy)]
enum Ties {
    AsKeys,
    Wins,
}

/// The tier (index, smaller is better) the applicant at `subject` would get with `total`.
fn tier_with(
    policy: &Policy,
    keys: &[(usize, Vec<Decimal>)],
    subject: usize,
    total: Decimal,
    ties: Ties,
) -> Option<usize> {
    let mut ranked: Vec<(usize, Vec<Decimal>)> = keys
        .iter()
        .map(|(i, k)| {
            let mut k = k.clone();
            if *i == subject {
                k[0] = total;
                if let Ties::Wins = ties {
                    k[1] = Decimal::ONE;
                }
            }
            (*i, k)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let placed = walk_tiers(policy, &ranked);
    let pos = ranked.iter().position(|(i, _)| *i == subject)?;
    match placed[pos] {
        Placed::Tier(t) => Some(t),
        _ => None,
    }
}

/// Margins for every applicant with a total, in verdict order (`None` for the others).
pub fn margins(policy: &Policy, verdicts: &[Verdict<'_>]) -> Vec<Option<Margin>> {
    let stage_score = |v: &Verdict<'_>, s: &str| v.score(s).unwrap_or_default();
    // Keys as the procedure ranks them, with a tie flag after the total (0 for everyone).
    let keys: Vec<(usize, Vec<Decimal>)> = verdicts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let total = v.total?;
            let mut k = vec![total, Decimal::ZERO];
            k.extend(policy.ranking.tie_break.iter().map(|s| stage_score(v, s)));
            Some((i, k))
        })
        .collect();
    let thresholds: Vec<Decimal> = policy
        .tiers
        .iter()
        .map(|t| t.threshold * policy.scoring.total)
        .collect();
    let mut points: Vec<Decimal> = keys
        .iter()
        .map(|(_, k)| k[0])
        .chain(thresholds.iter().copied())
        .chain([Decimal::ZERO, policy.scoring.total])
        .collect();
    points.sort();
    points.dedup();
    let better = |got: Option<usize>, than: usize| got.is_some_and(|t| t <= than);
    verdicts
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let total = v.total?;
            let current = v.tier;
            let mut m = Margin::default();
            // Keeping the current tier: walk down through the points below the total.
            if let Some(t) = current {
                let mut keep = Bound {
                    at: total,
                    inclusive: true,
                };
                for &c in points.iter().rev().filter(|c| **c < total) {
                    let above_c = better(tier_with(policy, &keys, i, c, Ties::Wins), t);
                    if !above_c {
                        break;
                    }
                    if better(tier_with(policy, &keys, i, c, Ties::AsKeys), t) {
                        keep = Bound {
                            at: c,
                            inclusive: true,
                        };
                    } else {
                        keep = Bound {
                            at: c,
                            inclusive: false,
                        };
                        break;
                    }
                }
                m.can_lose = Some((total - keep.at).normalize());
                m.keep = Some(Bound {
                    at: keep.at.normalize(),
                    ..keep
                });
            }
            // Reaching the next better tier: walk up through the points above the total.
            let target = match current {
                Some(0) => None,
                Some(t) => Some(t - 1),
                None => policy.tiers.len().checked_sub(1),
            };
            if let Some(target) = target {
                m.next_tier = Some(policy.tiers[target].id.clone());
                let mut from = total;
                let mut reach = None;
                for &c in points.iter().filter(|c| **c > total) {
                    if better(tier_with(policy, &keys, i, from, Ties::Wins), target) {
                        reach = Some(Bound {
                            at: from,
                            inclusive: false,
                        });
                        break;
                    }
                    if better(tier_with(policy, &keys, i, c, Ties::AsKeys), target) {
                        reach = Some(Bound {
                            at: c,
                            inclusive: true,
                        });
                        break;
                    }
                    from = c;
                }
                if let Some(r) = reach {
                    m.needs = Some((r.at - total).normalize());
                    m.reach = Some(Bound {
                        at: r.at.normalize(),
                        ..r
                    });
                }
            }
            Some(m)
        })
        .collect()
}
