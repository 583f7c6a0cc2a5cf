//! What a result document and a workbook template are given of the reviews: the `reviews`
//! key of a result (the file, its digest, each panel's work, reviewers by id), and the rows
//! that fill a template's reviewer sheets.

use rust_decimal::Decimal;

use super::{Panels, Reviews};
use crate::cohort::Cohort;
use crate::policy::Policy;

/// The reviews as a result document reports them (its last key, `reviews`): the file, its
/// digest, and each panel's work, reviewers by id.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Reported<'a> {
    file: String,
    digest: &'a str,
    panels: Vec<PanelOut<'a>>,
}

#[derive(Debug, serde::Serialize)]
struct PanelOut<'a> {
    applicant: &'a str,
    stage: &'a str,
    aggregate: &'static str,
    score: Option<String>,
    /// Highest less lowest of the totals that count.
    spread: Option<String>,
    reviewers: Vec<ReviewerOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stepped_aside: Vec<&'a str>,
}

#[derive(Debug, serde::Serialize)]
struct ReviewerOut<'a> {
    id: &'a str,
    total: String,
    counted: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    set_aside: bool,
}

impl Reviews {
    /// The reviewers and their scores, to fill a workbook's reviewer sheets with.
    pub(crate) fn rows(&self) -> crate::cohort::sheet::template::reviews::Filled<'_> {
        use crate::cohort::sheet::template::reviews::{Filled, Points, Reviewer as Row};
        Filled {
            reviewers: self
                .reviewers
                .iter()
                .map(|r| Row {
                    id: &r.id,
                    conflicts: &r.conflicts,
                    disqualified_on: r.disqualified_on,
                    reason: r.reason.as_deref(),
                })
                .collect(),
            scores: self
                .scores
                .iter()
                .map(|m| Points {
                    reviewer: &m.reviewer,
                    stage: &m.stage,
                    applicant: &m.applicant,
                    criterion: &m.criterion,
                    points: m.points,
                    date: m.date,
                })
                .collect(),
        }
    }

    /// What a result document reports of these reviews and the panels they made.
    pub(crate) fn reported<'a>(
        &'a self,
        panels: &'a Panels,
        policy: &'a Policy,
        cohort: &'a Cohort,
    ) -> Reported<'a> {
        use crate::decimal::show;
        let panels = panels
            .judged
            .iter()
            .map(|((a, st), j)| {
                let mut aside: Vec<Decimal> = j
                    .counted
                    .iter()
                    .filter(|(_, x)| *x)
                    .map(|(t, _)| *t)
                    .collect();
                PanelOut {
                    applicant: &cohort.applicants[*a].id,
                    stage: &policy.stages[*st].id,
                    aggregate: j.panel.aggregate.name(),
                    score: j.score.map(show),
                    spread: match (j.counted.first(), j.counted.last()) {
                        (Some((lo, _)), Some((hi, _))) => Some(show(*hi - *lo)),
                        _ => None,
                    },
                    reviewers: j
                        .sheets
                        .iter()
                        .map(|s| {
                            let total = s.total();
                            // Each total set aside marks one reviewer of that total.
                            let set_aside = s.dropped.is_none()
                                && aside
                                    .iter()
                                    .position(|t| *t == total)
                                    .map(|i| aside.remove(i))
                                    .is_some();
                            ReviewerOut {
                                id: &s.reviewer,
                                total: show(total),
                                counted: s.dropped.is_none() && !set_aside,
                                set_aside,
                            }
                        })
                        .collect(),
                    stepped_aside: j.recused.iter().map(String::as_str).collect(),
                }
            })
            .collect();
        Reported {
            file: self.file_name(),
            digest: &self.digest,
            panels,
        }
    }
}
