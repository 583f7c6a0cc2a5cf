//! Small cohorts, as a clerk feels them: 100 applicants through the whole `qaward` process
//! (`eval` to JSON, `whatif` of one `--set`, a `sweep` of 1,000 points, `eval` and `explain`
//! with 10,500 reviewers' scores), best of 20 runs each,
//! and where the time of one `eval` goes inside the process (finding the policies, loading the
//! one in force, reading the cohort, evaluating, writing the JSON). Run with
//! `cargo bench --bench small`. Not a test: it asserts nothing about time.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{best_of, cohort_json};
use qaward::{Origin, Store};

/// The cohort of 100, written once under target/.
fn cohort() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cohorts");
    std::fs::create_dir_all(&dir).expect("a directory for the cohorts");
    let path = dir.join("cohort-100.json");
    std::fs::write(&path, cohort_json(100)).expect("the cohort is written");
    path
}

/// Reviews of the cohort of 100: five reviewers a stage, each scoring every applicant on
/// GB/T 19580's seven criteria (10,500 scores), one reviewer stepping aside from one applicant
/// and one disqualified; written once under target/.
fn reviews() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cohorts");
    let path = dir.join("reviews-100.json");
    let criteria = [
        ("leadership", 110),
        ("strategy", 90),
        ("customers", 90),
        ("resources", 130),
        ("processes", 100),
        ("measurement", 80),
        ("results", 400),
    ];
    let mut reviewers = Vec::new();
    let mut scores = Vec::new();
    for (stage, prefix) in [("material", "M"), ("site", "S"), ("presentation", "P")] {
        for k in 1..=5 {
            let id = format!("{prefix}{k}");
            reviewers.push(match k {
                3 => format!(r#"{{"id": "{id}", "conflicts": ["WX-000002"]}}"#),
                4 if prefix == "M" => {
                    format!(r#"{{"id": "{id}", "disqualified_on": "2024-10-25"}}"#)
                }
                _ => format!(r#"{{"id": "{id}"}}"#),
            });
            for i in 0..100 {
                if k == 3 && i == 2 {
                    continue;
                }
                for (c, max) in criteria {
                    let points = max * (60 + (i * 7 + k * 13 + c.len()) % 35) / 100;
                    scores.push(format!(
                        r#"{{"reviewer": "{id}", "stage": "{stage}", "applicant": "WX-{i:06}", "criterion": "{c}", "points": "{points}", "date": "2024-10-10"}}"#
                    ));
                }
            }
        }
    }
    let doc = format!(
        "{{\"reviewers\": [{}],\n\"scores\": [\n{}\n]}}\n",
        reviewers.join(", "),
        scores.join(",\n")
    );
    std::fs::write(&path, doc).expect("the reviews are written");
    path
}

/// The best wall time of `runs` runs of `qaward args`, output discarded.
fn process(args: &[&str], runs: usize) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_qaward"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("QAWARD_POLICIES")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("qaward runs");
        assert!(status.success(), "qaward {args:?} failed");
        best = best.min(started.elapsed());
    }
    best
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let path = cohort();
    let file = path.to_str().expect("a UTF-8 path");
    println!("qaward small-cohort benchmark: 100 applicants, best of 20 (sweep: of 3)");
    let eval = process(&["eval", file, "--format", "json"], 20);
    let whatif = process(&["whatif", file, "--set", "tiers.award.quota=6"], 20);
    let sweep = process(
        &[
            "sweep",
            file,
            "--vary",
            "tiers.nomination.quota=0..999:1",
            "--format",
            "csv",
        ],
        3,
    );
    let reviews = reviews();
    let reviews = reviews.to_str().expect("a UTF-8 path");
    let reviewed = process(
        &["eval", file, "--reviews", reviews, "--format", "json"],
        20,
    );
    let explained = process(
        &[
            "explain",
            file,
            "--applicant",
            "WX-000002",
            "--reviews",
            reviews,
        ],
        20,
    );
    let version = process(&["--version"], 20);
    println!("  eval, whole process            {:>7.2} ms", ms(eval));
    println!("  whatif --set, whole process    {:>7.2} ms", ms(whatif));
    println!("  sweep of 1,000 points          {:>7.2} ms", ms(sweep));
    println!("  eval --reviews (10,500 scores) {:>7.2} ms", ms(reviewed));
    println!("  explain --reviews, one         {:>7.2} ms", ms(explained));
    println!("  --version (loads the embedded) {:>7.2} ms", ms(version));

    // Inside one eval, step by step: first the first time (as in a fresh process), then each
    // step's best of 20 in the warm process.
    let json = std::fs::read(&path).expect("the cohort is read");
    // The policy format's JSON Schema, compiled on its first use (a command compiles it only
    // to explain a policy that does not load).
    let cold = Instant::now();
    let _ = qaward::validate_document(qaward::Schema::Policy, &serde_json::json!({}));
    println!(
        "  first time: compile the policy schema         {:>6.2} ms",
        ms(cold.elapsed())
    );
    let cold = Instant::now();
    let store0 = Store::from_dir(Path::new("policies"), Origin::Flag("policies".into()))
        .expect("policies are found");
    let one = store0.load("wuxi-2024").expect("wuxi-2024 loads");
    let cold_one = cold.elapsed();
    drop(one);
    let cold = Instant::now();
    let in_force = store0
        .in_force_on(qaward::Date::parse("2024-09-01").expect("a date"), None)
        .expect("a policy is in force");
    let cold_load = cold.elapsed();
    println!(
        "  first time: load wuxi-2024 (cold)               {:>6.2} ms",
        ms(cold_one)
    );
    let cold = Instant::now();
    let first = qaward::Cohort::from_json(&json, &in_force).expect("the cohort is valid");
    let cold_read = cold.elapsed();
    drop(first);
    println!(
        "  then: choose the policy in force and load it    {:>6.2} ms",
        ms(cold_load)
    );
    println!(
        "              read the cohort                     {:>6.2} ms",
        ms(cold_read)
    );
    let (find, store) = best_of(20, || {
        Store::from_dir(Path::new("policies"), Origin::Flag("policies".into()))
            .expect("policies are found")
    });
    let (load, policy) = best_of(20, || store.load("wuxi-2024").expect("wuxi-2024 loads"));
    let (read, cohort) = best_of(20, || {
        qaward::Cohort::from_json(&json, &policy).expect("the cohort is valid")
    });
    let options = qaward::Options::default();
    let (evaluate, outcome) = best_of(20, || qaward::evaluate(&policy, &cohort, &options));
    let (write, bytes) = best_of(20, || {
        let mut out = Vec::new();
        qaward::write_result_json(&outcome, qaward::Lang::Zh, false, &mut out)
            .expect("the JSON is written");
        out.len()
    });
    println!("  in the process: find the policies {:>6.2} ms", ms(find));
    println!("                  load wuxi-2024     {:>6.2} ms", ms(load));
    println!("                  read the cohort    {:>6.2} ms", ms(read));
    println!(
        "                  evaluate           {:>6.2} ms",
        ms(evaluate)
    );
    println!(
        "                  write {bytes} bytes of JSON {:>6.2} ms",
        ms(write)
    );
}
