//! `qaward diff OLD NEW`: what changed between two policy versions, in the regulation's terms,
//! and (with `--cohort`) who it changes things for. OLD and NEW are policy ids, policy
//! directories, or `ID@REV` — the policy as it was at a git revision of the policy directory.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{output, Exit, Failure};
use crate::cohort::CohortFile;
use crate::compare::compare;
use crate::diff::diff;
use crate::engine::check_cohort;
use crate::eval::{evaluate, Options};
use crate::policy::store::Store;
use crate::render;
use crate::render::diff::render_text;

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

    /// 规则目录 · Where ids are looked up, e.g. --policies ./policies
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 申报名单 · Also show the impact on this cohort, e.g. --cohort examples/cohort-2024.json
    #[arg(long, value_name = "FILE")]
    pub cohort: Option<PathBuf>,

    /// 评审员评分 · With --cohort: make the panel stages' scores from these reviewers' scores, each version by its own rule (--reviews alone: the cohort workbook's own)
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::reviews::THE_COHORT, requires = "cohort")]
    pub reviews: Option<PathBuf>,

    /// 有差异时退出码为 1 · Exit 1 when the versions differ (like git diff --exit-code)
    #[arg(long)]
    pub exit_code: bool,

    /// 只列规则改动 · Leave out the changes to provenance and metadata
    #[arg(long)]
    pub rules_only: bool,

    /// 输出格式 · Output format, e.g. --format md
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    /// 输出文件 · Write to this file (atomically; never over an input) instead of standard output, e.g. --out paper.html
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: DiffArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
    let (old, old_label) = (store.open(&args.old)?, args.old.clone());
    let (new, new_label) = (store.open(&args.new)?, args.new.clone());
    let d = diff(&old, &new, &old_label, &new_label);
    let impact = match &args.cohort {
        None => None,
        Some(path) => {
            let file = CohortFile::read(path)?;
            // Each version reads the cohort by its own declarations.
            let reviews = super::reviews::path(args.reviews.as_deref(), path);
            let read = |p| -> Result<_, Failure> {
                let mut cohort = file.bind(p).map_err(|e| e.in_file(path))?;
                // With reviewers' scores, each version makes the scores by its own panels.
                if let Some(r) = &reviews {
                    crate::reviews::Reviews::read(r, p)?.apply(p, &mut cohort, &[])?;
                }
                check_cohort(p, &cohort).map_err(|e| e.in_file(path))?;
                Ok(cohort)
            };
            let (before, after) = (read(&old)?, read(&new)?);
            let options = Options::default();
            let (a, b) = (
                evaluate(&old, &before, &options),
                evaluate(&new, &after, &options),
            );
            Some(compare(&a, &b, &old_label, &new_label))
        }
    };
    // What either version takes on trust (wuxi-2017's items copied from 2024), said first, as
    // compare says it: a change not listed may hide behind an assumption.
    let notices = crate::notices::unverified(&[&old, &new]);
    let content = match args.format {
        Format::Text | Format::Md => {
            let md = matches!(args.format, Format::Md);
            let mut out: String = notices
                .iter()
                .map(|n| format!("{}{}\n", if md { "> " } else { "! " }, n.get(lang)))
                .collect();
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&render_text(&d, lang, md, args.rules_only));
            if let Some(c) = &impact {
                out.push('\n');
                out.push_str(&render::compare::text(c, lang, md, false));
            }
            out
        }
        Format::Json => render::diff::json(&d, impact.as_ref(), lang),
        Format::Html => {
            let name = args
                .cohort
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            render::html::diff::render(
                &d,
                &old,
                &new,
                impact.as_ref().map(|c| (c, name.as_str())),
                &notices,
                lang,
            )
        }
    };
    // Never over what was read: the cohort, the policy directory, a policy given by its path.
    let mut read = output::read_paths(args.cohort.as_deref(), Some(&store));
    read.extend(args.reviews.clone().filter(|r| r.exists()));
    read.extend(
        [&args.old, &args.new]
            .into_iter()
            .map(|v| PathBuf::from(v.split('@').next().unwrap_or(v)))
            .filter(|p| p.exists()),
    );
    let inputs: Vec<&std::path::Path> = read.iter().map(PathBuf::as_path).collect();
    output::write(args.out.as_deref(), &content, &inputs)
        .map_err(|e| Failure::bad_input(vec![*e]))?;
    Ok(if args.exit_code && !d.changes.is_empty() {
        Exit::Problems
    } else {
        Exit::Done
    })
}
