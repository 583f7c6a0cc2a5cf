//! Evaluation cost per applicant on a synthetic 100,000-applicant cohort, split into reading
//! the cohort (JSON bytes → validated `Cohort`) and evaluating it (every condition, the
//! shortlist, totals, ranking, tiers, payouts). Run with `cargo bench`; prints the best of
//! five runs. Not a test: it asserts nothing about time.

use std::time::{Duration, Instant};

use qaward::eval::{evaluate, Options};
use qaward::policy::store::{Origin, Store};

const N: usize = 100_000;

/// A realistic applicant: every field present, a few records, varied so branches differ.
fn applicant(i: usize) -> String {
    let for_profit = i % 7 != 0;
    let performance = if for_profit {
        format!(
            r#"{{"scale_rank": {}, "profit_tax_rank": {}, "asset_contribution_rank": {}, "annual_profit": {{"2021": "{}.5", "2022": "{}", "2023": {}.25}}}}"#,
            1 + i % 4,
            1 + i % 3,
            1 + (i / 3) % 3,
            1000 + i % 977,
            if i % 29 == 0 {
                -3
            } else {
                1500 + (i % 311) as i64
            },
            2000 + i % 1013
        )
    } else {
        r#"{"social_contribution_leading": true}"#.to_owned()
    };
    let records = match i % 5 {
        0 => r#"[{"kind": "accident", "category": "production_safety", "severity": "general", "date": "2023-03-02"}]"#.to_owned(),
        1 => r#"[{"kind": "violation", "severity": "larger", "date": "2022-05-10", "credit_repaired_on": "2024-06-30"}, {"kind": "quality_dispute", "self_caused": false, "date": "2024-01-09"}]"#.to_owned(),
        2 => r#"[{"kind": "spot_check_failure", "level": "district", "date": "2023-06-01"}]"#.to_owned(),
        _ => "[]".to_owned(),
    };
    let m = 600 + (i * 7919) % 3000 / 10;
    format!(
        r#"{{"id": "WX-{i:06}", "name": "无锡示例第{i}号有限公司", "org_form": "legal_person", "registered_in_wuxi": true, "operating_normally": true, "established_on": "{}-0{}-1{}", "for_profit": {for_profit}, "industry": "通用设备制造业", "performance": {performance}, "leading_level": "{}", "attestations": {{"supports_central_policies": true, "quality_first_strategy": true, "quality_management_system": true, "good_reputation": {}}}, "exporter": {}, "records": {records}, "recommendation": {{"by": "district_government", "name": "梁溪区人民政府", "signed": true}}, "history": [{{"year": 2019, "tier": "nomination"}}], "scores": {{"material": "{m}.5", "site": {}, "presentation": "{}"}}}}"#,
        1990 + i % 33,
        1 + i % 9,
        i % 10,
        if i % 11 == 0 { "none" } else { "domestic" },
        i % 13 != 0,
        i % 2 == 0,
        500 + (i * 31) % 400,
        550 + (i * 17) % 350
    )
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    let applicants: Vec<String> = (0..N).map(applicant).collect();
    let json = format!(
        r#"{{"cycle": {{"year": 2024, "application_deadline": "2024-09-01", "publicity_start": "2024-12-02"}}, "applicants": [{}]}}"#,
        applicants.join(",\n")
    );
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
        qaward::cohort::read_json(json.as_bytes()).expect("the synthetic cohort is valid")
    });
    let options = Options::default();
    let (eval_time, eligible) = best_of(5, || {
        let outcome = evaluate(&policy, &cohort, &options);
        outcome.summary.eligible
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
        "  total                         {:>10.1} ms  {:>8.0} ns/applicant",
        (read_time + eval_time).as_secs_f64() * 1e3,
        per(read_time + eval_time)
    );
}
