//! Loading a policy: `policy.toml` and its `.rhai` files → schema check → typed `Policy`, with
//! every cross-check run and every problem reported together, each with file, line, column and
//! a hint. Scripts are compiled here, once.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::doc::{ClauseDoc, PolicyDoc, TestDoc, TextDoc};
use super::fields::{Field, Kind, RecordField};
use super::overrides::{self, Override};
use super::script::{self, Limits, Scripts};
use super::*;
use crate::cohort::RecordKind;
use crate::diag::{suggestion, Diagnostic, Location, Text};
use crate::error::Error;
use crate::schema::{self, Schema};
use crate::text;
use crate::toml_json::{self, Spans};

pub const FORMAT: &str = "qaward.policy.v1";
pub const POLICY_FILE: &str = "policy.toml";

/// Bounds that keep every sum of scores and payouts far inside `Decimal`'s range, so that
/// evaluation never overflows whatever the cohort holds.
pub const MAX_TOTAL: i64 = 1_000_000_000;
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// The files of one policy, by name relative to its directory.
#[derive(Debug, Clone)]
pub struct PolicyFiles {
    pub origin: PathBuf,
    pub files: BTreeMap<String, String>,
}

impl PolicyFiles {
    /// Reads `policy.toml` and every `.rhai` file of a policy directory.
    pub fn read_dir(dir: &Path) -> Result<PolicyFiles, Error> {
        let fail = |zh: String, en: String| {
            Error::one(
                Diagnostic::error("policy::unreadable", text!(zh, en))
                    .in_file(dir)
                    .help(text!(
                        "策略目录应包含 policy.toml 及其引用的 .rhai 脚本。",
                        "a policy directory holds policy.toml and the .rhai scripts it names"
                    )),
            )
        };
        let entries = std::fs::read_dir(dir).map_err(|e| {
            fail(
                format!("无法读取策略目录：{e}"),
                format!("cannot read the policy directory: {e}"),
            )
        })?;
        let mut files = BTreeMap::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let wanted = name == POLICY_FILE || name.ends_with(".rhai");
            if wanted && entry.path().is_file() {
                let text = std::fs::read_to_string(entry.path()).map_err(|e| {
                    fail(
                        format!("无法读取 {name}：{e}"),
                        format!("cannot read {name}: {e}"),
                    )
                })?;
                files.insert(name, text);
            }
        }
        if !files.contains_key(POLICY_FILE) {
            return Err(fail(
                format!("目录中没有 {POLICY_FILE}"),
                format!("the directory has no {POLICY_FILE}"),
            ));
        }
        Ok(PolicyFiles {
            origin: dir.to_path_buf(),
            files,
        })
    }
}

/// Loads a policy from its files, running every check; `bases` finds the files of the policy
/// an amendment extends, by id.
pub fn load_policy_with(
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
) -> Result<Policy, Error> {
    load_variant(files, bases, &[])
}

/// Loads a policy with what-if overrides applied to its document first, so the variant is
/// checked exactly like a file (problems start with a note naming the overrides).
pub fn load_variant(
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
    overrides: &[Override],
) -> Result<Policy, Error> {
    let result = load_document(files, bases, overrides);
    match result {
        Err(mut e) if !overrides.is_empty() => {
            let note = Diagnostic::error(
                "whatif::invalid-variant",
                text!(
                    format!("{}未通过检查", overrides::describe(overrides).zh),
                    format!(
                        "{} does not pass the checks",
                        overrides::describe(overrides).en
                    )
                ),
            )
            .help(text!(
                "修改 --set 的值，使策略仍然成立。",
                "change the --set values so that the policy still holds"
            ));
            e.problems.insert(0, note);
            Err(e)
        }
        other => other,
    }
}

fn load_document(
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
    overrides: &[Override],
) -> Result<Policy, Error> {
    let mut cx = Cx {
        sources: Vec::new(),
        spans: Spans::default(),
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let mut chain = Vec::new();
    let document = document(&mut cx, files, bases, &mut chain);
    let fail = |cx: Cx| Error::new(cx.problems.into_iter().chain(cx.warnings).collect());
    let Some(mut value) = document else {
        return Err(fail(cx));
    };
    match overrides::apply(&mut value, overrides) {
        // An overridden value has no place in the files; problems with it point at its table.
        Ok(pointers) => pointers.iter().for_each(|p| cx.spans.remove_under(p)),
        Err(problems) => {
            cx.problems.extend(problems);
            return Err(fail(cx));
        }
    }
    schema_check(&mut cx, Schema::Policy, &value);
    if !cx.problems.is_empty() {
        return Err(fail(cx));
    }
    let doc: PolicyDoc = match serde_path_to_error::deserialize(value) {
        Ok(doc) => doc,
        Err(e) => {
            let pointer = crate::pointer::of_path(e.path());
            let msg = e.into_inner().to_string();
            cx.error_at(
                "policy::schema",
                &pointer,
                text!(
                    format!("不符合策略格式：{msg}"),
                    format!("does not fit the policy format: {msg}")
                ),
                text!(
                    "参见 schemas/policy.schema.json。",
                    "see schemas/policy.schema.json"
                ),
            );
            return Err(fail(cx));
        }
    };
    let mut scripts = BTreeMap::new();
    for f in chain.iter().rev() {
        for (name, text) in f.files.iter().filter(|(n, _)| n.ends_with(".rhai")) {
            scripts.insert(name.clone(), (f.origin.join(name), text.clone()));
        }
    }
    let loaded = Loaded {
        origin: files.origin.clone(),
        digest: digest(&chain),
        scripts,
    };
    let policy = lower(&mut cx, doc, &loaded);
    match policy {
        Some(mut policy) if cx.problems.is_empty() => {
            policy.load_warnings = std::mem::take(&mut cx.warnings);
            policy.source = Arc::new(SourceMap {
                files: cx.sources,
                spans: cx.spans,
            });
            Ok(policy)
        }
        _ => Err(fail(cx)),
    }
}

/// What lowering needs beyond the document: where it came from, its digest and its scripts.
struct Loaded {
    origin: PathBuf,
    digest: String,
    /// Script name → (path, text); an amendment's scripts override its base's.
    scripts: BTreeMap<String, (PathBuf, String)>,
}

/// `sha256:` + hex over every file of the policy and of the bases it amends, each as
/// directory, file name, length and bytes.
fn digest(chain: &[PolicyFiles]) -> String {
    let mut h = Sha256::new();
    for files in chain {
        let dir = files
            .origin
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (name, text) in &files.files {
            for part in [
                dir.as_bytes(),
                name.as_bytes(),
                text.len().to_string().as_bytes(),
                text.as_bytes(),
            ] {
                h.update(part);
                h.update([0]);
            }
        }
    }
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for b in h.finalize().iter() {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Reads one policy file into a JSON document; for an amendment, reads its base (and theirs)
/// and merges. `chain` collects the files of every policy involved, the given one first.
fn document(
    cx: &mut Cx,
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
    chain: &mut Vec<PolicyFiles>,
) -> Option<Value> {
    let index = cx.sources.len();
    let source = files.files.get(POLICY_FILE).cloned().unwrap_or_default();
    cx.sources.push((files.origin.join(POLICY_FILE), source));
    chain.push(files.clone());
    let (value, spans) = match toml_json::parse(&cx.sources[index].1) {
        Ok((value, spans)) => (value, spans.in_file(index)),
        Err(e) => {
            let place = e.span.map(|span| (index, span));
            cx.push_at(
                Diagnostic::error("policy::syntax", text!(format!("TOML 语法错误：{}", e.message), format!("TOML syntax error: {}", e.message))).help(text!(
                    "检查该处的引号、等号和方括号；字符串用双引号，表头形如 [section]。",
                    "check the quotes, `=` and brackets there; strings take double quotes, headers look like [section]"
                )),
                index,
                place,
            );
            return None;
        }
    };
    if value.get("format").and_then(Value::as_str) != Some(amend::FORMAT) {
        cx.spans = spans;
        return Some(value);
    }
    let before = std::mem::replace(&mut cx.spans, spans);
    schema_check(cx, Schema::Amendment, &value);
    let a_spans = std::mem::replace(&mut cx.spans, before);
    if !cx.problems.is_empty() {
        return None;
    }
    let base_id = value
        .pointer("/amendment/extends")
        .and_then(Value::as_str)
        .unwrap_or("");
    let at_extends = a_spans.locate("/amendment/extends");
    if chain
        .iter()
        .any(|f| f.origin.file_name().and_then(|n| n.to_str()) == Some(base_id))
    {
        let ids: Vec<String> = chain
            .iter()
            .filter_map(|f| {
                f.origin
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .collect();
        cx.push_at(
            Diagnostic::error(
                "amend::cycle",
                text!(
                    format!("修正案的基础形成循环：{} → {base_id}", ids.join(" → ")),
                    format!(
                        "the bases of this amendment form a cycle: {} → {base_id}",
                        ids.join(" → ")
                    )
                ),
            )
            .help(text!(
                "每个修正案须最终基于一部完整的策略。",
                "every chain of amendments must end at a complete policy"
            )),
            index,
            at_extends,
        );
        return None;
    }
    let Some(base_files) = bases(base_id) else {
        cx.push_at(
            Diagnostic::error(
                "amend::unknown-base",
                text!(format!("找不到基础策略 `{base_id}`"), format!("the base policy `{base_id}` cannot be found")),
            )
            .help(text!(
                "extends 须是策略目录中另一策略的编号（如 wuxi-2024）；修正案与基础策略放在同一目录下。",
                "`extends` names another policy in the same policy directory (such as wuxi-2024)"
            )),
            index,
            at_extends,
        );
        return None;
    };
    let base = document(cx, &base_files, bases, chain)?;
    let mut spans = std::mem::take(&mut cx.spans);
    let merged = amend::merge(base, &value, &a_spans, &mut spans);
    cx.spans = spans;
    match merged {
        Ok(merged) => Some(merged),
        Err(problems) => {
            for p in problems {
                let place = a_spans.locate(&p.pointer);
                cx.push_at(
                    Diagnostic::error(p.code, p.message)
                        .pointer(p.pointer)
                        .help(p.help),
                    index,
                    place,
                );
            }
            None
        }
    }
}

/// Checks a document against a schema, reporting each violation at its place.
fn schema_check(cx: &mut Cx, which: Schema, value: &Value) {
    let name = match which {
        Schema::Amendment => "schemas/amendment.schema.json",
        _ => "schemas/policy.schema.json",
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
                format!("不符合策略格式：{}", v.message),
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
    } else {
        text!(
            format!("按 {schema} 改正此值。"),
            format!("correct the value as {schema} describes")
        )
    }
}

/// The state of one load: the source files read (index = file number in `spans`), the places
/// of the document's values, and what went wrong.
struct Cx {
    sources: Vec<(PathBuf, String)>,
    spans: Spans,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Cx {
    /// Records a problem at a place (a file and span), or in file `file` when there is none.
    fn push_at(&mut self, d: Diagnostic, file: usize, place: Option<crate::toml_json::Place>) {
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

    fn error_at(&mut self, code: &'static str, pointer: &str, message: Text, help: Text) {
        let d = Diagnostic::error(code, message).help(help);
        self.report_at(d, pointer);
    }

    /// A problem that does not stop the load.
    fn warn_at(&mut self, code: &'static str, pointer: &str, message: Text, help: Text) {
        let d = Diagnostic::warning(code, message).help(help);
        self.report_at(d, pointer);
    }

    /// Records `d` at the value `pointer` names (at its key for schema problems).
    fn report_at(&mut self, d: Diagnostic, pointer: &str) {
        let d = d.pointer(if pointer.is_empty() { "/" } else { pointer });
        let place = if d.code == "policy::schema" {
            self.spans.locate_key(pointer)
        } else {
            self.spans.locate(pointer)
        };
        self.push_at(d, 0, place);
    }

    fn cite(
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
                        "引用须与本策略 [[articles]] 列表中的条、款、项一致。",
                        "a citation must name an article, paragraph and item listed in this policy's [[articles]]"
                    ));
                }
                Some(c)
            }
            Err(e) => {
                self.error_at("policy::bad-citation", pointer, text!(format!("引用格式不对：{e}"), format!("malformed citation: {e}")), text!(
                    "写作 `Art. 10(3)`（第十条第（三）项）、`Art. 5 ¶3`（第五条第三款）或 `Art. 17`。",
                    "write `Art. 10(3)` for an item, `Art. 5 ¶3` for a paragraph, or `Art. 17`"
                ));
                None
            }
        }
    }
}

fn citation_problem(c: &Citation, articles: &[Article]) -> Option<Text> {
    if articles.is_empty() || c.document.is_some() {
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

/// Provenance as written; anything not marked `verified = true` is unverified.
fn provenance(
    verified: Option<bool>,
    source: &Option<String>,
    note: &Option<String>,
) -> Provenance {
    Provenance {
        verified: verified.unwrap_or(false),
        source: source.clone(),
        note: note.clone(),
    }
}

fn text_of(t: &TextDoc) -> Text {
    Text::new(t.zh.clone(), t.en.clone())
}

/// A JSON value from the policy as a parameter value (strings that are dates become dates).
fn param_value(v: &Value) -> Result<ParamValue, String> {
    Ok(match v {
        Value::Bool(b) => ParamValue::Bool(*b),
        Value::Number(n) => {
            let text = n.to_string();
            match text.parse::<i64>() {
                Ok(i) => ParamValue::Int(i),
                Err(_) => ParamValue::Decimal(crate::decimal::parse(&text)?),
            }
        }
        Value::String(s) => match crate::date::Date::parse(s) {
            Ok(d) => ParamValue::Date(d),
            Err(_) => ParamValue::Text(s.clone()),
        },
        Value::Array(items) => {
            let values = items
                .iter()
                .map(param_value)
                .collect::<Result<Vec<_>, _>>()?;
            if values.iter().any(|v| matches!(v, ParamValue::List(_))) {
                return Err("a list may hold only single values, not lists".into());
            }
            ParamValue::List(values)
        }
        Value::Null | Value::Object(_) => {
            return Err("a value must be a boolean, number, string, date or a list of them".into())
        }
    })
}

fn value_kind(v: &ParamValue) -> Option<Kind> {
    Some(match v {
        ParamValue::Bool(_) => Kind::Bool,
        ParamValue::Int(_) => Kind::Int,
        ParamValue::Decimal(_) => Kind::Decimal,
        ParamValue::Date(_) => Kind::Date,
        ParamValue::Text(_) => Kind::Text,
        ParamValue::List(_) => return None,
    })
}

fn compatible(field: Kind, value: Kind) -> bool {
    field == value || (field.is_numeric() && value.is_numeric())
}

fn lower(cx: &mut Cx, doc: PolicyDoc, files: &Loaded) -> Option<Policy> {
    if doc.format != FORMAT {
        cx.error_at(
            "policy::format",
            "/format",
            text!(
                format!("不认识的格式 `{}`", doc.format),
                format!("unknown format `{}`", doc.format)
            ),
            text!(
                format!("写作 format = \"{FORMAT}\"。"),
                format!("write format = \"{FORMAT}\"")
            ),
        );
    }
    let m = &doc.policy;
    if let Some(dir) = files.origin.file_name().and_then(|n| n.to_str()) {
        if dir != m.id && !files.origin.as_os_str().is_empty() {
            cx.error_at(
                "policy::id-mismatch",
                "/policy/id",
                text!(
                    format!("策略编号 `{}` 与所在目录名 `{dir}` 不一致", m.id),
                    format!(
                        "the policy id `{}` differs from its directory name `{dir}`",
                        m.id
                    )
                ),
                text!(
                    "把目录改名为策略编号，或改正编号，使二者相同。",
                    "rename the directory or the id so that they match"
                ),
            );
        }
    }
    if m.effective > m.expires {
        cx.error_at(
            "policy::window-reversed",
            "/policy/expires",
            text!(
                format!("有效期颠倒：生效 {} 晚于失效 {}", m.effective, m.expires),
                format!(
                    "the validity window is reversed: effective {} is after expires {}",
                    m.effective, m.expires
                )
            ),
            text!(
                "effective 应不晚于 expires。",
                "`effective` must be on or before `expires`"
            ),
        );
    }

    let mut articles: Vec<Article> = Vec::new();
    for (i, a) in doc.articles.iter().enumerate() {
        if articles.iter().any(|b| b.number == a.number) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("/articles/{i}/number"),
                text!(
                    format!("第 {} 条重复列出", a.number),
                    format!("article {} is listed twice", a.number)
                ),
                text!("每条只列一次。", "list each article once"),
            );
        }
        articles.push(Article {
            number: a.number,
            paragraphs: a.paragraphs,
            items: a.items,
            title: a.title.as_ref().map(text_of),
        });
    }
    let validity_cite = cx.cite(
        "/policy/validity_cite",
        m.validity_cite.as_deref(),
        &articles,
    );
    let meta = Meta {
        id: m.id.clone(),
        family: m.family.clone(),
        title: text_of(&m.title),
        issuer: text_of(&m.issuer),
        document: m.document.clone(),
        issued: m.issued,
        effective: m.effective,
        expires: m.expires,
        supersedes: m.supersedes.clone(),
        validity_cite,
        provenance: provenance(m.verified, &m.source, &m.note),
        extends: m.extends.clone(),
        decision: m.decision.as_ref().map(|d| Decision {
            number: d.number.clone(),
            date: d.date,
            body: d.body.clone(),
        }),
    };

    // Parameters.
    let mut params = Vec::new();
    for (name, raw) in &doc.params {
        let p = format!("/params/{}", crate::pointer::escape(name));
        let pd: super::doc::ParamDoc = match serde_json::from_value(raw.clone()) {
            Ok(pd) => pd,
            Err(e) => {
                cx.error_at(
                    "policy::schema",
                    &p,
                    text!(
                        format!("参数 `{name}` 格式不对：{e}"),
                        format!("parameter `{name}` is malformed: {e}")
                    ),
                    text!(
                    "参数写作 [params.NAME]，含 value、cite、title、verified、source、note。",
                    "a parameter is [params.NAME] with value, cite, title, verified, source, note"
                ),
                );
                continue;
            }
        };
        let value = match param_value(&pd.value) {
            Ok(v) => v,
            Err(e) => {
                cx.error_at(
                    "policy::bad-value",
                    &format!("{p}/value"),
                    text!(
                        format!("参数 `{name}` 的值不可用：{e}"),
                        format!("parameter `{name}` has an unusable value: {e}")
                    ),
                    text!(
                        "值可以是布尔、整数、小数、字符串、日期，或它们的列表。",
                        "a value is a boolean, integer, decimal, string, date, or a list of them"
                    ),
                );
                continue;
            }
        };
        let cite = cx.cite(&format!("{p}/cite"), pd.cite.as_deref(), &articles);
        params.push(Param {
            name: name.clone(),
            value,
            cite,
            title: pd.title.as_ref().map(text_of),
            provenance: provenance(pd.verified, &pd.source, &pd.note),
        });
    }
    let scripts = Scripts::new(&params, Limits::default());

    // Conditions.
    let mut conditions = Vec::new();
    let mut seen_conditions = HashSet::new();
    for (ci, c) in doc.conditions.iter().enumerate() {
        let p = format!("/conditions/{ci}");
        if !seen_conditions.insert(c.id.clone()) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("条件编号 `{}` 重复", c.id),
                    format!("condition id `{}` is used twice", c.id)
                ),
                text!(
                    "每个条件需要唯一编号，如 art10.3。",
                    "every condition needs its own id, such as art10.3"
                ),
            );
        }
        let cite = cx.cite(&format!("{p}/cite"), Some(&c.cite), &articles);
        let mut clauses = Vec::new();
        let mut seen_clauses = HashSet::new();
        for (ki, k) in c.clauses.iter().enumerate() {
            let kp = format!("{p}/clauses/{ki}");
            if !seen_clauses.insert(k.id.clone()) {
                cx.error_at(
                    "policy::duplicate-id",
                    &format!("{kp}/id"),
                    text!(
                        format!("条件 `{}` 中子句编号 `{}` 重复", c.id, k.id),
                        format!("clause id `{}` is used twice in condition `{}`", k.id, c.id)
                    ),
                    text!(
                        "同一条件内子句编号须唯一。",
                        "clause ids must be unique within a condition"
                    ),
                );
            }
            if let Some(clause) = lower_clause(cx, &kp, k, &params, &scripts, files) {
                clauses.push(clause);
            }
        }
        if let Some(cite) = cite {
            conditions.push(Condition {
                id: c.id.clone(),
                cite,
                title: text_of(&c.title),
                provenance: provenance(c.verified, &c.source, &c.note),
                enabled: c.enabled,
                clauses,
            });
        }
    }

    // Scoring, stages, shortlist, ranking.
    let scoring = Scoring {
        standards_param: doc.scoring.standards_param.clone(),
        total: doc.scoring.total,
        provenance: provenance(doc.scoring.verified, &doc.scoring.source, &doc.scoring.note),
        cite: cx.cite("/scoring/cite", doc.scoring.cite.as_deref(), &articles),
    };
    if scoring.total <= Decimal::ZERO || scoring.total > Decimal::from(MAX_TOTAL) {
        cx.error_at(
            "policy::bad-value",
            "/scoring/total",
            text!(
                format!("标准总分 {} 不在 (0, {MAX_TOTAL}] 之内", scoring.total),
                format!(
                    "the standard's total {} is outside (0, {MAX_TOTAL}]",
                    scoring.total
                )
            ),
            text!(
                "评定标准总分为 1000。",
                "the evaluation standards total 1000 points"
            ),
        );
    }
    if let Some(name) = &scoring.standards_param {
        param_or_report(cx, "/scoring/standards_param", name, &params);
    }
    let mut stages: Vec<Stage> = Vec::new();
    for (si, s) in doc.stages.iter().enumerate() {
        let p = format!("/stages/{si}");
        if !["material", "site", "presentation"].contains(&s.id.as_str()) {
            let help = suggestion(&s.id, ["material", "site", "presentation"]).unwrap_or_else(|| text!(
                "评审阶段为 material（材料）、site（现场）、presentation（演讲答辩），与名单中的 scores 字段对应。",
                "stages are material, site and presentation, matching the cohort's scores"
            ));
            cx.error_at(
                "policy::unknown-stage",
                &format!("{p}/id"),
                text!(
                    format!("未知的评审阶段 `{}`", s.id),
                    format!("unknown stage `{}`", s.id)
                ),
                help,
            );
        }
        if stages.iter().any(|t| t.id == s.id) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("评审阶段 `{}` 重复", s.id),
                    format!("stage `{}` is listed twice", s.id)
                ),
                text!("每个阶段只列一次。", "list each stage once"),
            );
        }
        if s.weight < Decimal::ZERO || s.weight > Decimal::ONE {
            cx.error_at(
                "policy::bad-value",
                &format!("{p}/weight"),
                text!(
                    format!("权重 {} 不在 0 与 1 之间", s.weight),
                    format!("weight {} is not between 0 and 1", s.weight)
                ),
                text!(
                    "权重写作小数，如 0.30 表示 30%。",
                    "write a weight as a decimal share, e.g. 0.30 for 30%"
                ),
            );
        }
        stages.push(Stage {
            id: s.id.clone(),
            title: text_of(&s.title),
            weight: s.weight,
            provenance: provenance(s.verified, &s.source, &s.note),
            cite: cx.cite(&format!("{p}/cite"), s.cite.as_deref(), &articles),
        });
    }
    let sum: Decimal = stages.iter().map(|s| s.weight).sum();
    if sum != Decimal::ONE {
        let listing = stages
            .iter()
            .map(|s| format!("{} {}", s.id, s.weight))
            .collect::<Vec<_>>()
            .join(" + ");
        cx.error_at(
            "policy::weights-sum",
            "/stages",
            text!(
                format!("各阶段权重之和须恰好为 1：{listing} = {sum}"),
                format!("the stage weights must sum to exactly 1: {listing} = {sum}")
            ),
            text!(
                "调整权重，使其相加等于 1（第十一条第（五）项为 30%、50%、20%）。",
                "adjust the weights so they add up to 1 (Art. 11(5): 30%, 50%, 20%)"
            ),
        );
    }
    let stage_ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
    let check_stage = |cx: &mut Cx, pointer: &str, id: &str| {
        if !stage_ids.contains(&id) {
            let help = suggestion(id, stage_ids.iter().copied()).unwrap_or_else(|| {
                text!(
                    format!("已定义的阶段：{}", stage_ids.join("、")),
                    format!("the stages defined are: {}", stage_ids.join(", "))
                )
            });
            cx.error_at(
                "policy::unknown-stage",
                pointer,
                text!(
                    format!("引用了未定义的评审阶段 `{id}`"),
                    format!("refers to stage `{id}`, which is not defined")
                ),
                help,
            );
        }
    };
    check_stage(cx, "/shortlist/stage", &doc.shortlist.stage);
    if doc.shortlist.size < 1 || doc.shortlist.size > i64::from(u32::MAX) {
        cx.error_at(
            "policy::bad-value",
            "/shortlist/size",
            text!(
                format!("入围名额 {} 无效", doc.shortlist.size),
                format!("shortlist size {} is not valid", doc.shortlist.size)
            ),
            text!(
                "入围名额须为正整数（第十一条第（三）项为 20）。",
                "the shortlist size is a positive integer (Art. 11(3): 20)"
            ),
        );
    }
    for (i, s) in doc.ranking.tie_break.iter().enumerate() {
        check_stage(cx, &format!("/ranking/tie_break/{i}"), s);
    }
    let shortlist = Shortlist {
        stage: doc.shortlist.stage.clone(),
        size: u32::try_from(doc.shortlist.size).unwrap_or(0),
        include_ties: doc.shortlist.include_ties,
        provenance: provenance(
            doc.shortlist.verified,
            &doc.shortlist.source,
            &doc.shortlist.note,
        ),
        cite: cx.cite("/shortlist/cite", doc.shortlist.cite.as_deref(), &articles),
    };
    let ranking = Ranking {
        tie_break: doc.ranking.tie_break.clone(),
        provenance: provenance(doc.ranking.verified, &doc.ranking.source, &doc.ranking.note),
        cite: cx.cite("/ranking/cite", doc.ranking.cite.as_deref(), &articles),
    };

    // Tiers.
    let mut tiers: Vec<Tier> = Vec::new();
    for (ti, t) in doc.tiers.iter().enumerate() {
        let p = format!("/tiers/{ti}");
        if tiers.iter().any(|u| u.id == t.id) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("奖项等级 `{}` 重复", t.id),
                    format!("tier `{}` is listed twice", t.id)
                ),
                text!("每个等级只列一次。", "list each tier once"),
            );
        }
        if t.quota < 0 || t.quota > i64::from(u32::MAX) {
            cx.error_at(
                "policy::negative-quota",
                &format!("{p}/quota"),
                text!(
                    format!("名额 {} 无效，不能为负", t.quota),
                    format!("quota {} is not valid; it cannot be negative", t.quota)
                ),
                text!(
                    "名额为 0 或正整数（第三条：不超过 5 家、10 家，可以空缺）。",
                    "a quota is 0 or a positive integer (Art. 3: at most 5 and 10, may be vacant)"
                ),
            );
        }
        if t.threshold <= Decimal::ZERO || t.threshold > Decimal::ONE {
            cx.error_at(
                "policy::threshold-range",
                &format!("{p}/threshold"),
                text!(
                    format!("门槛 {} 不在 (0, 1] 之内", t.threshold),
                    format!("threshold {} is outside (0, 1]", t.threshold)
                ),
                text!(
                    "门槛是标准总分的比例，如 0.60 表示 60%（第五条第三款）。",
                    "a threshold is a share of the standard's total, e.g. 0.60 for 60% (Art. 5 ¶3)"
                ),
            );
        }
        if t.amount < Decimal::ZERO || t.amount > Decimal::from(MAX_AMOUNT) {
            cx.error_at(
                "policy::bad-value",
                &format!("{p}/amount"),
                text!(
                    format!("奖金 {} 不在 0 至 {MAX_AMOUNT} 元之间", t.amount),
                    format!("the amount {} is outside 0 to {MAX_AMOUNT} yuan", t.amount)
                ),
                text!(
                    "奖金以元计，如 1000000。",
                    "amounts are in yuan, e.g. 1000000"
                ),
            );
        }
        tiers.push(Tier {
            id: t.id.clone(),
            title: text_of(&t.title),
            quota: u32::try_from(t.quota).unwrap_or(0),
            threshold: t.threshold,
            amount: t.amount,
            currency: t.currency.clone(),
            provenance: provenance(t.verified, &t.source, &t.note),
            quota_cite: cx.cite(
                &format!("{p}/cite/quota"),
                t.cite.quota.as_deref(),
                &articles,
            ),
            threshold_cite: cx.cite(
                &format!("{p}/cite/threshold"),
                t.cite.threshold.as_deref(),
                &articles,
            ),
            amount_cite: cx.cite(
                &format!("{p}/cite/amount"),
                t.cite.amount.as_deref(),
                &articles,
            ),
        });
    }
    if doc.publicity.days < 1 || doc.publicity.days > 3650 {
        cx.error_at(
            "policy::bad-value",
            "/publicity/days",
            text!(
                format!("公示天数 {} 无效", doc.publicity.days),
                format!("{} publicity days is not valid", doc.publicity.days)
            ),
            text!(
                "公示期为正整数天（第十一条第（六）项为 7 日）。",
                "the notice lasts a positive number of days (Art. 11(6): 7)"
            ),
        );
    }
    let publicity = Publicity {
        days: u32::try_from(doc.publicity.days).unwrap_or(0),
        provenance: provenance(
            doc.publicity.verified,
            &doc.publicity.source,
            &doc.publicity.note,
        ),
        cite: cx.cite("/publicity/cite", doc.publicity.cite.as_deref(), &articles),
    };

    Some(Policy {
        meta,
        articles,
        params,
        conditions,
        scoring,
        stages,
        shortlist,
        ranking,
        tiers,
        publicity,
        origin: files.origin.clone(),
        digest: files.digest.clone(),
        scripts: Arc::new(scripts),
        source: Arc::default(),
        load_warnings: Vec::new(),
    })
}

fn field_or_report(cx: &mut Cx, pointer: &str, path: &str) -> Option<Field> {
    match Field::by_path(path) {
        Some(f) => Some(f),
        None => {
            let help = suggestion(path, Field::ALL.iter().map(|f| f.path())).unwrap_or_else(|| text!(
                "可用字段见 schemas/cohort.schema.json（数据约定第 1 节），以点号连接，如 performance.scale_rank。",
                "the fields are those of schemas/cohort.schema.json (contract section 1), dotted, e.g. performance.scale_rank"
            ));
            cx.error_at(
                "policy::unknown-field",
                pointer,
                text!(
                    format!("名单中没有字段 `{path}`"),
                    format!("the cohort has no field `{path}`")
                ),
                help,
            );
            None
        }
    }
}

fn param_or_report<'p>(
    cx: &mut Cx,
    pointer: &str,
    name: &str,
    params: &'p [Param],
) -> Option<&'p Param> {
    match params.iter().find(|p| p.name == name) {
        Some(p) => Some(p),
        None => {
            let help =
                suggestion(name, params.iter().map(|p| p.name.as_str())).unwrap_or_else(|| {
                    text!(
                        format!("在 [params.{name}] 中定义它，或改用已有参数。"),
                        format!("define it as [params.{name}], or use a parameter that exists")
                    )
                });
            cx.error_at(
                "policy::unknown-param",
                pointer,
                text!(
                    format!("引用了未定义的参数 `{name}`"),
                    format!("refers to parameter `{name}`, which is not defined")
                ),
                help,
            );
            None
        }
    }
}

/// Resolves the right-hand side of a test: exactly one of `value`, `param`, `ref`.
fn operand(
    cx: &mut Cx,
    pointer: &str,
    value: Option<&Value>,
    param: Option<&str>,
    reference: Option<&str>,
    params: &[Param],
) -> Option<Operand> {
    match (value, param, reference) {
        (Some(v), None, None) => match param_value(v) {
            Ok(v) => Some(Operand::Literal(v)),
            Err(e) => {
                cx.error_at(
                    "policy::bad-value",
                    &format!("{pointer}/value"),
                    text!(format!("值不可用：{e}"), format!("unusable value: {e}")),
                    text!(
                        "写一个布尔、数字、字符串或列表。",
                        "write a boolean, number, string or list"
                    ),
                );
                None
            }
        },
        (None, Some(name), None) => param_or_report(cx, &format!("{pointer}/param"), name, params)
            .map(|p| Operand::Param(p.name.clone(), p.value.clone())),
        (None, None, Some(path)) => {
            field_or_report(cx, &format!("{pointer}/ref"), path).map(Operand::Field)
        }
        _ => {
            cx.error_at("policy::operand", pointer, text!(
                "比较对象须恰好给出 value、param、ref 之一",
                "a comparison needs exactly one of `value`, `param` or `ref`"
            ), text!(
                "条例规定的数值请写成参数（param = \"…\"）；与名单中另一字段比较用 ref。",
                "numbers the regulation decides belong in parameters (param = \"…\"); use ref to compare with another cohort field"
            ));
            None
        }
    }
}

fn operand_kinds(op: &Operand) -> (Option<Kind>, Option<Vec<Kind>>) {
    let of = |v: &ParamValue| match v {
        ParamValue::List(items) => (None, Some(items.iter().filter_map(value_kind).collect())),
        v => (value_kind(v), None),
    };
    match op {
        Operand::Literal(v) | Operand::Param(_, v) => of(v),
        Operand::Field(f) => (f.kind(), None),
    }
}

/// Checks that `field op operand` makes sense; reports at `pointer`.
fn check_types(
    cx: &mut Cx,
    pointer: &str,
    what: &str,
    field_kind: Kind,
    op: Op,
    operand: &Operand,
) -> bool {
    let (scalar, list) = operand_kinds(operand);
    let problem = match (op, scalar, list) {
        (Op::In | Op::NotIn, _, Some(kinds)) => kinds
            .iter()
            .find(|k| !compatible(field_kind, **k))
            .map(|k| {
                format!(
                    "the list holds a {} but `{what}` is a {}",
                    k.name(),
                    field_kind.name()
                )
            }),
        (Op::In | Op::NotIn, _, None) => Some("`in` and `not_in` need a list".to_owned()),
        (_, _, Some(_)) => Some(format!(
            "`{}` cannot compare with a list; use `in`",
            Op::NAMES[op as usize]
        )),
        (_, Some(k), None) if !compatible(field_kind, k) => Some(format!(
            "`{what}` is a {} and cannot be compared with a {}",
            field_kind.name(),
            k.name()
        )),
        (Op::Lt | Op::Le | Op::Gt | Op::Ge, Some(_), None)
            if matches!(field_kind, Kind::Bool | Kind::Text) =>
        {
            Some(format!(
                "`{what}` is a {}; only numbers and dates can be ordered",
                field_kind.name()
            ))
        }
        (_, None, None) => Some(format!("`{what}` cannot be compared")),
        _ => None,
    };
    match problem {
        Some(p) => {
            cx.error_at("policy::type-mismatch", pointer, text!(format!("类型不匹配：{p}"), format!("type mismatch: {p}")), text!(
                "让比较两边类型一致：布尔与布尔、数字与数字、日期与日期；集合判断用 in 和列表。",
                "compare like with like: booleans, numbers, dates; test membership with `in` and a list"
            ));
            false
        }
        None => true,
    }
}

/// The key holding a test's right-hand side, to point at it.
fn operand_key(param: Option<&str>, reference: Option<&str>) -> &'static str {
    match (param, reference) {
        (Some(_), _) => "param",
        (None, Some(_)) => "ref",
        (None, None) => "value",
    }
}

fn lower_test(cx: &mut Cx, pointer: &str, t: &TestDoc, params: &[Param]) -> Option<Test> {
    let field = field_or_report(cx, &format!("{pointer}/field"), &t.field);
    let op = op_or_report(cx, &format!("{pointer}/op"), &t.op);
    let operand = operand(
        cx,
        pointer,
        t.value.as_ref(),
        t.param.as_deref(),
        t.reference.as_deref(),
        params,
    );
    let (field, op, operand) = (field?, op?, operand?);
    let Some(kind) = field.kind().filter(|k| *k != Kind::YearMap) else {
        cx.error_at(
            "policy::type-mismatch",
            &format!("{pointer}/field"),
            text!(
                format!("字段 `{}` 不是单个值，不能直接比较", t.field),
                format!(
                    "`{}` is not a single value and cannot be compared directly",
                    t.field
                )
            ),
            text!(
                "记录请用 no_record 子句，年度数据请用脚本子句。",
                "use a no_record clause for records and a script clause for yearly data"
            ),
        );
        return None;
    };
    let at = format!(
        "{pointer}/{}",
        operand_key(t.param.as_deref(), t.reference.as_deref())
    );
    check_types(cx, &at, &t.field, kind, op, &operand).then_some(Test { field, op, operand })
}

fn op_or_report(cx: &mut Cx, pointer: &str, op: &str) -> Option<Op> {
    let parsed = Op::parse(op);
    if parsed.is_none() {
        let help = suggestion(op, Op::NAMES).unwrap_or_else(|| {
            text!(
                format!("可用的运算符：{}", Op::NAMES.join(" ")),
                format!("the operators are: {}", Op::NAMES.join(" "))
            )
        });
        cx.error_at(
            "policy::unknown-op",
            pointer,
            text!(
                format!("未知的运算符 `{op}`"),
                format!("unknown operator `{op}`")
            ),
            help,
        );
    }
    parsed
}

fn int_param(cx: &mut Cx, pointer: &str, name: &str, params: &[Param]) -> Option<i32> {
    let p = param_or_report(cx, pointer, name, params)?;
    match &p.value {
        ParamValue::Int(n) if (0..=200).contains(n) => Some(*n as i32),
        other => {
            cx.error_at("policy::type-mismatch", pointer, text!(
                format!("参数 `{name}` 应为 0–200 的整数年数，实为 {other}"),
                format!("parameter `{name}` must be a whole number of years from 0 to 200, not {other}")
            ), text!("年数写作整数，如 3。", "write a number of years as an integer, e.g. 3"));
            None
        }
    }
}

const CLAUSE_KINDS: [&str; 5] = ["compare", "full_years", "each_year", "no_record", "script"];

fn lower_clause(
    cx: &mut Cx,
    p: &str,
    k: &ClauseDoc,
    params: &[Param],
    scripts: &Scripts,
    files: &Loaded,
) -> Option<Clause> {
    let when = match &k.when {
        Some(t) => Some(lower_test(cx, &format!("{p}/when"), t, params)?),
        None => None,
    };
    let kind = k.kind.as_deref().unwrap_or("compare");
    let body = match kind {
        "compare" => {
            let (Some(field), Some(op)) = (&k.field, &k.op) else {
                cx.error_at(
                    "policy::incomplete-clause",
                    p,
                    text!(
                        "比较子句需要 field 和 op",
                        "a compare clause needs `field` and `op`"
                    ),
                    text!(
                        "例如：field = \"registered_in_wuxi\"、op = \"==\"、value = true。",
                        "for example: field = \"registered_in_wuxi\", op = \"==\", value = true"
                    ),
                );
                return None;
            };
            let t = TestDoc {
                field: field.clone(),
                op: op.clone(),
                value: k.value.clone(),
                param: k.param.clone(),
                reference: k.reference.clone(),
            };
            ClauseBody::Compare(lower_test(cx, p, &t, params)?)
        }
        "full_years" => {
            let (Some(path), Some(param)) = (&k.field, &k.param) else {
                cx.error_at(
                    "policy::incomplete-clause",
                    p,
                    text!(
                        "满年子句需要 field（日期）和 param（年数）",
                        "a full_years clause needs `field` (a date) and `param` (years)"
                    ),
                    text!(
                        "例如：field = \"established_on\"、param = \"min_operating_years\"。",
                        "for example: field = \"established_on\", param = \"min_operating_years\""
                    ),
                );
                return None;
            };
            let field = field_or_report(cx, &format!("{p}/field"), path);
            let years = int_param(cx, &format!("{p}/param"), param, params);
            let field = field?;
            if field.kind() != Some(Kind::Date) {
                cx.error_at(
                    "policy::type-mismatch",
                    &format!("{p}/field"),
                    text!(
                        format!("`{path}` 不是日期"),
                        format!("`{path}` is not a date")
                    ),
                    text!(
                        "满年计算需要日期字段，如 established_on。",
                        "full years are counted from a date field such as established_on"
                    ),
                );
                return None;
            }
            ClauseBody::FullYears {
                field,
                param: param.clone(),
                years: years?,
            }
        }
        "each_year" => {
            let (Some(path), Some(years_param), Some(op)) = (&k.field, &k.years_param, &k.op)
            else {
                cx.error_at(
                    "policy::incomplete-clause",
                    p,
                    text!(
                        "逐年子句需要 field（按年数据）、years_param（年数）和 op",
                        "an each_year clause needs `field` (yearly data), `years_param` (years) and `op`"
                    ),
                    text!(
                        "例如：field = \"performance.annual_profit\"、years_param = \"loss_free_years\"、op = \">=\"、value = 0。",
                        "for example: field = \"performance.annual_profit\", years_param = \"loss_free_years\", op = \">=\", value = 0"
                    ),
                );
                return None;
            };
            let field = field_or_report(cx, &format!("{p}/field"), path);
            let years = int_param(cx, &format!("{p}/years_param"), years_param, params);
            let op = op_or_report(cx, &format!("{p}/op"), op);
            let operand = operand(
                cx,
                p,
                k.value.as_ref(),
                k.param.as_deref(),
                k.reference.as_deref(),
                params,
            );
            let (field, years, op, operand) = (field?, years?, op?, operand?);
            if field.kind() != Some(Kind::YearMap) {
                cx.error_at(
                    "policy::type-mismatch",
                    &format!("{p}/field"),
                    text!(format!("`{path}` 不是按年的数据"), format!("`{path}` is not yearly data")),
                    text!(
                        "逐年子句读取按年份记录的字段，如 performance.annual_profit。",
                        "an each_year clause reads a field kept by year, such as performance.annual_profit"
                    ),
                );
                return None;
            }
            let at = format!(
                "{p}/{}",
                operand_key(k.param.as_deref(), k.reference.as_deref())
            );
            if !check_types(cx, &at, path, Kind::Decimal, op, &operand) {
                return None;
            }
            ClauseBody::EachYear {
                field,
                years_param: years_param.clone(),
                years,
                op,
                operand,
            }
        }
        "no_record" => {
            let (Some(rk), Some(wp)) = (&k.record_kind, &k.window_param) else {
                cx.error_at("policy::incomplete-clause", p, text!("记录子句需要 record_kind 和 window_param", "a no_record clause needs `record_kind` and `window_param`"), text!(
                    "例如：record_kind = \"accident\"、window_param = \"record_window_years\"。",
                    "for example: record_kind = \"accident\", window_param = \"record_window_years\""
                ));
                return None;
            };
            let kind = RecordKind::ALL.iter().copied().find(|r| r.as_str() == rk);
            if kind.is_none() {
                let help = suggestion(rk, RecordKind::ALL.iter().map(|r| r.as_str()))
                    .unwrap_or_else(|| {
                        text!(
                            "记录种类见数据约定第 1 节。",
                            "record kinds are listed in contract section 1"
                        )
                    });
                cx.error_at(
                    "policy::unknown-record-kind",
                    &format!("{p}/record_kind"),
                    text!(
                        format!("未知的记录种类 `{rk}`"),
                        format!("unknown record kind `{rk}`")
                    ),
                    help,
                );
            }
            let years = int_param(cx, &format!("{p}/window_param"), wp, params);
            let mut record_tests = |list: &[TestDoc], key: &str| -> Vec<RecordTest> {
                let mut out = Vec::new();
                for (i, t) in list.iter().enumerate() {
                    let tp = format!("{p}/{key}/{i}");
                    let field = RecordField::by_name(&t.field);
                    if field.is_none() {
                        let help = suggestion(&t.field, RecordField::ALL.iter().map(|f| f.name())).unwrap_or_else(|| text!("记录字段：date、severity、major、self_caused、level、credit_repaired_on、category。", "record fields: date, severity, major, self_caused, level, credit_repaired_on, category"));
                        cx.error_at(
                            "policy::unknown-field",
                            &format!("{tp}/field"),
                            text!(
                                format!("记录没有字段 `{}`", t.field),
                                format!("records have no field `{}`", t.field)
                            ),
                            help,
                        );
                    }
                    let op = op_or_report(cx, &format!("{tp}/op"), &t.op);
                    let operand = operand(
                        cx,
                        &tp,
                        t.value.as_ref(),
                        t.param.as_deref(),
                        t.reference.as_deref(),
                        params,
                    );
                    if let (Some(field), Some(op), Some(operand)) = (field, op, operand) {
                        let at = format!(
                            "{tp}/{}",
                            operand_key(t.param.as_deref(), t.reference.as_deref())
                        );
                        if check_types(cx, &at, &t.field, field.kind(), op, &operand) {
                            out.push(RecordTest { field, op, operand });
                        }
                    }
                }
                out
            };
            let filter = record_tests(&k.filter, "where");
            let except = record_tests(&k.except, "except");
            let unless = match &k.unless {
                Some(t) => Some(lower_test(cx, &format!("{p}/unless"), t, params)?),
                None => None,
            };
            ClauseBody::NoRecord {
                kind: kind?,
                window_param: wp.clone(),
                years: years?,
                filter,
                except,
                unless,
            }
        }
        "script" => {
            let Some(file) = &k.script else {
                cx.error_at("policy::incomplete-clause", p, text!("脚本子句需要 script（.rhai 文件名）", "a script clause needs `script` (a .rhai file name)"), text!(
                    "例如：script = \"loss_free_years.rhai\"，并在 inputs 中列出它读取的字段。",
                    "for example: script = \"loss_free_years.rhai\", with the fields it reads under inputs"
                ));
                return None;
            };
            let mut inputs = Vec::new();
            for (name, path) in &k.inputs {
                if let Some(f) = field_or_report(
                    cx,
                    &format!("{p}/inputs/{}", crate::pointer::escape(name)),
                    path,
                ) {
                    inputs.push((name.clone(), f));
                }
            }
            let Some((script_path, source)) = files.scripts.get(file) else {
                let help = suggestion(file, files.scripts.keys().map(String::as_str))
                    .unwrap_or_else(|| {
                        text!(
                            "脚本须放在 policy.toml 旁边，以 .rhai 结尾。",
                            "scripts live beside policy.toml and end in .rhai"
                        )
                    });
                cx.error_at(
                    "policy::missing-script",
                    &format!("{p}/script"),
                    text!(
                        format!("找不到脚本文件 `{file}`"),
                        format!("the script file `{file}` does not exist")
                    ),
                    help,
                );
                return None;
            };
            let mut ok = true;
            for (name, line, col) in script::param_reads(source) {
                if !params.iter().any(|q| q.name == name) {
                    ok = false;
                    let help = suggestion(&name, params.iter().map(|q| q.name.as_str()))
                        .unwrap_or_else(|| {
                            text!(
                                format!("在 [params.{name}] 中定义它。"),
                                format!("define it as [params.{name}]")
                            )
                        });
                    cx.problems.push(
                        Diagnostic::error(
                            "policy::unknown-param",
                            text!(
                                format!("脚本读取了未定义的参数 `params.{name}`"),
                                format!("the script reads `params.{name}`, which is not defined")
                            ),
                        )
                        .in_file(script_path)
                        .at(Location::at_line_column(source, line, col))
                        .help(help),
                    );
                }
            }
            match scripts.compile(file, source, inputs) {
                Ok(mut s) if ok => {
                    s.path = script_path.clone();
                    ClauseBody::Script(s)
                }
                Ok(_) => return None,
                Err(e) => {
                    cx.problems.push(
                        Diagnostic::error("policy::script-compile", text!(format!("脚本无法编译：{}", e.message), format!("the script does not compile: {}", e.message)))
                            .in_file(script_path)
                            .at(Location::at_line_column(source, e.line, e.column))
                            .help(text!(
                                "脚本只能使用 params 和子句 inputs 中声明的变量；print、eval、import 不可用。",
                                "a script may use `params` and the variables declared in the clause's inputs; print, eval and import are not available"
                            )),
                    );
                    return None;
                }
            }
        }
        other => {
            let help = suggestion(other, CLAUSE_KINDS).unwrap_or_else(|| {
                text!(
                    format!("子句种类：{}", CLAUSE_KINDS.join("、")),
                    format!("clause kinds: {}", CLAUSE_KINDS.join(", "))
                )
            });
            cx.error_at(
                "policy::unknown-clause-kind",
                &format!("{p}/kind"),
                text!(
                    format!("未知的子句种类 `{other}`"),
                    format!("unknown clause kind `{other}`")
                ),
                help,
            );
            return None;
        }
    };
    Some(Clause {
        id: k.id.clone(),
        title: k.title.as_ref().map(text_of),
        note: k.note.clone(),
        when,
        body,
    })
}
