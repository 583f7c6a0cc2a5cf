//! Stability trials for people and programs: per eligible applicant, the share of trials in
//! which it was shortlisted and reached each tier.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{Eligibility, Outcome};
use crate::stability::{percent, Tally};

/// How the trials drew their scores.
pub(crate) struct Drawn {
    /// The standard deviation of the noise on every score no panel made.
    pub noise: Decimal,
    /// Whether the scores panels made were drawn from their reviewers' spread.
    pub panels: bool,
    pub seed: u64,
}

#[derive(Serialize)]
struct Report<'a> {
    format: &'static str,
    policy: &'a str,
    noise: String,
    /// `"reviewers"` when the scores panels made were drawn from their reviewers' totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    panels: Option<&'static str>,
    trials: usize,
    seed: u64,
    applicants: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    baseline_tier: Option<&'a str>,
    /// The baseline tier's title (its category's, where it has one), for the table.
    #[serde(skip)]
    baseline_title: Option<&'a crate::diag::Text>,
    shortlisted: String,
    tiers: std::collections::BTreeMap<&'a str, String>,
    none: String,
}

/// The rows: one per applicant eligible in the baseline.
fn rows<'a>(baseline: &'a Outcome<'a>, tally: &Tally) -> Vec<Row<'a>> {
    let policy = baseline.policy;
    baseline
        .verdicts
        .iter()
        .enumerate()
        .filter(|(_, v)| v.eligibility == Eligibility::Eligible)
        .map(|(i, v)| {
            let in_tier: usize = tally.tiers[i].iter().sum();
            Row {
                id: &v.applicant.id,
                baseline_tier: v.tier.map(|t| baseline.policy_for(v).tiers[t].id.as_str()),
                baseline_title: v.tier.map(|t| &baseline.policy_for(v).tiers[t].title),
                shortlisted: show(percent(tally.shortlisted[i], tally.trials)),
                tiers: policy
                    .tiers
                    .iter()
                    .enumerate()
                    .map(|(k, t)| {
                        (
                            t.id.as_str(),
                            show(percent(tally.tiers[i][k], tally.trials)),
                        )
                    })
                    .collect(),
                none: show(percent(tally.trials - in_tier, tally.trials)),
            }
        })
        .collect()
}

/// The trials as JSON (`qaward.stability.v1`).
pub(crate) fn json(baseline: &Outcome<'_>, tally: &Tally, drawn: &Drawn) -> String {
    let policy = baseline.policy;
    let rows = rows(baseline, tally);
    let doc = Report {
        format: "qaward.stability.v1",
        policy: &policy.meta.id,
        noise: show(drawn.noise),
        panels: drawn.panels.then_some("reviewers"),
        trials: tally.trials,
        seed: drawn.seed,
        applicants: rows,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The trials as a table.
pub(crate) fn table(baseline: &Outcome<'_>, tally: &Tally, drawn: &Drawn, lang: Lang) -> String {
    let policy = baseline.policy;
    let rows = rows(baseline, tally);
    let mut out = String::new();
    let (noise, seed) = (show(drawn.noise), drawn.seed);
    let how = match (drawn.panels, lang) {
        (false, Lang::Zh) => format!("每项得分加标准差 {noise} 分的正态噪声"),
        (false, _) => format!("normal noise of SD {noise} points on every score"),
        (true, Lang::Zh) => format!(
            "评审组的得分按其评审员总分有放回地重抽（实际离散），其余得分加标准差 {noise} 分的正态噪声"
        ),
        (true, _) => format!(
            "each panel's score drawn again from its reviewers' totals, with replacement (its real spread); normal noise of SD {noise} points on the other scores"
        ),
    };
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!(
                "{} · {how} · {} 次试验 · 种子 {seed}（%）",
                policy.meta.id, tally.trials
            ),
            format!(
                "{} · {how} · {} trials · seed {seed} (%)",
                policy.meta.id, tally.trials
            ),
        )
    );
    // Columns as wide as their widest cell, by display width, so Chinese titles line up; tiers
    // by their titles (the baseline's, its category's own).
    let mut head: Vec<String> = vec![
        lang.pick("编号", "id").to_owned(),
        lang.pick("原结果", "baseline").to_owned(),
        lang.pick("入围", "shortlist").to_owned(),
    ];
    head.extend(policy.tiers.iter().map(|t| t.title.get(lang).to_owned()));
    head.push(lang.pick("无", "none").to_owned());
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                r.id.to_owned(),
                r.baseline_title
                    .map_or_else(|| "—".to_owned(), |t| t.get(lang).to_owned()),
                r.shortlisted.clone(),
            ];
            cells.extend(
                policy
                    .tiers
                    .iter()
                    .map(|t| r.tiers.get(t.id.as_str()).cloned().unwrap_or_default()),
            );
            cells.push(r.none.clone());
            cells
        })
        .collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|k| {
            std::iter::once(&head[k])
                .chain(body.iter().map(|r| &r[k]))
                .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    // The id and the baseline read left to right; the shares are numbers, set right.
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(k, c)| {
                if k < 2 {
                    crate::render::words::pad(c, widths[k])
                } else {
                    crate::render::words::pad_left(c, widths[k])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let _ = writeln!(out, "{}", line(&head));
    for r in &body {
        let _ = writeln!(out, "{}", line(r));
    }
    out
}
