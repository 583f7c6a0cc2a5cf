//! What the integration tests share: running the real binary in a clean environment.

#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `qaward` with `args`, without the caller's QAWARD_* settings and without colour.
pub fn qaward(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(args)
        .env_remove("QAWARD_POLICIES")
        .env_remove("QAWARD_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The JSON a successful run printed.
pub fn json_of(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("the output is JSON")
}
