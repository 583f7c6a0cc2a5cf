//! Reading a cohort file (JSON, or TOML of the same shape) into a validated `Cohort`.
//!
//! The fast path deserialises JSON straight into typed structs and then checks what types
//! cannot say (unique ids, ranks ≥ 1, the field each record kind needs). Only when that fails
//! is the file parsed again as a JSON value and checked against `schemas/cohort.schema.json`,
//! so every problem is reported at once with its JSON pointer and applicant id. The typed model
//! and the schema accept the same documents; `tests/schema_agreement.rs` holds them to it.

use std::collections::HashSet;
use std::path::Path;

use rust_decimal::Decimal;
use serde_json::Value;

use super::Cohort;
use crate::diag::{Diagnostic, Location};
use crate::error::Error;
use crate::schema::{self, Schema};
use crate::text;
use crate::toml_json;

/// Reads and validates a cohort file. TOML when the name ends in `.toml`, JSON otherwise.
pub fn read_cohort(path: &Path) -> Result<Cohort, Error> {
    let fail = |problems: Vec<Diagnostic>| {
        Error::new(problems.into_iter().map(|d| d.in_file(path)).collect())
    };
    let bytes = std::fs::read(path).map_err(|e| {
        fail(vec![Diagnostic::error(
            "cohort::unreadable",
            text!(
                format!("无法读取申报名单文件：{e}"),
                format!("cannot read the cohort file: {e}")
            ),
        )
        .help(text!(
            "请检查路径和文件权限。",
            "check the path and the file's permissions"
        ))])
    })?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let result = if is_toml {
        read_toml(&bytes)
    } else {
        read_json(&bytes)
    };
    result.map_err(fail)
}

/// Parses JSON bytes into a validated cohort.
pub fn read_json(bytes: &[u8]) -> Result<Cohort, Vec<Diagnostic>> {
    match serde_json::from_slice::<Cohort>(bytes) {
        Ok(cohort) => check(cohort, None),
        Err(typed_error) => {
            let value: Value = match serde_json::from_slice(bytes) {
                Ok(v) => v,
                Err(e) => return Err(vec![json_syntax(bytes, &e)]),
            };
            Err(explain_rejection(&value, &typed_error.to_string(), None))
        }
    }
}

fn read_toml(bytes: &[u8]) -> Result<Cohort, Vec<Diagnostic>> {
    let source = std::str::from_utf8(bytes).map_err(|e| {
        vec![Diagnostic::error(
            "cohort::encoding",
            text!(
                format!("文件不是 UTF-8 编码：{e}"),
                format!("the file is not UTF-8: {e}")
            ),
        )]
    })?;
    let (value, spans) = toml_json::parse(source).map_err(|e| {
        let mut d = Diagnostic::error(
            "cohort::syntax",
            text!(
                format!("TOML 语法错误：{}", e.message),
                format!("TOML syntax error: {}", e.message)
            ),
        );
        if let Some(span) = e.span {
            d = d.at(Location::in_source(source, span));
        }
        vec![d]
    })?;
    let ctx = Some((source, &spans));
    match serde_json::from_value::<Cohort>(value.clone()) {
        Ok(cohort) => check(cohort, ctx),
        Err(e) => Err(explain_rejection(&value, &e.to_string(), ctx)),
    }
}

type SourceCtx<'a> = Option<(&'a str, &'a toml_json::Spans)>;

fn json_syntax(bytes: &[u8], e: &serde_json::Error) -> Diagnostic {
    let source = String::from_utf8_lossy(bytes);
    let mut d = Diagnostic::error(
        "cohort::syntax",
        text!(
            format!("不是有效的 JSON：{e}"),
            format!("not valid JSON: {e}")
        ),
    )
    .help(text!(
        "检查该处的逗号、引号和括号。",
        "check the commas, quotes and brackets at that place"
    ));
    if e.line() > 0 {
        d = d.at(Location::at_line_column(&source, e.line(), e.column()));
    }
    d
}

/// The typed reader refused the document: say why, with pointers, via the schema.
fn explain_rejection(value: &Value, typed_error: &str, ctx: SourceCtx<'_>) -> Vec<Diagnostic> {
    let violations = schema::validate(Schema::Cohort, value);
    if violations.is_empty() {
        // The schema accepts it but the typed model does not: find the place by path tracking.
        let pointer = match serde_path_to_error::deserialize::<_, Cohort>(value.clone()) {
            Err(e) => crate::pointer::of_path(e.path()),
            Ok(_) => String::new(),
        };
        return vec![problem(value, &pointer, typed_error, ctx)];
    }
    violations
        .iter()
        .map(|v| problem(value, &v.pointer, &v.message, ctx))
        .collect()
}

/// The applicant a pointer falls in, as `(index, id)`.
fn applicant_at(value: &Value, pointer: &str) -> Option<(usize, Option<String>)> {
    let rest = pointer.strip_prefix("/applicants/")?;
    let index: usize = rest.split('/').next()?.parse().ok()?;
    let id = value
        .pointer(&format!("/applicants/{index}/id"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    Some((index, id))
}

fn problem(value: &Value, pointer: &str, message: &str, ctx: SourceCtx<'_>) -> Diagnostic {
    let who = match applicant_at(value, pointer) {
        Some((i, Some(id))) => text!(
            format!("申报组织 `{id}`（第 {} 个）：", i + 1),
            format!("applicant `{id}` (#{}): ", i + 1)
        ),
        Some((i, None)) => text!(
            format!("第 {} 个申报组织：", i + 1),
            format!("applicant #{}: ", i + 1)
        ),
        None => text!("", ""),
    };
    let shown = if pointer.is_empty() { "/" } else { pointer };
    let mut d = Diagnostic::error(
        "cohort::invalid",
        text!(
            format!("{}字段 `{shown}` 不符合数据约定：{message}", who.zh),
            format!("{}field `{shown}` breaks the data contract: {message}", who.en)
        ),
    )
    .pointer(shown)
    .help(text!(
        "按 schemas/cohort.schema.json（数据约定第 1 节）更正该字段；缺失的数据请直接省略该字段。",
        "correct the field as schemas/cohort.schema.json (contract section 1) describes; leave out data that is not known"
    ));
    if let Some((source, spans)) = ctx {
        if let Some(span) = spans.value(pointer) {
            d = d.at(Location::in_source(source, span));
        }
    }
    d
}

/// Checks what the types cannot: unique, non-empty ids; ranks ≥ 1; scores ≥ 0; the field each
/// record kind requires. Mirrors the schema's constraints.
fn check(cohort: Cohort, ctx: SourceCtx<'_>) -> Result<Cohort, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut seen = HashSet::with_capacity(cohort.applicants.len());
    let mut add = |pointer: String, id: &str, zh: String, en: String, help: (&str, &str)| {
        let mut d = Diagnostic::error(
            "cohort::invalid",
            text!(
                format!("申报组织 `{id}`：{zh}"),
                format!("applicant `{id}`: {en}")
            ),
        )
        .pointer(pointer.clone())
        .help(text!(help.0, help.1));
        if let Some((source, spans)) = ctx {
            if let Some(span) = spans.value(&pointer) {
                d = d.at(Location::in_source(source, span));
            }
        }
        problems.push(d);
    };
    for (i, a) in cohort.applicants.iter().enumerate() {
        let base = format!("/applicants/{i}");
        if a.id.is_empty() {
            add(
                format!("{base}/id"),
                "",
                "编号为空".into(),
                "the id is empty".into(),
                (
                    "每个申报组织需要唯一的非空编号。",
                    "give every applicant a unique, non-empty id",
                ),
            );
        } else if !seen.insert(a.id.as_str()) {
            add(
                format!("{base}/id"),
                &a.id,
                "编号重复".into(),
                "this id appears more than once".into(),
                (
                    "每个编号在文件中只能出现一次；请合并或改正重复的条目。",
                    "each id may appear once in the file; merge or correct the duplicate entry",
                ),
            );
        }
        if let Some(p) = &a.performance {
            for (name, rank) in [
                ("scale_rank", p.scale_rank),
                ("profit_tax_rank", p.profit_tax_rank),
                ("asset_contribution_rank", p.asset_contribution_rank),
            ] {
                if rank.is_some_and(|r| r < 1) {
                    add(
                        format!("{base}/performance/{name}"),
                        &a.id,
                        format!("`{name}` 必须 ≥ 1"),
                        format!("`{name}` must be ≥ 1"),
                        ("排名从 1 开始。", "ranks start at 1"),
                    );
                }
            }
        }
        if let Some(s) = &a.scores {
            for (name, v) in [
                ("material", s.material),
                ("site", s.site),
                ("presentation", s.presentation),
            ] {
                if v.is_some_and(|v| v < Decimal::ZERO) {
                    add(
                        format!("{base}/scores/{name}"),
                        &a.id,
                        format!("得分 `{name}` 不能为负"),
                        format!("score `{name}` cannot be negative"),
                        (
                            "得分在 0 与标准总分之间。",
                            "scores lie between 0 and the standard's total",
                        ),
                    );
                }
            }
        }
        for (j, r) in a.records.iter().flatten().enumerate() {
            if let (false, Some(field)) = (r.is_complete(), r.kind.required_field()) {
                add(
                    format!("{base}/records/{j}"),
                    &a.id,
                    format!("`{}` 记录缺少必填字段 `{field}`", r.kind.as_str()),
                    format!("a `{}` record needs the field `{field}`", r.kind.as_str()),
                    (
                        "按数据约定第 1 节补上该字段。",
                        "add the field as contract section 1 describes",
                    ),
                );
            }
        }
    }
    drop(seen);
    if problems.is_empty() {
        Ok(cohort)
    } else {
        Err(problems)
    }
}

/// Scores above the standard's total are bad input; the total comes from the policy.
pub fn check_scores(cohort: &Cohort, total: Decimal) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, a) in cohort.applicants.iter().enumerate() {
        let Some(s) = &a.scores else { continue };
        for (name, v) in [
            ("material", s.material),
            ("site", s.site),
            ("presentation", s.presentation),
        ] {
            if let Some(v) = v.filter(|v| *v > total) {
                problems.push(
                    Diagnostic::error(
                        "cohort::score-above-total",
                        text!(
                            format!("申报组织 `{}`：得分 `{name}` = {v} 超过标准总分 {total}", a.id),
                            format!("applicant `{}`: score `{name}` = {v} exceeds the standard's total {total}", a.id)
                        ),
                    )
                    .pointer(format!("/applicants/{i}/scores/{name}"))
                    .help(text!(
                        "得分不能高于评定标准总分（第五条）；请核对评分表。",
                        "a score cannot exceed the standard's total (Art. 5); check the score sheet"
                    )),
                );
            }
        }
    }
    problems
}
