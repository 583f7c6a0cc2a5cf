//! The receipt of a recorded evaluation: what it rests on (qaward's version, the policy and its
//! digest, the cohort's digest, the result's digest, the reference date and the notice), and
//! everyone it placed in a tier, each with the identity the policy declares.

use std::path::Path;

use super::entry::{Placed, Run};
use crate::cohort::{CohortFile, Value};
use crate::engine::Case;

/// The receipt of an evaluation: what it rests on, and everyone it placed in a tier.
pub fn receipt(
    case: &Case,
    outcome: &crate::eval::Outcome<'_>,
    file: &CohortFile,
    cohort: &Path,
    result: &str,
    reviews: Option<&crate::reviews::Reviews>,
) -> Run {
    let policy = &case.policy;
    let slot = policy
        .ledger
        .as_ref()
        .and_then(|l| policy.model.field(&l.identity))
        .map(|(i, _)| i);
    let rows: std::collections::HashMap<&str, usize> = case
        .cohort
        .applicants
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut placed = Vec::new();
    let mut unidentified = Vec::new();
    for v in &outcome.verdicts {
        let Some(t) = v.tier else { continue };
        let own = v
            .applicant
            .category
            .and_then(|k| policy.categories.get(k))
            .map_or(policy, |c| &c.policy);
        let Some(tier) = own.tiers.get(t) else {
            continue;
        };
        let identity = rows.get(v.applicant.id.as_str()).and_then(|&i| {
            match slot.and_then(|s| case.cohort.row(i).values.get(s).cloned().flatten()) {
                Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_owned()),
                _ => None,
            }
        });
        let Some(identity) = identity else {
            unidentified.push(v.applicant.id.clone());
            continue;
        };
        placed.push(Placed {
            id: v.applicant.id.clone(),
            identity,
            name: v.applicant.name.clone(),
            tier: tier.id.clone(),
            category: v
                .applicant
                .category
                .and_then(|k| policy.categories.get(k))
                .map(|c| c.id.clone()),
            total: v.total.map(crate::decimal::show),
            won_before: v
                .prior_win
                .and_then(|i| v.applicant.history.as_ref()?.get(i))
                .map(|h| h.year),
        });
    }
    Run {
        engine: format!(
            "qaward {} ({})",
            env!("CARGO_PKG_VERSION"),
            env!("QAWARD_COMMIT")
        ),
        policy: policy.meta.id.clone(),
        policy_digest: policy.digest.clone(),
        cohort: cohort
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        cohort_digest: file.digest().unwrap_or_default(),
        result_digest: crate::digest::of_bytes(result.as_bytes()),
        reference: case.reference.to_string(),
        publicity: outcome
            .publicity
            .map(|(a, b)| (a.to_string(), b.to_string())),
        placed,
        unidentified,
        provisional: outcome.provisional,
        reviews: reviews.map(|r| (r.file_name(), r.digest.clone())),
    }
}

/// What a cohort's identities say against the ledger before its run is recorded: two
/// applicants of one identity (refused: the ledger could not tell them apart), and an identity
/// the ledger knows under another name (said, for a mistyped code gives another's wins).
pub fn check_identities(
    cohort: &crate::cohort::Cohort,
    policy: &crate::policy::Policy,
    entries: &[super::entry::Entry],
) -> (Vec<crate::diag::Diagnostic>, Vec<crate::diag::Diagnostic>) {
    use crate::diag::{text, Diagnostic};
    let Some(l) = policy.ledger.as_ref() else {
        return (Vec::new(), Vec::new());
    };
    let Some((slot, field)) = policy.model.field(&l.identity) else {
        return (Vec::new(), Vec::new());
    };
    let title = &field.title;
    // The name each identity was last placed under, by the ledger's runs.
    let mut known: std::collections::HashMap<String, (i32, String)> = Default::default();
    for e in entries
        .iter()
        .filter(|e| e.is(super::entry::Kind::Run) && e.award == policy.meta.family)
    {
        if let Some(run) = e.facts::<Run>() {
            for p in run.placed {
                if let Some(n) = p.name {
                    known.insert(p.identity, (e.year, n));
                }
            }
        }
    }
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for row in cohort.rows() {
        let Some(Some(Value::Text(t))) = row.values.get(slot) else {
            continue;
        };
        let identity = t.trim();
        if identity.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(identity.to_owned(), row.id.clone()) {
            errors.push(
                Diagnostic::error(
                    "ledger::same-identity",
                    text!(
                        format!("申报者 `{first}` 与 `{}` 的{}同为 {identity}；台账无法区分二者", row.id, title.zh),
                        format!("applicants `{first}` and `{}` have the same {} {identity}; the ledger cannot tell them apart", row.id, title.en)
                    ),
                )
                .help(text!(
                    format!("核对二者的{}，更正后再记录评定。", title.zh),
                    format!("check both {}s and record the evaluation once corrected", title.en)
                )),
            );
        }
        let name = row.name.as_deref().unwrap_or("");
        if let Some((year, was)) = known
            .get(identity)
            .filter(|(_, was)| !name.is_empty() && was != name)
        {
            warnings.push(Diagnostic::warning(
                "ledger::other-name",
                text!(
                    format!("申报者 `{}`（{name}）的{} {identity} 在台账 {year} 年度记为“{was}”；如代码填错，将沿用他人的获奖经历", row.id, title.zh),
                    format!("applicant `{}` ({name}): the {} {identity} was “{was}” in the ledger's {year}; if the code is mistyped, another's wins are taken as its own", row.id, title.en)
                ),
            )
            .help(text!(
                "核对统一社会信用代码；更名的组织可不理会此提示。",
                "check the code; an organisation that changed its name may ignore this"
            )));
        }
    }
    (errors, warnings)
}
