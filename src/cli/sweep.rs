//! `qaward sweep` (a grid of one or two varied numbers: where each applicant reaches each tier)
//! and `qaward stability` (how often each applicant keeps its place when scores carry noise).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rust_decimal::Decimal;
use serde::Serialize;

use super::eval::prepare;
use super::{output, Choose, Exit, Failure, LangOpt};
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::Options;
use crate::stability;
use crate::sweep::{self, symbol, Vary};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SweepFormat {
    Table,
    Csv,
    Md,
}

fn parse_vary(s: &str) -> Result<Vary, String> {
    Vary::parse(s)
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward sweep examples/cohort-2024.json --vary tiers.award.quota=3..8:1
  qaward sweep examples/cohort-2024.json --vary tiers.award.threshold=0.55..0.70:0.05 --vary tiers.award.quota=4..7:1 --format md
  qaward sweep examples/cohort-2024.json --vary params.industry_rank_limit=1..6:1 --format csv")]
pub struct SweepArgs {
    /// 申报名单 · The cohort file
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,

    /// 变动的数值 · PATH=FROM..TO:STEP, at most twice, e.g. --vary tiers.award.quota=3..8:1
    #[arg(long = "vary", value_name = "PATH=FROM..TO:STEP", value_parser = parse_vary, required = true)]
    pub vary: Vec<Vary>,

    /// 输出格式 · table, csv, or md (a grid picture per applicant)
    #[arg(long, value_enum, default_value = "table")]
    pub format: SweepFormat,

    #[command(flatten)]
    pub choose: Choose,

    #[command(flatten)]
    pub lang: LangOpt,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StabilityFormat {
    Table,
    Json,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward stability examples/cohort-2024.json --noise 10 --trials 1000
  qaward stability examples/cohort-2024.json --noise 5 --trials 10000 --seed 7 --format json")]
pub struct StabilityArgs {
    /// 申报名单 · The cohort file
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,

    /// 噪声标准差（分） · Standard deviation of the noise added to each stage score, in points, e.g. --noise 10
    #[arg(long, value_name = "SD", value_parser = crate::decimal::parse)]
    pub noise: Decimal,

    /// 试验次数 · Number of trials, e.g. --trials 1000
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub trials: usize,

    /// 随机种子 · Seed; the same seed gives the same result, e.g. --seed 7
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// 输出格式 · table or json
    #[arg(long, value_enum, default_value = "table")]
    pub format: StabilityFormat,

    #[command(flatten)]
    pub choose: Choose,

    #[command(flatten)]
    pub lang: LangOpt,
}

/// Contiguous runs of axis values where `hit` holds: "0.40–0.50, 0.60".
fn runs(values: &[Decimal], hit: &[bool]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < values.len() {
        if !hit[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < values.len() && hit[i + 1] {
            i += 1;
        }
        out.push(if start == i {
            show(values[i])
        } else {
            format!("{}–{}", show(values[start]), show(values[i]))
        });
        i += 1;
    }
    out.join(", ")
}

pub fn sweep_cmd(args: SweepArgs) -> Result<Exit, Failure> {
    let lang = args.lang.get();
    let zh = lang == Lang::Zh;
    if args.vary.len() > 2 {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "sweep::too-many",
            crate::text!("最多变动两个数值", "a sweep varies at most two numbers"),
        )
        .help(crate::text!("去掉多余的 --vary。", "drop the extra --vary"))]));
    }
    let (store, case) = prepare(&args.cohort, &args.choose)?;
    let (cohort, policy) = (&case.cohort, &case.policy);
    let show_progress = std::io::stderr().is_terminal();
    let progress = |done: usize, all: usize| {
        if show_progress && all >= 200 && (done % 50 == 0 || done == all) {
            let width = 30;
            let filled = done * width / all;
            eprint!(
                "\r[{}{}] {done}/{all}",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
            if done == all {
                eprintln!();
            }
        }
    };
    let result = sweep::run(
        &store,
        policy,
        cohort,
        &args.vary,
        &Options {
            as_of: args.choose.as_of,
        },
        &progress,
    )?;
    let axes = &result.axes;
    let mut out = String::new();
    match args.format {
        SweepFormat::Csv => {
            let _ = writeln!(
                out,
                "{},applicant,tier,shortlisted,valid",
                axes.iter()
                    .map(|a| a.path.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            );
            for p in &result.points {
                for (i, a) in cohort.applicants.iter().enumerate() {
                    let at: Vec<String> = p.at.iter().map(|v| v.to_string()).collect();
                    let tier = p.tiers[i]
                        .and_then(|t| policy.tiers.get(t))
                        .map_or("", |t| t.id.as_str());
                    let _ = writeln!(
                        out,
                        "{},{},{tier},{},{}",
                        at.join(","),
                        a.id,
                        p.shortlisted[i],
                        p.invalid.is_none()
                    );
                }
            }
        }
        SweepFormat::Table | SweepFormat::Md => {
            let md = matches!(args.format, SweepFormat::Md);
            let names: Vec<String> = axes
                .iter()
                .map(|a| {
                    format!(
                        "{} ∈ {{{}}}",
                        a.path,
                        a.values
                            .iter()
                            .map(|v| show(*v))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "{}{} · {} {}",
                if md { "## " } else { "" },
                names.join(" × "),
                result.points.len(),
                if zh { "个组合" } else { "points" }
            );
            let legend: Vec<String> = policy
                .tiers
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{} {}", symbol(policy, Some(i), false), t.title.get(lang)))
                .collect();
            let _ = writeln!(
                out,
                "{}{} · · {} · × {}\n",
                if md { "\n" } else { "" },
                legend.join(" · "),
                if zh { "无" } else { "none" },
                if zh {
                    "策略无效"
                } else {
                    "invalid variant"
                }
            );
            let mut reasons: Vec<&str> = result
                .points
                .iter()
                .filter_map(|p| p.invalid.as_ref().map(|t| t.get(lang)))
                .collect();
            reasons.sort_unstable();
            reasons.dedup();
            for r in reasons.iter().take(5) {
                let _ = writeln!(out, "× {r}");
            }
            if !reasons.is_empty() {
                out.push('\n');
            }
            let mut constant = 0;
            for (i, a) in cohort.applicants.iter().enumerate() {
                let cells: Vec<Option<usize>> = result.points.iter().map(|p| p.tiers[i]).collect();
                if cells.iter().all(|c| c.is_none()) {
                    constant += 1;
                    continue;
                }
                let _ = writeln!(
                    out,
                    "{}{} {}{}",
                    if md { "### " } else { "" },
                    a.id,
                    a.name.as_deref().unwrap_or(""),
                    if md { "\n" } else { "" }
                );
                for (k, t) in policy.tiers.iter().enumerate() {
                    let hit: Vec<bool> = result
                        .points
                        .iter()
                        .map(|p| p.invalid.is_none() && p.tiers[i] == Some(k))
                        .collect();
                    let count = hit.iter().filter(|h| **h).count();
                    if count == 0 {
                        continue;
                    }
                    let place = if axes.len() == 1 {
                        runs(&axes[0].values, &hit)
                    } else {
                        format!("{count}/{}", result.points.len())
                    };
                    let _ = writeln!(
                        out,
                        "{}{}: {place}",
                        if md { "- " } else { "  " },
                        t.title.get(lang)
                    );
                }
                // The grid: one row per value of the first axis.
                let cols = axes.get(1).map_or(1, |a| a.values.len());
                if md {
                    out.push_str("\n```\n");
                }
                for (r, v) in axes[0].values.iter().enumerate() {
                    let row: String = (0..cols)
                        .map(|c| {
                            let p = &result.points[r * cols + c];
                            symbol(policy, p.tiers[i], p.invalid.is_some())
                        })
                        .collect();
                    if axes.len() == 1 {
                        out.push_str(&row);
                    } else {
                        let _ = writeln!(out, "  {:>8} {row}", show(*v));
                    }
                }
                if axes.len() == 1 {
                    out.push('\n');
                }
                if md {
                    out.push_str("```\n");
                }
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    format!("另有 {constant} 个申报组织在所有组合中均未获奖。")
                } else {
                    format!("{constant} other applicant(s) reach no tier anywhere on the grid.")
                }
            );
        }
    }
    output::write(None, &out, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

#[derive(Serialize)]
struct StabilityOut<'a> {
    format: &'static str,
    policy: &'a str,
    noise: String,
    trials: usize,
    seed: u64,
    applicants: Vec<StabilityRow<'a>>,
}

#[derive(Serialize)]
struct StabilityRow<'a> {
    id: &'a str,
    baseline_tier: Option<&'a str>,
    shortlisted: String,
    tiers: std::collections::BTreeMap<&'a str, String>,
    none: String,
}

pub fn stability_cmd(args: StabilityArgs) -> Result<Exit, Failure> {
    let lang = args.lang.get();
    let zh = lang == Lang::Zh;
    if args.noise < Decimal::ZERO {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "stability::negative-noise",
            crate::text!(
                "噪声标准差不能为负",
                "the noise's standard deviation cannot be negative"
            ),
        )
        .help(crate::text!(
            "例如 --noise 10（分）。",
            "for example --noise 10 (points)"
        ))]));
    }
    let (_, case) = prepare(&args.cohort, &args.choose)?;
    let (cohort, policy) = (&case.cohort, &case.policy);
    let baseline = case.evaluate();
    let tally = stability::run(
        policy,
        cohort,
        &baseline,
        args.noise,
        args.trials,
        args.seed,
    )?;
    let rows: Vec<StabilityRow<'_>> = baseline
        .verdicts
        .iter()
        .enumerate()
        .filter(|(_, v)| v.eligibility == crate::eval::Eligibility::Eligible)
        .map(|(i, v)| {
            let in_tier: usize = tally.tiers[i].iter().sum();
            StabilityRow {
                id: &v.applicant.id,
                baseline_tier: v.tier.map(|t| policy.tiers[t].id.as_str()),
                shortlisted: show(stability::percent(tally.shortlisted[i], tally.trials)),
                tiers: policy
                    .tiers
                    .iter()
                    .enumerate()
                    .map(|(k, t)| {
                        (
                            t.id.as_str(),
                            show(stability::percent(tally.tiers[i][k], tally.trials)),
                        )
                    })
                    .collect(),
                none: show(stability::percent(tally.trials - in_tier, tally.trials)),
            }
        })
        .collect();
    let content = match args.format {
        StabilityFormat::Json => {
            let doc = StabilityOut {
                format: "qaward.stability.v1",
                policy: &policy.meta.id,
                noise: show(args.noise),
                trials: tally.trials,
                seed: args.seed,
                applicants: rows,
            };
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        StabilityFormat::Table => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    format!(
                        "{} · 每项得分加标准差 {} 分的正态噪声 · {} 次试验 · 种子 {}（%）",
                        policy.meta.id,
                        show(args.noise),
                        tally.trials,
                        args.seed
                    )
                } else {
                    format!("{} · normal noise of SD {} points on every score · {} trials · seed {} (%)", policy.meta.id, show(args.noise), tally.trials, args.seed)
                }
            );
            let mut header = format!(
                "{:<12} {:<12} {:>8}",
                if zh { "编号" } else { "id" },
                if zh { "原结果" } else { "baseline" },
                if zh { "入围" } else { "shortlist" }
            );
            for t in &policy.tiers {
                let _ = write!(header, " {:>11}", t.id);
            }
            let _ = write!(header, " {:>8}", if zh { "无" } else { "none" });
            let _ = writeln!(out, "{header}");
            for r in &rows {
                let mut line = format!(
                    "{:<12} {:<12} {:>8}",
                    r.id,
                    r.baseline_tier.unwrap_or("—"),
                    r.shortlisted
                );
                for t in &policy.tiers {
                    let _ = write!(
                        line,
                        " {:>11}",
                        r.tiers.get(t.id.as_str()).map_or("", String::as_str)
                    );
                }
                let _ = write!(line, " {:>8}", r.none);
                let _ = writeln!(out, "{line}");
            }
            out
        }
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}
