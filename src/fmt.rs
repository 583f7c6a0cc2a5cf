//! Normalising policy files so that diffs between versions stay small: sections in a fixed
//! order, keys in a fixed order within each table, one space around `=`, clause tables indented
//! by two spaces, integers without `_`, decimals with at least two places (`0.3` → `0.30`).
//! Every comment is kept: a comment travels with the key or table it stands above. Formatting a
//! formatted file changes nothing.

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, Value};

use crate::policy::format::order::{
    AUTHORITY, CAP, CATEGORY, CLAUSE, CONDITION, CRITERIA, FIELD, INLINE, LEDGER, META, PARAM,
    RECORD, REVIEWERS, REVOCATION, SECTION, SECTIONS, STAGE, TIER,
};

fn rank(order: &[&str], key: &str) -> usize {
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

/// Formats the text of a policy or amendment file; `Err` with the parser's message when it is
/// not TOML.
pub fn format_policy(source: &str) -> Result<String, String> {
    let mut doc: DocumentMut = source
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let root = doc.as_table_mut();
    root.sort_values_by(|a, _, b, _| rank(SECTIONS, a.get()).cmp(&rank(SECTIONS, b.get())));
    tidy_table(root, SECTION, 0);
    let mut position = 0isize;
    for name in SECTIONS {
        let Some(item) = root.get_mut(name) else {
            continue;
        };
        match item {
            Item::Table(t) => {
                let order = match *name {
                    "policy" | "amendment" => META,
                    "ledger" => LEDGER,
                    "reviewers" => REVIEWERS,
                    _ => SECTION,
                };
                place(t, &mut position);
                tidy_table(t, order, 0);
                // `[[ledger.revocation]]` follows its section.
                if let Some(Item::ArrayOfTables(list)) = t.get_mut("revocation") {
                    for r in list.iter_mut() {
                        place(r, &mut position);
                        tidy_table(r, REVOCATION, 0);
                    }
                }
                let entry_order = match *name {
                    "params" => Some(PARAM),
                    "fields" => Some(FIELD),
                    "records" => Some(RECORD),
                    _ => None,
                };
                if let Some(entry_order) = entry_order {
                    for (_, p) in t.iter_mut() {
                        if let Item::Table(pt) = p {
                            place(pt, &mut position);
                            tidy_table(pt, entry_order, 0);
                        }
                    }
                }
            }
            Item::ArrayOfTables(list) => {
                let order = match *name {
                    "conditions" => CONDITION,
                    "caps" => CAP,
                    "authority" => AUTHORITY,
                    "scoring" | "shortlist" | "ranking" => SECTION,
                    "tiers" => TIER,
                    "categories" => CATEGORY,
                    "criteria" => CRITERIA,
                    _ => STAGE,
                };
                for t in list.iter_mut() {
                    place(t, &mut position);
                    tidy_table(t, order, 0);
                    if let Some(Item::ArrayOfTables(clauses)) = t.get_mut("clauses") {
                        for c in clauses.iter_mut() {
                            tidy_clause(c, &mut position, 2);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(doc.to_string())
}

/// Places, indents and orders a clause, then the members of a group after it, two spaces
/// deeper at each level.
fn tidy_clause(c: &mut Table, position: &mut isize, indent: usize) {
    place(c, position);
    let prefix = indent_prefix(
        c.decor().prefix().and_then(|p| p.as_str()).unwrap_or("\n"),
        indent,
    );
    c.decor_mut().set_prefix(prefix);
    tidy_table(c, CLAUSE, indent);
    if let Some(Item::ArrayOfTables(members)) = c.get_mut("any_of") {
        for m in members.iter_mut() {
            tidy_clause(m, position, indent + 2);
        }
    }
}

/// Gives a table the next position in the document.
fn place(t: &mut Table, position: &mut isize) {
    if t.position().is_some() {
        t.set_position(Some(*position));
        *position += 1;
    }
}

/// Replaces the indentation of the last line of a decor prefix (the comments above stay).
fn indent_prefix(prefix: &str, indent: usize) -> String {
    let head = prefix.rfind('\n').map_or("", |i| &prefix[..=i]);
    let lines: Vec<String> = head
        .split_inclusive('\n')
        .map(|l| {
            let t = l.trim_start_matches([' ', '\t']);
            if t.starts_with('#') {
                format!("{}{t}", " ".repeat(indent))
            } else {
                t.to_owned()
            }
        })
        .collect();
    format!("{}{}", lines.concat(), " ".repeat(indent))
}

/// Orders a table's keys, spaces them, and respells its numbers.
fn tidy_table(t: &mut Table, order: &[&str], indent: usize) {
    t.sort_values_by(|a, _, b, _| rank(order, a.get()).cmp(&rank(order, b.get())));
    for (mut key, item) in t.iter_mut() {
        let Item::Value(value) = item else { continue };
        tidy_key(&mut key, indent);
        tidy_value(value);
    }
}

fn tidy_key(key: &mut toml_edit::KeyMut<'_>, indent: usize) {
    let prefix = key
        .leaf_decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_owned();
    let decor = key.leaf_decor_mut();
    decor.set_prefix(indent_prefix(&prefix, indent));
    decor.set_suffix(" ");
}

fn tidy_value(value: &mut Value) {
    let suffix = value
        .decor()
        .suffix()
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .trim()
        .to_owned();
    respell(value);
    match value {
        Value::InlineTable(t) => tidy_inline(t),
        Value::Array(a) => {
            for v in a.iter_mut() {
                respell(v);
                if let Value::InlineTable(t) = v {
                    tidy_inline(t);
                }
            }
        }
        _ => {}
    }
    let decor = value.decor_mut();
    decor.set_prefix(" ");
    decor.set_suffix(if suffix.is_empty() {
        String::new()
    } else {
        format!(" {suffix}")
    });
}

fn tidy_inline(t: &mut InlineTable) {
    t.sort_values_by(|a: &Key, _, b: &Key, _| rank(INLINE, a.get()).cmp(&rank(INLINE, b.get())));
    for (_, v) in t.iter_mut() {
        respell(v);
        if let Value::InlineTable(inner) = v {
            tidy_inline(inner);
        }
    }
    t.fmt();
}

/// Integers without `_`; decimals with at least two places and no needless trailing zeros.
fn respell(value: &mut Value) {
    let decor = value.decor().clone();
    let new = match value {
        Value::Integer(i) => {
            let text = i.display_repr().replace('_', "");
            (text != i.display_repr()).then_some(text)
        }
        Value::Float(f) => {
            let text = f.display_repr().replace('_', "");
            let spelled = match text.split_once('.') {
                Some((int, frac)) if !frac.contains(['e', 'E']) => {
                    let trimmed = frac.trim_end_matches('0');
                    format!("{int}.{trimmed:0<2}")
                }
                _ => text,
            };
            (spelled != f.display_repr()).then_some(spelled)
        }
        _ => None,
    };
    if let Some(text) = new {
        if let Ok(mut v) = text.parse::<Value>() {
            *v.decor_mut() = decor;
            *value = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_spaces_respells_and_keeps_comments() {
        let src = "articles = []\nformat = \"qaward.policy.v1\"\n\n[policy]\nexpires = 2029-03-31\n# the id\nid   =  \"x\"\n";
        let out = format_policy(src).unwrap();
        assert!(
            out.starts_with("format = \"qaward.policy.v1\"\narticles = []\n"),
            "{out}"
        );
        assert!(
            out.contains("# the id\nid = \"x\"\nexpires = 2029-03-31"),
            "{out}"
        );
        let nums = format_policy("[[stages]]\nid = \"a\"\nweight = 0.3\n\n[[tiers]]\nid = \"t\"\namount = 1_000_000 # yuan\nthreshold = 0.600\n").unwrap();
        assert!(nums.contains("weight = 0.30\n"), "{nums}");
        assert!(nums.contains("amount = 1000000 # yuan\n"), "{nums}");
        assert!(nums.contains("threshold = 0.60"), "{nums}");
    }

    #[test]
    fn is_idempotent_on_the_shipped_policies() {
        for p in [
            "policies/wuxi-2024/policy.toml",
            "policies/wuxi-2017/policy.toml",
            "examples/amendments/wuxi-2024-rank5/policy.toml",
        ] {
            let src = std::fs::read_to_string(p).unwrap();
            let once = format_policy(&src).unwrap();
            assert_eq!(format_policy(&once).unwrap(), once, "{p}");
            assert_eq!(
                src.matches('#').count(),
                once.matches('#').count(),
                "{p}: every comment kept"
            );
        }
    }
}
