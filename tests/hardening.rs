//! Hardening (issue 14): hostile or nonsensical input is refused with a clear message and exit
//! 2, never a panic, a hang or an answer built on a wrapped number.

use crate::common::*;

/// A run that must be refused with `code`, in English.
fn refused(args: &[&str], code: &str) -> String {
    let mut all = args.to_vec();
    all.extend(["--lang", "en"]);
    let o = qaward(&all);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(code), "{code} not in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// The sample cohort with its cycle edited.
fn with_cycle(name: &str, edit: impl Fn(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workdir().join(SAMPLE)).unwrap()).unwrap();
    edit(&mut v["cycle"]);
    let path = temp_dir(name).join("cohort.json");
    std::fs::write(&path, v.to_string()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_sweep_grid_is_bounded_as_a_whole_not_only_per_axis() {
    let err = refused(
        &[
            "sweep",
            SAMPLE,
            "--vary",
            "tiers.award.quota=1..10000:1",
            "--vary",
            "tiers.nomination.quota=1..10000:1",
        ],
        "sweep::too-many-points",
    );
    assert!(
        err.contains("the grid has 100000000 points, more than the 100000 allowed"),
        "{err}"
    );
    // The largest decimal as both ends does not overflow.
    let o = qaward(&[
        "sweep",
        SAMPLE,
        "--vary",
        "tiers.award.quota=79228162514264337593543950335..79228162514264337593543950335:1",
    ]);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn stability_trials_and_noise_have_bounds() {
    for trials in ["0", "18446744073709551615", "1000001"] {
        refused(
            &["stability", SAMPLE, "--noise", "5", "--trials", trials],
            "stability::trials",
        );
    }
    refused(
        &["stability", SAMPLE, "--noise", "1e20"],
        "stability::noise",
    );
}

#[test]
fn an_award_year_or_notice_far_from_the_deadline_is_refused() {
    let cohort = with_cycle("year", |c| c["year"] = (-2_147_483_648_i64).into());
    let err = refused(&["eval", &cohort], "cohort::invalid");
    assert!(
        err.contains("is more than 5 years from the application deadline"),
        "{err}"
    );
    let cohort = with_cycle("notice", |c| c["publicity_start"] = "9999-12-31".into());
    let err = refused(&["eval", &cohort], "cohort::invalid");
    assert!(err.contains("publicity start 9999-12-31"), "{err}");
    // At the calendar's end, a notice that would run past 9999 is said, not printed as 10000.
    let cohort = with_cycle("end", |c| {
        c["year"] = 9999.into();
        c["application_deadline"] = "9999-12-20".into();
        c["publicity_start"] = "9999-12-31".into();
    });
    let out = ok_stdout(&qaward(&[
        "eval",
        &cohort,
        "--policy",
        "wuxi-2024",
        "--ignore-validity",
        "--lang",
        "en",
    ]));
    assert!(out.contains("would end after the year 9999"), "{out}");
    assert!(!out.contains("10000-"), "{out}");
}

#[test]
fn a_quota_beyond_its_bound_says_the_bound() {
    let err = refused(
        &[
            "whatif",
            SAMPLE,
            "--set",
            "tiers.award.quota=1000000000000000000",
        ],
        "whatif::invalid-variant",
    );
    assert!(err.contains("it must be from 0 to 1000000"), "{err}");
}

#[test]
fn a_json_cohort_may_start_with_a_byte_order_mark() {
    let path = temp_dir("bom").join("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(br#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[]}"#);
    std::fs::write(&path, bytes).unwrap();
    ok_stdout(&qaward(&["eval", path.to_str().unwrap()]));
}

/// The shipped policy with a script clause over two ranks, its source `script`.
fn with_script(name: &str, script: &str) -> Policies {
    Policies::of(name, &["wuxi-2024"]).with_script(script)
}

/// The reason the script clause gives for the sample's first applicant.
fn script_reason(p: &Policies) -> String {
    let v = eval_json(SAMPLE, p);
    v["applicants"][0]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "rank.script")
        .map(|c| c["reason"].as_str().unwrap().to_owned())
        .unwrap()
}

#[test]
fn a_script_cannot_change_params_sleep_or_escape_through_a_comparator() {
    // Assigning to params (which made Rhai panic) is refused when the policy is checked.
    for src in [
        "params[\"loss_free_years\"] = 99; true",
        "params.industry_rank_limit += 1; true",
    ] {
        let out = refused_check(&with_script("params", src));
        assert!(
            out.contains("a script may not change `params`"),
            "{src}: {out}"
        );
    }
    // Comparing params is still reading them.
    let ok = with_script(
        "params-read",
        "params.industry_rank_limit == 3 && scale != 0",
    );
    assert!(
        script_reason(&ok).contains("returned true"),
        "{}",
        script_reason(&ok)
    );
    // sleep() and a comparator that never returns stop the script: undetermined, at once.
    for src in [
        "sleep(1); true",
        "let a = [3, 1, 2]; a.sort(|x, y| { loop {} }); true",
    ] {
        let started = std::time::Instant::now();
        let reason = script_reason(&with_script("blocking", src));
        assert!(
            reason.contains("failed, so this is undetermined"),
            "{src}: {reason}"
        );
        assert!(
            started.elapsed().as_secs() < 5,
            "{src} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_failed_write_to_standard_output_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not a Linux machine
    };
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(["eval", SAMPLE, "--format", "json", "--lang", "en"])
        .current_dir(workdir())
        .stdout(std::process::Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot write to standard output"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn out_refuses_the_policy_read_devices_and_links_and_takes_long_names() {
    let p = Policies::of("out", &["wuxi-2024"]);
    let policy_file = p.dir("wuxi-2024").join("policy.toml");
    let before = std::fs::read(&policy_file).unwrap();
    let err = refused(
        &[
            "eval",
            SAMPLE,
            "--policies",
            p.arg(),
            "--out",
            policy_file.to_str().unwrap(),
        ],
        "output::would-overwrite-input",
    );
    assert!(err.contains("inside the directory of the policy"), "{err}");
    assert_eq!(
        std::fs::read(&policy_file).unwrap(),
        before,
        "the policy is untouched"
    );
    if std::path::Path::new("/dev/full").exists() {
        refused(
            &["eval", SAMPLE, "--out", "/dev/full"],
            "output::not-a-file",
        );
    }
    let dir = temp_dir("out-names");
    #[cfg(unix)]
    {
        let link = dir.join("link.txt");
        std::os::unix::fs::symlink(dir.join("target.txt"), &link).unwrap();
        refused(
            &["eval", SAMPLE, "--out", link.to_str().unwrap()],
            "output::not-a-file",
        );
    }
    let long = dir.join(format!("{}.txt", "a".repeat(250)));
    ok_stdout(&qaward(&["eval", SAMPLE, "--out", long.to_str().unwrap()]));
    assert!(long.is_file());
}

#[test]
fn an_endless_input_is_refused_at_a_bound() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    // Refused at its first byte, not after reading 2 GiB of it.
    let err = refused(&["eval", "/dev/zero"], "cohort::syntax");
    assert!(err.contains("byte 1 is NUL"), "{err}");
}

#[test]
fn an_endless_standard_input_is_refused_at_once() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(["eval", "-", "--lang", "en"])
        .current_dir(workdir())
        .env_remove("QAWARD_POLICIES")
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("cohort::syntax"), "{err}");
    assert!(err.contains("byte 1 is NUL"), "{err}");
}

#[test]
fn a_script_may_start_with_a_byte_order_mark() {
    let p = with_script(
        "bom",
        "\u{feff}params.industry_rank_limit == 3 && scale != 0",
    );
    assert!(
        script_reason(&p).contains("returned true"),
        "{}",
        script_reason(&p)
    );
}

#[test]
fn control_characters_in_the_data_are_shown_not_obeyed() {
    let path = temp_dir("control").join("c.json");
    std::fs::write(
        &path,
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},
            "applicants":[{"id":"A\u001b[2J","name":"x\u0007y"}]}"#,
    )
    .unwrap();
    let out = ok_stdout(&qaward(&["eval", path.to_str().unwrap(), "--lang", "en"]));
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("A\\u{1b}[2J x\\u{7}y"), "{out}");
    let out = ok_stdout(&qaward(&[
        "explain",
        path.to_str().unwrap(),
        "--applicant",
        "A\u{1b}[2J",
        "--lang",
        "en",
    ]));
    assert!(!out.contains('\u{1b}'), "{out:?}");
    // A free-text value inside a reason, likewise.
    let with_record = temp_dir("control-record").join("c.json");
    std::fs::write(
        &with_record,
        r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},
            "applicants":[{"id":"B","records":[{"kind":"violation","date":"2024-01-01","severity":"major","category":"x\u001b[2J"}]}]}"#,
    )
    .unwrap();
    let out = ok_stdout(&qaward(&[
        "eval",
        with_record.to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("x\\u{1b}[2J"), "{out}");
    // The JSON keeps the id exactly (escaped as JSON does).
    let v = json_of(&qaward(&[
        "eval",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(v["applicants"][0]["id"], "A\u{1b}[2J");
}

#[test]
fn an_amendment_that_extends_itself_by_a_path_is_refused_not_a_stack_overflow() {
    let example =
        std::fs::read_to_string(repo().join("examples/amendments/wuxi-2024-rank5/policy.toml"))
            .unwrap()
            .replace("id = \"wuxi-2024-rank5\"", "id = \"a1\"");
    for spelt in ["./a1", "a1/", "a1/.", "../p/a1"] {
        let text = example.replace("extends = \"wuxi-2024\"", &format!("extends = \"{spelt}\""));
        let p = Policies::of("self-extends", &["wuxi-2024"]).write("a1", "policy.toml", &text);
        let a1 = p.dir("a1");
        let err = refused(
            &[
                "diff",
                "wuxi-2024",
                a1.to_str().unwrap(),
                "--policies",
                p.arg(),
            ],
            "policy::schema",
        );
        assert!(err.contains("does not match"), "{spelt}: {err}");
    }
}

#[test]
fn policy_tests_refuse_a_nonsense_gate_and_a_misspelt_unset() {
    for bad in ["NaN", "101", "inf"] {
        refused(&["test", "--min-coverage", bad], "test::min-coverage");
    }
    let case = r#"
[[cases]]
name = "misspelt"
  [[cases.applicants]]
  id = "m"
  unset = ["recods"]
  [cases.expect.m]
  eligibility = "eligible"
"#;
    let p = Policies::of("unset", &["wuxi-2024"]);
    let file = p.dir("wuxi-2024").join("tests").join("conditions.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n{case}")).unwrap();
    let o = qaward(&["test", "wuxi-2024", "--policies", p.arg(), "--lang", "en"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("unset names `recods`, which the policy does not declare"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_symlinked_policy_file() {
    let p = Policies::of("fmt-link", &["wuxi-2024"]);
    let dir = p.dir("wuxi-2024");
    let real = temp_dir("fmt-real").join("policy.toml");
    let text = std::fs::read_to_string(dir.join("policy.toml")).unwrap();
    // Unformatted: spaces around one `=`.
    std::fs::write(&real, text.replacen("quota = 5\n", "quota   =   5\n", 1)).unwrap();
    std::fs::remove_file(dir.join("policy.toml")).unwrap();
    std::os::unix::fs::symlink(&real, dir.join("policy.toml")).unwrap();
    ok_stdout(&qaward(&["fmt", dir.to_str().unwrap()]));
    let meta = std::fs::symlink_metadata(dir.join("policy.toml")).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        text,
        "the file it names is formatted"
    );
}

#[test]
fn version_names_the_commit_and_the_embedded_policies() {
    let out = ok_stdout(&qaward(&["--version"]));
    assert!(out.starts_with("qaward "), "{out}");
    assert!(out.contains("(commit "), "{out}");
    assert!(out.contains("  wuxi-2024 sha256:"), "{out}");
    assert!(out.contains("  wuxi-2017 sha256:"), "{out}");
}

#[test]
fn a_cohort_can_come_from_standard_input() {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(["eval", "-", "--format", "json", "--lang", "en"])
        .current_dir(workdir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let sample = std::fs::read(workdir().join(SAMPLE)).unwrap();
    child.stdin.take().unwrap().write_all(&sample).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let from_file = ok_stdout(&qaward(&[
        "eval", SAMPLE, "--format", "json", "--lang", "en",
    ]));
    assert_eq!(String::from_utf8_lossy(&o.stdout), from_file);
}

/// Asked to keep only what the procedure needs, an evaluation still keeps every clause's
/// verdict when a clause is a script: judged again, its clock could decide otherwise.
#[test]
fn a_policy_with_a_script_is_never_evaluated_lean() {
    let p = with_script("lean-script", "scale != 0");
    let store =
        qaward::Store::from_dir(p.path(), qaward::Origin::Flag(p.path().to_owned())).unwrap();
    let sample = workdir().join(SAMPLE);
    let mut case = qaward::Case::read(&store, &sample, &qaward::Choice::in_force()).unwrap();
    case.options.lean = true;
    let outcome = case.evaluate();
    assert!(!outcome.lean);
    assert!(outcome.verdicts.iter().all(|v| !v.clauses.is_empty()));
    // The shipped policy, without scripts, is evaluated lean when asked.
    let shipped = Policies::of("lean-shipped", &["wuxi-2024"]);
    let store = qaward::Store::from_dir(
        shipped.path(),
        qaward::Origin::Flag(shipped.path().to_owned()),
    )
    .unwrap();
    let mut case = qaward::Case::read(&store, &sample, &qaward::Choice::in_force()).unwrap();
    case.options.lean = true;
    let outcome = case.evaluate();
    assert!(outcome.lean && outcome.verdicts.iter().all(|v| v.clauses.is_empty()));
}
