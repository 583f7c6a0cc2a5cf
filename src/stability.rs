//! Stability: how fragile each decision is to reviewers' scoring. Every trial adds Gaussian
//! noise of the given standard deviation to every stage score of every eligible applicant
//! (rounded to 0.01 point, kept within 0 and the standard's total) and replays the procedure;
//! the tally gives each applicant's chance of being shortlisted and of each tier.
//!
//! With reviewers' scores, a stage score a panel made is drawn from the panel's own spread
//! instead: the reviewers' totals drawn again with replacement and aggregated by the policy's
//! rule (a bootstrap), so a contested applicant moves as much as its reviewers disagree.
//!
//! Deterministic for a seed: trial `t` draws from its own generator seeded from (seed, t), so
//! the result does not depend on how trials are shared between the two threads. The random
//! draws are binary floats; they become exact decimals (0.01 point) before they touch a score.

use rust_decimal::Decimal;

use crate::diag::text;
use crate::error::Error;
use crate::parallel::in_two;

use crate::cohort::Cohort;
use crate::eval::{replay, Eligibility, Outcome, Verdict};
use crate::policy::Policy;

/// SplitMix64: small, fast, and good enough to drive simulated scoring noise.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Per applicant (cohort order): trials shortlisted, and trials in each tier (policy order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// How many trials ran.
    pub trials: usize,
    /// Per applicant, in how many trials it was shortlisted.
    pub shortlisted: Vec<usize>,
    /// Per applicant, per tier, in how many trials it reached it.
    pub tiers: Vec<Vec<usize>>,
}

fn perturb(score: Option<Decimal>, rng: &mut Rng, sd: f64, total: Decimal) -> Option<Decimal> {
    let s = score?;
    // Hundredths of a point, rounded half away from zero; exact from here on.
    let hundredths = (rng.normal() * sd * 100.0).round();
    let noise = if hundredths.is_finite() && hundredths.abs() < 1e15 {
        Decimal::new(hundredths as i64, 2)
    } else {
        Decimal::ZERO
    };
    Some((s + noise).clamp(Decimal::ZERO, total))
}

/// The panels' real spread, for trials drawn from it: for an applicant (by index) and a stage
/// (by index), the panel's rule and the reviewers' totals that count. A trial draws as many
/// totals again, with replacement, and makes the stage's score from them by the rule.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spread {
    /// (applicant, stage) → the panel and the totals that count.
    panels: std::collections::BTreeMap<(usize, usize), (crate::policy::Panel, Vec<Decimal>)>,
}

impl Spread {
    /// The spread of every panel in `panels`.
    pub(crate) fn of(policy: &Policy, panels: &crate::reviews::Panels) -> Spread {
        let panels = panels
            .judged
            .iter()
            .filter_map(|(&(a, st), j)| {
                policy.stages.get(st)?;
                let panel = j.panel.clone();
                let totals: Vec<Decimal> = j.counted.iter().map(|(t, _)| *t).collect();
                (!totals.is_empty()).then_some(((a, st), (panel, totals)))
            })
            .collect();
        Spread { panels }
    }

    /// A score drawn from the panel of applicant `a` at stage `st`, if it has one.
    fn draw(&self, a: usize, st: usize, rng: &mut Rng, total: Decimal) -> Option<Option<Decimal>> {
        let (panel, totals) = self.panels.get(&(a, st))?;
        let n = totals.len() as u64;
        let mut drawn: Vec<Decimal> = (0..n)
            .map(|_| totals[usize::try_from(rng.next() % n).unwrap_or(0)])
            .collect();
        drawn.sort();
        Some(crate::reviews::panel::aggregate(panel, &drawn).map(|s| s.clamp(Decimal::ZERO, total)))
    }
}

/// Runs `trials` trials of noise with standard deviation `sd` (points) from `seed`.
pub fn run(
    policy: &Policy,
    cohort: &Cohort,
    baseline: &Outcome<'_>,
    sd: Decimal,
    trials: usize,
    seed: u64,
) -> Result<Tally, Error> {
    drawn(policy, cohort, baseline, sd, None, trials, seed)
}

/// [`run`], a stage score made by a panel drawn from the panel's `spread` instead of noised,
/// when it is given.
pub(crate) fn drawn(
    policy: &Policy,
    cohort: &Cohort,
    baseline: &Outcome<'_>,
    sd: Decimal,
    spread: Option<&Spread>,
    trials: usize,
    seed: u64,
) -> Result<Tally, Error> {
    let sd_f = sd.to_string().parse::<f64>().unwrap_or(0.0);
    let template: Vec<Verdict<'_>> = baseline.verdicts.iter().map(Verdict::slim).collect();
    let n = template.len();
    let tiers = policy.tiers.len();
    let chunk = |range: std::ops::Range<usize>| {
        let mut tally = Tally {
            trials: 0,
            shortlisted: vec![0; n],
            tiers: vec![vec![0; tiers]; n],
        };
        let mut verdicts: Vec<Verdict<'_>> = template.iter().map(Verdict::slim).collect();
        for t in range {
            let mut rng = Rng(seed ^ (t as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
            for (a, (v, base)) in verdicts.iter_mut().zip(&template).enumerate() {
                *v = base.slim();
                if v.eligibility == Eligibility::Eligible {
                    for i in 0..policy.stages.len() {
                        let total = policy.scoring.total;
                        let noisy = match spread.and_then(|s| s.draw(a, i, &mut rng, total)) {
                            Some(drawn) => drawn,
                            None => perturb(base.scores.get(i), &mut rng, sd_f, total),
                        };
                        v.scores.set(i, noisy);
                    }
                }
            }
            replay(policy, cohort, &mut verdicts);
            tally.trials += 1;
            for (i, v) in verdicts.iter().enumerate() {
                tally.shortlisted[i] += usize::from(v.shortlisted);
                if let Some(k) = v.tier {
                    tally.tiers[i][k] += 1;
                }
            }
        }
        tally
    };
    let half = trials / 2;
    let (mut total, b) = in_two(
        text!("稳定性试验", "stability trials"),
        || chunk(0..half),
        || chunk(half..trials),
    )?;
    total.trials += b.trials;
    for i in 0..n {
        total.shortlisted[i] += b.shortlisted[i];
        for k in 0..tiers {
            total.tiers[i][k] += b.tiers[i][k];
        }
    }
    Ok(total)
}

/// `count / trials` as a percentage with one decimal place.
pub fn percent(count: usize, trials: usize) -> Decimal {
    if trials == 0 {
        return Decimal::ZERO;
    }
    (Decimal::from(count) * Decimal::ONE_HUNDRED / Decimal::from(trials)).round_dp(1)
}
