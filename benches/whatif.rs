//! What-if costs on a 200-applicant cohort: a 10,000-variant sweep (two quotas, 100 × 100) and
//! 10,000 stability trials. Run with `cargo bench --bench whatif`; prints the best of three.

use std::path::Path;

use qaward::Vary;
use qaward::{evaluate, Options};
use qaward::{Origin, Store};

mod common;
use common::{best_of, cohort_json};

fn main() {
    let json = cohort_json(200);
    let store = Store::from_dir(Path::new("policies"), Origin::Flag("policies".into()))
        .expect("policies load");
    let policy = store.load("wuxi-2024").expect("wuxi-2024 loads");
    let cohort =
        qaward::Cohort::from_json(json.as_bytes(), &policy).expect("the synthetic cohort is valid");
    let axes = [
        Vary::parse("tiers.award.quota=0..99:1").unwrap_or_else(|e| panic!("{e}")),
        Vary::parse("tiers.nomination.quota=0..99:1").unwrap_or_else(|e| panic!("{e}")),
    ];
    let options = Options::default();
    let (sweep_time, points) = best_of(3, || {
        qaward::sweep(&store, &policy, &cohort, &axes, &options, &|_, _| {})
            .map_or(0, |s| s.points.len())
    });
    let baseline = evaluate(&policy, &cohort, &options);
    let noise = rust_decimal::Decimal::from(10);
    let (trial_time, trials) = best_of(3, || {
        qaward::stability(&policy, &cohort, &baseline, noise, 10_000, 1).map_or(0, |t| t.trials)
    });
    println!(
        "qaward what-if benchmark: 200 applicants, {} eligible, 2 threads",
        baseline.summary.eligible
    );
    println!(
        "  sweep of {points} variants        {:>8.1} ms  {:>6.1} µs/variant",
        sweep_time.as_secs_f64() * 1e3,
        sweep_time.as_secs_f64() * 1e6 / points as f64
    );
    println!(
        "  {trials} stability trials         {:>8.1} ms  {:>6.1} µs/trial",
        trial_time.as_secs_f64() * 1e3,
        trial_time.as_secs_f64() * 1e6 / trials as f64
    );
}
