//! What-if overrides: `--set PATH=VALUE` applied to a policy's document before it is checked,
//! so a variant goes through exactly the same validation as a file on disk.
//!
//! Paths name things by id: `params.NAME` (its value), `params.NAME.verified`,
//! `tiers.ID.quota`, `stages.ID.weight`, `shortlist.size`, `publicity.days`,
//! `conditions.ID.enabled`. An entry of one category is named with `@CATEGORY` after its id
//! or section: `tiers.award@individual.quota`, `scoring@individual.total`,
//! `shortlist@individual.size`. VALUE is a TOML value (`6`, `0.45`, `false`, `"text"`,
//! `["a", "b"]`); anything else is taken as a string. Numbers keep their exact text.

use super::format::{ID_LISTS, KEYED_SECTIONS};
use serde_json::Value;

use crate::diag::text;
use crate::diag::{suggestion, Diagnostic, Text};
use crate::error::Error;
use crate::pointer::escape;
use crate::toml_json;

/// One `--set PATH=VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// What it changes, e.g. `tiers.ID.quota`.
    pub path: String,
    /// The value as written.
    pub raw: String,
    /// The value read as TOML.
    pub value: Value,
}

impl Override {
    /// Parses `PATH=VALUE`.
    pub fn parse(arg: &str) -> Result<Override, Error> {
        let bad = || {
            Error::one(
                Diagnostic::error(
                    "whatif::bad-set",
                    text!(
                        format!("`{arg}` 不是 路径=值 的形式"),
                        format!("`{arg}` is not PATH=VALUE")
                    ),
                )
                .help(text!(
                    "例如 tiers.编号.quota=6（编号为规则版本中的奖项编号）。",
                    "for example tiers.ID.quota=6 with a tier id of the policy"
                )),
            )
        };
        let (path, raw) = arg.split_once('=').ok_or_else(bad)?;
        let (path, raw) = (path.trim(), raw.trim());
        if path.is_empty() {
            return Err(bad());
        }
        let value = match toml_json::parse(&format!("v = {raw}")) {
            Ok((doc, _)) => doc.get("v").cloned().unwrap_or(Value::Null),
            Err(_) => Value::String(raw.to_owned()),
        };
        Ok(Override {
            path: path.to_owned(),
            raw: raw.to_owned(),
            value,
        })
    }
}

impl std::fmt::Display for Override {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.path, self.raw)
    }
}

/// How each entry of a list is named in a path: its id, with `@CATEGORY` for an entry of one
/// category.
fn ids(doc: &Value, list: &str) -> Vec<String> {
    doc.get(list)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| {
            let id = v.get("id").and_then(Value::as_str)?;
            Some(match v.get("category").and_then(Value::as_str) {
                Some(c) => format!("{id}@{c}"),
                None => id.to_owned(),
            })
        })
        .collect()
}

/// Every path an override may name in this document (for "did you mean").
pub fn known_paths(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (name, p) in doc
        .get("params")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        out.push(format!("params.{name}"));
        for k in p.as_object().into_iter().flatten().map(|(k, _)| k) {
            out.push(format!("params.{name}.{k}"));
        }
    }
    // A shared entry may also be named for each category that has none of its own.
    let categories: Vec<&str> = doc
        .get("categories")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("id").and_then(Value::as_str))
        .collect();
    for list in ID_LISTS {
        let entries = doc.get(list).and_then(Value::as_array);
        let own = |c: &str| {
            entries
                .into_iter()
                .flatten()
                .any(|e| e.get("category").and_then(Value::as_str) == Some(c))
        };
        for (i, id) in ids(doc, list).iter().enumerate() {
            let mut names = vec![id.clone()];
            if list != "conditions" && !id.contains('@') {
                names.extend(
                    categories
                        .iter()
                        .filter(|c| !own(c))
                        .map(|c| format!("{id}@{c}")),
                );
            }
            for name in &names {
                for k in doc[list][i]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                    .filter(|k| !["id", "clauses", "category"].contains(&k.as_str()))
                {
                    out.push(format!("{list}.{name}.{k}"));
                }
            }
            if list == "conditions" {
                out.push(format!("{list}.{id}.enabled"));
            }
        }
    }
    for cap in doc
        .get("caps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(tier) = cap.get("tier").and_then(Value::as_str) {
            out.push(format!("caps.{tier}.max"));
        }
    }
    for s in KEYED_SECTIONS.into_iter().chain(["policy", "reviewers"]) {
        let entries: Vec<&Value> = match doc.get(s) {
            Some(Value::Array(list)) => list.iter().collect(),
            Some(table) => vec![table],
            None => Vec::new(),
        };
        for t in entries {
            let head = match t.get("category").and_then(Value::as_str) {
                Some(c) => format!("{s}@{c}"),
                None => s.to_owned(),
            };
            for k in t.as_object().into_iter().flatten().map(|(k, _)| k) {
                if k != "category" {
                    out.push(format!("{head}.{k}"));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The JSON pointer an override path names, if it names something the document has (or, for
/// `conditions.ID.enabled`, may have). Naming one category's entry where the category uses the
/// shared ones copies them for it first (see `scoped`), so the change is that category's alone.
fn pointer_of(doc: &mut Value, path: &str) -> Result<String, Option<(Text, Text)>> {
    let (head, rest) = path.split_once('.').ok_or(None)?;
    let Value::Object(map) = doc else {
        return Err(None);
    };
    match head {
        "params" => {
            let params = map.get("params").and_then(Value::as_object).ok_or(None)?;
            let mut names: Vec<&String> = params
                .keys()
                .filter(|n| rest == n.as_str() || rest.starts_with(&format!("{n}.")))
                .collect();
            names.sort_by_key(|n| std::cmp::Reverse(n.len()));
            let name = names.first().ok_or(None)?;
            let key = rest[name.len()..].strip_prefix('.').unwrap_or("value");
            params
                .get(name.as_str())
                .and_then(|p| p.get(key))
                .ok_or(None)?;
            Ok(format!("/params/{}/{}", escape(name), escape(key)))
        }
        list if ID_LISTS.contains(&list) || list == "caps" => {
            let key_name = if list == "caps" { "tier" } else { "id" };
            // The longest id the path starts with, then `@CATEGORY`, then the key.
            let mut known: Vec<String> = map
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.get(key_name).and_then(Value::as_str).map(str::to_owned))
                .filter(|id| {
                    rest.starts_with(&format!("{id}.")) || rest.starts_with(&format!("{id}@"))
                })
                .collect();
            known.sort_by_key(|id| std::cmp::Reverse(id.len()));
            let id = known.first().ok_or(None)?.clone();
            let after = &rest[id.len()..];
            let (category, key) = match after.strip_prefix('@') {
                Some(c) => {
                    let (c, k) = c.split_once('.').ok_or(None)?;
                    (Some(c), k)
                }
                None => (None, &after[1..]),
            };
            let (i, _) = super::scoped::entry(map, list, key_name, &id, category).map_err(|u| {
                let what = format!("`{path}`");
                Some(u.message(&what, &|c| format!("{list}.{id}@{c}.{key}")))
            })?;
            let entry = &map[list][i];
            let exists = entry.get(key).is_some()
                || (list == "conditions" && key == "enabled")
                || may_write(list, key);
            (exists && !["id", "clauses", "category", "categories", "tier"].contains(&key))
                .then(|| format!("/{list}/{i}/{}", escape(key)))
                .ok_or(None)
        }
        section => {
            let (section, category) = match section.split_once('@') {
                Some((s, c)) => (s, Some(c)),
                None => (section, None),
            };
            // Sections written once, whatever the categories.
            if ["policy", "reviewers"].contains(&section) && category.is_none() {
                return map
                    .get(section)
                    .and_then(|p| p.get(rest))
                    .map(|_| format!("/{section}/{}", escape(rest)))
                    .ok_or(None);
            }
            if !KEYED_SECTIONS.contains(&section) || rest == "category" {
                return Err(None);
            }
            let placed = super::scoped::section(map, section, category).map_err(|u| {
                let what = format!("`{path}`");
                Some(u.message(&what, &|c| format!("{section}@{c}.{rest}")))
            })?;
            doc.pointer(&placed.at)
                .and_then(|t| t.get(rest))
                .map(|_| format!("{}/{}", placed.at, escape(rest)))
                .ok_or(None)
        }
    }
}

/// Whether the policy format lets an entry of `list` carry `key` (so `--set` may give a key
/// the file leaves at its default, such as a cap's `rule`).
fn may_write(list: &str, key: &str) -> bool {
    static KEYS: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let schema =
        KEYS.get_or_init(|| serde_json::from_str(crate::schema::POLICY).unwrap_or(Value::Null));
    schema["properties"][list]["items"]["properties"]
        .get(key)
        .is_some()
}

/// Applies the overrides to a policy document; returns the pointers set, or the problems.
pub fn apply(doc: &mut Value, overrides: &[Override]) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut pointers = Vec::new();
    for o in overrides {
        let pointer = match pointer_of(doc, &o.path) {
            Ok(p) => p,
            Err(Some((message, help))) => {
                problems.push(Diagnostic::error("whatif::unknown-path", message).help(help));
                continue;
            }
            Err(None) => String::new(),
        };
        if pointer.is_empty() {
            let known = known_paths(doc);
            let help = suggestion(&o.path, known.iter().map(String::as_str)).unwrap_or_else(|| {
                text!(
                    "路径按编号指名：params.NAME、tiers.ID.quota、stages.ID.weight、stages.ID.aggregate、shortlist.size、conditions.ID.enabled、reviewers.disqualified_scores；某一类别的项写作 tiers.ID@CATEGORY.quota、scoring@CATEGORY.total。",
                    "paths name things by id: params.NAME, tiers.ID.quota, stages.ID.weight, stages.ID.aggregate, shortlist.size, conditions.ID.enabled, reviewers.disqualified_scores; one category's entries as tiers.ID@CATEGORY.quota, scoring@CATEGORY.total"
                )
            });
            problems.push(
                Diagnostic::error(
                    "whatif::unknown-path",
                    text!(
                        format!("规则版本中没有 `{}`", o.path),
                        format!("the policy has no `{}`", o.path)
                    ),
                )
                .help(help),
            );
            continue;
        }
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
        if let Some(Value::Object(m)) = doc.pointer_mut(parent) {
            m.insert(key.replace("~1", "/").replace("~0", "~"), o.value.clone());
            pointers.push(pointer);
        }
    }
    if problems.is_empty() {
        Ok(pointers)
    } else {
        Err(problems)
    }
}

/// The note added to a variant's problems, naming the overrides.
pub fn describe(overrides: &[Override]) -> Text {
    let list: Vec<String> = overrides.iter().map(|o| format!("--set {o}")).collect();
    text!(
        format!("按 {} 修改后的规则版本", list.join(" ")),
        format!("the policy as changed by {}", list.join(" "))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        serde_json::json!({
            "params": { "min_years": { "value": 3, "cite": "Art. 2" } },
            "conditions": [ { "id": "c4", "cite": "Art. 4", "clauses": [] } ],
            "stages": [ { "id": "visit", "weight": 0.5 } ],
            "tiers": [ { "id": "gold", "quota": 5 } ],
            "shortlist": { "stage": "papers", "size": 20 }
        })
    }

    #[test]
    fn paths_name_things_by_id() {
        let mut d = doc();
        let sets: Vec<Override> = [
            "params.min_years=5",
            "tiers.gold.quota=6",
            "stages.visit.weight=0.45",
            "shortlist.size=25",
            "conditions.c4.enabled=false",
        ]
        .iter()
        .map(|s| Override::parse(s).unwrap())
        .collect();
        let pointers = apply(&mut d, &sets).unwrap();
        assert_eq!(
            pointers,
            [
                "/params/min_years/value",
                "/tiers/0/quota",
                "/stages/0/weight",
                "/shortlist/size",
                "/conditions/0/enabled"
            ]
        );
        assert_eq!(d["stages"][0]["weight"].to_string(), "0.45");
        assert_eq!(d["conditions"][0]["enabled"], false);
    }

    #[test]
    fn unknown_paths_get_a_suggestion() {
        let mut d = doc();
        let err = apply(&mut d, &[Override::parse("tiers.golds.quota=6").unwrap()]).unwrap_err();
        assert_eq!(
            err[0].help.as_ref().unwrap().en,
            "did you mean `tiers.gold.quota`?"
        );
        assert!(Override::parse("quota").is_err());
    }
}
