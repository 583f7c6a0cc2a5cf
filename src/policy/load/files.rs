//! The files of one policy — `policy.toml` and its `.rhai` scripts — read from a directory,
//! and the digest that identifies them in a result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::POLICY_FILE;
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::error::Error;

/// The files of one policy, by name relative to its directory, and the working-day calendars
/// of its policy directory (`calendars/ID.toml`), shared by every policy there.
#[derive(Debug, Clone, Default)]
pub struct PolicyFiles {
    /// The directory the files come from.
    pub origin: PathBuf,
    /// Each file's name and text.
    pub files: BTreeMap<String, String>,
    /// The working-day calendars of the policy directory.
    pub calendars: Calendars,
}

/// The sub-directory of a policy directory that holds working-day calendars.
pub const CALENDARS: &str = "calendars";

/// Calendar id → the text of its file.
pub type Calendars = std::sync::Arc<BTreeMap<String, String>>;

/// Reads `dir/calendars/*.toml` (none when there is no such directory).
pub fn read_calendars(dir: &Path) -> Result<Calendars, Error> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir.join(CALENDARS)) else {
        return Ok(Calendars::default());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(id) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".toml"))
        else {
            continue;
        };
        let text =
            crate::bounded::read_text(&path, crate::bounded::MAX_POLICY_FILE).map_err(|e| {
                Error::one(
                    Diagnostic::error(
                        "policy::unreadable",
                        text!(
                            format!("无法读取日历文件：{e}"),
                            format!("cannot read the calendar file: {e}")
                        ),
                    )
                    .in_file(&path),
                )
            })?;
        out.insert(id.to_owned(), text);
    }
    Ok(std::sync::Arc::new(out))
}

impl PolicyFiles {
    /// Reads `policy.toml` and every `.rhai` file of a policy directory.
    pub fn read_dir(dir: &Path) -> Result<PolicyFiles, Error> {
        let fail = |zh: String, en: String| {
            Error::one(
                Diagnostic::error("policy::unreadable", text!(zh, en))
                    .in_file(dir)
                    .help(text!(
                        "规则目录应包含 policy.toml 及其引用的 .rhai 脚本。",
                        "a policy directory holds policy.toml and the .rhai scripts it names"
                    )),
            )
        };
        let entries = std::fs::read_dir(dir).map_err(|e| {
            fail(
                format!("无法读取规则目录：{e}"),
                format!("cannot read the policy directory: {e}"),
            )
        })?;
        let mut files = BTreeMap::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let wanted = name == POLICY_FILE || name.ends_with(".rhai");
            if wanted && entry.path().is_file() {
                let text =
                    crate::bounded::read_text(&entry.path(), crate::bounded::MAX_POLICY_FILE)
                        .map_err(|e| {
                            fail(
                                format!("无法读取 {name}：{e}"),
                                format!("cannot read {name}: {e}"),
                            )
                        })?;
                files.insert(name, text);
            }
        }
        if !files.contains_key(POLICY_FILE) {
            return Err(fail(
                format!("目录中没有 {POLICY_FILE}"),
                format!("the directory has no {POLICY_FILE}"),
            ));
        }
        Ok(PolicyFiles {
            origin: dir.to_path_buf(),
            files,
            calendars: Calendars::default(),
        })
    }
}

/// `sha256:` + hex over every file of the policy and of the bases it amends, each as
/// directory, file name, length and bytes, and over the calendar it counts days by.
pub(super) fn digest(chain: &[PolicyFiles], calendar: Option<(&str, &str)>) -> String {
    let mut h = Sha256::new();
    if let Some((id, text)) = calendar {
        for part in [
            "calendars".as_bytes(),
            id.as_bytes(),
            text.len().to_string().as_bytes(),
            text.as_bytes(),
        ] {
            h.update(part);
            h.update([0]);
        }
    }
    for files in chain {
        let dir = files
            .origin
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (name, text) in &files.files {
            for part in [
                dir.as_bytes(),
                name.as_bytes(),
                text.len().to_string().as_bytes(),
                text.as_bytes(),
            ] {
                h.update(part);
                h.update([0]);
            }
        }
    }
    crate::digest::written(h)
}
