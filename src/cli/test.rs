//! `qaward test`: run the policies' own test cases, show expected-versus-actual for failures,
//! then clause coverage: which clauses the cases have seen true, false and unknown.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::{output, Exit, Failure};
use crate::policy::store::Store;
use crate::render;
use crate::testing::{run, test_files};

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward test
  qaward test wuxi-2024 --min-coverage 100
  qaward test --lang en
Test files live in policies/<id>/tests/*.toml; see the README for their form.")]
pub struct TestArgs {
    /// 规则版本编号 · Policy ids to test (default: every policy that has tests)
    #[arg(value_name = "POLICY")]
    pub targets: Vec<String>,

    /// 规则目录 · Directory of policies, e.g. --policies ./policies
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 最低覆盖率 · Fail when fewer than this percentage of clause outcomes (true, false, unknown) are covered, e.g. --min-coverage 100
    #[arg(long, value_name = "PCT")]
    pub min_coverage: Option<f64>,
}

pub fn run_tests(args: TestArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    if let Some(min) = args.min_coverage.filter(|m| !(0.0..=100.0).contains(m)) {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "test::min-coverage",
            crate::text!(
                format!("--min-coverage 须是 0 至 100 之间的百分比，实为 {min}"),
                format!("--min-coverage takes a percentage from 0 to 100, not {min}")
            ),
        )
        .help(crate::text!(
            "例如 --min-coverage 100。",
            "for example --min-coverage 100"
        ))]));
    }
    let style = super::settings::style(std::io::stdout().is_terminal());
    let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
    let dir_of = |id: &str| store.policies.get(id).map(|f| f.origin.clone());
    let ids: Vec<String> = if args.targets.is_empty() {
        store
            .policies
            .keys()
            .filter(|id| dir_of(id).is_some_and(|d| !test_files(&d).is_empty()))
            .cloned()
            .collect()
    } else {
        args.targets.clone()
    };
    let mut out = String::new();
    let (mut passed, mut failed, mut low) = (0, 0, Vec::new());
    let mut problems = Vec::new();
    for id in &ids {
        let policy = store.load(id).map_err(Failure::from)?;
        let dir = dir_of(id).unwrap_or_default();
        let files = test_files(&dir);
        let result = run(&policy, &files);
        let tally =
            render::test::policy_run(&mut out, id, &dir, files.len(), &result, lang, &style);
        problems.extend(result.problems);
        passed += tally.passed;
        failed += tally.failed;
        let pct = tally.percent;
        if args.min_coverage.is_some_and(|min| pct < min) {
            low.push(format!("{id} {pct:.1}%"));
        }
    }
    if !low.is_empty() {
        let min = args.min_coverage.unwrap_or_default();
        let _ = writeln!(
            out,
            "{}{} {min}%: {}{}",
            style.red,
            lang.pick("覆盖率低于", "coverage below"),
            low.join(", "),
            style.reset
        );
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    output::write(None, &out, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    if !problems.is_empty() {
        return Err(Failure::bad_input(problems));
    }
    Ok(if failed > 0 || !low.is_empty() {
        Exit::Problems
    } else {
        Exit::Done
    })
}
