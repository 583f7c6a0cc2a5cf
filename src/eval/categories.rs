//! The procedure category by category (contract section 7): each category's applicants are
//! shortlisted, ranked and placed under that category's own policy, then the caps on one
//! tier's places across categories are checked — and flagged, never resolved.

use rust_decimal::Decimal;

use super::{margins, procedure, Flag, Scores, Summary, TierSummary, Verdict};
use crate::cohort::Cohort;
use crate::diag::Text;
use crate::policy::Policy;
use crate::text;

/// Runs each category's procedure on its applicants; returns the totals over every category
/// (tiers by the policy's tier ids) and each category's own summary, with warnings for caps
/// exceeded.
pub(super) fn run(
    policy: &Policy,
    cohort: &Cohort,
    verdicts: &mut [Verdict<'_>],
    warnings: &mut Vec<Text>,
    with_margins: bool,
) -> (Summary, Vec<Summary>) {
    let mut each = Vec::with_capacity(policy.categories.len());
    for (k, category) in policy.categories.iter().enumerate() {
        let own = &category.policy;
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
                let placeholder =
                    Verdict::judged(v.applicant, v.eligibility, Vec::new(), Vec::new());
                let mut taken = std::mem::replace(v, placeholder);
                let scores: Vec<Option<Decimal>> = own
                    .stages
                    .iter()
                    .map(|s| policy.stage_index(&s.id).and_then(|j| taken.scores.get(j)))
                    .collect();
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
        each.push(summary);
    }
    caps(policy, verdicts, warnings);
    (totals(policy, verdicts, &each), each)
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
        let tier_title = policy
            .categories
            .iter()
            .flat_map(|c| c.policy.tiers.iter())
            .chain(policy.tiers.iter())
            .find(|t| t.id == cap.tier)
            .map_or(cap.tier.as_str(), |t| t.title.zh.as_str());
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
