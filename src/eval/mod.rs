//! Evaluation: a cohort under a policy → an `Outcome` — every condition of every applicant with
//! what was observed, then the procedure of contract section 3 (shortlist, totals, ranking,
//! tiers, payouts, publicity). The outcome borrows the cohort and policy; rendering it into
//! words or JSON is `render`'s job.

mod categories;
mod conditions;
pub mod margins;
mod out_of_category;
mod procedure;
mod provisional;
pub(crate) mod read;

use rust_decimal::Decimal;

pub use conditions::{ClauseStatus, ClauseVerdict, Observed};

use crate::cohort::{Applicant, Cohort};
use crate::date::Date;
use crate::diag::Text;
use crate::policy::Policy;

/// The status of a condition (contract §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The condition holds.
    Pass,
    /// The condition does not hold.
    Fail,
    /// The data cannot decide it (a value is missing).
    Undetermined,
    /// The condition does not apply to this applicant.
    NotApplicable,
}

impl Status {
    /// The contract's word for it (`pass`, `fail`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Undetermined => "undetermined",
            Status::NotApplicable => "not_applicable",
        }
    }
}

/// Whether an applicant may be considered (contract §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Eligibility {
    /// Every condition passes.
    Eligible,
    /// Some condition fails.
    Ineligible,
    /// No condition fails, but some cannot be decided.
    Undetermined,
}

impl Eligibility {
    /// The contract's word for it (`eligible`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Eligibility::Eligible => "eligible",
            Eligibility::Ineligible => "ineligible",
            Eligibility::Undetermined => "undetermined",
        }
    }
}

/// A flag on an applicant's result (contract §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flag {
    /// Shortlisted without every stage score.
    MissingScore,
    /// Tied at the shortlist's cut.
    ShortlistTie,
    /// Tied at a tier's quota boundary: the committee decides.
    TieAtQuotaBoundary,
    /// Placed in a tier whose joint cap across categories is exceeded: the committee decides.
    OverJointCap,
}

impl Flag {
    /// The contract's word for it (`missing_score`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::MissingScore => "missing_score",
            Flag::ShortlistTie => "shortlist_tie",
            Flag::TieAtQuotaBoundary => "tie_at_quota_boundary",
            Flag::OverJointCap => "over_joint_cap",
        }
    }
}

pub use crate::policy::MAX_STAGES;

/// The stage scores the procedure uses, by stage position.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores([Option<Decimal>; MAX_STAGES]);

impl Scores {
    /// The applicant's scores, in stage order.
    pub fn of(scores: &[Option<Decimal>]) -> Scores {
        let mut out = Scores::default();
        for (slot, s) in out.0.iter_mut().zip(scores) {
            *slot = *s;
        }
        out
    }

    /// The score of the stage at `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Decimal> {
        self.0.get(i).copied().flatten()
    }

    /// Sets the score of the stage at `i`.
    pub fn set(&mut self, i: usize, v: Option<Decimal>) {
        if let Some(slot) = self.0.get_mut(i) {
            *slot = v;
        }
    }
}

/// Everything decided about one applicant.
#[derive(Debug, Clone)]
pub struct Verdict<'c> {
    /// The applicant, as read.
    pub applicant: &'c Applicant,
    /// Eligible, ineligible or undetermined.
    pub eligibility: Eligibility,
    /// One status per policy condition, in policy order.
    pub conditions: Vec<Status>,
    /// Every clause of every condition, flattened in policy order.
    pub clauses: Vec<ClauseVerdict<'c>>,
    /// On the shortlist.
    pub shortlisted: bool,
    /// Place by the shortlist stage's score among the eligible.
    pub shortlist_rank: Option<u32>,
    /// The exact weighted total, when every stage score is there.
    pub total: Option<Decimal>,
    /// Rank among the shortlisted by total and tie-breaks.
    pub rank: Option<u32>,
    /// Index into `policy.tiers`.
    pub tier: Option<usize>,
    /// Whether this would be the applicant's first win of its tier.
    pub first_time: Option<bool>,
    /// The amount paid (0 for a repeat winner).
    pub payout: Decimal,
    /// The history entry that made this not a first-time win.
    pub prior_win: Option<usize>,
    /// The stage scores the procedure uses (the applicant's, or perturbed ones in a trial).
    pub scores: Scores,
    /// Flags such as `shortlist_tie`.
    pub flags: Vec<Flag>,
    /// How far the total is from changing tier (for applicants with a total).
    pub margin: Option<Box<margins::Margin>>,
}

impl<'c> Verdict<'c> {
    /// The verdict with its eligibility and scores only: the input of a replayed procedure.
    pub fn slim(&self) -> Verdict<'c> {
        let mut v = Verdict::judged(self.applicant, self.eligibility, Vec::new(), Vec::new());
        v.scores = self.scores;
        v
    }

    /// Forgets where the procedure placed it (shortlist, total, rank, tier, payout, flags),
    /// keeping its eligibility and scores: the state before the procedure runs again.
    pub(crate) fn unplace(&mut self) {
        self.shortlisted = false;
        self.shortlist_rank = None;
        self.total = None;
        self.rank = None;
        self.tier = None;
        self.first_time = None;
        self.payout = Decimal::ZERO;
        self.prior_win = None;
        self.flags.clear();
        self.margin = None;
    }

    /// A verdict on eligibility, before the procedure has placed anyone.
    pub(crate) fn judged(
        applicant: &'c Applicant,
        eligibility: Eligibility,
        conditions: Vec<Status>,
        clauses: Vec<ClauseVerdict<'c>>,
    ) -> Verdict<'c> {
        Verdict {
            applicant,
            eligibility,
            conditions,
            clauses,
            shortlisted: false,
            shortlist_rank: None,
            total: None,
            rank: None,
            tier: None,
            first_time: None,
            payout: Decimal::ZERO,
            prior_win: None,
            scores: Scores::of(&applicant.scores),
            flags: Vec::new(),
            margin: None,
        }
    }

    /// A stage's score, as the procedure sees it.
    pub fn score(&self, policy: &Policy, stage: &str) -> Option<Decimal> {
        self.scores.get(policy.stage_index(stage)?)
    }

    /// Each condition of `policy` (the one this verdict was judged under) with its status and
    /// the verdicts of its clauses.
    pub fn by_condition<'v>(
        &'v self,
        policy: &'v Policy,
    ) -> impl Iterator<
        Item = (
            &'v crate::policy::Condition,
            Status,
            &'v [ClauseVerdict<'c>],
        ),
    > + 'v {
        policy
            .conditions
            .iter()
            .zip(&self.conditions)
            .scan(0usize, move |offset, (c, status)| {
                let start = *offset;
                *offset += c.clauses.len();
                Some((c, *status, self.clauses.get(start..*offset).unwrap_or(&[])))
            })
    }
}

#[derive(Debug, Clone, Default)]
/// One tier's places in an outcome.
pub struct TierSummary {
    /// Places given.
    pub filled: u32,
    /// Places not filled (the contract's vacancies), including `held`.
    pub vacant: u32,
    /// Of those, places held back for the committee by a tie at the quota boundary.
    pub held: u32,
}

/// The cohort's outcome in numbers.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Applicants in the cohort.
    pub applicants: usize,
    /// Applicants found eligible.
    pub eligible: usize,
    /// Applicants found ineligible.
    pub ineligible: usize,
    /// Applicants whose eligibility could not be decided.
    pub undetermined: usize,
    /// Applicants on the shortlist.
    pub shortlisted: usize,
    /// One per policy tier, in policy order.
    pub tiers: Vec<TierSummary>,
    /// The sum of all payouts.
    pub payout_total: Decimal,
    /// The shortlist stage's score of the last place on the shortlist, when the pool was cut.
    pub shortlist_cutoff: Option<Decimal>,
}

/// The year's outcome under one policy.
#[derive(Debug, Clone)]
pub struct Outcome<'c> {
    /// The policy evaluated under.
    pub policy: &'c Policy,
    /// The cohort evaluated.
    pub cohort: &'c Cohort,
    /// The date the validity window was checked on.
    pub reference_date: Date,
    /// Whether the policy is in force on that date.
    pub in_force: bool,
    /// One verdict per applicant, in cohort order.
    pub verdicts: Vec<Verdict<'c>>,
    /// Counts, places and payouts.
    pub summary: Summary,
    /// Each category's own summary, in the policy's order (empty without categories).
    pub by_category: Vec<Summary>,
    /// The public-notice window, when the cycle gives its start.
    pub publicity: Option<(Date, Date)>,
    /// Warnings for the reader (a date outside the window, unverified content).
    pub warnings: Vec<Text>,
    /// Whether the result is provisional: missing data or scores could still change who is
    /// shortlisted or placed (its warnings say how).
    pub provisional: bool,
    /// The verdicts keep no clause verdicts (`Options::lean`): judge an applicant again
    /// ([`Outcome::judged_again`]) to say why.
    pub lean: bool,
}

impl<'c> Outcome<'c> {
    /// The applicant at `row` (in cohort order) judged again, with every clause's verdict:
    /// for a lean outcome, whose verdicts keep none.
    pub fn judged_again(&self, row: usize) -> Verdict<'c> {
        let mut runner = self.policy.scripts.runner();
        conditions::judge(
            self.policy,
            &self.cohort.cycle,
            self.cohort.row(row),
            &mut runner,
        )
    }

    /// The policy an applicant's procedure ran under: its category's, or the policy itself.
    pub fn policy_for(&self, v: &Verdict<'_>) -> &Policy {
        v.applicant
            .category
            .and_then(|k| self.policy.categories.get(k))
            .map_or(self.policy, |c| &c.policy)
    }

    /// The applicants placed under the same procedure as `v` (its category's, or everyone).
    pub fn peers<'s>(&'s self, v: &Verdict<'_>) -> impl Iterator<Item = &'s Verdict<'c>> + 's {
        let category = v.applicant.category;
        let all = self.policy.categories.is_empty();
        self.verdicts
            .iter()
            .filter(move |x| all || x.applicant.category == category)
    }

    /// The summary of `v`'s procedure: its category's, or the whole cohort's.
    pub fn summary_for(&self, v: &Verdict<'_>) -> &Summary {
        v.applicant
            .category
            .and_then(|k| self.by_category.get(k))
            .unwrap_or(&self.summary)
    }
}

/// Re-runs the procedure (shortlist onward) on verdicts whose eligibility is known — for sweeps
/// over procedure parameters and for stability trials, where conditions need no new judgement.
/// `verdicts` should come from `Verdict::slim`.
///
/// With categories, each category's procedure runs on its applicants and every verdict's
/// `tier` then indexes the policy's own tier list (the union of the categories' tier ids), so
/// trials and sweep points can be tallied alike.
pub fn replay(policy: &Policy, cohort: &Cohort, verdicts: &mut [Verdict<'_>]) -> Summary {
    if policy.categories.is_empty() {
        return procedure::run(policy, cohort, verdicts);
    }
    let (summary, _) = categories::run(policy, cohort, verdicts, &mut Vec::new(), false);
    for v in verdicts.iter_mut() {
        v.tier = v
            .tier
            .and_then(|t| policy.tier_in_union(v.applicant.category, t));
    }
    summary
}

/// Evaluation options: `Options::default()`, then set what differs (more may come).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The reference date for the validity window; the cycle's deadline when `None`.
    pub as_of: Option<Date>,
    /// Keep only what the procedure needs: what each clause observed is dropped once the
    /// applicant is judged, and the result JSON judges the applicant again as it writes it
    /// (a large cohort then needs a fraction of the memory). Applies only when judging twice
    /// gives the same verdicts ([`Policy::judges_alike_twice`]); see [`Outcome::lean`].
    pub lean: bool,
}

/// Judges each applicant of `cohort` on the conditions alone: eligibility, and every
/// condition's status with what each clause saw. The shortlist, totals, ranking and tiers need
/// the whole cohort and are left empty; [`evaluate`] does everything. For programs that screen
/// applicants one at a time.
///
/// ```
/// let store = qaward::Store::embedded();
/// let policy = store.load("wuxi-2024")?;
/// // An applicant with no data yet: nothing can be decided about it.
/// let one = br#"{"cycle": {"year": 2024, "application_deadline": "2024-09-01"},
///   "applicants": [{"id": "A1"}]}"#;
/// let cohort = qaward::Cohort::from_json(one, &policy)?;
/// let verdicts = qaward::judge(&policy, &cohort);
/// assert_eq!(verdicts[0].eligibility, qaward::Eligibility::Undetermined);
/// # Ok::<(), qaward::Error>(())
/// ```
pub fn judge<'c>(policy: &'c Policy, cohort: &'c Cohort) -> Vec<Verdict<'c>> {
    judged(policy, cohort, false)
}

/// Every applicant judged; `lean`: without keeping what each clause observed.
fn judged<'c>(policy: &'c Policy, cohort: &'c Cohort, lean: bool) -> Vec<Verdict<'c>> {
    let rows = |range: std::ops::Range<usize>| {
        let mut runner = policy.scripts.runner();
        let mut scratch = Vec::new();
        range
            .map(|i| {
                let a = cohort.row(i);
                if lean {
                    let (eligibility, conditions) =
                        conditions::judge_into(policy, &cohort.cycle, a, &mut runner, &mut scratch);
                    Verdict::judged(a.applicant, eligibility, conditions, Vec::new())
                } else {
                    conditions::judge(policy, &cohort.cycle, a, &mut runner)
                }
            })
            .collect()
    };
    // Each applicant is judged on its own: a large cohort in two halves, one on each core
    // (each with its own script runner and time budget).
    let count = cohort.applicants.len();
    if count < JUDGED_IN_HALVES_FROM {
        rows(0..count)
    } else {
        crate::parallel::halves(count, rows)
    }
}

/// From this many applicants on, `judge` uses both cores: below it, starting a thread costs
/// more than it saves.
const JUDGED_IN_HALVES_FROM: usize = 2048;

/// Evaluates a cohort under a policy. Never fails: problems with one applicant's data or
/// scripts become that applicant's verdict.
pub fn evaluate<'c>(policy: &'c Policy, cohort: &'c Cohort, options: &Options) -> Outcome<'c> {
    let reference_date = options.as_of.unwrap_or(cohort.cycle.application_deadline);
    let in_force = policy.meta.in_force_on(reference_date);
    let lean = options.lean && policy.judges_alike_twice();
    let mut verdicts = judged(policy, cohort, lean);
    let mut warnings = Vec::new();
    let (summary, by_category) = if policy.categories.is_empty() {
        let summary = procedure::run(policy, cohort, &mut verdicts);
        for (i, m) in margins::margins(policy, &verdicts) {
            verdicts[i].margin = Some(Box::new(m));
        }
        (summary, Vec::new())
    } else {
        categories::run(policy, cohort, &mut verdicts, &mut warnings, true)
    };
    let publicity = match cohort
        .cycle
        .publicity_start
        .map(|s| policy.publicity.window(s))
    {
        Some(Ok(window)) => Some(window),
        Some(Err(why)) => {
            warnings.push(why);
            None
        }
        None => None,
    };
    if !in_force {
        let outside = policy.meta.outside_window(reference_date);
        warnings.push(crate::diag::text!(
            format!("{}；应要求仍予评定", outside.zh),
            format!("{}; evaluated anyway, as asked", outside.en)
        ));
    }
    warnings.extend(cohort.warnings.iter().map(|n| n.text.clone()));
    if !policy.categories.is_empty() {
        let without: Vec<&str> = cohort
            .applicants
            .iter()
            .filter(|a| a.category.is_none())
            .map(|a| a.id.as_str())
            .collect();
        if !without.is_empty() {
            warnings.push(crate::diag::text!(
                format!(
                    "{} {} 未填写类别，资格待定",
                    policy.meta.applicant.zh,
                    without.join("、")
                ),
                format!(
                    "applicant(s) {} give no category, so they are undetermined",
                    without.join(", ")
                )
            ));
        }
    }
    out_of_category::warnings(policy, cohort, &mut warnings);
    let before = warnings.len();
    provisional::warnings(policy, &verdicts, &mut warnings);
    let provisional = warnings.len() > before;
    warnings.extend(policy.unverified_note.clone());
    Outcome {
        policy,
        cohort,
        reference_date,
        in_force,
        verdicts,
        summary,
        by_category,
        publicity,
        warnings,
        provisional,
        lean,
    }
}
