//! The result document of contract section 4 (`qaward.result.v1`), valid against
//! `schemas/result.schema.json`. Field order is fixed by these structs, so the same inputs give
//! the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::reason;
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{ClauseVerdict, Observed, Outcome};
use crate::policy::fields::Val;

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
        let mut said = Said::default();
        s.collect_seq(
            self.outcome
                .verdicts
                .iter()
                .map(|v| applicant(self.outcome, v, self.lang, &mut said)),
        )
    }
}

/// Condition reasons already written, by what decided them. Most applicants pass most
/// conditions on the same facts (yes/no answers, no record in the window, the same form), and
/// such a reason does not depend on the applicant: it is made once and copied after.
#[derive(Default)]
struct Said {
    reasons: std::collections::HashMap<String, String>,
}

impl Said {
    /// At most this many reasons are kept (free text in a clause could make every key new).
    const MOST: usize = 4096;

    /// The key of a condition's reason when it depends only on what the key holds.
    fn key(condition: usize, status: &str, clauses: &[ClauseVerdict<'_>]) -> Option<String> {
        use std::fmt::Write as _;
        let mut key = format!("{condition}{status}");
        for c in clauses {
            let _ = write!(key, "|{:?}", c.status);
            match &c.observed {
                Observed::NoRecord => key.push('n'),
                Observed::AllYears => key.push('a'),
                Observed::Disabled => key.push('d'),
                Observed::OtherCategory => key.push('o'),
                Observed::Group => key.push('g'),
                Observed::Missing(path) => {
                    let _ = write!(key, "m{path}");
                }
                Observed::Value(v) | Observed::GuardFalse(v) => {
                    let guard = matches!(c.observed, Observed::GuardFalse(_));
                    key.push(if guard { 'G' } else { 'v' });
                    match v {
                        Val::Bool(b) => key.push(if *b { '1' } else { '0' }),
                        Val::Int(i) => {
                            let _ = write!(key, "i{i}");
                        }
                        // The length first, so no text can end one part and start the next.
                        Val::Text(t) => {
                            let _ = write!(key, "t{}:{t}", t.len());
                        }
                        Val::Decimal(_) | Val::Date(_) => return None,
                    }
                }
                _ => return None,
            }
        }
        Some(key)
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
    /// The place by the shortlist stage's score; the contract names it after Wuxi's first
    /// stage (material review).
    #[serde(rename = "material_rank")]
    shortlist_rank: Option<u32>,
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
    said: &mut Said,
) -> Applicant<'a> {
    let policy = outcome.policy;
    let cycle = &outcome.cohort.cycle;
    let records = v.applicant.records.as_deref().unwrap_or(&[]);
    let conditions = v
        .by_condition(policy)
        .enumerate()
        .map(|(i, (c, status, clauses))| {
            let make = || reason::condition_reason(c, status, clauses, records, cycle, lang);
            let reason = match Said::key(i, status.as_str(), clauses) {
                Some(key) if said.reasons.len() < Said::MOST => {
                    said.reasons.entry(key).or_insert_with(make).clone()
                }
                Some(key) => said.reasons.get(&key).cloned().unwrap_or_else(make),
                None => make(),
            };
            ConditionOut {
                id: &c.id,
                cite: c.cite.to_string(),
                status: status.as_str(),
                reason,
            }
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
        shortlist_rank: v.shortlist_rank,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::ClauseStatus;

    fn verdict(status: ClauseStatus, observed: Observed<'_>) -> ClauseVerdict<'_> {
        ClauseVerdict { status, observed }
    }

    #[test]
    fn a_reason_is_shared_only_when_everything_it_says_is_in_its_key() {
        let key = |v: Vec<ClauseVerdict<'_>>| Said::key(3, "pass", &v);
        let yes = key(vec![verdict(
            ClauseStatus::True,
            Observed::Value(Val::Bool(true)),
        )]);
        let no = key(vec![verdict(
            ClauseStatus::False,
            Observed::Value(Val::Bool(false)),
        )]);
        assert!(yes.is_some() && no.is_some() && yes != no);
        // Texts that would run together are told apart by their length.
        let ab = key(vec![
            verdict(ClauseStatus::True, Observed::Value(Val::Text("a|T"))),
            verdict(ClauseStatus::True, Observed::Value(Val::Text("b"))),
        ]);
        let a = key(vec![
            verdict(ClauseStatus::True, Observed::Value(Val::Text("a"))),
            verdict(ClauseStatus::True, Observed::Value(Val::Text("T|b"))),
        ]);
        assert_ne!(ab, a);
        // The same facts under another condition are another reason.
        assert_ne!(
            Said::key(
                3,
                "pass",
                &[verdict(ClauseStatus::True, Observed::NoRecord)]
            ),
            Said::key(
                4,
                "pass",
                &[verdict(ClauseStatus::True, Observed::NoRecord)]
            )
        );
        // Reasons that name the applicant's own numbers, dates or records are not shared.
        let decimal = Val::Decimal(rust_decimal::Decimal::ONE);
        assert_eq!(
            key(vec![verdict(ClauseStatus::True, Observed::Value(decimal))]),
            None
        );
        assert_eq!(
            key(vec![verdict(ClauseStatus::False, Observed::Record(0))]),
            None
        );
    }
}
