//! The full trace for one applicant: every condition and clause with what was observed and the
//! parameters used, the shortlist position and cut-off, the total's arithmetic, the ranking
//! neighbours, the tier decision with quota and threshold, and the payout with the history entry
//! that decided it. Built once as data (`Explanation`, also the JSON form), then written as text
//! or Markdown. Every step carries its citation.
//!
//! - `steps`: the shortlist, total, ranking, tier and payout, and notice steps;
//! - `write`: the text and Markdown forms.

mod steps;
mod write;

use steps::{payout_step, publicity_step, ranking_step, shortlist_step, total_step};
pub use write::{markdown, text};

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;

use super::reason;
use super::words::{
    eligibility_word, half, later_stages, no_shortlist_score, ordinal, shortlist_score,
    shortlist_stage, status_word,
};
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{ClauseStatus, Eligibility, Outcome, Verdict};
use crate::policy::{Citation, Clause};

#[derive(Serialize)]
pub struct Explanation {
    pub applicant: String,
    pub name: Option<String>,
    pub policy: String,
    pub reference_date: String,
    /// The same date as the language writes it (2024年9月1日).
    #[serde(skip)]
    pub reference_date_words: String,
    /// The applicant's category's title (only when the policy declares categories).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub eligibility: &'static str,
    pub conditions: Vec<ConditionStep>,
    pub steps: Vec<Step>,
    /// What reading the cohort noticed about this applicant (undeclared keys, values outside
    /// an enumeration).
    pub warnings: Vec<String>,
}

#[derive(Serialize)]
pub struct ConditionStep {
    pub id: String,
    pub cite: String,
    pub title: String,
    /// The reading the policy takes of this condition, when it marks one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    pub status: &'static str,
    pub clauses: Vec<ClauseStep>,
}

#[derive(Serialize)]
pub struct ClauseStep {
    pub id: String,
    pub status: &'static str,
    pub reason: String,
    /// The reading the policy takes of this clause, when it marks one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// The `any_of` group it is a member of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Its citation when it is not the condition's (a group's own, or its group's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
    /// How deep it is nested in groups (0: directly in the condition).
    #[serde(skip)]
    pub depth: usize,
}

/// The depth of the clause at `i` among `all`, and the nearest citation of its own or of
/// a group around it.
fn nesting(all: &[Clause], i: usize, lang: Lang) -> (usize, Option<String>) {
    let (mut depth, mut cite, mut at) = (0, None, Some(i));
    while let Some(k) = at.and_then(|j| all.get(j)) {
        if cite.is_none() {
            cite = k.cite.as_ref().map(|c| c.shown(lang));
        }
        at = k.parent;
        depth += usize::from(at.is_some());
    }
    (depth, cite)
}

/// One step of the procedure after eligibility: what it is, its citation, and the lines that
/// explain it.
#[derive(Serialize)]
pub struct Step {
    pub step: &'static str,
    pub title: String,
    pub cite: String,
    pub lines: Vec<String>,
}

fn cite(c: Option<&Citation>, lang: Lang) -> String {
    c.map(|c| c.shown(lang)).unwrap_or_default()
}

fn clause_status(s: ClauseStatus) -> &'static str {
    match s {
        ClauseStatus::True => "true",
        ClauseStatus::False => "false",
        ClauseStatus::Unknown => "unknown",
        ClauseStatus::NotApplicable => "not_applicable",
    }
}

/// Explains the verdict on the applicant at `index` of the outcome.
pub fn explain(outcome: &Outcome<'_>, index: usize, lang: Lang) -> Option<Explanation> {
    let v = outcome.verdicts.get(index)?;
    let p = outcome.policy;
    let cycle = &outcome.cohort.cycle;
    let records = v.applicant.records.as_deref().unwrap_or(&[]);
    let conditions = v
        .by_condition(p)
        .map(|(c, status, clauses)| ConditionStep {
            id: c.id.clone(),
            cite: c.cite.shown(lang),
            title: c.title.get(lang).to_owned(),
            reading: c
                .provenance
                .reading
                .as_deref()
                .map(|r| half(r, lang).to_owned()),
            status: status.as_str(),
            clauses: c
                .clauses
                .iter()
                .zip(clauses)
                .enumerate()
                .map(|(i, (k, kv))| {
                    let (depth, cite) = nesting(&c.clauses, i, lang);
                    ClauseStep {
                        id: k.id.clone(),
                        status: clause_status(kv.status),
                        reason: reason::clause_reason(k, kv, records, cycle, lang),
                        reading: k.reading.as_deref().map(|r| half(r, lang).to_owned()),
                        group: k
                            .parent
                            .and_then(|g| c.clauses.get(g))
                            .map(|g| g.id.clone()),
                        cite,
                        depth,
                    }
                })
                .collect(),
        })
        .collect();
    let mut steps = Vec::new();
    for step in [
        shortlist_step,
        total_step,
        ranking_step,
        payout_step,
        publicity_step,
    ] {
        step(outcome, v, lang, &mut steps);
    }

    Some(Explanation {
        applicant: v.applicant.id.clone(),
        name: v.applicant.name.clone(),
        policy: p.meta.id.clone(),
        reference_date: outcome.reference_date.to_string(),
        reference_date_words: lang.pick(
            outcome.reference_date.zh(),
            outcome.reference_date.to_string(),
        ),
        category: v
            .applicant
            .category
            .and_then(|k| p.categories.get(k))
            .map(|c| c.title.get(lang).to_owned()),
        eligibility: v.eligibility.as_str(),
        conditions,
        steps,
        // What the cohort said of this applicant, then what the whole result rests on
        // (unverified items, a provisional cut-off): an explanation travels with its warnings.
        warnings: outcome
            .cohort
            .warnings
            .iter()
            .filter(|n| n.applicants.contains(&v.applicant.id))
            .map(|n| n.text.get(lang).to_owned())
            .chain(
                outcome
                    .warnings
                    .iter()
                    // A notice about named applicants is this applicant's (said above) or
                    // stays on the others' papers.
                    .filter(|w| {
                        !outcome
                            .cohort
                            .warnings
                            .iter()
                            .any(|n| n.text == **w && !n.applicants.is_empty())
                    })
                    .map(|w| w.get(lang).to_owned()),
            )
            .collect(),
    })
}
