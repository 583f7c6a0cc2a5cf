//! A policy diff for people: plain text, Markdown for a memo, or one self-contained HTML page
//! that prints well.

use std::fmt::Write as _;

use crate::compare::Comparison;
use crate::diag::Lang;
use crate::diff::{Change, PolicyDiff};

/// Plain text (`md` for a memo): the rule changes, article by article in the regulation's
/// order, then (unless `rules_only`) the changes to provenance and metadata in a section of
/// their own.
pub fn render_text(d: &PolicyDiff, lang: Lang, md: bool, rules_only: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}{} → {}", if md { "## " } else { "" }, d.old, d.new);
    let (rules, readings, text) = sections(d);
    let _ = writeln!(
        out,
        "{}{}\n",
        if md { "\n" } else { "" },
        lang.pick(
            format!("{} 处规则改动", rules.len()),
            format!("{} rule change(s)", rules.len()),
        )
    );
    changes(&mut out, &rules, lang, md);
    if !readings.is_empty() {
        let _ = writeln!(
            out,
            "\n{}{}\n",
            if md { "### " } else { "" },
            lang.pick(
                format!(
                    "读法改动（{} 处；条文可有多种理解之处，规则版本所取的理解）",
                    readings.len()
                ),
                format!(
                    "Readings ({}; where the text allows more than one, the one taken)",
                    readings.len()
                ),
            )
        );
        changes(&mut out, &readings, lang, md);
    }
    if !rules_only && !text.is_empty() {
        let _ = writeln!(
            out,
            "\n{}{}\n",
            if md { "### " } else { "" },
            lang.pick(
                format!("出处与元数据（{} 处）", text.len()),
                format!("Provenance and metadata ({})", text.len()),
            )
        );
        changes(&mut out, &text, lang, md);
    }
    out
}

/// The changes in three lists: the rules, the readings taken, and provenance and metadata.
pub(crate) fn sections(d: &PolicyDiff) -> (Vec<&Change>, Vec<&Change>, Vec<&Change>) {
    let (mut rules, mut readings, mut text) = (Vec::new(), Vec::new(), Vec::new());
    for c in &d.changes {
        if c.is_a_reading() {
            readings.push(c);
        } else if c.is_about_the_text() {
            text.push(c);
        } else {
            rules.push(c);
        }
    }
    (rules, readings, text)
}

/// One line per change (and a script's changed lines).
fn changes(out: &mut String, list: &[&Change], lang: Lang, md: bool) {
    for c in list {
        let mark = match c.kind {
            "added" => "+",
            "removed" => "−",
            _ => "~",
        };
        let _ = writeln!(
            out,
            "{}{mark} {}",
            if md { "- " } else { "" },
            c.sentence.get(lang)
        );
        if !c.script.is_empty() {
            let _ = writeln!(out, "{}", if md { "\n  ```diff" } else { "" }.trim_end());
            for l in &c.script {
                let line: String = l
                    .pieces
                    .iter()
                    .map(|(emph, s)| {
                        if *emph && !md {
                            format!("[{s}]")
                        } else {
                            s.clone()
                        }
                    })
                    .collect();
                let _ = writeln!(out, "{}{}{line}", if md { "  " } else { "    " }, l.tag);
            }
            if md {
                let _ = writeln!(out, "  ```");
            }
        }
    }
}

/// The diff as JSON (`qaward.diff.v1`), with the impact on a cohort when there is one.
pub(crate) fn json(d: &PolicyDiff, impact: Option<&Comparison>, lang: Lang) -> String {
    let mut doc = serde_json::to_value(d).unwrap_or(serde_json::Value::Null);
    if let Some(map) = doc.as_object_mut() {
        let impact = impact.map_or(serde_json::Value::Null, |c| super::compare::json(c, lang));
        map.insert("impact".into(), impact);
    }
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
