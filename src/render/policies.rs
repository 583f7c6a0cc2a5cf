//! The list of policies and where each stands on a date: a table for people, JSON for
//! programs.

use serde::Serialize;

use super::words::columns;
use crate::date::Date;
use crate::diag::{Lang, Style, Text};
use crate::policy::store::{Catalogue, Standing};

#[derive(Serialize)]
struct Row {
    id: String,
    title: String,
    family: String,
    effective: String,
    expires: Option<String>,
    status: &'static str,
    superseded_by: Option<String>,
    extends: Option<String>,
    decision: Option<String>,
    digest: String,
    unverified: usize,
    unverified_items: Vec<String>,
}

#[derive(Serialize)]
struct Listing {
    as_of: String,
    source: String,
    governing: Vec<String>,
    policies: Vec<Row>,
}

/// What `qaward policies` shows: every policy of the catalogue on `date`.
fn listing(catalogue: &Catalogue, source: &Text, date: Date, lang: Lang) -> Listing {
    let mut policies: Vec<_> = catalogue
        .policies
        .iter()
        .zip(catalogue.standings(date))
        .collect();
    policies.sort_by(|(a, _), (b, _)| {
        (a.meta.family.as_str(), a.meta.effective, &a.meta.id).cmp(&(
            b.meta.family.as_str(),
            b.meta.effective,
            &b.meta.id,
        ))
    });
    let rows: Vec<Row> = policies
        .into_iter()
        .map(|(p, standing)| {
            let unverified = p.unverified();
            Row {
                id: p.meta.id.clone(),
                title: p.meta.title.get(lang).to_owned(),
                family: p.meta.family.clone(),
                effective: p.meta.effective.to_string(),
                expires: p.meta.expires.map(|e| e.to_string()),
                status: standing.code(),
                superseded_by: match &standing {
                    Standing::SupersededBy(id) => Some(id.clone()),
                    _ => None,
                },
                extends: p.meta.extends.clone(),
                decision: p
                    .meta
                    .decision
                    .as_ref()
                    .map(|d| format!("{} ({})", d.number, d.date)),
                digest: p.digest.clone(),
                unverified: unverified.len(),
                unverified_items: unverified,
            }
        })
        .collect();
    let listing = Listing {
        as_of: date.to_string(),
        source: source.get(lang).to_owned(),
        governing: catalogue
            .governing_on(date)
            .iter()
            .map(|p| p.meta.id.clone())
            .collect(),
        policies: rows,
    };
    listing
}

/// The listing as JSON.
pub(crate) fn json(catalogue: &Catalogue, source: &Text, date: Date, lang: Lang) -> String {
    let mut s =
        serde_json::to_string_pretty(&listing(catalogue, source, date, lang)).unwrap_or_default();
    s.push('\n');
    s
}

/// The listing as a table.
pub(crate) fn table(
    catalogue: &Catalogue,
    source: &Text,
    date: Date,
    lang: Lang,
    style: &Style,
) -> String {
    let listing = listing(catalogue, source, date, lang);
    let standings: std::collections::HashMap<&str, Standing> = catalogue
        .policies
        .iter()
        .map(|p| p.meta.id.as_str())
        .zip(catalogue.standings(date))
        .collect();
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut out = format!(
        "{}: {} · {}: {}\n\n",
        pick("规则来源", "policies from"),
        listing.source,
        pick("参考日期", "as of"),
        listing.as_of
    );
    let headers = [
        pick("编号", "id"),
        pick("有效期", "window"),
        pick("状态", "status"),
        pick("基础", "base"),
        pick("未核实", "unverified"),
        pick("摘要", "digest"),
        pick("标题", "title"),
    ];
    let rows: Vec<[String; 7]> = listing
        .policies
        .iter()
        .map(|r| {
            let standing = standings
                .get(r.id.as_str())
                .map(|s| s.describe().get(lang).to_owned())
                .unwrap_or_default();
            [
                r.id.clone(),
                format!("{} – {}", r.effective, r.expires.as_deref().unwrap_or("")),
                standing,
                r.extends.clone().unwrap_or_else(|| "—".into()),
                r.unverified.to_string(),
                r.digest.chars().take(19).collect(),
                r.title.clone(),
            ]
        })
        .collect();
    let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    let rows: Vec<Vec<String>> = rows.into_iter().map(Vec::from).collect();
    let lines = columns(&headers, &rows, |_| false);
    // Several awards: each family under its own heading (the rows are sorted by family).
    let several = listing
        .policies
        .windows(2)
        .any(|w| w[0].family != w[1].family);
    let indent = if several { "  " } else { "" };
    out.push_str(&format!(
        "{indent}{}{}{}\n",
        style.dim, lines[0], style.reset
    ));
    let mut family = None;
    for (r, line) in listing.policies.iter().zip(&lines[1..]) {
        if several && family != Some(&r.family) {
            family = Some(&r.family);
            out.push_str(&format!("{}: {}\n", pick("奖项", "award"), r.family));
        }
        let color = match r.status {
            "in_force" => style.green,
            _ => "",
        };
        let reset = if color.is_empty() { "" } else { style.reset };
        out.push_str(&format!("{indent}{color}{line}{reset}\n"));
    }
    match listing.governing.as_slice() {
        [] => out.push_str(&format!(
            "\n{}\n",
            pick(
                "该日没有有效的规则版本。",
                "No policy is in force on that date."
            )
        )),
        ids => out.push_str(&format!(
            "\n{}: {}\n",
            pick("该日适用", "Governing on that date"),
            ids.join(", ")
        )),
    }
    out
}
