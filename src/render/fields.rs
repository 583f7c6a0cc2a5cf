//! The fields a cohort may carry for a policy — the page a clerk needs to fill in a cohort:
//! path, title, type, allowed values and labels, unit and bounds, the article, and which
//! conditions and clauses read it. As a table, Markdown or JSON.

use serde_json::{json, Value};

use super::words::columns;
use crate::diag::Lang;
use crate::policy::fields::{FieldDecl, FieldType};
use crate::policy::uses::readers;
use crate::policy::Policy;

/// One row of the listing.
struct Row {
    path: String,
    /// The categories whose applicants give it (titles), empty for every one.
    categories: Vec<String>,
    title: String,
    ty: String,
    values: String,
    cite: String,
    read_by: String,
    decl: Option<FieldDecl>,
}

fn type_name(ty: &FieldType, lang: Lang) -> &'static str {
    match ty {
        FieldType::Bool => lang.pick("是/否", "yes/no"),
        FieldType::Integer => lang.pick("整数", "integer"),
        FieldType::Decimal => lang.pick("数字", "decimal"),
        FieldType::Date => lang.pick("日期", "date"),
        FieldType::Text => lang.pick("文字", "text"),
        FieldType::Enum(_) => lang.pick("选项", "choice"),
        FieldType::DecimalByYear => lang.pick("按年数字", "decimal by year"),
    }
}

fn values(f: &FieldDecl, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(c) = f.ty.choices() {
        let list: Vec<String> = c
            .values
            .iter()
            .zip(&c.labels)
            .map(|(v, l)| l.as_ref().map_or_else(|| v.clone(), |l| format!("{v}={l}")))
            .collect();
        parts.push(list.join(lang.pick("、", ", ")));
    }
    if let Some(min) = f.min {
        parts.push(format!("≥ {min}"));
    }
    if let Some(max) = f.max {
        parts.push(format!("≤ {max}"));
    }
    if let Some(u) = &f.unit {
        parts.push(u.clone());
    }
    if f.required {
        parts.push(lang.pick("必填", "required").to_owned());
    }
    parts.join("; ")
}

/// The titles of the categories in `ids` (every category when `None`: an empty list).
fn category_titles(policy: &Policy, ids: Option<&[String]>, lang: Lang) -> Vec<String> {
    ids.into_iter()
        .flatten()
        .filter_map(|id| policy.categories.iter().find(|c| &c.id == id))
        .map(|c| c.title.get(lang).to_owned())
        .collect()
}

fn rows(policy: &Policy, lang: Lang) -> Vec<Row> {
    let row = |path: String, f: &FieldDecl, read_by: Vec<String>| Row {
        categories: category_titles(policy, f.categories.as_deref(), lang),
        title: f.title.get(lang).to_owned(),
        ty: type_name(&f.ty, lang).to_owned(),
        values: values(f, lang),
        cite: f.cite.as_ref().map(|c| c.shown(lang)).unwrap_or_default(),
        read_by: read_by.join(", "),
        decl: Some(f.clone()),
        path,
    };
    let mut out: Vec<Row> = Vec::new();
    // The category itself, which every applicant of such an award gives.
    if !policy.categories.is_empty() {
        let list: Vec<String> = policy
            .categories
            .iter()
            .map(|c| format!("{}={}", c.id, c.title.zh))
            .collect();
        out.push(Row {
            path: "category".into(),
            categories: Vec::new(),
            title: lang.pick("申报类别", "category").to_owned(),
            ty: lang.pick("选项", "choice").to_owned(),
            values: list.join(lang.pick("、", ", ")),
            cite: String::new(),
            read_by: String::new(),
            decl: None,
        });
    }
    out.extend(
        policy
            .model
            .fields
            .iter()
            .map(|f| row(f.path.clone(), f, readers(policy, &f.path))),
    );
    for r in &policy.model.records {
        let by = readers(policy, &format!("records[{}]", r.kind));
        out.push(Row {
            categories: category_titles(policy, r.categories.as_deref(), lang),
            path: format!("records[kind={}]", r.kind),
            title: r.title.get(lang).to_owned(),
            ty: lang.pick("记录", "record").to_owned(),
            values: lang.pick("date 必填", "date required").to_owned(),
            cite: String::new(),
            read_by: by.join(", "),
            decl: None,
        });
        for f in &r.fields {
            let mut field = row(
                format!("records[kind={}].{}", r.kind, f.path),
                f,
                Vec::new(),
            );
            // A record's fields go with the record.
            field.categories = category_titles(policy, r.categories.as_deref(), lang);
            out.push(field);
        }
    }
    for s in &policy.stages {
        // Each category scores out of its own standard's total, and only in its own stages.
        let (categories, values) = if policy.categories.is_empty() {
            (
                Vec::new(),
                format!("0 – {}", crate::decimal::show(policy.scoring.total)),
            )
        } else {
            let having: Vec<&crate::policy::Category> = policy
                .categories
                .iter()
                .filter(|c| c.policy.stage(&s.id).is_some())
                .collect();
            let totals: Vec<String> = having
                .iter()
                .map(|c| {
                    format!(
                        "0 – {} ({})",
                        crate::decimal::show(c.policy.scoring.total),
                        c.title.get(lang)
                    )
                })
                .collect();
            let all_alike = having
                .iter()
                .all(|c| c.policy.scoring.total == having[0].policy.scoring.total);
            let values = match having.first() {
                Some(first) if all_alike => {
                    format!("0 – {}", crate::decimal::show(first.policy.scoring.total))
                }
                _ => totals.join("; "),
            };
            let titles = if having.len() == policy.categories.len() {
                Vec::new()
            } else {
                having
                    .iter()
                    .map(|c| c.title.get(lang).to_owned())
                    .collect()
            };
            (titles, values)
        };
        out.push(Row {
            categories,
            path: format!("scores.{}", s.id),
            title: s.title.get(lang).to_owned(),
            ty: lang.pick("数字", "decimal").to_owned(),
            values,
            cite: s.cite.as_ref().map(|c| c.shown(lang)).unwrap_or_default(),
            read_by: String::new(),
            decl: None,
        });
    }
    let tiers: Vec<&str> = policy.tiers.iter().map(|t| t.id.as_str()).collect();
    out.push(Row {
        categories: Vec::new(),
        path: "history[].tier".into(),
        title: lang
            .pick("以往获奖的奖项", "tier of an earlier win")
            .to_owned(),
        ty: lang.pick("选项", "choice").to_owned(),
        values: tiers.join(lang.pick("、", ", ")),
        cite: String::new(),
        read_by: String::new(),
        decl: None,
    });
    out
}

/// The listing as a table (`md`: a Markdown table); with a column of categories where the
/// policy declares them.
pub(crate) fn text(policy: &Policy, lang: Lang, md: bool) -> String {
    let by_category = !policy.categories.is_empty();
    let mut headers: Vec<String> = vec![
        lang.pick("字段", "field").to_owned(),
        lang.pick("名称", "title").to_owned(),
    ];
    if by_category {
        headers.push(lang.pick("适用类别", "categories").to_owned());
    }
    headers.extend(
        [
            lang.pick("类型", "type"),
            lang.pick("取值", "values"),
            lang.pick("条文", "article"),
            lang.pick("读取它的条件", "read by"),
        ]
        .map(str::to_owned),
    );
    let every = lang.pick("全部", "all");
    let rows: Vec<Vec<String>> = rows(policy, lang)
        .into_iter()
        .map(|r| {
            let mut row = vec![r.path, r.title];
            if by_category {
                row.push(if r.categories.is_empty() {
                    every.to_owned()
                } else {
                    r.categories.join(lang.pick("、", ", "))
                });
            }
            row.extend([r.ty, r.values, r.cite, r.read_by]);
            row
        })
        .collect();
    let mut out = format!("{} — {}\n\n", policy.meta.id, policy.meta.title.get(lang));
    if md {
        out.push_str(&format!("| {} |\n", headers.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
        for r in &rows {
            let cells: Vec<String> = r.iter().map(|c| c.replace('|', "\\|")).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    } else {
        for line in columns(&headers, &rows, |_| false) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The listing as JSON (`qaward.fields.v1`), both languages.
pub(crate) fn json(policy: &Policy) -> String {
    let fields: Vec<Value> = rows(policy, Lang::En)
        .into_iter()
        .zip(rows(policy, Lang::Zh))
        .map(|(en, zh)| {
            let decl = en.decl.as_ref();
            let choices = decl.and_then(|d| d.ty.choices());
            json!({
                "path": en.path,
                "title": { "zh": zh.title, "en": en.title },
                "categories": decl.and_then(|d| d.categories.clone()),
                "type": decl.map(|d| d.ty.name()),
                "values": choices.map(|c| c.values.clone()),
                "labels": choices.map(|c| c.labels.clone()),
                "ordered": choices.map(|c| c.ordered),
                "unit": decl.and_then(|d| d.unit.clone()),
                "min": decl.and_then(|d| d.min).map(|m| m.to_string()),
                "max": decl.and_then(|d| d.max).map(|m| m.to_string()),
                "required": decl.map(|d| d.required),
                "cite": decl.and_then(|d| d.cite.as_ref()).map(|c| c.to_string()),
                "read_by": if en.read_by.is_empty() { Vec::new() } else { en.read_by.split(", ").map(str::to_owned).collect() },
            })
        })
        .collect();
    let doc = json!({ "format": "qaward.fields.v1", "policy": policy.meta.id, "fields": fields });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
