//! `qaward whatif` and `qaward compare`: the same cohort under a changed policy, or under
//! several policy versions, and who gains or loses what, and why.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::eval::prepare;
use super::{output, parse_date, Choose, Exit, Failure};
use crate::cohort::CohortFile;
use crate::compare::{compare, Comparison};
use crate::date::Date;
use crate::diag::text;
use crate::diag::{Lang, Text};
use crate::engine::check_cohort;
use crate::eval::evaluate;
use crate::policy::overrides::Override;
use crate::policy::store::Store;
use crate::render;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// For people.
    #[value(name = "text", alias = "table")]
    Table,
    /// For programs.
    Json,
    /// Markdown, ready for a memo.
    Md,
    /// A row per applicant that changes, CSV UTF-8 with a BOM (opens in Excel in Chinese); a cell that a spreadsheet would run as a formula is written as text.
    Csv,
    /// A paper for the committee: one self-contained HTML page, with who moves between tiers.
    Html,
}

fn parse_set(s: &str) -> Result<Override, String> {
    Override::parse(s).map_err(|e| super::argument_error(&e))
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward whatif examples/cohort-2024.json --set tiers.award.quota=6
  qaward whatif examples/cohort-2024.json --set stages.site.weight=0.45 --set stages.material.weight=0.35
  qaward whatif examples/cohort-2024.json --set params.industry_rank_limit=5 --lang en --format md
  qaward whatif examples/reviews/cohort-2024.json --reviews examples/reviews/reviews-2024.json --set stages.site.aggregate=median
  qaward whatif examples/reviews/cohort-2024.json --reviews examples/reviews/reviews-2024.json --without-reviewer S5
Paths: params.NAME, params.NAME.verified, tiers.ID.quota|threshold|amount, stages.ID.weight|aggregate|min_panel,
reviewers.disqualified_scores, shortlist.size, publicity.days, conditions.ID.enabled, …")]
pub struct WhatifArgs {
    /// 申报名单 · The cohort file, e.g. examples/cohort-2024.json
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,

    /// 修改 · A change to the policy, PATH=VALUE, e.g. --set tiers.award.quota=6 (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_set, required_unless_present = "without_reviewer")]
    pub sets: Vec<Override>,

    /// 评审员评分 · Derive each panel stage's score from the reviewers' scores in this file (JSON, or a workbook's score sheets), before and after the change
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::reviews::THE_COHORT)]
    pub reviews: Option<PathBuf>,

    /// 去掉评审员 · Leave this reviewer's scores out of the changed evaluation, e.g. --without-reviewer S5 (repeatable; needs --reviews)
    #[arg(long, value_name = "ID", requires = "reviews")]
    pub without_reviewer: Vec<String>,

    /// 输出格式 · Output format, e.g. --format md
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    /// 全部列出 · Also list the applicants whose rank or total only moved
    #[arg(long)]
    pub all: bool,

    /// 输出文件 · Write to this file (atomically; never over an input) instead of standard output, e.g. --out paper.html
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub choose: Choose,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward compare examples/cohort-2024.json --policy wuxi-2017 --policy wuxi-2024
  qaward compare examples/cohort-2024.json --policy wuxi-2024 --policy wuxi-2024-a1 --format json")]
pub struct CompareArgs {
    /// 申报名单 · The cohort file, e.g. examples/cohort-2024.json
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,

    /// 规则版本（至少两个，按顺序比较） · Policies to compare in order, at least two, e.g. --policy wuxi-2017 --policy wuxi-2024
    #[arg(long = "policy", value_name = "ID", required = true, num_args = 1)]
    pub policies_to_compare: Vec<String>,

    /// 规则目录 · Directory of policies, e.g. --policies ./policies
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 参考日期 · Reference date for the notices of validity, e.g. --as-of 2024-09-01
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// 输出格式 · Output format, e.g. --format md
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    /// 全部列出 · Also list the applicants whose rank or total only moved
    #[arg(long)]
    pub all: bool,

    /// 输出文件 · Write to this file (atomically; never over an input) instead of standard output, e.g. --out paper.html
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn whatif(args: WhatifArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let (store, mut case) = prepare(&args.cohort, &args.choose)?;
    let reviews = super::reviews::path(args.reviews.as_deref(), &args.cohort);
    let mut read = output::read_paths(Some(&args.cohort), Some(&store));
    read.extend(reviews.clone());
    let inputs: Vec<&std::path::Path> = read.iter().map(PathBuf::as_path).collect();
    let variant = store.load_variant(&case.policy.meta.id, &args.sets)?;
    // With reviewers' scores, each side derives its stage scores by its own rule (and the
    // changed side without the reviewers left out).
    let mut panels = None;
    let changed = match &reviews {
        Some(path) => {
            let reviews = crate::reviews::Reviews::read(path, &case.policy)?;
            let mut changed = case.cohort.clone();
            panels = Some(reviews.apply(&case.policy, &mut case.cohort, &[])?);
            reviews.apply(&variant, &mut changed, &args.without_reviewer)?;
            Some(changed)
        }
        None => None,
    };
    let baseline = &case.policy;
    let changed_cohort = changed.as_ref().unwrap_or(&case.cohort);
    check_cohort(&variant, changed_cohort).map_err(|e| e.in_file(&args.cohort))?;
    let (before, after) = (
        case.evaluate(),
        evaluate(&variant, changed_cohort, &case.options),
    );
    let mut sets: Vec<String> = args.sets.iter().map(|s| s.to_string()).collect();
    sets.extend(
        args.without_reviewer
            .iter()
            .map(|r| format!("--without-reviewer {r}")),
    );
    // The change said in the regulation's terms (提名奖名额 10 → 5), not in --set syntax.
    let mut said: Vec<Text> = crate::diff::diff(baseline, &variant, &baseline.meta.id, "")
        .changes
        .into_iter()
        .map(|ch| ch.sentence)
        .collect();
    said.extend(args.without_reviewer.iter().map(|r| {
        text!(
            format!("去掉评审员 {r} 的评分"),
            format!("reviewer {r}'s scores left out")
        )
    }));
    let in_words = if said.is_empty() {
        text!(sets.join("；"), sets.join("; "))
    } else {
        text!(
            said.iter()
                .map(|t| t.zh.as_str())
                .collect::<Vec<_>>()
                .join("；"),
            said.iter()
                .map(|t| t.en.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let label = text!(
        format!("假设：{}", in_words.zh),
        format!("what if: {}", in_words.en)
    );
    let mut comparison = compare(
        &before,
        &after,
        baseline.meta.title.get(lang),
        label.get(lang),
    );
    // A reviewer left out: what they gave each applicant who moved, beside the others.
    if let Some(p) = &panels {
        left_out_why(
            &mut comparison,
            p,
            baseline,
            &case.cohort,
            &args.without_reviewer,
        );
    }
    let mut notices = crate::notices::unverified(&[baseline]);
    notices.extend(crate::notices::beyond_the_committee(baseline, &variant));
    // The result's own warnings travel with it (a provisional cut-off, a value outside its
    // list), the unverified items being said above already.
    notices.extend(
        before
            .warnings
            .iter()
            .filter(|w| baseline.unverified_note.as_ref() != Some(*w))
            .cloned(),
    );
    // With reviewers' scores, the changed side's own warnings too (a panel left too small by
    // the change), said as the change's.
    if changed.is_some() {
        notices.extend(
            after
                .warnings
                .iter()
                .filter(|w| {
                    !before.warnings.contains(w) && variant.unverified_note.as_ref() != Some(*w)
                })
                .map(|w| {
                    text!(
                        format!("改动后：{}", w.zh),
                        format!("after the change: {}", w.en)
                    )
                }),
        );
    }
    output::write(
        args.out.as_deref(),
        &report(
            &Paper {
                title: text!(
                    format!("假设分析：{}", in_words.zh),
                    format!("What if: {}", in_words.en)
                ),
                policies: vec![baseline],
                changes: sets,
                cohort: &args.cohort,
            },
            &notices,
            &[comparison],
            args.format,
            lang,
            args.all,
        ),
        &inputs,
    )
    .map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

pub fn compare_versions(args: CompareArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    if args.policies_to_compare.len() < 2 {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "compare::one-policy",
            text!(
                "至少需要两个 --policy",
                "compare needs at least two --policy"
            ),
        )
        .help(text!(
            "例如 --policy wuxi-2017 --policy wuxi-2024。",
            "for example --policy wuxi-2017 --policy wuxi-2024"
        ))]));
    }
    let file = CohortFile::read(&args.cohort)?;
    let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
    let read = output::read_paths(Some(&args.cohort), Some(&store));
    let inputs: Vec<&std::path::Path> = read.iter().map(PathBuf::as_path).collect();
    let reference = args.as_of.unwrap_or(
        file.cycle()
            .map_err(|e| e.in_file(&args.cohort))?
            .application_deadline,
    );
    let mut cases = Vec::new();
    let mut notices = Vec::new();
    for id in &args.policies_to_compare {
        // Each version reads the cohort by its own declarations, as a case of its own.
        let choice = crate::engine::Choice {
            policy: Some(id.clone()),
            as_of: args.as_of,
            ignore_validity: true,
        };
        let case = crate::engine::Case::open(&store, &file, &choice)
            .map_err(|e| e.in_file(&args.cohort))?;
        let p = &case.policy;
        if !p.meta.in_force_on(reference) {
            notices.push(text!(
                format!("注意：`{}` 在参考日期 {reference} 不在有效期内（{}），仍按其规则比较。", p.meta.id, p.meta.window().zh),
                format!("note: `{}` is not in force on the reference date {reference} ({}); compared under its rules anyway", p.meta.id, p.meta.window().en)
            ));
        }
        cases.push(case);
    }
    let compared: Vec<&crate::policy::Policy> = cases.iter().map(|c| &c.policy).collect();
    notices.extend(crate::notices::unverified(&compared));
    let outcomes: Vec<_> = cases.iter().map(crate::engine::Case::evaluate).collect();
    let comparisons: Vec<Comparison> = outcomes
        .windows(2)
        .map(|w| compare(&w[0], &w[1], &w[0].policy.meta.id, &w[1].policy.meta.id))
        .collect();
    output::write(
        args.out.as_deref(),
        &report(
            &Paper {
                title: text!(
                    format!("版本比较：{}", args.policies_to_compare.join(" → ")),
                    format!(
                        "Versions compared: {}",
                        args.policies_to_compare.join(" → ")
                    )
                ),
                policies: compared.clone(),
                changes: Vec::new(),
                cohort: &args.cohort,
            },
            &notices,
            &comparisons,
            args.format,
            lang,
            args.all,
        ),
        &inputs,
    )
    .map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

/// The comparisons in the format asked for.
/// What a what-if or comparison paper says it rests on.
struct Paper<'a> {
    title: Text,
    policies: Vec<&'a crate::policy::Policy>,
    changes: Vec<String>,
    cohort: &'a std::path::Path,
}

impl Paper<'_> {
    fn header(&self, lang: Lang) -> Vec<(String, String)> {
        let mut rows = Vec::new();
        for p in &self.policies {
            let mut s = format!("{}（{}）", p.meta.title.get(lang), p.meta.id);
            if let Some(doc) = &p.meta.document {
                s.push_str(&format!("，{doc}"));
            }
            rows.push((lang.pick("规则版本", "Policy").to_owned(), s));
            rows.push((
                lang.pick("规则摘要", "Policy digest").to_owned(),
                p.digest.clone(),
            ));
        }
        if !self.changes.is_empty() {
            rows.push((
                lang.pick("假设的改动", "Changed for this run").to_owned(),
                self.changes.join("; "),
            ));
        }
        let name = self
            .cohort
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        rows.push((lang.pick("申报名单", "Cohort").to_owned(), name));
        rows.push((
            lang.pick("程序版本", "Engine").to_owned(),
            format!("qaward {}", env!("CARGO_PKG_VERSION")),
        ));
        rows
    }
}

fn report(
    paper: &Paper<'_>,
    notices: &[Text],
    comparisons: &[Comparison],
    format: Format,
    lang: Lang,
    all: bool,
) -> String {
    match format {
        Format::Html => render::html::compare::render(
            paper.title.get(lang),
            &paper.header(lang),
            notices,
            comparisons,
            lang,
        ),
        Format::Json => render::compare::report_json(notices, comparisons, lang),
        Format::Table => render::compare::report_text(notices, comparisons, lang, false, all),
        Format::Md => render::compare::report_text(notices, comparisons, lang, true, all),
        Format::Csv => render::compare::report_csv(comparisons, lang),
    }
}

/// For a what-if that leaves reviewers out: beside each applicant that moved, what each
/// left-out reviewer gave it at a stage, against the range of the others' totals.
fn left_out_why(
    comparison: &mut crate::compare::Comparison,
    panels: &crate::reviews::Panels,
    policy: &crate::policy::Policy,
    cohort: &crate::cohort::Cohort,
    without: &[String],
) {
    use crate::decimal::show;
    if without.is_empty() {
        return;
    }
    for change in &mut comparison.changes {
        let Some(a) = cohort.applicants.iter().position(|x| x.id == change.id) else {
            continue;
        };
        for ((_, st), j) in panels.judged.range((a, 0)..(a + 1, 0)) {
            let title = &policy.stages[*st].title;
            let others: Vec<rust_decimal::Decimal> = j
                .sheets
                .iter()
                .filter(|s| s.dropped.is_none() && !without.contains(&s.reviewer))
                .map(crate::reviews::panel::Sheet::total)
                .collect();
            let (Some(lo), Some(hi)) = (others.iter().min(), others.iter().max()) else {
                continue;
            };
            for s in j.sheets.iter().filter(|s| without.contains(&s.reviewer)) {
                let (t, lo, hi) = (show(s.total()), show(*lo), show(*hi));
                change.why.push(text!(
                    format!(
                        "去掉的评审员 {} 给其{}总分 {t}（其余评审员 {lo}–{hi}）",
                        s.reviewer, title.zh
                    ),
                    format!(
                        "{} (left out) gave it {t} for {} (the other reviewers {lo}–{hi})",
                        s.reviewer, title.en
                    )
                ));
            }
        }
    }
}
