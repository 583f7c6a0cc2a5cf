//! What the benchmarks share: a synthetic, realistic applicant and a best-of timer.

#![allow(dead_code)]

use std::time::{Duration, Instant};

/// A realistic applicant: every field present, a few records, varied so branches differ.
pub fn applicant(i: usize) -> String {
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

pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
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

/// A cohort of `n` synthetic applicants as JSON.
pub fn cohort_json(n: usize) -> String {
    let applicants: Vec<String> = (0..n).map(applicant).collect();
    format!(
        r#"{{"cycle": {{"year": 2024, "application_deadline": "2024-09-01", "publicity_start": "2024-12-02"}}, "applicants": [{}]}}"#,
        applicants.join(",\n")
    )
}
