//! The award's memory (issue 26): a three-year story through the ledger, the steps it refuses,
//! two writers at once, a write cut off in the middle, and an edit made behind qaward's back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// A fresh ledger file in a directory of its own.
fn fresh(name: &str) -> PathBuf {
    temp_dir(name).join("ledger").join("qaward.db")
}

/// `qaward ledger ARGS --ledger DB` in the working directory.
fn ledger(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["ledger", "--ledger", db.to_str().unwrap()];
    all.extend_from_slice(args);
    qaward(&all)
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(o), stderr(o));
    stdout(o)
}

fn refused(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(o), stderr(o));
    stderr(o)
}

/// The entries, as `ledger show --format json` gives them.
fn entries(db: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str(&ok(&ledger(db, &["show", "--format", "json"]))).unwrap()
}

/// The payouts an evaluation with the ledger's history gives, by application id.
fn payouts(db: &Path, cohort: &str) -> serde_json::Value {
    let o = qaward(&[
        "eval",
        cohort,
        "--format",
        "json",
        "--ledger",
        db.to_str().unwrap(),
    ]);
    let doc: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    let mut out = serde_json::Map::new();
    for a in doc["applicants"].as_array().unwrap() {
        if !a["payout"].is_null() {
            out.insert(a["id"].as_str().unwrap().to_owned(), a["payout"].clone());
        }
    }
    serde_json::Value::Object(out)
}

/// 2024: evaluated, proposed, one objection upheld, approved, paid.
fn year_2024(db: &Path) {
    ok(&ledger(
        db,
        &["record-run", "examples/ledger/cohort-2024.json"],
    ));
    ok(&ledger(db, &["propose", "--year", "2024"]));
    ok(&ledger(
        db,
        &[
            "object",
            "--year",
            "2024",
            "--applicant",
            "WX2024-003",
            "--received",
            "2024-12-05",
            "--text",
            "举报其隐瞒质量事故",
        ],
    ));
    ok(&ledger(
        db,
        &[
            "uphold",
            "--objection",
            "3",
            "--date",
            "2024-12-10",
            "--reason",
            "经核实属实",
        ],
    ));
    ok(&ledger(
        db,
        &[
            "approve",
            "--year",
            "2024",
            "--document",
            "锡政发〔2024〕99号",
            "--date",
            "2024-12-20",
        ],
    ));
}

/// A fresh ledger holding 2024 evaluated, proposed, objected to, approved and paid.
pub(crate) fn story_2024(name: &str) -> PathBuf {
    let db = fresh(name);
    year_2024(&db);
    ok(&ledger(
        &db,
        &["pay", "--year", "2024", "--date", "2024-12-30"],
    ));
    db
}

#[test]
fn the_year_paper_says_each_step_under_its_article() {
    let db = story_2024("ledger-paper");
    let html = ok(&ledger(
        &db,
        &["show", "--year", "2024", "--format", "html"],
    ));
    for needed in [
        "<h1>2024年度无锡市市长质量奖评定决定记录</h1>",
        "候选名单<span class=\"cite\">（第十一条第（五）项）</span>",
        "社会公示<span class=\"cite\">（第十一条第（六）项）</span>",
        "批准<span class=\"cite\">（第十一条第（七）项）</span>",
        "举报其隐瞒质量事故",
        "成立（2024年12月10日，经核实属实）",
        "不发放（2019年已获得，非首次）",
        "100万元",
        "台账核验</th><td>完好",
    ] {
        assert!(html.contains(needed), "{needed} missing:\n{html}");
    }
    let csv = ok(&ledger(&db, &["show", "--format", "csv"]));
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel");
    // A clerk's text that looks like a formula stays text in the export.
    ok(&ledger(
        &db,
        &["void", "13", "--reason", "=HYPERLINK(\"http://x\")"],
    ));
    let csv = ok(&ledger(&db, &["show", "--format", "csv"]));
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    let out = db.with_file_name("台账.xlsx");
    ok(&ledger(
        &db,
        &["show", "--format", "xlsx", "--out", out.to_str().unwrap()],
    ));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    // Never written over the ledger itself.
    let e = refused(&ledger(
        &db,
        &["show", "--format", "csv", "--out", db.to_str().unwrap()],
    ));
    assert!(e.contains("output::"), "{e}");
}

#[test]
fn three_years_of_decisions_pay_first_wins_once_and_a_revoked_win_counts_no_more() {
    let db = fresh("ledger-story");
    year_2024(&db);
    let paid = ok(&ledger(
        &db,
        &["pay", "--year", "2024", "--date", "2024-12-30"],
    ));
    // The candidate whose objection was upheld was not approved, so is not paid; an earlier
    // winner typed in the cohort (2019, before the ledger began) is not paid again.
    assert!(!paid.contains("无锡示例半导体股份有限公司"), "{paid}");
    assert!(
        paid.contains("无锡示例精密机械有限公司：不发放——2019 年已获得无锡市市长质量奖，非首次获得，不发奖金（第十二条）"),
        "{paid}"
    );
    assert!(paid.contains("无锡示例人民医院：发放 100万元"), "{paid}");
    let pays = |db: &Path, year: i64| -> Vec<(String, String)> {
        entries(db)
            .iter()
            .filter(|e| e["kind"] == "pay" && e["year"] == year)
            .map(|e| {
                (
                    e["applicant"].as_str().unwrap().to_owned(),
                    e["facts"]["amount"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let first = pays(&db, 2024);
    assert_eq!(first.len(), 8, "{first:?}");
    assert!(first.contains(&("91320200700000002X".into(), "1000000".into())));
    assert!(first.contains(&("91320200700000006X".into(), "200000".into())));
    // Paying again pays no one twice.
    let again = ok(&ledger(
        &db,
        &["pay", "--year", "2024", "--date", "2024-12-31"],
    ));
    assert!(again.contains("台账未改动"), "{again}");
    assert_eq!(pays(&db, 2024).len(), 8);

    // 2025: the 2024 winners apply again and are not paid again; the one kept out in 2024 wins
    // for the first time. The evaluation takes the history from the ledger, untyped.
    let before = payouts(&db, "examples/ledger/cohort-2025.json");
    assert_eq!(before["WX2025-002"], "0", "{before}");
    assert_eq!(before["WX2025-003"], "1000000", "{before}");
    ok(&ledger(
        &db,
        &["record-run", "examples/ledger/cohort-2025.json"],
    ));
    ok(&ledger(&db, &["propose", "--year", "2025"]));
    ok(&ledger(
        &db,
        &[
            "approve",
            "--year",
            "2025",
            "--document",
            "锡政发〔2025〕88号",
            "--date",
            "2025-12-20",
        ],
    ));
    let paid = ok(&ledger(
        &db,
        &["pay", "--year", "2025", "--date", "2025-12-30"],
    ));
    assert!(
        paid.contains("无锡示例人民医院：不发放——2024 年已获得无锡市市长质量奖，非首次获得"),
        "{paid}"
    );
    let second = pays(&db, 2025);
    assert!(
        second.contains(&("91320200700000003X".into(), "1000000".into())),
        "{second:?}"
    );
    assert!(second
        .iter()
        .all(|(who, _)| first.iter().all(|(w, _)| w != who)));

    // 2026: the 2025 win is revoked under the incident ground (after the win), the money to
    // recover is what was paid, and the notice names the article; a revoked win is no longer
    // a win, so in 2026 that organisation is a first-time winner again.
    let early = refused(&ledger(
        &db,
        &[
            "revoke",
            "--applicant",
            "91320200700000003X",
            "--year",
            "2025",
            "--ground",
            "incident",
            "--date",
            "2025-11-01",
            "--document",
            "锡政发〔2026〕5号",
            "--reason",
            "2026年3月发生重大质量事故",
        ],
    ));
    assert!(
        early.contains("ledger::before-win") && early.contains("第十四条"),
        "{early}"
    );
    ok(&ledger(
        &db,
        &[
            "revoke",
            "--applicant",
            "91320200700000003X",
            "--year",
            "2025",
            "--ground",
            "incident",
            "--date",
            "2026-05-10",
            "--document",
            "锡政发〔2026〕5号",
            "--reason",
            "2026年3月发生重大质量事故",
        ],
    ));
    let all = entries(&db);
    let revocation = all.iter().find(|e| e["kind"] == "revoke").unwrap();
    assert_eq!(revocation["facts"]["recover"], "1000000");
    assert_eq!(revocation["facts"]["cite"], "Art. 14");
    let notice = revocation["facts"]["notice"].as_str().unwrap();
    assert!(
        notice.contains("第十四条") && notice.contains("收回奖杯、奖牌和奖金"),
        "{notice}"
    );
    let later = payouts(&db, "examples/ledger/cohort-2026.json");
    assert_eq!(later["WX2026-003"], "1000000", "{later}");
    assert_eq!(later["WX2026-002"], "0", "{later}");
    // The chain holds after all of it.
    assert!(ok(&ledger(&db, &["verify"])).contains(&format!("{} 条记录", all.len())));
}

#[test]
fn the_steps_refuse_what_the_policy_forbids_and_write_nothing() {
    let db = fresh("ledger-refusals");
    ok(&ledger(
        &db,
        &["record-run", "examples/ledger/cohort-2024.json"],
    ));
    let count = || entries(&db).len();
    // Approving before any proposal.
    let e = refused(&ledger(
        &db,
        &[
            "approve",
            "--year",
            "2024",
            "--document",
            "X",
            "--date",
            "2024-12-20",
        ],
    ));
    assert!(e.contains("ledger::no-proposal"), "{e}");
    ok(&ledger(&db, &["propose", "--year", "2024"]));
    let n = count();
    // An objection after the notice ended, citing the article on notices.
    let e = refused(&ledger(
        &db,
        &[
            "object",
            "--year",
            "2024",
            "--applicant",
            "WX2024-004",
            "--received",
            "2024-12-20",
            "--text",
            "迟到的异议",
        ],
    ));
    assert!(
        e.contains("ledger::outside-notice") && e.contains("第十一条第（六）项"),
        "{e}"
    );
    // Approving while the notice runs.
    let e = refused(&ledger(
        &db,
        &[
            "approve",
            "--year",
            "2024",
            "--document",
            "X",
            "--date",
            "2024-12-05",
        ],
    ));
    assert!(
        e.contains("ledger::notice-running") && e.contains("第十一条第（七）项"),
        "{e}"
    );
    // Approving someone who is not a candidate, unless forced with a reason.
    let e = refused(&ledger(
        &db,
        &[
            "approve",
            "--year",
            "2024",
            "--document",
            "X",
            "--date",
            "2024-12-20",
            "--applicant",
            "WX2024-020",
        ],
    ));
    assert!(e.contains("ledger::not-candidate"), "{e}");
    // An unknown ground of revocation names the ones the policy has.
    let e = refused(&ledger(
        &db,
        &[
            "revoke",
            "--applicant",
            "WX2024-002",
            "--year",
            "2024",
            "--ground",
            "whim",
            "--date",
            "2025-01-01",
            "--document",
            "X",
            "--reason",
            "x",
        ],
    ));
    assert!(e.contains("fraud") && e.contains("incident"), "{e}");
    assert_eq!(count(), n, "a refusal writes nothing");
    // A proposal cannot be voided while an approval rests on it.
    ok(&ledger(
        &db,
        &[
            "approve",
            "--year",
            "2024",
            "--document",
            "X",
            "--date",
            "2024-12-20",
        ],
    ));
    let e = refused(&ledger(&db, &["void", "2", "--reason", "重提"]));
    assert!(e.contains("ledger::dependents"), "{e}");
}

/// `qaward ledger …` started with the write held open `pause_ms` before it commits.
fn slow_writer(db: &Path, pause_ms: u64, args: &[&str]) -> std::process::Child {
    let mut all = vec!["ledger", "--ledger", db.to_str().unwrap()];
    all.extend_from_slice(args);
    Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(&all)
        .current_dir(workdir())
        .env_remove("QAWARD_POLICIES")
        .env("QAWARD_LEDGER_TEST_PAUSE_MS", pause_ms.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the ledger's write lock is taken (the slow writer has begun its write).
fn until_locked(db: &Path) {
    for _ in 0..200 {
        let c = rusqlite::Connection::open(db).unwrap();
        c.busy_timeout(std::time::Duration::ZERO).unwrap();
        if c.execute_batch("BEGIN IMMEDIATE; ROLLBACK;").is_err() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the slow writer never took the lock");
}

#[test]
fn a_second_writer_waits_or_gives_up_cleanly_and_nothing_is_lost() {
    let db = fresh("ledger-writers");
    ok(&ledger(
        &db,
        &["record-run", "examples/ledger/cohort-2024.json"],
    ));
    let slow = slow_writer(&db, 1500, &["propose", "--year", "2024"]);
    until_locked(&db);
    // One that will not wait long enough gives up, saying so, and writes nothing.
    let e = refused(&ledger(&db, &["--wait", "0", "void", "1", "--reason", "x"]));
    assert!(e.contains("ledger::busy"), "{e}");
    // One that waits goes after it.
    let waiting = ledger(
        &db,
        &[
            "--wait",
            "20",
            "object",
            "--year",
            "2024",
            "--applicant",
            "WX2024-002",
            "--received",
            "2024-12-03",
            "--text",
            "异议",
        ],
    );
    let slow = slow.wait_with_output().unwrap();
    ok(&slow);
    ok(&waiting);
    let kinds: Vec<String> = entries(&db)
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["run", "propose", "object"]);
    ok(&ledger(&db, &["verify"]));
}

#[test]
fn a_write_cut_off_in_the_middle_leaves_the_ledger_as_it_was() {
    let db = fresh("ledger-crash");
    ok(&ledger(
        &db,
        &["record-run", "examples/ledger/cohort-2024.json"],
    ));
    let before = entries(&db);
    let mut slow = slow_writer(&db, 30_000, &["propose", "--year", "2024"]);
    until_locked(&db);
    slow.kill().unwrap();
    slow.wait().unwrap();
    let after = entries(&db);
    assert_eq!(before, after, "the cut-off write left nothing behind");
    ok(&ledger(&db, &["verify"]));
    ok(&ledger(&db, &["propose", "--year", "2024"]));
    assert_eq!(entries(&db).len(), 2);
}

#[test]
fn an_edit_made_outside_qaward_is_found_by_verify() {
    let db = fresh("ledger-tamper");
    year_2024(&db);
    ok(&ledger(&db, &["verify"]));
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        // qaward's own connection refuses to change a written entry…
        assert!(c
            .execute("UPDATE entries SET who = 'x' WHERE seq = 1", [])
            .is_err());
        // …but whoever drops the guard can; the chain still tells.
        c.execute_batch(
            "DROP TRIGGER entries_no_update;
             UPDATE entries SET body = replace(body, '锡政发〔2024〕99号', '锡政发〔2024〕98号') WHERE seq = 5;",
        )
        .unwrap();
    }
    let o = ledger(&db, &["verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let said = stderr(&o);
    assert!(
        said.contains("第 5 条") && said.contains("ledger::tampered"),
        "{said}"
    );
    // A removed entry breaks the numbering and the link of the one after it.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE seq = 3;")
        .unwrap();
    let said = stderr(&ledger(&db, &["verify"]));
    assert!(said.contains("第 4 条"), "{said}");
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_and_left_alone() {
    let dir = temp_dir("ledger-not");
    let other = dir.join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let e = refused(&ledger(
        &other,
        &["record-run", "examples/ledger/cohort-2024.json"],
    ));
    assert!(e.contains("ledger::not-a-ledger"), "{e}");
    assert_eq!(std::fs::read(&other).unwrap(), before);
    let text = dir.join("notes.db");
    std::fs::write(&text, "not a database at all, just text\n").unwrap();
    let e = refused(&ledger(&text, &["verify"]));
    assert!(e.contains("ledger::not-a-ledger"), "{e}");
}

#[test]
fn a_template_made_from_a_cohort_takes_the_earlier_wins_from_the_ledger() {
    let db = story_2024("ledger-template");
    let out = db.with_file_name("2025.csv");
    ok(&qaward(&[
        "template",
        "--from",
        "examples/ledger/cohort-2025.json",
        "--ledger",
        db.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]));
    let history = std::fs::read_to_string(db.with_file_name("2025.history.csv")).unwrap();
    // The 2024 winner's win is filled in; the one whose objection was upheld won nothing; a
    // win typed for a year before the ledger began stays.
    assert!(
        history.contains("WX2025-002,2024,无锡市市长质量奖,否"),
        "{history}"
    );
    assert!(!history.contains("WX2025-003,2024"), "{history}");
    assert!(
        history.contains("WX2025-001,2019,无锡市市长质量奖"),
        "{history}"
    );
}

#[test]
fn a_win_under_the_2017_measures_counts_for_a_later_first_time_rule() {
    let db = fresh("ledger-2017");
    let run = ok(&ledger(
        &db,
        &["record-run", "examples/ledger/cohort-2019.json"],
    ));
    assert!(run.contains("2019"), "{run}");
    ok(&ledger(&db, &["propose", "--year", "2019"]));
    let approved = ledger(
        &db,
        &[
            "approve",
            "--year",
            "2019",
            "--document",
            "锡政发〔2019〕1号",
            "--date",
            "2019-12-30",
        ],
    );
    // The 2017 rules are the 2024 ones copied, and the ledger says so.
    assert!(
        stderr(&approved).contains("wuxi-2017"),
        "{}",
        stderr(&approved)
    );
    ok(&approved);
    let runs: Vec<_> = entries(&db)
        .into_iter()
        .filter(|e| e["kind"] == "run")
        .collect();
    assert_eq!(runs[0]["facts"]["policy"], "wuxi-2017");
    // 2024, under the 2024 measures: the 2019 winners are not first-time winners.
    let later = payouts(&db, "examples/ledger/cohort-2024.json");
    assert_eq!(later["WX2024-002"], "0", "{later}");
    assert_eq!(later["WX2024-006"], "0", "{later}");
}

#[test]
fn dates_out_of_order_or_to_come_empty_words_and_wrong_entries_are_refused() {
    let db = fresh("ledger-order");
    ok(&ledger(
        &db,
        &["record-run", "examples/ledger/cohort-2024.json"],
    ));
    // The sample's result is provisional (undetermined applicants could reach the shortlist).
    let proposed = ledger(&db, &["propose", "--year", "2024"]);
    assert!(stderr(ok_then(&proposed)).contains("ledger::provisional"));
    ok(&ledger(
        &db,
        &[
            "object",
            "--year",
            "2024",
            "--applicant",
            "WX2024-002",
            "--received",
            "2024-12-05",
            "--text",
            "异议",
        ],
    ));
    let n = entries(&db).len();
    // A ruling before the objection arrived; a ruling on what is not an objection; on nothing.
    let e = refused(&ledger(
        &db,
        &[
            "dismiss",
            "--objection",
            "3",
            "--date",
            "2024-12-01",
            "--reason",
            "x",
        ],
    ));
    assert!(e.contains("ledger::out-of-order"), "{e}");
    let e = refused(&ledger(
        &db,
        &[
            "dismiss",
            "--objection",
            "2",
            "--date",
            "2024-12-06",
            "--reason",
            "x",
        ],
    ));
    assert!(e.contains("第 2 条是候选名单，不是公示异议"), "{e}");
    let e = refused(&ledger(
        &db,
        &[
            "dismiss",
            "--objection",
            "99",
            "--date",
            "2024-12-06",
            "--reason",
            "x",
        ],
    ));
    assert!(e.contains("台账中没有第 99 条记录"), "{e}");
    // Empty words.
    let e = refused(&ledger(
        &db,
        &[
            "dismiss",
            "--objection",
            "3",
            "--date",
            "2024-12-06",
            "--reason",
            " ",
        ],
    ));
    assert!(e.contains("ledger::empty"), "{e}");
    ok(&ledger(
        &db,
        &[
            "dismiss",
            "--objection",
            "3",
            "--date",
            "2024-12-06",
            "--reason",
            "查无实据",
        ],
    ));
    // An approval still to come, or without its document number.
    let e = refused(&ledger(
        &db,
        &[
            "approve",
            "--year",
            "2024",
            "--document",
            "X",
            "--date",
            "2999-01-01",
        ],
    ));
    assert!(e.contains("ledger::future-date"), "{e}");
    let e = refused(&ledger(
        &db,
        &[
            "approve",
            "--year",
            "2024",
            "--document",
            "",
            "--date",
            "2024-12-20",
        ],
    ));
    assert!(e.contains("ledger::empty"), "{e}");
    ok(&ledger(
        &db,
        &[
            "approve",
            "--year",
            "2024",
            "--document",
            "X",
            "--date",
            "2024-12-20",
        ],
    ));
    // Money before the approval; an objection after it; a revocation before the win.
    let e = refused(&ledger(
        &db,
        &["pay", "--year", "2024", "--date", "2024-12-19"],
    ));
    assert!(e.contains("ledger::out-of-order"), "{e}");
    let e = refused(&ledger(
        &db,
        &[
            "object",
            "--year",
            "2024",
            "--applicant",
            "WX2024-002",
            "--received",
            "2024-12-06",
            "--text",
            "迟",
        ],
    ));
    assert!(e.contains("ledger::approved"), "{e}");
    let e = refused(&ledger(
        &db,
        &[
            "revoke",
            "--applicant",
            "WX2024-002",
            "--year",
            "2024",
            "--ground",
            "fraud",
            "--date",
            "2024-12-01",
            "--document",
            "X",
            "--reason",
            "x",
        ],
    ));
    assert!(e.contains("ledger::out-of-order"), "{e}");
    assert_eq!(
        entries(&db).len(),
        n + 2,
        "only the ruling and the approval were written"
    );
}

#[test]
fn reading_never_turns_a_file_into_a_ledger_and_one_identity_is_one_applicant() {
    let dir = temp_dir("ledger-read");
    let empty = dir.join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let e = refused(&ledger(&empty, &["show"]));
    assert!(e.contains("ledger::not-a-ledger"), "{e}");
    assert_eq!(
        std::fs::read(&empty).unwrap().len(),
        0,
        "the file is left as it was"
    );
    let e = refused(&ledger(&dir.join("none.db"), &["verify"]));
    assert!(e.contains("ledger::missing"), "{e}");
    assert!(!dir.join("none.db").exists());
    // Two applicants under one credit code: refused before anything is written.
    let text = std::fs::read_to_string(workdir().join("examples/ledger/cohort-2024.json")).unwrap();
    let twice = text.replacen("91320200700000007X", "91320200700000006X", 1);
    std::fs::write(dir.join("twice.json"), twice).unwrap();
    let db = dir.join("l.db");
    let o = qaward(&[
        "ledger",
        "--ledger",
        db.to_str().unwrap(),
        "record-run",
        dir.join("twice.json").to_str().unwrap(),
    ]);
    let e = refused(&o);
    assert!(
        e.contains("ledger::same-identity") && e.contains("WX2024-006") && e.contains("WX2024-007"),
        "{e}"
    );
    // A new ledger is said to be new; each warning of the run is said once.
    let o = ledger(&db, &["record-run", "examples/ledger/cohort-2024.json"]);
    let said = stderr(ok_then(&o));
    assert!(said.contains("新建台账"), "{said}");
    assert_eq!(said.matches("WX2024-025").count(), 1, "{said}");
}

fn ok_then(o: &Output) -> &Output {
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(o), stderr(o));
    o
}

#[test]
fn entries_cut_from_the_end_are_found_against_a_noted_last_hash() {
    let db = story_2024("ledger-cut");
    let all = entries(&db);
    let last = all.last().unwrap()["hash"].as_str().unwrap().to_owned();
    ok(&ledger(&db, &["verify", "--last", &last]));
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE seq = (SELECT max(seq) FROM entries);")
        .unwrap();
    // The chain that is left holds; the noted hash says what is missing.
    ok(&ledger(&db, &["verify"]));
    let o = ledger(&db, &["verify", "--last", &last]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&last), "{}", stderr(&o));
    // explain takes the history from the ledger as eval does.
    let text = ok(&qaward(&[
        "explain",
        "examples/ledger/cohort-2025.json",
        "--applicant",
        "WX2025-002",
        "--ledger",
        db.to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(text.contains("2024"), "{text}");
}
