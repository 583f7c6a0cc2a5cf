//! The clauses conditions are made of: what each kind tests, its operators and operands.

use super::*;

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
