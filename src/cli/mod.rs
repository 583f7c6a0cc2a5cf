//! The command line: argument parsing (clap stays here), exit codes, and printing problems.
//! Each subcommand has its own file.

mod check;
mod diff;
mod docs;
mod eval;
mod explain;
mod explain_error;
mod fmt;
mod init;
mod ledger;
mod new;
mod output;
mod policies;
mod reviews;
mod schema;
mod settings;
mod sweep;
mod template;
mod test;
mod whatif;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::date::Date;
use crate::diag::Diagnostic;

/// Exit codes of contract section 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
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
    about = "质量奖评定引擎 · A rules engine for quality awards",
    long_about = "质量奖评定引擎：按规则文件（TOML + Rhai）评定申报者；奖项、条文和数字都在规则文件中。\n\
Evaluates applicants for an award against versioned policy files (TOML + Rhai) that encode \
its measures article by article; the award, its articles and its numbers are all in the files.",
    after_help = "示例 Examples:\n  qaward eval examples/cohort-2024.json\n  qaward eval examples/cohort-2024.json --lang en --format json --out result.json\n  qaward policies --as-of 2023-09-01\n  qaward new --from wuxi-2024 --id wuxi-2024-a1 --effective 2025-01-01"
)]
struct Cli {
    #[command(flatten)]
    global: settings::Global,

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
    /// 新建奖项 · Start a new award: a policy with its tests, every rule a placeholder to rewrite
    Init(init::InitArgs),
    /// 检查规则文件 · Check policy files: every error and lint, with file:line:column
    Check(check::CheckArgs),
    /// 运行规则版本测试 · Run the policies' own test cases and show clause coverage
    Test(test::TestArgs),
    /// 解释评定过程 · Explain one applicant's outcome step by step, with citations
    Explain(explain::ExplainArgs),
    /// 解释诊断代码 · What a diagnostic code means and what to do, e.g. explain-error policy::weights-sum
    ExplainError(explain_error::ExplainErrorArgs),
    /// 格式化规则文件 · Normalise policy files (order, spacing, numbers), keeping comments
    Fmt(fmt::FmtArgs),
    /// 假设分析 · What if the policy were changed: who gains or loses what, and why
    ///
    /// 脚本条款（Rhai）每次评定合计最多运行 30 秒，整个命令的所有评定合计最多 120 秒；超时的条款记为无法判断并说明原因。
    /// A policy's scripts may run 30 s in all per evaluation, and 120 s in all over every evaluation the command runs; a clause that runs out of time is undetermined, with the reason.
    Whatif(whatif::WhatifArgs),
    /// 比较版本 · The same cohort under several policy versions
    ///
    /// 脚本条款（Rhai）每次评定合计最多运行 30 秒，整个命令的所有评定合计最多 120 秒；超时的条款记为无法判断并说明原因。
    /// A policy's scripts may run 30 s in all per evaluation, and 120 s in all over every evaluation the command runs; a clause that runs out of time is undetermined, with the reason.
    Compare(whatif::CompareArgs),
    /// 参数扫描 · Vary one or two numbers over a grid: where each applicant reaches each tier
    ///
    /// 脚本条款（Rhai）每次评定合计最多运行 30 秒，整个命令的所有评定合计最多 120 秒；超时的条款记为无法判断并说明原因。
    /// A policy's scripts may run 30 s in all per evaluation, and 120 s in all over every evaluation the command runs; a clause that runs out of time is undetermined, with the reason.
    Sweep(sweep::SweepArgs),
    /// 稳定性 · How often each applicant keeps its place when reviewers' scores carry noise
    ///
    /// 脚本条款（Rhai）每次评定合计最多运行 30 秒，整个命令的所有评定合计最多 120 秒；超时的条款记为无法判断并说明原因。
    /// A policy's scripts may run 30 s in all per evaluation, and 120 s in all over every evaluation the command runs; a clause that runs out of time is undetermined, with the reason.
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
    /// 命令补全 · Shell completions: bash, zsh, fish, powershell or elvish
    Completions(docs::CompletionsArgs),
    /// 手册页 · The manual page (roff), for man(1)
    Man(docs::ManArgs),
    /// 台账 · The award's memory: evaluations, candidates, objections, approvals, payments and revocations across years
    Ledger(ledger::LedgerArgs),
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

/// An argument's problem as clap shows it, in the languages `--lang` asks for (read from the
/// command line directly: clap has not finished parsing it yet).
pub fn argument_error(e: &crate::error::Error) -> String {
    let langs = settings::langs_on_command_line();
    let say = |t: &crate::diag::Text| {
        langs
            .iter()
            .map(|&l| t.get(l).to_owned())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    e.problems
        .iter()
        .map(|d| {
            let help = d
                .help
                .as_ref()
                .map(|h| format!(" — {}", say(h)))
                .unwrap_or_default();
            format!("{}{help}", say(&d.message))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| e.to_string())
}

/// Prints problems to standard error, errors first.
pub fn report(problems: &[Diagnostic]) {
    let settings = settings::get();
    let style = settings::style(std::io::stderr().is_terminal());
    let mut sorted: Vec<&Diagnostic> = problems
        .iter()
        .filter(|d| !settings.quiet || d.severity == crate::diag::Severity::Error)
        .collect();
    sorted.sort_by_key(|d| d.severity);
    for d in sorted {
        eprint!("{}", d.render(settings.langs, &style));
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
        let mut out = std::io::stdout().lock();
        return match std::io::Write::write_all(&mut out, version().as_bytes())
            .and_then(|()| std::io::Write::flush(&mut out))
        {
            // A closed pipe is the reader's choice; a full disk is reported.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                report(&[Diagnostic::error(
                    "output::write-failed",
                    crate::diag::text!(
                        format!("无法写入标准输出：{e}"),
                        format!("cannot write to standard output: {e}")
                    ),
                )]);
                Exit::BadInput.into()
            }
            _ => Exit::Done.into(),
        };
    }
    let mut cli = match Cli::try_parse() {
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
    settings::set(&cli.global);
    if let Err(e) = cli.command.take_global(&cli.global) {
        let _ = Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, e)
            .print();
        return Exit::BadInput.into();
    }
    crate::policy::script::limit_command_time(crate::policy::script::COMMAND_TIME);
    let result = match cli.command {
        Command::Eval(args) => eval::run(args),
        Command::Policies(args) => policies::run(args),
        Command::New(args) => new::run(args),
        Command::Init(args) => init::run(args),
        Command::Check(args) => check::run(args),
        Command::Test(args) => test::run_tests(args),
        Command::Explain(args) => explain::run(args),
        Command::ExplainError(args) => explain_error::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Whatif(args) => whatif::whatif(args),
        Command::Compare(args) => whatif::compare_versions(args),
        Command::Sweep(args) => sweep::sweep_cmd(args),
        Command::Diff(args) => diff::run(args),
        Command::Fields(args) => schema::fields(args),
        Command::Schema(args) => schema::schema(args),
        Command::Template(args) => template::run(args),
        Command::Readings(args) => schema::readings(args),
        Command::Stability(args) => sweep::stability_cmd(args),
        Command::Completions(args) => docs::completions(args, Cli::command()),
        Command::Man(args) => docs::man(args, Cli::command()),
        Command::Ledger(args) => ledger::run(args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(f) => {
            report(&f.problems);
            f.exit.into()
        }
    }
}

/// Parses a command line as `main` would, without running it: `Err` with clap's message for
/// a usage error. For the argument fuzz target.
pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<(), String> {
    let mut cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
    cli.command.take_global(&cli.global)
}

impl Command {
    /// Takes `--policies` and `--as-of` written before the command; one written after it wins.
    /// A command that takes neither refuses them.
    fn take_global(&mut self, global: &settings::Global) -> Result<(), String> {
        let (policies, as_of) = self.places();
        for (given, takes, flag) in [
            (global.policies.is_some(), policies.is_some(), "--policies"),
            (global.as_of.is_some(), as_of.is_some(), "--as-of"),
        ] {
            if given && !takes {
                let said = crate::diag::text!(
                    format!("{flag} 不适用于此命令"),
                    format!("{flag} does not apply to this command")
                );
                return Err(settings::langs_on_command_line()
                    .iter()
                    .map(|&l| said.get(l).to_owned())
                    .collect::<Vec<_>>()
                    .join(" / "));
            }
        }
        if let Some(p) = policies.filter(|p| p.is_none()) {
            p.clone_from(&global.policies);
        }
        if let Some(d) = as_of.filter(|d| d.is_none()) {
            *d = global.as_of;
        }
        Ok(())
    }

    /// Where this command keeps its policy directory and its reference date, if it has them.
    #[allow(clippy::type_complexity)]
    fn places(
        &mut self,
    ) -> (
        Option<&mut Option<std::path::PathBuf>>,
        Option<&mut Option<Date>>,
    ) {
        match self {
            Command::Eval(a) => (Some(&mut a.choose.policies), Some(&mut a.choose.as_of)),
            Command::Explain(a) => (Some(&mut a.choose.policies), Some(&mut a.choose.as_of)),
            Command::Whatif(a) => (Some(&mut a.choose.policies), Some(&mut a.choose.as_of)),
            Command::Sweep(a) => (Some(&mut a.choose.policies), Some(&mut a.choose.as_of)),
            Command::Stability(a) => (Some(&mut a.choose.policies), Some(&mut a.choose.as_of)),
            Command::Compare(a) => (Some(&mut a.policies), Some(&mut a.as_of)),
            Command::Policies(a) => (Some(&mut a.policies), Some(&mut a.as_of)),
            Command::Check(a) => (Some(&mut a.policies), None),
            Command::Test(a) => (Some(&mut a.policies), None),
            Command::New(a) => (Some(&mut a.policies), None),
            Command::Init(a) => (Some(&mut a.policies), None),
            Command::Diff(a) => (Some(&mut a.policies), None),
            Command::Ledger(a) => (Some(&mut a.policies), None),
            Command::Fields(a) => (Some(&mut a.which.policies), Some(&mut a.which.as_of)),
            Command::Readings(a) => (Some(&mut a.which.policies), Some(&mut a.which.as_of)),
            Command::Template(a) => (Some(&mut a.which.policies), Some(&mut a.which.as_of)),
            Command::Schema(a) => match &mut a.what {
                schema::SchemaOf::Cohort(w) => (Some(&mut w.policies), Some(&mut w.as_of)),
                _ => (None, None),
            },
            Command::Fmt(_)
            | Command::Completions(_)
            | Command::Man(_)
            | Command::ExplainError(_) => (None, None),
        }
    }
}
