//! The text of a new amendment of a policy (`qaward new`): its head (base, decision, dates),
//! then, as comments, what the base has and how each part is changed — its parameters,
//! conditions, each category's stages and tiers, the sections and fields.

use std::fmt::Write as _;
use std::path::Path;

use super::Policy;
use crate::date::Date;

/// What a new amendment says of itself.
pub(crate) struct Amendment<'a> {
    /// Its id (its directory's name).
    pub id: &'a str,
    /// The first day it governs.
    pub effective: Date,
    /// The decision adopting it, when known.
    pub decision: Option<&'a str>,
    /// The body that decided, when known.
    pub body: Option<&'a str>,
}

/// The schema reference for editors, relative to the new file when the checkout's schemas are
/// beside the policy directory.
fn schema_line(dir: &Path) -> String {
    let schema = dir.join("..").join("schemas").join("amendment.schema.json");
    if schema.is_file() {
        "#:schema ../../schemas/amendment.schema.json\n".to_owned()
    } else {
        String::new()
    }
}

/// A TOML basic string holding `text` exactly (quotes, backslashes and control characters
/// escaped).
fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

pub(crate) fn amendment(base: &Policy, args: &Amendment<'_>, dir: &Path) -> String {
    let m = &base.meta;
    let decision = args.decision.unwrap_or("待填 · to be filled in").to_owned();
    let body = args.body.unwrap_or("待填 · to be filled in").to_owned();
    let first = |ids: Vec<String>| ids.into_iter().next().unwrap_or_else(|| "ID".to_owned());
    let example_condition = first(base.conditions.iter().map(|c| c.id.clone()).collect());
    let (example_stage, example_weight) = base
        .stages
        .first()
        .map_or(("ID".to_owned(), "0.50".to_owned()), |s| {
            (s.id.clone(), s.weight.to_string())
        });
    let (example_tier, example_quota) = base
        .tiers
        .first()
        .map_or(("ID".to_owned(), 1), |t| (t.id.clone(), t.quota + 1));
    let mut t = schema_line(dir);
    // Who may decide what, when the base says so.
    let who = m.committee.as_ref().map_or_else(String::new, |c| {
        let may: Vec<String> = c.may_change.iter().map(ToString::to_string).collect();
        let cite = c.cite.as_ref().map(|x| format!(" ({x})")).unwrap_or_default();
        // And what the base declares the committee's, or unsettled by the text ([[authority]]).
        let also: String = base
            .authority
            .iter()
            .map(|a| {
                let cite = a.cite.as_ref().map(|x| format!(" ({x})")).unwrap_or_default();
                format!("#   {}{cite}: {}\n", a.items.join(", "), a.why.zh)
            })
            .collect();
        let also = if also.is_empty() {
            String::new()
        } else {
            format!("# It may also decide what the base's [[authority]] leaves to it:\n{also}")
        };
        format!(
            "# {body} may change {may} only{cite}; anything else is for the issuing body ({issuer}) to decide.\n{also}",
            body = c.body,
            may = may.join(", "),
            issuer = m.issuer.zh
        )
    });
    let _ = write!(
        t,
        r#"# 修正案 · Amendment of {from}, adopted by the decision named below.
# Only what is written below changes; everything else is taken from {from} as it stands.
# Check it with `qaward policies` and `qaward eval COHORT --policy {id}`.
{who}
format = "qaward.amendment.v1"

[amendment]
id = "{id}"
extends = "{from}"
title = {{ zh = "{title_zh}（修正 {id}）", en = "{title_en} (amendment {id})" }}
effective = {effective}
# expires = {expires}   # the base's last day unless set (none: open-ended)
# Set the decision's own date below (it defaults to the effective date).
decision = {{ number = {decision_q}, date = {effective}, body = {body_q} }}
verified = false
source = {source_q}

# ─── Changes ─────────────────────────────────────────────────────────────────────────────
# Parameters — change a value (and say where it comes from):
#   [params.NAME]
#   value = …
#   source = "决定 …"
#   verified = true
# The base's parameters and their values now:
"#,
        from = m.id,
        id = args.id,
        decision_q = quote(&decision),
        body_q = quote(&body),
        source_q = quote(&format!("decision {decision}")),
        effective = args.effective,
        expires = m
            .expires
            .map_or_else(|| "YYYY-MM-DD".to_owned(), |e| e.to_string()),
        title_zh = m.title.zh,
        title_en = m.title.en,
    );
    for p in &base.params {
        let cite = p
            .cite
            .as_ref()
            .map(|c| format!("  ({c})"))
            .unwrap_or_default();
        let _ = writeln!(t, "#   {} = {}{cite}", p.name, p.value);
    }
    let _ = write!(
        t,
        r#"#
# Conditions — by id; change = "modify" (default: the keys given replace the base's, `clauses`
# replaces all clauses), "disable", "remove", or "add" (a whole new condition; `after` = id):
#   [[conditions]]
#   id = "{example_condition}"
#   change = "disable"
# The base's conditions: {conditions}
#
# Stages and tiers — by id, the keys given replace the base's:
#   [[stages]]                [[tiers]]
#   id = "{example_stage}"               id = "{example_tier}"
#   weight = {example_weight}             quota = {example_quota}
{categories}# Stages: {stages}
# Tiers: {tiers}
#
# Sections — [scoring], [shortlist], [ranking], [publicity]: the keys given replace the base's.
#
# Fields — a new fact the cohort carries (`qaward fields` lists the base's):
#   [fields."certifications.iso9001"]
#   new = true
#   type = "bool"
#   title = {{ zh = "…", en = "…" }}
"#,
        conditions = base
            .conditions
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        categories = categories_help(base),
        stages = per_category(base, |p| p
            .stages
            .iter()
            .map(|s| format!("{} {}", s.id, s.weight))
            .collect()),
        tiers = per_category(base, |p| p
            .tiers
            .iter()
            .map(|x| format!(
                "{} (quota {}, threshold {}, amount {})",
                x.id, x.quota, x.threshold, x.amount
            ))
            .collect()),
    );
    t
}

/// With categories: how one category's entry (and a joint cap) is named in an amendment.
fn categories_help(base: &Policy) -> String {
    let Some(first) = base.categories.first() else {
        return String::new();
    };
    let ids: Vec<&str> = base.categories.iter().map(|c| c.id.as_str()).collect();
    format!(
        "# Categories ({ids}): give `category = \"{first}\"` to change that category's stage or\n\
         # tier alone (the others keep theirs); [[scoring]], [[shortlist]] and [[ranking]] take it\n\
         # too. A joint cap is named by its tier: [[caps]] tier = \"…\" max = … rule = \"by_total\".\n",
        ids = ids.join(", "),
        first = first.id
    )
}

/// Each category's items as `list` says them ("organisation: a, b; individual: c"), or the
/// policy's own where it has no categories.
fn per_category(base: &Policy, list: impl Fn(&Policy) -> Vec<String>) -> String {
    if base.categories.is_empty() {
        return list(base).join(", ");
    }
    base.categories
        .iter()
        .map(|c| format!("{}: {}", c.id, list(&c.policy).join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}
