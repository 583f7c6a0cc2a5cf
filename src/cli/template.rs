//! `qaward template`: an empty cohort for a policy, as a workbook, CSV files, JSON or TOML —
//! or a JSON cohort written out as the workbook the secretariat fills in.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::schema::Which;
use super::{output, Exit, Failure};
use crate::cohort::sheet::{grid, template};
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::policy::store::Store;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// An Excel workbook (also opens in WPS).
    Xlsx,
    /// CSV files: FILE.csv and, beside it, FILE.records.csv, .history.csv, .cycle.csv, .notes.csv.
    Csv,
    /// A JSON cohort with one example applicant.
    Json,
    /// A TOML cohort with one example applicant.
    Toml,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward template --format xlsx --out 申报名单.xlsx
  qaward template --policy wuxi-2024 --format csv --out cohort.csv
  qaward template --from examples/cohort-2024.json --format xlsx --out cohort-2024.xlsx
  qaward eval 申报名单.xlsx")]
pub struct TemplateArgs {
    /// Which policy (default: the one in force today, or on the --from cohort's deadline).
    #[command(flatten)]
    pub which: Which,

    /// 格式 · The template's format, e.g. --format xlsx
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: TemplateFormat,

    /// 评定年度（决定按年度填写的列） · The award year, for the year columns, e.g. --year 2026
    /// (default: the --from cohort's; else this year, when the policy is in force today; else
    /// the policy's first year)
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,

    /// 用已有的 JSON/TOML 申报名单填写 · Fill the template with the applicants of a JSON or TOML cohort
    #[arg(long, value_name = "COHORT")]
    pub from: Option<PathBuf>,

    /// 台账 · With --from: fill each applicant's earlier wins (the history sheet) from the ledger, found by the policy's [ledger] identity; FILE defaults to $QAWARD_LEDGER, else ledger/qaward.db
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::ledger::DEFAULT_LEDGER, requires = "from")]
    pub ledger: Option<PathBuf>,

    /// 评审员评分 · With --format xlsx: fill the reviewers sheet and the score sheets from a JSON reviews file (read back with eval --reviews)
    #[arg(long, value_name = "FILE")]
    pub reviews: Option<PathBuf>,

    /// 只含某一类别的字段（编号或名称）· Only what one category's applicants give (its id or title), e.g. --category individual
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,

    /// 写入文件 · Write to this file (required for xlsx and csv; atomically, never over the --from cohort or a policy file)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// A JSON or TOML cohort as a JSON value.
fn read_cohort(path: &Path) -> Result<serde_json::Value, Failure> {
    let bad = |zh: String, en: String| {
        Failure::bad_input(vec![Diagnostic::error("cohort::syntax", text!(zh, en))
            .help(text!(
                "--from 须是 JSON 或 TOML 申报名单；先用 qaward eval 检查它。",
                "--from takes a JSON or TOML cohort; check it with qaward eval first"
            ))
            .in_file(path)])
    };
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    // Bounded as `eval` bounds them: a pipe or /dev/zero is refused, not read for ever.
    let max = if is_toml {
        crate::bounded::MAX_TOML_COHORT
    } else {
        crate::bounded::MAX_COHORT
    };
    let bytes = std::fs::File::open(path)
        .and_then(|f| crate::bounded::read_text_input(f, max))
        .map_err(|e| bad(format!("无法读取：{e}"), format!("cannot read it: {e}")))?;
    if is_toml {
        let text = String::from_utf8_lossy(&bytes);
        crate::toml_json::parse(&text).map(|(v, _)| v).map_err(|e| {
            bad(
                format!("TOML 语法错误：{}", e.message),
                format!("TOML syntax error: {}", e.message),
            )
        })
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        serde_json::from_slice(bytes).map_err(|e| {
            bad(
                format!("不是有效的 JSON：{e}"),
                format!("not valid JSON: {e}"),
            )
        })
    }
}

fn needs_out(format: &str) -> Failure {
    Failure::bad_input(vec![Diagnostic::error(
        "output::needs-file",
        text!(
            format!("{format} 模板须写入文件"),
            format!("a {format} template must be written to a file")
        ),
    )
    .help(text!(
        "加 --out 文件名，如 --out 申报名单.xlsx。",
        "add --out FILE, e.g. --out cohort.xlsx"
    ))])
}

pub fn run(args: TemplateArgs) -> Result<Exit, Failure> {
    let store = Store::locate(args.which.policies.as_deref())?;
    let cohort = args.from.as_deref().map(read_cohort).transpose()?;
    let deadline = cohort
        .as_ref()
        .and_then(|c| c.pointer("/cycle/application_deadline"))
        .and_then(serde_json::Value::as_str)
        .and_then(|d| crate::date::Date::parse(d).ok());
    let award = args.which.award.clone().or_else(|| {
        cohort
            .as_ref()
            .and_then(|c| c.pointer("/cycle/award"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    });
    let today = args.which.as_of.unwrap_or_else(super::policies::today);
    let policy = match (&args.which.policy, deadline) {
        (Some(id), _) => store.load(id)?,
        (None, Some(d)) => store.in_force_on(d, award.as_deref())?,
        (None, None) => store.in_force_on(today, award.as_deref())?,
    };
    // One category's template: its own fields, stages and records only.
    let policy = match &args.category {
        None => policy,
        Some(name) => {
            let view = policy
                .category_named(name)
                .and_then(|k| policy.for_category(k));
            view.ok_or_else(|| {
                let declared: Vec<String> = policy
                    .categories
                    .iter()
                    .map(|c| format!("{}（{}）", c.id, c.title.zh))
                    .collect();
                Failure::bad_input(vec![Diagnostic::error(
                    "template::unknown-category",
                    text!(
                        format!("规则版本 {} 没有类别 `{name}`", policy.meta.id),
                        format!("the policy {} has no category `{name}`", policy.meta.id)
                    ),
                )
                .help(if declared.is_empty() {
                    text!(
                        "此规则版本不分类别：去掉 --category。",
                        "this policy has no categories: drop --category"
                    )
                } else {
                    text!(
                        format!("可用的类别：{}", declared.join("、")),
                        format!("its categories: {}", declared.join(", "))
                    )
                })])
            })?
        }
    };
    let year = args
        .year
        .or_else(|| {
            cohort
                .as_ref()
                .and_then(|c| c.pointer("/cycle/year"))
                .and_then(serde_json::Value::as_i64)
                .and_then(|y| i32::try_from(y).ok())
        })
        .unwrap_or_else(|| {
            // The cycle of this year while the policy is in force, else its first.
            if policy.meta.in_force_on(today) {
                today.year()
            } else {
                policy.meta.effective.year()
            }
        });
    // Earlier wins from the ledger, so nobody types them again.
    let mut cohort = cohort;
    if let (Some(flag), Some(c)) = (&args.ledger, cohort.as_mut()) {
        let given = Some(flag.as_path()).filter(|p| *p != Path::new(super::ledger::DEFAULT_LEDGER));
        let path = super::ledger::ledger_path(given);
        let ledger = crate::ledger::Ledger::open_read(&path)?;
        crate::ledger::decide::rules(&policy)?;
        crate::ledger::history::fill_json(c, &policy, &ledger.entries()?);
    }
    let reviews = args
        .reviews
        .as_deref()
        .map(|r| crate::reviews::Reviews::read(r, &policy))
        .transpose()?;
    let mut read = output::read_paths(args.from.as_deref(), Some(&store));
    read.extend(args.reviews.clone());
    let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
    let out = args.out.as_deref();
    let fail = |d: Box<Diagnostic>| Failure::bad_input(vec![*d]);
    match args.format {
        TemplateFormat::Xlsx => {
            let path = out.ok_or_else(|| needs_out("xlsx"))?;
            let filled = reviews.as_ref().map(crate::reviews::Reviews::rows);
            let bytes =
                template::xlsx(&policy, year, cohort.as_ref(), filled.as_ref()).map_err(|e| {
                    Failure::bad_input(vec![Diagnostic::error(
                        "output::write-failed",
                        text!(
                            format!("无法生成工作簿：{e}"),
                            format!("cannot make the workbook: {e}")
                        ),
                    )])
                })?;
            output::write_bytes(Some(path), &bytes, &inputs).map_err(fail)?;
        }
        TemplateFormat::Csv => {
            let path = out.ok_or_else(|| needs_out("csv"))?;
            let siblings = grid::csv_siblings(path);
            for (part, body) in template::csv(&policy, year, cohort.as_ref()) {
                let target = match part {
                    None => path.to_path_buf(),
                    Some(p) => siblings
                        .iter()
                        .find(|(name, _)| *name == p)
                        .map_or_else(|| sibling(path, p), |(_, f)| f.clone()),
                };
                output::write(Some(&target), &body, &inputs).map_err(fail)?;
            }
        }
        TemplateFormat::Json => {
            let doc = cohort.unwrap_or_else(|| template::json(&policy, year));
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            output::write(out, &s, &inputs).map_err(fail)?;
        }
        TemplateFormat::Toml => {
            let doc = cohort.unwrap_or_else(|| template::json(&policy, year));
            let body = crate::toml_json::to_toml(&doc)
                .map(|t| toml::to_string_pretty(&t).unwrap_or_default())
                .unwrap_or_default();
            let s = format!(
                "# 申报名单模板（规则版本 {}）：以“示例”开头的申报组织是示例，请替换。\n# Cohort template for {}: replace the example applicant.\n\n{body}",
                policy.meta.id, policy.meta.id
            );
            output::write(out, &s, &inputs).map_err(fail)?;
        }
    }
    Ok(Exit::Done)
}

/// `X.part.csv` beside `X.csv`.
fn sibling(path: &Path, part: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.{part}.csv"))
}
