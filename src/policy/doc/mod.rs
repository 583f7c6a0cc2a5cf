//! A policy file as written (`policy.toml`), before any cross-check. The JSON Schema
//! `schemas/policy.schema.json` describes the same shape for editors; unknown keys are refused.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use crate::date::Date;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDoc {
    pub format: String,
    pub policy: MetaDoc,
    #[serde(default)]
    pub articles: Vec<ArticleDoc>,
    #[serde(default)]
    pub params: serde_json::Map<String, Value>,
    /// Applicant fields by dotted path, in the order written (each a `FieldDoc`).
    #[serde(default)]
    pub fields: serde_json::Map<String, Value>,
    /// Record kinds by id, in the order written (each a `RecordDoc`).
    #[serde(default)]
    pub records: serde_json::Map<String, Value>,
    /// Categories of applicants, each shortlisted, ranked and placed on its own.
    #[serde(default)]
    pub categories: Vec<CategoryDoc>,
    #[serde(default)]
    pub conditions: Vec<ConditionDoc>,
    pub scoring: OneOrMany<ScoringDoc>,
    pub stages: Vec<StageDoc>,
    #[serde(default)]
    pub shortlist: Option<OneOrMany<ShortlistDoc>>,
    pub ranking: RankingDoc,
    pub tiers: Vec<TierDoc>,
    /// Bounds on one tier's places across categories together.
    #[serde(default)]
    pub caps: Vec<CapDoc>,
    pub publicity: PublicityDoc,
}

/// A section written once (`[scoring]`) or once per category (`[[scoring]]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// Each entry with its pointer under `section` (`/scoring` or `/scoring/1`).
    pub fn entries(&self, section: &str) -> Vec<(String, &T)> {
        match self {
            OneOrMany::One(t) => vec![(format!("/{section}"), t)],
            OneOrMany::Many(list) => list
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("/{section}/{i}"), t))
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDoc {
    pub id: String,
    pub title: TextDoc,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapDoc {
    pub tier: String,
    pub categories: Vec<String>,
    pub max: i64,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct TextDoc {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaDoc {
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    pub id: String,
    pub family: String,
    pub title: TextDoc,
    pub issuer: TextDoc,
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub issued: Option<Date>,
    pub effective: Date,
    #[serde(default)]
    pub expires: Option<Date>,
    #[serde(default)]
    pub supersedes: Vec<String>,
    #[serde(default)]
    pub validity_cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub decision: Option<DecisionDoc>,
    /// The body that may adjust part of the rules by its own decision, and which part.
    #[serde(default)]
    pub committee: Option<CommitteeDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteeDoc {
    pub body: String,
    pub may_change: Vec<String>,
    #[serde(default)]
    pub cite: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionDoc {
    pub number: String,
    pub date: Date,
    #[serde(default)]
    pub body: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleDoc {
    pub number: u32,
    #[serde(default = "one")]
    pub paragraphs: u32,
    #[serde(default)]
    pub items: u32,
    #[serde(default)]
    pub title: Option<TextDoc>,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamDoc {
    pub value: Value,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub title: Option<TextDoc>,
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

/// A declared field (`[fields."a.b"]`, or a record's `fields.NAME`).
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FieldDoc {
    #[serde(rename = "type")]
    pub ty: String,
    pub title: TextDoc,
    #[serde(default)]
    pub description: Option<TextDoc>,
    #[serde(default)]
    pub values: Option<Vec<String>>,
    #[serde(default)]
    pub labels: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub ordered: Option<bool>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "crate::decimal::exact_opt")]
    pub min: Option<Decimal>,
    #[serde(default, deserialize_with = "crate::decimal::exact_opt")]
    pub max: Option<Decimal>,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
}

/// A declared record kind (`[records.KIND]`); `kind` and `date` are implied.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RecordDoc {
    pub title: TextDoc,
    /// Its fields by key, in the order written (each a `FieldDoc`).
    #[serde(default)]
    pub fields: serde_json::Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDoc {
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    pub id: String,
    pub cite: String,
    pub title: TextDoc,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The categories it applies to (every category when left out).
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    pub clauses: Vec<ClauseDoc>,
}

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringDoc {
    /// The category it is for; `None`: every category without one of its own.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub standards_param: Option<String>,
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub total: Decimal,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDoc {
    /// The category it is for; `None`: every category without one of its own.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    pub id: String,
    pub title: TextDoc,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub weight: Decimal,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortlistDoc {
    /// The category it is for; `None`: every category without one of its own.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    pub stage: String,
    pub size: i64,
    #[serde(default = "yes")]
    pub include_ties: bool,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankingDoc {
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    pub tie_break: Vec<String>,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierDoc {
    /// The category it is for; `None`: every category without one of its own.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    pub id: String,
    pub title: TextDoc,
    pub quota: i64,
    /// The measures let fewer places (or none) be awarded than the quota.
    #[serde(default)]
    pub may_be_fewer: bool,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub threshold: Decimal,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub amount: Decimal,
    pub currency: String,
    #[serde(default)]
    pub cite: TierCiteDoc,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TierCiteDoc {
    #[serde(default)]
    pub quota: Option<String>,
    #[serde(default)]
    pub threshold: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicityDoc {
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    pub days: i64,
    /// `calendar` (every day counts, the default) or `working` (working days only).
    #[serde(default)]
    pub day_kind: Option<String>,
    /// Count from the day after the start and move a last day on a rest day to the next
    /// working day (Civil Code Arts. 201, 203).
    #[serde(default)]
    pub civil_code: bool,
    /// The working-day calendar (`calendars/ID.toml` of the policy directory).
    #[serde(default)]
    pub calendar: Option<String>,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
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
