//! Reporting problems where they are: the sources read during one load, the place of every
//! value of the document, and the problems and warnings found, each at its file, line and
//! column. Schema violations and citations are reported here too.

use std::path::PathBuf;

use serde_json::Value;

use crate::diag::text;
use crate::diag::{Diagnostic, Location, Text};
use crate::policy::{Article, Citation};
use crate::schema::{self, Schema};
use crate::toml_json::Spans;

/// Checks a document against a schema, reporting each violation at its place.
pub(crate) fn schema_check(cx: &mut Cx, which: Schema, value: &Value) {
    // Named as the tool prints it, which works outside a checkout too.
    let name = match which {
        Schema::Amendment => "qaward schema amendment",
        _ => "qaward schema policy",
    };
    for v in schema::validate(which, value) {
        let help = schema_help(&v.message, name);
        // An unexpected key is best shown at the key itself.
        let pointer = match v
            .message
            .split('\'')
            .nth(1)
            .filter(|_| v.message.contains("was unexpected"))
        {
            Some(key) => format!("{}/{}", v.pointer, crate::pointer::escape(key)),
            None => v.pointer.clone(),
        };
        cx.error_at(
            "policy::schema",
            &pointer,
            text!(
                format!("不符合规则版本格式：{}", v.zh),
                format!("does not fit the policy format: {}", v.message)
            ),
            help,
        );
    }
}

fn schema_help(message: &str, schema: &str) -> Text {
    if message.contains("Additional properties") || message.contains("additional properties") {
        text!(
            format!("删除或改正这个键；可用的键见 {schema}（编辑器中 Even Better TOML 会提示）。"),
            format!("remove or correct this key; {schema} lists the keys allowed (Even Better TOML completes them in the editor)")
        )
    } else if let Some(ty) = message
        .split("is not of type \"")
        .nth(1)
        .and_then(|t| t.split('"').next())
    {
        let (zh, en) = match ty {
            "string" => (
                "一段带引号的文字，如 \"万元\"",
                "a quoted string, such as \"万元\"",
            ),
            "integer" => ("一个整数", "a whole number"),
            "number" => ("一个数字", "a number"),
            "boolean" => ("true 或 false", "true or false"),
            "array" => ("一个列表 [...]", "a list [...]"),
            "object" => ("一个表 { ... }", "a table { ... }"),
            other => (other, other),
        };
        text!(
            format!("此处应写{zh}；格式见 {schema}。"),
            format!("write {en} here; {schema} describes the format")
        )
    } else {
        text!(
            format!("按 {schema} 所示的格式改正此值。"),
            format!("correct the value as {schema} describes")
        )
    }
}

/// The state of one load: the source files read (index = file number in `spans`), the places
/// of the document's values, and what went wrong.
pub(crate) struct Cx {
    pub(crate) sources: Vec<(PathBuf, String)>,
    pub(crate) spans: Spans,
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Diagnostic>,
    /// Values set by `--set` (pointer, the argument): a problem there is reported at the
    /// argument, not at the file the value replaced.
    pub(crate) overridden: Vec<(String, String)>,
    /// Whether the documents read are kept for later loads of the same store.
    pub(crate) remember: bool,
}

impl Cx {
    /// Records a problem at a place (a file and span), or in file `file` when there is none.
    pub(crate) fn push_at(
        &mut self,
        d: Diagnostic,
        file: usize,
        place: Option<crate::toml_json::Place>,
    ) {
        let (file, span) = match place {
            Some((f, span)) => (f, Some(span)),
            None => (file, None),
        };
        let mut d = match self.sources.get(file) {
            Some((path, _)) => d.in_file(path),
            None => d,
        };
        if let (Some(span), Some((_, text))) = (span, self.sources.get(file)) {
            d = d.at(Location::in_source(text, span));
        }
        match d.severity {
            crate::diag::Severity::Error => self.problems.push(d),
            crate::diag::Severity::Warning => self.warnings.push(d),
        }
    }

    pub(crate) fn error_at(
        &mut self,
        code: &'static str,
        pointer: &str,
        message: Text,
        help: Text,
    ) {
        let d = Diagnostic::error(code, message).help(help);
        self.report_at(d, pointer);
    }

    /// A problem that does not stop the load.
    pub(crate) fn warn_at(&mut self, code: &'static str, pointer: &str, message: Text, help: Text) {
        let d = Diagnostic::warning(code, message).help(help);
        self.report_at(d, pointer);
    }

    /// Records `d` at the value `pointer` names (at its key for schema problems).
    pub(crate) fn report_at(&mut self, d: Diagnostic, pointer: &str) {
        let d = d.pointer(if pointer.is_empty() { "/" } else { pointer });
        let set = self.overridden.iter().find(|(p, _)| {
            pointer == p
                || pointer.starts_with(&format!("{p}/"))
                || p.starts_with(&format!("{pointer}/"))
        });
        if let Some((_, arg)) = set {
            let d = d.in_file(&PathBuf::from(format!("--set {arg}")));
            match d.severity {
                crate::diag::Severity::Error => self.problems.push(d),
                crate::diag::Severity::Warning => self.warnings.push(d),
            }
            return;
        }
        let place = if d.code == "policy::schema" {
            self.spans.locate_key(pointer)
        } else {
            self.spans.locate(pointer)
        };
        self.push_at(d, 0, place);
    }

    pub(crate) fn cite(
        &mut self,
        pointer: &str,
        text: Option<&str>,
        articles: &[Article],
    ) -> Option<Citation> {
        let text = text?;
        match Citation::parse(text) {
            Ok(c) => {
                if let Some(problem) = citation_problem(&c, articles) {
                    // A wrong citation does not change what the rule decides: a warning.
                    self.warn_at("policy::unknown-article", pointer, problem, text!(
                        "引用须与本规则版本 [[articles]] 列表中的条、款、项一致。",
                        "a citation must name an article, paragraph and item listed in this policy's [[articles]]"
                    ));
                }
                Some(c)
            }
            Err(e) => {
                self.error_at("policy::bad-citation", pointer, text!(format!("引用格式不对：{e}"), format!("malformed citation: {e}")), text!(
                    "写作 `Art. 条(项)` 或 `第…条第（…）项`（项）、`Art. 条 ¶款` 或 `第…条第…款`（款）、`Art. 条`（条），条、款、项为数字；条文序号不明时写 `unknown`。",
                    "write `Art. <article>(<item>)` or `第…条第（…）项` for an item, `Art. <article> ¶<paragraph>` or `第…条第…款` for a paragraph, `Art. <article>` for an article, each a number, or `unknown` when the article number is not known"
                ));
                None
            }
        }
    }
}

fn citation_problem(c: &Citation, articles: &[Article]) -> Option<Text> {
    if articles.is_empty() || c.document.is_some() || c.is_unknown() {
        return None;
    }
    let Some(a) = articles.iter().find(|a| a.number == c.article) else {
        return Some(text!(
            format!("引用了第 {} 条，但条文列表中没有这一条", c.article),
            format!(
                "cites article {}, which the article list does not have",
                c.article
            )
        ));
    };
    if c.paragraph.is_some_and(|p| p > a.paragraphs) {
        return Some(text!(
            format!(
                "第 {} 条只有 {} 款，引用 {c} 不存在",
                a.number, a.paragraphs
            ),
            format!(
                "article {} has {} paragraph(s); {c} does not exist",
                a.number, a.paragraphs
            )
        ));
    }
    if c.item.is_some_and(|i| i > a.items) {
        return Some(text!(
            format!("第 {} 条只有 {} 项，引用 {c} 不存在", a.number, a.items),
            format!(
                "article {} has {} item(s); {c} does not exist",
                a.number, a.items
            )
        ));
    }
    None
}

/// What lowering needs beyond the document: where it came from, its digest and its scripts.
pub(crate) struct Loaded {
    pub(crate) origin: PathBuf,
    /// Script name → (path, text); an amendment's scripts override its base's.
    pub(crate) scripts: std::collections::BTreeMap<String, (PathBuf, String)>,
    /// The working-day calendars of the policy directory.
    pub(crate) calendars: super::files::Calendars,
}
