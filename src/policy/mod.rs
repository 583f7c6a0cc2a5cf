//! A policy: one version of the award's rules as plain, immutable data — metadata and validity
//! window, parameters with provenance, eligibility conditions made of clauses, scoring stages,
//! the shortlist, ranking, tiers and publicity — each with its citation of the regulation.
//!
//! Pipeline: `doc` (TOML as written) → `load` (schema check, cross-checks, scripts compiled
//! once) → `Policy`. Choosing a policy from a directory lives in `store`.

mod amend;
pub mod calendar;
/// The most stages a policy may have: a verdict keeps its scores inline.
pub const MAX_STAGES: usize = 4;
pub mod citation;
mod doc;
pub mod fields;
pub(crate) mod format;
pub mod lint;
pub mod load;
mod lower;
pub mod overrides;
mod panels;
pub mod readings;
pub(crate) mod rules;
pub(crate) mod scoped;
pub mod script;
pub(crate) mod skeleton;
pub mod store;
pub(crate) mod unverified;
pub(crate) mod uses;
pub mod variant;

use std::path::PathBuf;
use std::sync::Arc;

use rust_decimal::Decimal;

pub use citation::Citation;
pub use fields::{Field, RecordField, Val};

use crate::date::Date;
use crate::diag::Text;

/// One version of an award's rules, loaded and checked: plain, immutable data.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Id, title, issuer, validity window and provenance.
    pub meta: Meta,
    /// The regulation's articles, for checking citations.
    pub articles: Vec<Article>,
    /// The named numbers and lists the rules read, with their citations.
    pub params: Vec<Param>,
    /// The data a cohort carries for this policy, as declared.
    pub model: fields::DataModel,
    /// The eligibility conditions, in order.
    pub conditions: Vec<Condition>,
    /// The evaluation standard's total.
    pub scoring: Scoring,
    /// The scoring stages and their weights.
    pub stages: Vec<Stage>,
    /// The criteria reviewers score (`[[criteria]]`).
    pub criteria: Vec<Criteria>,
    /// What becomes of the scores of a reviewer who steps aside or is disqualified
    /// (`[reviewers]`); `None`: the policy does not say, and a disqualified reviewer's scores
    /// do not count.
    pub reviewers: Option<Reviewers>,
    /// How the shortlist is drawn; `None`: no shortlist, every eligible applicant goes on.
    pub shortlist: Option<Shortlist>,
    /// How ties in the total are broken.
    pub ranking: Ranking,
    /// The tiers, best first, with quotas, thresholds and amounts.
    pub tiers: Vec<Tier>,
    /// The public notice.
    pub publicity: Publicity,
    /// Categories of applicants, each with its own procedure; empty: one implicit category
    /// (the fields above).
    pub categories: Vec<Category>,
    /// Bounds on one tier's places across categories.
    pub caps: Vec<Cap>,
    /// Who may change what, where it is not the issuer (`[[authority]]`).
    pub authority: Vec<Authority>,
    /// How the award's decisions are recorded across years (`[ledger]`); `None`: the policy
    /// says nothing of them, and the ledger refuses to record under it.
    pub ledger: Option<Ledger>,
    /// Where the policy was read from (a directory, or `embedded:` + id).
    pub origin: PathBuf,
    /// `sha256:` + hex over every file of the policy.
    pub digest: String,
    /// The compiled scripts, shared by copies of the policy.
    pub scripts: Arc<script::Scripts>,
    /// The files read and where each value of the policy is in them, for later diagnostics.
    pub source: Arc<SourceMap>,
    /// Problems found while loading that do not stop it (such as a citation of an article the
    /// article list lacks).
    pub load_warnings: Vec<crate::diag::Diagnostic>,
    /// The warning every result of this policy carries about its unverified items, made once
    /// when the policy is loaded (`None`: everything is verified).
    pub unverified_note: Option<crate::diag::Text>,
}

/// The source files of a loaded policy (an amendment's first, then its bases') and the place of
/// every value of its merged document, by JSON pointer.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// Each source file: its path and text.
    pub files: Vec<(PathBuf, String)>,
    /// The place of each value of the merged document, by JSON pointer.
    pub(crate) spans: crate::toml_json::Spans,
}

impl SourceMap {
    /// Where the value at `pointer` was written: the index of its file in `files` and the
    /// byte range in that file's text.
    pub fn locate(&self, pointer: &str) -> Option<(usize, std::ops::Range<usize>)> {
        self.spans.locate(pointer)
    }

    /// Places a diagnostic at the value `pointer` names (at its key when `key` is set).
    pub fn place(
        &self,
        d: crate::diag::Diagnostic,
        pointer: &str,
        key: bool,
    ) -> crate::diag::Diagnostic {
        let found = if key {
            self.spans.locate_key(pointer)
        } else {
            self.spans.locate(pointer)
        };
        let d = d.pointer(if pointer.is_empty() { "/" } else { pointer });
        match found.and_then(|(file, span)| self.files.get(file).map(|f| (f, span))) {
            Some(((path, text), span)) => d
                .in_file(path)
                .at(crate::diag::Location::in_source(text, span)),
            None => match self.files.first() {
                Some((path, _)) => d.in_file(path),
                None => d,
            },
        }
    }
}

#[derive(Debug, Clone)]
/// A policy's identity and validity window (`[policy]`).
pub struct Meta {
    /// Its id, the name of its directory.
    pub id: String,
    /// The award it is a version of; versions of one family may not overlap.
    pub family: String,
    /// The measures' title.
    pub title: Text,
    /// The body that issued the measures.
    pub issuer: Text,
    /// The issuing document (its number or title), when given.
    pub document: Option<String>,
    /// The day the measures were issued, when given.
    pub issued: Option<Date>,
    /// The first day the measures are in force.
    pub effective: Date,
    /// The last day they are in force; `None`: open-ended.
    pub expires: Option<Date>,
    /// The ids of the versions it replaces.
    pub supersedes: Vec<String>,
    /// The article that sets the validity window.
    pub validity_cite: Option<Citation>,
    /// What follows the results (the committee's deliberation, notice, approval…), in the
    /// text's words with its articles, as the results papers say it.
    pub next_steps: Option<Text>,
    /// What the award calls an applicant (申报组织, 申报者 …), as every output says it.
    pub applicant: Text,
    /// The award's name, as the papers title it (the policy's title when not declared).
    pub award_name: Text,
    /// The heading of the column naming an applicant (名称, 姓名).
    pub name_title: Text,
    /// Where the metadata (above all the validity window) comes from.
    pub provenance: Provenance,
    /// The policy this one amends, if it is an amendment.
    pub extends: Option<String>,
    /// The committee decision that adopted the amendment.
    pub decision: Option<Decision>,
    /// The body that may adjust part of the rules by its own decision (`[policy] committee`).
    pub committee: Option<Committee>,
}

/// The body that may adjust part of the rules by its own decision, and the articles it may
/// change (anything else is the issuing body's to change).
#[derive(Debug, Clone)]
pub struct Committee {
    /// The body's name, as decisions name it.
    pub body: String,
    /// The articles it may change by its own decision.
    pub may_change: Vec<Citation>,
    /// The article that gives it the power.
    pub cite: Option<Citation>,
}

impl Committee {
    /// Whether `c` falls within what the committee may change.
    pub fn may(&self, c: &Citation) -> bool {
        self.may_change.iter().any(|m| {
            m.document == c.document
                && m.article == c.article
                && m.paragraph.is_none_or(|p| c.paragraph == Some(p))
                && m.item.is_none_or(|i| c.item == Some(i))
        })
    }

    /// Whether a decision by `body` is this committee's.
    pub fn decided_by(&self, body: &str) -> bool {
        body.contains(&self.body) || self.body.contains(body.trim())
    }
}

/// A committee decision adopting an amendment, as the measures allow it.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The decision's number.
    pub number: String,
    /// The decision's date.
    pub date: Date,
    /// The body that decided, when named.
    pub body: Option<String>,
}

impl Meta {
    /// Whether `date` falls within the validity window, both ends included.
    pub fn in_force_on(&self, date: Date) -> bool {
        self.effective <= date && self.expires.is_none_or(|e| date <= e)
    }

    /// Whether the window ended before `date`.
    pub fn ended_before(&self, date: Date) -> bool {
        self.expires.is_some_and(|e| e < date)
    }

    /// Whether this window and `other` share a day.
    pub fn overlaps(&self, other: &Meta) -> bool {
        let starts_before_end = |a: &Meta, b: &Meta| b.expires.is_none_or(|e| a.effective <= e);
        starts_before_end(self, other) && starts_before_end(other, self)
    }

    /// The window in figures: `2024-04-01 – 2029-03-31`, or `2024-04-01 –` when open-ended.
    pub fn span(&self) -> String {
        match self.expires {
            Some(e) => format!("{} – {e}", self.effective),
            None => format!("{} –", self.effective),
        }
    }

    /// "The reference date … is outside the validity window of policy `…` (…)", in words.
    pub fn outside_window(&self, reference: Date) -> crate::diag::Text {
        let window = self.window();
        crate::diag::text!(
            format!(
                "参考日期 {reference} 不在规则版本 `{}` 的有效期（{}）内",
                self.id, window.zh
            ),
            format!(
                "the reference date {reference} is outside the validity window of policy `{}` ({})",
                self.id, window.en
            )
        )
    }

    /// The validity window in words: `2024-04-01 至 2029-03-31` / `2024-04-01 to 2029-03-31`.
    pub fn window(&self) -> crate::diag::Text {
        match self.expires {
            Some(e) => crate::diag::text!(
                format!("{}至{}", self.effective.zh(), e.zh()),
                format!("{} to {e}", self.effective)
            ),
            None => crate::diag::text!(
                format!("{}起，无固定期限", self.effective.zh()),
                format!("from {}, open-ended", self.effective)
            ),
        }
    }
}

/// An article of the regulation and how many paragraphs and enumerated items it has.
#[derive(Debug, Clone)]
pub struct Article {
    /// The article's number.
    pub number: u32,
    /// How many paragraphs (款) it has.
    pub paragraphs: u32,
    /// How many enumerated items (项) it has.
    pub items: u32,
    /// What it is about, when given.
    pub title: Option<Text>,
}

/// A parameter value: a scalar or a list of scalars.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A yes or no.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// An exact decimal.
    Decimal(Decimal),
    /// A date.
    Date(Date),
    /// A text.
    Text(String),
    /// A list of values.
    List(Vec<ParamValue>),
}

impl ParamValue {
    /// The value as a rule compares it; `None` for a list.
    pub fn as_val(&self) -> Option<Val<'_>> {
        Some(match self {
            ParamValue::Bool(b) => Val::Bool(*b),
            ParamValue::Int(i) => Val::Int(*i),
            ParamValue::Decimal(d) => Val::Decimal(*d),
            ParamValue::Date(d) => Val::Date(*d),
            ParamValue::Text(s) => Val::Text(s),
            ParamValue::List(_) => return None,
        })
    }
}

impl ParamValue {
    /// The value as a sentence says it: a list's items joined ("GB/T 19580、DB3202/T 1002-2018"),
    /// not written as a TOML or JSON array; an empty list as "—".
    pub fn said(&self, lang: crate::diag::Lang) -> String {
        match self {
            ParamValue::List(items) if items.is_empty() => "—".to_owned(),
            ParamValue::List(items) => items
                .iter()
                .map(|v| v.said(lang))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
            ParamValue::Text(t) => t.clone(),
            scalar => scalar.to_string(),
        }
    }
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            scalar => match scalar.as_val() {
                Some(v) => write!(f, "{v}"),
                None => Ok(()),
            },
        }
    }
}

/// Where a parameter's value (or a section's content) comes from: checked against the official
/// text (`verified`), the source, and a note on how the text was read or what was assumed.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Checked against the official text (`verified = true`).
    pub verified: bool,
    /// Where the content comes from.
    pub source: Option<String>,
    /// How the text was read, or what was assumed.
    pub note: Option<String>,
    /// The reading this policy takes where the text allows more than one (shown beside the
    /// rule by explain, diff and `qaward readings`).
    pub reading: Option<String>,
}

#[derive(Debug, Clone)]
/// A named value a rule reads (`[params.NAME]`).
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: ParamValue,
    /// The article that sets it.
    pub cite: Option<Citation>,
    /// What it is, when titled.
    pub title: Option<Text>,
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
/// An eligibility condition (`[[conditions]]`), true when all its clauses are.
pub struct Condition {
    /// Its id, as results name it.
    pub id: String,
    /// The article that sets it.
    pub cite: Citation,
    /// What it requires, in both languages.
    pub title: Text,
    /// Where it comes from, whether it is verified, and the reading it takes.
    pub provenance: Provenance,
    /// Whether it is applied (a committee may disable one).
    pub enabled: bool,
    /// The categories it applies to (indices into `Policy::categories`); `None`: every one.
    pub categories: Option<Vec<usize>>,
    /// Its clauses, flat in the order written; a group's members follow it.
    pub clauses: Vec<Clause>,
    /// Whether any clause is a group (`any_of`), so members must be resolved.
    pub grouped: bool,
}

/// A category of applicants (contract section 7), shortlisted, ranked and placed on its own
/// under its own procedure.
#[derive(Debug, Clone)]
pub struct Category {
    /// Its id, as cohorts and results name it.
    pub id: String,
    /// Its name, in both languages.
    pub title: Text,
    /// The article that sets it.
    pub cite: Option<Citation>,
    /// A note on it.
    pub note: Option<String>,
    /// The policy as it stands for this category: its scoring, stages, shortlist and tiers
    /// (its own, or the shared ones), with no categories of its own.
    pub policy: Arc<Policy>,
}

/// Items the text leaves to the committee, or does not settle (`[[authority]]`).
#[derive(Debug, Clone)]
pub struct Authority {
    /// Paths as `diff` and `--set` name them; each covers everything under it.
    pub items: Vec<String>,
    /// Whether the text gives the items to the committee, or does not settle them.
    pub by: AuthorityKind,
    /// The article that says so.
    pub cite: Option<Citation>,
    /// Why, in both languages.
    pub why: Text,
}

/// Why the committee may decide an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorityKind {
    /// The text gives it to the committee.
    Committee,
    /// The text does not settle it; the committee decides under its general duty.
    Unsettled,
}

impl Policy {
    /// The declared authority over the item at `path` (`ranking.tie_break`), if the policy
    /// gives it to the committee or says the text does not settle it.
    pub fn authority_over(&self, path: &str) -> Option<&Authority> {
        self.authority.iter().find(|a| {
            a.items.iter().any(|i| {
                path.strip_prefix(i.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
        })
    }
}

/// A bound on one tier's places across categories together (`[[caps]]`).
#[derive(Debug, Clone)]
pub struct Cap {
    /// The tier it bounds, by id.
    pub tier: String,
    /// Indices into `Policy::categories`.
    pub categories: Vec<usize>,
    /// The most places of the tier the categories may hold together.
    pub max: u32,
    /// What happens when the categories together hold more places than `max`.
    pub rule: CapRule,
    /// The article that sets it.
    pub cite: Option<Citation>,
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
}

/// How a joint cap decides when the categories together hold more places than it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapRule {
    /// Every place of the tier is flagged `over_joint_cap`; the committee decides.
    Flag,
    /// The places go to the highest totals across the categories; the others drop to their
    /// category's next tier, or out. Totals tied at the cap are flagged for the committee.
    ByTotal,
    /// As `ByTotal`, comparing each total as a share of its category's standard total (for
    /// categories scored out of different totals).
    ByShare,
}

impl CapRule {
    /// The word a policy file uses for it.
    pub fn as_str(self) -> &'static str {
        match self {
            CapRule::Flag => "flag",
            CapRule::ByTotal => "by_total",
            CapRule::ByShare => "by_share",
        }
    }
}

/// A clause of a condition. A condition keeps its clauses flat, in the order written, each
/// group (`any_of`) followed by its members; `parent` is the index of a member's group.
#[derive(Debug, Clone)]
pub struct Clause {
    /// A note on the clause.
    pub note: Option<String>,
    /// The reading this clause takes where the text allows more than one.
    pub reading: Option<String>,
    /// Its id within the condition.
    pub id: String,
    /// What it tests, in both languages, when titled.
    pub title: Option<Text>,
    /// Its own citation (groups), when it differs from the condition's.
    pub cite: Option<Citation>,
    /// The group it is a member of (an index among the condition's clauses).
    pub parent: Option<usize>,
    /// The clause applies only when this holds; otherwise it is not applicable.
    pub when: Option<Test>,
    /// What it tests.
    pub body: ClauseBody,
}

#[derive(Debug, Clone)]
/// What a clause tests, by kind.
pub enum ClauseBody {
    /// A field compared with a value or parameter.
    Compare(Test),
    /// The field's date has had `years` full anniversaries by the reference date.
    FullYears {
        /// The date field counted from.
        field: Field,
        /// The parameter giving the years.
        param: String,
        /// The years, resolved at load time.
        years: i32,
    },
    /// Each of the `years` years before the award year, the year-keyed `field` satisfies
    /// `op operand` (a missing year is unknown).
    EachYear {
        /// The year-keyed field.
        field: Field,
        /// The parameter giving how many years before the award year.
        years_param: String,
        /// The years, resolved at load time.
        years: i32,
        /// How each year's value is compared.
        op: Op,
        /// What it is compared with.
        operand: Operand,
    },
    /// No record of `kind` inside the last `years` years matches all of `filter` and none of
    /// `except`; when one does and `unless` is given, the clause holds if `unless` does.
    NoRecord {
        /// The kind of record looked for.
        kind: std::sync::Arc<fields::RecordDecl>,
        /// The parameter giving the years looked back.
        window_param: String,
        /// The years, resolved at load time.
        years: i32,
        /// Tests a record must all pass to count.
        filter: Vec<RecordTest>,
        /// Tests that, when any passes, keep a record from counting.
        except: Vec<RecordTest>,
        /// A test of the applicant that excuses a record that counts.
        unless: Option<Test>,
    },
    /// A Rhai script over named inputs.
    Script(script::ClauseScript),
    /// Holds when one of its members (the clauses whose `parent` it is) holds: true if any is
    /// true, false if all are false, else unknown.
    AnyOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// A comparison operator.
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`: one of a list.
    In,
    /// `not_in`: none of a list.
    NotIn,
}

impl Op {
    /// The operator a policy writes (`==`, `in`, …).
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "in" => Op::In,
            "not_in" => Op::NotIn,
            _ => return None,
        })
    }
    /// The operator as a policy writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
            Op::In => "∈",
            Op::NotIn => "∉",
        }
    }
    /// Every operator as a policy writes it.
    pub const NAMES: [&'static str; 8] = ["==", "!=", "<", "<=", ">", ">=", "in", "not_in"];
}

/// What a field is compared with.
#[derive(Debug, Clone)]
pub enum Operand {
    /// A value written in the clause.
    Literal(ParamValue),
    /// A parameter, by name, with its value resolved at load time.
    Param(String, ParamValue),
    /// Another field of the cohort (e.g. `cycle.application_deadline`).
    Field(Field),
}

#[derive(Debug, Clone)]
/// A comparison of an applicant's field.
pub struct Test {
    /// The field compared.
    pub field: Field,
    /// The operator.
    pub op: Op,
    /// What it is compared with.
    pub operand: Operand,
}

#[derive(Debug, Clone)]
/// A comparison of a record's field.
pub struct RecordTest {
    /// The record's field compared.
    pub field: RecordField,
    /// The operator.
    pub op: Op,
    /// What it is compared with.
    pub operand: Operand,
}

#[derive(Debug, Clone, Default)]
/// The evaluation standard's total score (`[scoring]`).
pub struct Scoring {
    /// The parameter naming the evaluation standards.
    pub standards_param: Option<String>,
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// The evaluation standard's total score.
    pub total: Decimal,
    /// The article that sets it.
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone)]
/// A review stage (`[[stages]]`) and its weight in the total.
pub struct Stage {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Its id, as scores name it.
    pub id: String,
    /// Its name, in both languages.
    pub title: Text,
    /// Its share of the total, in [0, 1]; a category's weights sum to 1.
    pub weight: Decimal,
    /// The article that sets it.
    pub cite: Option<Citation>,
    /// How the reviewers' scores make its score, when it is derived from them.
    pub panel: Option<Panel>,
}

/// A stage scored by a panel of reviewers against a set of criteria.
#[derive(Debug, Clone)]
pub struct Panel {
    /// The criteria each reviewer scores (an index into `Policy::criteria`).
    pub criteria: usize,
    /// How the reviewers' totals make the stage's score.
    pub aggregate: Aggregate,
    /// The fewest reviewers whose scores count.
    pub min_panel: u32,
    /// Decimal places the score is rounded to.
    pub decimals: u32,
}

/// How a panel's totals make one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// The mean of every total.
    Mean,
    /// The mean after dropping the highest and the lowest total.
    TrimmedMean,
    /// The middle total (the mean of the two middle ones for an even panel).
    Median,
}

impl Aggregate {
    /// Its name in the policy.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Mean => "mean",
            Aggregate::TrimmedMean => "trimmed_mean",
            Aggregate::Median => "median",
        }
    }

    /// What it is, in words.
    pub fn words(self) -> Text {
        match self {
            Aggregate::Mean => {
                crate::diag::text!("各评审员总分的平均值", "the mean of the reviewers' totals")
            }
            Aggregate::TrimmedMean => crate::diag::text!(
                "去掉一个最高分和一个最低分后的平均值",
                "the mean after dropping the highest and the lowest total"
            ),
            Aggregate::Median => crate::diag::text!(
                "各评审员总分的中位数",
                "the median of the reviewers' totals"
            ),
        }
    }
}

/// `[reviewers]`: the articles on a reviewer's stepping aside and disqualification, and
/// whether a disqualified reviewer's earlier scores still count.
#[derive(Debug, Clone)]
pub struct Reviewers {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Where reviewers are bound to step aside.
    pub conflict_cite: Option<Citation>,
    /// Where disqualification is provided for.
    pub disqualification_cite: Option<Citation>,
    /// Whether the scores a disqualified reviewer gave before the disqualification still count.
    pub keep_earlier: bool,
}

/// A set of criteria reviewers score (`[[criteria]]`).
#[derive(Debug, Clone)]
pub struct Criteria {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Its id, as stages name it.
    pub id: String,
    /// Its name.
    pub title: Text,
    /// The criteria, each with its id, name and maximum points.
    pub items: Vec<(String, Text, Decimal)>,
    /// Where it is set out.
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone)]
/// How the shortlist is drawn (`[shortlist]`).
pub struct Shortlist {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// The stage whose score draws it.
    pub stage: String,
    /// How many are shortlisted.
    pub size: u32,
    /// Whether those tied with the last place are shortlisted too.
    pub include_ties: bool,
    /// The article that sets it.
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone, Default)]
/// How equal totals are ordered (`[ranking]`).
pub struct Ranking {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Stage ids compared, in order, when totals are equal.
    pub tie_break: Vec<String>,
    /// The article that sets it.
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone)]
/// A tier of the award (`[[tiers]]`): its places, threshold and money.
pub struct Tier {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Its id, as results and history name it.
    pub id: String,
    /// Its name, in both languages.
    pub title: Text,
    /// The most places it has.
    pub quota: u32,
    /// The measures let fewer places (or none) be awarded than the quota, so a lower quota
    /// stays within the text.
    pub may_be_fewer: bool,
    /// Share of the standard's total, in [0, 1]; 0 sets no threshold.
    pub threshold: Decimal,
    /// What a first-time winner is paid; 0: no money.
    pub amount: Decimal,
    /// The currency of the amount.
    pub currency: String,
    /// The article that sets the places.
    pub quota_cite: Option<Citation>,
    /// The article that sets the threshold.
    pub threshold_cite: Option<Citation>,
    /// The article that sets the amount.
    pub amount_cite: Option<Citation>,
}

#[derive(Debug, Clone)]
/// The public notice (`[publicity]`).
pub struct Publicity {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// How long it lasts.
    pub days: u32,
    /// The article that sets it.
    pub cite: Option<Citation>,
    /// Whether every day counts or working days only.
    pub day_kind: calendar::DayKind,
    /// Counted by the Civil Code (from the next day; a last day on a rest day moves on).
    pub civil_code: bool,
    /// The calendar working days are read from.
    pub calendar: Option<Arc<calendar::Calendar>>,
}

/// `[ledger]`: who an applicant is across years, and the rules of what is decided after an
/// evaluation — the candidates proposed, objections in the notice, the approval, the payment
/// and a revocation — each with its citation.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// Where the rules come from.
    pub provenance: Provenance,
    /// The declared field (its path) that names an applicant across years.
    pub identity: String,
    /// The article under which candidates are proposed.
    pub proposal_cite: Option<Citation>,
    /// Who approves the winners.
    pub approver: Text,
    /// The article that gives them the approval.
    pub approval_cite: Option<Citation>,
    /// The article that provides for objections during the notice.
    pub objection_cite: Option<Citation>,
    /// The grounds on which a win is revoked.
    pub revocations: Vec<Revocation>,
}

/// One ground for revoking a win (`[[ledger.revocation]]`).
#[derive(Debug, Clone)]
pub struct Revocation {
    /// Its id, as a clerk names it (`fraud`).
    pub id: String,
    /// The ground, in the text's words.
    pub title: Text,
    /// The article.
    pub cite: Option<Citation>,
    /// What the revocation takes back, in the text's words.
    pub recovers: Text,
    /// Whether the money paid is recovered.
    pub recovers_money: bool,
    /// Whether the revocation is announced to the public.
    pub public_notice: bool,
    /// Whether the ground is an event after the win.
    pub after_win: bool,
}

impl Publicity {
    /// The first and last day of the notice published on `start`.
    pub fn window(
        &self,
        start: crate::date::Date,
    ) -> Result<(crate::date::Date, crate::date::Date), Text> {
        calendar::notice_window(
            start,
            self.days,
            self.day_kind,
            self.civil_code,
            self.calendar.as_deref(),
        )
    }

    /// "5日" / "5个工作日，自公示开始次日起算（…）" — how long the notice is, in words.
    pub fn length(&self) -> Text {
        let days = self.days;
        let (zh, en) = match self.day_kind {
            calendar::DayKind::Calendar => (format!("共{days}日"), format!("{days} days")),
            calendar::DayKind::Working => {
                (format!("共{days}个工作日"), format!("{days} working days"))
            }
        };
        if self.civil_code {
            crate::diag::text!(
                format!("{zh}，自公示开始次日起算（按民法典的期间计算方法）"),
                format!(
                    "{en}, counted from the day after it starts (as the Civil Code counts periods)"
                )
            )
        } else {
            crate::diag::text!(zh, en)
        }
    }
}

impl Policy {
    /// The position in this policy's tiers of the tier at `t` of `category`'s tiers (the same
    /// id; without categories, `t` itself).
    pub fn tier_in_union(&self, category: Option<usize>, t: usize) -> Option<usize> {
        match category.and_then(|k| self.categories.get(k)) {
            None => Some(t),
            Some(c) => {
                let id = &c.policy.tiers.get(t)?.id;
                self.tiers.iter().position(|u| &u.id == id)
            }
        }
    }

    /// Whether judging an applicant twice gives the same clause verdicts: no clause is a
    /// script (whose clock could stop it once and not the other time) and no category decides
    /// which conditions apply.
    pub fn judges_alike_twice(&self) -> bool {
        self.categories.is_empty()
            && self
                .conditions
                .iter()
                .flat_map(|c| &c.clauses)
                .all(|k| !matches!(k.body, ClauseBody::Script(_)))
    }

    /// The parameter with this name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
    /// The stage with this id.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// The title of the tier a joint cap bounds: the categories' titles of it, each once
    /// ("X奖（组织）、X奖（个人）"), or its id where none has it.
    pub fn cap_title(&self, cap: &Cap) -> crate::diag::Text {
        let mut zh: Vec<&str> = Vec::new();
        let mut en: Vec<&str> = Vec::new();
        for t in cap
            .categories
            .iter()
            .filter_map(|&k| self.categories.get(k))
            .flat_map(|c| c.policy.tiers.iter())
            .chain(self.tiers.iter())
            .filter(|t| t.id == cap.tier)
        {
            if !zh.contains(&t.title.zh.as_str()) {
                zh.push(&t.title.zh);
                en.push(&t.title.en);
            }
        }
        if zh.is_empty() {
            return crate::diag::Text::new(cap.tier.clone(), cap.tier.clone());
        }
        crate::diag::Text::new(zh.join("、"), en.join(", "))
    }

    /// The category named `name` (its id or Chinese title), by index.
    pub fn category_named(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.categories
            .iter()
            .position(|c| c.id == name || c.title.zh == name)
    }

    /// The policy as one category's applicants fill it in: that category's stages, scoring and
    /// tiers, only the fields and record kinds it gives, and that category alone, so a template
    /// for it carries nothing of the others.
    pub fn for_category(&self, k: usize) -> Option<Policy> {
        let category = self.categories.get(k)?;
        let mut view = (*category.policy).clone();
        let id = Some(category.id.as_str());
        view.model.fields.retain(|f| f.for_category(id));
        view.model.records.retain(|r| r.for_category(id));
        view.categories = vec![category.clone()];
        Some(view)
    }

    /// The position of the stage with this id.
    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// Each tier's threshold in points of the standard's total, best tier first.
    pub fn threshold_points(&self) -> Vec<Decimal> {
        self.tiers
            .iter()
            .map(|t| t.threshold * self.scoring.total)
            .collect()
    }

    /// The positions of the tie-break stages, in tie-break order.
    pub fn tie_break_indices(&self) -> Vec<Option<usize>> {
        self.ranking
            .tie_break
            .iter()
            .map(|s| self.stage_index(s))
            .collect()
    }
}
