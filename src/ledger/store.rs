//! The ledger's file: an SQLite database (bundled, so no server or system library is needed),
//! brought up to the migrations in `migrations/`, written one transaction per command, and
//! read back whole. A write takes the database's write lock first, so two clerks writing at
//! once take turns (the second waits, then gives up with a clear message), and a write cut off
//! in the middle leaves the ledger as it was.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, TransactionBehavior};

use super::entry::{chain_hash, Entry, Kind, NewEntry, GENESIS};
use crate::diag::{text, Diagnostic};
use crate::error::Error;

/// The migrations, in order; a database's `user_version` is how many it has had.
const MIGRATIONS: [&str; 1] = [include_str!("../../migrations/0001_ledger.sql")];

/// An open ledger.
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

impl Ledger {
    /// Opens the ledger at `path`, creating it (and its directory) when `create` is set.
    pub fn open(path: &Path, create: bool, wait: Duration) -> Result<Ledger, Error> {
        if !path.exists() {
            if !create {
                return Err(missing(path));
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| unopenable(path, &e.to_string()))?;
            }
        }
        let flags = if create {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql(path, &e))?;
        conn.busy_timeout(wait).map_err(|e| sql(path, &e))?;
        let mut ledger = Ledger {
            conn,
            path: path.to_owned(),
        };
        ledger.migrate()?;
        Ok(ledger)
    }

    /// Opens the ledger at `path` to read it only: nothing is created, migrated or written (a
    /// command that only reads never turns a file into a ledger).
    pub fn open_read(path: &Path) -> Result<Ledger, Error> {
        if !path.exists() {
            return Err(missing(path));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sql(path, &e))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| sql(path, &e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| sql(path, &e))?;
        if version == 0 {
            return Err(not_a_ledger(path));
        }
        if version > MIGRATIONS.len() as i64 {
            return Err(newer(path, version));
        }
        Ok(Ledger {
            conn,
            path: path.to_owned(),
        })
    }

    /// Brings the database up to the migrations this qaward knows; refuses one made by a later
    /// qaward, or a file that is not a ledger.
    fn migrate(&mut self) -> Result<(), Error> {
        let path = self.path.clone();
        let sql_err = |e: rusqlite::Error| sql(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(&path, e))?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql_err)?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(newer(&path, version));
        }
        if version == 0 {
            // A database with tables of its own is not a ledger to be set up over.
            let tables: i64 = tx
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(sql_err)?;
            if tables > 0 {
                return Err(not_a_ledger(&path));
            }
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(step).map_err(sql_err)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)
                .map_err(sql_err)?;
        }
        tx.commit().map_err(sql_err)
    }

    /// Every entry, in the order written.
    pub fn entries(&self) -> Result<Vec<Entry>, Error> {
        read_entries(&self.conn).map_err(|e| sql(&self.path, &e))
    }

    /// Every run's result document, by its entry's number.
    pub fn results(&self) -> Result<Vec<(i64, String)>, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, result FROM results ORDER BY seq")
            .map_err(|e| sql(&self.path, &e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| sql(&self.path, &e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| sql(&self.path, &e))
    }

    /// Writes what `decide` makes of the ledger as it stands, all or nothing, holding the
    /// write lock from reading to writing (so no other clerk's entry slips in between).
    pub fn write(
        &mut self,
        who: &str,
        decide: impl FnOnce(&[Entry]) -> Result<Vec<NewEntry>, Error>,
    ) -> Result<Vec<Entry>, Error> {
        let path = self.path.clone();
        let sql_err = |e: rusqlite::Error| write_failed(&path, &e.to_string());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(&path, e))?;
        let existing = read_entries(&tx).map_err(sql_err)?;
        let new = decide(&existing)?;
        let mut prev = existing
            .last()
            .map_or_else(|| GENESIS.to_owned(), |e| e.hash.clone());
        let mut seq = existing.last().map_or(0, |e| e.seq);
        let recorded = now();
        let mut written = Vec::new();
        for n in new {
            seq += 1;
            let body = n.body.to_string();
            let hash = chain_hash(
                &prev,
                seq,
                &recorded,
                who,
                n.kind.name(),
                &n.award,
                n.year,
                n.applicant.as_deref(),
                n.corrects,
                &body,
            );
            tx.execute(
                "INSERT INTO entries (seq, recorded, who, kind, award, year, applicant, corrects, body, prev, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![seq, recorded, who, n.kind.name(), n.award, n.year, n.applicant, n.corrects, body, prev, hash],
            )
            .map_err(sql_err)?;
            if let Some(result) = &n.result {
                tx.execute(
                    "INSERT INTO results (seq, result) VALUES (?1, ?2)",
                    params![seq, result],
                )
                .map_err(sql_err)?;
            }
            written.push(Entry {
                seq,
                recorded: recorded.clone(),
                who: who.to_owned(),
                kind: Ok(n.kind),
                award: n.award,
                year: n.year,
                applicant: n.applicant,
                corrects: n.corrects,
                body,
                prev: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        pause_before_commit();
        tx.commit().map_err(sql_err)?;
        Ok(written)
    }
}

/// For the tests of a write cut off in the middle and of two writers: holds the write open this
/// many milliseconds before committing (`QAWARD_LEDGER_TEST_PAUSE_MS`; unset in normal use).
fn pause_before_commit() {
    if let Some(ms) = std::env::var("QAWARD_LEDGER_TEST_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

fn read_entries(conn: &Connection) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, recorded, who, kind, award, year, applicant, corrects, body, prev, hash
         FROM entries ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(3)?;
        Ok(Entry {
            seq: r.get(0)?,
            recorded: r.get(1)?,
            who: r.get(2)?,
            kind: Kind::named(&kind).ok_or(kind),
            award: r.get(4)?,
            year: r.get(5)?,
            applicant: r.get(6)?,
            corrects: r.get(7)?,
            body: r.get(8)?,
            prev: r.get(9)?,
            hash: r.get(10)?,
        })
    })?;
    rows.collect()
}

/// Now, UTC, to the second: `2026-12-07T19:30:00Z`.
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = crate::date::Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    let s = secs % 86_400;
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        s / 3600,
        (s % 3600) / 60,
        s % 60
    )
}

fn fail(
    code: &'static str,
    path: &Path,
    message: crate::diag::Text,
    help: crate::diag::Text,
) -> Error {
    Error::one(Diagnostic::error(code, message).help(help).in_file(path))
}

fn unopenable(path: &Path, why: &str) -> Error {
    fail(
        "ledger::unreadable",
        path,
        text!(
            format!("无法打开台账 {}：{why}", path.display()),
            format!("cannot open the ledger {}: {why}", path.display())
        ),
        text!(
            "核对 --ledger 指向的文件：它须是 qaward 建立的台账，且可读写。",
            "check the file --ledger names: it must be a ledger qaward made, readable and writable"
        ),
    )
}

fn write_failed(path: &Path, why: &str) -> Error {
    fail(
        "ledger::write-failed",
        path,
        text!(
            format!("无法写入台账 {}：{why}；台账未改动", path.display()),
            format!(
                "cannot write to the ledger {}: {why}; it is unchanged",
                path.display()
            )
        ),
        text!(
            "检查磁盘空间和文件权限后重试。",
            "check the disk space and the file's permissions, then try again"
        ),
    )
}

/// Another writer holds the lock past the wait: said as such; anything else as unopenable.
fn busy_or(path: &Path, e: rusqlite::Error) -> Error {
    let busy = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    if busy {
        fail(
            "ledger::busy",
            path,
            text!(
                "另一位同事正在写入台账，等待超时；本次未写入任何内容",
                "someone else is writing to the ledger and the wait ran out; nothing was written"
            ),
            text!(
                "稍后重试，或用 --wait 秒数 等得更久。",
                "try again shortly, or wait longer with --wait SECONDS"
            ),
        )
    } else {
        sql(path, &e)
    }
}

/// An SQLite error at `path`: a file that is not a database is said as not a ledger.
fn sql(path: &Path, e: &rusqlite::Error) -> Error {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
        not_a_ledger(path)
    } else {
        unopenable(path, &e.to_string())
    }
}

fn missing(path: &Path) -> Error {
    fail(
        "ledger::missing",
        path,
        text!(
            format!("台账 {} 不存在", path.display()),
            format!("the ledger {} does not exist", path.display())
        ),
        text!(
            "核对 --ledger 或 $QAWARD_LEDGER 所指的台账；没有台账时，qaward ledger record-run 会新建一个。",
            "check the ledger --ledger or $QAWARD_LEDGER names; qaward ledger record-run creates one when there is none"
        ),
    )
}

fn not_a_ledger(path: &Path) -> Error {
    fail(
        "ledger::not-a-ledger",
        path,
        text!(
            format!("{} 不是 qaward 台账文件", path.display()),
            format!("{} is not a qaward ledger", path.display())
        ),
        text!(
            "用 --ledger 指定台账文件（如 ledger/qaward.db），或换一个新文件名。",
            "point --ledger at the ledger (such as ledger/qaward.db), or at a new file"
        ),
    )
}

fn newer(path: &Path, version: i64) -> Error {
    let known = MIGRATIONS.len();
    fail(
        "ledger::newer",
        path,
        text!(
            format!("台账由较新版本的 qaward 建立（结构版本 {version}，本程序只认识到 {known}）"),
            format!("the ledger was made by a later qaward (shape {version}; this one knows up to {known})")
        ),
        text!("用较新版本的 qaward 打开它。", "open it with the later qaward"),
    )
}
