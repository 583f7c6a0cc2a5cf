//! The template's columns: for each declared field, record kind, history and the cycle, its
//! header, what it accepts (a drop-down list, a whole number, a date) and its line in the
//! explanation sheet.

use rust_decimal::Decimal;

use super::super::layout;
use crate::policy::fields::{FieldDecl, FieldType};
use crate::policy::Policy;

/// What a column accepts, for its drop-down list or check.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Accepts {
    Anything,
    Choices(Vec<String>),
    Whole,
    Number { min: Option<f64>, max: Option<f64> },
    Date,
}

/// One column: its header, what it accepts, and its line in the explanation sheet.
#[derive(Debug, Clone)]
pub(super) struct Col {
    pub(super) header: String,
    pub(super) accepts: Accepts,
    /// Field id, type, allowed values, article, explanation.
    pub(super) notes: [String; 5],
}

pub(super) fn col(header: impl Into<String>, accepts: Accepts, notes: [&str; 5]) -> Col {
    Col {
        header: header.into(),
        accepts,
        notes: notes.map(str::to_owned),
    }
}

const YES_NO: [&str; 2] = [layout::YES, layout::NO];
const GIVEN_NONE: [&str; 2] = [layout::GIVEN, layout::NONE];

/// The words staff pick from for an enumeration: its labels, else its values.
pub(super) fn choices_of(ty: &FieldType) -> Vec<String> {
    ty.choices()
        .map(|c| {
            c.values
                .iter()
                .zip(&c.labels)
                .map(|(v, l)| l.clone().unwrap_or_else(|| v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn to_f64(d: Option<Decimal>) -> Option<f64> {
    d.and_then(|d| d.to_string().parse().ok())
}

/// A field's column: what it accepts and its explanation.
pub(super) fn field_col(header: String, f: &FieldDecl, extra: &str) -> Col {
    let (accepts, type_zh, allowed) = match &f.ty {
        FieldType::Bool => (
            Accepts::Choices(YES_NO.map(str::to_owned).to_vec()),
            "是/否",
            "是、否".to_owned(),
        ),
        FieldType::Integer => (Accepts::Whole, "整数", String::new()),
        FieldType::Decimal | FieldType::DecimalByYear => (
            Accepts::Number {
                min: to_f64(f.min),
                max: to_f64(f.max),
            },
            "数字",
            String::new(),
        ),
        FieldType::Date => (Accepts::Date, "日期", "如 2024-09-01".to_owned()),
        FieldType::Text => (Accepts::Anything, "文字", String::new()),
        FieldType::Enum(_) => {
            let list = choices_of(&f.ty);
            let shown = list.join("、");
            (Accepts::Choices(list), "选项", shown)
        }
    };
    let mut allowed = allowed;
    for (word, bound) in [("不小于", f.min), ("不大于", f.max)] {
        if let Some(b) = bound {
            allowed = format!(
                "{allowed}{}{word} {b}",
                if allowed.is_empty() { "" } else { "；" }
            );
        }
    }
    if let Some(u) = &f.unit {
        allowed = format!(
            "{allowed}{}单位：{u}",
            if allowed.is_empty() { "" } else { "；" }
        );
    }
    let cite = f
        .cite
        .as_ref()
        .map(|c| c.render(crate::diag::Lang::Zh))
        .unwrap_or_default();
    let description = f
        .description
        .as_ref()
        .map(|d| d.zh.clone())
        .unwrap_or_default();
    col(
        header,
        accepts,
        [
            &f.path,
            type_zh,
            &allowed,
            &cite,
            &format!(
                "{extra}{description}{}",
                if f.required { "（必填）" } else { "" }
            ),
        ],
    )
}

/// "仅适用于组织。" for a field some categories give, where the template is for several.
fn only_for(policy: &Policy, ids: Option<&[String]>) -> String {
    match ids {
        Some(ids) if policy.categories.len() > 1 => {
            let titles: Vec<&str> = policy
                .categories
                .iter()
                .filter(|c| ids.contains(&c.id))
                .map(|c| c.title.zh.as_str())
                .collect();
            format!("仅适用于{}。", titles.join("、"))
        }
        _ => String::new(),
    }
}

/// The applicants sheet's columns under `policy` for the award year `year`.
pub(super) fn applicant_cols(policy: &Policy, year: i32) -> Vec<(layout::Column, Col)> {
    use layout::Column;
    let unique = format!(
        "每个{}唯一；以“示例”开头的行不读入",
        policy.meta.applicant.zh
    );
    let mut out = vec![
        (
            Column::Id,
            col(
                layout::ID[0],
                Accepts::Anything,
                ["id", "文字", &unique, "", "必填"],
            ),
        ),
        (
            Column::Name,
            col(
                policy.meta.name_title.zh.clone(),
                Accepts::Anything,
                ["name", "文字", "", "", ""],
            ),
        ),
    ];
    if !policy.categories.is_empty() {
        out.push((Column::Category, category_col(policy, "留空则资格待定")));
    }
    for (i, f) in policy.model.fields.iter().enumerate() {
        let only = only_for(policy, f.categories.as_deref());
        if f.ty == FieldType::DecimalByYear {
            for y in layout::years_of(policy, f, year) {
                let c = field_col(layout::year_header(f, y), f, &format!("{only}{y}年度。"));
                out.push((Column::Year(i, y), c));
            }
        } else {
            out.push((
                Column::Field(i),
                field_col(layout::field_header(f), f, &only),
            ));
        }
    }
    for s in &policy.stages {
        // Each category scores out of its own standard's total: the column takes the largest,
        // and the note says each.
        let totals: Vec<(String, rust_decimal::Decimal)> = policy
            .categories
            .iter()
            .filter(|c| c.policy.stage(&s.id).is_some())
            .map(|c| (c.title.zh.clone(), c.policy.scoring.total))
            .collect();
        let top = totals
            .iter()
            .map(|(_, t)| *t)
            .max()
            .unwrap_or(policy.scoring.total);
        let total = to_f64(Some(top));
        let range = if totals.iter().all(|(_, t)| *t == top) {
            format!("0 至 {top}")
        } else {
            totals
                .iter()
                .map(|(c, t)| format!("{c} 0 至 {t}"))
                .collect::<Vec<_>>()
                .join("；")
        };
        let cite = s
            .cite
            .as_ref()
            .map(|c| c.render(crate::diag::Lang::Zh))
            .unwrap_or_default();
        out.push((
            Column::Score(s.id.clone()),
            col(
                layout::score_header(&s.title.zh),
                Accepts::Number {
                    min: Some(0.0),
                    max: total,
                },
                [
                    &format!("scores.{}", s.id),
                    "数字",
                    &range,
                    &cite,
                    "未评审的留空",
                ],
            ),
        ));
    }
    for (column, names, sheet) in [
        (Column::HasRecords, layout::HAS_RECORDS, layout::RECORDS[0]),
        (Column::HasHistory, layout::HAS_HISTORY, layout::HISTORY[0]),
    ] {
        out.push((
            column,
            col(
                names[0],
                Accepts::Choices(GIVEN_NONE.map(str::to_owned).to_vec()),
                [
                    names[1],
                    "有/无",
                    "有、无",
                    "",
                    &format!(
                        "“有”：在“{sheet}”表逐条列出；“无”：确无；留空：不清楚（相关条件无法判断）"
                    ),
                ],
            ),
        ));
    }
    out
}

/// The records sheet's columns: id, kind, date, then every record field by title, once each.
pub(super) fn record_cols(policy: &Policy) -> Vec<Col> {
    let kinds: Vec<String> = policy
        .model
        .records
        .iter()
        .map(|r| r.title.zh.clone())
        .collect();
    let shown = kinds.join("、");
    let mut cols = vec![
        col(
            layout::ID[0],
            Accepts::Anything,
            ["id", "文字", "申报组织表中的编号", "", "必填"],
        ),
        col(
            layout::KIND[0],
            Accepts::Choices(kinds),
            ["kind", "选项", &shown, "", "必填"],
        ),
        col(
            layout::DATE[0],
            Accepts::Date,
            ["date", "日期", "如 2023-05-01", "", "记录发生的日期"],
        ),
    ];
    for r in &policy.model.records {
        for f in &r.fields {
            if !cols.iter().any(|c| c.header == f.title.zh) {
                let c = field_col(f.title.zh.clone(), f, &format!("“{}”类记录。", r.title.zh));
                cols.push(c);
            }
        }
    }
    cols
}

pub(super) fn history_cols(policy: &Policy) -> Vec<Col> {
    let tiers: Vec<String> = layout::tiers(policy).into_iter().map(|(_, t)| t).collect();
    let shown = tiers.join("、");
    let mut out = vec![
        col(
            layout::ID[0],
            Accepts::Anything,
            ["id", "文字", "申报组织表中的编号", "", "必填"],
        ),
        col(
            layout::YEAR[0],
            Accepts::Whole,
            ["year", "整数", "如 2021", "", "获奖年度"],
        ),
        col(
            layout::TIER[0],
            Accepts::Choices(tiers),
            ["tier", "选项", &shown, "", "所获奖项"],
        ),
        col(
            layout::REVOKED[0],
            Accepts::Choices(YES_NO.map(str::to_owned).to_vec()),
            ["revoked", "是/否", "是、否", "", "已被撤销的填“是”"],
        ),
    ];
    // An award with categories: the category the earlier win was in, on which a first-time
    // payout in another category depends.
    if !policy.categories.is_empty() {
        out.push(category_col(policy, "获奖时的申报类别"));
    }
    out
}

/// A column of the policy's categories, by title, explained by `what`.
fn category_col(policy: &Policy, what: &str) -> Col {
    let titles: Vec<String> = policy
        .categories
        .iter()
        .map(|c| c.title.zh.clone())
        .collect();
    let shown = titles.join("、");
    col(
        layout::CATEGORY[0],
        Accepts::Choices(titles),
        ["category", "选项", &shown, "", what],
    )
}

pub(super) fn cycle_cols() -> Vec<Col> {
    vec![
        col(
            layout::CYCLE_YEAR[0],
            Accepts::Whole,
            ["cycle.year", "整数", "如 2024", "", "必填"],
        ),
        col(
            layout::DEADLINE[0],
            Accepts::Date,
            [
                "cycle.application_deadline",
                "日期",
                "如 2024-09-01",
                "",
                "必填；各时间窗口的参考日期，并据此选用有效的规则版本",
            ],
        ),
        col(
            layout::PUBLICITY[0],
            Accepts::Date,
            [
                "cycle.publicity_start",
                "日期",
                "",
                "",
                "公示开始日期，可留空",
            ],
        ),
        col(
            layout::AWARD[0],
            Accepts::Anything,
            [
                "cycle.award",
                "文字",
                "规则版本的 family",
                "",
                "目录中有多个奖项时填写",
            ],
        ),
    ]
}
