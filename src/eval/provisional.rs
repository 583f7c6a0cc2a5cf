//! What makes a result provisional, said as warnings: undetermined applicants whose shortlist
//! score would reach the shortlist (the list may change once their data is complete), winners
//! without any history (a first-time payout is assumed), and citations of articles the policy's
//! article list does not have.

use super::{Eligibility, Verdict};
use crate::decimal::show;
use crate::diag::text;
use crate::diag::Text;
use crate::policy::Policy;

/// The total of an undetermined applicant of a policy without a shortlist, when every stage
/// score is given and that total, were it eligible, would take a place in some tier: it reaches
/// the tier's threshold and the tier has a place left or a holder with a lower total.
fn places_by_total(
    policy: &Policy,
    own: &Policy,
    v: &Verdict<'_>,
    verdicts: &[Verdict<'_>],
) -> Option<rust_decimal::Decimal> {
    let mut total = rust_decimal::Decimal::ZERO;
    for s in &own.stages {
        let score = v
            .applicant
            .scores
            .get(policy.stage_index(&s.id)?)
            .copied()
            .flatten()?;
        total = total.checked_add(s.weight.checked_mul(score)?)?;
    }
    let peers = || {
        verdicts
            .iter()
            .filter(|x| x.applicant.category == v.applicant.category)
    };
    own.tiers
        .iter()
        .enumerate()
        .any(|(i, t)| {
            let reaches = t
                .threshold
                .checked_mul(own.scoring.total)
                .is_some_and(|need| total >= need);
            let holders: Vec<rust_decimal::Decimal> = peers()
                .filter(|x| x.tier == Some(i))
                .filter_map(|x| x.total)
                .collect();
            let room = (holders.len() as u32) < t.quota || holders.iter().any(|h| *h < total);
            reaches && room
        })
        .then_some(total)
}

/// The warnings for `verdicts`, placed under `policy` (or its categories').
pub(super) fn warnings(policy: &Policy, verdicts: &[Verdict<'_>], out: &mut Vec<Text>) {
    let own = |v: &Verdict<'_>| {
        v.applicant
            .category
            .and_then(|k| policy.categories.get(k))
            .map_or(policy, |c| &c.policy)
    };
    // Undetermined applicants who would be on the shortlist by their score. Each category's
    // shortlist (its size and lowest score) is looked at once, not once per applicant.
    let mut lists: std::collections::BTreeMap<
        Option<usize>,
        (usize, Option<rust_decimal::Decimal>),
    > = std::collections::BTreeMap::new();
    let mut would: Vec<(String, String)> = Vec::new();
    let mut would_place: Vec<(String, String)> = Vec::new();
    for v in verdicts
        .iter()
        .filter(|v| v.eligibility == Eligibility::Undetermined)
    {
        let p = own(v);
        let Some(shortlist) = &p.shortlist else {
            // No shortlist: would its total, were it eligible, take a place?
            if let Some(total) = places_by_total(policy, p, v, verdicts) {
                let (id, total) = (&v.applicant.id, show(total));
                would_place.push((
                    format!("{id}（总分{total}）"),
                    format!("{id} (total {total})"),
                ));
            }
            continue;
        };
        let stage = policy.stage_index(&shortlist.stage);
        let score_of =
            |x: &Verdict<'_>| stage.and_then(|i| x.applicant.scores.get(i).copied().flatten());
        let Some(score) = score_of(v) else {
            continue;
        };
        let category = v.applicant.category;
        let (on_list, last) = *lists.entry(category).or_insert_with(|| {
            let on: Vec<&Verdict<'_>> = verdicts
                .iter()
                .filter(|x| x.shortlisted && x.applicant.category == category)
                .collect();
            let last = on
                .iter()
                .filter(|x| x.shortlist_rank.is_some())
                .filter_map(|x| score_of(x))
                .min();
            (on.len(), last)
        });
        let places_left = on_list < shortlist.size as usize;
        if places_left || last.is_some_and(|l| score >= l) {
            let (id, score) = (&v.applicant.id, show(score));
            would.push((format!("{id}（{score}）"), format!("{id} ({score})")));
        }
    }
    if !would.is_empty() {
        let zh: Vec<&str> = would.iter().map(|w| w.0.as_str()).collect();
        let en: Vec<&str> = would.iter().map(|w| w.1.as_str()).collect();
        out.push(text!(
            format!(
                "资格待定的{} {} 的得分可进入入围名单；其数据补全后，入围名单和排名可能变化，本结果为暂定",
                policy.meta.applicant.zh,
                zh.join("、")
            ),
            format!(
                "undetermined applicant(s) {} score high enough for the shortlist; once their data is complete the shortlist and ranking may change, so this result is provisional",
                en.join(", ")
            )
        ));
    }
    // Eligible but without the score the shortlist is drawn on: any score may be high enough,
    // so whether it is shortlisted (and who else is) waits for that score.
    let pending: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.eligibility == Eligibility::Eligible && !v.shortlisted)
        .filter(|v| own(v).shortlist.is_some() && v.shortlist_rank.is_none())
        .map(|v| v.applicant.id.as_str())
        .collect();
    if !pending.is_empty() {
        let stage = |lang: crate::diag::Lang| {
            policy
                .shortlist
                .as_ref()
                .and_then(|s| policy.stage(&s.stage))
                .map_or(String::new(), |s| s.title.get(lang).to_owned())
        };
        out.push(text!(
            format!(
                "符合条件但缺少{}得分的{} {}：能否入围待定；得分补全后入围名单和排名可能变化，本结果为暂定",
                stage(crate::diag::Lang::Zh),
                policy.meta.applicant.zh,
                pending.join("、")
            ),
            format!(
                "eligible applicant(s) {} have no {} score: whether they are shortlisted is pending; once the score is in, the shortlist and ranking may change, so this result is provisional",
                pending.join(", "),
                stage(crate::diag::Lang::En).to_lowercase()
            )
        ));
    }
    if !would_place.is_empty() {
        let zh: Vec<&str> = would_place.iter().map(|w| w.0.as_str()).collect();
        let en: Vec<&str> = would_place.iter().map(|w| w.1.as_str()).collect();
        out.push(text!(
            format!(
                "资格待定的{} {} 若符合条件，其总分可获奖项；其数据补全后，候选名单可能变化，本结果为暂定",
                policy.meta.applicant.zh,
                zh.join("、")
            ),
            format!(
                "undetermined applicant(s) {} would take a place by their total if eligible; once their data is complete the candidate lists may change, so this result is provisional",
                en.join(", ")
            )
        ));
    }
    // Shortlisted but missing a later stage's score: with that score at 0 the total may already
    // reach a tier, so the candidate lists (and the money) are understated until it is given.
    let mut reaching: Vec<(String, String)> = Vec::new();
    for v in verdicts
        .iter()
        .filter(|v| v.shortlisted && v.total.is_none() && v.tier.is_none())
    {
        let p = own(v);
        let floor: rust_decimal::Decimal = p
            .stages
            .iter()
            .filter_map(|s| {
                let i = policy.stage_index(&s.id)?;
                let score = v.applicant.scores.get(i).copied().flatten()?;
                s.weight.checked_mul(score)
            })
            .fold(rust_decimal::Decimal::ZERO, |a, b| {
                a.checked_add(b).unwrap_or(a)
            });
        let reached = p
            .tiers
            .iter()
            .filter(|t| {
                t.threshold
                    .checked_mul(p.scoring.total)
                    .is_some_and(|need| floor >= need)
            })
            .max_by_key(|t| t.threshold);
        if let Some(t) = reached {
            let (id, floor) = (&v.applicant.id, show(floor));
            reaching.push((
                format!("{id}（缺少的得分按0计，总分已不低于{floor}，达到“{}”的得分要求）", t.title.zh),
                format!("{id} (with the missing score at 0 its total is already at least {floor}, enough for {})", t.title.en),
            ));
        }
    }
    if !reaching.is_empty() {
        let zh: Vec<&str> = reaching.iter().map(|w| w.0.as_str()).collect();
        let en: Vec<&str> = reaching.iter().map(|w| w.1.as_str()).collect();
        out.push(text!(
            format!(
                "入围但缺少部分得分的{}：{}；得分补全后候选名单和奖励合计可能增加，本结果为暂定",
                policy.meta.applicant.zh,
                zh.join("；")
            ),
            format!(
                "shortlisted applicant(s) missing a score: {}; once the scores are in, the candidate lists and the total payout may grow, so this result is provisional",
                en.join("; ")
            )
        ));
    }
    // Placed without any history, in a tier that pays: a first-time payout is assumed.
    let assumed: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.tier.is_some_and(|t| !own(v).tiers[t].amount.is_zero()))
        .filter(|v| v.applicant.history.is_none())
        .map(|v| v.applicant.id.as_str())
        .collect();
    if !assumed.is_empty() {
        out.push(text!(
            format!(
                "{} {} 未提供以往获奖情况，按首次获奖计算奖励，请核实",
                policy.meta.applicant.zh,
                assumed.join("、")
            ),
            format!(
                "applicant(s) {} give no history of earlier wins, so a first-time payout is assumed; please check",
                assumed.join(", ")
            )
        ));
    }
    // Citations the article list lacks, which the committee would otherwise read unremarked.
    for d in policy
        .load_warnings
        .iter()
        .filter(|d| d.code == "policy::unknown-article")
    {
        out.push(text!(
            format!("本规则版本的引用有误（请核对）：{}", d.message.zh),
            format!(
                "a citation of this policy is wrong (please check): {}",
                d.message.en
            )
        ));
    }
}
