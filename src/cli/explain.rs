//! `qaward explain`: the full, cited trace of one applicant's outcome.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::eval::prepare;
use super::{output, Choose, Exit, Failure};
use crate::diag::text;
use crate::diag::{suggestion, Diagnostic};
use crate::eval::{evaluate, Options};
use crate::render::explain;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Plain text, every line with its citation.
    Text,
    /// The trace as JSON.
    Json,
    /// Markdown, ready for a memo.
    Md,
    /// A paper: one self-contained HTML page, printable on A4.
    Html,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward explain examples/cohort-2024.json --applicant WX2024-001
  qaward explain examples/cohort-2024.json --applicant WX2024-028 --lang en --format md")]
pub struct ExplainArgs {
    /// 申报名单 · The cohort file, e.g. examples/cohort-2024.json
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,

    /// 申报组织编号 · The applicant to explain, e.g. --applicant WX2024-001
    #[arg(long, value_name = "ID")]
    pub applicant: String,

    /// 输出格式 · Output format, e.g. --format md
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    /// 输出文件 · Write to this file (atomically; never over an input) instead of standard output, e.g. --out paper.html
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// 台账 · Take each applicant's earlier wins from the ledger (as eval --ledger does)
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::ledger::DEFAULT_LEDGER)]
    pub ledger: Option<PathBuf>,

    /// 评审员评分 · Derive each panel stage's score from the reviewers' scores in this JSON file, and show the arithmetic
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::reviews::THE_COHORT)]
    pub reviews: Option<PathBuf>,

    #[command(flatten)]
    pub choose: Choose,
}

pub fn run(args: ExplainArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let (store, mut case) = prepare(&args.cohort, &args.choose)?;
    super::ledger::with_history(args.ledger.as_deref(), &mut case)?;
    let (read_reviews, panels) =
        super::reviews::applied(args.reviews.as_deref(), &args.cohort, &mut case)?;
    let (cohort, policy) = (&case.cohort, &case.policy);
    let Some(index) = cohort
        .applicants
        .iter()
        .position(|a| a.id == args.applicant)
    else {
        let help = suggestion(
            &args.applicant,
            cohort.applicants.iter().map(|a| a.id.as_str()),
        )
        .unwrap_or_else(|| text!("用名单中的 id。", "use an id from the cohort"));
        return Err(Failure::bad_input(vec![Diagnostic::error(
            "explain::unknown-applicant",
            text!(
                format!("名单中没有申报组织 `{}`", args.applicant),
                format!("the cohort has no applicant `{}`", args.applicant)
            ),
        )
        .in_file(&args.cohort)
        .help(help)]));
    };
    let outcome = evaluate(
        policy,
        cohort,
        &Options {
            as_of: args.choose.as_of,
            ..Options::default()
        },
    );
    let Some(e) = explain::explain(&outcome, index, lang) else {
        return Err(Failure::bad_input(Vec::new()));
    };
    let content = match args.format {
        Format::Text | Format::Md => {
            let mut t = if matches!(args.format, Format::Text) {
                explain::text(&e, lang)
            } else {
                explain::markdown(&e, lang)
            };
            if let Some(p) = &panels {
                t.push_str(&crate::render::reviews::text(p, policy, index, lang));
            }
            t
        }
        Format::Html => {
            let p = &outcome.policy;
            let name = args
                .cohort
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut header = vec![(
                lang.pick("规则版本", "Policy").to_owned(),
                format!("{}（{}）", p.meta.title.get(lang), p.meta.id),
            )];
            if let Some(doc) = &p.meta.document {
                header.push((lang.pick("文号", "Document").to_owned(), doc.clone()));
            }
            header.extend([
                (
                    lang.pick("有效期", "In force").to_owned(),
                    p.meta.window().get(lang).to_owned(),
                ),
                (
                    lang.pick("参考日期", "Reference date").to_owned(),
                    lang.pick(
                        outcome.reference_date.zh(),
                        outcome.reference_date.to_string(),
                    ),
                ),
                (lang.pick("申报名单", "Cohort").to_owned(), name),
                (
                    lang.pick("规则摘要", "Policy digest").to_owned(),
                    p.digest.clone(),
                ),
            ]);
            header.extend(read_reviews.as_ref().map(|r| r.header_line(lang)));
            header.extend([(
                lang.pick("程序版本", "Engine").to_owned(),
                format!("qaward {}", env!("CARGO_PKG_VERSION")),
            )]);
            let extra = panels.as_ref().map_or_else(String::new, |p| {
                crate::render::html::panels::explained(p, policy, index, lang)
            });
            crate::render::html::explain::render(&e, &header, &extra, lang)
        }
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&e).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    let mut read = output::read_paths(Some(&args.cohort), Some(&store));
    read.extend(read_reviews.as_ref().map(|r| r.path.clone()));
    let inputs: Vec<&std::path::Path> = read.iter().map(PathBuf::as_path).collect();
    output::write(args.out.as_deref(), &content, &inputs)
        .map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}
