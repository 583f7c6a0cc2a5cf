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
    let (rules, text): (Vec<&Change>, Vec<&Change>) =
        d.changes.iter().partition(|c| !c.is_about_the_text());
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

pub(crate) fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One self-contained HTML page (no network), readable when printed.
pub fn render_html(d: &PolicyDiff, lang: Lang, impact: Option<&str>) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>{} → {}</h1>",
        escape_html(&d.old),
        escape_html(&d.new)
    );
    let _ = writeln!(
        body,
        "<p class=\"count\">{}</p>",
        lang.pick(
            format!("{} 处改动", d.changes.len()),
            format!("{} change(s)", d.changes.len()),
        )
    );
    let _ = writeln!(body, "<ul>");
    for c in &d.changes {
        let _ = write!(
            body,
            "<li class=\"{}\">{}",
            c.kind,
            escape_html(c.sentence.get(lang))
        );
        if !c.script.is_empty() {
            let _ = write!(body, "<pre>");
            for l in &c.script {
                let cls = match l.tag {
                    '-' => "del",
                    '+' => "ins",
                    _ => "eq",
                };
                let _ = write!(body, "<span class=\"{cls}\">{}", l.tag);
                for (emph, s) in &l.pieces {
                    if *emph {
                        let _ = write!(body, "<mark>{}</mark>", escape_html(s));
                    } else {
                        body.push_str(&escape_html(s));
                    }
                }
                body.push_str("</span>\n");
            }
            body.push_str("</pre>");
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ul>\n");
    if let Some(impact) = impact {
        let _ = writeln!(
            body,
            "<h2>{}</h2>\n<pre class=\"impact\">{}</pre>",
            lang.pick("对申报组织的影响", "Impact on the cohort"),
            escape_html(impact)
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} → {}</title>\n<style>\nbody {{ font-family: \"Noto Sans CJK SC\", \"PingFang SC\", sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.5; color: #111; }}\nli {{ margin: .3em 0; }}\nli.added::marker {{ content: \"+ \"; color: #1a7f37; }}\nli.removed::marker {{ content: \"− \"; color: #b42318; }}\nli.changed::marker {{ content: \"~ \"; color: #555; }}\npre {{ background: #f6f6f6; padding: .5em; white-space: pre-wrap; }}\n.del {{ color: #b42318; }} .ins {{ color: #1a7f37; }} mark {{ background: #ffe58f; }}\n@media print {{ body {{ margin: 0; max-width: none; }} pre {{ background: none; border: 1px solid #999; }} }}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang.pick("zh", "en"),
        escape_html(&d.old),
        escape_html(&d.new)
    )
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
