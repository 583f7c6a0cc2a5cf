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
        let cite = r.cite.as_ref().map(|c| c.shown(lang)).unwrap_or_default();
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

/// Whether a failed or undetermined condition's result rests on a reading: the condition takes
/// one where the text allows more, or a clause that takes one is among those that failed or
/// could not be decided (a clause that held did not decide the failure).
pub(crate) fn rests_on_a_reading(
    c: &crate::policy::Condition,
    clauses: &[crate::eval::ClauseVerdict<'_>],
) -> bool {
    use crate::eval::ClauseStatus;
    c.provenance.reading.is_some()
        || c.clauses.iter().zip(clauses).any(|(k, v)| {
            k.reading.is_some() && matches!(v.status, ClauseStatus::False | ClauseStatus::Unknown)
        })
}

/// "本结果采用的读法": every reading the result rests on, with its article, as the end of a
/// results paper (text).
pub(crate) fn applied_text(policy: &Policy, lang: Lang, panels: bool) -> String {
    let readings = applied(policy, panels);
    if readings.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n{}\n",
        lang.pick(
            "本结果采用的读法（条文可有多种理解之处，本规则版本所取的理解；标“依本规则读法”的结论以此为据）",
            "Readings this result rests on (where the text allows more than one, the one this policy takes; conclusions marked \"by this policy's reading\" rest on them)"
        )
    );
    for r in &readings {
        let cite = r.cite.as_ref().map(|c| c.shown(lang)).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{}{}{}",
            crate::render::words::bracket(&cite),
            item_title(policy, r, lang),
            lang.pick("：", ": "),
            half(&r.reading, lang)
        );
    }
    out
}

/// The readings a result rests on: those of reviewers' scores only when some of its scores
/// were made from them (`panels`).
fn applied(policy: &Policy, panels: bool) -> Vec<crate::policy::readings::Reading> {
    policy
        .readings()
        .into_iter()
        .filter(|r| panels || !crate::policy::unverified::is_panel_item(&r.path))
        .collect()
}

/// What a reading belongs to, in words: the item's title, else what the policy calls it.
fn item_title(policy: &Policy, r: &crate::policy::readings::Reading, lang: Lang) -> String {
    match (&r.title, lang) {
        (Some(t), _) => t.get(lang).to_owned(),
        (None, Lang::En) => r.path.clone(),
        (None, _) => policy.item_zh(&r.path),
    }
}

/// [`applied_text`] as a section of an HTML paper.
pub(crate) fn applied_html(policy: &Policy, lang: Lang, panels: bool) -> String {
    use crate::render::html::page::{escape, table};
    let readings = applied(policy, panels);
    if readings.is_empty() {
        return String::new();
    }
    let rows: Vec<(Option<&str>, Vec<String>)> = readings
        .iter()
        .map(|r| {
            (
                None,
                vec![
                    format!(
                        "<span class=\"cite\">{}</span>",
                        escape(&r.cite.as_ref().map(|c| c.shown(lang)).unwrap_or_default())
                    ),
                    escape(&item_title(policy, r, lang)),
                    escape(half(&r.reading, lang)),
                ],
            )
        })
        .collect();
    let headers = vec![
        lang.pick("条文", "Article").to_owned(),
        lang.pick("规则", "Rule").to_owned(),
        lang.pick("本规则版本的读法", "The reading this policy takes")
            .to_owned(),
    ];
    format!(
        "<h2>{}</h2>\n<p>{}</p>\n{}",
        escape(lang.pick("本结果采用的读法", "Readings this result rests on")),
        escape(lang.pick(
            "条文可有多种理解之处，本规则版本所取的理解如下；标“依本规则读法”的结论以此为据，评委会可另作决定。",
            "Where the text allows more than one reading, this policy takes the one below; conclusions marked \"by this policy's reading\" rest on it, and the committee may decide otherwise."
        )),
        table(&headers, &[], &rows)
    )
}

/// One line per applicant whose outcome changes under an amendment: "WX2024-028：不符合 → 提名奖".
fn changed_lines(c: &crate::compare::Comparison, lang: Lang) -> Vec<String> {
    c.changes
        .iter()
        .filter(|ch| crate::render::compare::decisive(ch))
        .map(|ch| {
            let state = |s: &crate::compare::Snapshot, tier: Option<&crate::diag::Text>| match tier
            {
                // A tier is proposed, never awarded, on paper.
                Some(t) => lang.pick(format!("拟授{}", t.zh), t.en.clone()),
                None if s.shortlisted => lang.pick("入围", "shortlisted").to_owned(),
                None if s.eligibility == "eligible" => lang
                    .pick("符合申报条件，未入围", "eligible, not shortlisted")
                    .to_owned(),
                None => crate::render::words::eligibility_word(s.eligibility, lang).to_owned(),
            };
            format!(
                "{} {}{}{} → {}",
                ch.id,
                ch.name.as_deref().unwrap_or(""),
                lang.pick("：", ": "),
                state(&ch.before, ch.tier_titles.0.as_ref()),
                state(&ch.after, ch.tier_titles.1.as_ref())
            )
        })
        .collect()
}

/// An amendment of the policy (id, title) and the comparison of its outcome with the policy's.
pub(crate) type Amended = (String, crate::diag::Text, crate::compare::Comparison);

/// What changes under each amendment of the policy (text): the other reading, run.
pub(crate) fn under_amendments_text(amended: &[Amended], lang: Lang) -> String {
    let mut out = String::new();
    for (id, title, c) in amended {
        let lines = changed_lines(c, lang);
        let _ = writeln!(
            out,
            "\n{}",
            lang.pick(
                format!(
                    "按修正案 {id}（{}）：{}",
                    title.zh,
                    if lines.is_empty() {
                        "结果不变"
                    } else {
                        "以下结果会变化"
                    }
                ),
                format!(
                    "Under the amendment {id} ({}): {}",
                    title.en,
                    if lines.is_empty() {
                        "no outcome changes"
                    } else {
                        "these outcomes change"
                    }
                ),
            )
        );
        for l in lines {
            let _ = writeln!(out, "  {}", crate::diag::visible(&l));
        }
    }
    out
}

/// [`under_amendments_text`] as a section of an HTML paper.
pub(crate) fn under_amendments_html(amended: &[Amended], lang: Lang) -> String {
    use crate::render::html::page::escape;
    let mut out = String::new();
    for (id, title, c) in amended {
        let lines = changed_lines(c, lang);
        let _ = writeln!(
            out,
            "<h3>{}</h3>",
            escape(&lang.pick(
                format!("按修正案 {id}（{}）", title.zh),
                format!("Under the amendment {id} ({})", title.en)
            ))
        );
        if lines.is_empty() {
            let _ = writeln!(
                out,
                "<p>{}</p>",
                lang.pick("结果不变。", "No outcome changes.")
            );
        } else {
            out.push_str("<ul>\n");
            for l in lines {
                let _ = writeln!(out, "<li>{}</li>", escape(&l));
            }
            out.push_str("</ul>\n");
        }
    }
    out
}
