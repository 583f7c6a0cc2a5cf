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
    }
}
