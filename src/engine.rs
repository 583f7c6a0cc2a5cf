//! The one entry for evaluating a cohort: choose a policy from a store (by id, or the one in
//! force on the reference date), refuse a date outside its validity window unless told to go
//! on, check the cohort against it (no score above the standard's total), then evaluate.
//! Every command that evaluates goes through here; so should a program that embeds qaward.

use std::path::Path;

use crate::cohort::{check_scores, Cohort, CohortFile};
use crate::date::Date;
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::eval::{evaluate, Options, Outcome};
use crate::policy::store::Store;
use crate::policy::Policy;

/// Which policy to use and on which date.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// The policy with this id; `None` chooses the one in force on the reference date.
    pub policy: Option<String>,
    /// The reference date; `None` takes the cycle's application deadline.
    pub as_of: Option<Date>,
    /// Go on when the reference date is outside the chosen policy's window (the outcome then
    /// carries a warning).
    pub ignore_validity: bool,
}

impl Choice {
    /// The policy in force on the cycle's deadline.
    pub fn in_force() -> Choice {
        Choice::default()
    }

    /// The policy with this id.
    pub fn id(id: impl Into<String>) -> Choice {
        Choice {
            policy: Some(id.into()),
            ..Choice::default()
        }
    }
}

/// A cohort and the policy chosen for it, checked against each other and ready to evaluate.
#[derive(Debug, Clone)]
pub struct Case {
    /// The chosen policy.
    pub policy: Policy,
    /// The cohort, every score within the policy's total.
    pub cohort: Cohort,
    /// The reference date the policy was chosen for.
    pub reference: Date,
    /// What evaluation needs besides the two.
    pub options: Options,
}

impl Case {
    /// Reads a cohort file (JSON or TOML) and opens a case for it.
    pub fn read(store: &Store, cohort: &Path, choice: &Choice) -> Result<Case, Error> {
        let file = CohortFile::read(cohort)?;
        Case::open_at(store, &file, choice, cohort)
    }

    /// Opens a case for a cohort file already read from `path` (its problems name the path);
    /// the caller keeps the file, for its digest or to read it by another policy.
    pub fn open_at(
        store: &Store,
        file: &CohortFile,
        choice: &Choice,
        path: &Path,
    ) -> Result<Case, Error> {
        Case::open_file(store, file, choice, Some(path))
    }

    /// Chooses the policy for `cohort` and checks the two against each other.
    ///
    /// ```
    /// use qaward::{Case, Choice, CohortFile, Store};
    ///
    /// let store = Store::embedded();
    /// let cohort = CohortFile::from_json(br#"{
    ///     "cycle": { "year": 2024, "application_deadline": "2024-09-01" },
    ///     "applicants": [ { "id": "A1", "name": "An applicant" } ]
    /// }"#)?;
    /// let case = Case::open(&store, &cohort, &Choice::in_force())?;
    /// let outcome = case.evaluate();
    /// assert_eq!(outcome.policy.meta.id, "wuxi-2024");
    /// assert_eq!(outcome.verdicts.len(), 1);
    /// # Ok::<(), qaward::Error>(())
    /// ```
    pub fn open(store: &Store, cohort: &CohortFile, choice: &Choice) -> Result<Case, Error> {
        Case::open_file(store, cohort, choice, None)
    }

    fn open_file(
        store: &Store,
        file: &CohortFile,
        choice: &Choice,
        path: Option<&Path>,
    ) -> Result<Case, Error> {
        let named = |e: Error| match path {
            Some(p) => e.in_file(p),
            None => e,
        };
        let mut chosen = Ok(());
        let read = file.read_with(|cycle| {
            choose(
                store,
                cycle.application_deadline,
                cycle.award.as_deref(),
                choice,
            )
            .inspect_err(|e| {
                // A policy that cannot be chosen is not the cohort file's fault.
                chosen = Err(e.clone());
            })
        });
        chosen?;
        let (policy, cohort) = read.map_err(named)?;
        Case::checked(policy, cohort, choice, path).map_err(|e| file.relocate(e))
    }

    /// A case for a policy already loaded.
    pub fn with_policy(policy: Policy, cohort: Cohort, choice: &Choice) -> Result<Case, Error> {
        Case::checked(policy, cohort, choice, None)
    }

    /// Refuses a date outside the window unless told to go on, and checks the cohort (whose
    /// problems name `file`, when it came from one).
    fn checked(
        policy: Policy,
        cohort: Cohort,
        choice: &Choice,
        file: Option<&Path>,
    ) -> Result<Case, Error> {
        let reference = choice.as_of.unwrap_or(cohort.cycle.application_deadline);
        if !policy.meta.in_force_on(reference) && !choice.ignore_validity {
            return Err(Error::one(
                Diagnostic::error(
                    "policy::not-in-force",
                    policy.meta.outside_window(reference),
                )
                .help(text!(
                    "去掉 --policy 让程序按日期选择有效的规则版本；或加 --ignore-validity 仍按此规则版本评定（结果中会记录警告）。",
                    "drop --policy to choose the policy in force by date, or add --ignore-validity to evaluate anyway (the result records a warning)"
                )),
            ));
        }
        check_cohort(&policy, &cohort).map_err(|e| match file {
            Some(f) => e.in_file(f),
            None => e,
        })?;
        Ok(Case {
            policy,
            cohort,
            reference,
            options: Options {
                as_of: choice.as_of,
                ..Options::default()
            },
        })
    }

    /// Evaluates the cohort under the policy.
    pub fn evaluate(&self) -> Outcome<'_> {
        evaluate(&self.policy, &self.cohort, &self.options)
    }
}

/// The policy `choice` names, or the one in force on the reference date.
fn choose(
    store: &Store,
    deadline: Date,
    award: Option<&str>,
    choice: &Choice,
) -> Result<Policy, Error> {
    let reference = choice.as_of.unwrap_or(deadline);
    match choice.policy.as_deref() {
        Some(id) => {
            let policy = store.load(id)?;
            match award.filter(|a| *a != policy.meta.family) {
                None => Ok(policy),
                Some(a) => Err(Error::one(
                    Diagnostic::error(
                        "policy::other-award",
                        text!(
                            format!("申报名单的 cycle.award 为 `{a}`，而规则版本 `{id}` 属于奖项 `{}`", policy.meta.family),
                            format!("the cohort's cycle.award is `{a}`, but the policy `{id}` belongs to the award `{}`", policy.meta.family)
                        ),
                    )
                    .help(text!(
                        "选用该奖项的规则版本，或更正 cycle.award。",
                        "choose a policy of that award, or correct cycle.award"
                    )),
                )),
            }
        }
        None => store.in_force_on(reference, award),
    }
}

/// Checks a cohort against a policy: every score within the standard's total.
pub fn check_cohort(policy: &Policy, cohort: &Cohort) -> Result<(), Error> {
    let problems = check_scores(cohort, policy);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::new(problems))
    }
}
