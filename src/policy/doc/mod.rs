//! A policy file as written (`policy.toml`), before any cross-check. The JSON Schema
//! `schemas/policy.schema.json` describes the same shape for editors; unknown keys are refused.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use crate::date::Date;

mod clause;
pub use clause::{ClauseDoc, ClauseKindDoc, OperandTestDoc, TestDoc};

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
    /// The criteria reviewers score, shared by the stages that name them.
    #[serde(default)]
    pub criteria: Vec<CriteriaDoc>,
    /// What becomes of the scores of a reviewer who steps aside or is disqualified.
    #[serde(default)]
    pub reviewers: Option<ReviewersDoc>,
    #[serde(default)]
    pub shortlist: Option<OneOrMany<ShortlistDoc>>,
    pub ranking: OneOrMany<RankingDoc>,
    pub tiers: Vec<TierDoc>,
    /// Bounds on one tier's places across categories together.
    #[serde(default)]
    pub caps: Vec<CapDoc>,
    /// Who may change what, where it is not the issuer.
    #[serde(default)]
    pub authority: Vec<AuthorityDoc>,
    pub publicity: PublicityDoc,
    /// How the award's decisions are recorded across years (`[ledger]`).
    #[serde(default)]
    pub ledger: Option<LedgerDoc>,
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
    /// What this category's applicants are called (参评个人), where not the policy's noun.
    #[serde(default)]
    pub applicant: Option<TextDoc>,
    /// The heading of the column naming them (姓名), where not the policy's.
    #[serde(default)]
    pub name_title: Option<TextDoc>,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorityDoc {
    pub items: Vec<String>,
    pub by: String,
    #[serde(default)]
    pub cite: Option<String>,
    pub why: TextDoc,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapDoc {
    pub tier: String,
    pub categories: Vec<String>,
    pub max: i64,
    /// How the cap decides: `flag` (the default), `by_total` or `by_share`.
    #[serde(default)]
    pub rule: Option<String>,
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
    /// What follows the results, as the papers say it.
    #[serde(default)]
    pub next_steps: Option<TextDoc>,
    /// What the award calls an applicant.
    #[serde(default)]
    pub applicant: Option<TextDoc>,
    /// The award's name, as the papers title it.
    #[serde(default)]
    pub award_name: Option<TextDoc>,
    /// The heading of the column naming an applicant (名称; 姓名 for individuals).
    #[serde(default)]
    pub name_title: Option<TextDoc>,
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
    /// How a reason says a yes/no field when it is 否.
    #[serde(default)]
    pub when_no: Option<TextDoc>,
    /// An integer that is a place in a ranking (1 the first).
    #[serde(default)]
    pub place: Option<bool>,
    #[serde(default, deserialize_with = "crate::decimal::exact_opt")]
    pub min: Option<Decimal>,
    #[serde(default, deserialize_with = "crate::decimal::exact_opt")]
    pub max: Option<Decimal>,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    /// The categories whose applicants give it (every category when left out).
    #[serde(default)]
    pub categories: Option<Vec<String>>,
}

/// A declared record kind (`[records.KIND]`); `kind` and `date` are implied.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RecordDoc {
    pub title: TextDoc,
    /// The categories whose applicants report it (every category when left out).
    #[serde(default)]
    pub categories: Option<Vec<String>>,
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
    /// The criteria its reviewers score (a `[[criteria]]` id): the stage's score is then derived
    /// from the reviewers' scores.
    #[serde(default)]
    pub criteria: Option<String>,
    /// How the reviewers' totals make the stage's score: `mean`, `trimmed_mean`, `median`.
    #[serde(default)]
    pub aggregate: Option<String>,
    /// The fewest reviewers whose scores count; fewer leave the score undetermined.
    #[serde(default)]
    pub min_panel: Option<i64>,
    /// Decimal places the score is rounded to (half away from zero).
    #[serde(default)]
    pub decimals: Option<i64>,
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

/// `[[criteria]]`: a set of criteria reviewers score, each with its maximum points.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaDoc {
    pub id: String,
    pub title: TextDoc,
    pub items: Vec<CriterionDoc>,
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

/// `[reviewers]`: where a reviewer's duty to step aside and their disqualification are provided
/// for, and whether a disqualified reviewer's earlier scores still count.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewersDoc {
    /// Where reviewers are bound to impartiality (and so step aside from an applicant).
    #[serde(default)]
    pub conflict_cite: Option<String>,
    /// Where a reviewer's disqualification is provided for.
    #[serde(default)]
    pub disqualification_cite: Option<String>,
    /// `void`: none of a disqualified reviewer's scores count; `kept`: those given before the
    /// disqualification still count.
    pub disqualified_scores: String,
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

/// One criterion of a set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionDoc {
    pub id: String,
    pub title: TextDoc,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub max: Decimal,
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
    /// The category this entry is for; without it, every category without its own.
    #[serde(default)]
    pub category: Option<String>,
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
    /// working day, as the Civil Code counts periods.
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

/// `[ledger]`: who an applicant is across years, and the rules of the decisions recorded
/// after an evaluation (proposal, publicity, approval, payment, revocation).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerDoc {
    /// The declared text field that names an applicant across years (a credit code).
    pub identity: String,
    /// Who submits the candidate list (the secretariat, to the committee).
    #[serde(default)]
    pub proposal_cite: Option<String>,
    /// Who approves the winners.
    pub approver: TextDoc,
    #[serde(default)]
    pub approval_cite: Option<String>,
    /// Where objections during the notice are provided for.
    #[serde(default)]
    pub objection_cite: Option<String>,
    /// The grounds on which a win is revoked.
    #[serde(default)]
    pub revocation: Vec<RevocationDoc>,
    #[serde(default)]
    pub verified: Option<bool>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reading: Option<String>,
}

/// `[[ledger.revocation]]`: one ground for revoking a win.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationDoc {
    pub id: String,
    /// The ground, in the text's words.
    pub title: TextDoc,
    #[serde(default)]
    pub cite: Option<String>,
    /// What the revocation takes back, in the text's words.
    pub recovers: TextDoc,
    /// Whether the money paid is recovered.
    #[serde(default)]
    pub recovers_money: bool,
    /// Whether the revocation is announced to the public.
    #[serde(default)]
    pub public_notice: bool,
    /// Whether the ground is an event after the win (its date may not precede the approval).
    #[serde(default)]
    pub after_win: bool,
}
