//! `qaward diff OLD NEW`: what changed between two policy versions, in the regulation's terms,
//! and (with `--cohort`) who it changes things for. OLD and NEW are policy ids, policy
//! directories, or `ID@REV` — the policy as it was at a git revision of the policy directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{output, Exit, Failure, LangOpt};
use crate::cohort::{check_scores, read_cohort};
use crate::compare::{compare, render_text as render_comparison, Comparison};
use crate::diag::Diagnostic;
use crate::diff::{diff, render_html, render_text, PolicyDiff};
use crate::eval::{evaluate, Options};
use crate::policy::load::{load_policy_with, PolicyFiles, POLICY_FILE};
use crate::policy::store::{Origin, Store};
use crate::policy::Policy;
use crate::text;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown, ready for a memo.
    Md,
    /// JSON (qaward.diff.v1, schemas/diff.schema.json).
    Json,
    /// One self-contained HTML page, readable when printed.
    Html,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward diff wuxi-2017 wuxi-2024
  qaward diff wuxi-2024@HEAD~1 wuxi-2024 --lang en
  qaward diff wuxi-2024 examples/amendments/wuxi-2024-rank5 --cohort examples/cohort-2024.json --format html > diff.html
  qaward diff wuxi-2024 wuxi-2024 --exit-code")]
pub struct DiffArgs {
    /// 旧版本 · The old version: an id, a policy directory, or ID@REV (a git revision), e.g. wuxi-2017
    #[arg(value_name = "OLD")]
    pub old: String,

    /// 新版本 · The new version, in the same forms, e.g. wuxi-2024
    #[arg(value_name = "NEW")]
    pub new: String,

    /// 策略目录 · Where ids are looked up, e.g. --policies ./policies
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 申报名单 · Also show the impact on this cohort, e.g. --cohort examples/cohort-2024.json
    #[arg(long, value_name = "FILE")]
    pub cohort: Option<PathBuf>,

    /// 有差异时退出码为 1 · Exit 1 when the versions differ (like git diff --exit-code)
    #[arg(long)]
    pub exit_code: bool,

    /// 输出格式 · Output format, e.g. --format md
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    #[command(flatten)]
    pub lang: LangOpt,
}

fn refuse(code: &'static str, zh: String, en: String, help: (&str, &str)) -> Failure {
    Failure::bad_input(vec![
        Diagnostic::error(code, text!(zh, en)).help(text!(help.0, help.1))
    ])
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// The files of policy `id` in `dir` as they were at git revision `rev`.
fn files_at(dir: &Path, id: &str, rev: &str) -> Result<PolicyFiles, String> {
    let listing = git(dir, &["ls-tree", "--name-only", rev, &format!("{id}/")])?;
    let mut files = std::collections::BTreeMap::new();
    for path in String::from_utf8_lossy(&listing).lines() {
        let name = path.rsplit('/').next().unwrap_or(path).to_owned();
        if name == POLICY_FILE || name.ends_with(".rhai") {
            let text = git(dir, &["show", &format!("{rev}:./{id}/{name}")])?;
            files.insert(name, String::from_utf8_lossy(&text).into_owned());
        }
    }
    if !files.contains_key(POLICY_FILE) {
        return Err(format!("{id}/{POLICY_FILE} does not exist at {rev}"));
    }
    Ok(PolicyFiles {
        origin: dir.join(id),
        files,
    })
}

/// Loads OLD or NEW as the user named it; returns the policy and its label.
fn resolve(spec: &str, store: &Store) -> Result<(Policy, String), Failure> {
    if let Some((id, rev)) = spec.rsplit_once('@') {
        let dir = match &store.origin {
            Origin::Flag(d) | Origin::Env(d) | Origin::WorkingDir(d) => d.clone(),
            Origin::Embedded => {
                return Err(refuse(
                    "diff::no-repository",
                    "内置策略没有 git 历史".into(),
                    "the built-in policies have no git history".into(),
                    (
                        "用 --policies 指向 git 仓库中的策略目录。",
                        "point --policies at a policy directory inside a git repository",
                    ),
                ))
            }
        };
        let files = files_at(&dir, id, rev).map_err(|e| {
            refuse(
                "diff::revision",
                format!("无法读取 {spec}：{e}"),
                format!("cannot read {spec}: {e}"),
                ("ID@REV 中的 REV 是策略目录所在 git 仓库的修订（如 HEAD~1、标签或提交号）。", "REV in ID@REV is a revision of the git repository holding the policy directory (HEAD~1, a tag, a commit)"),
            )
        })?;
        let policy = load_policy_with(&files, &|base| files_at(&dir, base, rev).ok())
            .map_err(|e| Failure::bad_input(e.problems))?;
        return Ok((policy, spec.to_owned()));
    }
    let path = Path::new(spec);
    if path.join(POLICY_FILE).is_file() {
        // An amendment finds its base beside it, else among the policies.
        let files = PolicyFiles::read_dir(path).map_err(|e| Failure::bad_input(e.problems))?;
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let bases = |id: &str| {
            PolicyFiles::read_dir(&parent.join(id))
                .ok()
                .or_else(|| store.policies.get(id).cloned())
        };
        let policy =
            load_policy_with(&files, &bases).map_err(|e| Failure::bad_input(e.problems))?;
        return Ok((policy, spec.to_owned()));
    }
    let policy = store
        .load(spec)
        .map_err(|e| Failure::bad_input(e.diagnostics()))?;
    Ok((policy, spec.to_owned()))
}

#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    diff: &'a PolicyDiff,
    impact: Option<&'a Comparison>,
}

pub fn run(args: DiffArgs) -> Result<Exit, Failure> {
    let lang = args.lang.get();
    let store =
        Store::locate(args.policies.as_deref()).map_err(|e| Failure::bad_input(e.diagnostics()))?;
    let (old, old_label) = resolve(&args.old, &store)?;
    let (new, new_label) = resolve(&args.new, &store)?;
    let d = diff(&old, &new, &old_label, &new_label);
    let impact = match &args.cohort {
        None => None,
        Some(path) => {
            let cohort = read_cohort(path).map_err(|e| Failure::bad_input(e.problems))?;
            for p in [&old, &new] {
                let problems = check_scores(&cohort, p.scoring.total);
                if !problems.is_empty() {
                    return Err(Failure::bad_input(problems));
                }
            }
            let options = Options::default();
            let (a, b) = (
                evaluate(&old, &cohort, &options),
                evaluate(&new, &cohort, &options),
            );
            Some(compare(&a, &b, &old_label, &new_label, lang))
        }
    };
    let content = match args.format {
        Format::Text | Format::Md => {
            let md = matches!(args.format, Format::Md);
            let mut out = render_text(&d, lang, md);
            if let Some(c) = &impact {
                out.push('\n');
                out.push_str(&render_comparison(c, lang, md));
            }
            out
        }
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&Report {
                diff: &d,
                impact: impact.as_ref(),
            })
            .unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Html => render_html(
            &d,
            lang,
            impact
                .as_ref()
                .map(|c| render_comparison(c, lang, false))
                .as_deref(),
        ),
    };
    output::write(None, &content, &[]).map_err(|e| Failure::bad_input(vec![*e]))?;
    Ok(if args.exit_code && !d.changes.is_empty() {
        Exit::Problems
    } else {
        Exit::Done
    })
}
