//! What the policy format's JSON Schema asks that the typed reading cannot see: lists that may
//! not be empty, numbers that start at 1, the spelling of a policy's id. A document that
//! passes these, the typed reading (unknown keys, types, required keys) and the lowering
//! (values, names, cross-references) is one the schema accepts, so the schema itself, whose
//! compiling is most of a small command's time, is consulted only to explain a document that
//! fails (`tests` hold the two to agreement).

use serde_json::Value;

/// Whether `doc` keeps the schema's rules that the typed reading does not check.
pub(super) fn fits(doc: &Value) -> bool {
    let non_empty =
        |v: Option<&Value>| v.is_none_or(|v| v.as_array().is_some_and(|a| !a.is_empty()));
    let at_least =
        |v: Option<&Value>, min: i64| v.is_none_or(|v| v.as_i64().is_some_and(|n| n >= min));
    let each = |list: &str| -> Vec<&Value> {
        match doc.get(list) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(Value::Object(map)) => map.values().collect(),
            _ => Vec::new(),
        }
    };
    let id_ok = doc
        .pointer("/policy/id")
        .and_then(Value::as_str)
        .is_none_or(|id| {
            id.chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        });
    // A section written once per category is a non-empty list of tables.
    let sections_ok = ["scoring", "shortlist", "ranking"]
        .iter()
        .all(|s| !matches!(doc.get(*s), Some(Value::Array(a)) if a.is_empty()));
    let stages_ok = non_empty(doc.get("stages"))
        && each("stages").iter().all(|s| {
            s.get("id")
                .and_then(Value::as_str)
                .is_none_or(|id| !id.is_empty())
        });
    let articles_ok = each("articles").iter().all(|a| {
        at_least(a.get("number"), 1)
            && at_least(a.get("paragraphs"), 1)
            && at_least(a.get("items"), 0)
    });
    let categories_ok = |v: &&Value| non_empty(v.get("categories"));
    let records_ok = each("records").iter().all(|r| {
        categories_ok(r)
            && r.get("fields")
                .and_then(Value::as_object)
                .is_none_or(|f| f.values().all(|x| categories_ok(&x)))
    });
    id_ok
        && sections_ok
        && stages_ok
        && articles_ok
        && non_empty(doc.pointer("/policy/committee/may_change"))
        && each("authority").iter().all(|a| non_empty(a.get("items")))
        && each("caps")
            .iter()
            .all(|c| categories_ok(c) && at_least(c.get("max"), 0))
        && each("fields").iter().all(categories_ok)
        && records_ok
        && each("conditions").iter().all(|c| {
            c.get("clauses")
                .and_then(Value::as_array)
                .is_none_or(|k| clauses_ok(k))
        })
}

/// Every `any_of` group, at any depth, has members.
fn clauses_ok(clauses: &[Value]) -> bool {
    clauses.iter().all(|k| match k.get("any_of") {
        Some(Value::Array(members)) => !members.is_empty() && clauses_ok(members),
        _ => true,
    })
}
