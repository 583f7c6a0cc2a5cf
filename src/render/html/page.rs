//! The page every HTML paper shares: one self-contained document (inline CSS, no scripts, no
//! links out), a header block saying which documents and data it rests on, a font stack that
//! finds a Chinese font on Windows, macOS and Linux, and a print style for A4.

use std::fmt::Write as _;

use crate::diag::Lang;

/// Text made safe inside HTML: markup escaped, and control characters and direction
/// overrides shown as escapes (a right-to-left override would show a name backwards).
pub(crate) fn escape(s: &str) -> String {
    crate::safe_text::visible(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The style of every paper. Chinese fonts first, by the names each system knows them by.
const STYLE: &str = r#"
:root { --ink: #111; --muted: #555; --line: #c8ccd2; --head: #eef2f7; --ok: #1a7f37; --bad: #b42318; --warn: #9a6700; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", sans-serif;
       color: var(--ink); max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.55; font-size: 15px; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 1.6em 0 .5em; border-bottom: 2px solid var(--line); padding-bottom: .2em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid var(--line); padding: .25em .5em; vertical-align: top; text-align: left; }
thead th { background: var(--head); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; min-width: 2.5em; } th:not(.num) { white-space: nowrap; }
.id { white-space: nowrap; }
td:not(.num) { min-width: 4.5em; }
table.meta { width: auto; }
table.meta th { background: none; font-weight: normal; color: var(--muted); white-space: nowrap; }
.cite { color: var(--muted); white-space: nowrap; }
.pass { color: var(--ok); } .fail { color: var(--bad); } .undetermined { color: var(--warn); }
.warnings { border-left: 4px solid var(--warn); background: #fff8e6; padding: .4em .8em; margin: 1em 0; }
.warnings p { margin: .2em 0; }
tr.tier td { background: #f1f8f3; }
figure { margin: 1em 0; } figcaption { color: var(--muted); font-size: .9em; }
.print-only { display: none; }
ol.moves { list-style: none; padding: 0; margin: .3em 0; font-size: .9em; }
svg text { font-family: inherit; }
details summary { cursor: pointer; color: var(--muted); }
.old { color: var(--bad); } .new { color: var(--ok); }
p.note { color: var(--muted); font-size: .9em; }
ul.rules { color: var(--muted); font-size: .9em; margin: .3em 0 .6em; padding-left: 1.4em; }
svg.spread { display: block; max-width: 100%; height: auto; } .spread-note { color: var(--muted); font-size: .85em; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  /* A heading stays with what follows it; nothing else forces a new page. */
  h1, h2, h3, figcaption, p.note { break-after: avoid; }
  thead { display: table-header-group; } tr, figure, .warnings p, table.meta { break-inside: avoid; }
  details { display: none; } .print-only { display: block; }
  section.panel { break-inside: avoid; }
}
"#;

/// A full page: `title`, the header block's (label, value) rows, then `body`.
pub(crate) fn page(lang: Lang, title: &str, header: &[(String, String)], body: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<table class=\"meta\">\n",
        lang.pick("zh-CN", "en"),
        escape(title),
        escape(title)
    );
    for (label, value) in header {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(label),
            escape(value)
        );
    }
    let _ = write!(
        out,
        "</table>\n</header>\n<main>\n{body}</main>\n</body>\n</html>\n"
    );
    out
}

/// A table: headers (those in `numeric` right-aligned) and rows of already-escaped cells,
/// each row with an optional class.
pub(crate) fn table(
    headers: &[String],
    numeric: &[usize],
    rows: &[(Option<&str>, Vec<String>)],
) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    for (i, h) in headers.iter().enumerate() {
        let class = if numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(out, "<th{class}>{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (class, row) in rows {
        match class {
            Some(c) => {
                let _ = write!(out, "<tr class=\"{c}\">");
            }
            None => out.push_str("<tr>"),
        }
        for (i, cell) in row.iter().enumerate() {
            let class = if numeric.contains(&i) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Notes that carry their own lead (注意：…), in the warnings' box.
pub(crate) fn notes(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section class=\"warnings\">\n");
    for n in items {
        let _ = writeln!(out, "<p>{}</p>", escape(n));
    }
    out.push_str("</section>\n");
    out
}

/// Warnings in a box, when there are any.
pub(crate) fn warnings(lang: Lang, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section class=\"warnings\">\n");
    for w in items {
        let _ = writeln!(
            out,
            "<p>{}{}</p>",
            lang.pick("警告：", "Warning: "),
            escape(w)
        );
    }
    out.push_str("</section>\n");
    out
}
