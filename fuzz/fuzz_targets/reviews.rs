//! A reviews file — JSON, or a workbook's reviewer sheets — applied to the reviews sample
//! cohort under the shipped policy: it may be refused, naming what is wrong, but never panics.

#![no_main]

mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const COHORT: &[u8] = include_bytes!("../../examples/reviews/cohort-2024.json");

fn cohort() -> &'static qaward::Cohort {
    static COHORT_READ: OnceLock<qaward::Cohort> = OnceLock::new();
    COHORT_READ.get_or_init(|| {
        qaward::Cohort::from_json(COHORT, common::policy()).expect("the reviews sample reads")
    })
}

fuzz_target!(|data: &[u8]| {
    let mut cohort = cohort().clone();
    let _ = qaward::apply_reviews_bytes(data, common::policy(), &mut cohort);
});
