//! A clause as written in a policy file, read through its flat shape so that a key of another
//! kind is refused, and the keys each kind requires (held to the policy schema by a test).

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

use super::TextDoc;

/// A clause as written: what every kind shares, and the keys of its kind. Read through
/// [`RawClause`], the flat shape of the file, so that a key of another kind is refused.
#[derive(Debug, Deserialize)]
#[serde(try_from = "RawClause")]
pub struct ClauseDoc {
    pub id: String,
    pub title: Option<TextDoc>,
    pub note: Option<String>,
    pub reading: Option<String>,
    /// The clause applies only when this holds.
    pub when: Option<TestDoc>,
    pub kind: ClauseKindDoc,
}

/// The kinds of clause, by their `kind` key (`compare` when it is left out).
#[derive(Debug)]
pub enum ClauseKindDoc {
    /// `field op value|param|ref`.
    Compare(TestDoc),
    /// At least `param` full years from the date `field` to the application deadline.
    FullYears { field: String, param: String },
    /// `field[year] op operand` for each of the `years_param` years before the award year.
    EachYear {
        field: String,
        years_param: String,
        test: OperandTestDoc,
    },
    /// No record of `record_kind` within `window_param` years, with filters and exceptions.
    NoRecord {
        record_kind: String,
        window_param: String,
        filter: Vec<TestDoc>,
        except: Vec<TestDoc>,
        unless: Option<TestDoc>,
    },
    /// A Rhai script beside the policy, with the cohort fields it reads; with
    /// `decides_with_missing`, missing inputs reach it as `()` instead of making it unknown.
    Script {
        script: String,
        inputs: BTreeMap<String, String>,
        decides_with_missing: bool,
    },
    /// Holds when one of its members holds (Kleene OR); members may be groups themselves.
    AnyOf {
        cite: Option<String>,
        members: Vec<ClauseDoc>,
    },
}

/// The operator and right-hand side of a test whose left-hand side the clause gives.
#[derive(Debug)]
pub struct OperandTestDoc {
    pub op: String,
    pub value: Option<Value>,
    pub param: Option<String>,
    pub reference: Option<String>,
}

/// A clause exactly as the file spells it: every key of every kind, all optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClause {
    id: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    title: Option<TextDoc>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    reading: Option<String>,
    #[serde(default)]
    when: Option<TestDoc>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    op: Option<String>,
    #[serde(default)]
    value: Option<Value>,
    #[serde(default)]
    param: Option<String>,
    #[serde(default, rename = "ref")]
    reference: Option<String>,
    #[serde(default)]
    years_param: Option<String>,
    #[serde(default)]
    record_kind: Option<String>,
    #[serde(default)]
    window_param: Option<String>,
    #[serde(default, rename = "where")]
    filter: Option<Vec<TestDoc>>,
    #[serde(default)]
    except: Option<Vec<TestDoc>>,
    #[serde(default)]
    unless: Option<TestDoc>,
    #[serde(default)]
    script: Option<String>,
    #[serde(default)]
    inputs: Option<BTreeMap<String, String>>,
    #[serde(default)]
    decides_with_missing: Option<bool>,
    #[serde(default)]
    cite: Option<String>,
    #[serde(default)]
    any_of: Option<Vec<ClauseDoc>>,
}

/// The clause kinds and the keys each takes besides `id`, `kind`, `title`, `note`, `reading`,
/// `when`;
/// the first list is required. `schemas/policy.schema.json` says the same (a test holds them).
pub const CLAUSE_KINDS: [(&str, &[&str], &[&str]); 6] = [
    ("compare", &["field", "op"], &["value", "param", "ref"]),
    ("full_years", &["field", "param"], &[]),
    (
        "each_year",
        &["field", "years_param", "op"],
        &["value", "param", "ref"],
    ),
    (
        "no_record",
        &["record_kind", "window_param"],
        &["where", "except", "unless"],
    ),
    ("script", &["script"], &["inputs", "decides_with_missing"]),
    ("any_of", &["any_of"], &["cite"]),
];

impl RawClause {
    /// The keys of the kind's own that are present, by name.
    fn present(&self) -> Vec<&'static str> {
        let keys: [(&'static str, bool); 16] = [
            ("field", self.field.is_some()),
            ("op", self.op.is_some()),
            ("value", self.value.is_some()),
            ("param", self.param.is_some()),
            ("ref", self.reference.is_some()),
            ("years_param", self.years_param.is_some()),
            ("record_kind", self.record_kind.is_some()),
            ("window_param", self.window_param.is_some()),
            ("where", self.filter.is_some()),
            ("except", self.except.is_some()),
            ("unless", self.unless.is_some()),
            ("script", self.script.is_some()),
            ("inputs", self.inputs.is_some()),
            ("decides_with_missing", self.decides_with_missing.is_some()),
            ("cite", self.cite.is_some()),
            ("any_of", self.any_of.is_some()),
        ];
        keys.iter().filter(|(_, on)| *on).map(|(k, _)| *k).collect()
    }
}

impl TryFrom<RawClause> for ClauseDoc {
    type Error = String;

    fn try_from(raw: RawClause) -> Result<ClauseDoc, String> {
        let kind = raw.kind.clone().unwrap_or_else(|| "compare".to_owned());
        let Some((_, required, optional)) = CLAUSE_KINDS.iter().find(|(k, _, _)| *k == kind) else {
            let kinds: Vec<&str> = CLAUSE_KINDS.iter().map(|(k, _, _)| *k).collect();
            return Err(format!(
                "clause `{}`: unknown kind `{kind}`; the kinds are {}",
                raw.id,
                kinds.join(", ")
            ));
        };
        let present = raw.present();
        if let Some(missing) = required.iter().find(|k| !present.contains(k)) {
            return Err(format!(
                "clause `{}`: a {kind} clause needs `{missing}`",
                raw.id
            ));
        }
        if let Some(stray) = present
            .iter()
            .find(|k| !required.contains(k) && !optional.contains(k))
        {
            return Err(format!(
                "clause `{}`: a {kind} clause does not take `{stray}`",
                raw.id
            ));
        }
        let need = |v: Option<String>| v.unwrap_or_default();
        let body = match kind.as_str() {
            "compare" => ClauseKindDoc::Compare(TestDoc {
                field: need(raw.field),
                op: need(raw.op),
                value: raw.value,
                param: raw.param,
                reference: raw.reference,
            }),
            "full_years" => ClauseKindDoc::FullYears {
                field: need(raw.field),
                param: need(raw.param),
            },
            "each_year" => ClauseKindDoc::EachYear {
                field: need(raw.field),
                years_param: need(raw.years_param),
                test: OperandTestDoc {
                    op: need(raw.op),
                    value: raw.value,
                    param: raw.param,
                    reference: raw.reference,
                },
            },
            "no_record" => ClauseKindDoc::NoRecord {
                record_kind: need(raw.record_kind),
                window_param: need(raw.window_param),
                filter: raw.filter.unwrap_or_default(),
                except: raw.except.unwrap_or_default(),
                unless: raw.unless,
            },
            "script" => ClauseKindDoc::Script {
                script: need(raw.script),
                inputs: raw.inputs.unwrap_or_default(),
                decides_with_missing: raw.decides_with_missing.unwrap_or(false),
            },
            _ => {
                let members = raw.any_of.unwrap_or_default();
                if members.is_empty() {
                    return Err(format!(
                        "clause `{}`: an any_of clause needs at least one member in `any_of`",
                        raw.id
                    ));
                }
                ClauseKindDoc::AnyOf {
                    cite: raw.cite,
                    members,
                }
            }
        };
        Ok(ClauseDoc {
            id: raw.id,
            title: raw.title,
            note: raw.note,
            reading: raw.reading,
            when: raw.when,
            kind: body,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestDoc {
    pub field: String,
    pub op: String,
    #[serde(default)]
    pub value: Option<Value>,
    #[serde(default)]
    pub param: Option<String>,
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clause kinds and their required keys here and in the policy schema agree.
    #[test]
    fn clause_kinds_agree_with_the_schema() {
        let schema: Value = serde_json::from_str(crate::schema::POLICY).unwrap();
        let clause = &schema["$defs"]["clause"];
        let kinds: Vec<&str> = clause["properties"]["kind"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let ours: Vec<&str> = CLAUSE_KINDS.iter().map(|(k, _, _)| *k).collect();
        assert_eq!(kinds, ours);
        for rule in clause["allOf"].as_array().unwrap() {
            let kind = rule["if"]["properties"]["kind"]["const"].as_str().unwrap();
            let required: Vec<&str> = rule["then"]["required"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let (_, ours, _) = CLAUSE_KINDS.iter().find(|(k, _, _)| *k == kind).unwrap();
            assert_eq!(&required, ours, "{kind}");
        }
        for (k, required, optional) in CLAUSE_KINDS {
            for key in required.iter().chain(optional.iter()) {
                assert!(
                    clause["properties"].get(*key).is_some(),
                    "{k}: the schema has no `{key}`"
                );
            }
        }
    }

    #[test]
    fn a_clause_takes_only_its_kinds_keys() {
        let read = |v: Value| serde_json::from_value::<ClauseDoc>(v);
        let ok = read(serde_json::json!({"id": "a", "field": "x", "op": "=="})).unwrap();
        assert!(matches!(ok.kind, ClauseKindDoc::Compare(_)));
        let stray =
            read(serde_json::json!({"id": "a", "field": "x", "op": "==", "years_param": "y"}));
        assert!(stray
            .unwrap_err()
            .to_string()
            .contains("does not take `years_param`"));
        let missing = read(serde_json::json!({"id": "a", "kind": "full_years", "field": "x"}));
        assert!(missing.unwrap_err().to_string().contains("needs `param`"));
    }
}
