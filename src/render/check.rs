//! The result of `qaward check` for people (each problem with its source line underlined)
//! and for editors and CI (`qaward.check.v1`).

use serde::Serialize;

use crate::check::Checked;
use crate::diag::{Lang, Severity, Style};

#[derive(Serialize)]
struct Report<'a> {
    format: &'static str,
    errors: usize,
    warnings: usize,
    policies: Vec<PolicyOut<'a>>,
    diagnostics: Vec<DiagnosticOut<'a>>,
}

#[derive(Serialize)]
struct PolicyOut<'a> {
    id: &'a str,
    path: String,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    severity: &'static str,
    code: &'static str,
    policy: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_column: Option<usize>,
    pointer: Option<&'a str>,
    message: TextOut<'a>,
    help: Option<TextOut<'a>>,
}

#[derive(Serialize)]
struct TextOut<'a> {
    zh: &'a str,
    en: &'a str,
}

pub(crate) fn human(
    checked: &[Checked],
    errors: usize,
    warnings: usize,
    langs: &[Lang],
    style: &Style,
) -> String {
    let lang = langs.first().copied().unwrap_or(Lang::Zh);
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning] {
        for d in checked
            .iter()
            .flat_map(|c| &c.diagnostics)
            .filter(|d| d.severity == severity)
        {
            out.push_str(&d.render(langs, style));
            out.push('\n');
        }
    }
    let ids: Vec<&str> = checked.iter().map(|c| c.id.as_str()).collect();
    out.push_str(&lang.pick(
        format!(
            "检查了 {} 个规则版本（{}）：{errors} 个错误，{warnings} 个警告\n",
            ids.len(),
            ids.join("、")
        ),
        format!(
            "checked {} polic{} ({}): {errors} error(s), {warnings} warning(s)\n",
            ids.len(),
            if ids.len() == 1 { "y" } else { "ies" },
            ids.join(", ")
        ),
    ));
    out
}

pub(crate) fn json(checked: &[Checked], errors: usize, warnings: usize) -> String {
    let report = Report {
        format: "qaward.check.v1",
        errors,
        warnings,
        policies: checked
            .iter()
            .map(|c| PolicyOut {
                id: &c.id,
                path: c.path.display().to_string(),
                errors: c
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count(),
                warnings: c
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count(),
            })
            .collect(),
        diagnostics: checked
            .iter()
            .flat_map(|c| c.diagnostics.iter().map(move |d| (c, d)))
            .map(|(c, d)| DiagnosticOut {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                code: d.code,
                policy: &c.id,
                file: d.file.as_ref().map(|f| f.display().to_string()),
                line: d.location.as_ref().map(|l| l.line),
                column: d.location.as_ref().map(|l| l.column),
                end_column: d.location.as_ref().map(|l| {
                    let len = l.line_text.chars().skip(l.column - 1).scan(0, |bytes, ch| {
                        *bytes += ch.len_utf8();
                        Some(*bytes)
                    });
                    l.column + len.take_while(|b| *b <= l.span.end - l.span.start).count()
                }),
                pointer: d.pointer.as_deref(),
                message: TextOut {
                    zh: &d.message.zh,
                    en: &d.message.en,
                },
                help: d.help.as_ref().map(|h| TextOut {
                    zh: &h.zh,
                    en: &h.en,
                }),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
    s.push('\n');
    s
}
