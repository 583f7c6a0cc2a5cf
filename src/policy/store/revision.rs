//! Opening a policy however a user names it: an id in the store, a policy directory (an
//! amendment finds its base beside it, else in the store), or `ID@REV`, the policy as it was
//! at a git revision of the repository holding the store's directory.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use super::Store;
use crate::diag::text;
use crate::diag::{Diagnostic, Text};
use crate::error::Error;
use crate::policy::load::{load_policy_with, read_calendars, PolicyFiles, POLICY_FILE};
use crate::policy::Policy;

fn refuse(code: &'static str, message: Text, help: Text) -> Error {
    Error::one(Diagnostic::error(code, message).help(help))
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// The files of policy `id` in `dir` as they were at git revision `rev`.
fn files_at(dir: &Path, id: &str, rev: &str) -> Result<PolicyFiles, String> {
    let listing = git(dir, &["ls-tree", "--name-only", rev, &format!("{id}/")])?;
    let mut files = BTreeMap::new();
    for path in String::from_utf8_lossy(&listing).lines() {
        let name = path.rsplit('/').next().unwrap_or(path).to_owned();
        if name == POLICY_FILE || name.ends_with(".rhai") {
            let text = git(dir, &["show", &format!("{rev}:./{id}/{name}")])?;
            files.insert(name, String::from_utf8_lossy(&text).into_owned());
        }
    }
    if !files.contains_key(POLICY_FILE) {
        return Err(format!("{id}/{POLICY_FILE} does not exist at {rev}"));
    }
    // The calendars of the directory as they were at that revision.
    let mut calendars = BTreeMap::new();
    let listing = git(dir, &["ls-tree", "--name-only", rev, "calendars/"]).unwrap_or_default();
    for path in String::from_utf8_lossy(&listing).lines() {
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some(cal) = name.strip_suffix(".toml") {
            let text = git(dir, &["show", &format!("{rev}:./calendars/{name}")])?;
            calendars.insert(cal.to_owned(), String::from_utf8_lossy(&text).into_owned());
        }
    }
    Ok(PolicyFiles {
        origin: dir.join(id),
        files,
        calendars: std::sync::Arc::new(calendars),
    })
}

impl Store {
    /// Opens the policy `spec` names: an id in this store, a policy directory, or `ID@REV`.
    pub fn open(&self, spec: &str) -> Result<Policy, Error> {
        if let Some((id, rev)) = spec.rsplit_once('@') {
            return self.open_at_revision(spec, id, rev);
        }
        let path = Path::new(spec);
        if path.join(POLICY_FILE).is_file() {
            let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut files = PolicyFiles::read_dir(path)?;
            files.calendars = read_calendars(&parent)?;
            let bases = |id: &str| {
                PolicyFiles::read_dir(&parent.join(id))
                    .ok()
                    .or_else(|| self.policies.get(id).cloned())
            };
            return load_policy_with(&files, &bases);
        }
        self.load(spec)
    }

    fn open_at_revision(&self, spec: &str, id: &str, rev: &str) -> Result<Policy, Error> {
        let dir = match self.origin.dir() {
            Some(d) => d.to_path_buf(),
            None => {
                return Err(refuse(
                    "diff::no-repository",
                    text!(
                        "内置规则版本没有 git 历史",
                        "the built-in policies have no git history"
                    ),
                    text!(
                        "用 --policies 指向 git 仓库中的规则目录。",
                        "point --policies at a policy directory inside a git repository"
                    ),
                ))
            }
        };
        let files = files_at(&dir, id, rev).map_err(|e| {
            refuse(
                "diff::revision",
                text!(format!("无法读取 {spec}：{e}"), format!("cannot read {spec}: {e}")),
                text!(
                    "ID@REV 中的 REV 是规则目录所在 git 仓库的修订（如 HEAD~1、标签或提交号）。",
                    "REV in ID@REV is a revision of the git repository holding the policy directory (HEAD~1, a tag, a commit)"
                ),
            )
        })?;
        load_policy_with(&files, &|base| files_at(&dir, base, rev).ok())
    }
}
