//! The result document of contract section 4 (`qaward.result.v1`), valid against
//! `schemas/result.schema.json`. Field order is fixed by these structs, so the same inputs give
//! the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::reason;
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::Outcome;

#[derive(Serialize)]
struct Result<'a, 'c> {
    format: &'static str,
    engine: Engine,
    policy: PolicyRef<'a>,
    reference_date: String,
    in_force: bool,
    applicants: Applicants<'a, 'c>,
    summary: Summary,
    publicity: Option<Publicity>,
    warnings: Vec<String>,
}

/// The applicants, each made as it is written: the result is never held whole.
struct Applicants<'a, 'c> {
    outcome: &'a Outcome<'c>,
    lang: Lang,
}

impl Serialize for Applicants<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(
            self.outcome
                .verdicts
                .iter()
                .map(|v| applicant(self.outcome, v, self.lang)),
        )
    }
}

#[derive(Serialize)]
struct Engine {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct PolicyRef<'a> {
    id: &'a str,
    title: &'a str,
    effective: String,
    /// The last day in force; `null` for an open-ended policy.
    expires: Option<String>,
    digest: &'a str,
}

#[derive(Serialize)]
struct Applicant<'a> {
    id: &'a str,
    name: Option<&'a str>,
    /// The category's id (v2, only when the policy declares categories).
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    eligibility: &'static str,
    conditions: Vec<ConditionOut<'a>>,
    shortlisted: bool,
    material_rank: Option<u32>,
    total: Option<String>,
    rank: Option<u32>,
    tier: Option<&'a str>,
    first_time: Option<bool>,
    payout: String,
    flags: Vec<&'static str>,
    /// Added to contract v1: how far the total is from changing tier.
    margins: Option<MarginOut>,
}

#[derive(Serialize)]
struct MarginOut {
    keep_down_to: Option<String>,
    keep_inclusive: Option<bool>,
    can_lose: Option<String>,
    next_tier: Option<String>,
    reach_at: Option<String>,
    reach_inclusive: Option<bool>,
    needs: Option<String>,
}

#[derive(Serialize)]
struct ConditionOut<'a> {
    id: &'a str,
    cite: String,
    status: &'static str,
    reason: String,
}

#[derive(Serialize)]
struct Summary {
    applicants: usize,
    eligible: usize,
    ineligible: usize,
    undetermined: usize,
    shortlisted: usize,
    tiers: BTreeMap<String, u32>,
    vacancies: BTreeMap<String, u32>,
    /// Of the vacancies, places held back for the committee by a tie at the quota boundary
    /// (only tiers that have such places).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    held_for_committee: BTreeMap<String, u32>,
    payout_total: String,
    /// Each category's own summary (v2, only when the policy declares categories).
    #[serde(skip_serializing_if = "Option::is_none")]
    categories: Option<BTreeMap<String, Summary>>,
}

/// The summary's numbers, by the tier ids of `policy`.
fn summary_of(policy: &crate::policy::Policy, s: &crate::eval::Summary) -> Summary {
    Summary {
        applicants: s.applicants,
        eligible: s.eligible,
        ineligible: s.ineligible,
        undetermined: s.undetermined,
        shortlisted: s.shortlisted,
        tiers: policy
            .tiers
            .iter()
            .zip(&s.tiers)
            .map(|(t, x)| (t.id.clone(), x.filled))
            .collect(),
        vacancies: policy
            .tiers
            .iter()
            .zip(&s.tiers)
            .map(|(t, x)| (t.id.clone(), x.vacant))
            .collect(),
        held_for_committee: policy
            .tiers
            .iter()
            .zip(&s.tiers)
            .filter(|(_, x)| x.held > 0)
            .map(|(t, x)| (t.id.clone(), x.held))
            .collect(),
        payout_total: show(s.payout_total),
        categories: None,
    }
}

#[derive(Serialize)]
struct Publicity {
    start: String,
    end: String,
}

/// One applicant's entry, with its reasons in `lang`.
fn applicant<'a>(
    outcome: &'a Outcome<'_>,
    v: &'a crate::eval::Verdict<'_>,
    lang: Lang,
) -> Applicant<'a> {
    let policy = outcome.policy;
    let cycle = &outcome.cohort.cycle;
    let records = v.applicant.records.as_deref().unwrap_or(&[]);
    let conditions = v
        .by_condition(policy)
        .map(|(c, status, clauses)| ConditionOut {
            id: &c.id,
            cite: c.cite.to_string(),
            status: status.as_str(),
            reason: reason::condition_reason(c, status, clauses, records, cycle, lang),
        })
        .collect();
    let own = outcome.policy_for(v);
    Applicant {
        id: &v.applicant.id,
        name: v.applicant.name.as_deref(),
        category: v
            .applicant
            .category
            .and_then(|k| policy.categories.get(k))
            .map(|c| c.id.as_str()),
        eligibility: v.eligibility.as_str(),
        conditions,
        shortlisted: v.shortlisted,
        material_rank: v.material_rank,
        total: v.total.map(show),
        rank: v.rank,
        tier: v.tier.map(|t| own.tiers[t].id.as_str()),
        first_time: v.first_time,
        payout: show(v.payout),
        flags: v.flags.iter().map(|f| f.as_str()).collect(),
        margins: v.margin.as_ref().map(|m| MarginOut {
            keep_down_to: m.keep.as_ref().map(|b| show(b.at)),
            keep_inclusive: m.keep.as_ref().map(|b| b.inclusive),
            can_lose: m.can_lose.map(show),
            next_tier: m.next_tier.clone(),
            reach_at: m.reach.as_ref().map(|b| show(b.at)),
            reach_inclusive: m.reach.as_ref().map(|b| b.inclusive),
            needs: m.needs.map(show),
        }),
    }
}

/// Renders the outcome as pretty-printed JSON with a trailing newline.
pub fn render(outcome: &Outcome<'_>, lang: Lang) -> String {
    let mut out = Vec::new();
    match write(outcome, lang, false, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// Writes the outcome as JSON with a trailing newline, applicant by applicant: pretty-printed,
/// or on one line when `compact`.
pub fn write(
    outcome: &Outcome<'_>,
    lang: Lang,
    compact: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let policy = outcome.policy;
    let s = &outcome.summary;
    let result = Result {
        format: "qaward.result.v1",
        engine: Engine {
            name: "qaward",
            version: env!("CARGO_PKG_VERSION"),
        },
        policy: PolicyRef {
            id: &policy.meta.id,
            title: policy.meta.title.get(lang),
            effective: policy.meta.effective.to_string(),
            expires: policy.meta.expires.map(|e| e.to_string()),
            digest: &policy.digest,
        },
        reference_date: outcome.reference_date.to_string(),
        in_force: outcome.in_force,
        applicants: Applicants { outcome, lang },
        summary: Summary {
            categories: (!policy.categories.is_empty()).then(|| {
                policy
                    .categories
                    .iter()
                    .zip(&outcome.by_category)
                    .map(|(c, cs)| (c.id.clone(), summary_of(&c.policy, cs)))
                    .collect()
            }),
            ..summary_of(policy, s)
        },
        publicity: outcome.publicity.map(|(start, end)| Publicity {
            start: start.to_string(),
            end: end.to_string(),
        }),
        warnings: outcome
            .warnings
            .iter()
            .map(|w| w.get(lang).to_owned())
            .collect(),
    };
    if compact {
        serde_json::to_writer(&mut *out, &result)?;
    } else {
        serde_json::to_writer_pretty(&mut *out, &result)?;
    }
    out.write_all(b"\n")
}
