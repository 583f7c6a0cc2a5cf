//! Choosing the policy in force from the windows alone: each policy file's dates, family and
//! base read from its `[policy]` or `[amendment]` table without loading the policy (a small
//! cohort's command would otherwise load every version of the award to use one). Where the
//! choice is not plain — no policy or several in force, an unreadable window, an award not in
//! the directory — there is no answer here, and the store loads them all to say what is wrong.

use std::collections::BTreeMap;

use super::super::load::POLICY_FILE;
use super::Store;
use crate::date::Date;

/// A policy's window and lineage as its file states them.
struct Window {
    family: Option<String>,
    effective: Date,
    expires: Option<Date>,
    extends: Option<String>,
}

/// The lines of the table `[name]` (its header to the next header at a line's start), the only
/// part of a policy file the window needs: reading the whole file would cost as much as loading
/// the policy.
fn table_text<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let header = format!("[{name}]");
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        match start {
            None if trimmed == header => start = Some(offset),
            Some(s) if line.starts_with('[') => return text.get(s..offset),
            _ => {}
        }
        offset += line.len();
    }
    start.and_then(|s| text.get(s..))
}

/// The window a policy file states: its `[policy]` table, or an amendment's `[amendment]`.
fn window(text: &str) -> Option<Window> {
    let (name, part) = match table_text(text, "policy") {
        Some(t) => ("policy", t),
        None => ("amendment", table_text(text, "amendment")?),
    };
    let doc: toml::Table = toml::from_str(part).ok()?;
    let head = doc.get(name)?.as_table()?;
    let date = |key: &str| -> Option<Option<Date>> {
        match head.get(key) {
            None => Some(None),
            Some(v) => Date::parse(&v.as_datetime()?.to_string()).ok().map(Some),
        }
    };
    Some(Window {
        family: head
            .get("family")
            .and_then(|f| f.as_str())
            .map(str::to_owned),
        effective: date("effective")??,
        expires: date("expires")?,
        extends: head
            .get("extends")
            .and_then(|e| e.as_str())
            .map(str::to_owned),
    })
}

impl Store {
    /// The id of the one policy that governs on `date` (of `award`, when given), by the
    /// windows alone; `None` when that is not plain.
    pub(super) fn governing_by_windows(&self, date: Date, award: Option<&str>) -> Option<String> {
        let mut windows: BTreeMap<&str, Window> = BTreeMap::new();
        for (id, files) in &self.policies {
            windows.insert(id.as_str(), window(files.files.get(POLICY_FILE)?)?);
        }
        // An amendment's family is its base's; its last day, its own or else its base's.
        let bases = |id: &str| -> Option<Vec<String>> {
            let mut chain = Vec::new();
            let mut at = windows.get(id)?.extends.clone();
            while let Some(base) = at {
                if chain.contains(&base) || chain.len() > windows.len() {
                    return None;
                }
                at = windows.get(base.as_str())?.extends.clone();
                chain.push(base);
            }
            Some(chain)
        };
        let mut standing: Vec<(&str, String, Vec<String>)> = Vec::new();
        for (id, w) in &windows {
            let chain = bases(id)?;
            let root = chain.last().map_or(*id, String::as_str);
            let family = windows.get(root)?.family.clone()?;
            let expires = w.expires.or_else(|| {
                chain
                    .iter()
                    .find_map(|b| windows.get(b.as_str()).and_then(|x| x.expires))
            });
            let in_force = w.effective <= date && expires.is_none_or(|e| date <= e);
            if in_force && award.is_none_or(|a| a == family) {
                standing.push((id, family, chain));
            }
        }
        if let Some(a) = award {
            // An award the directory does not hold is for the full path to name.
            let known = windows.keys().filter_map(|id| {
                let chain = bases(id)?;
                let root = chain.last().map_or(*id, String::as_str);
                windows.get(root)?.family.clone()
            });
            if !known.into_iter().any(|f| f == a) {
                return None;
            }
        }
        // Those in force, less any amended by another in force.
        let governing: Vec<&(&str, String, Vec<String>)> = standing
            .iter()
            .filter(|(id, _, _)| {
                !standing
                    .iter()
                    .any(|(_, _, chain)| chain.iter().any(|b| b == id))
            })
            .collect();
        match governing.as_slice() {
            [(id, _, _)] => Some((*id).to_owned()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_windows_choose_one_policy() {
        let store = Store::embedded();
        let on = |d: &str| store.governing_by_windows(Date::parse(d).unwrap(), None);
        assert_eq!(on("2024-09-01").as_deref(), Some("wuxi-2024"));
        assert_eq!(on("2020-09-01").as_deref(), Some("wuxi-2017"));
        assert_eq!(on("2035-01-01"), None);
    }
}
