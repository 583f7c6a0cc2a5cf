//! One set of validation rules: the same bad value written in a policy file, given to
//! `whatif --set` and swept with `sweep --vary` is refused by all three, in the same words.

use crate::common::*;

/// (path, the file's text, the same value written in the file, the value, what all three say)
const BAD: &[(&str, &str, &str, &str, &str)] = &[
    (
        "publicity.days",
        "days = 7",
        "days = 4000",
        "4000",
        "publicity days 4000 is not valid; it must be from 1 to 3650",
    ),
    (
        "shortlist.size",
        "size = 20",
        "size = 0",
        "0",
        "shortlist size 0 is not valid; it must be from 1 to 1000000",
    ),
    (
        "tiers.award.quota",
        "quota = 5",
        "quota = -1",
        "-1",
        "quota -1 is not valid; it cannot be negative",
    ),
    (
        "tiers.award.quota",
        "quota = 5",
        "quota = 1000000000000000000",
        "1000000000000000000",
        "quota 1000000000000000000 is not valid; it must be from 0 to 1000000",
    ),
    (
        "tiers.award.threshold",
        "threshold = 0.60",
        "threshold = 1.5",
        "1.5",
        "threshold 1.5 is outside [0, 1]",
    ),
    (
        "tiers.award.threshold",
        "threshold = 0.60",
        "threshold = -0.10",
        "-0.10",
        "threshold -0.10 is outside [0, 1]",
    ),
    (
        "tiers.award.amount",
        "amount = 1000000",
        "amount = -1",
        "-1",
        "the amount -1 is outside 0 to 1000000000000000",
    ),
    (
        "stages.site.weight",
        "weight = 0.50",
        "weight = 0.60",
        "0.60",
        "material 0.30 + site 0.60 + presentation 0.20 = 1.10",
    ),
    (
        "scoring.total",
        "total = 1000",
        "total = 0",
        "0",
        "the standard's total 0 is outside (0, 1000000000]",
    ),
    (
        "scoring.total",
        "total = 1000",
        "total = 1",
        "1",
        "exceeds the standard's total 1",
    ),
];

#[test]
fn a_file_a_whatif_and_a_sweep_refuse_the_same_values_alike() {
    for (i, (path, from, to, value, says)) in BAD.iter().enumerate() {
        let dir = Policies::of(&format!("agree-{i}"), &["wuxi-2024"]).edit("wuxi-2024", from, to);
        let file = qaward(&["eval", SAMPLE, "--policies", dir.arg(), "--lang", "en"]);
        assert_eq!(file.status.code(), Some(2), "file {path}={value}");
        assert!(
            stderr(&file).contains(says),
            "file {path}={value}: {}",
            stderr(&file)
        );

        let set = format!("{path}={value}");
        let whatif = qaward(&["whatif", SAMPLE, "--set", &set, "--lang", "en"]);
        assert_eq!(whatif.status.code(), Some(2), "whatif {set}");
        assert!(
            stderr(&whatif).contains(says),
            "whatif {set}: {}",
            stderr(&whatif)
        );

        let vary = format!("{path}={value}..{value}:1");
        // A grid whose only point is refused is refused as a whole, for the same reason.
        let sweep = qaward(&["sweep", SAMPLE, "--vary", &vary, "--lang", "en"]);
        assert_eq!(sweep.status.code(), Some(2), "sweep {vary}");
        let err = stderr(&sweep);
        assert!(err.contains("sweep::no-valid-point"), "sweep {vary}: {err}");
        assert!(err.contains(says), "sweep {vary}: {err}");
    }
}
