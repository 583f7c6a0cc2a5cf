//! `[[criteria]]` and a stage's panel: the criteria reviewers score, each with its maximum
//! points, and how a stage scored by a panel makes its score (the criteria it uses, the
//! aggregation, the fewest reviewers that count, the rounding).

use super::{provenance, text_of};
use crate::diag::text;
use crate::policy::doc::{PolicyDoc, StageDoc};
use crate::policy::load::report::Cx;
use crate::policy::{Aggregate, Article, Criteria, Panel, Reviewers};

/// Every criteria set, each with its own id and criteria of positive maximum points.
pub(super) fn lower_criteria(cx: &mut Cx, doc: &PolicyDoc, articles: &[Article]) -> Vec<Criteria> {
    let mut out: Vec<Criteria> = Vec::new();
    for (i, c) in doc.criteria.iter().enumerate() {
        let p = format!("/criteria/{i}");
        if c.id.is_empty() || out.iter().any(|o| o.id == c.id) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("评分准则 `{}` 为空或重复", c.id),
                    format!("the criteria `{}` are unnamed or listed twice", c.id)
                ),
                text!(
                    "每套准则用一个不同的 id。",
                    "give each set of criteria its own id"
                ),
            );
        }
        let mut items: Vec<(String, crate::diag::Text, rust_decimal::Decimal)> = Vec::new();
        for (j, item) in c.items.iter().enumerate() {
            if item.id.is_empty() || items.iter().any(|(id, _, _)| *id == item.id) {
                cx.error_at(
                    "policy::duplicate-id",
                    &format!("{p}/items/{j}/id"),
                    text!(
                        format!("准则 `{}` 为空或重复", item.id),
                        format!("the criterion `{}` is unnamed or listed twice", item.id)
                    ),
                    text!(
                        "每项准则用一个不同的 id。",
                        "give each criterion its own id"
                    ),
                );
            }
            if item.max <= rust_decimal::Decimal::ZERO {
                cx.error_at(
                    "policy::bad-value",
                    &format!("{p}/items/{j}/max"),
                    text!(
                        format!("准则 `{}` 的满分须大于 0", item.id),
                        format!("the criterion `{}` must have a maximum above 0", item.id)
                    ),
                    text!(
                        "写出该项的满分，如 max = 110。",
                        "write the criterion's maximum points, e.g. max = 110"
                    ),
                );
            }
            items.push((item.id.clone(), text_of(&item.title), item.max));
        }
        if items.is_empty() {
            cx.error_at(
                "policy::missing",
                &format!("{p}/items"),
                text!(
                    format!("评分准则 `{}` 没有列出任何准则", c.id),
                    format!("the criteria `{}` list no criterion", c.id)
                ),
                text!(
                    "列出各项准则及其满分。",
                    "list each criterion with its maximum"
                ),
            );
        }
        out.push(Criteria {
            provenance: provenance(c.verified, &c.source, &c.note, &c.reading),
            id: c.id.clone(),
            title: text_of(&c.title),
            items,
            cite: cx.cite(&format!("{p}/cite"), c.cite.as_deref(), articles),
        });
    }
    out
}

/// The panel of the stage at `pointer`, when it names criteria; the keys of a panel without
/// criteria are an error (they would be silently ignored).
pub(super) fn panel(
    cx: &mut Cx,
    pointer: &str,
    s: &StageDoc,
    criteria: &[Criteria],
) -> Option<Panel> {
    let Some(id) = &s.criteria else {
        if s.aggregate.is_some() || s.min_panel.is_some() || s.decimals.is_some() {
            cx.error_at(
                "policy::missing",
                &format!("{pointer}/criteria"),
                text!(
                    format!("阶段 `{}` 写了评审组的聚合规则，却没有写 criteria", s.id),
                    format!("stage `{}` says how its panel's scores are aggregated but names no criteria", s.id)
                ),
                text!("写 criteria = \"准则 id\"，或删去 aggregate、min_panel、decimals。", "add criteria = \"ID\", or remove aggregate, min_panel and decimals"),
            );
        }
        return None;
    };
    let Some(index) = criteria.iter().position(|c| &c.id == id) else {
        let ids: Vec<&str> = criteria.iter().map(|c| c.id.as_str()).collect();
        cx.error_at(
            "policy::unknown-reference",
            &format!("{pointer}/criteria"),
            text!(
                format!("没有 id 为 `{id}` 的评分准则（[[criteria]]）"),
                format!("no [[criteria]] has the id `{id}`")
            ),
            text!(
                format!("可用的准则：{}", ids.join("、")),
                format!("the criteria declared: {}", ids.join(", "))
            ),
        );
        return None;
    };
    // How a panel's scores are combined is a choice the policy makes, never a default.
    if s.aggregate.is_none() {
        cx.error_at(
            "policy::missing",
            &format!("{pointer}/criteria"),
            text!(
                format!("阶段 `{}` 由评审组评分，却没有写明如何汇总评审员的评分", s.id),
                format!("stage `{}` is scored by a panel but does not say how its reviewers' scores are combined", s.id)
            ),
            text!(
                "加上 aggregate = \"mean\"（平均）、\"trimmed_mean\"（去掉最高最低后平均）或 \"median\"（中位数）。",
                "add aggregate = \"mean\", \"trimmed_mean\" (dropping the highest and lowest) or \"median\""
            ),
        );
    }
    let aggregate = match s.aggregate.as_deref().unwrap_or("mean") {
        "mean" => Aggregate::Mean,
        "trimmed_mean" => Aggregate::TrimmedMean,
        "median" => Aggregate::Median,
        other => {
            cx.error_at(
                "policy::bad-value",
                &format!("{pointer}/aggregate"),
                text!(
                    format!("不认识的聚合方式 `{other}`"),
                    format!("unknown aggregation `{other}`")
                ),
                text!(
                    "写 mean（平均）、trimmed_mean（去掉最高最低后平均）或 median（中位数）。",
                    "write mean, trimmed_mean (dropping the highest and lowest) or median"
                ),
            );
            Aggregate::Mean
        }
    };
    let least = if aggregate == Aggregate::TrimmedMean {
        3
    } else {
        1
    };
    let min_panel = s.min_panel.unwrap_or(least);
    if min_panel < least {
        cx.error_at(
            "policy::bad-value",
            &format!("{pointer}/min_panel"),
            text!(
                format!("评审组至少 {least} 人（{}）", aggregate.words().zh),
                format!(
                    "a panel needs at least {least} reviewers ({})",
                    aggregate.words().en
                )
            ),
            text!(
                format!("把 min_panel 改为 {least} 或更多。"),
                format!("set min_panel to {least} or more")
            ),
        );
    }
    let decimals = s.decimals.unwrap_or(2);
    if !(0..=6).contains(&decimals) {
        cx.error_at(
            "policy::bad-value",
            &format!("{pointer}/decimals"),
            text!("小数位数须在 0 到 6 之间", "decimals must be from 0 to 6"),
            text!("如 decimals = 2。", "e.g. decimals = 2"),
        );
    }
    Some(Panel {
        criteria: index,
        aggregate,
        min_panel: u32::try_from(min_panel.max(1)).unwrap_or(1),
        decimals: u32::try_from(decimals.clamp(0, 6)).unwrap_or(2),
    })
}

/// `[reviewers]`, when the policy says what becomes of a disqualified reviewer's scores.
pub(super) fn lower_reviewers(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
) -> Option<Reviewers> {
    let r = doc.reviewers.as_ref()?;
    let keep_earlier = match r.disqualified_scores.as_str() {
        "void" => false,
        "kept" => true,
        other => {
            cx.error_at(
                "policy::bad-value",
                "/reviewers/disqualified_scores",
                text!(
                    format!("不认识的 disqualified_scores `{other}`"),
                    format!("unknown disqualified_scores `{other}`")
                ),
                text!(
                    "写 void（被取消资格的评审员的评分全部不计）或 kept（取消资格之前的评分仍计）。",
                    "write void (none of a disqualified reviewer's scores count) or kept (those given before the disqualification still count)"
                ),
            );
            false
        }
    };
    Some(Reviewers {
        provenance: provenance(r.verified, &r.source, &r.note, &r.reading),
        conflict_cite: cx.cite(
            "/reviewers/conflict_cite",
            r.conflict_cite.as_deref(),
            articles,
        ),
        disqualification_cite: cx.cite(
            "/reviewers/disqualification_cite",
            r.disqualification_cite.as_deref(),
            articles,
        ),
        keep_earlier,
    })
}
