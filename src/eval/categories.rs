//! The procedure category by category (contract section 7): each category's applicants are
//! shortlisted, ranked and placed under that category's own policy, then the caps on one
//! tier's places across categories are applied: flagged for the committee, or, where the
//! policy says how (`rule`), decided by total across the categories.

use rust_decimal::Decimal;

use super::{margins, procedure, Flag, Scores, Summary, TierSummary, Verdict};
use crate::cohort::Cohort;
use crate::diag::text;
use crate::diag::Text;
use crate::policy::{CapRule, Policy};

/// Runs each category's procedure on its applicants; returns the totals over every category
/// (tiers by the policy's tier ids) and each category's own summary, with warnings for caps
/// exceeded. A cap that decides (`rule = "by_total"` or `"by_share"`) lowers the places of the
/// categories whose candidates it leaves out, and those categories are placed again, so the
/// candidates left out drop to their next tier (or out) exactly as the procedure walks tiers.
pub(super) fn run(
    policy: &Policy,
    cohort: &Cohort,
    verdicts: &mut [Verdict<'_>],
    warnings: &mut Vec<Text>,
    with_margins: bool,
) -> (Summary, Vec<Summary>) {
    let mut each: Vec<Summary> = (0..policy.categories.len())
        .map(|k| {
            let own = &policy.categories[k].policy;
            place(policy, k, own, cohort, verdicts, with_margins)
        })
        .collect();
    // The places each category keeps of a capped tier, lowered cap by cap until every
    // deciding cap holds (each round only lowers, so this ends).
    let tier_id = |v: &Verdict<'_>| {
        let k = v.applicant.category?;
        Some(policy.categories[k].policy.tiers[v.tier?].id.clone())
    };
    let before: Vec<Option<String>> = verdicts.iter().map(tier_id).collect();
    let mut lowered: Vec<Option<Policy>> = vec![None; policy.categories.len()];
    for _ in 0..=policy.caps.len() * policy.categories.len() {
        let cuts = deciding_cuts(policy, verdicts);
        if cuts.is_empty() {
            break;
        }
        for (k, tier, keep) in cuts {
            let own = lowered[k].get_or_insert_with(|| (*policy.categories[k].policy).clone());
            if let Some(t) = own.tiers.iter_mut().find(|t| t.id == tier) {
                t.quota = t.quota.min(keep);
            }
            let quotas: Vec<u32> = policy.categories[k]
                .policy
                .tiers
                .iter()
                .map(|t| t.quota)
                .collect();
            let mut summary = place(policy, k, own, cohort, verdicts, with_margins);
            // Vacancies are counted against the category's own quota; the cap's line says
            // how many the categories hold together.
            for (ts, quota) in summary.tiers.iter_mut().zip(quotas) {
                ts.vacant = quota.saturating_sub(ts.filled);
            }
            each[k] = summary;
        }
    }
    moved_by_caps(policy, verdicts, &before, warnings);
    caps(policy, verdicts, warnings);
    (totals(policy, verdicts, &each), each)
}

/// Places category `k`'s applicants under `own` (its policy, or one whose quotas a cap has
/// lowered), from their eligibility and scores.
fn place(
    policy: &Policy,
    k: usize,
    own: &Policy,
    cohort: &Cohort,
    verdicts: &mut [Verdict<'_>],
    with_margins: bool,
) -> Summary {
    let members: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i].applicant.category == Some(k))
        .collect();
    // The category's applicants, their scores in its stages' order (the policy's order
    // comes back afterwards, for trials that perturb and replay them).
    let originals: Vec<Scores> = members.iter().map(|&i| verdicts[i].scores).collect();
    let mut part: Vec<Verdict<'_>> = members
        .iter()
        .map(|&i| {
            let v = &mut verdicts[i];
            let placeholder = Verdict::judged(v.applicant, v.eligibility, Vec::new(), Vec::new());
            let mut taken = std::mem::replace(v, placeholder);
            let scores: Vec<Option<Decimal>> = own
                .stages
                .iter()
                .map(|s| policy.stage_index(&s.id).and_then(|j| taken.scores.get(j)))
                .collect();
            taken.unplace();
            taken.scores = Scores::of(&scores);
            taken
        })
        .collect();
    let summary = procedure::run(own, cohort, &mut part);
    if with_margins {
        for (j, m) in margins::margins(own, &part) {
            part[j].margin = Some(Box::new(m));
        }
    }
    for ((&i, mut v), scores) in members.iter().zip(part).zip(originals) {
        v.scores = scores;
        verdicts[i] = v;
    }
    summary
}

/// Says who a deciding cap moved: from which tier to which (or out).
fn moved_by_caps(
    policy: &Policy,
    verdicts: &[Verdict<'_>],
    before: &[Option<String>],
    warnings: &mut Vec<Text>,
) {
    let title = |k: usize, id: Option<&str>, zh: bool| -> String {
        let tier = id.and_then(|id| {
            policy.categories[k]
                .policy
                .tiers
                .iter()
                .find(|t| t.id == id)
        });
        match (tier, zh) {
            (Some(t), true) => format!("“{}”", t.title.zh),
            (Some(t), false) => t.title.en.clone(),
            (None, true) => "不授奖".to_owned(),
            (None, false) => "no tier".to_owned(),
        }
    };
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for (v, was) in verdicts.iter().zip(before) {
        let Some(k) = v.applicant.category else {
            continue;
        };
        let now = v
            .tier
            .map(|t| policy.categories[k].policy.tiers[t].id.as_str());
        if was.as_deref() != now {
            zh.push(format!(
                "{} 由{}改为{}",
                v.applicant.id,
                title(k, was.as_deref(), true),
                title(k, now, true)
            ));
            en.push(format!(
                "{} from {} to {}",
                v.applicant.id,
                title(k, was.as_deref(), false),
                title(k, now, false)
            ));
        }
    }
    if !zh.is_empty() {
        // As the caps that decided say how.
        let shares = policy.caps.iter().any(|c| c.rule == CapRule::ByShare);
        let totals = policy.caps.iter().any(|c| c.rule == CapRule::ByTotal);
        let (how_zh, how_en) = match (totals, shares) {
            (false, true) => (
                "按总分占标准总分的比例",
                "by share of each standard's total",
            ),
            (true, true) => ("按总分或其占标准总分的比例", "by total or by share"),
            _ => ("按总分", "by total"),
        };
        warnings.push(text!(
            format!("各类别合计上限{how_zh}决定名额：{}", zh.join("；")),
            format!(
                "the joint caps gave their places {how_en}: {}",
                en.join("; ")
            )
        ));
    }
}

/// For each deciding cap the categories exceed: (category, tier id, places it keeps). The
/// places go to the highest totals (or shares of the standard's total) across the
/// categories; totals tied at the cap all keep theirs, for the committee (the flag-only check
/// then marks them).
fn deciding_cuts(policy: &Policy, verdicts: &[Verdict<'_>]) -> Vec<(usize, String, u32)> {
    let mut cuts = Vec::new();
    for cap in policy.caps.iter().filter(|c| c.rule != CapRule::Flag) {
        let mut holders: Vec<(usize, Decimal)> = verdicts
            .iter()
            .filter_map(|v| {
                let k = v
                    .applicant
                    .category
                    .filter(|k| cap.categories.contains(k))?;
                let own = &policy.categories[k].policy;
                let t = v.tier?;
                (own.tiers[t].id == cap.tier).then_some(())?;
                let total = v.total?;
                let key = match cap.rule {
                    CapRule::ByShare if !own.scoring.total.is_zero() => {
                        total.checked_div(own.scoring.total)?
                    }
                    _ => total,
                };
                Some((k, key))
            })
            .collect();
        let max = cap.max as usize;
        if holders.len() <= max {
            continue;
        }
        holders.sort_by_key(|h| std::cmp::Reverse(h.1));
        // The lowest key that keeps a place: the max-th, and everyone tied with it.
        let floor = max
            .checked_sub(1)
            .and_then(|i| holders.get(i))
            .map(|&(_, key)| key);
        for &k in &cap.categories {
            let keep = holders
                .iter()
                .filter(|(c, key)| *c == k && floor.is_some_and(|f| *key >= f))
                .count();
            let held = holders.iter().filter(|(c, _)| *c == k).count();
            if keep < held {
                cuts.push((k, cap.tier.clone(), u32::try_from(keep).unwrap_or(u32::MAX)));
            }
        }
    }
    cuts
}

/// The totals over every category: counts summed, each tier id's places summed over the
/// categories that have it.
fn totals(policy: &Policy, verdicts: &[Verdict<'_>], each: &[Summary]) -> Summary {
    let tiers = policy
        .tiers
        .iter()
        .map(|t| {
            let mut sum = TierSummary::default();
            for (c, s) in policy.categories.iter().zip(each) {
                if let Some(i) = c.policy.tiers.iter().position(|u| u.id == t.id) {
                    sum.filled += s.tiers.get(i).map_or(0, |x| x.filled);
                    sum.vacant += s.tiers.get(i).map_or(0, |x| x.vacant);
                    sum.held += s.tiers.get(i).map_or(0, |x| x.held);
                }
            }
            sum
        })
        .collect();
    procedure::summary(verdicts, tiers, None)
}

/// Flags every place of a capped tier when the categories together hold more than the cap.
fn caps(policy: &Policy, verdicts: &mut [Verdict<'_>], warnings: &mut Vec<Text>) {
    for cap in &policy.caps {
        let holders: Vec<usize> = (0..verdicts.len())
            .filter(|&i| {
                let v = &verdicts[i];
                let Some(k) = v.applicant.category.filter(|k| cap.categories.contains(k)) else {
                    return false;
                };
                let own = &policy.categories[k].policy;
                v.tier.is_some_and(|t| own.tiers[t].id == cap.tier)
            })
            .collect();
        if holders.len() <= cap.max as usize {
            continue;
        }
        for &i in &holders {
            verdicts[i].flags.push(Flag::OverJointCap);
        }
        let names: Vec<&str> = cap
            .categories
            .iter()
            .map(|&k| policy.categories[k].id.as_str())
            .collect();
        // In Chinese by their titles, as the papers name categories and tiers.
        let titles: Vec<&str> = cap
            .categories
            .iter()
            .map(|&k| policy.categories[k].title.zh.as_str())
            .collect();
        let tier_title = policy.cap_title(cap).zh;
        let cite = cap.cite.as_ref();
        warnings.push(text!(
            format!(
                "{}{}合计拟授予“{}”{} 个，超过合计上限 {} 个；超出部分由评委会决定",
                cite.map(|c| format!("[{}] ", c.render(crate::diag::Lang::Zh))).unwrap_or_default(),
                titles.join("、"),
                tier_title,
                holders.len(),
                cap.max
            ),
            format!(
                "{}the categories {} together hold {} places of `{}`, over the joint cap of {}; flagged over_joint_cap for the committee to decide",
                cite.map(|c| format!("[{c}] ")).unwrap_or_default(),
                names.join(", "),
                holders.len(),
                cap.tier,
                cap.max
            )
        ));
    }
}
