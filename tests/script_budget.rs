//! One time budget for the scripts of a whole command (issue 21): a sweep of 10,000 variants
//! is 10,000 evaluations, each with its own 30 s, so without it a runaway script could keep
//! `qaward sweep` busy for days. This file is a process of its own: the limit it sets is the
//! process's.

use std::time::{Duration, Instant};

use crate::common::*;

#[test]
fn the_scripts_of_every_evaluation_share_the_commands_time() {
    assert_eq!(qaward::SCRIPT_COMMAND_TIME, Duration::from_secs(120));
    // Each call spins until its own 100 ms limit stops it (the operation count restarts in
    // each callback; the clock does not).
    let policies = Policies::of("budget", &["wuxi-2024"]).with_script(
        "let a = []; a.pad(1000, 0); loop { a.map(|x| { let y = 0; for i in 0..1000 { y += i; } y }); }",
    );
    let store = qaward::Store::from_dir(
        policies.path(),
        qaward::Origin::Flag(policies.path().to_path_buf()),
    )
    .unwrap();
    let policy = store.load("wuxi-2024").unwrap();
    let json = std::fs::read(workdir().join(SAMPLE)).unwrap();
    let cohort = qaward::Cohort::from_json(&json, &policy).unwrap();
    qaward::limit_script_time(Duration::from_millis(500));
    let started = Instant::now();
    let first = qaward::evaluate(&policy, &cohort, &qaward::Options::default());
    let first = qaward::result_json(&first, qaward::Lang::En);
    // The second evaluation finds the command's time used up before its first script.
    let second = qaward::evaluate(&policy, &cohort, &qaward::Options::default());
    let second = qaward::result_json(&second, qaward::Lang::En);
    let took = started.elapsed();
    assert!(
        first.contains("the scripts of this command have used up their time"),
        "{first}"
    );
    assert!(
        !second.contains("out of time"),
        "no script ran in the second: {second}"
    );
    assert!(second.contains("used up their time"), "{second}");
    // 500 ms of scripts, each stopped within its call: far from 2 × 30 applicants × 100 ms.
    assert!(took < Duration::from_secs(3), "{took:?}");
}
