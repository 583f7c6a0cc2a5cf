//! A sweep for people and programs: CSV rows, or per applicant the runs of the grid where it
//! reaches each tier and a picture of the grid (one symbol per tier).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::cohort::{Applicant, Cohort};
use crate::decimal::show;
use crate::diag::Lang;
use crate::policy::Policy;
use crate::safe_text::report_cell;
use crate::sweep::Sweep;

/// One symbol per tier: its id's first letter in capitals; `·` for none; `×` for an invalid point.
pub(crate) fn symbol(policy: &Policy, tier: Option<usize>, invalid: bool) -> String {
    if invalid {
        return "×".to_owned();
    }
    tier.and_then(|t| policy.tiers.get(t))
        .and_then(|t| t.id.chars().next())
        .map_or_else(|| "·".to_owned(), |c| c.to_uppercase().to_string())
}

/// Contiguous runs of axis values where `hit` holds: "0.40–0.50, 0.60".
fn runs(values: &[Decimal], hit: &[bool]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < values.len() {
        if !hit[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < values.len() && hit[i + 1] {
            i += 1;
        }
        out.push(if start == i {
            show(values[i])
        } else {
            format!("{}–{}", show(values[start]), show(values[i]))
        });
        i += 1;
    }
    out.join(", ")
}

/// One row per grid point and applicant; ids are written so no spreadsheet runs them.
pub(crate) fn csv(result: &Sweep, cohort: &Cohort, policy: &Policy) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut head: Vec<String> = result.axes.iter().map(|a| report_cell(&a.path)).collect();
    head.extend(["applicant", "tier", "shortlisted", "valid"].map(str::to_owned));
    let _ = w.write_record(&head);
    for p in &result.points {
        for (i, a) in cohort.applicants.iter().enumerate() {
            let mut row: Vec<String> = p.at.iter().map(ToString::to_string).collect();
            let tier = p.tiers[i]
                .and_then(|t| policy.tiers.get(t))
                .map_or("", |t| t.id.as_str());
            row.push(report_cell(&a.id));
            row.push(tier.to_owned());
            row.push(p.shortlisted[i].to_string());
            row.push(p.invalid.is_none().to_string());
            let _ = w.write_record(&row);
        }
    }
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// The grid for people; `md` draws it in a Markdown memo.
pub(crate) fn grid(
    result: &Sweep,
    cohort: &Cohort,
    policy: &Policy,
    lang: Lang,
    md: bool,
) -> String {
    let axes = &result.axes;
    let mut out = String::new();
    let names: Vec<String> = axes
        .iter()
        .map(|a| {
            format!(
                "{} ∈ {{{}}}",
                a.path,
                a.values
                    .iter()
                    .map(|v| show(*v))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "{}{} · {} {}",
        if md { "## " } else { "" },
        names.join(" × "),
        result.points.len(),
        lang.pick("个组合", "points")
    );
    let legend: Vec<String> = policy
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{} {}", symbol(policy, Some(i), false), t.title.get(lang)))
        .collect();
    let _ = writeln!(
        out,
        "{}{} · · {} · × {}\n",
        if md { "\n" } else { "" },
        legend.join(" · "),
        lang.pick("无", "none"),
        lang.pick("规则版本无效", "invalid variant")
    );
    let mut reasons: Vec<&str> = result
        .points
        .iter()
        .filter_map(|p| p.invalid.as_ref().map(|t| t.get(lang)))
        .collect();
    reasons.sort_unstable();
    reasons.dedup();
    for r in reasons.iter().take(5) {
        let _ = writeln!(out, "× {r}");
    }
    if !reasons.is_empty() {
        out.push('\n');
    }
    let mut constant = 0;
    for (i, a) in cohort.applicants.iter().enumerate() {
        if result.points.iter().all(|p| p.tiers[i].is_none()) {
            constant += 1;
            continue;
        }
        applicant(&mut out, result, policy, i, a, lang, md);
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!(
                "另有 {constant} 个{}在所有组合中均未列入候选名单。",
                policy.meta.applicant.zh
            ),
            format!("{constant} other applicant(s) reach no tier anywhere on the grid."),
        )
    );
    out
}

/// Where one applicant reaches each tier, and its picture of the grid.
fn applicant(
    out: &mut String,
    result: &Sweep,
    policy: &Policy,
    i: usize,
    a: &Applicant,
    lang: Lang,
    md: bool,
) {
    let axes = &result.axes;
    let _ = writeln!(
        *out,
        "{}{} {}{}",
        if md { "### " } else { "" },
        a.id,
        a.name.as_deref().unwrap_or(""),
        if md { "\n" } else { "" }
    );
    for (k, t) in policy.tiers.iter().enumerate() {
        let hit: Vec<bool> = result
            .points
            .iter()
            .map(|p| p.invalid.is_none() && p.tiers[i] == Some(k))
            .collect();
        let count = hit.iter().filter(|h| **h).count();
        if count == 0 {
            continue;
        }
        let place = if axes.len() == 1 {
            runs(&axes[0].values, &hit)
        } else {
            format!("{count}/{}", result.points.len())
        };
        let _ = writeln!(
            out,
            "{}{}: {place}",
            if md { "- " } else { "  " },
            t.title.get(lang)
        );
    }
    // The grid: one row per value of the first axis.
    let cols = axes.get(1).map_or(1, |a| a.values.len());
    if md {
        out.push_str("\n```\n");
    }
    for (r, v) in axes[0].values.iter().enumerate() {
        let row: String = (0..cols)
            .map(|c| {
                let p = &result.points[r * cols + c];
                symbol(policy, p.tiers[i], p.invalid.is_some())
            })
            .collect();
        if axes.len() == 1 {
            out.push_str(&row);
        } else {
            let _ = writeln!(out, "  {:>8} {row}", show(*v));
        }
    }
    if axes.len() == 1 {
        out.push('\n');
    }
    if md {
        out.push_str("```\n");
    }
    out.push('\n');
}
