//! The whole `eval` command as a user runs it — start, read, evaluate, write the JSON result to
//! a file — on generated cohorts of 1,000, 100,000 and 1,000,000 applicants (written under
//! `target/bench-cohorts/`, not committed), plus 100 applicants to standard output. Prints wall
//! time (best of a few runs for the small ones) and peak memory of the process. Run with
//! `cargo bench --bench command` (add `-- 1000 100000` to choose the sizes). Not a test: it
//! asserts nothing about time.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The largest peak resident memory of any child waited for so far, in bytes.
fn children_peak() -> u64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

/// Writes a cohort of `n` generated applicants, once.
fn cohort(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cohorts");
    std::fs::create_dir_all(&dir).expect("a directory for the cohorts");
    let path = dir.join(format!("cohort-{n}.json"));
    if !path.exists() {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("cohort file"));
        write!(
            file,
            r#"{{"cycle": {{"year": 2024, "application_deadline": "2024-09-01", "publicity_start": "2024-12-02"}}, "applicants": ["#
        )
        .expect("write");
        for i in 0..n {
            let sep = if i == 0 { "" } else { ",\n" };
            write!(file, "{sep}{}", common::applicant(i)).expect("write");
        }
        writeln!(file, "]}}").expect("write");
    }
    path
}

/// Runs `qaward` with `args` in the checkout; its wall time.
fn run(args: &[&str], stdout: Stdio) -> Duration {
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("QAWARD_POLICIES")
        .stdout(stdout)
        .status()
        .expect("qaward runs");
    assert!(status.success(), "qaward {args:?} failed");
    started.elapsed()
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    println!("qaward eval, the whole command (release build), JSON result");
    // Smallest first: the peak memory read after each run is then that run's own.
    for n in sizes {
        let input = cohort(n);
        let input = input.to_str().expect("a UTF-8 path");
        let size = std::fs::metadata(input).map_or(0, |m| m.len());
        let report = |time: Duration, to: &str| {
            println!(
                "  {n:>9} applicants ({:>6.1} MB in, to {to:<9}) {:>9.3} s  peak {:>7.1} MiB  {:>6.2} µs/applicant",
                size as f64 / 1e6,
                time.as_secs_f64(),
                children_peak() as f64 / (1024.0 * 1024.0),
                time.as_secs_f64() * 1e6 / n as f64
            );
        };
        if n > 1_000 {
            // Without the disk: what the program itself costs (writing gigabytes to a file is
            // the machine's speed as much as ours).
            let time = run(&["eval", input, "--format", "json"], Stdio::null());
            report(time, "/dev/null");
        }
        let (time, to) = if n <= 1_000 {
            let runs = if n <= 100 { 20 } else { 5 };
            let best = (0..runs)
                .map(|_| run(&["eval", input, "--format", "json"], Stdio::null()))
                .min()
                .unwrap_or_default();
            (best, "stdout")
        } else {
            let out = input.replace(".json", ".result.json");
            let time = run(
                &["eval", input, "--format", "json", "--out", &out],
                Stdio::null(),
            );
            let _ = std::fs::remove_file(&out);
            (time, "--out")
        };
        report(time, to);
    }
}
