//! Lowering the declared data: `[fields."dotted.path"]` and `[records.KIND]`, each with its
//! type, bilingual title, enum values and labels, bounds and citation. A path may not collide
//! with a key the engine knows, nor be both a field and an object holding fields.

use std::sync::Arc;

use serde_json::Value;

use super::text_of;
use crate::diag::suggestion;
use crate::diag::text;
use crate::policy::doc::{FieldDoc, PolicyDoc, RecordDoc};
use crate::policy::fields::{Choices, DataModel, FieldDecl, FieldType, RecordDecl, ENGINE_KEYS};
use crate::policy::load::report::Cx;
use crate::policy::Article;

const TYPES: [&str; 7] = [
    "bool",
    "integer",
    "decimal",
    "date",
    "text",
    "enum",
    "decimal_by_year",
];

/// The declared data model.
pub(super) fn lower_model(cx: &mut Cx, doc: &PolicyDoc, articles: &[Article]) -> DataModel {
    let mut fields: Vec<FieldDecl> = Vec::new();
    for (path, raw) in &doc.fields {
        let p = format!("/fields/{}", crate::pointer::escape(path));
        if let Some(decl) = field(cx, &p, path, raw, (doc, articles)) {
            if path_problem(cx, &p, path, &fields) {
                continue;
            }
            fields.push(decl);
        }
    }
    let mut records = Vec::new();
    for (kind, raw) in &doc.records {
        let p = format!("/records/{}", crate::pointer::escape(kind));
        let rd: RecordDoc = match serde_json::from_value(raw.clone()) {
            Ok(rd) => rd,
            Err(e) => {
                malformed(cx, &p, kind, &e);
                continue;
            }
        };
        let mut decl = RecordDecl {
            kind: kind.clone(),
            title: text_of(&rd.title),
            fields: Vec::new(),
            categories: declared_categories(cx, &p, doc, rd.categories.as_deref()),
        };
        for (name, raw) in &rd.fields {
            let fp = format!("{p}/fields/{}", crate::pointer::escape(name));
            if ["kind", "date", "note"].contains(&name.as_str()) {
                cx.error_at(
                    "policy::reserved-field",
                    &fp,
                    text!(
                        format!("记录字段 `{name}` 由引擎定义，不能再声明"),
                        format!("the record field `{name}` is the engine's; it cannot be declared")
                    ),
                    text!("换一个名字。", "choose another name"),
                );
                continue;
            }
            if let Some(f) = field(cx, &fp, name, raw, (doc, articles)) {
                decl.fields.push(f);
            }
        }
        records.push(Arc::new(decl));
    }
    DataModel { fields, records }
}

fn malformed(cx: &mut Cx, p: &str, name: &str, e: &serde_json::Error) {
    cx.error_at(
        "policy::schema",
        p,
        text!(format!("`{name}` 的声明格式不对：{e}"), format!("the declaration of `{name}` is malformed: {e}")),
        text!(
            "字段写作 type、title，枚举另加 values（可加 labels、ordered）。",
            "a field has `type` and `title`; an enum also `values` (and may have `labels`, `ordered`)"
        ),
    );
}

/// A path that collides with the engine's keys or with another declared path.
fn path_problem(cx: &mut Cx, p: &str, path: &str, fields: &[FieldDecl]) -> bool {
    let head = path.split('.').next().unwrap_or(path);
    let clash = if ENGINE_KEYS.contains(&head) || head == "cycle" {
        Some(text!(
            format!("`{head}` 是引擎定义的键，不能声明为字段"),
            format!("`{head}` is a key the engine defines; it cannot be declared")
        ))
    } else if path.split('.').any(str::is_empty) {
        Some(text!("路径中有空段", "the path has an empty segment"))
    } else {
        fields
            .iter()
            .find(|f| {
                f.path.starts_with(&format!("{path}.")) || path.starts_with(&format!("{}.", f.path))
            })
            .map(|f| {
                text!(
                    format!(
                        "`{path}` 与 `{}` 冲突：一个路径不能既是字段又包含字段",
                        f.path
                    ),
                    format!(
                        "`{path}` clashes with `{}`: a path cannot be a field and hold fields",
                        f.path
                    )
                )
            })
    };
    match clash {
        Some(message) => {
            cx.error_at(
                "policy::field-path",
                p,
                message,
                text!("改用另一个以点号分隔的路径。", "choose another dotted path"),
            );
            true
        }
        None => false,
    }
}

/// One declared field.
fn field(
    cx: &mut Cx,
    p: &str,
    path: &str,
    raw: &Value,
    (doc, articles): (&PolicyDoc, &[Article]),
) -> Option<FieldDecl> {
    let fd: FieldDoc = match serde_json::from_value(raw.clone()) {
        Ok(fd) => fd,
        Err(e) => {
            malformed(cx, p, path, &e);
            return None;
        }
    };
    let ty = match fd.ty.as_str() {
        "bool" => FieldType::Bool,
        "integer" => FieldType::Integer,
        "decimal" => FieldType::Decimal,
        "date" => FieldType::Date,
        "text" => FieldType::Text,
        "decimal_by_year" => FieldType::DecimalByYear,
        "enum" => FieldType::Enum(Arc::new(choices(cx, p, &fd)?)),
        other => {
            let help = suggestion(other, TYPES).unwrap_or_else(|| {
                text!(
                    format!("类型：{}", TYPES.join("、")),
                    format!("the types are {}", TYPES.join(", "))
                )
            });
            cx.error_at(
                "policy::field-type",
                &format!("{p}/type"),
                text!(
                    format!("未知的字段类型 `{other}`"),
                    format!("unknown field type `{other}`")
                ),
                help,
            );
            return None;
        }
    };
    if !matches!(ty, FieldType::Enum(_))
        && (fd.values.is_some() || fd.labels.is_some() || fd.ordered.is_some())
    {
        cx.error_at(
            "policy::field-type",
            &format!("{p}/values"),
            text!(
                "只有 enum 字段可以有 values、labels、ordered",
                "only an enum field has values, labels and ordered"
            ),
            text!(
                "删去这些键，或把 type 改为 enum。",
                "remove these keys, or make the type enum"
            ),
        );
    }
    let numeric = matches!(ty, FieldType::Integer | FieldType::Decimal);
    if !numeric && (fd.min.is_some() || fd.max.is_some()) {
        cx.error_at(
            "policy::field-type",
            p,
            text!(
                "只有数字字段可以有 min、max",
                "only a number field has min and max"
            ),
            text!("删去 min、max。", "remove min and max"),
        );
    }
    if let (Some(lo), Some(hi)) = (fd.min, fd.max) {
        if lo > hi {
            cx.error_at(
                "policy::bad-value",
                &format!("{p}/max"),
                text!(
                    format!("上限 {hi} 小于下限 {lo}"),
                    format!("max {hi} is below min {lo}")
                ),
                text!("min 应不大于 max。", "min must not exceed max"),
            );
        }
    }
    Some(FieldDecl {
        path: path.to_owned(),
        ty,
        title: text_of(&fd.title),
        description: fd.description.as_ref().map(text_of),
        unit: fd.unit.clone(),
        when_no: fd.when_no.as_ref().map(text_of),
        place: fd.place.unwrap_or(false),
        min: fd.min,
        max: fd.max,
        cite: cx.cite(&format!("{p}/cite"), fd.cite.as_deref(), articles),
        required: fd.required.unwrap_or(false),
        categories: declared_categories(cx, p, doc, fd.categories.as_deref()),
    })
}

/// A field's or record kind's `categories`, each one the policy declares.
fn declared_categories(
    cx: &mut Cx,
    p: &str,
    doc: &PolicyDoc,
    list: Option<&[String]>,
) -> Option<Vec<String>> {
    let list = list?;
    let declared: Vec<&str> = doc.categories.iter().map(|c| c.id.as_str()).collect();
    for (j, id) in list.iter().enumerate() {
        if !declared.contains(&id.as_str()) {
            super::categories::unknown_category(cx, &format!("{p}/categories/{j}"), id, &declared);
        }
    }
    Some(list.to_vec())
}

/// An enum's values, labels and order.
fn choices(cx: &mut Cx, p: &str, fd: &FieldDoc) -> Option<Choices> {
    let values = fd.values.clone().unwrap_or_default();
    if values.is_empty() {
        cx.error_at(
            "policy::field-type",
            p,
            text!("enum 字段须列出 values", "an enum field lists its values"),
            text!(
                "例如 values = [\"a\", \"b\"]。",
                "for example values = [\"a\", \"b\"]"
            ),
        );
        return None;
    }
    let mut labels = vec![None; values.len()];
    for (value, label) in fd.labels.iter().flatten() {
        match values.iter().position(|v| v == value) {
            Some(i) => labels[i] = Some(label.clone()),
            None => {
                let help =
                    suggestion(value, values.iter().map(String::as_str)).unwrap_or_else(|| {
                        text!(
                            format!("取值：{}", values.join("、")),
                            format!("the values are {}", values.join(", "))
                        )
                    });
                cx.error_at(
                    "policy::field-type",
                    &format!("{p}/labels/{}", crate::pointer::escape(value)),
                    text!(
                        format!("labels 中的 `{value}` 不在 values 之中"),
                        format!("`{value}` in labels is not one of the values")
                    ),
                    help,
                );
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for t in values.iter().chain(labels.iter().flatten()) {
        if !seen.insert(t.as_str()) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/values"),
                text!(
                    format!("取值或标签 `{t}` 重复"),
                    format!("the value or label `{t}` appears twice")
                ),
                text!(
                    "每个取值和标签只能出现一次。",
                    "each value and label may appear once"
                ),
            );
        }
    }
    Some(Choices {
        values,
        labels,
        ordered: fd.ordered.unwrap_or(false),
    })
}
