//! The JSON Schema of a cohort for one policy, derived from its declarations: the engine's own
//! keys, every declared field typed as declared (its title, in both languages, as the
//! description), the declared record kinds with their required fields, the tier ids of
//! `history` and the stage ids of `scores`. Editors use it to check a cohort as it is typed;
//! `schemas/cohort.schema.json` is the one for the shipped policy.

use serde_json::{json, Map, Value};

use crate::policy::fields::{FieldDecl, FieldType};
use crate::policy::Policy;

/// The cohort schema for `policy`.
pub fn derive(policy: &Policy) -> Value {
    let mut applicant = Map::new();
    applicant.insert("id".into(), json!({ "type": "string", "minLength": 1 }));
    applicant.insert("name".into(), json!({ "$ref": "#/$defs/optstring" }));
    // A policy with categories: the applicant's, by id or Chinese title.
    let categories: Vec<&str> = policy
        .categories
        .iter()
        .flat_map(|c| [c.id.as_str(), c.title.zh.as_str()])
        .collect();
    if !categories.is_empty() {
        applicant.insert(
            "category".into(),
            json!({ "enum": categories, "description": "the applicant's category (id or Chinese title); left out, the applicant is undetermined · 申报类别" }),
        );
    }
    let mut root = Map::new();
    for f in &policy.model.fields {
        insert_path(&mut root, &f.path, field_schema(f));
    }
    for (k, v) in root {
        applicant.insert(k, v);
    }
    if !policy.model.records.is_empty() {
        applicant.insert(
            "records".into(),
            json!({ "type": ["array", "null"], "items": { "$ref": "#/$defs/record" } }),
        );
    }
    let tiers: Vec<&str> = policy.tiers.iter().map(|t| t.id.as_str()).collect();
    applicant.insert(
        "history".into(),
        json!({
            "type": ["array", "null"],
            "description": "earlier wins · 以往获奖",
            "items": {
                "type": "object",
                "required": ["year", "tier"],
                "properties": {
                    "year": { "type": "integer" },
                    "tier": { "enum": tiers },
                    "revoked": { "$ref": "#/$defs/optbool" }
                }
            }
        }),
    );
    if !categories.is_empty() {
        applicant["history"]["items"]["properties"]["category"] = json!({
            "enum": categories,
            "description": "the category the tier was won in; a win in another category is not a prior win"
        });
    }
    let mut stages = Map::new();
    for s in &policy.stages {
        let mut score = json!({ "$ref": "#/$defs/score" });
        // Where the categories differ, each scores out of its own standard's total.
        let of: Vec<String> = policy
            .categories
            .iter()
            .filter(|c| c.policy.stage(&s.id).is_some())
            .map(|c| format!("{} 0–{}", c.id, c.policy.scoring.total))
            .collect();
        score["description"] = Value::from(if of.is_empty() {
            format!("{} · {}", s.title.zh, s.title.en)
        } else {
            format!("{} · {}; {}", s.title.zh, s.title.en, of.join(", "))
        });
        stages.insert(s.id.clone(), score);
    }
    applicant.insert(
        "scores".into(),
        json!({ "type": ["object", "null"], "properties": stages }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://qaward.example/schemas/cohort.schema.json",
        "title": format!("qaward cohort for {}", policy.meta.id),
        "description": format!(
            "{} · {}. One award cycle and its applicants, as the policy declares them. Every applicant field but `id` may be missing (or null, which means the same): a rule that needs it is undetermined. Decimals may be JSON numbers or strings and are read exactly. Keys the policy does not declare are reported, not read.",
            policy.meta.title.zh, policy.meta.title.en
        ),
        "type": "object",
        "required": ["cycle", "applicants"],
        "properties": {
            "$schema": { "type": "string" },
            "cycle": {
                "type": "object",
                "required": ["year", "application_deadline"],
                "properties": {
                    "year": { "type": "integer", "description": "award year Y · 评定年度" },
                    "application_deadline": {
                        "$ref": "#/$defs/date",
                        "description": "reference date D for every time window and for choosing the policy in force · 申报截止日期"
                    },
                    "publicity_start": {
                        "$ref": "#/$defs/optdate",
                        "description": "first day of the public notice · 公示开始日期"
                    },
                    "award": {
                        "type": ["string", "null"],
                        "description": "the award (a policy's family) the cohort is for; needed only when the policy directory holds several awards · 奖项（规则版本的 family），规则目录中有多个奖项时填写"
                    }
                }
            },
            "applicants": { "type": "array", "items": { "$ref": "#/$defs/applicant" } }
        },
        "$defs": {
            "date": { "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
            "optdate": { "anyOf": [{ "$ref": "#/$defs/date" }, { "type": "null" }] },
            "decimal": {
                "description": "an exact decimal: a JSON number or a string such as \"812.5\"",
                "anyOf": [
                    { "type": "number" },
                    { "type": "string", "pattern": "^[+-]?([0-9]+)?(\\.[0-9]*)?([eE][+-]?[0-9]+)?$" }
                ]
            },
            "score": {
                "anyOf": [
                    { "type": "number", "minimum": 0 },
                    { "type": "string", "pattern": "^\\+?([0-9]+)?(\\.[0-9]*)?([eE][+-]?[0-9]+)?$" },
                    { "type": "null" }
                ]
            },
            "optbool": { "type": ["boolean", "null"] },
            "optstring": { "type": ["string", "null"] },
            "applicant": {
                "type": "object",
                "required": ["id"],
                "properties": applicant
            },
            "record": record_schema(policy)
        }
    })
}

/// Puts `schema` at the dotted `path`, making the objects on the way.
fn insert_path(map: &mut Map<String, Value>, path: &str, schema: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_owned(), schema);
        }
        Some((head, rest)) => {
            let node = map
                .entry(head.to_owned())
                .or_insert_with(|| json!({ "type": ["object", "null"], "properties": {} }));
            if let Some(props) = node.get_mut("properties").and_then(Value::as_object_mut) {
                insert_path(props, rest, schema);
            }
        }
    }
}

/// One field's schema: its type (null allowed: missing), its title as the description.
fn field_schema(f: &FieldDecl) -> Value {
    let mut s = match &f.ty {
        FieldType::Bool => json!({ "$ref": "#/$defs/optbool" }),
        FieldType::Integer => json!({ "type": ["integer", "null"] }),
        FieldType::Decimal => {
            json!({ "anyOf": [{ "$ref": "#/$defs/decimal" }, { "type": "null" }] })
        }
        FieldType::Date => json!({ "$ref": "#/$defs/optdate" }),
        FieldType::Text | FieldType::Enum(_) => json!({ "$ref": "#/$defs/optstring" }),
        FieldType::DecimalByYear => json!({
            "type": ["object", "null"],
            "propertyNames": { "pattern": "^[0-9]{4}$" },
            "additionalProperties": { "$ref": "#/$defs/decimal" }
        }),
    };
    if let Some(min) = f.min {
        s["minimum"] = serde_json::from_str(&min.to_string()).unwrap_or(Value::Null);
    }
    if let Some(max) = f.max {
        s["maximum"] = serde_json::from_str(&max.to_string()).unwrap_or(Value::Null);
    }
    let mut description = format!("{} · {}", f.title.zh, f.title.en);
    if let Some(c) = f.ty.choices() {
        let values: Vec<String> = c
            .values
            .iter()
            .zip(&c.labels)
            .map(|(v, l)| {
                l.as_ref()
                    .map_or_else(|| v.clone(), |l| format!("{v} ({l})"))
            })
            .collect();
        description.push_str(&format!(
            "; one of {} (other values fail the rules that read it)",
            values.join(", ")
        ));
        s["examples"] = json!(c.values);
    }
    if let Some(ids) = &f.categories {
        description.push_str(&format!(
            "; given by applicants of {} only (from another category it is ignored, with a warning)",
            ids.join(", ")
        ));
        s["x-categories"] = json!(ids);
    }
    s["description"] = Value::from(description);
    s
}

/// The record kinds: `kind` and `date` always, each kind's fields, its required ones.
fn record_schema(policy: &Policy) -> Value {
    let kinds: Vec<&str> = policy
        .model
        .records
        .iter()
        .map(|r| r.kind.as_str())
        .collect();
    let mut props = Map::new();
    props.insert("kind".into(), json!({ "enum": kinds }));
    props.insert("date".into(), json!({ "$ref": "#/$defs/date" }));
    props.insert("note".into(), json!({ "$ref": "#/$defs/optstring" }));
    let mut rules = Vec::new();
    for r in &policy.model.records {
        for f in &r.fields {
            props
                .entry(f.path.clone())
                .or_insert_with(|| field_schema(f));
        }
        let required: Vec<&str> = r
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.path.as_str())
            .collect();
        if !required.is_empty() {
            let present: Map<String, Value> = required
                .iter()
                .map(|f| ((*f).to_owned(), json!({ "not": { "type": "null" } })))
                .collect();
            rules.push(json!({
                "if": { "properties": { "kind": { "const": r.kind } } },
                "then": { "required": required, "properties": present }
            }));
        }
    }
    json!({
        "type": "object",
        "required": ["kind", "date"],
        "properties": props,
        "allOf": rules
    })
}
