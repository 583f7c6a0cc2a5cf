//! The policy directory and choosing a policy from it.
//!
//! Where policies come from, first match wins: `--policies DIR`, then `$QAWARD_POLICIES`, then
//! `./policies` when it exists, then the copy of `policies/` embedded in the binary at build
//! time. A policy is chosen by id, or as the one in force on a reference date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::load::{read_calendars, Chains, PolicyFiles, POLICY_FILE};
use super::Policy;
use crate::date::Date;
use crate::diag::text;
use crate::diag::{suggestion, Diagnostic, Text};
use crate::error::Error;

pub(crate) mod catalogue;
mod revision;
mod windows;

pub use catalogue::{Catalogue, Standing};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_policies.rs"));
}

/// How the policy directory was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Named with `--policies`.
    Flag(PathBuf),
    /// Named by `$QAWARD_POLICIES`.
    Env(PathBuf),
    /// `./policies` in the working directory.
    WorkingDir(PathBuf),
    /// The copy built into the program.
    Embedded,
    /// Files a program handed over in memory.
    Memory,
}

impl Origin {
    /// The directory on disk, when the policies came from one.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Origin::Flag(d) | Origin::Env(d) | Origin::WorkingDir(d) => Some(d),
            Origin::Embedded | Origin::Memory => None,
        }
    }

    /// Where the policies came from, in words.
    pub fn describe(&self) -> Text {
        match self {
            Origin::Flag(p) => text!(
                format!("{}（--policies）", p.display()),
                format!("{} (--policies)", p.display())
            ),
            Origin::Env(p) => text!(
                format!("{}（QAWARD_POLICIES）", p.display()),
                format!("{} (QAWARD_POLICIES)", p.display())
            ),
            Origin::WorkingDir(p) => text!(
                format!("{}（当前目录）", p.display()),
                format!("{} (working directory)", p.display())
            ),
            Origin::Embedded => text!("程序内置副本", "the copy built into qaward"),
            Origin::Memory => text!("内存中的规则文件", "policy files held in memory"),
        }
    }
}

/// The policies available: their files, by id.
#[derive(Debug)]
pub struct Store {
    /// How the directory was found.
    pub origin: Origin,
    /// Each policy's files, by id.
    pub policies: BTreeMap<String, PolicyFiles>,
    /// The documents read so far, so that each file is read once however many amendments
    /// extend it.
    chains: std::sync::Arc<Chains>,
}

pub use super::load::CALENDARS;

fn choice(code: &'static str, message: Text, help: Text) -> Error {
    Error::one(Diagnostic::error(code, message).help(help))
}

impl Clone for Store {
    /// A copy whose policies may be changed: it reads its files afresh.
    fn clone(&self) -> Store {
        Store {
            origin: self.origin.clone(),
            policies: self.policies.clone(),
            chains: Default::default(),
        }
    }
}

impl Store {
    /// Finds the policy directory as described in the module docs.
    pub fn locate(flag: Option<&Path>) -> Result<Store, Error> {
        let origin = if let Some(p) = flag {
            Origin::Flag(p.to_path_buf())
        } else if let Some(p) = std::env::var_os("QAWARD_POLICIES").filter(|v| !v.is_empty()) {
            Origin::Env(PathBuf::from(p))
        } else if Path::new("policies").is_dir() {
            Origin::WorkingDir(PathBuf::from("policies"))
        } else {
            Origin::Embedded
        };
        match &origin {
            Origin::Flag(dir) | Origin::Env(dir) | Origin::WorkingDir(dir) => {
                Store::from_dir(dir, origin.clone())
            }
            Origin::Embedded | Origin::Memory => Ok(Store::embedded()),
        }
    }

    /// The policies in `dir`, one sub-directory each.
    pub fn from_dir(dir: &Path, origin: Origin) -> Result<Store, Error> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            choice(
                "policy::no-directory",
                text!(format!("无法读取规则目录 {}：{e}", dir.display()), format!("cannot read the policy directory {}: {e}", dir.display())),
                text!("用 --policies 指定含有规则版本子目录的目录（如 policies/）。", "point --policies at a directory holding one sub-directory per policy (such as policies/)"),
            )
        })?;
        let mut policies = BTreeMap::new();
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join(POLICY_FILE).is_file())
            .collect();
        dirs.sort();
        let calendars = read_calendars(dir)?;
        for d in dirs {
            let id = d
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut files = PolicyFiles::read_dir(&d)?;
            files.calendars = calendars.clone();
            policies.insert(id, files);
        }
        Ok(Store {
            origin,
            policies,
            chains: Default::default(),
        })
    }

    /// The copy of the policies built into the program.
    pub fn embedded() -> Store {
        Store {
            origin: Origin::Embedded,
            ..Store::in_memory(embedded::EMBEDDED.iter().copied())
        }
    }

    /// Policies a program holds in memory, as (policy id, file name, text): `policy.toml` and
    /// any `.rhai` scripts of each policy; `("calendars", "ID.toml", text)` gives a working-day
    /// calendar every policy may count by (so no policy can have the id `calendars`).
    ///
    /// ```
    /// let text = std::fs::read_to_string("policies/wuxi-2024/policy.toml")?;
    /// let store = qaward::Store::in_memory([("wuxi-2024", "policy.toml", text.as_str())]);
    /// assert_eq!(store.load("wuxi-2024")?.meta.id, "wuxi-2024");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn in_memory<'a>(files: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Store {
        let mut policies: BTreeMap<String, PolicyFiles> = BTreeMap::new();
        let mut calendars = BTreeMap::new();
        for (id, name, text) in files {
            if id == CALENDARS {
                if let Some(cal) = name.strip_suffix(".toml") {
                    calendars.insert(cal.to_owned(), text.to_owned());
                }
                continue;
            }
            policies
                .entry(id.to_owned())
                .or_insert_with(|| PolicyFiles {
                    origin: PathBuf::from(format!("embedded:policies/{id}")),
                    ..PolicyFiles::default()
                })
                .files
                .insert(name.to_owned(), text.to_owned());
        }
        let calendars = std::sync::Arc::new(calendars);
        for files in policies.values_mut() {
            files.calendars = calendars.clone();
        }
        Store {
            origin: Origin::Memory,
            policies,
            chains: Default::default(),
        }
    }

    /// Loads a policy's files, finding the bases of an amendment in this store.
    fn load_files(&self, files: &PolicyFiles) -> Result<Policy, Error> {
        super::load::load_variant(
            files,
            &|id| self.policies.get(id).cloned(),
            &[],
            &self.chains,
        )
    }

    /// Loads the policy with this id.
    pub fn load(&self, id: &str) -> Result<Policy, Error> {
        self.load_variant(id, &[])
    }

    /// Loads the policy with this id, with what-if overrides applied before its checks.
    pub fn load_variant(
        &self,
        id: &str,
        overrides: &[super::overrides::Override],
    ) -> Result<Policy, Error> {
        match self.policies.get(id) {
            Some(files) => Ok(super::load::load_variant(
                files,
                &|id| self.policies.get(id).cloned(),
                overrides,
                &self.chains,
            )?),
            None => {
                let ids: Vec<&str> = self.policies.keys().map(String::as_str).collect();
                let help = suggestion(id, ids.iter().copied()).unwrap_or_else(|| {
                    text!(
                        format!("可用的规则版本：{}", ids.join("、")),
                        format!("the policies available are: {}", ids.join(", "))
                    )
                });
                Err(choice(
                    "policy::unknown-id",
                    text!(
                        format!(
                            "在 {} 中没有编号为 `{id}` 的规则版本",
                            self.origin.describe().zh
                        ),
                        format!("there is no policy `{id}` in {}", self.origin.describe().en)
                    ),
                    help,
                ))
            }
        }
    }

    /// Loads every policy and checks that the windows of one family do not overlap, unless one
    /// policy amends the other.
    pub fn load_all(&self) -> Result<Catalogue, Error> {
        // The policies load in two halves, one on each core (the schema is compiled only to
        // explain a problem). The first problem in file order is reported, as if loaded one
        // after another.
        let files: Vec<&PolicyFiles> = self.policies.values().collect();
        let loaded = crate::parallel::halves(files.len(), |range| {
            files[range].iter().map(|f| self.load_files(f)).collect()
        });
        let policies = loaded.into_iter().collect::<Result<Vec<_>, _>>()?;
        let catalogue = Catalogue { policies };
        let problems = catalogue.overlaps();
        if problems.is_empty() {
            Ok(catalogue)
        } else {
            Err(Error::new(problems))
        }
    }

    /// The policy that governs on `date`; with several awards (families) in the directory,
    /// `award` names the one meant.
    pub fn in_force_on(&self, date: Date, award: Option<&str>) -> Result<Policy, Error> {
        // Plainly one by the windows: load that one alone.
        if let Some(id) = self.governing_by_windows(date, award) {
            return self.load(&id);
        }
        let catalogue = self.load_all()?;
        let mut families: Vec<&str> = catalogue
            .policies
            .iter()
            .map(|p| p.meta.family.as_str())
            .collect();
        families.sort_unstable();
        families.dedup();
        if let Some(award) = award.filter(|a| !families.contains(a)) {
            let near = crate::diag::suggestion(award, families.iter().copied());
            let list = families.join(", ");
            let mut help = text!(
                format!("`cycle.award` 应为以下奖项之一：{}。", families.join("、")),
                format!("`cycle.award` must name one of these awards: {list}")
            );
            if let Some(near) = near {
                help = text!(
                    format!("{}{}", near.zh, help.zh),
                    format!("{}; {}", near.en, help.en)
                );
            }
            return Err(choice(
                "policy::unknown-award",
                text!(
                    format!("规则目录中没有奖项 `{award}` 的规则版本"),
                    format!("no policy of the award `{award}` is in the policy directory")
                ),
                help,
            ));
        }
        let of_award = |p: &&Policy| award.is_none_or(|a| p.meta.family == a);
        let mut governing: Vec<&Policy> = catalogue
            .governing_on(date)
            .into_iter()
            .filter(of_award)
            .collect();
        let mut in_force: Vec<&str> = governing.iter().map(|p| p.meta.family.as_str()).collect();
        in_force.sort_unstable();
        in_force.dedup();
        if in_force.len() > 1 {
            let named: Vec<String> = in_force
                .iter()
                .map(|f| {
                    let ids: Vec<&str> = governing
                        .iter()
                        .filter(|p| p.meta.family == *f)
                        .map(|p| p.meta.id.as_str())
                        .collect();
                    format!("{f} ({})", ids.join(", "))
                })
                .collect();
            return Err(choice(
                "policy::several-awards",
                text!(
                    format!("{date} 有多个奖项的规则版本同时有效：{}", named.join("、")),
                    format!("policies of more than one award are in force on {date}: {}", named.join(", "))
                ),
                text!(
                    format!("在申报名单的 cycle 中写明奖项，如 \"award\": \"{0}\"（qaward fields、schema 用 --award {0}），或用 --policy 指定规则版本。", in_force[0]),
                    format!("name the award in the cohort's cycle, e.g. \"award\": \"{0}\" (for qaward fields and schema: --award {0}), or choose a policy with --policy", in_force[0])
                ),
            ));
        }
        match governing.len() {
            1 => Ok(governing.remove(0).clone()),
            0 => {
                let last_ended = catalogue
                    .policies
                    .iter()
                    .filter(of_award)
                    .filter(|p| p.meta.ended_before(date))
                    .max_by_key(|p| p.meta.expires);
                let (zh, en) = match last_ended {
                    Some(p) => (
                        format!("；最近结束的是 `{}`（{}）", p.meta.id, p.meta.window().zh),
                        format!(
                            "; the last window that ended is `{}` ({})",
                            p.meta.id,
                            p.meta.window().en
                        ),
                    ),
                    None => (String::new(), String::new()),
                };
                let suggest = last_ended
                    .or_else(|| {
                        catalogue
                            .policies
                            .iter()
                            .filter(of_award)
                            .min_by_key(|p| p.meta.effective)
                    })
                    .map_or("ID", |p| p.meta.id.as_str());
                Err(choice(
                    "policy::none-in-force",
                    text!(format!("{date} 没有有效的规则版本{zh}"), format!("no policy is in force on {date}{en}")),
                    text!(
                        format!("用 --policy {suggest} --ignore-validity 仍按该规则版本评定，或用 --as-of 指定其他参考日期。"),
                        format!("use --policy {suggest} --ignore-validity to evaluate under it anyway, or --as-of for another reference date")
                    ),
                ))
            }
            _ => {
                let ids: Vec<String> = governing
                    .iter()
                    .map(|p| format!("{} ({})", p.meta.id, p.meta.span()))
                    .collect();
                Err(choice(
                    "policy::ambiguous",
                    text!(
                        format!("{date} 同时有多个规则版本有效：{}", ids.join("、")),
                        format!(
                            "more than one policy is in force on {date}: {}",
                            ids.join(", ")
                        )
                    ),
                    text!("用 --policy 指定一个。", "choose one with --policy"),
                ))
            }
        }
    }
}
