//! `qaward readings`: the readings a policy takes where the text allows more than one, each
//! beside its rule and citation — as a list for people, Markdown for a memo, or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::words::half;
use crate::diag::Lang;
use crate::policy::Policy;

#[derive(Serialize)]
struct Row<'a> {
    path: &'a str,
    cite: Option<String>,
    title: Option<&'a str>,
    reading: &'a str,
}

/// The readings as text (`md`: a Markdown table).
pub(crate) fn text(policy: &Policy, lang: Lang, md: bool) -> String {
    let readings = policy.readings();
    let mut out = String::new();
    let head = lang.pick(
        format!(
            "{} 的读法（条文可有多种理解之处，本规则版本所取的理解）",
            policy.meta.id
        ),
        format!(
            "Readings of {} (where the text allows more than one, the one this policy takes)",
            policy.meta.id
        ),
    );
    if md {
        let _ = writeln!(out, "## {head}\n");
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---|---|",
            lang.pick("条文", "Article"),
            lang.pick("规则", "Rule"),
            lang.pick("读法", "Reading")
        );
    } else {
        let _ = writeln!(out, "{head}\n");
    }
    if readings.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick("（未标注任何读法）", "(no readings marked)")
        );
    }
    for r in &readings {
        let cite = r.cite.as_ref().map(|c| c.render(lang)).unwrap_or_default();
        let title = r.title.as_ref().map(|t| t.get(lang)).unwrap_or("");
        let reading = half(&r.reading, lang);
        if md {
            let _ = writeln!(
                out,
                "| {cite} | {title} `{}` | {} |",
                r.path,
                reading.replace('|', "\\|")
            );
        } else {
            let _ = writeln!(out, "[{cite}] {} {title}\n    {reading}", r.path);
        }
    }
    out
}

/// The readings as JSON.
pub(crate) fn json(policy: &Policy) -> String {
    let readings = policy.readings();
    let rows: Vec<Row<'_>> = readings
        .iter()
        .map(|r| Row {
            path: &r.path,
            cite: r.cite.as_ref().map(ToString::to_string),
            title: r.title.as_ref().map(|t| t.zh.as_str()),
            reading: &r.reading,
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({
        "policy": policy.meta.id,
        "readings": rows,
    }))
    .unwrap_or_default();
    s.push('\n');
    s
}
