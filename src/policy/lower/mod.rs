//! Lowering a checked policy document into a `Policy`, section by section, with every
//! cross-check: `meta` (format, id, window, articles), `params`, `conditions` and `clause`
//! (each clause kind), `operand` (fields, parameters, operators, types), and `procedure`
//! (scoring, stages, shortlist, ranking, tiers, publicity). The procedure's numbers obey
//! `policy::rules`, which sweeps use too. Problems are reported through the load's `Cx`.

mod authority;
mod categories;
mod clause;
mod conditions;
mod meta;
mod model;
mod operand;
mod params;
mod procedure;
mod titles;

use std::sync::Arc;

use super::doc::{PolicyDoc, TextDoc};
use super::load::{Cx, Loaded};
use super::script::{Limits, Scripts};
use super::{rules, Category, Policy, Provenance};
use crate::diag::Text;

/// The policy the document describes, or `None` when a problem stops it (all reported).
pub(super) fn lower(cx: &mut Cx, doc: PolicyDoc, files: &Loaded) -> Option<Policy> {
    let (meta, articles) = meta::lower_meta(cx, &doc, files);
    let params = params::lower_params(cx, &doc, &articles);
    let data = model::lower_model(cx, &doc, &articles);
    let scripts = Scripts::new(&params, Limits::default());
    let procedure = procedure::lower_procedure(cx, &doc, &articles, &params, &files.calendars);
    let names = operand::Names {
        params: &params,
        model: &data,
        stages: procedure.stages.iter().map(|s| s.id.clone()).collect(),
    };
    let conditions = conditions::lower_conditions(cx, &doc, &articles, &names, &scripts, files);
    let authority = authority::lower_authority(cx, &doc, &articles);
    let policy = Policy {
        meta,
        articles,
        params,
        model: data,
        conditions,
        scoring: procedure.scoring,
        stages: procedure.stages,
        shortlist: procedure.shortlist,
        ranking: procedure.ranking,
        tiers: procedure.tiers,
        publicity: procedure.publicity,
        categories: Vec::new(),
        caps: procedure.caps,
        authority,
        origin: files.origin.clone(),
        digest: files.digest.clone(),
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
            cx.error_at(p.code, &p.pointer, p.message, p.help);
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
