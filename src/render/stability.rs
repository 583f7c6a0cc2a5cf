//! Stability trials for people and programs: per eligible applicant, the share of trials in
//! which it was shortlisted and reached each tier.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{Eligibility, Outcome};
use crate::stability::{percent, Tally};

#[derive(Serialize)]
struct Report<'a> {
    format: &'static str,
    policy: &'a str,
    noise: String,
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
pub(crate) fn json(baseline: &Outcome<'_>, tally: &Tally, noise: Decimal, seed: u64) -> String {
    let policy = baseline.policy;
    let rows = rows(baseline, tally);
    let doc = Report {
        format: "qaward.stability.v1",
        policy: &policy.meta.id,
        noise: show(noise),
        trials: tally.trials,
        seed,
        applicants: rows,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The trials as a table.
pub(crate) fn table(
    baseline: &Outcome<'_>,
    tally: &Tally,
    noise: Decimal,
    seed: u64,
    lang: Lang,
) -> String {
    let policy = baseline.policy;
    let rows = rows(baseline, tally);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!(
                "{} · 每项得分加标准差 {} 分的正态噪声 · {} 次试验 · 种子 {}（%）",
                policy.meta.id,
                show(noise),
                tally.trials,
                seed
            ),
            format!(
                "{} · normal noise of SD {} points on every score · {} trials · seed {} (%)",
                policy.meta.id,
                show(noise),
                tally.trials,
                seed
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
