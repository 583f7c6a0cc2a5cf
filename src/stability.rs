//! Stability: how fragile each decision is to reviewers' scoring. Every trial adds Gaussian
//! noise of the given standard deviation to every stage score of every eligible applicant
//! (rounded to 0.01 point, kept within 0 and the standard's total) and replays the procedure;
//! the tally gives each applicant's chance of being shortlisted and of each tier.
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

/// Runs `trials` trials of noise with standard deviation `sd` (points) from `seed`.
pub fn run(
    policy: &Policy,
    cohort: &Cohort,
    baseline: &Outcome<'_>,
    sd: Decimal,
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
            for (v, base) in verdicts.iter_mut().zip(&template) {
                *v = base.slim();
                if v.eligibility == Eligibility::Eligible {
                    for i in 0..policy.stages.len() {
                        let noisy =
                            perturb(base.scores.get(i), &mut rng, sd_f, policy.scoring.total);
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
