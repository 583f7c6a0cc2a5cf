//! Lowering a checked policy document into a `Policy`, section by section, with every
//! cross-check: `meta` (format, id, window, articles), `params`, `conditions` and `clause`
//! (each clause kind), `operand` (fields, parameters, operators, types), and `procedure`
//! (scoring, stages, shortlist, ranking, tiers, publicity). The procedure's numbers obey
//! `policy::rules`, which sweeps use too. Problems are reported through the load's `Cx`.

mod authority;
mod categories;
mod clause;
mod conditions;
mod ledger;
mod meta;
mod model;
mod operand;
mod panels;
mod params;
mod procedure;
mod titles;

use std::sync::Arc;

use super::doc::{PolicyDoc, TextDoc};
use super::load::report::{Cx, Loaded};
use super::script::{Limits, Scripts};
use super::{rules, Category, Policy, Provenance};
use crate::diag::text;
use crate::diag::Text;

/// The policy the document describes, or `None` when a problem stops it (all reported).
pub(super) fn lower(cx: &mut Cx, doc: PolicyDoc, files: &Loaded) -> Option<Policy> {
    let (meta, articles) = meta::lower_meta(cx, &doc, files);
    let params = params::lower_params(cx, &doc, &articles);
    let data = model::lower_model(cx, &doc, &articles);
    let scripts = Scripts::new(&params, Limits::default());
    let criteria = panels::lower_criteria(cx, &doc, &articles);
    let reviewers = panels::lower_reviewers(cx, &doc, &articles);
    let procedure =
        procedure::lower_procedure(cx, &doc, &articles, &params, &files.calendars, &criteria);
    let names = operand::Names {
        params: &params,
        model: &data,
        stages: procedure.stages.iter().map(|s| s.id.clone()).collect(),
    };
    let conditions = conditions::lower_conditions(cx, &doc, &articles, &names, &scripts, files);
    let authority = authority::lower_authority(cx, &doc, &articles);
    let ledger = ledger::lower_ledger(cx, &doc, &articles, &data);
    let policy = Policy {
        meta,
        articles,
        params,
        model: data,
        conditions,
        scoring: procedure.scoring,
        stages: procedure.stages,
        criteria,
        reviewers,
        shortlist: procedure.shortlist,
        ranking: procedure.ranking,
        tiers: procedure.tiers,
        publicity: procedure.publicity,
        categories: Vec::new(),
        caps: procedure.caps,
        authority,
        ledger,
        origin: files.origin.clone(),
        digest: String::new(),
        scripts: Arc::new(scripts),
        source: Arc::default(),
        load_warnings: Vec::new(),
        unverified_note: None,
    };
    let mut policy = policy;
    if procedure.categories.is_empty() {
        for p in rules::procedure(&policy) {
            cx.error_at(p.code, &p.pointer, p.message, p.help);
        }
    }
    // Each category's policy: the whole policy with that category's procedure.
    for c in procedure.categories {
        let mut own = policy.clone();
        own.scoring = c.scoring;
        own.stages = c.stages;
        own.shortlist = c.shortlist;
        own.ranking = c.ranking;
        own.tiers = c.tiers;
        own.caps = Vec::new();
        // The category's own nouns, where it declares them.
        if let Some(a) = c.applicant {
            own.meta.applicant = a;
        }
        if let Some(n) = c.name_title {
            own.meta.name_title = n;
        }
        for p in rules::procedure(&own) {
            let pointer = in_document(&doc, &c.id, &own, &p.pointer);
            let message = text!(
                format!("类别 `{}`：{}", c.id, p.message.zh),
                format!("category `{}`: {}", c.id, p.message.en)
            );
            cx.error_at(p.code, &pointer, message, p.help);
        }
        // The category's tie-break compares its own stages only.
        for (i, s) in own.ranking.tie_break.iter().enumerate() {
            if own.stage(s).is_none() {
                let at = doc
                    .ranking
                    .entries("ranking")
                    .into_iter()
                    .find(|(_, r)| r.category.as_deref() == Some(c.id.as_str()))
                    .or_else(|| {
                        doc.ranking
                            .entries("ranking")
                            .into_iter()
                            .find(|(_, r)| r.category.is_none())
                    })
                    .map_or_else(
                        || "/ranking".to_owned(),
                        |(p, _)| format!("{p}/tie_break/{i}"),
                    );
                cx.error_at(
                    "policy::unknown-stage",
                    &at,
                    text!(
                        format!("类别 `{}` 的排名规则比较评审环节 `{s}`，但该类别没有这一环节", c.id),
                        format!("category `{}`: the ranking compares the stage `{s}`, which the category does not have", c.id)
                    ),
                    text!(
                        "为该类别写一个 [[ranking]]（category = 该类别），只列它自己的评审环节。",
                        "write a [[ranking]] for the category (category = its id) listing its own stages"
                    ),
                );
            }
        }
        policy.categories.push(Category {
            id: c.id,
            title: c.title,
            cite: c.cite,
            note: c.note,
            policy: Arc::new(own),
        });
    }
    policy.unverified_note = policy.unverified_warning();
    Some(policy)
}

/// Where in the document a problem found in a category's procedure lies: `/stages/2/weight`
/// of the category's own list is the entry of the document's list with that id, for that
/// category or shared.
fn in_document(doc: &PolicyDoc, category: &str, own: &Policy, pointer: &str) -> String {
    let remap =
        |list: &str, ids: Vec<(&str, Option<&str>)>, id_at: &dyn Fn(usize) -> Option<String>| {
            let rest = pointer.strip_prefix(&format!("/{list}/"))?;
            let (i, tail) = rest.split_once('/').unwrap_or((rest, ""));
            let id = id_at(i.parse().ok()?)?;
            let j = ids
                .iter()
                .position(|(d, c)| *d == id && *c == Some(category))
                .or_else(|| ids.iter().position(|(d, c)| *d == id && c.is_none()))?;
            Some(if tail.is_empty() {
                format!("/{list}/{j}")
            } else {
                format!("/{list}/{j}/{tail}")
            })
        };
    let stages: Vec<(&str, Option<&str>)> = doc
        .stages
        .iter()
        .map(|s| (s.id.as_str(), s.category.as_deref()))
        .collect();
    let tiers: Vec<(&str, Option<&str>)> = doc
        .tiers
        .iter()
        .map(|t| (t.id.as_str(), t.category.as_deref()))
        .collect();
    remap("stages", stages, &|i| {
        own.stages.get(i).map(|s| s.id.clone())
    })
    .or_else(|| remap("tiers", tiers, &|i| own.tiers.get(i).map(|t| t.id.clone())))
    .unwrap_or_else(|| pointer.to_owned())
}

/// Provenance as written; anything not marked `verified = true` is unverified.
pub(super) fn provenance(
    verified: Option<bool>,
    source: &Option<String>,
    note: &Option<String>,
    reading: &Option<String>,
) -> Provenance {
    Provenance {
        verified: verified.unwrap_or(false),
        source: source.clone(),
        note: note.clone(),
        reading: reading.clone(),
    }
}

pub(super) fn text_of(t: &TextDoc) -> Text {
    Text::new(t.zh.clone(), t.en.clone())
}
