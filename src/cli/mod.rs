//! The command line: argument parsing (clap stays here), exit codes, and printing problems.
//! Each subcommand has its own file.

mod check;
mod eval;
mod explain;
mod fmt;
mod new;
mod output;
mod policies;
mod sweep;
mod test;
mod whatif;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::date::Date;
use crate::diag::{Diagnostic, Lang, Style};

/// Exit codes of contract section 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Done.
    Done = 0,
    /// The command ran and found problems.
    Problems = 1,
    /// Bad usage or bad input.
    BadInput = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// A failure to report: the problems and the exit code.
pub struct Failure {
    pub exit: Exit,
    pub problems: Vec<Diagnostic>,
}

impl Failure {
    pub fn bad_input(problems: Vec<Diagnostic>) -> Failure {
        Failure {
            exit: Exit::BadInput,
            problems,
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "qaward",
    version,
    about = "无锡市市长质量奖评定引擎 · Wuxi Mayor's Quality Award rules engine",
    long_about = "无锡市市长质量奖评定引擎：按策略文件（TOML + Rhai）评定申报组织。\n\
Evaluates applicants for the Wuxi Mayor's Quality Award against versioned policy files \
(TOML + Rhai) that encode the award measures article by article.",
    after_help = "示例 Examples:\n  qaward eval examples/cohort-2024.json\n  qaward eval examples/cohort-2024.json --lang en --format json --out result.json\n  qaward policies --as-of 2023-09-01\n  qaward new --from wuxi-2024 --id wuxi-2024-a1 --effective 2025-01-01"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 评定一批申报组织 · Evaluate a cohort under the policy in force
    Eval(eval::EvalArgs),
    /// 列出策略及其状态 · List the policies and where each stands on a date
    Policies(policies::PoliciesArgs),
    /// 新建修正案 · Start a committee amendment of a policy
    New(new::NewArgs),
    /// 检查策略文件 · Check policy files: every error and lint, with file:line:column
    Check(check::CheckArgs),
    /// 运行策略测试 · Run the policies' own test cases and show clause coverage
    Test(test::TestArgs),
    /// 解释评定过程 · Explain one applicant's outcome step by step, with citations
    Explain(explain::ExplainArgs),
    /// 格式化策略文件 · Normalise policy files (order, spacing, numbers), keeping comments
    Fmt(fmt::FmtArgs),
    /// 假设分析 · What if the policy were changed: who gains or loses what, and why
    Whatif(whatif::WhatifArgs),
    /// 比较版本 · The same cohort under several policy versions
    Compare(whatif::CompareArgs),
    /// 参数扫描 · Vary one or two numbers over a grid: where each applicant reaches each tier
    Sweep(sweep::SweepArgs),
    /// 稳定性 · How often each applicant keeps its place when reviewers' scores carry noise
    Stability(sweep::StabilityArgs),
}

/// Output language.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| e.to_string())
}

/// Prints problems to standard error, errors first.
pub fn report(problems: &[Diagnostic], lang: Lang) {
    let style = Style::for_stream(std::io::stderr().is_terminal());
    let mut sorted: Vec<&Diagnostic> = problems.iter().collect();
    sorted.sort_by_key(|d| d.severity);
    for d in sorted {
        eprint!("{}", d.render(lang, &style));
    }
}

/// Runs the command line; returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::BadInput.into()
            } else {
                Exit::Done.into()
            };
        }
    };
    let lang_of = |l: Option<LangArg>| l.map_or(Lang::Zh, Lang::from);
    let (result, lang) = match cli.command {
        Command::Eval(args) => {
            let lang = lang_of(args.lang);
            (eval::run(args), lang)
        }
        Command::Policies(args) => {
            let lang = lang_of(args.lang);
            (policies::run(args), lang)
        }
        Command::New(args) => {
            let lang = lang_of(args.lang);
            (new::run(args), lang)
        }
        Command::Check(args) => {
            let lang = lang_of(args.lang);
            (check::run(args), lang)
        }
        Command::Test(args) => {
            let lang = lang_of(args.lang);
            (test::run_tests(args), lang)
        }
        Command::Explain(args) => {
            let lang = lang_of(args.lang);
            (explain::run(args), lang)
        }
        Command::Fmt(args) => {
            let lang = lang_of(args.lang);
            (fmt::run(args), lang)
        }
        Command::Whatif(args) => {
            let lang = lang_of(args.lang);
            (whatif::whatif(args), lang)
        }
        Command::Compare(args) => {
            let lang = lang_of(args.lang);
            (whatif::compare_versions(args), lang)
        }
        Command::Sweep(args) => {
            let lang = lang_of(args.lang);
            (sweep::sweep_cmd(args), lang)
        }
        Command::Stability(args) => {
            let lang = lang_of(args.lang);
            (sweep::stability_cmd(args), lang)
        }
    };
    match result {
        Ok(exit) => exit.into(),
        Err(f) => {
            report(&f.problems, lang);
            f.exit.into()
        }
    }
}
