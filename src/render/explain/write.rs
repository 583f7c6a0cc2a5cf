//! An explanation written out for people: as text, each line with its citation, or as a
//! Markdown memo.

use super::*;
use crate::render::words::bracket;

fn mark(status: &str) -> &'static str {
    match status {
        "pass" | "true" => "✓",
        "fail" | "false" => "✗",
        "undetermined" | "unknown" => "?",
        _ => "–",
    }
}

/// Plain text, one line per fact, each with its citation.
pub fn text(e: &Explanation, lang: Lang) -> String {
    let mut out = format!(
        "{} {} — {} {} · {} {}\n",
        crate::diag::visible(&e.applicant),
        crate::diag::visible(e.name.as_deref().unwrap_or("")),
        lang.pick("规则版本", "policy"),
        e.policy,
        lang.pick("参考日期", "reference date"),
        e.reference_date_words
    );
    let colon = lang.pick("：", ": ");
    if let Some(c) = &e.category {
        let _ = writeln!(out, "{}{colon}{c}", lang.pick("类别", "category"));
    }
    let _ = writeln!(
        out,
        "{}{colon}{}\n",
        lang.pick("申报资格", "eligibility"),
        eligibility_word(e.eligibility, lang)
    );
    for w in &e.warnings {
        let _ = writeln!(
            out,
            "{}{colon}{}",
            lang.pick("警告", "warning"),
            crate::diag::visible(w)
        );
    }
    if !e.warnings.is_empty() {
        out.push('\n');
    }
    for c in &e.conditions {
        // Chinese output names a condition by its title; the id is for the English reader
        // who writes policy files and tests.
        let id = match lang {
            Lang::En => format!("{} ", c.id),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{} {}{id}{} — {}",
            mark(c.status),
            bracket(&c.cite),
            c.title,
            status_word(c.status, lang)
        );
        for k in &c.clauses {
            let indent = "  ".repeat(k.depth);
            let cite = bracket(k.cite.as_deref().unwrap_or(&c.cite));
            let _ = writeln!(
                out,
                "    {indent}{} {cite}{}",
                mark(k.status),
                crate::diag::visible(&k.reason)
            );
            if let Some(r) = &k.reading {
                let _ = writeln!(
                    out,
                    "    {indent}  {cite}{}{colon}{r}",
                    lang.pick("读法", "reading")
                );
            }
        }
        if let Some(r) = &c.reading {
            let _ = writeln!(
                out,
                "    {}{}{colon}{r}",
                bracket(&c.cite),
                lang.pick("读法", "reading")
            );
        }
    }
    for s in &e.steps {
        // A step without an article says none, rather than empty brackets.
        let cite = |s: &Step| bracket(&s.cite);
        let _ = writeln!(out, "\n{}{}", s.title, {
            let c = cite(s);
            if c.is_empty() {
                c
            } else {
                format!(" {}", c.trim_end())
            }
        });
        for l in &s.lines {
            let _ = writeln!(out, "    {}{l}", cite(s));
        }
    }
    out
}

/// Markdown for a memo.
pub fn markdown(e: &Explanation, lang: Lang) -> String {
    let mut out = format!("## {} {}\n\n", e.applicant, e.name.as_deref().unwrap_or(""));
    let _ = writeln!(
        out,
        "{} `{}` · {} {} · **{}: {}**\n",
        lang.pick("规则版本", "Policy"),
        e.policy,
        lang.pick("参考日期", "reference date"),
        e.reference_date_words,
        lang.pick("申报资格", "Eligibility"),
        eligibility_word(e.eligibility, lang)
    );
    for w in &e.warnings {
        let _ = writeln!(
            out,
            "> {}: {}\n",
            lang.pick("警告", "Warning"),
            crate::diag::visible(w)
        );
    }
    let _ = writeln!(out, "### {}\n", lang.pick("申报条件", "Conditions"));
    let _ = writeln!(
        out,
        "| | {} | {} | {} |\n|---|---|---|---|",
        lang.pick("条文", "Article"),
        lang.pick("条件", "Condition"),
        lang.pick("理由", "Why")
    );
    for c in &e.conditions {
        let why: Vec<String> = c
            .clauses
            .iter()
            .map(|k| {
                let indent = "&nbsp;&nbsp;".repeat(k.depth);
                let reason = k.reason.replace('|', "\\|");
                format!("{indent}{} {reason}", mark(k.status))
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} {} | {} |",
            mark(c.status),
            c.cite,
            c.id,
            c.title,
            why.join("<br>")
        );
    }
    for s in &e.steps {
        let _ = writeln!(
            out,
            "\n### {}{}\n",
            s.title,
            if s.cite.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.cite)
            }
        );
        for l in &s.lines {
            let _ = writeln!(out, "- {l}");
        }
    }
    out
}
