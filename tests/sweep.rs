//! Sweeps and stability (issue 5): a sweep equals separate variants at sampled points (both the
//! fast replay and the full path), noise of 0 equals eval, and a seed gives the same bytes.

use qaward::Cohort;
use qaward::Override;
use qaward::Vary;
use qaward::{evaluate, Options};
use qaward::{Origin, Store};

use crate::common::*;

fn store() -> Store {
    Store::from_dir(&workdir().join("policies"), Origin::Flag("policies".into())).unwrap()
}

/// The sweep's tiers at every point equal those of the same variant evaluated from scratch.
fn assert_sweep_matches_variants(varies: &[&str]) {
    let store = store();
    let base = store.load("wuxi-2024").unwrap();
    let cohort = Cohort::read(&workdir().join(SAMPLE), &base).unwrap();
    let axes: Vec<Vary> = varies.iter().map(|v| Vary::parse(v).unwrap()).collect();
    let result = qaward::sweep(
        &store,
        &base,
        &cohort,
        &axes,
        &Options::default(),
        &|_, _| {},
    )
    .unwrap();
    let step = (result.points.len() / 7).max(1);
    for p in result.points.iter().step_by(step) {
        let sets: Vec<Override> = axes
            .iter()
            .zip(&p.at)
            .map(|(a, v)| Override::parse(&format!("{}={v}", a.path)).unwrap())
            .collect();
        match store.load_variant("wuxi-2024", &sets) {
            Ok(policy) => {
                let o = evaluate(&policy, &cohort, &Options::default());
                let tiers: Vec<Option<usize>> = o.verdicts.iter().map(|v| v.tier).collect();
                assert_eq!(p.invalid, None, "{sets:?}");
                assert_eq!(p.tiers, tiers, "{sets:?}");
                assert_eq!(p.payout_total, o.summary.payout_total, "{sets:?}");
            }
            Err(_) => assert!(
                p.invalid.is_some(),
                "{sets:?} is invalid as a file but not in the sweep"
            ),
        }
    }
}

#[test]
fn a_procedure_sweep_equals_separate_variants() {
    assert_sweep_matches_variants(&[
        "tiers.award.quota=2..9:1",
        "tiers.award.threshold=0.50..0.90:0.05",
    ]);
}

#[test]
fn a_parameter_sweep_equals_separate_variants() {
    assert_sweep_matches_variants(&["params.industry_rank_limit=1..6:1"]);
}

#[test]
fn invalid_points_are_marked_not_dropped() {
    assert_sweep_matches_variants(&["stages.site.weight=0.40..0.60:0.05"]);
    let out = String::from_utf8(
        qaward(&[
            "sweep",
            SAMPLE,
            "--vary",
            "stages.site.weight=0.40..0.60:0.05",
            "--lang",
            "en",
        ])
        .stdout,
    )
    .unwrap();
    assert!(
        out.contains("× the stage weights must sum to exactly 1"),
        "{out}"
    );
    assert!(out.contains("××A××"), "only 0.50 is valid: {out}");
}

#[test]
fn sweep_formats_and_errors() {
    let csv = String::from_utf8(
        qaward(&[
            "sweep",
            SAMPLE,
            "--vary",
            "tiers.award.quota=4..6:1",
            "--format",
            "csv",
        ])
        .stdout,
    )
    .unwrap();
    assert!(
        csv.starts_with("tiers.award.quota,applicant,tier,shortlisted,valid\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\n6,WX2024-006,award,true,true\n")
            && csv.contains("\n5,WX2024-006,nomination,true,true\n"),
        "{csv}"
    );
    let md = String::from_utf8(
        qaward(&[
            "sweep",
            SAMPLE,
            "--vary",
            "tiers.award.quota=4..6:1",
            "--vary",
            "tiers.award.threshold=0.78..0.80:0.01",
            "--format",
            "md",
            "--lang",
            "en",
        ])
        .stdout,
    )
    .unwrap();
    assert!(md.contains("### WX2024-005") && md.contains("```"), "{md}");
    assert_eq!(
        qaward(&["sweep", SAMPLE, "--vary", "tiers.award.quota=9..1:1"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        qaward(&[
            "sweep", SAMPLE, "--vary", "a=1..2:1", "--vary", "b=1..2:1", "--vary", "c=1..2:1"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn stability_with_no_noise_equals_eval_and_a_seed_repeats() {
    let eval: serde_json::Value =
        serde_json::from_slice(&qaward(&["eval", SAMPLE, "--format", "json"]).stdout).unwrap();
    let st: serde_json::Value = serde_json::from_slice(
        &qaward(&[
            "stability",
            SAMPLE,
            "--noise",
            "0",
            "--trials",
            "50",
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    for row in st["applicants"].as_array().unwrap() {
        let a = eval["applicants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == row["id"])
            .unwrap();
        assert_eq!(
            row["shortlisted"],
            if a["shortlisted"] == true { "100" } else { "0" },
            "{row}"
        );
        for tier in ["award", "nomination"] {
            assert_eq!(
                row["tiers"][tier],
                if a["tier"] == tier { "100" } else { "0" },
                "{row}"
            );
        }
    }
    let run = |seed: &str| {
        qaward(&[
            "stability",
            SAMPLE,
            "--noise",
            "25",
            "--trials",
            "400",
            "--seed",
            seed,
            "--format",
            "json",
        ])
        .stdout
    };
    assert_eq!(run("7"), run("7"), "the same seed gives the same bytes");
    assert_ne!(run("7"), run("8"));
    assert_eq!(
        qaward(&["stability", SAMPLE, "--noise", "-1"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn an_axis_at_the_largest_decimal_stops_instead_of_overflowing() {
    let max = "79228162514264337593543950335";
    let v = Vary::parse(&format!("x={max}..{max}:1")).unwrap();
    assert_eq!(v.values.len(), 1);
    let e = Vary::parse("x=1..2").unwrap_err();
    assert_eq!(e.problems[0].code, "sweep::bad-vary");
}
