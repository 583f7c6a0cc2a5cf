//! Which conditions and clauses read which fields: for the clerk's field list
//! (`qaward fields`) and for reports.

use super::{Clause, ClauseBody, Operand, Policy, Test};

/// Every field path a clause reads, in the order met (records as `records[KIND]`).
pub(crate) fn fields_read(clause: &Clause) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |p: &str| {
        if !out.iter().any(|q| q == p) {
            out.push(p.to_owned());
        }
    };
    let test = |t: &Test, push: &mut dyn FnMut(&str)| {
        push(t.field.path());
        if let Operand::Field(f) = &t.operand {
            push(f.path());
        }
    };
    if let Some(w) = &clause.when {
        test(w, &mut push);
    }
    match &clause.body {
        ClauseBody::Compare(t) => test(t, &mut push),
        ClauseBody::FullYears { field, .. } => push(field.path()),
        ClauseBody::EachYear { field, operand, .. } => {
            push(field.path());
            if let Operand::Field(f) = operand {
                push(f.path());
            }
        }
        ClauseBody::NoRecord {
            kind,
            filter,
            except,
            unless,
            ..
        } => {
            push(&format!("records[{}]", kind.kind));
            for t in filter.iter().chain(except) {
                if let Operand::Field(f) = &t.operand {
                    push(f.path());
                }
            }
            if let Some(u) = unless {
                test(u, &mut push);
            }
        }
        ClauseBody::Script(s) => {
            for (_, f) in &s.inputs {
                push(f.path());
            }
        }
        ClauseBody::AnyOf => {}
    }
    out
}

/// The parameters a clause reads, by name, in the order met.
pub(crate) fn params_read(clause: &Clause) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |p: &str| {
        if !out.iter().any(|q| q == p) {
            out.push(p.to_owned());
        }
    };
    let operand = |o: &Operand, push: &mut dyn FnMut(&str)| {
        if let Operand::Param(name, _) = o {
            push(name);
        }
    };
    if let Some(w) = &clause.when {
        operand(&w.operand, &mut push);
    }
    match &clause.body {
        ClauseBody::Compare(t) => operand(&t.operand, &mut push),
        ClauseBody::FullYears { param, .. } => push(param),
        ClauseBody::EachYear {
            years_param,
            operand: o,
            ..
        } => {
            push(years_param);
            operand(o, &mut push);
        }
        ClauseBody::NoRecord {
            window_param,
            filter,
            except,
            unless,
            ..
        } => {
            push(window_param);
            for t in filter.iter().chain(except) {
                operand(&t.operand, &mut push);
            }
            if let Some(u) = unless {
                operand(&u.operand, &mut push);
            }
        }
        ClauseBody::Script(s) => {
            for (name, _, _) in super::script::param_reads(&s.source) {
                push(&name);
            }
        }
        ClauseBody::AnyOf => {}
    }
    out
}

/// The conditions and clauses (`condition/clause`) that read `path`.
pub(crate) fn readers(policy: &Policy, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in &policy.conditions {
        for k in &c.clauses {
            if fields_read(k).iter().any(|p| p == path) {
                out.push(format!("{}/{}", c.id, k.id));
            }
        }
    }
    out
}
