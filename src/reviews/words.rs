//! What the reviews say in words beside the scores: why a reviewer's sheet does not count (or
//! counts all the same), and, when no reviews are given, which panel stages have no score.

use crate::cohort::{Cohort, Notice};
use crate::diag::{text, Text};
use crate::policy::Policy;

use super::Reviewer;

/// When no reviews are given: the stages scored by a panel for which the cohort types no score
/// at all, said with the way to give the reviewers' scores.
pub fn unscored(policy: &Policy, cohort: &Cohort) -> Option<Notice> {
    let stages: Vec<&crate::policy::Stage> = policy
        .stages
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            !policy.stage_criteria(&s.id).is_empty()
                && !cohort.applicants.is_empty()
                && cohort
                    .applicants
                    .iter()
                    .all(|a| a.scores.get(*i).copied().flatten().is_none())
        })
        .map(|(_, s)| s)
        .collect();
    if stages.is_empty() {
        return None;
    }
    let zh: Vec<&str> = stages.iter().map(|s| s.title.zh.as_str()).collect();
    let en: Vec<&str> = stages.iter().map(|s| s.title.en.as_str()).collect();
    Some(Notice {
        text: text!(
            format!("{}由评审组评分，名单中没有填写这些得分：用 --reviews 评分文件（或工作簿的评分表）按评审员评分计算", zh.join("、")),
            format!("{} are scored by panels and the cohort types none of their scores: give the reviewers' scores with --reviews FILE (or the workbook's score sheets)", en.join(", "))
        ),
        applicants: Vec::new(),
    })
}

/// Why a disqualified reviewer's sheet counts all the same: the policy keeps the scores given
/// before the disqualification.
pub(super) fn kept(r: &Reviewer, without: &[String], policy: &Policy) -> Option<Text> {
    let keep_earlier = policy.reviewers.as_ref().is_some_and(|x| x.keep_earlier);
    let off = r
        .disqualified_on
        .filter(|_| keep_earlier && !without.contains(&r.id))?;
    let (cite_zh, cite_en) = disqualification_cite(policy);
    Some(text!(
        format!(
            "{}被取消评审资格{cite_zh}；此前给出的评分按规则版本仍计",
            off.zh()
        ),
        format!(
            "disqualified on {off}{cite_en}; scores given before it count, as the policy has it"
        )
    ))
}

/// Why a reviewer's sheet does not count, when it does not: left out for a what-if, or
/// disqualified (and the policy voids their scores; where it keeps the earlier ones, any later
/// score has been refused already).
pub(super) fn dropped(r: &Reviewer, without: &[String], policy: &Policy) -> Option<Text> {
    let keep_earlier = policy.reviewers.as_ref().is_some_and(|x| x.keep_earlier);
    if without.contains(&r.id) {
        return Some(text!("假设分析中去掉该评审员", "left out for this what-if"));
    }
    let off = r.disqualified_on.filter(|_| !keep_earlier)?;
    let (cite_zh, cite_en) = disqualification_cite(policy);
    let why = r.reason.as_deref().unwrap_or_default();
    Some(text!(
        format!(
            "{}被取消评审资格{cite_zh}，其评分全部不计{}",
            off.zh(),
            if why.is_empty() {
                String::new()
            } else {
                format!("；{why}")
            }
        ),
        format!(
            "disqualified on {off}{cite_en}, so none of their scores count{}",
            if why.is_empty() {
                String::new()
            } else {
                format!("; {why}")
            }
        )
    ))
}

/// The article on disqualification, in parentheses in both languages, or nothing.
fn disqualification_cite(policy: &Policy) -> (String, String) {
    policy
        .reviewers
        .as_ref()
        .and_then(|x| x.disqualification_cite.as_ref())
        .map_or_else(Default::default, |c| {
            let t = c.parenthesised();
            (t.zh, t.en)
        })
}
