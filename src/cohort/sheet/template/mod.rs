//! Templates: an empty cohort for a policy, laid out as the reader expects (Chinese headers,
//! drop-down lists, date and number checks, a sheet explaining every field, one example row),
//! or filled with a JSON cohort's applicants. Written as `.xlsx`, as CSV files, or as JSON.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, Formula,
    Workbook, XlsxError,
};
use serde_json::{Map, Value};

use super::layout;
use crate::date::Date;
use crate::policy::fields::FieldType;
use crate::policy::Policy;
use crate::safe_text::csv_cell;

/// What a cell of a template holds.
#[derive(Debug, Clone, PartialEq)]
enum Out {
    Empty,
    Text(String),
    Number(f64),
    Int(i64),
    Date(Date),
}

impl Out {
    fn text(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(t) => t.clone(),
            Out::Number(f) => format!("{f}"),
            Out::Int(n) => n.to_string(),
            Out::Date(d) => d.to_string(),
        }
    }
}

/// One sheet of the template.
struct Table {
    name: String,
    cols: Vec<Col>,
    rows: Vec<Vec<Out>>,
}

mod columns;
pub(crate) mod reviews;

/// The headers of the applicants sheet a template for `policy` and `year` has.
pub(crate) fn applicant_headers(policy: &Policy, year: i32) -> Vec<String> {
    columns::applicant_cols(policy, year)
        .into_iter()
        .map(|(_, c)| c.header)
        .collect()
}
use columns::*;

/// The value at a dotted path of a JSON applicant.
fn at<'v>(a: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(a, |v, k| v.get(k))
        .filter(|v| !v.is_null())
}

/// A category as a cell: its Chinese title, or what was given when it names none.
fn category_cell(policy: &Policy, v: Option<&Value>) -> Out {
    let c = v.and_then(Value::as_str).unwrap_or_default();
    if c.is_empty() {
        return Out::Empty;
    }
    Out::Text(
        policy
            .categories
            .iter()
            .find(|k| k.id == c)
            .map_or_else(|| c.to_owned(), |k| k.title.zh.clone()),
    )
}

/// A JSON value as a template cell for a field of type `ty`: booleans as 是/否, enumerations
/// by label, numbers as numbers when a double holds them exactly (else as text), dates as dates.
fn cell_of(v: Option<&Value>, ty: &FieldType) -> Out {
    let Some(v) = v else { return Out::Empty };
    match (ty, v) {
        (FieldType::Bool, Value::Bool(b)) => {
            Out::Text((if *b { layout::YES } else { layout::NO }).into())
        }
        (FieldType::Enum(c), Value::String(s)) => {
            // A value outside the list is written as said on purpose, so it reads back.
            match c.values.iter().position(|x| x == s) {
                Some(i) => Out::Text(c.labels[i].clone().unwrap_or_else(|| s.clone())),
                None => Out::Text(format!("{}{s}", layout::OTHER[0])),
            }
        }
        (FieldType::Date, Value::String(s)) => {
            Date::parse(s).map_or_else(|_| Out::Text(s.clone()), Out::Date)
        }
        (FieldType::Integer, Value::Number(n)) => n
            .as_i64()
            .map_or_else(|| Out::Text(n.to_string()), Out::Int),
        (FieldType::Decimal | FieldType::DecimalByYear, Value::Number(_) | Value::String(_)) => {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            number(&text)
        }
        (_, Value::String(s)) => Out::Text(s.clone()),
        (_, other) => Out::Text(other.to_string()),
    }
}

/// A decimal as a number cell when the double Excel stores gives back the same decimal.
fn number(text: &str) -> Out {
    let exact = crate::decimal::parse(text).ok();
    let f: Option<f64> = text.trim().parse().ok();
    match (exact, f) {
        (Some(d), Some(f)) if crate::decimal::parse(&format!("{f}")).ok() == Some(d) => {
            Out::Number(f)
        }
        _ => Out::Text(text.to_owned()),
    }
}

/// The example applicant's name: a company's for an award of organisations alone, else one
/// said with the award's own noun (示例参评个人).
fn example_name(policy: &Policy) -> String {
    if policy.categories.is_empty() {
        "示例有限公司".to_owned()
    } else {
        format!("示例{}", policy.meta.applicant.zh)
    }
}

/// The example score: 60% of the standard's total (600 of 1000).
fn example_score(policy: &Policy) -> rust_decimal::Decimal {
    policy.scoring.total * rust_decimal::Decimal::new(6, 1)
}

/// The example row of the applicants sheet, marked by its id.
fn example_row(cols: &[(layout::Column, Col)], policy: &Policy) -> Vec<Out> {
    use layout::Column;
    cols.iter()
        .map(|(column, c)| match column {
            Column::Id => Out::Text(format!("{}-001（读取时跳过本行）", layout::EXAMPLE)),
            Column::Name => Out::Text(example_name(policy)),
            Column::HasRecords | Column::HasHistory => Out::Text(layout::NONE.into()),
            Column::Score(_) => Out::Number(to_f64(Some(example_score(policy))).unwrap_or(0.0)),
            _ => match &c.accepts {
                Accepts::Choices(list) => list.first().map_or(Out::Empty, |x| Out::Text(x.clone())),
                Accepts::Whole => Out::Int(1),
                Accepts::Number { .. } => Out::Number(100.0),
                Accepts::Date => Out::Date(Date::new(2020, 1, 1).unwrap_or(policy.meta.effective)),
                Accepts::Anything => Out::Text("（示例）".into()),
            },
        })
        .collect()
}

/// The template's sheets: for `cohort` (a JSON cohort) filled with its applicants, else empty
/// but for one example row.
fn tables(policy: &Policy, year: i32, cohort: Option<&Value>) -> Vec<Table> {
    use layout::Column;
    let acols = applicant_cols(policy, year);
    let rcols = record_cols(policy);
    let hcols = history_cols(policy);
    let empty = Vec::new();
    let applicants = cohort
        .and_then(|c| c.get("applicants"))
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let mut arows = Vec::new();
    let mut rrows = Vec::new();
    let mut hrows = Vec::new();
    for a in applicants {
        let id = a
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let row = acols
            .iter()
            .map(|(column, _)| match column {
                Column::Id => Out::Text(id.clone()),
                Column::Name => cell_of(at(a, "name"), &FieldType::Text),
                Column::Category => category_cell(policy, at(a, "category")),
                Column::Field(i) => {
                    let f = &policy.model.fields[*i];
                    cell_of(at(a, &f.path), &f.ty)
                }
                Column::Year(i, y) => {
                    let f = &policy.model.fields[*i];
                    cell_of(
                        at(a, &f.path).and_then(|m| m.get(y.to_string())),
                        &FieldType::Decimal,
                    )
                }
                Column::Score(s) => cell_of(
                    a.get("scores")
                        .and_then(|x| x.get(s))
                        .filter(|v| !v.is_null()),
                    &FieldType::Decimal,
                ),
                Column::HasRecords | Column::HasHistory => {
                    let key = if *column == Column::HasRecords {
                        "records"
                    } else {
                        "history"
                    };
                    match a.get(key).and_then(Value::as_array) {
                        Some(list) if list.is_empty() => Out::Text(layout::NONE.into()),
                        Some(_) => Out::Text(layout::GIVEN.into()),
                        None => Out::Empty,
                    }
                }
                Column::Unknown(_) => Out::Empty,
            })
            .collect();
        arows.push(row);
        for r in a.get("records").and_then(Value::as_array).unwrap_or(&empty) {
            let kind = r.get("kind").and_then(Value::as_str).unwrap_or_default();
            let decl = layout::record_kind(policy, kind);
            let row = rcols
                .iter()
                .enumerate()
                .map(|(j, c)| match j {
                    0 => Out::Text(id.clone()),
                    1 => Out::Text(decl.map_or_else(|| kind.to_owned(), |d| d.title.zh.clone())),
                    2 => cell_of(r.get("date"), &FieldType::Date),
                    _ => match decl.and_then(|d| layout::record_field(d, &c.header)) {
                        Some(f) => cell_of(r.get(&f.path).filter(|v| !v.is_null()), &f.ty),
                        None => Out::Empty,
                    },
                })
                .collect();
            rrows.push(row);
        }
        for h in a.get("history").and_then(Value::as_array).unwrap_or(&empty) {
            let tier = h.get("tier").and_then(Value::as_str).unwrap_or_default();
            let title = layout::tiers(policy)
                .into_iter()
                .find(|(t, _)| t == tier)
                .map(|(_, t)| t);
            hrows.push(vec![
                Out::Text(id.clone()),
                cell_of(h.get("year"), &FieldType::Integer),
                Out::Text(title.unwrap_or_else(|| tier.to_owned())),
                match h.get("revoked").and_then(Value::as_bool) {
                    Some(b) => Out::Text((if b { layout::YES } else { layout::NO }).into()),
                    None => Out::Empty,
                },
            ]);
            if !policy.categories.is_empty() {
                if let Some(row) = hrows.last_mut() {
                    row.push(category_cell(policy, h.get("category")));
                }
            }
        }
    }
    if cohort.is_none() {
        arows.push(example_row(&acols, policy));
    }
    let cycle = cohort
        .and_then(|c| c.get("cycle"))
        .cloned()
        .unwrap_or(Value::Null);
    let crow = vec![
        cycle
            .get("year")
            .and_then(Value::as_i64)
            .map_or(Out::Int(i64::from(year)), Out::Int),
        cell_of(cycle.get("application_deadline"), &FieldType::Date),
        cell_of(cycle.get("publicity_start"), &FieldType::Date),
        cycle
            .get("award")
            .and_then(Value::as_str)
            .map_or(Out::Empty, |s| Out::Text(s.to_owned())),
    ];
    vec![
        Table {
            name: layout::APPLICANTS[0].to_owned(),
            cols: acols.into_iter().map(|(_, c)| c).collect(),
            rows: arows,
        },
        Table {
            name: layout::RECORDS[0].to_owned(),
            cols: rcols,
            rows: rrows,
        },
        Table {
            name: layout::HISTORY[0].to_owned(),
            cols: hcols,
            rows: hrows,
        },
        Table {
            name: layout::CYCLE[0].to_owned(),
            cols: cycle_cols(),
            rows: vec![crow],
        },
    ]
}

/// The explanation sheet: a row per column of every sheet.
fn notes(tables: &[Table]) -> Table {
    let heads = ["工作表", "列名", "字段", "类型", "可填的值", "条文", "说明"];
    let cols = heads
        .iter()
        .map(|h| col(*h, Accepts::Anything, ["", "", "", "", ""]))
        .collect();
    let rows = tables
        .iter()
        .flat_map(|t| {
            t.cols.iter().map(move |c| {
                let mut row = vec![Out::Text(t.name.clone()), Out::Text(c.header.clone())];
                row.extend(c.notes.iter().map(|n| Out::Text(n.clone())));
                row
            })
        })
        .collect();
    Table {
        name: layout::NOTES.to_owned(),
        cols,
        rows,
    }
}

/// Rows of a sheet that carry drop-down lists and checks.
const CHECKED_ROWS: u32 = 1000;

/// A workbook whose recorded creation time is `SOURCE_DATE_EPOCH` (seconds since 1970), or
/// 1970-01-01 when it is not set: the same input gives the same bytes, not a new time stamp
/// on every run.
pub(crate) fn new_workbook() -> Result<Workbook, XlsxError> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .filter(|s| (0..=253_402_300_799).contains(s))
        .unwrap_or(0);
    let mut book = Workbook::new();
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_timestamp(epoch)?),
    );
    Ok(book)
}

/// The template as an `.xlsx` workbook.
pub(crate) fn xlsx(
    policy: &Policy,
    year: i32,
    cohort: Option<&Value>,
    filled: Option<&reviews::Filled<'_>>,
) -> Result<Vec<u8>, XlsxError> {
    let mut tables = tables(policy, year, cohort);
    // The reviewers' sheets, for a policy with stages scored by a panel (xlsx only: read by
    // `--reviews`), filled from a reviews file when one is given.
    tables.extend(reviews::tables(policy, filled));
    let explained = notes(&tables);
    tables.push(explained);
    let mut book = new_workbook()?;
    let head = Format::new().set_bold().set_background_color(0xDDEBF7);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let example = Format::new().set_font_color(0x808080).set_italic();
    // The lists of the drop-downs live on a hidden sheet, so no list is too long for Excel.
    let mut lists: Vec<Vec<String>> = Vec::new();
    for t in &tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&t.name)?;
        for (c, column) in t.cols.iter().enumerate() {
            let c16 = u16::try_from(c).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, c16, &column.header, &head)?;
            sheet.set_column_width(
                c16,
                (column.header.chars().count() as f64 * 2.2).clamp(8.0, 40.0),
            )?;
            let rule = match &column.accepts {
                Accepts::Anything => None,
                Accepts::Choices(list) => {
                    let n = match lists.iter().position(|l| l == list) {
                        Some(n) => n,
                        None => {
                            lists.push(list.clone());
                            lists.len() - 1
                        }
                    };
                    let letter = super::grid::column_letters(n);
                    Some(
                        DataValidation::new().allow_list_formula(Formula::new(format!(
                            "='{}'!${letter}$1:${letter}${}",
                            layout::LISTS,
                            list.len().max(1)
                        ))),
                    )
                }
                Accepts::Whole => Some(
                    DataValidation::new()
                        .allow_whole_number(DataValidationRule::Between(i32::MIN, i32::MAX)),
                ),
                Accepts::Number { min, max } => Some(DataValidation::new().allow_decimal_number(
                    DataValidationRule::Between(min.unwrap_or(-1e15), max.unwrap_or(1e15)),
                )),
                Accepts::Date => Some(DataValidation::new().allow_date(
                    DataValidationRule::Between(
                        ExcelDateTime::from_ymd(1900, 1, 1)?,
                        ExcelDateTime::from_ymd(9999, 12, 31)?,
                    ),
                )),
            };
            if let Some(rule) = rule {
                // A choice list other than 是/否 warns rather than stops, so that a value
                // outside it can be written on purpose as 其他：….
                let open = matches!(&column.accepts, Accepts::Choices(list) if list.as_slice() != [layout::YES, layout::NO]);
                let rule = if open {
                    rule.set_error_style(DataValidationErrorStyle::Warning)
                } else {
                    rule
                };
                let rule = rule
                    .set_error_title("输入有误")?
                    .set_error_message(format!(
                        "“{}”：{} {}",
                        column.header, column.notes[1], column.notes[2]
                    ))?;
                sheet.add_data_validation(1, c16, CHECKED_ROWS, c16, &rule)?;
            }
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r32 = u32::try_from(r + 1).unwrap_or(u32::MAX);
            let is_example = cohort.is_none() && t.name == layout::APPLICANTS[0];
            for (c, cell) in row.iter().enumerate() {
                let c16 = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    Out::Empty => {}
                    Out::Text(s) if is_example => {
                        sheet.write_string_with_format(r32, c16, s, &example)?;
                    }
                    Out::Text(s) => {
                        sheet.write_string(r32, c16, s)?;
                    }
                    Out::Number(f) => {
                        sheet.write_number(r32, c16, *f)?;
                    }
                    #[allow(clippy::cast_precision_loss)]
                    Out::Int(n) => {
                        sheet.write_number(r32, c16, *n as f64)?;
                    }
                    Out::Date(d) => {
                        let year = u16::try_from(d.year()).unwrap_or(1900);
                        let when = ExcelDateTime::from_ymd(year, d.month(), d.day())?;
                        sheet.write_date_with_format(r32, c16, when, &date)?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name(layout::LISTS)?;
    for (c, list) in lists.iter().enumerate() {
        for (r, item) in list.iter().enumerate() {
            sheet.write_string(
                u32::try_from(r).unwrap_or(u32::MAX),
                u16::try_from(c).unwrap_or(u16::MAX),
                item,
            )?;
        }
    }
    sheet.set_hidden(true);
    book.save_to_buffer()
}

/// The template as CSV files: the applicants, then `records`, `history`, `cycle` and `notes`
/// beside it, each UTF-8 with a byte-order mark so that Excel opens it in Chinese.
pub(crate) fn csv(
    policy: &Policy,
    year: i32,
    cohort: Option<&Value>,
) -> Vec<(Option<&'static str>, String)> {
    let mut tables = tables(policy, year, cohort);
    let explained = notes(&tables);
    tables.push(explained);
    let parts = [
        None,
        Some("records"),
        Some("history"),
        Some("cycle"),
        Some("notes"),
    ];
    tables
        .iter()
        .zip(parts)
        .map(|(t, part)| {
            let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
            // A cell a spreadsheet would run as a formula gets a leading ' (taken off again
            // when qaward reads the file back).
            let _ = w.write_record(t.cols.iter().map(|c| csv_cell(&c.header).into_owned()));
            for row in &t.rows {
                let _ = w.write_record(row.iter().map(|c| csv_cell(&c.text()).into_owned()));
            }
            let body = w
                .into_inner()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            (part, format!("\u{feff}{body}"))
        })
        .collect()
}

/// The template as a JSON cohort: the cycle and one example applicant carrying every field.
pub(crate) fn json(policy: &Policy, year: i32) -> Value {
    let mut a = Map::new();
    a.insert(
        "id".into(),
        Value::String(format!("{}-001", layout::EXAMPLE)),
    );
    a.insert("name".into(), Value::String(example_name(policy)));
    if let Some(c) = policy.categories.first() {
        a.insert("category".into(), Value::String(c.id.clone()));
    }
    for f in &policy.model.fields {
        let v = match &f.ty {
            FieldType::Bool => Value::Bool(true),
            FieldType::Integer => Value::from(1),
            FieldType::Decimal => Value::String("100".into()),
            FieldType::Date => Value::String("2020-01-01".into()),
            FieldType::Text => Value::String("（示例）".into()),
            FieldType::Enum(c) => Value::String(c.values.first().cloned().unwrap_or_default()),
            FieldType::DecimalByYear => Value::Object(
                layout::years_of(policy, f, year)
                    .into_iter()
                    .map(|y| (y.to_string(), Value::String("100".into())))
                    .collect(),
            ),
        };
        super::layout::put(&mut a, &f.path, v);
    }
    a.insert("records".into(), Value::Array(Vec::new()));
    a.insert("history".into(), Value::Array(Vec::new()));
    a.insert(
        "scores".into(),
        Value::Object(
            policy
                .stages
                .iter()
                .map(|s| {
                    let score = crate::decimal::show(example_score(policy));
                    (s.id.clone(), Value::String(score))
                })
                .collect(),
        ),
    );
    serde_json::json!({
        "cycle": { "year": year, "application_deadline": format!("{year}-09-01") },
        "applicants": [a],
    })
}
