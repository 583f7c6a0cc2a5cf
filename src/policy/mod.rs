//! A policy: one version of the award's rules as plain, immutable data — metadata and validity
//! window, parameters with provenance, eligibility conditions made of clauses, scoring stages,
//! the shortlist, ranking, tiers and publicity — each with its citation of the regulation.
//!
//! Pipeline: `doc` (TOML as written) → `load` (schema check, cross-checks, scripts compiled
//! once) → `Policy`. Choosing a policy from a directory lives in `store`.

mod amend;
pub mod calendar;
mod clause;
mod meta;
mod procedure;
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
pub use clause::*;
pub use fields::{Field, RecordField, Val};
pub use meta::*;
pub use procedure::*;

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
