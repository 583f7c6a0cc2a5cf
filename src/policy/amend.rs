//! Amendments: a committee decision (as the measures allow it) written as changes to a base
//! policy. Merging happens on the documents, before any check, so an amended policy goes
//! through exactly the same schema check and lowering as one written out in full — and behaves
//! exactly like it.
//!
//! An amendment (`format = "qaward.amendment.v1"`) names its base and the decision that
//! adopted it, and may change parameters (or add new ones with `new = true`), conditions
//! (`change = "modify" | "add" | "remove" | "disable"`), stages and tiers (by id), and the
//! scoring, shortlist, ranking and publicity sections (key by key). Whatever it names must exist
//! in the base, except what it adds.

use super::format::{ID_LISTS, KEYED_SECTIONS};
use serde_json::{Map, Value};

use crate::diag::text;
use crate::diag::{suggestion, Text};
use crate::pointer::escape;
use crate::toml_json::Spans;

pub const FORMAT: &str = "qaward.amendment.v1";

/// A problem found while merging, at a pointer into the amendment.
pub struct MergeProblem {
    pub code: &'static str,
    pub pointer: String,
    pub message: Text,
    pub help: Text,
}

/// Keys of an amendment entry that steer the merge and do not belong in the merged policy.
const STEERING: [&str; 4] = ["id", "change", "after", "new"];

/// Merges `amendment` (its places in `a_spans`) over `base` (its places in `spans`); on
/// return `spans` holds the places of the merged document.
pub fn merge(
    base: Value,
    amendment: &Value,
    a_spans: &Spans,
    spans: &mut Spans,
) -> Result<Value, Vec<MergeProblem>> {
    let Value::Object(mut doc) = base else {
        return Err(vec![problem(
            "amend::base",
            "",
            text!("基础规则版本不是表", "the base policy is not a table"),
            text!("", ""),
        )]);
    };
    let mut problems = Vec::new();
    let empty = Map::new();
    let a = amendment.as_object().unwrap_or(&empty);

    if let Some(p) = within_base(&doc, a) {
        problems.push(p);
    }
    merge_meta(&mut doc, a, a_spans, spans);
    for (section, noun) in NAMED {
        if let Some(Value::Object(entries)) = a.get(section) {
            merge_named(
                &mut doc,
                section,
                noun,
                entries,
                a_spans,
                spans,
                &mut problems,
            );
        }
    }
    if let Some(Value::Array(entries)) = a.get("conditions") {
        merge_conditions(&mut doc, entries, a_spans, spans, &mut problems);
    }
    for list in ID_LISTS
        .into_iter()
        .filter(|l| *l != "conditions")
        .chain(["caps", "criteria"])
    {
        if let Some(Value::Array(entries)) = a.get(list) {
            merge_by_id(&mut doc, list, entries, a_spans, spans, &mut problems);
        }
    }
    for section in KEYED_SECTIONS {
        if let Some(Value::Array(entries)) = a.get(section) {
            let entries: Vec<(String, &Value)> = entries
                .iter()
                .enumerate()
                .map(|(j, e)| (format!("/{section}/{j}"), e))
                .collect();
            merge_section_for(&mut doc, section, &entries, a_spans, spans, &mut problems);
        }
        // A section written per category in the base: the amendment's table changes the
        // shared one (or is refused as ambiguous).
        let per_category = matches!(doc.get(section), Some(Value::Array(_)));
        if let (Some(whole @ Value::Object(_)), true) = (a.get(section), per_category) {
            let entries = [(format!("/{section}"), whole)];
            merge_section_for(&mut doc, section, &entries, a_spans, spans, &mut problems);
        } else if let Some(Value::Object(keys)) = a.get(section) {
            let target = doc
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()));
            set_keys(
                target,
                keys,
                &format!("/{section}"),
                &format!("/{section}"),
                a_spans,
                spans,
            );
        }
    }
    // What becomes of a disqualified reviewer's scores: the keys given replace the base's.
    if let Some(Value::Object(keys)) = a.get("reviewers") {
        let target = doc
            .entry("reviewers")
            .or_insert_with(|| Value::Object(Map::new()));
        set_keys(target, keys, "/reviewers", "/reviewers", a_spans, spans);
    }
    if problems.is_empty() {
        Ok(Value::Object(doc))
    } else {
        Err(problems)
    }
}

/// An amendment takes effect while its base is in force: not before the base's first day, nor
/// after its last (ISO dates compare as text).
fn within_base(base: &Map<String, Value>, a: &Map<String, Value>) -> Option<MergeProblem> {
    fn date(v: Option<&Value>) -> Option<&str> {
        v.and_then(Value::as_str).filter(|d| d.len() == 10)
    }
    let meta = base.get("policy")?;
    let effective = date(a.get("amendment")?.get("effective"))?;
    let (from, to) = (date(meta.get("effective")), date(meta.get("expires")));
    let id = meta.get("id").and_then(Value::as_str).unwrap_or_default();
    let zh = |d: &str| crate::date::Date::parse(d).map_or_else(|_| d.to_owned(), |d| d.zh());
    let outside = match (from, to) {
        (Some(from), _) if effective < from => Some(text!(
            format!("修正案自{}起施行，早于其所修正的 {id} 的施行日期{}", zh(effective), zh(from)),
            format!("the amendment takes effect on {effective}, before {id}, which it amends, takes effect on {from}")
        )),
        (_, Some(to)) if effective > to => Some(text!(
            format!("修正案自{}起施行，晚于其所修正的 {id} 的失效日期{}", zh(effective), zh(to)),
            format!("the amendment takes effect on {effective}, after {id}, which it amends, expires on {to}")
        )),
        _ => None,
    }?;
    Some(problem(
        "amend::outside-base",
        "/amendment/effective",
        outside,
        text!(
            "修正案的施行日期须在所修正规则版本的有效期内；核对决定的施行日期。",
            "an amendment takes effect within its base's validity window; check the decision's date of effect"
        ),
    ))
}

fn problem(code: &'static str, pointer: &str, message: Text, help: Text) -> MergeProblem {
    MergeProblem {
        code,
        pointer: pointer.to_owned(),
        message,
        help,
    }
}

/// Copies each key of `keys` (but the steering ones) into `target`, with its places.
fn set_keys(
    target: &mut Value,
    keys: &Map<String, Value>,
    from: &str,
    to: &str,
    a_spans: &Spans,
    spans: &mut Spans,
) {
    let Value::Object(t) = target else { return };
    for (k, v) in keys.iter().filter(|(k, _)| !STEERING.contains(&k.as_str())) {
        t.insert(k.clone(), v.clone());
        let (f, d) = (
            format!("{from}/{}", escape(k)),
            format!("{to}/{}", escape(k)),
        );
        spans.remove_under(&d);
        spans.graft(a_spans, &f, &d);
    }
}

/// The amended policy's metadata: its own id, window, title and decision; the base's family,
/// issuer and article list.
fn merge_meta(
    doc: &mut Map<String, Value>,
    a: &Map<String, Value>,
    a_spans: &Spans,
    spans: &mut Spans,
) {
    let empty = Map::new();
    let m = a
        .get("amendment")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let policy = doc
        .entry("policy")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(p) = policy {
        for k in [
            "supersedes",
            "verified",
            "source",
            "note",
            "validity_cite",
            "document",
            "issued",
        ] {
            p.remove(k);
            spans.remove_under(&format!("/policy/{k}"));
        }
        if let Some(decision) = m.get("decision").and_then(Value::as_object) {
            for (from, to) in [("number", "document"), ("date", "issued")] {
                if let Some(v) = decision.get(from) {
                    p.insert(to.to_owned(), v.clone());
                    spans.graft(
                        a_spans,
                        &format!("/amendment/decision/{from}"),
                        &format!("/policy/{to}"),
                    );
                }
            }
        }
    }
    set_keys(policy, m, "/amendment", "/policy", a_spans, spans);
    if let (Value::Object(p), Some(id)) = (policy, m.get("id")) {
        p.insert("id".to_owned(), id.clone());
        spans.graft(a_spans, "/amendment/id", "/policy/id");
    }
}

/// The sections of named entries an amendment may change or add to, with their noun.
const NAMED: [(&str, (&str, &str)); 3] = [
    ("params", ("参数", "parameter")),
    ("fields", ("字段", "field")),
    ("records", ("记录种类", "record kind")),
];

/// Changes entries of a section of named entries, or adds them with `new = true`.
fn merge_named(
    doc: &mut Map<String, Value>,
    section: &str,
    noun: (&str, &str),
    entries: &Map<String, Value>,
    a_spans: &Spans,
    spans: &mut Spans,
    problems: &mut Vec<MergeProblem>,
) {
    let base = doc
        .entry(section)
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(base) = base else { return };
    let (zh, en) = noun;
    for (name, entry) in entries {
        let p = format!("/{section}/{}", escape(name));
        let Some(keys) = entry.as_object() else {
            continue;
        };
        let adding = keys.get("new") == Some(&Value::Bool(true));
        match (base.get_mut(name), adding) {
            (Some(target), false) => set_keys(target, keys, &p, &p, a_spans, spans),
            (None, true) => {
                base.insert(name.clone(), Value::Object(Map::new()));
                if let Some(target) = base.get_mut(name) {
                    set_keys(target, keys, &p, &p, a_spans, spans);
                }
                spans.graft(a_spans, &p, &p);
            }
            (Some(_), true) => problems.push(problem(
                "amend::already-exists",
                &format!("{p}/new"),
                text!(
                    format!("基础规则版本已有{zh} `{name}`，不能新增"),
                    format!("the base already has {en} `{name}`; it cannot be added")
                ),
                text!(
                    format!("去掉 new = true 即为修改该{zh}。"),
                    format!("drop `new = true` to change the {en} instead")
                ),
            )),
            (None, false) => {
                let help = suggestion(name, base.keys().map(String::as_str)).unwrap_or_else(|| {
                    text!(
                        format!("修正案只能修改基础规则版本已有的{zh}；新增请写 new = true。"),
                        format!("an amendment changes the {en}s its base has; add a new one with `new = true`")
                    )
                });
                problems.push(problem(
                    "amend::unknown",
                    &p,
                    text!(
                        format!("基础规则版本没有{zh} `{name}`"),
                        format!("the base has no {en} `{name}`")
                    ),
                    help,
                ));
            }
        }
    }
}

/// Where an entry of the merged conditions came from.
enum Origin {
    Base(usize),
    Added(usize),
}

/// A merged condition: its value, where it came from, and the keys the amendment set on it
/// (with the index of the amendment entry that set them).
type Entry = (Value, Origin, Vec<(usize, String)>);

fn id_of(v: &Value) -> &str {
    v.get("id").and_then(Value::as_str).unwrap_or("")
}

fn merge_conditions(
    doc: &mut Map<String, Value>,
    entries: &[Value],
    a_spans: &Spans,
    spans: &mut Spans,
    problems: &mut Vec<MergeProblem>,
) {
    let base: Vec<Value> = doc
        .get("conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut merged: Vec<Entry> = base
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, v)| (v, Origin::Base(i), Vec::new()))
        .collect();
    for (j, entry) in entries.iter().enumerate() {
        let p = format!("/conditions/{j}");
        let id = id_of(entry);
        let change = entry
            .get("change")
            .and_then(Value::as_str)
            .unwrap_or("modify");
        let found = merged.iter().position(|(v, _, _)| id_of(v) == id);
        let ids: Vec<String> = merged.iter().map(|(v, _, _)| id_of(v).to_owned()).collect();
        let unknown = |problems: &mut Vec<MergeProblem>| {
            let help = suggestion(id, ids.iter().map(String::as_str)).unwrap_or_else(|| {
                text!(
                    format!(
                        "基础规则版本的条件：{}；新增条件请写 change = \"add\"。",
                        ids.join("、")
                    ),
                    format!(
                        "the base's conditions are {}; add a new one with change = \"add\"",
                        ids.join(", ")
                    )
                )
            });
            problems.push(problem(
                "amend::unknown",
                &format!("{p}/id"),
                text!(
                    format!("基础规则版本没有条件 `{id}`"),
                    format!("the base has no condition `{id}`")
                ),
                help,
            ));
        };
        match (change, found) {
            ("modify", Some(i)) => {
                if let Value::Object(keys) = entry {
                    let (target, _, modified) = &mut merged[i];
                    if let Value::Object(target) = target {
                        for (k, v) in keys.iter().filter(|(k, _)| !STEERING.contains(&k.as_str())) {
                            target.insert(k.clone(), v.clone());
                            modified.push((j, k.clone()));
                        }
                    }
                }
            }
            ("disable", Some(i)) => {
                let (target, _, modified) = &mut merged[i];
                if let Value::Object(target) = target {
                    target.insert("enabled".to_owned(), Value::Bool(false));
                    modified.push((j, "change".to_owned()));
                }
            }
            ("remove", Some(i)) => {
                merged.remove(i);
            }
            ("add", None) => add_condition(&mut merged, entry, j, &ids, problems),
            ("add", Some(_)) => problems.push(problem(
                "amend::already-exists",
                &format!("{p}/id"),
                text!(
                    format!("基础规则版本已有条件 `{id}`"),
                    format!("the base already has condition `{id}`")
                ),
                text!(
                    "修改已有条件请写 change = \"modify\"，或另取编号。",
                    "write change = \"modify\" to change it, or choose another id"
                ),
            )),
            (_, None) => unknown(problems),
            (other, Some(_)) => problems.push(problem(
                "amend::bad-change",
                &format!("{p}/change"),
                text!(
                    format!("未知的修改方式 `{other}`"),
                    format!("unknown change `{other}`")
                ),
                text!(
                    "可用：modify、add、remove、disable。",
                    "use modify, add, remove or disable"
                ),
            )),
        }
    }
    regraft(&merged, a_spans, spans);
    doc.insert(
        "conditions".to_owned(),
        Value::Array(merged.into_iter().map(|(v, _, _)| v).collect()),
    );
}

/// Inserts an added condition after the one it names (at the end when it names none).
fn add_condition(
    merged: &mut Vec<Entry>,
    entry: &Value,
    j: usize,
    ids: &[String],
    problems: &mut Vec<MergeProblem>,
) {
    let p = format!("/conditions/{j}");
    let mut added = entry.clone();
    if let Value::Object(m) = &mut added {
        m.remove("change");
        m.remove("after");
    }
    let at = match entry.get("after").and_then(Value::as_str) {
        Some(after) => match merged.iter().position(|(v, _, _)| id_of(v) == after) {
            Some(k) => k + 1,
            None => {
                problems.push(problem(
                    "amend::unknown",
                    &format!("{p}/after"),
                    text!(
                        format!("基础规则版本没有条件 `{after}`"),
                        format!("the base has no condition `{after}`")
                    ),
                    suggestion(after, ids.iter().map(String::as_str)).unwrap_or_else(|| {
                        text!(
                            "after 须是已有条件的编号。",
                            "`after` names an existing condition"
                        )
                    }),
                ));
                merged.len()
            }
        },
        None => merged.len(),
    };
    merged.insert(at, (added, Origin::Added(j), Vec::new()));
}

/// Rebuilds the places of the merged conditions for their new positions.
fn regraft(merged: &[Entry], a_spans: &Spans, spans: &mut Spans) {
    let before = spans.clone();
    spans.remove_under("/conditions");
    for (k, (_, origin, modified)) in merged.iter().enumerate() {
        let to = format!("/conditions/{k}");
        match origin {
            Origin::Base(i) => spans.graft(&before, &format!("/conditions/{i}"), &to),
            Origin::Added(j) => spans.graft(a_spans, &format!("/conditions/{j}"), &to),
        }
        for (j, key) in modified {
            let d = format!("{to}/{}", escape(key));
            spans.remove_under(&d);
            spans.graft(a_spans, &format!("/conditions/{j}/{}", escape(key)), &d);
        }
    }
}

/// Entries of a list named by `id` (stages, tiers) or caps named by `tier`, each changed key by
/// key. An entry with `category` changes that category's entry alone: where the category uses
/// the shared ones, they are first copied for it (see `scoped`). Without `category`, an id
/// several categories each have is refused as ambiguous, rather than changing the first found.
fn merge_by_id(
    doc: &mut Map<String, Value>,
    list: &str,
    entries: &[Value],
    a_spans: &Spans,
    spans: &mut Spans,
    problems: &mut Vec<MergeProblem>,
) {
    let key = if list == "caps" { "tier" } else { "id" };
    for (j, entry) in entries.iter().enumerate() {
        let id = entry.get(key).and_then(Value::as_str).unwrap_or("");
        let Some(keys) = entry.as_object() else {
            continue;
        };
        let category = entry.get("category").and_then(Value::as_str);
        // A cap on a tier the base does not cap yet is added, when it is given whole.
        let whole = keys.contains_key("categories") && keys.contains_key("max");
        let capped = doc.get(list).and_then(Value::as_array).is_some_and(|l| {
            l.iter()
                .any(|c| c.get(key).and_then(Value::as_str) == Some(id))
        });
        if list == "caps" && whole && !capped {
            let caps = doc.entry(list).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(caps) = caps {
                let at = caps.len();
                let steering = |k: &String| STEERING.contains(&k.as_str());
                caps.push(Value::Object(
                    keys.iter()
                        .filter(|(k, _)| !steering(k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                ));
                spans.graft(a_spans, &format!("/{list}/{j}"), &format!("/{list}/{at}"));
            }
            continue;
        }
        match super::scoped::entry(doc, list, key, id, category) {
            Ok((i, copied)) => {
                // The copies made for the category keep the places of what they copy.
                if !copied.is_empty() {
                    let before = spans.clone();
                    for (from, to) in copied {
                        spans.graft(
                            &before,
                            &format!("/{list}/{from}"),
                            &format!("/{list}/{to}"),
                        );
                    }
                }
                if let Some(Value::Array(base)) = doc.get_mut(list) {
                    set_keys(
                        &mut base[i],
                        keys,
                        &format!("/{list}/{j}"),
                        &format!("/{list}/{i}"),
                        a_spans,
                        spans,
                    );
                }
            }
            Err(unnamed) => {
                let what = format!("{list} `{id}`");
                let (message, help) = unnamed.message(&what, &|c| format!("category = \"{c}\""));
                let at = match (&unnamed, category) {
                    (super::scoped::Unnamed::NoCategory(_), Some(_)) => "category",
                    _ => key,
                };
                let (message, help) = match &unnamed {
                    super::scoped::Unnamed::Unknown(ids) => (
                        text!(
                            format!("基础规则版本的 {list} 中没有 `{id}`"),
                            format!("the base's {list} have no `{id}`")
                        ),
                        suggestion(id, ids.iter().map(String::as_str)).unwrap_or(help),
                    ),
                    _ => (message, help),
                };
                problems.push(problem(
                    "amend::unknown",
                    &format!("/{list}/{j}/{at}"),
                    message,
                    help,
                ));
            }
        }
    }
}

/// A keyed section for one category (`[[scoring]]` with `category = ID` in an amendment):
/// that category's table changed key by key, copied from the shared one where it has none.
fn merge_section_for(
    doc: &mut Map<String, Value>,
    section: &str,
    entries: &[(String, &Value)],
    a_spans: &Spans,
    spans: &mut Spans,
    problems: &mut Vec<MergeProblem>,
) {
    for (from, entry) in entries {
        let Some(keys) = entry.as_object() else {
            continue;
        };
        let category = entry.get("category").and_then(Value::as_str);
        match super::scoped::section(doc, section, category) {
            Ok(placed) => {
                let before = spans.clone();
                if placed.wrapped {
                    spans.remove_under(&format!("/{section}"));
                    spans.graft(&before, &format!("/{section}"), &format!("/{section}/0"));
                }
                if let Some((from, to)) = &placed.copied {
                    spans.graft(&before, from, to);
                }
                let at = placed.at.clone();
                let mut whole = Value::Object(std::mem::take(doc));
                if let Some(target) = whole.pointer_mut(&at) {
                    set_keys(target, keys, from, &at, a_spans, spans);
                }
                if let Value::Object(m) = whole {
                    *doc = m;
                }
            }
            Err(unnamed) => {
                let what = format!("[{section}]");
                let (message, help) = unnamed.message(&what, &|c| format!("category = \"{c}\""));
                problems.push(problem(
                    "amend::unknown",
                    &format!("{from}/category"),
                    message,
                    help,
                ));
            }
        }
    }
}
