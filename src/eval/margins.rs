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
    others: &[(usize, &[Decimal])],
    subject: (usize, &[Decimal]),
    total: Decimal,
    ties: Ties,
) -> Option<usize> {
    let mut key = subject.1.to_vec();
    key[0] = total;
    if let Ties::Wins = ties {
        key[1] = Decimal::ONE;
    }
    // `others` is in ranking order (keys descending): the subject goes in after every key
    // greater than or equal to its own, so it joins a group of equal keys.
    let pos = others.partition_point(|(_, k)| *k >= key.as_slice());
    let mut ranked: Vec<(usize, &[Decimal])> = Vec::with_capacity(others.len() + 1);
    ranked.extend_from_slice(&others[..pos]);
    ranked.push((subject.0, &key));
    ranked.extend_from_slice(&others[pos..]);
    match walk_tiers(policy, &ranked)[pos] {
        Placed::Tier(t) => Some(t),
        _ => None,
    }
}

/// The first index in `0..len` where a monotone (false…true) test holds, by bisection.
fn first_true(len: usize, test: impl Fn(usize) -> bool) -> Option<usize> {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if test(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    (lo < len).then_some(lo)
}

/// Margins for every applicant with a total, by index into `verdicts`.
pub fn margins(policy: &Policy, verdicts: &[Verdict<'_>]) -> Vec<(usize, Margin)> {
    let tie_break = policy.tie_break_indices();
    let stage_score =
        |v: &Verdict<'_>, s: &Option<usize>| s.and_then(|s| v.scores.get(s)).unwrap_or_default();
    // Keys as the procedure ranks them, with a tie flag after the total (0 for everyone).
    let keys: Vec<(usize, Vec<Decimal>)> = verdicts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let total = v.total?;
            let mut k = vec![total, Decimal::ZERO];
            k.extend(tie_break.iter().map(|s| stage_score(v, s)));
            Some((i, k))
        })
        .collect();
    let mut sorted: Vec<(usize, &[Decimal])> =
        keys.iter().map(|(i, k)| (*i, k.as_slice())).collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(&b.0)));
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
        .filter_map(|(i, v)| {
            let total = v.total?;
            let current = v.tier;
            let others: Vec<(usize, &[Decimal])> =
                sorted.iter().copied().filter(|(j, _)| *j != i).collect();
            let subject = *sorted.iter().find(|(j, _)| *j == i)?;
            let mut m = Margin::default();
            // Keeping the current tier. Going down through the points below the total, the
            // tests "just above d" and "exactly at d" alternate and stay true, then turn false
            // for good (the tier walk is monotone in the total): find where, by bisection.
            if let Some(t) = current {
                let below: Vec<Decimal> = points
                    .iter()
                    .rev()
                    .copied()
                    .filter(|c| *c < total)
                    .collect();
                let keeps = |k: usize| {
                    let ties = if k % 2 == 0 { Ties::Wins } else { Ties::AsKeys };
                    better(tier_with(policy, &others, subject, below[k / 2], ties), t)
                };
                let keep =
                    match first_true(2 * below.len(), |k| !keeps(k)).unwrap_or(2 * below.len()) {
                        0 => Bound {
                            at: total,
                            inclusive: true,
                        },
                        k => Bound {
                            at: below[(k - 1) / 2],
                            inclusive: (k - 1) % 2 == 1,
                        },
                    };
                m.can_lose = Some((total - keep.at).normalize());
                m.keep = Some(Bound {
                    at: keep.at.normalize(),
                    ..keep
                });
            }
            // Reaching the next better tier. Going up: "just above the total", then "exactly at
            // c" and "just above c" for each point c above it, turn true at the first reach.
            let target = match current {
                Some(0) => None,
                Some(t) => Some(t - 1),
                None => policy.tiers.len().checked_sub(1),
            };
            if let Some(target) = target {
                m.next_tier = Some(policy.tiers[target].id.clone());
                let above: Vec<Decimal> = std::iter::once(total)
                    .chain(points.iter().copied().filter(|c| *c > total))
                    .collect();
                let reaches = |k: usize| {
                    let (at, ties) = if k % 2 == 0 {
                        (above[k / 2], Ties::Wins)
                    } else {
                        (above[k.div_ceil(2)], Ties::AsKeys)
                    };
                    better(tier_with(policy, &others, subject, at, ties), target)
                };
                if let Some(k) = first_true(2 * above.len() - 1, reaches) {
                    let r = if k % 2 == 0 {
                        Bound {
                            at: above[k / 2],
                            inclusive: false,
                        }
                    } else {
                        Bound {
                            at: above[k.div_ceil(2)],
                            inclusive: true,
                        }
                    };
                    m.needs = Some((r.at - total).normalize());
                    m.reach = Some(Bound {
                        at: r.at.normalize(),
                        ..r
                    });
                }
            }
            Some((i, m))
        })
        .collect()
}
