//! `qaward sweep` (a grid of one or two varied numbers: where each applicant reaches each tier)
//! and `qaward stability` (how often each applicant keeps its place when scores carry noise).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rust_decimal::Decimal;

use super::eval::prepare;
use super::{output, Choose, Exit, Failure};
use crate::eval::Options;
use crate::render;
use crate::stability;
use crate::sweep::{self, Vary};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SweepFormat {
    #[value(name = "text", alias = "table")]
    Table,
    Csv,
    Md,
}

fn parse_vary(s: &str) -> Result<Vary, String> {
    Vary::parse(s).map_err(|e| super::argument_error(&e))
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
    #[arg(long, value_enum, default_value = "text")]
    pub format: SweepFormat,

    #[command(flatten)]
    pub choose: Choose,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StabilityFormat {
    #[value(name = "text", alias = "table")]
    Table,
    Json,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward stability examples/cohort-2024.json --noise 10 --trials 1000
  qaward stability examples/cohort-2024.json --noise 5 --trials 10000 --seed 7 --format json
  qaward stability examples/reviews/cohort-2024.json --reviews examples/reviews/reviews-2024.json")]
pub struct StabilityArgs {
    /// 申报名单 · The cohort file
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,

    /// 噪声标准差（分） · Standard deviation of the noise added to each stage score, in points, e.g. --noise 10 (with --reviews: to the scores no panel made; default 0)
    #[arg(long, value_name = "SD", value_parser = crate::decimal::parse, required_unless_present = "reviews")]
    pub noise: Option<Decimal>,

    /// 评审员评分 · Draw each score a panel made from the panel's own spread (its reviewers' totals drawn again, with replacement), from this reviews file (--reviews alone: the cohort workbook's own)
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::reviews::THE_COHORT)]
    pub reviews: Option<PathBuf>,

    /// 试验次数 · Number of trials, e.g. --trials 1000
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub trials: usize,

    /// 随机种子 · Seed; the same seed gives the same result, e.g. --seed 7
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// 输出格式 · table or json
    #[arg(long, value_enum, default_value = "text")]
    pub format: StabilityFormat,

    #[command(flatten)]
    pub choose: Choose,
}

pub fn sweep_cmd(args: SweepArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    if args.vary.len() > 2 {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "sweep::too-many",
            crate::diag::text!("最多变动两个数值", "a sweep varies at most two numbers"),
        )
        .help(crate::diag::text!(
            "去掉多余的 --vary。",
            "drop the extra --vary"
        ))]));
    }
    let (store, case) = prepare(&args.cohort, &args.choose)?;
    let (cohort, policy) = (&case.cohort, &case.policy);
    let show_progress = std::io::stderr().is_terminal() && !super::settings::get().quiet;
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
            ..Options::default()
        },
        &progress,
    )?;
    // What the axes change that only the issuing body could change, said first.
    let mut notes: Vec<crate::diag::Text> = Vec::new();
    for axis in &args.vary {
        for v in [axis.values.first(), axis.values.last()]
            .into_iter()
            .flatten()
        {
            let set = crate::policy::overrides::Override::parse(&format!("{}={v}", axis.path));
            let variant = set.and_then(|o| store.load_variant(&policy.meta.id, &[o]));
            if let Ok(variant) = variant {
                for n in crate::notices::beyond_the_committee(policy, &variant) {
                    if !notes.contains(&n) {
                        notes.push(n);
                    }
                }
            }
        }
    }
    let mark = if matches!(args.format, SweepFormat::Md) {
        "> "
    } else {
        "! "
    };
    let lead: String = notes
        .iter()
        .map(|n| format!("{mark}{}\n", n.get(lang)))
        .collect();
    let out = match args.format {
        SweepFormat::Csv => render::sweep::csv(&result, cohort, policy),
        SweepFormat::Table => format!(
            "{lead}{}",
            render::sweep::grid(&result, cohort, policy, lang, false)
        ),
        SweepFormat::Md => format!(
            "{lead}{}",
            render::sweep::grid(&result, cohort, policy, lang, true)
        ),
    };
    output::write(None, &out, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

/// At most this many stability trials (each is one evaluation of the cohort).
const MAX_TRIALS: usize = 1_000_000;

pub fn stability_cmd(args: StabilityArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    if !(1..=MAX_TRIALS).contains(&args.trials) {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "stability::trials",
            crate::diag::text!(
                format!("试验次数须在 1 至 {MAX_TRIALS} 之间，实为 {}", args.trials),
                format!(
                    "the number of trials must be 1 to {MAX_TRIALS}, not {}",
                    args.trials
                )
            ),
        )
        .help(crate::diag::text!(
            "例如 --trials 1000；1 万次通常已足够稳定。",
            "for example --trials 1000; 10,000 is usually stable enough"
        ))]));
    }
    // Noise beyond the standard's total says nothing more (every score is clamped to the scale).
    let most = Decimal::from(1_000_000);
    let noise = args.noise.unwrap_or_default();
    if noise > most {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "stability::noise",
            crate::diag::text!(
                format!("噪声标准差 {noise} 过大（上限 {most} 分）"),
                format!(
                    "the noise's standard deviation {noise} is too large (at most {most} points)"
                )
            ),
        )
        .help(crate::diag::text!(
            "噪声以分计，通常为几分到几十分，如 --noise 10。",
            "noise is in points, usually a few to a few tens, e.g. --noise 10"
        ))]));
    }
    if noise < Decimal::ZERO {
        return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
            "stability::negative-noise",
            crate::diag::text!(
                "噪声标准差不能为负",
                "the noise's standard deviation cannot be negative"
            ),
        )
        .help(crate::diag::text!(
            "例如 --noise 10（分）。",
            "for example --noise 10 (points)"
        ))]));
    }
    let (_, mut case) = prepare(&args.cohort, &args.choose)?;
    let (_, panels) = super::reviews::applied(args.reviews.as_deref(), &args.cohort, &mut case)?;
    let spread = panels.map(|p| stability::Spread::of(&case.policy, &p));
    let (cohort, policy) = (&case.cohort, &case.policy);
    let baseline = case.evaluate();
    let tally = stability::drawn(
        policy,
        cohort,
        &baseline,
        noise,
        spread.as_ref(),
        args.trials,
        args.seed,
    )?;
    let drawn = render::stability::Drawn {
        noise,
        panels: spread.is_some(),
        seed: args.seed,
    };
    let content = match args.format {
        StabilityFormat::Json => render::stability::json(&baseline, &tally, &drawn),
        StabilityFormat::Table => render::stability::table(&baseline, &tally, &drawn, lang),
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}
