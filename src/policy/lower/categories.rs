//! Lowering categories (contract section 7): each category's procedure from its own entries
//! or the shared ones, and the caps on one tier's places across categories.

use super::{provenance, text_of};
use crate::diag::suggestion;
use crate::diag::text;
use crate::policy::doc::PolicyDoc;
use crate::policy::load::report::Cx;
use crate::policy::rules::{self, Count};
use crate::policy::{Article, Cap, CapRule, Ranking, Scoring, Shortlist, Stage, Tier};

type Tagged<T> = [(Option<String>, T)];

/// Each declared category's procedure; an entry without `category` serves every category
/// that has none of its own.
pub(super) fn parts(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
    (scorings, stages, shortlists): (&Tagged<Scoring>, &Tagged<Stage>, &Tagged<Shortlist>),
    (rankings, tiers): (&Tagged<Ranking>, &Tagged<Tier>),
) -> Vec<CategoryParts> {
    let mut out = Vec::new();
    for (ci, c) in doc.categories.iter().enumerate() {
        let p = format!("/categories/{ci}");
        if doc.categories[..ci].iter().any(|d| d.id == c.id) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("类别 `{}` 重复", c.id),
                    format!("category `{}` is declared twice", c.id)
                ),
                text!("每个类别只声明一次。", "declare each category once"),
            );
        }
        let own = |k: &Option<String>| k.as_deref() == Some(c.id.as_str());
        let scoring = pick_one_of(scorings, &own);
        let own_stages: Vec<Stage> = pick_all_of(stages, &own);
        let own_tiers: Vec<Tier> = pick_all_of(tiers, &own);
        let missing = |cx: &mut Cx, what: &str| {
            cx.error_at(
                "policy::missing",
                &p,
                text!(
                    format!("类别 `{}` 没有{what}，也没有共用的", c.id),
                    format!(
                        "the category `{}` has no {what} and there is no shared one",
                        c.id
                    )
                ),
                text!(
                    format!(
                        "为它写一个 category = \"{}\" 的，或写一个不带 category 的共用项。",
                        c.id
                    ),
                    format!(
                        "write one with category = \"{}\", or a shared one without `category`",
                        c.id
                    )
                ),
            );
        };
        let Some(scoring) = scoring else {
            missing(cx, "[scoring]");
            continue;
        };
        if own_stages.is_empty() {
            missing(cx, "[[stages]]");
        }
        if own_tiers.is_empty() {
            missing(cx, "[[tiers]]");
        }
        out.push(CategoryParts {
            id: c.id.clone(),
            title: text_of(&c.title),
            applicant: c.applicant.as_ref().map(text_of),
            name_title: c.name_title.as_ref().map(text_of),
            cite: cx.cite(&format!("{p}/cite"), c.cite.as_deref(), articles),
            note: c.note.clone(),
            scoring,
            stages: own_stages,
            shortlist: pick_one_of(shortlists, &own),
            ranking: pick_one_of(rankings, &own).unwrap_or_default(),
            tiers: own_tiers,
        });
    }
    out
}

/// The category's own entry, else the shared one.
fn pick_one_of<T: Clone>(list: &Tagged<T>, own: &dyn Fn(&Option<String>) -> bool) -> Option<T> {
    list.iter()
        .find(|(k, _)| own(k))
        .or_else(|| list.iter().find(|(k, _)| k.is_none()))
        .map(|(_, t)| t.clone())
}

/// The category's own entries, else the shared ones.
fn pick_all_of<T: Clone>(list: &Tagged<T>, own: &dyn Fn(&Option<String>) -> bool) -> Vec<T> {
    let mine: Vec<T> = list
        .iter()
        .filter(|(k, _)| own(k))
        .map(|(_, t)| t.clone())
        .collect();
    if mine.is_empty() {
        list.iter()
            .filter(|(k, _)| k.is_none())
            .map(|(_, t)| t.clone())
            .collect()
    } else {
        mine
    }
}

/// The caps, each on a tier every category it names has.
pub(super) fn caps(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
    categories: &[CategoryParts],
) -> Vec<Cap> {
    let declared: Vec<&str> = doc.categories.iter().map(|c| c.id.as_str()).collect();
    let mut out = Vec::new();
    for (i, c) in doc.caps.iter().enumerate() {
        let p = format!("/caps/{i}");
        let mut members = Vec::new();
        for (j, id) in c.categories.iter().enumerate() {
            match categories.iter().position(|k| &k.id == id) {
                Some(k) => {
                    if !categories[k].tiers.iter().any(|t| t.id == c.tier) {
                        cx.error_at(
                            "policy::unknown-tier",
                            &format!("{p}/tier"),
                            text!(
                                format!("类别 `{id}` 没有奖项等级 `{}`", c.tier),
                                format!("the category `{id}` has no tier `{}`", c.tier)
                            ),
                            text!(
                                "合计上限只能限定各类别都有的等级。",
                                "a joint cap bounds a tier every category it names has"
                            ),
                        );
                    }
                    members.push(k);
                }
                None if declared.contains(&id.as_str()) => {}
                None => unknown_category(cx, &format!("{p}/categories/{j}"), id, &declared),
            }
        }
        let max = match rules::count(
            rust_decimal::Decimal::from(c.max),
            &format!("{p}/max"),
            Count::Quota,
        ) {
            Ok(n) => n,
            Err(e) => {
                cx.error_at(e.code, &e.pointer, e.message, e.help);
                0
            }
        };
        let rule = match c.rule.as_deref() {
            None | Some("flag") => CapRule::Flag,
            Some("by_total") => CapRule::ByTotal,
            Some("by_share") => CapRule::ByShare,
            Some(other) => {
                cx.error_at(
                    "policy::bad-value",
                    &format!("{p}/rule"),
                    text!(
                        format!("合计上限的处理方式 `{other}` 不可用"),
                        format!("`{other}` is not a way a joint cap decides")
                    ),
                    text!(
                        "可填 flag（只标记，由评委会决定）、by_total（按总分高低保留，其余降入下一等级或不授奖）或 by_share（按总分占各类别标准总分的比例）。",
                        "write flag (mark only, the committee decides), by_total (the highest totals keep the places, the others drop to the next tier or out) or by_share (totals as shares of each category's standard total)"
                    ),
                );
                CapRule::Flag
            }
        };
        out.push(Cap {
            tier: c.tier.clone(),
            categories: members,
            max,
            rule,
            cite: cx.cite(&format!("{p}/cite"), c.cite.as_deref(), articles),
            provenance: provenance(c.verified, &c.source, &c.note, &c.reading),
        });
    }
    out
}

/// One category's procedure: its own entries, or the shared ones where it has none.
pub(super) struct CategoryParts {
    pub id: String,
    pub title: crate::diag::Text,
    pub applicant: Option<crate::diag::Text>,
    pub name_title: Option<crate::diag::Text>,
    pub cite: Option<crate::policy::Citation>,
    pub note: Option<String>,
    pub scoring: Scoring,
    pub stages: Vec<Stage>,
    pub shortlist: Option<Shortlist>,
    pub ranking: Ranking,
    pub tiers: Vec<Tier>,
}

/// A `category` that names no declared category.
pub(super) fn unknown_category(cx: &mut Cx, pointer: &str, c: &str, declared: &[&str]) {
    let help = suggestion(c, declared.iter().copied()).unwrap_or_else(|| {
        if declared.is_empty() {
            text!(
                "先用 [[categories]] 声明类别。".to_owned(),
                "declare the categories first with [[categories]]".to_owned()
            )
        } else {
            text!(
                format!("已声明的类别：{}", declared.join("、")),
                format!("the categories declared are: {}", declared.join(", "))
            )
        }
    });
    cx.error_at(
        "policy::unknown-category",
        pointer,
        text!(
            format!("类别 `{c}` 未声明"),
            format!("the category `{c}` is not declared")
        ),
        help,
    );
}
