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
    /// 规则版本编号 · Policy ids to test (default: every policy and amendment; an amendment also runs the cases of its bases that still hold under it)
    #[arg(value_name = "POLICY")]
    pub targets: Vec<String>,

    /// 规则目录 · Directory of policies, e.g. --policies ./policies
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 最低覆盖率 · Fail when fewer than this percentage of clause outcomes (true, false, unknown) are covered, e.g. --min-coverage 100
    #[arg(long, value_name = "PCT")]
    pub min_coverage: Option<f64>,
}

/// The test files an amendment inherits: those of its bases, nearest first, less any whose
/// name a nearer policy's file (or its own) already has; each with the base it comes from.
fn inherited_files(
    store: &Store,
    policy: &crate::policy::Policy,
    own: &[PathBuf],
) -> Vec<(PathBuf, String)> {
    let mut names: Vec<std::ffi::OsString> = own
        .iter()
        .filter_map(|f| f.file_name().map(Into::into))
        .collect();
    let mut out = Vec::new();
    let mut seen = vec![policy.meta.id.clone()];
    let mut base = policy.meta.extends.clone();
    while let Some(id) = base.filter(|b| !seen.contains(b)) {
        let Some(files) = store.policies.get(&id) else {
            break;
        };
        for f in test_files(&files.origin) {
            let name = f.file_name().map(std::ffi::OsString::from);
            if name.as_ref().is_some_and(|n| !names.contains(n)) {
                names.extend(name);
                out.push((f, id.clone()));
            }
        }
        seen.push(id.clone());
        base = store.load(&id).ok().and_then(|p| p.meta.extends.clone());
    }
    out
}

pub fn run_tests(args: TestArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    if let Some(min) = args.min_coverage.filter(|m| !(0.0..=100.0).contains(m)) {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "test::min-coverage",
            crate::diag::text!(
                format!("--min-coverage 须是 0 至 100 之间的百分比，实为 {min}"),
                format!("--min-coverage takes a percentage from 0 to 100, not {min}")
            ),
        )
        .help(crate::diag::text!(
            "例如 --min-coverage 100。",
            "for example --min-coverage 100"
        ))]));
    }
    let style = super::settings::style(std::io::stdout().is_terminal());
    let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
    let dir_of = |id: &str| store.policies.get(id).map(|f| f.origin.clone());
    // Every policy and amendment is tested, and gated, on its own: an amendment with no cases
    // is not covered by its base's run.
    let ids: Vec<String> = if args.targets.is_empty() {
        store.policies.keys().cloned().collect()
    } else {
        args.targets.clone()
    };
    let mut out = String::new();
    let (mut passed, mut failed, mut low) = (0, 0, Vec::new());
    let mut problems = Vec::new();
    for id in &ids {
        let policy = store.load(id).map_err(Failure::from)?;
        let dir = dir_of(id).unwrap_or_default();
        let own = test_files(&dir);
        // An amendment inherits the cases of its bases (nearest first, a file of the same
        // name shadowed) and keeps those that still hold under it.
        let inherited = inherited_files(&store, &policy, &own);
        let mut files = own.clone();
        files.extend(inherited.iter().map(|(f, _)| f.clone()));
        let mut result = run(&policy, &files);
        let mut stale: Vec<String> = Vec::new();
        result.cases.retain(|case| {
            let from = inherited.iter().find(|(f, _)| *f == case.file);
            match from {
                Some((_, base)) if !case.failures.is_empty() => {
                    stale.push(format!("{base}: {}", case.name));
                    false
                }
                _ => true,
            }
        });
        let tally =
            render::test::policy_run(&mut out, id, &dir, files.len(), &result, lang, &style);
        if !inherited.is_empty() {
            let mut bases: Vec<&str> = inherited.iter().map(|(_, b)| b.as_str()).collect();
            bases.dedup();
            let _ = writeln!(
                out,
                "  {}",
                lang.pick(
                    format!(
                        "其中 {} 个测试文件继承自 {}；在本修正案下不再成立的用例不计（{} 个）{}",
                        inherited.len(),
                        bases.join("、"),
                        stale.len(),
                        if stale.is_empty() { String::new() } else { format!("：{}", stale.join("；")) }
                    ),
                    format!(
                        "{} test file(s) inherited from {}; cases that no longer hold under this amendment are not counted ({}){}",
                        inherited.len(),
                        bases.join(", "),
                        stale.len(),
                        if stale.is_empty() { String::new() } else { format!(": {}", stale.join("; ")) }
                    )
                )
            );
        }
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
