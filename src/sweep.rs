//! Sweeps: a grid of one or two varied policy numbers, and for each applicant the tier it
//! reaches at every grid point.
//!
//! Only what a change can affect is recomputed: when every varied path is a procedure number
//! (weights, quotas, thresholds, amounts, shortlist size), eligibility is judged once and each
//! point replays the procedure on a copy of the policy checked by the loading rules; otherwise
//! each point is a full variant (`Store::load_variant`) evaluated from the start. Points are
//! shared between two threads.

use std::sync::atomic::{AtomicUsize, Ordering};

use rust_decimal::Decimal;

use crate::cohort::Cohort;
use crate::diag::text;
use crate::diag::{Diagnostic, Lang, Text};
use crate::engine::check_cohort;
use crate::error::Error;
use crate::eval::{evaluate, replay, Options, Verdict};
use crate::parallel::in_two;
use crate::policy::overrides::Override;
use crate::policy::store::Store;
use crate::policy::{variant, Policy};

/// One varied path: `PATH=FROM..TO:STEP`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// What is varied, e.g. `tiers.ID.quota`.
    pub path: String,
    /// The values, from FROM to TO by STEP.
    pub values: Vec<Decimal>,
}

/// At most this many points on one axis.
pub const MAX_AXIS: usize = 10_000;
/// At most this many points in the whole grid (each is one evaluation of the cohort).
pub const MAX_GRID: usize = 100_000;

impl Vary {
    /// Reads `PATH=FROM..TO:STEP`.
    pub fn parse(arg: &str) -> Result<Vary, Error> {
        let bad = |zh: String, en: String| {
            Error::one(
                Diagnostic::error("sweep::bad-vary", text!(zh, en)).help(text!(
                    "写作 路径=起..止:步长，如 stages.编号.weight=0.40..0.60:0.05（编号为规则版本中的阶段编号）。",
                    "write PATH=FROM..TO:STEP, e.g. stages.ID.weight=0.40..0.60:0.05 with a stage id of the policy"
                )),
            )
        };
        let form = || {
            bad(
                format!("`{arg}` 不是 路径=起..止:步长 的形式"),
                format!("`{arg}` is not PATH=FROM..TO:STEP"),
            )
        };
        let (path, range) = arg.split_once('=').ok_or_else(form)?;
        let (span, step) = range.split_once(':').ok_or_else(form)?;
        let (from, to) = span.split_once("..").ok_or_else(form)?;
        let num = |s: &str| crate::decimal::parse(s.trim()).map_err(|_| form());
        let (from, to, step) = (num(from)?, num(to)?, num(step)?);
        if step <= Decimal::ZERO || to < from {
            return Err(bad(
                format!("`{arg}`：起点不能大于终点，步长须大于 0"),
                format!("`{arg}`: FROM must not exceed TO and STEP must be above 0"),
            ));
        }
        let mut values = Vec::new();
        let mut next = Some(from);
        while let Some(v) = next.filter(|v| *v <= to) {
            values.push(v);
            if values.len() > MAX_AXIS {
                return Err(bad(
                    format!("`{arg}` 超过 {MAX_AXIS} 个取值；请加大步长"),
                    format!("`{arg}` has more than {MAX_AXIS} points; use a larger step"),
                ));
            }
            // Past the largest decimal there is nothing more to visit.
            next = v.checked_add(step);
        }
        Ok(Vary {
            path: path.trim().to_owned(),
            values,
        })
    }
}

/// The outcome at one grid point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// The value of each varied path.
    pub at: Vec<Decimal>,
    /// Why the variant is not a valid policy, when it is not.
    pub invalid: Option<Text>,
    /// Per applicant (cohort order): the tier index reached.
    pub tiers: Vec<Option<usize>>,
    /// Per applicant, whether it is shortlisted.
    pub shortlisted: Vec<bool>,
    /// The total payout.
    pub payout_total: Decimal,
}

/// A sweep's result: every grid point.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The varied numbers.
    pub axes: Vec<Vary>,
    /// The points, first axis slowest.
    pub points: Vec<Point>,
}

fn grid(axes: &[Vary]) -> Vec<Vec<Decimal>> {
    let mut out = vec![Vec::new()];
    for axis in axes {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                axis.values
                    .iter()
                    .map(move |v| [prefix.clone(), vec![*v]].concat())
            })
            .collect();
    }
    out
}

/// Why a variant cannot be used, in both languages: its first few problems and how many more,
/// skipping the note that only names the overrides.
fn reasons(e: &Error) -> Text {
    const SHOWN: usize = 3;
    let said: Vec<&Diagnostic> = e
        .problems
        .iter()
        .filter(|d| d.code != "whatif::invalid-variant")
        .collect();
    let more = said.len().saturating_sub(SHOWN);
    let join = |lang: Lang, sep: &str| {
        let mut out = said
            .iter()
            .take(SHOWN)
            .map(|d| d.message.get(lang))
            .collect::<Vec<_>>()
            .join(sep);
        if more > 0 {
            out += &match lang {
                Lang::Zh => format!("；另有 {more} 项"),
                Lang::En => format!("; and {more} more"),
            };
        }
        out
    };
    Text::new(join(Lang::Zh, "；"), join(Lang::En, "; "))
}

/// Runs the sweep; `progress` is told how many points are done.
pub fn run(
    store: &Store,
    base: &Policy,
    cohort: &Cohort,
    axes: &[Vary],
    options: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Sweep, Error> {
    let size = axes
        .iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
        .unwrap_or(usize::MAX);
    if size > MAX_GRID {
        return Err(Error::one(
            Diagnostic::error(
                "sweep::too-many-points",
                text!(
                    format!("扫描网格共 {size} 个组合，超过上限 {MAX_GRID}"),
                    format!("the grid has {size} points, more than the {MAX_GRID} allowed")
                ),
            )
            .help(text!(
                "加大步长或缩小范围，使各轴取值个数之积不超过上限。",
                "use larger steps or narrower ranges, so that the product of the axes' points stays within the bound"
            )),
        ));
    }
    let points = grid(axes);
    // Categories keep their own copies of the procedure: their points go the full way.
    let fast =
        base.categories.is_empty() && axes.iter().all(|a| variant::is_procedure_path(&a.path));
    let baseline = evaluate(base, cohort, options);
    let template: Vec<Verdict<'_>> = baseline.verdicts.iter().map(Verdict::slim).collect();
    let done = AtomicUsize::new(0);
    let one = |at: &Vec<Decimal>| -> Point {
        let result = if fast {
            let mut policy = base.clone();
            axes.iter()
                .zip(at)
                .try_for_each(|(a, v)| variant::set(&mut policy, &a.path, *v))
                .and_then(|()| check_cohort(&policy, cohort).map_err(|e| reasons(&e)))
                .map(|()| {
                    let mut verdicts: Vec<Verdict<'_>> =
                        template.iter().map(Verdict::slim).collect();
                    let summary = replay(&policy, cohort, &mut verdicts);
                    (
                        verdicts.iter().map(|v| v.tier).collect(),
                        verdicts.iter().map(|v| v.shortlisted).collect(),
                        summary.payout_total,
                    )
                })
        } else {
            let overrides: Vec<Override> = axes
                .iter()
                .zip(at)
                .filter_map(|(a, v)| Override::parse(&format!("{}={v}", a.path)).ok())
                .collect();
            let variant = store
                .load_variant(&base.meta.id, &overrides)
                .and_then(|p| check_cohort(&p, cohort).map(|()| p));
            match variant {
                Ok(policy) => {
                    let o = evaluate(&policy, cohort, options);
                    let union = |v: &Verdict<'_>| {
                        v.tier
                            .and_then(|t| policy.tier_in_union(v.applicant.category, t))
                    };
                    Ok((
                        o.verdicts.iter().map(union).collect(),
                        o.verdicts.iter().map(|v| v.shortlisted).collect(),
                        o.summary.payout_total,
                    ))
                }
                Err(e) => Err(reasons(&e)),
            }
        };
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress(n, points.len());
        match result {
            Ok((tiers, shortlisted, payout_total)) => Point {
                at: at.clone(),
                invalid: None,
                tiers,
                shortlisted,
                payout_total,
            },
            Err(why) => Point {
                at: at.clone(),
                invalid: Some(why),
                tiers: vec![None; cohort.applicants.len()],
                shortlisted: vec![false; cohort.applicants.len()],
                payout_total: Decimal::ZERO,
            },
        }
    };
    let half = points.len().div_ceil(2);
    let (left, right) = points.split_at(half);
    let (mut a, b) = in_two(
        text!("参数扫描", "sweep"),
        || left.iter().map(one).collect::<Vec<Point>>(),
        || right.iter().map(one).collect::<Vec<Point>>(),
    )?;
    a.extend(b);
    // A grid with no usable point says nothing: refuse it with the first point's reasons.
    if let Some(why) = a
        .iter()
        .map(|p| p.invalid.as_ref())
        .collect::<Option<Vec<&Text>>>()
        .and_then(|all| all.first().copied())
    {
        return Err(Error::one(
            Diagnostic::error(
                "sweep::no-valid-point",
                text!(
                    format!("扫描网格中没有一个组合是有效的规则版本：{}", why.zh),
                    format!("no point of the grid is a valid policy: {}", why.en)
                ),
            )
            .help(text!(
                "核对 --vary 的路径与取值范围，使至少一个组合仍然成立（路径见 qaward whatif --help）。",
                "check the --vary paths and ranges so that at least one point holds (paths: qaward whatif --help)"
            )),
        ));
    }
    Ok(Sweep {
        axes: axes.to_vec(),
        points: a,
    })
}
