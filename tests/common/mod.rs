//! What the integration tests share: a hermetic working directory holding copies of the
//! shipped policies and examples, temporary policy directories to edit, and running the real
//! binary in a clean environment.
//!
//! No test reads the real `policies/` directory to decide what to expect: staff may add an
//! amendment there (as the README tells them to) without breaking `cargo test`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The sample cohort, relative to the working directory of every run.
pub const SAMPLE: &str = "examples/cohort-2024.json";

/// A condition with one script clause (`s.rhai`) over the scale and profit-and-tax ranks,
/// inserted into `wuxi-2024` by the tests that try scripts (and by the script fuzz target).
pub const SCRIPT_CONDITION: &str = include_str!("script-condition.toml");

/// The policies the tests are about. They are copied from the checkout by name, so another
/// policy added beside them changes nothing here.
pub const SHIPPED: [&str; 2] = ["wuxi-2017", "wuxi-2024"];

/// The checkout, for reading the shipped files that tests copy.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "qaward-test-{}-{name}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The directory every binary run starts in: `policies/` with copies of the shipped policies
/// and `examples/`, made once per test binary. Relative paths in tests resolve against it.
pub fn workdir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = temp_dir("workdir");
        for id in SHIPPED.iter().chain(&["calendars"]) {
            copy_dir(
                &repo().join("policies").join(id),
                &dir.join("policies").join(id),
            );
        }
        copy_dir(&repo().join("examples"), &dir.join("examples"));
        dir
    })
}

/// The text of a shipped policy file, e.g. `shipped("wuxi-2024", "policy.toml")`.
pub fn shipped(id: &str, file: &str) -> String {
    std::fs::read_to_string(workdir().join("policies").join(id).join(file)).unwrap()
}

/// A temporary policy directory to edit: copies of chosen shipped policies and any others.
pub struct Policies {
    root: PathBuf,
}

impl Policies {
    /// A directory holding copies of the shipped policies `ids` (with their tests and scripts).
    pub fn of(name: &str, ids: &[&str]) -> Policies {
        let root = temp_dir(name);
        for id in ids {
            copy_dir(&workdir().join("policies").join(id), &root.join(id));
        }
        // The shared working-day calendars, as the shipped directory has them.
        copy_dir(
            &workdir().join("policies").join("calendars"),
            &root.join("calendars"),
        );
        Policies { root }
    }

    /// A policy directory already written at `root`.
    pub fn at(root: PathBuf) -> Policies {
        Policies { root }
    }

    /// A directory holding copies of every shipped policy.
    pub fn shipped(name: &str) -> Policies {
        Policies::of(name, &SHIPPED)
    }

    /// Replaces the first `from` with `to` in `id`'s `policy.toml`; `from` must be there.
    pub fn edit(self, id: &str, from: &str, to: &str) -> Policies {
        self.edit_with(id, |t| {
            assert!(t.contains(from), "`{from}` is in {id}/policy.toml");
            t.replacen(from, to, 1)
        })
    }

    /// Rewrites `id`'s `policy.toml`; the edit must change something.
    pub fn edit_with(self, id: &str, edit: impl Fn(&str) -> String) -> Policies {
        let file = self.root.join(id).join("policy.toml");
        let original = std::fs::read_to_string(&file).unwrap();
        let changed = edit(&original);
        assert!(original != changed, "the edit of {id} changed nothing");
        std::fs::write(&file, changed).unwrap();
        self
    }

    /// Inserts `condition` (TOML) into `wuxi-2024` before Art. 11(1)'s condition, and `tail`
    /// (field declarations, say) at the end of the file.
    pub fn with_condition(self, condition: &str, tail: &str) -> Policies {
        self.edit_with("wuxi-2024", |t| {
            let at = t.find("\n[[conditions]]\nid = \"art11.1\"").unwrap();
            format!("{}{condition}{}{tail}", &t[..at], &t[at..])
        })
    }

    /// Adds a script clause over two ranks (condition `rank.script`, clause `either`) to
    /// `wuxi-2024`, its source `script` in `s.rhai`.
    pub fn with_script(self, script: &str) -> Policies {
        self.with_condition(SCRIPT_CONDITION, "")
            .write("wuxi-2024", "s.rhai", script)
    }

    /// Writes a file (e.g. `("wuxi-2024-a1", "policy.toml")` or a script) into the directory.
    pub fn write(self, id: &str, file: &str, text: &str) -> Policies {
        let path = self.root.join(id).join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// The policy directory (`--policies`).
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The directory of one policy in it.
    pub fn dir(&self, id: &str) -> PathBuf {
        self.root.join(id)
    }

    /// The directory as an argument.
    pub fn arg(&self) -> &str {
        self.root.to_str().unwrap()
    }
}

/// Runs `qaward` with `args` in [`workdir`], without the caller's QAWARD_* settings and
/// without colour.
pub fn qaward(args: &[&str]) -> Output {
    qaward_in(workdir(), args)
}

/// Runs `qaward` with `args` in `dir`.
pub fn qaward_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(args)
        .current_dir(dir)
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

/// Standard output of a run that must succeed.
pub fn ok_stdout(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    stdout(o)
}

/// `qaward check wuxi-2024` (in English) on a policy directory that must be refused: what it
/// said, on either stream.
pub fn refused_check(p: &Policies) -> String {
    let o = qaward(&["check", "wuxi-2024", "--policies", p.arg(), "--lang", "en"]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert_ne!(o.status.code(), Some(0), "{out}");
    out
}

/// The English JSON result of `eval COHORT` under a policy directory.
pub fn eval_json(cohort: &str, p: &Policies) -> serde_json::Value {
    json_of(&qaward(&[
        "eval",
        cohort,
        "--policies",
        p.arg(),
        "--format",
        "json",
        "--lang",
        "en",
    ]))
}
