//! The command line: argument parsing (clap stays here), exit codes, and printing problems.
//! Each subcommand has its own file.

mod check;
mod diff;
mod eval;
mod explain;
mod fmt;
mod new;
mod output;
mod policies;
mod schema;
mod sweep;
mod template;
mod test;
mod whatif;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

impl From<crate::error::Error> for Failure {
    fn from(e: crate::error::Error) -> Failure {
        Failure::bad_input(e.problems)
    }
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
    long_about = "无锡市市长质量奖评定引擎：按规则文件（TOML + Rhai）评定申报组织。\n\
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
    /// 列出规则版本及其状态 · List the policies and where each stands on a date
    Policies(policies::PoliciesArgs),
    /// 新建修正案 · Start a committee amendment of a policy
    New(new::NewArgs),
    /// 检查规则文件 · Check policy files: every error and lint, with file:line:column
    Check(check::CheckArgs),
    /// 运行规则版本测试 · Run the policies' own test cases and show clause coverage
    Test(test::TestArgs),
    /// 解释评定过程 · Explain one applicant's outcome step by step, with citations
    Explain(explain::ExplainArgs),
    /// 格式化规则文件 · Normalise policy files (order, spacing, numbers), keeping comments
    Fmt(fmt::FmtArgs),
    /// 假设分析 · What if the policy were changed: who gains or loses what, and why
    Whatif(whatif::WhatifArgs),
    /// 比较版本 · The same cohort under several policy versions
    Compare(whatif::CompareArgs),
    /// 参数扫描 · Vary one or two numbers over a grid: where each applicant reaches each tier
    Sweep(sweep::SweepArgs),
    /// 稳定性 · How often each applicant keeps its place when reviewers' scores carry noise
    Stability(sweep::StabilityArgs),
    /// 版本差异 · What changed between two policy versions, in the regulation's terms
    Diff(diff::DiffArgs),
    /// 字段清单 · Every field a cohort may carry for a policy, for the clerk filling it in
    Fields(schema::FieldsArgs),
    /// 数据格式 · The JSON Schema of a cohort for a policy, derived from its declarations
    Schema(schema::SchemaArgs),
    /// 读法清单 · Where the text allows more than one reading, the one each rule takes
    Readings(schema::ReadingsArgs),
    /// 申报名单模板 · An empty cohort for a policy (xlsx, csv, json, toml), or a cohort as a workbook
    Template(template::TemplateArgs),
}

/// `--lang zh|en` (or `QAWARD_LANG`), shared by every command.
#[derive(Args, Debug, Clone, Copy)]
pub struct LangOpt {
    /// 语言 · Language of the output and messages, e.g. --lang en (default: zh, or $QAWARD_LANG)
    #[arg(long, value_enum, env = "QAWARD_LANG")]
    pub lang: Option<LangArg>,
}

impl LangOpt {
    pub fn get(&self) -> Lang {
        self.lang.map_or(Lang::Zh, Lang::from)
    }
}

/// Which policy, from where, on which date — shared by the commands that evaluate a cohort.
#[derive(Args, Debug, Clone)]
pub struct Choose {
    /// 按编号选规则版本 · Use the policy with this id, e.g. --policy wuxi-2024 (default: the one in force on the reference date)
    #[arg(long, value_name = "ID")]
    pub policy: Option<String>,

    /// 规则目录 · Directory of policies, e.g. --policies ./policies (default: $QAWARD_POLICIES, else ./policies, else the copy built in)
    #[arg(long, value_name = "DIR")]
    pub policies: Option<std::path::PathBuf>,

    /// 参考日期 · Reference date for choosing the policy and checking its validity, e.g. --as-of 2024-09-01 (default: the cycle's application deadline)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// 忽略有效期 · Go on when the reference date is outside the policy's validity window; the result records a warning
    #[arg(long)]
    pub ignore_validity: bool,
}

impl Choose {
    /// The engine's choice these arguments make.
    pub fn choice(&self) -> crate::engine::Choice {
        crate::engine::Choice {
            policy: self.policy.clone(),
            as_of: self.as_of,
            ignore_validity: self.ignore_validity,
        }
    }
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

/// An argument's problem as clap shows it (the language is not known yet): both languages.
pub fn argument_error(e: &crate::error::Error) -> String {
    e.problems
        .iter()
        .map(|d| {
            let help = d
                .help
                .as_ref()
                .map(|h| format!(" — {} / {}", h.zh, h.en))
                .unwrap_or_default();
            format!("{} / {}{help}", d.message.zh, d.message.en)
        })
        .collect::<Vec<_>>()
        .join("; ")
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
/// `qaward --version`: the version, the commit it was built from, and the policies built into
/// it with their digests (so a result's digest can be traced to the binary that made it).
fn version() -> String {
    let mut out = format!(
        "qaward {} (commit {})\n",
        env!("CARGO_PKG_VERSION"),
        env!("QAWARD_COMMIT")
    );
    let store = crate::policy::store::Store::embedded();
    out.push_str("embedded policies:\n");
    for id in store.policies.keys() {
        match store.load(id) {
            Ok(p) => out.push_str(&format!("  {id} {}\n", p.digest)),
            Err(_) => out.push_str(&format!("  {id} (does not load)\n")),
        }
    }
    out
}

pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() == 2 && (args[1] == "--version" || args[1] == "-V") {
        print!("{}", version());
        return Exit::Done.into();
    }
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
    let (result, lang) = match cli.command {
        Command::Eval(args) => {
            let lang = args.lang.get();
            (eval::run(args), lang)
        }
        Command::Policies(args) => {
            let lang = args.lang.get();
            (policies::run(args), lang)
        }
        Command::New(args) => {
            let lang = args.lang.get();
            (new::run(args), lang)
        }
        Command::Check(args) => {
            let lang = args.lang.get();
            (check::run(args), lang)
        }
        Command::Test(args) => {
            let lang = args.lang.get();
            (test::run_tests(args), lang)
        }
        Command::Explain(args) => {
            let lang = args.lang.get();
            (explain::run(args), lang)
        }
        Command::Fmt(args) => {
            let lang = args.lang.get();
            (fmt::run(args), lang)
        }
        Command::Whatif(args) => {
            let lang = args.lang.get();
            (whatif::whatif(args), lang)
        }
        Command::Compare(args) => {
            let lang = args.lang.get();
            (whatif::compare_versions(args), lang)
        }
        Command::Sweep(args) => {
            let lang = args.lang.get();
            (sweep::sweep_cmd(args), lang)
        }
        Command::Diff(args) => {
            let lang = args.lang.get();
            (diff::run(args), lang)
        }
        Command::Fields(args) => {
            let lang = args.lang.get();
            (schema::fields(args), lang)
        }
        Command::Schema(args) => (schema::schema(args), Lang::Zh),
        Command::Template(args) => (template::run(args), Lang::Zh),
        Command::Readings(args) => {
            let lang = args.lang.get();
            (schema::readings(args), lang)
        }
        Command::Stability(args) => {
            let lang = args.lang.get();
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
