//! The result document of contract section 4 (`qaward.result.v1`), valid against
//! `schemas/result.schema.json`. Field order is fixed by these structs, so the same inputs give
//! the same bytes.

mod applicant;
mod layout;
mod said;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use serde::Serialize;

use self::applicant::applicant;
use self::layout::{Layout, Object};
use self::said::Memory;
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::Outcome;
use crate::parallel;

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

/// Renders the outcome as pretty-printed JSON with a trailing newline.
pub fn render(outcome: &Outcome<'_>, lang: Lang) -> String {
    let mut out = Vec::new();
    match write(outcome, lang, false, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// Writes the outcome as JSON with a trailing newline, applicant by applicant: pretty-printed,
/// or on one line when `compact`. The applicants are made in pieces on both cores and written
/// in order; the bytes are those serde_json writes for the whole document.
pub fn write(
    outcome: &Outcome<'_>,
    lang: Lang,
    compact: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_reviewed(outcome, lang, compact, out, None)
}

/// [`write`], with a last key `reviews` when the stage scores were made from reviewers' scores:
/// the file and its digest, and what each panel made of each applicant's stage (reviewers by
/// id). Without reviews the document is exactly what [`write`] writes.
pub(crate) fn write_reviewed(
    outcome: &Outcome<'_>,
    lang: Lang,
    compact: bool,
    out: &mut dyn std::io::Write,
    reviews: Option<&crate::reviews::Reported<'_>>,
) -> std::io::Result<()> {
    let layout = if compact {
        Layout::Compact
    } else {
        Layout::Pretty
    };
    let policy = outcome.policy;
    // The serialiser writes many small pieces: into a buffer of its own type, so each is a
    // copy rather than a call through `dyn Write`. Full buffers pass through the caller's
    // buffer without another copy.
    let mut w = BufWriter::with_capacity(1 << 16, out);
    let mut doc = Object::open(&mut w, layout)?;
    doc.field("format", "qaward.result.v1")?;
    doc.field(
        "engine",
        &Engine {
            name: "qaward",
            version: env!("CARGO_PKG_VERSION"),
        },
    )?;
    doc.field(
        "policy",
        &PolicyRef {
            id: &policy.meta.id,
            title: policy.meta.title.get(lang),
            effective: policy.meta.effective.to_string(),
            expires: policy.meta.expires.map(|e| e.to_string()),
            digest: &policy.digest,
        },
    )?;
    doc.field("reference_date", &outcome.reference_date.to_string())?;
    doc.field("in_force", &outcome.in_force)?;
    applicants(doc.key("applicants")?, outcome, lang, layout)?;
    doc.field(
        "summary",
        &Summary {
            categories: (!policy.categories.is_empty()).then(|| {
                policy
                    .categories
                    .iter()
                    .zip(&outcome.by_category)
                    .map(|(c, cs)| (c.id.clone(), summary_of(&c.policy, cs)))
                    .collect()
            }),
            ..summary_of(policy, &outcome.summary)
        },
    )?;
    doc.field(
        "publicity",
        &outcome.publicity.map(|(start, end)| Publicity {
            start: start.to_string(),
            end: end.to_string(),
        }),
    )?;
    let warnings: Vec<&str> = outcome.warnings.iter().map(|w| w.get(lang)).collect();
    doc.field("warnings", &warnings)?;
    if let Some(r) = reviews {
        doc.field("reviews", r)?;
    }
    doc.close()?;
    w.write_all(b"\n")?;
    w.flush()
}

/// Applicants in a piece made on one core: enough that handing pieces over costs little, few
/// enough that the pieces waiting are a few megabytes.
const PIECE: usize = 256;

/// Writes the applicants' array, two levels in.
fn applicants<W: Write>(
    w: &mut W,
    outcome: &Outcome<'_>,
    lang: Lang,
    layout: Layout,
) -> std::io::Result<()> {
    let verdicts = &outcome.verdicts;
    w.write_all(b"[")?;
    parallel::in_order(
        verdicts.len().div_ceil(PIECE),
        || RefCell::new(Memory::default()),
        |memory, k| {
            let mut piece = Vec::new();
            for (i, v) in verdicts.iter().enumerate().skip(k * PIECE).take(PIECE) {
                layout.item(&mut piece, i == 0, 2)?;
                layout.value(&mut piece, 2, &applicant(outcome, (i, v), lang, memory))?;
            }
            Ok(piece)
        },
        |piece: std::io::Result<Vec<u8>>| w.write_all(&piece?),
    )?;
    layout.close(w, !verdicts.is_empty(), 2, b"]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Case, Choice, Store};

    /// The document written in pieces is the document serde_json writes whole: read back and
    /// written again by serde_json (which keeps key order and numbers' text), byte for byte.
    #[test]
    fn the_document_is_what_serde_json_writes() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cohort-2024.json");
        let case = Case::read(&Store::embedded(), &path, &Choice::in_force()).unwrap();
        let outcome = case.evaluate();
        // More applicants than one piece holds, so both cores write some.
        let many = Outcome {
            verdicts: outcome
                .verdicts
                .iter()
                .cycle()
                .take(3 * PIECE + 5)
                .cloned()
                .collect(),
            ..outcome.clone()
        };
        for compact in [false, true] {
            let mut out = Vec::new();
            write(&many, Lang::Zh, compact, &mut out).unwrap();
            let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let mut again = if compact {
                serde_json::to_vec(&value)
            } else {
                serde_json::to_vec_pretty(&value)
            }
            .unwrap();
            again.push(b'\n');
            assert!(out == again, "compact: {compact}");
            assert_eq!(value["applicants"].as_array().unwrap().len(), 3 * PIECE + 5);
        }
    }

    /// A lean outcome, which keeps no clause verdicts and judges each applicant again as it is
    /// written, writes the same bytes — on the sample, and on a cohort large enough to be
    /// judged on both cores.
    #[test]
    fn a_lean_outcome_writes_the_same_document() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cohort-2024.json");
        let sample: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let people = sample["applicants"].as_array().unwrap().clone();
        let mut large = sample.clone();
        large["applicants"] = (0..2100)
            .map(|i| {
                let mut a = people[i % people.len()].clone();
                a["id"] = format!("X{i}").into();
                a
            })
            .collect();
        let store = Store::embedded();
        for cohort in [sample, large] {
            let bytes = serde_json::to_vec(&cohort).unwrap();
            let file = crate::CohortFile::from_json(&bytes).unwrap();
            let mut case = Case::open(&store, &file, &Choice::in_force()).unwrap();
            let written = |case: &Case| {
                let outcome = case.evaluate();
                let mut out = Vec::new();
                write(&outcome, Lang::Zh, false, &mut out).unwrap();
                (outcome.lean, outcome.verdicts[0].clauses.len(), out)
            };
            let (was_lean, kept, whole) = written(&case);
            case.options.lean = true;
            let (lean, none, again) = written(&case);
            assert!(!was_lean && lean && kept > 0 && none == 0);
            assert!(whole == again, "{} applicants", people.len());
        }
    }
}
