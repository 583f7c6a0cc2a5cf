//! `qaward policies`: every policy in the directory and where it stands on a date.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{output, parse_date, Exit, Failure, LangOpt};
use crate::date::Date;
use crate::diag::{Lang, Style};
use crate::policy::store::{Standing, Store};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON object per policy, for programs.
    Json,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward policies
  qaward policies --as-of 2023-09-01
  qaward policies --format json --lang en")]
pub struct PoliciesArgs {
    /// 参考日期 · The date the status is given for, e.g. --as-of 2024-09-01 (default: today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// 策略目录 · Directory of policies, e.g. --policies ./policies (default: $QAWARD_POLICIES, else ./policies, else the copy built in)
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 输出格式 · Output format, e.g. --format json
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,

    #[command(flatten)]
    pub lang: LangOpt,
}

#[derive(Serialize)]
struct Row {
    id: String,
    title: String,
    family: String,
    effective: String,
    expires: String,
    status: &'static str,
    superseded_by: Option<String>,
    extends: Option<String>,
    decision: Option<String>,
    digest: String,
    unverified: usize,
    unverified_items: Vec<String>,
}

#[derive(Serialize)]
struct Listing {
    as_of: String,
    source: String,
    governing: Vec<String>,
    policies: Vec<Row>,
}

/// Today in UTC, from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

pub fn run(args: PoliciesArgs) -> Result<Exit, Failure> {
    let lang = args.lang.get();
    let date = args.as_of.unwrap_or_else(today);
    let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
    let catalogue = store.load_all().map_err(Failure::from)?;
    let mut policies: Vec<_> = catalogue.policies.iter().collect();
    policies.sort_by(|a, b| {
        (a.meta.family.as_str(), a.meta.effective, &a.meta.id).cmp(&(
            b.meta.family.as_str(),
            b.meta.effective,
            &b.meta.id,
        ))
    });
    let rows: Vec<Row> = policies
        .iter()
        .map(|p| {
            let standing = catalogue.standing(p, date);
            let unverified = p.unverified();
            Row {
                id: p.meta.id.clone(),
                title: p.meta.title.get(lang).to_owned(),
                family: p.meta.family.clone(),
                effective: p.meta.effective.to_string(),
                expires: p.meta.expires.to_string(),
                status: standing.code(),
                superseded_by: match &standing {
                    Standing::SupersededBy(id) => Some(id.clone()),
                    _ => None,
                },
                extends: p.meta.extends.clone(),
                decision: p
                    .meta
                    .decision
                    .as_ref()
                    .map(|d| format!("{} ({})", d.number, d.date)),
                digest: p.digest.clone(),
                unverified: unverified.len(),
                unverified_items: unverified,
            }
        })
        .collect();
    let listing = Listing {
        as_of: date.to_string(),
        source: store.origin.describe().get(lang).to_owned(),
        governing: catalogue
            .governing_on(date)
            .iter()
            .map(|p| p.meta.id.clone())
            .collect(),
        policies: rows,
    };
    let content = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&listing).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Table => table(
            &listing,
            &catalogue,
            date,
            lang,
            &Style::for_stream(std::io::stdout().is_terminal()),
        ),
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

fn table(
    listing: &Listing,
    catalogue: &crate::policy::store::Catalogue,
    date: Date,
    lang: Lang,
    style: &Style,
) -> String {
    let pick = |zh: &'static str, en: &'static str| if lang == Lang::Zh { zh } else { en };
    let mut out = format!(
        "{}: {} · {}: {}\n\n",
        pick("策略来源", "policies from"),
        listing.source,
        pick("参考日期", "as of"),
        listing.as_of
    );
    let headers = [
        pick("编号", "id"),
        pick("有效期", "window"),
        pick("状态", "status"),
        pick("基础", "base"),
        pick("未核实", "unverified"),
        pick("摘要", "digest"),
        pick("标题", "title"),
    ];
    let rows: Vec<[String; 7]> = listing
        .policies
        .iter()
        .map(|r| {
            let standing = catalogue
                .policies
                .iter()
                .find(|p| p.meta.id == r.id)
                .map(|p| catalogue.standing(p, date).describe().get(lang).to_owned())
                .unwrap_or_default();
            [
                r.id.clone(),
                format!("{} – {}", r.effective, r.expires),
                standing,
                r.extends.clone().unwrap_or_else(|| "—".into()),
                r.unverified.to_string(),
                r.digest.chars().take(19).collect(),
                r.title.clone(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..7)
        .map(|c| {
            rows.iter()
                .map(|r| r[c].width())
                .chain([headers[c].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s}{}", " ".repeat(widths[c].saturating_sub(s.width()))))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    out.push_str(&format!(
        "{}{}{}\n",
        style.dim,
        line(headers.to_vec()),
        style.reset
    ));
    for (r, row) in listing.policies.iter().zip(&rows) {
        let color = match r.status {
            "in_force" => style.green,
            _ => "",
        };
        let reset = if color.is_empty() { "" } else { style.reset };
        out.push_str(&format!(
            "{color}{}{reset}\n",
            line(row.iter().map(String::as_str).collect())
        ));
    }
    match listing.governing.as_slice() {
        [] => out.push_str(&format!(
            "\n{}\n",
            pick(
                "该日没有有效的策略。",
                "No policy is in force on that date."
            )
        )),
        ids => out.push_str(&format!(
            "\n{}: {}\n",
            pick("该日适用", "Governing on that date"),
            ids.join(", ")
        )),
    }
    out
}
