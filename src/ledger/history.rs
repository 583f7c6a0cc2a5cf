//! Each applicant's earlier wins from the ledger, for an evaluation (`eval --ledger`): found by
//! the identity the policy declares. For a year whose approval the ledger holds, the ledger's
//! word is taken over what the cohort typed (with a warning where the two disagree); wins of
//! years before the ledger began are kept as typed. So the first-time rule needs no typing
//! once the ledger holds the years that matter.

use super::book::Book;
use super::entry::Entry;
use crate::cohort::{Cohort, HistoryEntry, Notice, Value};
use crate::diag::text;
use crate::policy::Policy;

/// Fills `cohort`'s history from `entries` (wins of earlier years of the policy's award);
/// returns how many applicants were found in the ledger.
pub fn fill(cohort: &mut Cohort, policy: &Policy, entries: &[Entry]) -> usize {
    let Some(l) = policy.ledger.as_ref() else {
        return 0;
    };
    let Some((slot, field)) = policy.model.field(&l.identity) else {
        return 0;
    };
    let title = field.title.clone();
    let book = Book::of(&policy.meta.family, entries);
    let year = cohort.cycle.year;
    let covered = book.approved_years_before(year);
    let mut found = 0;
    let mut unidentified = Vec::new();
    let mut differ = Vec::new();
    for i in 0..cohort.applicants.len() {
        let identity = match cohort.row(i).values.get(slot) {
            Some(Some(Value::Text(t))) if !t.trim().is_empty() => t.trim().to_owned(),
            _ => {
                unidentified.push(cohort.applicants[i].id.clone());
                continue;
            }
        };
        let mut wins: Vec<HistoryEntry> = book
            .wins(&identity)
            .into_iter()
            .filter(|w| w.year < year)
            .map(|w| HistoryEntry {
                year: w.year,
                category: w
                    .placed
                    .category
                    .as_deref()
                    .and_then(|c| policy.categories.iter().position(|k| k.id == c)),
                tier: w.placed.tier,
                revoked: Some(w.revoked.is_some()),
            })
            .collect();
        if !wins.is_empty() {
            found += 1;
        }
        let a = &mut cohort.applicants[i];
        // Nothing typed and nothing in the ledger: still not known.
        if a.history.is_none() && wins.is_empty() {
            continue;
        }
        let typed = a.history.take().unwrap_or_default();
        let (typed_covered, before): (Vec<HistoryEntry>, Vec<HistoryEntry>) =
            typed.into_iter().partition(|h| covered.contains(&h.year));
        if !typed_covered.is_empty() && key(&typed_covered) != key(&wins) {
            differ.push(a.id.clone());
        }
        wins.extend(before);
        wins.sort_by_key(|h| h.year);
        a.history = Some(wins);
    }
    if !differ.is_empty() {
        cohort.warnings.push(Notice {
            text: text!(
                format!("{} 个申报者名单中填写的获奖经历与台账不同，已按台账评定：{}", differ.len(), differ.join("、")),
                format!("{} applicant(s) have a typed history that differs from the ledger's; the ledger's is used: {}", differ.len(), differ.join(", "))
            ),
            applicants: differ,
        });
    }
    if !unidentified.is_empty() {
        cohort.warnings.push(Notice {
            text: text!(
                format!("{} 个申报者未填写{}，无法从台账查得获奖经历，视为此前未获奖：{}", unidentified.len(), title.zh, unidentified.join("、")),
                format!("{} applicant(s) have no {}, so the ledger cannot tell their earlier wins; none are assumed: {}", unidentified.len(), title.en, unidentified.join(", "))
            ),
            applicants: unidentified,
        });
    }
    found
}

/// A history as a sorted list of (year, tier, revoked), for comparing.
fn key(h: &[HistoryEntry]) -> Vec<(i32, String, bool)> {
    let mut k: Vec<_> = h
        .iter()
        .map(|e| (e.year, e.tier.clone(), e.revoked == Some(true)))
        .collect();
    k.sort();
    k
}

/// Fills the `history` of each applicant of a cohort given as JSON (for a workbook template
/// made from it) from the ledger, as [`fill`] does for a read cohort: a year the ledger holds is
/// the ledger's, earlier wins stay as typed. Returns how many applicants were found.
pub fn fill_json(cohort: &mut serde_json::Value, policy: &Policy, entries: &[Entry]) -> usize {
    let Some(l) = policy.ledger.as_ref() else {
        return 0;
    };
    let Some(year) = cohort
        .pointer("/cycle/year")
        .and_then(serde_json::Value::as_i64)
        .and_then(|y| i32::try_from(y).ok())
    else {
        return 0;
    };
    let pointer = format!("/{}", l.identity.replace('.', "/"));
    let book = Book::of(&policy.meta.family, entries);
    let covered = book.approved_years_before(year);
    let mut found = 0;
    let Some(applicants) = cohort
        .get_mut("applicants")
        .and_then(serde_json::Value::as_array_mut)
    else {
        return 0;
    };
    for a in applicants {
        let Some(identity) = a
            .pointer(&pointer)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
        else {
            continue;
        };
        let wins = book.wins(&identity);
        let wins: Vec<_> = wins.into_iter().filter(|w| w.year < year).collect();
        if wins.is_empty() {
            continue;
        }
        found += 1;
        let mut history: Vec<serde_json::Value> = a
            .get("history")
            .and_then(serde_json::Value::as_array)
            .map(|h| {
                h.iter()
                    .filter(|e| {
                        e.get("year")
                            .and_then(serde_json::Value::as_i64)
                            .is_none_or(|y| !covered.iter().any(|c| i64::from(*c) == y))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        for w in wins {
            let mut e = serde_json::json!({
                "year": w.year,
                "tier": w.placed.tier,
                "revoked": w.revoked.is_some(),
            });
            if let Some(c) = &w.placed.category {
                e["category"] = serde_json::json!(c);
            }
            history.push(e);
        }
        history.sort_by_key(|e| e.get("year").and_then(serde_json::Value::as_i64));
        a["history"] = serde_json::Value::Array(history);
    }
    found
}
