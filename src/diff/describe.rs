//! A clause said in one line, for comparing and showing, and a script's changes line by line
//! with the changed words marked.

use similar::{ChangeTag, TextDiff};

use super::ScriptLine;
use crate::policy::{Clause, ClauseBody, Operand, RecordTest};

/// A clause of a condition whose clauses are `all`, as one line of text, for comparing and
/// showing; a member of a group says which.
pub fn describe_clause(c: &Clause, all: &[Clause]) -> String {
    let group = c
        .parent
        .and_then(|i| all.get(i))
        .map(|g| format!("in any_of {}: ", g.id))
        .unwrap_or_default();
    let operand = |o: &Operand| match o {
        Operand::Literal(v) => v.to_string(),
        Operand::Param(n, _) => format!("params.{n}"),
        Operand::Field(f) => f.path().to_owned(),
    };
    let when = c
        .when
        .as_ref()
        .map(|t| {
            format!(
                "when {} {} {}: ",
                t.field.path(),
                t.op.symbol(),
                operand(&t.operand)
            )
        })
        .unwrap_or_default();
    let body = match &c.body {
        ClauseBody::Compare(t) => format!(
            "{} {} {}",
            t.field.path(),
            t.op.symbol(),
            operand(&t.operand)
        ),
        ClauseBody::FullYears { field, param, .. } => {
            format!("{} full years ≥ params.{param}", field.path())
        }
        ClauseBody::EachYear {
            field,
            years_param,
            op,
            operand: o,
            ..
        } => format!(
            "each of params.{years_param} years: {} {} {}",
            field.path(),
            op.symbol(),
            operand(o)
        ),
        ClauseBody::NoRecord {
            kind,
            window_param,
            filter,
            except,
            unless,
            ..
        } => {
            let tests = |list: &[RecordTest]| -> Vec<String> {
                list.iter()
                    .map(|t| {
                        let rhs = operand(&t.operand);
                        format!("{} {} {rhs}", t.field.name(), t.op.symbol())
                    })
                    .collect()
            };
            let (f, e) = (tests(filter), tests(except));
            let u = unless
                .as_ref()
                .map(|t| {
                    format!(
                        " unless {} {} {}",
                        t.field.path(),
                        t.op.symbol(),
                        operand(&t.operand)
                    )
                })
                .unwrap_or_default();
            format!(
                "no {} in params.{window_param} years [{}]{}{}",
                kind.kind,
                f.join(", "),
                if e.is_empty() {
                    String::new()
                } else {
                    format!(" except [{}]", e.join(", "))
                },
                u
            )
        }
        ClauseBody::Script(s) => {
            let inputs: Vec<String> = s
                .inputs
                .iter()
                .map(|(n, f)| format!("{n}={}", f.path()))
                .collect();
            let partial = if s.decides_with_missing {
                ", decides with missing inputs"
            } else {
                ""
            };
            format!("script {} ({}){partial}", s.file, inputs.join(", "))
        }
        ClauseBody::AnyOf => {
            let cite = c
                .cite
                .as_ref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            format!("any of the members below{cite}")
        }
    };
    format!("{group}{when}{body}")
}

pub(super) fn script_lines(old: &str, new: &str) -> Vec<ScriptLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for op in diff.ops() {
        for change in diff.iter_inline_changes(op) {
            let tag = match change.tag() {
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
                ChangeTag::Equal => ' ',
            };
            let pieces = change
                .iter_strings_lossy()
                .map(|(emph, s)| (emph, s.trim_end_matches('\n').to_owned()))
                .collect();
            out.push(ScriptLine { tag, pieces });
        }
    }
    out
}
