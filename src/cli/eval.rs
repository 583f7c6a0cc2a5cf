//! `qaward eval`: read a cohort, choose the policy, evaluate, render.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{output, Choose, Exit, Failure, LangOpt};
use crate::cohort::{check_scores, read_cohort, Cohort};
use crate::diag::{Diagnostic, Style};
use crate::eval::{evaluate, Options};
use crate::policy::store::Store;
use crate::policy::Policy;
use crate::render;
use crate::text;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// The ranked shortlist, reasons and summary, for people.
    Table,
    /// The result document of the data contract (qaward.result.v1).
    Json,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward eval examples/cohort-2024.json
  qaward eval examples/cohort-2024.json --lang en
  qaward eval examples/cohort-2024.json --format json --out result.json
  qaward eval cohort.json --policy wuxi-2024 --as-of 2024-09-01
  qaward eval cohort.json --policies ./my-policies --policy wuxi-2024 --ignore-validity")]
pub struct EvalArgs {
    /// 申报名单（JSON 或 TOML）· The cohort file, JSON or TOML (contract section 1), e.g. examples/cohort-2024.json
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,

    /// 输出格式 · Output format, e.g. --format json
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,

    #[command(flatten)]
    pub choose: Choose,

    #[command(flatten)]
    pub lang: LangOpt,

    /// 余量 · Add a column with each shortlisted applicant's margin: points it can lose keeping its tier, points it needs for the next
    #[arg(long)]
    pub margins: bool,

    /// 输出文件 · Write to this file (atomically) instead of standard output, e.g. --out result.json
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Reads the cohort, finds the policy (by id, else in force on the reference date), checks the
/// validity window and the scores against the standard's total.
pub fn prepare(cohort_path: &Path, sel: &Choose) -> Result<(Store, Cohort, Policy), Failure> {
    let cohort = read_cohort(cohort_path).map_err(|e| Failure::bad_input(e.problems))?;
    let store =
        Store::locate(sel.policies.as_deref()).map_err(|e| Failure::bad_input(e.diagnostics()))?;
    let reference = sel.as_of.unwrap_or(cohort.cycle.application_deadline);
    let policy = match sel.policy.as_deref() {
        Some(id) => store.load(id),
        None => store.in_force_on(reference),
    }
    .map_err(|e| Failure::bad_input(e.diagnostics()))?;
    if !policy.meta.in_force_on(reference) && !sel.ignore_validity {
        return Err(Failure::bad_input(vec![Diagnostic::error(
            "policy::not-in-force",
            text!(
                format!(
                    "参考日期 {reference} 不在策略 `{}` 的有效期（{} 至 {}）内",
                    policy.meta.id, policy.meta.effective, policy.meta.expires
                ),
                format!(
                    "the reference date {reference} is outside the validity window of policy `{}` ({} to {})",
                    policy.meta.id, policy.meta.effective, policy.meta.expires
                )
            ),
        )
        .help(text!(
            "去掉 --policy 让程序按日期选择有效的策略；或加 --ignore-validity 仍按此策略评定（结果中会记录警告）。",
            "drop --policy to choose the policy in force by date, or add --ignore-validity to evaluate anyway (the result records a warning)"
        ))]));
    }
    let score_problems = check_scores(&cohort, policy.scoring.total);
    if !score_problems.is_empty() {
        return Err(Failure::bad_input(
            score_problems
                .into_iter()
                .map(|d| d.in_file(cohort_path))
                .collect(),
        ));
    }
    Ok((store, cohort, policy))
}

pub fn run(args: EvalArgs) -> Result<Exit, Failure> {
    let lang = args.lang.get();
    let (store, cohort, policy) = prepare(&args.cohort, &args.choose)?;
    let options = Options {
        as_of: args.choose.as_of,
    };
    let outcome = evaluate(&policy, &cohort, &options);
    let content = match args.format {
        Format::Json => render::json::render(&outcome, lang),
        Format::Table => {
            let to_terminal = args.out.is_none() && std::io::stdout().is_terminal();
            render::table::render(
                &outcome,
                lang,
                &Style::for_stream(to_terminal),
                &store.origin.describe(),
                args.margins,
            )
        }
    };
    output::write(args.out.as_deref(), &content, &[&args.cohort])
        .map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}
