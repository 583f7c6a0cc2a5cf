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
    let mut header = format!(
        "{:<12} {:<12} {:>8}",
        lang.pick("编号", "id"),
        lang.pick("原结果", "baseline"),
        lang.pick("入围", "shortlist")
    );
    for t in &policy.tiers {
        let _ = write!(header, " {:>11}", t.id);
    }
    let _ = write!(header, " {:>8}", lang.pick("无", "none"));
    let _ = writeln!(out, "{header}");
    for r in &rows {
        let mut line = format!(
            "{:<12} {:<12} {:>8}",
            r.id,
            r.baseline_tier.unwrap_or("—"),
            r.shortlisted
        );
        for t in &policy.tiers {
            let _ = write!(
                line,
                " {:>11}",
                r.tiers.get(t.id.as_str()).map_or("", String::as_str)
            );
        }
        let _ = write!(line, " {:>8}", r.none);
        let _ = writeln!(out, "{line}");
    }
    out
}
