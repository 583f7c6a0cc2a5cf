//! Naming one category's entry in a policy document, for amendments and `--set`: a stage, a
//! tier or a keyed section (`[scoring]`, `[shortlist]`, `[ranking]`) written once for every
//! category, or once per category, and the joint caps.
//!
//! Where a category uses the shared entries and an amendment (or `--set`) changes one of them
//! for that category alone, the shared entries of the list are first copied for the category
//! (a category with entries of its own uses only those, so all of them are copied), and the
//! copy is changed: the other categories keep the shared ones. Naming an entry without a
//! category where several categories have their own is ambiguous and refused with the names to
//! use, rather than changing the first one found.

use serde_json::{Map, Value};

use crate::diag::text;
use crate::diag::Text;

/// Why an entry could not be named.
#[derive(Debug)]
pub(crate) enum Unnamed {
    /// No entry has this id (for this category); the ids there are.
    Unknown(Vec<String>),
    /// Several categories have their own entry with this id; name one of them.
    Ambiguous(Vec<String>),
    /// The policy declares no such category; the ones it declares.
    NoCategory(Vec<String>),
}

impl Unnamed {
    /// The problem in words, for `what` (e.g. "tiers `award`") and the way a category is named
    /// where the user wrote it (`@individual` or `category = "individual"`).
    pub(crate) fn message(&self, what: &str, named: &dyn Fn(&str) -> String) -> (Text, Text) {
        match self {
            Unnamed::Unknown(ids) => (
                text!(
                    format!("规则版本中没有 {what}"),
                    format!("the policy has no {what}")
                ),
                text!(
                    format!("现有的编号：{}", ids.join("、")),
                    format!("it has: {}", ids.join(", "))
                ),
            ),
            Unnamed::Ambiguous(categories) => {
                let ways: Vec<String> = categories.iter().map(|c| named(c)).collect();
                (
                    text!(
                        format!("{what} 按类别分别规定（{}），未指明改哪一个类别的", categories.join("、")),
                        format!(
                            "{what} is written for each category ({}); which one is meant is not said",
                            categories.join(", ")
                        )
                    ),
                    text!(
                        format!("指明类别：{}", ways.join(" 或 ")),
                        format!("name the category: {}", ways.join(" or "))
                    ),
                )
            }
            Unnamed::NoCategory(declared) => (
                text!(
                    format!("{what}：规则版本没有声明这个类别"),
                    format!("{what}: the policy declares no such category")
                ),
                text!(
                    format!("已声明的类别：{}", declared.join("、")),
                    format!("the categories declared: {}", declared.join(", "))
                ),
            ),
        }
    }
}

fn category_of(v: &Value) -> Option<&str> {
    v.get("category").and_then(Value::as_str)
}

fn declared(doc: &Map<String, Value>) -> Vec<String> {
    doc.get("categories")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// A copy made for a category: the index copied from and the index of the copy, so the
/// caller can carry the source places over.
pub(crate) type Copied = Vec<(usize, usize)>;

/// The index in `list` of the entry whose `key` (`id`, or `tier` for caps) is `id`, for
/// `category` (`None`: the shared one, or the only one). Where the category uses the shared
/// entries, they are copied for it first (returned in `Copied`).
pub(crate) fn entry(
    doc: &mut Map<String, Value>,
    list: &str,
    key: &str,
    id: &str,
    category: Option<&str>,
) -> Result<(usize, Copied), Unnamed> {
    let declared = declared(doc);
    let Some(Value::Array(entries)) = doc.get_mut(list) else {
        return Err(Unnamed::Unknown(Vec::new()));
    };
    let named = |v: &Value| v.get(key).and_then(Value::as_str) == Some(id);
    let ids = |entries: &[Value], of: Option<&str>| -> Vec<String> {
        entries
            .iter()
            .filter(|v| of.is_none() || category_of(v) == of || category_of(v).is_none())
            .filter_map(|v| {
                let id = v.get(key).and_then(Value::as_str)?;
                Some(match category_of(v) {
                    Some(c) => format!("{id}@{c}"),
                    None => id.to_owned(),
                })
            })
            .collect()
    };
    let Some(category) = category else {
        let matching: Vec<usize> = (0..entries.len()).filter(|&i| named(&entries[i])).collect();
        // The shared entry is the one named without a category.
        if let Some(&i) = matching
            .iter()
            .find(|&&i| category_of(&entries[i]).is_none())
        {
            return Ok((i, Vec::new()));
        }
        return match matching.as_slice() {
            [] => Err(Unnamed::Unknown(ids(entries, None))),
            [only] => Ok((*only, Vec::new())),
            many => Err(Unnamed::Ambiguous(
                many.iter()
                    .filter_map(|&i| category_of(&entries[i]).map(str::to_owned))
                    .collect(),
            )),
        };
    };
    if !declared.iter().any(|c| c == category) {
        return Err(Unnamed::NoCategory(declared));
    }
    if let Some(i) = (0..entries.len())
        .find(|&i| named(&entries[i]) && category_of(&entries[i]) == Some(category))
    {
        return Ok((i, Vec::new()));
    }
    let has_own = entries.iter().any(|v| category_of(v) == Some(category));
    let shared: Vec<usize> = (0..entries.len())
        .filter(|&i| category_of(&entries[i]).is_none())
        .collect();
    if has_own || !shared.iter().any(|&i| named(&entries[i])) {
        return Err(Unnamed::Unknown(ids(entries, Some(category))));
    }
    // Copy every shared entry for the category: with one entry of its own it would use only
    // that one.
    let mut copied = Vec::new();
    let mut found = None;
    for i in shared {
        let mut copy = entries[i].clone();
        if let Value::Object(m) = &mut copy {
            m.insert("category".into(), Value::String(category.to_owned()));
        }
        if named(&copy) {
            found = Some(entries.len());
        }
        copied.push((i, entries.len()));
        entries.push(copy);
    }
    found
        .map(|i| (i, copied))
        .ok_or_else(|| Unnamed::Unknown(Vec::new()))
}

/// Where a keyed section's table for a category is, and how the document's places moved to
/// get it there.
#[derive(Debug, PartialEq)]
pub(crate) struct Placed {
    /// The table's pointer.
    pub at: String,
    /// A single table that became the first of a list: its places move from `/SECTION` to
    /// `/SECTION/0` (clear the old ones first).
    pub wrapped: bool,
    /// The table copied for the category: (from, to) pointers in the document as it was.
    pub copied: Option<(String, String)>,
}

/// The pointer of a keyed section's table for `category` (`None`: the shared one), turning a
/// single shared table into a list of tables (the shared one first) when a category gets one
/// of its own.
pub(crate) fn section(
    doc: &mut Map<String, Value>,
    section: &str,
    category: Option<&str>,
) -> Result<Placed, Unnamed> {
    let placed = |at: String| Placed {
        at,
        wrapped: false,
        copied: None,
    };
    let declared = declared(doc);
    let Some(category) = category else {
        return match doc.get(section) {
            Some(Value::Array(list)) => match list.iter().position(|t| category_of(t).is_none()) {
                Some(i) => Ok(placed(format!("/{section}/{i}"))),
                None => Err(Unnamed::Ambiguous(
                    list.iter()
                        .filter_map(|t| category_of(t).map(str::to_owned))
                        .collect(),
                )),
            },
            Some(_) => Ok(placed(format!("/{section}"))),
            None => Err(Unnamed::Unknown(Vec::new())),
        };
    };
    if !declared.iter().any(|c| c == category) {
        return Err(Unnamed::NoCategory(declared));
    }
    let value = doc.remove(section).ok_or(Unnamed::Unknown(Vec::new()))?;
    let (mut list, was_table) = match value {
        Value::Array(list) => (list, false),
        table => (vec![table], true),
    };
    let (at, copied) = match list.iter().position(|t| category_of(t) == Some(category)) {
        Some(i) => (i, None),
        None => match list.iter().position(|t| category_of(t).is_none()) {
            Some(shared) => {
                let mut copy = list[shared].clone();
                if let Value::Object(m) = &mut copy {
                    m.insert("category".into(), Value::String(category.to_owned()));
                }
                list.push(copy);
                let from = if was_table {
                    format!("/{section}")
                } else {
                    format!("/{section}/{shared}")
                };
                (
                    list.len() - 1,
                    Some((from, format!("/{section}/{}", list.len() - 1))),
                )
            }
            None => {
                doc.insert(section.to_owned(), Value::Array(list));
                return Err(Unnamed::Unknown(Vec::new()));
            }
        },
    };
    doc.insert(section.to_owned(), Value::Array(list));
    Ok(Placed {
        at: format!("/{section}/{at}"),
        wrapped: was_table,
        copied,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Map<String, Value> {
        let Value::Object(m) = json!({
            "categories": [ { "id": "org" }, { "id": "person" } ],
            "tiers": [ { "id": "gold", "quota": 10 }, { "id": "silver", "quota": 90 } ],
            "scoring": { "total": 1000 }
        }) else {
            unreachable!()
        };
        m
    }

    #[test]
    fn a_category_gets_its_own_copy_of_the_shared_entries() {
        let mut d = doc();
        let (i, copied) = entry(&mut d, "tiers", "id", "gold", Some("person")).unwrap();
        assert_eq!(i, 2);
        assert_eq!(copied, [(0, 2), (1, 3)]);
        assert_eq!(d["tiers"][3]["id"], "silver");
        assert_eq!(d["tiers"][3]["category"], "person");
        // Named again, the copy is found; unqualified, the shared one.
        assert_eq!(
            entry(&mut d, "tiers", "id", "gold", Some("person")).unwrap(),
            (2, vec![])
        );
        assert_eq!(
            entry(&mut d, "tiers", "id", "gold", None).unwrap(),
            (0, vec![])
        );
    }

    #[test]
    fn several_categories_own_entries_are_ambiguous_unqualified() {
        let mut d = doc();
        d["tiers"] = json!([
            { "id": "gold", "category": "org" },
            { "id": "gold", "category": "person" }
        ]);
        match entry(&mut d, "tiers", "id", "gold", None) {
            Err(Unnamed::Ambiguous(c)) => assert_eq!(c, ["org", "person"]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            entry(&mut d, "tiers", "id", "gold", Some("robot")),
            Err(Unnamed::NoCategory(_))
        ));
    }

    #[test]
    fn a_shared_section_becomes_a_list_when_a_category_gets_its_own() {
        let mut d = doc();
        let placed = section(&mut d, "scoring", Some("person")).unwrap();
        assert_eq!(placed.at, "/scoring/1");
        assert!(placed.wrapped);
        assert_eq!(
            placed.copied,
            Some(("/scoring".into(), "/scoring/1".into()))
        );
        assert_eq!(d["scoring"][1]["category"], "person");
        assert_eq!(section(&mut d, "scoring", None).unwrap().at, "/scoring/0");
    }
}
