//! Evaluation cost per applicant on a synthetic 100,000-applicant cohort, split into reading
//! the cohort (JSON bytes → validated `Cohort`) and evaluating it (every condition, the
//! shortlist, totals, ranking, tiers, payouts). Run with `cargo bench`; prints the best of
//! five runs. Not a test: it asserts nothing about time.

use qaward::{evaluate, Options};
use qaward::{Origin, Store};

mod common;
use common::{best_of, cohort_json};
use std::time::Duration;

const N: usize = 100_000;

fn main() {
    let json = cohort_json(N);
    let store = Store::from_dir(
        std::path::Path::new("policies"),
        Origin::Flag("policies".into()),
    )
    .expect("policies load");
    let (load_time, policy) = best_of(5, || store.load("wuxi-2024").expect("wuxi-2024 loads"));
    let (floor_time, _) = best_of(5, || {
        serde_json::from_slice::<serde::de::IgnoredAny>(json.as_bytes()).is_ok()
    });
    let (read_time, cohort) = best_of(5, || {
        qaward::Cohort::from_json(json.as_bytes(), &policy).expect("the synthetic cohort is valid")
    });
    let options = Options::default();
    let (eval_time, eligible) = best_of(5, || {
        let outcome = evaluate(&policy, &cohort, &options);
        outcome.summary.eligible
    });
    // Without a shortlist cut every eligible applicant is ranked and gets margins.
    let no_cut = store
        .load_variant(
            "wuxi-2024",
            &[qaward::Override::parse("shortlist.size=1000000").expect("a valid --set")],
        )
        .expect("the variant loads");
    let (no_cut_time, ranked) = best_of(3, || {
        let outcome = evaluate(&no_cut, &cohort, &options);
        outcome.summary.shortlisted
    });
    let per = |d: Duration| d.as_secs_f64() * 1e9 / N as f64;
    println!(
        "qaward evaluation benchmark: {N} applicants, {:.1} MB of JSON, {eligible} eligible",
        json.len() as f64 / 1e6
    );
    println!(
        "  load and compile the policy   {:>10.3} ms (once)",
        load_time.as_secs_f64() * 1e3
    );
    println!(
        "  scan the JSON, keep nothing   {:>10.1} ms  {:>8.0} ns/applicant (the floor for any reader)",
        floor_time.as_secs_f64() * 1e3,
        per(floor_time)
    );
    println!(
        "  read cohort (parse+validate)  {:>10.1} ms  {:>8.0} ns/applicant",
        read_time.as_secs_f64() * 1e3,
        per(read_time)
    );
    println!(
        "  evaluate (conditions+procedure){:>9.1} ms  {:>8.0} ns/applicant",
        eval_time.as_secs_f64() * 1e3,
        per(eval_time)
    );
    println!(
        "  evaluate, no shortlist cut    {:>10.1} ms  {:>8.0} ns/applicant ({ranked} ranked, with margins)",
        no_cut_time.as_secs_f64() * 1e3,
        per(no_cut_time)
    );
    println!(
        "  total                         {:>10.1} ms  {:>8.0} ns/applicant",
        (read_time + eval_time).as_secs_f64() * 1e3,
        per(read_time + eval_time)
    );
}
