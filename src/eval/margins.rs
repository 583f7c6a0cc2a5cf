//! Margins: for each ranked applicant, how many points of total it could lose before it drops a
//! tier, and how many it would need to reach the next tier — everyone else's scores, the quotas
//! and the thresholds as they are.
//!
//! The tier an applicant gets is a step function of its own total: it changes only at a
//! threshold or at another applicant's total (where the tie-break decides). So only those
//! points are tried, each exactly at the point and just past it (the applicant's key then wins,
//! or loses, every tie on total), by bisection.
//!
//! Each try asks what the procedure's group walk would give the applicant with another total.
//! The walk goes down the ranking group by group, and a group's place depends only on the
//! quotas left by the groups above it. Those are computed once for the whole ranking; without
//! the applicant, they differ only below its own group, and only until the first group that
//! gets no place (every lower total gets none either). So one try costs two binary searches
//! and a short walk per applicant, and all margins O(n log n) for the small quotas of real
//! awards — not a walk of the whole ranking per try.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Verdict;
use crate::policy::Policy;

/// A bound on the applicant's total: the value, and whether reaching it exactly is enough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bound {
    /// The total at which it changes.
    pub at: Decimal,
    /// Whether reaching exactly that total is enough.
    pub inclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
/// How far an applicant's total is from changing its tier.
pub struct Margin {
    /// The lowest total that keeps the current tier (when there is one).
    pub keep: Option<Bound>,
    /// Points that can be lost while keeping the tier (to `keep`, exclusive when it is).
    pub can_lose: Option<Decimal>,
    /// The next better tier, the lowest total that reaches it, and the points needed.
    pub next_tier: Option<String>,
    /// The total that would reach a better tier, when one is within reach.
    pub reach: Option<Bound>,
    /// How much more total that needs.
    pub needs: Option<Decimal>,
}

#[derive(Clone, Copy)]
enum Ties {
    AsKeys,
    Wins,
}

/// The quotas left after the groups before a boundary of the ranking, for every boundary at
/// which they change (the first entry is the boundary 0 and the full quotas).
struct Walk {
    changes: Vec<(usize, Vec<u32>)>,
}

impl Walk {
    /// The quotas left after everything before `boundary`.
    fn at(&self, boundary: usize) -> &[u32] {
        let i = self.changes.partition_point(|(b, _)| *b <= boundary);
        &self.changes[i.saturating_sub(1)].1
    }
}

/// The tier (by the first one with room whose threshold the total reaches) for a group of
/// `size` at `total` with quotas `left`; `Err(t)` when the group does not fit in tier `t`.
fn place(
    thresholds: &[Decimal],
    left: &[u32],
    total: Decimal,
    size: u32,
) -> Option<Result<usize, usize>> {
    let t = (0..thresholds.len()).find(|&t| total >= thresholds[t] && left[t] > 0)?;
    Some(if left[t] >= size { Ok(t) } else { Err(t) })
}

/// Walks the groups `groups` (start, end, total) from the quotas `left` at `from`, recording each
/// change, until a group gets no place (as the procedure's walk does, group by group).
fn walk(
    thresholds: &[Decimal],
    mut left: Vec<u32>,
    from: usize,
    groups: impl Iterator<Item = (usize, usize, Decimal)>,
) -> Walk {
    let mut changes = vec![(from, left.clone())];
    for (start, end, total) in groups {
        let size = u32::try_from(end - start).unwrap_or(u32::MAX);
        match place(thresholds, &left, total, size) {
            Some(Ok(t)) => left[t] -= size,
            Some(Err(t)) => left[t] = 0,
            None => break,
        }
        changes.push((end, left.clone()));
    }
    Walk { changes }
}

/// The ranking and the walk of the whole of it, shared by every applicant's tries.
struct Ranking<'k> {
    /// Index into the verdicts and key, in ranking order (keys descending).
    sorted: Vec<(usize, &'k [Decimal])>,
    /// Each group of equal keys: start, end (positions in `sorted`) and total.
    groups: Vec<(usize, usize, Decimal)>,
    /// For each position in `sorted`, its group.
    group_of: Vec<usize>,
    thresholds: Vec<Decimal>,
    everyone: Walk,
}

impl<'k> Ranking<'k> {
    fn new(policy: &Policy, sorted: Vec<(usize, &'k [Decimal])>) -> Ranking<'k> {
        let mut groups = Vec::new();
        let mut group_of = Vec::with_capacity(sorted.len());
        let mut start = 0;
        while start < sorted.len() {
            let end = start
                + sorted[start..]
                    .iter()
                    .take_while(|(_, k)| *k == sorted[start].1)
                    .count();
            group_of.extend(std::iter::repeat_n(groups.len(), end - start));
            groups.push((start, end, sorted[start].1[0]));
            start = end;
        }
        let thresholds = policy.threshold_points();
        let quotas = policy.tiers.iter().map(|t| t.quota).collect();
        let everyone = walk(&thresholds, quotas, 0, groups.iter().copied());
        Ranking {
            sorted,
            groups,
            group_of,
            thresholds,
            everyone,
        }
    }

    /// The walk of the ranking without the applicant at position `p`, from its group on, in
    /// positions of the ranking without it.
    fn without(&self, p: usize) -> Walk {
        let g = self.group_of[p];
        let (start, end, total) = self.groups[g];
        let own = (end - start > 1).then_some((start, end - 1, total));
        let after = self.groups[g + 1..]
            .iter()
            .map(|&(s, e, t)| (s - 1, e - 1, t));
        walk(
            &self.thresholds,
            self.everyone.at(start).to_vec(),
            start,
            own.into_iter().chain(after),
        )
    }

    /// The tier the applicant at position `p` (its walk without it: `rest`) would get with
    /// `total`, its other keys as they are.
    fn tier_with(&self, p: usize, rest: &Walk, total: Decimal, ties: Ties) -> Option<usize> {
        let mut key = self.sorted[p].1.to_vec();
        key[0] = total;
        if let Ties::Wins = ties {
            key[1] = Decimal::ONE;
        }
        let key = key.as_slice();
        // Where the key goes among the others: after every key at least as great (joining the
        // equal ones), counted without the applicant itself.
        let without = |n: usize| n - usize::from(p < n);
        let pos = without(self.sorted.partition_point(|(_, k)| *k >= key));
        let first = without(self.sorted.partition_point(|(_, k)| *k > key));
        let size = u32::try_from(pos - first + 1).unwrap_or(u32::MAX);
        let own_start = self.groups[self.group_of[p]].0;
        let left = if first <= own_start {
            self.everyone.at(first)
        } else {
            rest.at(first)
        };
        place(&self.thresholds, left, total, size)?.ok()
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

/// Keys as the procedure ranks them, with a tie flag after the total (0 for everyone), for
/// every applicant with a total, by index into `verdicts`.
fn ranking_keys(policy: &Policy, verdicts: &[Verdict<'_>]) -> Vec<(usize, Vec<Decimal>)> {
    let tie_break = policy.tie_break_indices();
    let stage_score =
        |v: &Verdict<'_>, s: &Option<usize>| s.and_then(|s| v.scores.get(s)).unwrap_or_default();
    verdicts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let total = v.total?;
            let mut k = vec![total, Decimal::ZERO];
            k.extend(tie_break.iter().map(|s| stage_score(v, s)));
            Some((i, k))
        })
        .collect()
}

/// The keys in ranking order (descending; equal keys by index).
fn in_order(keys: &[(usize, Vec<Decimal>)]) -> Vec<(usize, &[Decimal])> {
    let mut sorted: Vec<(usize, &[Decimal])> =
        keys.iter().map(|(i, k)| (*i, k.as_slice())).collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(&b.0)));
    sorted
}

/// The totals at which a tier can change, ascending: every total, every threshold, 0 and the
/// standard's total.
fn change_points(policy: &Policy, keys: &[(usize, Vec<Decimal>)]) -> Vec<Decimal> {
    let mut points: Vec<Decimal> = keys
        .iter()
        .map(|(_, k)| k[0])
        .chain(
            policy
                .tiers
                .iter()
                .map(|t| t.threshold * policy.scoring.total),
        )
        .chain([Decimal::ZERO, policy.scoring.total])
        .collect();
    points.sort();
    points.dedup();
    points
}

/// Margins for every applicant with a total, by index into `verdicts`.
pub fn margins(policy: &Policy, verdicts: &[Verdict<'_>]) -> Vec<(usize, Margin)> {
    let keys = ranking_keys(policy, verdicts);
    let points = change_points(policy, &keys);
    let sorted = in_order(&keys);
    let mut position = vec![usize::MAX; verdicts.len()];
    for (p, (i, _)) in sorted.iter().enumerate() {
        position[*i] = p;
    }
    let ranking = Ranking::new(policy, sorted);
    verdicts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let total = v.total?;
            let p = position[i];
            let rest = ranking.without(p);
            let tier_with = |at: Decimal, ties: Ties| ranking.tier_with(p, &rest, at, ties);
            Some((i, margin(policy, &points, total, v.tier, tier_with)))
        })
        .collect()
}

/// One applicant's margin, at `total` in tier `current`, asking `tier_with` what another total
/// would give it.
fn margin(
    policy: &Policy,
    points: &[Decimal],
    total: Decimal,
    current: Option<usize>,
    tier_with: impl Fn(Decimal, Ties) -> Option<usize>,
) -> Margin {
    let better = |got: Option<usize>, than: usize| got.is_some_and(|t| t <= than);
    let mut m = Margin::default();
    // Keeping the current tier. Going down through the points below the total, the tests
    // "just above d" and "exactly at d" alternate and stay true, then turn false for good (the
    // tier walk is monotone in the total): find where, by bisection.
    if let Some(t) = current {
        // The points below the total, highest first: below(k) = points[under - 1 - k].
        let under = points.partition_point(|c| *c < total);
        let below = |k: usize| points[under - 1 - k];
        let keeps = |k: usize| {
            let ties = if k % 2 == 0 { Ties::Wins } else { Ties::AsKeys };
            better(tier_with(below(k / 2), ties), t)
        };
        let keep = match first_true(2 * under, |k| !keeps(k)).unwrap_or(2 * under) {
            0 => Bound {
                at: total,
                inclusive: true,
            },
            k => Bound {
                at: below((k - 1) / 2),
                inclusive: (k - 1) % 2 == 1,
            },
        };
        m.can_lose = Some((total - keep.at).normalize());
        m.keep = Some(Bound {
            at: keep.at.normalize(),
            ..keep
        });
    }
    // Reaching the next better tier. Going up: "just above the total", then "exactly at c" and
    // "just above c" for each point c above it, turn true at the first reach.
    let target = match current {
        Some(0) => None,
        Some(t) => Some(t - 1),
        None => policy.tiers.len().checked_sub(1),
    };
    if let Some(target) = target {
        m.next_tier = Some(policy.tiers[target].id.clone());
        // above(0) is the total, above(j) the j-th point above it.
        let over = points.partition_point(|c| *c <= total);
        let above = |j: usize| if j == 0 { total } else { points[over + j - 1] };
        let count = 1 + points.len() - over;
        let reaches = |k: usize| {
            let (at, ties) = if k % 2 == 0 {
                (above(k / 2), Ties::Wins)
            } else {
                (above(k.div_ceil(2)), Ties::AsKeys)
            };
            better(tier_with(at, ties), target)
        };
        if let Some(k) = first_true(2 * count - 1, reaches) {
            let r = if k % 2 == 0 {
                Bound {
                    at: above(k / 2),
                    inclusive: false,
                }
            } else {
                Bound {
                    at: above(k.div_ceil(2)),
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
    m
}

/// Margins as first written: every try inserts the applicant into a copy of the ranking and
/// re-runs the procedure's own walk over all of it. The oracle the fast tries are tested
/// against.
#[cfg(test)]
mod oracle {
    use super::*;
    use crate::eval::procedure::{walk_tiers, Placed};

    /// The tier the applicant at `subject` would get with `total`.
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

    pub fn margins(policy: &Policy, verdicts: &[Verdict<'_>]) -> Vec<(usize, Margin)> {
        let keys = ranking_keys(policy, verdicts);
        let points = change_points(policy, &keys);
        let sorted = in_order(&keys);
        verdicts
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let total = v.total?;
                let others: Vec<(usize, &[Decimal])> =
                    sorted.iter().copied().filter(|(j, _)| *j != i).collect();
                let subject = *sorted.iter().find(|(j, _)| *j == i)?;
                let tier_with =
                    |at: Decimal, ties: Ties| tier_with(policy, &others, subject, at, ties);
                Some((i, margin(policy, &points, total, v.tier, tier_with)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::overrides::Override;

    /// An eligible applicant with these stage scores.
    fn applicant(id: usize, scores: [u32; 3]) -> String {
        format!(
            r#"{{"id": "a{id}", "org_form": "legal_person", "registered_in_wuxi": true,
  "operating_normally": true, "established_on": "2010-01-01", "for_profit": true,
  "performance": {{"scale_rank": 1, "profit_tax_rank": 1, "asset_contribution_rank": 1,
                  "annual_profit": {{"2021": "1", "2022": "1", "2023": "1"}}}},
  "leading_level": "domestic",
  "attestations": {{"supports_central_policies": true, "quality_first_strategy": true,
                   "quality_management_system": true, "good_reputation": true}},
  "exporter": false, "records": [], "history": [],
  "recommendation": {{"by": "district_government", "name": "区政府", "signed": true}},
  "scores": {{"material": "{}", "site": "{}", "presentation": "{}"}}}}"#,
            scores[0], scores[1], scores[2]
        )
    }

    #[test]
    fn the_fast_margins_equal_the_walk_of_the_whole_ranking() {
        let store = crate::policy::store::Store::embedded();
        let mut seed: u64 = 0x2024_0901;
        let mut next = |n: u32| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            u32::try_from(seed >> 33).unwrap() % n
        };
        let mut compared = 0;
        for round in 0..60 {
            let (award, nomination) = (next(6), next(12));
            let sets = [
                format!("tiers.award.quota={award}"),
                format!("tiers.nomination.quota={nomination}"),
                format!("tiers.award.threshold=0.{}", 55 + next(20)),
                format!("tiers.nomination.threshold=0.{}", 40 + next(15)),
                "shortlist.size=1000".to_owned(),
            ];
            let overrides: Vec<Override> =
                sets.iter().map(|s| Override::parse(s).unwrap()).collect();
            let policy = store.load_variant("wuxi-2024", &overrides).unwrap();
            // Few distinct scores, so totals and whole keys tie often.
            let n = 1 + next(40) as usize;
            let spread = if round % 3 == 0 { 4 } else { 40 };
            let applicants: Vec<String> = (0..n)
                .map(|i| {
                    let scores = [0; 3].map(|_| 450 + 10 * next(spread));
                    applicant(i, scores)
                })
                .collect();
            let json = format!(
                r#"{{"cycle": {{"year": 2024, "application_deadline": "2024-09-01"}}, "applicants": [{}]}}"#,
                applicants.join(",")
            );
            let cohort = crate::cohort::Cohort::from_json(json.as_bytes(), &policy).unwrap();
            let outcome = crate::eval::evaluate(&policy, &cohort, &crate::eval::Options::default());
            let fast = margins(&policy, &outcome.verdicts);
            let slow = oracle::margins(&policy, &outcome.verdicts);
            assert_eq!(fast, slow, "round {round}: {sets:?}");
            compared += fast.len();
        }
        assert!(compared > 500, "{compared} margins compared");
    }
}
