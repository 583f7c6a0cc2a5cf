//! The policies' own test runs for people: each case ✓ or ✗ with expected against actual, and
//! the clause coverage with what was never seen.

use std::fmt::Write as _;
use std::path::Path;

use crate::diag::{Lang, Style};
use crate::testing::{Run, Seen};

fn marks(s: Seen, style: &Style) -> String {
    let one = |seen: bool, c: &str| {
        if seen {
            format!("{}{c}{}", style.green, style.reset)
        } else {
            format!("{}·{}", style.red, style.reset)
        }
    };
    format!(
        "{}{}{}",
        one(s.truth, "T"),
        one(s.falsity, "F"),
        one(s.unknown, "?")
    )
}

/// What one policy's run showed: cases passed and failed, and the share of clause outcomes
/// covered (in per cent).
pub(crate) struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub percent: f64,
}

/// Writes one policy's run: its heading, each case, and the coverage.
pub(crate) fn policy_run(
    out: &mut String,
    id: &str,
    dir: &Path,
    files: usize,
    result: &Run,
    lang: Lang,
    style: &Style,
) -> Tally {
    let (mut passed, mut failed) = (0, 0);
    let _ = writeln!(
        *out,
        "{}{id}{} ({}, {} {})",
        style.bold,
        style.reset,
        dir.join("tests").display(),
        files,
        lang.pick("个文件", "file(s)")
    );
    if files == 0 {
        let _ = writeln!(out, "  {}", lang.pick("没有测试用例", "no test cases"));
    }
    for case in &result.cases {
        let file = case
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if case.failures.is_empty() {
            passed += 1;
            let _ = writeln!(
                out,
                "  {}✓{} {file} › {}",
                style.green, style.reset, case.name
            );
        } else {
            failed += 1;
            let _ = writeln!(
                out,
                "  {}✗{} {file} › {}",
                style.red, style.reset, case.name
            );
            for f in &case.failures {
                let _ = writeln!(out, "      {}", f.get(lang));
            }
        }
    }
    let cov = &result.coverage;
    let _ = writeln!(
        *out,
        "  {}",
        lang.pick(
            "覆盖（T 真 · F 假 · ? 未知）:",
            "coverage (T true · F false · ? unknown):"
        )
    );
    let mut missing = Vec::new();
    for (cid, seen, clauses) in &cov.conditions {
        let detail: Vec<String> = clauses
            .iter()
            .map(|(k, s)| format!("{k} {}", marks(*s, style)))
            .collect();
        let _ = writeln!(
            out,
            "    {cid:<11} {}   {}",
            marks(*seen, style),
            detail.join("  ")
        );
        for (k, s) in clauses {
            let absent: Vec<&str> = [
                (s.truth, "true"),
                (s.falsity, "false"),
                (s.unknown, "unknown"),
            ]
            .into_iter()
            .filter(|(ok, _)| !ok)
            .map(|(_, what)| what)
            .collect();
            if !absent.is_empty() {
                missing.push(format!("{cid}/{k} ({})", absent.join(", ")));
            }
        }
    }
    let (seen, all) = cov.clause_totals();
    let pct = cov.percent();
    let _ = writeln!(
        *out,
        "  {} {seen}/{all} ({pct:.1}%)",
        lang.pick("子句结果覆盖", "clause outcomes covered")
    );
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "  {} {}",
            lang.pick("未覆盖：", "not seen:"),
            missing.join(", ")
        );
    }
    Tally {
        passed,
        failed,
        percent: pct,
    }
}
