//! One applicant's cited trace as a paper: each condition with its clauses, results and
//! reasons, the readings the policy takes, then the shortlist, total, ranking and tier steps.

use std::fmt::Write as _;

use super::page::{escape, page, table, warnings};
use crate::diag::Lang;
use crate::render::explain::Explanation;
use crate::render::words::{eligibility_word, status_word};

/// The paper; `header` names what it rests on (as the eval paper does).
/// The paper; `extra` is a section the command adds at the end (the panels' arithmetic).
pub fn render(e: &Explanation, header: &[(String, String)], extra: &str, lang: Lang) -> String {
    let mut body = warnings(lang, &e.warnings);
    let _ = writeln!(
        body,
        "<p><strong>{}{}</strong></p>",
        lang.pick("申报资格：", "Eligibility: "),
        escape(eligibility_word(e.eligibility, lang))
    );
    let _ = writeln!(
        body,
        "<h2 class=\"first\">{}</h2>",
        lang.pick("申报条件", "Conditions")
    );
    let headers: Vec<String> = [
        lang.pick("条文", "Article"),
        lang.pick("条件与子句", "Condition and clauses"),
        lang.pick("结果", "Result"),
        lang.pick("理由", "Reason"),
    ]
    .map(str::to_owned)
    .to_vec();
    let mut rows: Vec<(Option<&str>, Vec<String>)> = Vec::new();
    // Conditions say pass/fail; clauses true/false/unknown: both in the reader's words.
    let result = |status: &str| {
        let (class, word) = match status {
            "true" => ("pass", lang.pick("符合", "holds")),
            "false" => ("fail", lang.pick("不符合", "does not hold")),
            "unknown" => ("undetermined", lang.pick("无法判断", "unknown")),
            other => (other, status_word(other, lang)),
        };
        format!("<span class=\"{class}\">{}</span>", escape(word))
    };
    for c in &e.conditions {
        let mut title = format!("<strong>{}</strong>", escape(&c.title));
        add_reading(&mut title, c.reading.as_deref(), lang);
        rows.push((
            None,
            vec![
                format!("<span class=\"cite\">{}</span>", escape(&c.cite)),
                title,
                result(c.status),
                String::new(),
            ],
        ));
        for k in &c.clauses {
            let indent = "&emsp;".repeat(k.depth + 1);
            // A clause's reason reads "label：why"; the label goes in its own column.
            let (label, why) = k
                .reason
                .split_once(lang.pick("：", ": "))
                .unwrap_or((k.id.as_str(), k.reason.as_str()));
            let mut reason = escape(why);
            add_reading(&mut reason, k.reading.as_deref(), lang);
            rows.push((
                None,
                vec![
                    format!(
                        "<span class=\"cite\">{}</span>",
                        escape(k.cite.as_deref().unwrap_or(&c.cite))
                    ),
                    format!("{indent}{}", escape(label)),
                    result(k.status),
                    reason,
                ],
            ));
        }
    }
    body.push_str(&table(&headers, &[], &rows));
    for s in &e.steps {
        let _ = writeln!(
            body,
            "<h2>{} <span class=\"cite\">{}</span></h2>",
            escape(&s.title),
            escape(&s.cite)
        );
        body.push_str("<ul>\n");
        for l in &s.lines {
            let _ = writeln!(body, "<li>{}</li>", escape(l));
        }
        body.push_str("</ul>\n");
    }
    let title = format!(
        "{} {}{}",
        e.applicant,
        e.name.as_deref().unwrap_or(""),
        lang.pick("：评定过程说明", ": how the outcome was reached")
    );
    body.push_str(extra);
    page(lang, &title, header, &body)
}

/// Adds the reading a rule takes, small, under its cell's text.
fn add_reading(cell: &mut String, reading: Option<&str>, lang: Lang) {
    if let Some(r) = reading {
        let _ = write!(
            cell,
            "<br><small>{}{}</small>",
            lang.pick("读法：", "Reading: "),
            escape(r)
        );
    }
}
