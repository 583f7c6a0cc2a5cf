//! Judging one applicant's eligibility: every clause of every condition, three-valued (Kleene):
//! a condition fails if any clause is false, is undetermined if none is false and one is
//! unknown, and passes otherwise. What each clause observed is kept for the reasons.

use std::cmp::Ordering;

use super::read::{ReadField, ReadRecordField};
use super::{Eligibility, Status, Verdict};
use crate::cohort::{Cycle, Row};
use crate::policy::fields::Choices;
use crate::policy::script::{Runner, ScriptOutcome};
use crate::policy::{Clause, ClauseBody, Op, Operand, ParamValue, Policy, RecordTest, Test, Val};

/// A clause's truth value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClauseStatus {
    /// It holds.
    True,
    /// It does not hold.
    False,
    /// It cannot be decided (data missing).
    Unknown,
    /// Its `when` guard does not hold, or its condition is disabled.
    NotApplicable,
}

/// What a clause saw, for the reason text.
#[derive(Clone, Debug, PartialEq)]
pub enum Observed<'c> {
    /// The field's value (compare, full_years).
    Value(Val<'c>),
    /// A field the clause needs is missing (its path).
    Missing(&'c str),
    /// The value a `ref` operand resolved to, beside the field's own value.
    Pair(Val<'c>, Val<'c>),
    /// No record in the window matches.
    NoRecord,
    /// A year of yearly data: its value, or `None` when that year is missing.
    Year(i32, Option<rust_decimal::Decimal>),
    /// Every year asked for holds.
    AllYears,
    /// This record (index into `records`) matches and disqualifies.
    Record(usize),
    /// This record matches, but the `unless` test holds (e.g. not an exporter).
    Excused(usize, Val<'c>),
    /// The `when` guard did not hold: its field's value.
    GuardFalse(Val<'c>),
    /// The condition is disabled in the policy.
    Disabled,
    /// What the script concluded.
    Script(ScriptOutcome),
    /// A group (`any_of`): its status comes from its members, which follow it.
    Group,
    /// The condition is for other categories than the applicant's.
    OtherCategory,
}

#[derive(Clone, Debug, PartialEq)]
/// What a clause came to for one applicant, and what it saw.
pub struct ClauseVerdict<'c> {
    /// How it came out.
    pub status: ClauseStatus,
    /// What it saw, for the reason.
    pub observed: Observed<'c>,
}

impl<'c> ClauseVerdict<'c> {
    fn new(status: ClauseStatus, observed: Observed<'c>) -> ClauseVerdict<'c> {
        ClauseVerdict { status, observed }
    }
}

/// Evaluates every condition for one applicant; the procedure fills in the rest later.
pub fn judge<'c>(
    policy: &'c Policy,
    cycle: &Cycle,
    a: Row<'c>,
    runner: &mut Runner<'_>,
) -> Verdict<'c> {
    let n_clauses = policy.conditions.iter().map(|c| c.clauses.len()).sum();
    let mut clauses = Vec::with_capacity(n_clauses);
    let (eligibility, conditions) = judge_into(policy, cycle, a, runner, &mut clauses);
    Verdict::judged(a.applicant, eligibility, conditions, clauses)
}

/// Evaluates every condition for one applicant, the clauses' verdicts into `clauses` (emptied
/// first): its eligibility and each condition's status.
pub(crate) fn judge_into<'c>(
    policy: &'c Policy,
    cycle: &Cycle,
    a: Row<'c>,
    runner: &mut Runner<'_>,
    clauses: &mut Vec<ClauseVerdict<'c>>,
) -> (Eligibility, Vec<Status>) {
    clauses.clear();
    let mut conditions = Vec::with_capacity(policy.conditions.len());
    let categorised = !policy.categories.is_empty();
    let mut unsure = categorised && a.applicant.category.is_none();
    for condition in &policy.conditions {
        let start = clauses.len();
        // For other categories only: not applicable; the applicant's category unknown: judged,
        // but a failure cannot be held against it.
        let applies = match (&condition.categories, a.applicant.category) {
            (Some(list), Some(k)) if categorised => list.contains(&k),
            _ => true,
        };
        let maybe = categorised && condition.categories.is_some() && a.applicant.category.is_none();
        for clause in &condition.clauses {
            clauses.push(if !condition.enabled {
                ClauseVerdict::new(ClauseStatus::NotApplicable, Observed::Disabled)
            } else if !applies {
                ClauseVerdict::new(ClauseStatus::NotApplicable, Observed::OtherCategory)
            } else {
                judge_clause(clause, cycle, a, runner)
            });
        }
        let these = &mut clauses[start..];
        let status = if condition.grouped {
            resolve_groups(&condition.clauses, these);
            let top = condition.clauses.iter().zip(these.iter());
            combine(
                top.filter(|(k, _)| k.parent.is_none())
                    .map(|(_, v)| v.status),
            )
        } else {
            combine(these.iter().map(|v| v.status))
        };
        conditions.push(match status {
            Status::Fail if maybe => Status::Undetermined,
            other => other,
        });
    }
    unsure &= !conditions.contains(&Status::Fail);
    let eligibility = if conditions.contains(&Status::Fail) {
        Eligibility::Ineligible
    } else if unsure || conditions.contains(&Status::Undetermined) {
        Eligibility::Undetermined
    } else {
        Eligibility::Eligible
    };
    (eligibility, conditions)
}

/// Kleene AND over a condition's clauses.
fn combine(statuses: impl Iterator<Item = ClauseStatus>) -> Status {
    let (mut any_unknown, mut any_true) = (false, false);
    for s in statuses {
        match s {
            ClauseStatus::False => return Status::Fail,
            ClauseStatus::Unknown => any_unknown = true,
            ClauseStatus::True => any_true = true,
            ClauseStatus::NotApplicable => {}
        }
    }
    if any_unknown {
        Status::Undetermined
    } else if any_true {
        Status::Pass
    } else {
        Status::NotApplicable
    }
}

/// Each group's status from its members', innermost first (members follow their group).
fn resolve_groups(clauses: &[Clause], verdicts: &mut [ClauseVerdict<'_>]) {
    for i in (0..clauses.len()).rev() {
        if verdicts[i].observed != Observed::Group {
            continue;
        }
        let members = clauses.iter().zip(verdicts.iter()).skip(i + 1);
        let statuses = members
            .filter(|(k, _)| k.parent == Some(i))
            .map(|(_, v)| v.status);
        verdicts[i].status = any_of(statuses);
    }
}

/// Kleene OR over a group's members: true if any is true (even when others are unknown),
/// false if every applicable one is false, else unknown; not applicable if none applies.
fn any_of(statuses: impl Iterator<Item = ClauseStatus>) -> ClauseStatus {
    let (mut any_unknown, mut any_false) = (false, false);
    for s in statuses {
        match s {
            ClauseStatus::True => return ClauseStatus::True,
            ClauseStatus::Unknown => any_unknown = true,
            ClauseStatus::False => any_false = true,
            ClauseStatus::NotApplicable => {}
        }
    }
    if any_unknown {
        ClauseStatus::Unknown
    } else if any_false {
        ClauseStatus::False
    } else {
        ClauseStatus::NotApplicable
    }
}

fn judge_clause<'c>(
    clause: &'c Clause,
    cycle: &Cycle,
    a: Row<'c>,
    runner: &mut Runner<'_>,
) -> ClauseVerdict<'c> {
    use ClauseStatus::*;
    if let Some(guard) = &clause.when {
        match test(guard, cycle, a) {
            TestResult::Holds(true, _) => {}
            TestResult::Holds(false, observed) => {
                let v = match observed {
                    Observed::Value(v) | Observed::Pair(v, _) => v,
                    _ => Val::Bool(false),
                };
                return ClauseVerdict::new(NotApplicable, Observed::GuardFalse(v));
            }
            TestResult::Missing(f) => return ClauseVerdict::new(Unknown, Observed::Missing(f)),
        }
    }
    match &clause.body {
        ClauseBody::Compare(t) => match test(t, cycle, a) {
            TestResult::Holds(b, observed) => {
                ClauseVerdict::new(if b { True } else { False }, observed)
            }
            TestResult::Missing(f) => ClauseVerdict::new(Unknown, Observed::Missing(f)),
        },
        ClauseBody::FullYears { field, years, .. } => match field.get(a, cycle) {
            Some(Val::Date(d)) => {
                let holds = d.full_years_by(*years, cycle.application_deadline);
                ClauseVerdict::new(
                    if holds { True } else { False },
                    Observed::Value(Val::Date(d)),
                )
            }
            _ => ClauseVerdict::new(Unknown, Observed::Missing(field.path())),
        },
        ClauseBody::EachYear {
            field,
            years,
            op,
            operand,
            ..
        } => {
            let Some(values) = field.yearly(a) else {
                return ClauseVerdict::new(Unknown, Observed::Missing(field.path()));
            };
            let mut missing_year = None;
            for year in (cycle.year - years)..cycle.year {
                let value = values.iter().find(|(y, _)| *y == year).map(|(_, v)| *v);
                match value {
                    None => missing_year = missing_year.or(Some(year)),
                    Some(v) => {
                        let holds = match operand {
                            Operand::Literal(rhs) | Operand::Param(_, rhs) => {
                                holds(Val::Decimal(v), *op, rhs, None)
                            }
                            Operand::Field(f) => f
                                .get(a, cycle)
                                .is_some_and(|rhs| compare_op(Val::Decimal(v), *op, rhs, None)),
                        };
                        if !holds {
                            return ClauseVerdict::new(False, Observed::Year(year, Some(v)));
                        }
                    }
                }
            }
            match missing_year {
                Some(y) => ClauseVerdict::new(Unknown, Observed::Year(y, None)),
                None => ClauseVerdict::new(True, Observed::AllYears),
            }
        }
        ClauseBody::NoRecord {
            kind,
            years,
            filter,
            except,
            unless,
            ..
        } => {
            let Some(records) = &a.records else {
                return ClauseVerdict::new(Unknown, Observed::Missing("records"));
            };
            let hit = records.iter().position(|r| {
                r.kind() == kind.kind
                    && r.date.within_last_years(*years, cycle.application_deadline)
                    && filter.iter().all(|t| record_test(t, r, cycle, a))
                    && !except.iter().any(|t| record_test(t, r, cycle, a))
            });
            match (hit, unless) {
                (None, _) => ClauseVerdict::new(True, Observed::NoRecord),
                (Some(i), None) => ClauseVerdict::new(False, Observed::Record(i)),
                (Some(i), Some(u)) => match test(u, cycle, a) {
                    TestResult::Holds(true, Observed::Value(v)) => {
                        ClauseVerdict::new(True, Observed::Excused(i, v))
                    }
                    TestResult::Holds(true, _) => {
                        ClauseVerdict::new(True, Observed::Excused(i, Val::Bool(true)))
                    }
                    TestResult::Holds(false, _) => ClauseVerdict::new(False, Observed::Record(i)),
                    TestResult::Missing(f) => ClauseVerdict::new(Unknown, Observed::Missing(f)),
                },
            }
        }
        ClauseBody::AnyOf => ClauseVerdict::new(Unknown, Observed::Group),
        ClauseBody::Script(script) => {
            match runner.run(script, &mut |f| super::read::script_input(f, a, cycle)) {
                Err(f) => ClauseVerdict::new(Unknown, Observed::Missing(f.path())),
                Ok(outcome) => {
                    let status = match outcome {
                        ScriptOutcome::Holds(true) => True,
                        ScriptOutcome::Holds(false) => False,
                        ScriptOutcome::Undecided | ScriptOutcome::Failed(_) => Unknown,
                    };
                    ClauseVerdict::new(status, Observed::Script(outcome))
                }
            }
        }
    }
}

enum TestResult<'c> {
    Holds(bool, Observed<'c>),
    Missing(&'c str),
}

#[inline]
fn test<'c>(t: &'c Test, cycle: &Cycle, a: Row<'c>) -> TestResult<'c> {
    let Some(lhs) = t.field.get(a, cycle) else {
        return TestResult::Missing(t.field.path());
    };
    let order = t.field.ty.choices().filter(|c| c.ordered);
    match &t.operand {
        Operand::Literal(v) | Operand::Param(_, v) => {
            TestResult::Holds(holds(lhs, t.op, v, order), Observed::Value(lhs))
        }
        Operand::Field(f) => match f.get(a, cycle) {
            Some(rhs) => {
                TestResult::Holds(compare_op(lhs, t.op, rhs, order), Observed::Pair(lhs, rhs))
            }
            None => TestResult::Missing(f.path()),
        },
    }
}

/// A record test; a record field that is missing makes the test false (e.g. no repair date:
/// not repaired).
#[inline]
fn record_test(t: &RecordTest, r: &crate::cohort::Record, cycle: &Cycle, a: Row<'_>) -> bool {
    let Some(lhs) = t.field.get(r) else {
        return false;
    };
    let order = t.field.ty.choices().filter(|c| c.ordered);
    match &t.operand {
        Operand::Literal(v) | Operand::Param(_, v) => holds(lhs, t.op, v, order),
        Operand::Field(f) => f
            .get(a, cycle)
            .is_some_and(|rhs| compare_op(lhs, t.op, rhs, order)),
    }
}

#[inline]
fn holds(lhs: Val<'_>, op: Op, rhs: &ParamValue, by: Option<&Choices>) -> bool {
    match (op, rhs) {
        (Op::In, ParamValue::List(items)) => items.iter().any(|v| {
            v.as_val()
                .is_some_and(|v| order(lhs, v, None) == Some(Ordering::Equal))
        }),
        (Op::NotIn, ParamValue::List(items)) => !items.iter().any(|v| {
            v.as_val()
                .is_some_and(|v| order(lhs, v, None) == Some(Ordering::Equal))
        }),
        (_, v) => v.as_val().is_some_and(|rhs| compare_op(lhs, op, rhs, by)),
    }
}

/// `lhs op rhs`; `by` orders an ordered enumeration's values by position.
#[inline]
fn compare_op(lhs: Val<'_>, op: Op, rhs: Val<'_>, by: Option<&Choices>) -> bool {
    let Some(ord) = order(lhs, rhs, by) else {
        return false;
    };
    match op {
        Op::Eq | Op::In => ord == Ordering::Equal,
        Op::Ne | Op::NotIn => ord != Ordering::Equal,
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
    }
}

/// Orders two values of compatible types; `None` for incomparable ones (prevented at load).
/// Texts of an ordered enumeration (`by`) compare by position; a text outside it is unordered.
#[inline]
fn order(a: Val<'_>, b: Val<'_>, by: Option<&Choices>) -> Option<Ordering> {
    use rust_decimal::Decimal;
    if let (Some(c), Val::Text(x), Val::Text(y)) = (by, a, b) {
        return Some(c.position(x)?.cmp(&c.position(y)?));
    }
    Some(match (a, b) {
        (Val::Int(x), Val::Int(y)) => x.cmp(&y),
        (Val::Int(x), Val::Decimal(y)) => Decimal::from(x).cmp(&y),
        (Val::Decimal(x), Val::Int(y)) => x.cmp(&Decimal::from(y)),
        (Val::Decimal(x), Val::Decimal(y)) => x.cmp(&y),
        (Val::Date(x), Val::Date(y)) => x.cmp(&y),
        (Val::Text(x), Val::Text(y)) => x.cmp(y),
        (Val::Bool(x), Val::Bool(y)) => x.cmp(&y),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kleene_and() {
        use ClauseStatus::*;
        assert_eq!(combine([True, Unknown, False].into_iter()), Status::Fail);
        assert_eq!(combine([True, Unknown].into_iter()), Status::Undetermined);
        assert_eq!(combine([True, NotApplicable].into_iter()), Status::Pass);
        assert_eq!(combine([NotApplicable].into_iter()), Status::NotApplicable);
    }

    #[test]
    fn numbers_compare_across_integer_and_decimal() {
        let three = ParamValue::Int(3);
        assert!(holds(Val::Int(3), Op::Le, &three, None));
        assert!(!holds(Val::Int(4), Op::Le, &three, None));
        assert!(holds(
            Val::Decimal(rust_decimal::Decimal::new(25, 1)),
            Op::Lt,
            &three,
            None
        ));
        let list = ParamValue::List(vec![
            ParamValue::Text("a".into()),
            ParamValue::Text("b".into()),
        ]);
        assert!(holds(Val::Text("b"), Op::In, &list, None));
        assert!(holds(Val::Text("c"), Op::NotIn, &list, None));
    }
}
