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
    #[serde(default)]
    pub conditions: Vec<ConditionDoc>,
    pub scoring: ScoringDoc,
    pub stages: Vec<StageDoc>,
    pub shortlist: ShortlistDoc,
    pub ranking: RankingDoc,
    pub tiers: Vec<TierDoc>,
    pub publicity: PublicityDoc,
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
    pub expires: Date,
    #[serde(default)]
    pub supersedes: Vec<String>,
    #[serde(default)]
    pub validity_cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub decision: Option<DecisionDoc>,
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
    #[serde(default = "yes")]
    pub enabled: bool,
    pub clauses: Vec<ClauseDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseDoc {
    pub id: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub title: Option<TextDoc>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub when: Option<TestDoc>,
    // compare / full_years
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub op: Option<String>,
    #[serde(default)]
    pub value: Option<Value>,
    #[serde(default)]
    pub param: Option<String>,
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    // each_year
    #[serde(default)]
    pub years_param: Option<String>,
    // no_record
    #[serde(default)]
    pub record_kind: Option<String>,
    #[serde(default)]
    pub window_param: Option<String>,
    #[serde(default, rename = "where")]
    pub filter: Vec<TestDoc>,
    #[serde(default)]
    pub except: Vec<TestDoc>,
    #[serde(default)]
    pub unless: Option<TestDoc>,
    // script
    #[serde(default)]
    pub script: Option<String>,
    #[serde(default)]
    pub inputs: BTreeMap<String, String>,
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDoc {
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortlistDoc {
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierDoc {
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    pub id: String,
    pub title: TextDoc,
    pub quota: i64,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub threshold: Decimal,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub amount: Decimal,
    pub currency: String,
    #[serde(default)]
    pub cite: TierCiteDoc,
    #[serde(default)]
    pub note: Option<String>,
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
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}
