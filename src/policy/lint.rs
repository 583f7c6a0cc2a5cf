//! Lints: things in a policy that load fine but that a careful author would fix. Each is a
//! warning at its place in the source, with a hint:
//! a numeric literal in a Rhai clause (`lint::script-literal`), a parameter no rule reads
//! (`lint::unused-param`), a parameter or condition without a citation (`lint::no-citation`),
//! a citation of an article the article list lacks (`policy::unknown-article`, found while
//! loading), a field the cohort schema does not define (`lint::unknown-cohort-field`), and
//! content not yet verified against the official text (`lint::unverified`).

use std::collections::BTreeSet;

use super::script::{numeric_literals, param_reads};
use super::{Clause, ClauseBody, Operand, Policy, Test};
use crate::diag::text;
use crate::diag::{Diagnostic, Location};

/// Every lint of a loaded policy, in file order of discovery.
pub fn lint(policy: &Policy) -> Vec<Diagnostic> {
    let map = &policy.source;
    let mut out: Vec<Diagnostic> = policy.load_warnings.clone();
    let mut read: BTreeSet<&str> = BTreeSet::new();
    if let Some(p) = &policy.scoring.standards_param {
        read.insert(p);
    }
    for c in &policy.conditions {
        for clause in &c.clauses {
            note_clause(policy, &c.id, clause, &mut read, &mut out);
        }
    }
    for p in &policy.params {
        let pointer = format!("/params/{}", crate::pointer::escape(&p.name));
        if !read.contains(p.name.as_str()) {
            out.push(map.place(
                Diagnostic::warning(
                    "lint::unused-param",
                    text!(format!("没有规则读取参数 `{}`", p.name), format!("no rule reads parameter `{}`", p.name)),
                )
                .help(text!(
                    "删除它，或在条件中用 param = \"…\" 引用它；若是评定标准，用 [scoring] standards_param 指向它。",
                    "remove it, or refer to it from a clause with param = \"…\"; for the evaluation standards, point [scoring] standards_param at it"
                )),
                &pointer,
                true,
            ));
        }
        if p.cite.is_none() {
            out.push(
                map.place(
                    Diagnostic::warning(
                        "lint::no-citation",
                        text!(
                            format!("参数 `{}` 没有引用条文", p.name),
                            format!("parameter `{}` cites no article", p.name)
                        ),
                    )
                    .help(text!(
                        "加上 cite = \"Art. 条(项)\" 形式的引用（条、项为数字）。",
                        "add a citation of the form cite = \"Art. <article>(<item>)\""
                    )),
                    &pointer,
                    true,
                ),
            );
        }
    }
    for (name, pointer, says_verified) in policy.unverified_places() {
        // Marked verified, but its article is not known: the cause is the citation.
        let (message, help) = if says_verified {
            (
                text!(
                    format!("`{name}` 写了 verified = true，但引用的条文编号未知（cite = \"unknown\"），仍视为未核实"),
                    format!("`{name}` says verified = true, but the article it cites is not known (cite = \"unknown\"), so it counts as unverified")
                ),
                text!(
                    "查到条文后把 cite 改为条文编号（cite = \"Art. 条 ¶款\" 或 \"Art. 条(项)\"）。",
                    "once the article is found, cite it: cite = \"Art. <article> ¶<paragraph>\" or \"Art. <article>(<item>)\""
                ),
            )
        } else {
            (
                text!(
                    format!("`{name}` 尚未与官方文本核对"),
                    format!("`{name}` is not verified against the official text")
                ),
                text!(
                    "核对后写 verified = true，并在 source 中注明出处。",
                    "once checked, write verified = true and give the source"
                ),
            )
        };
        out.push(map.place(
            Diagnostic::warning("lint::unverified", message).help(help),
            &pointer,
            true,
        ));
    }
    out.extend(category_mismatches(policy));
    out.extend(criteria_totals(policy));
    out
}

/// A condition for some categories reading a field (or record kind) that none of them gives:
/// those applicants never fill it in, so the condition could never be decided for them.
fn category_mismatches(policy: &Policy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (ci, c) in policy.conditions.iter().enumerate() {
        let applies: Vec<&str> = match &c.categories {
            Some(list) => list
                .iter()
                .filter_map(|&k| policy.categories.get(k))
                .map(|k| k.id.as_str())
                .collect(),
            None => policy.categories.iter().map(|k| k.id.as_str()).collect(),
        };
        if applies.is_empty() {
            continue;
        }
        for clause in &c.clauses {
            for path in super::uses::fields_read(clause) {
                let given = |ids: &Option<Vec<String>>| match ids {
                    None => true,
                    Some(ids) => applies.iter().any(|a| ids.iter().any(|i| i == a)),
                };
                let (ok, title) = match path
                    .strip_prefix("records[")
                    .and_then(|k| k.strip_suffix(']'))
                {
                    Some(kind) => match policy.model.records.iter().find(|r| r.kind == kind) {
                        Some(r) => (given(&r.categories), r.title.zh.clone()),
                        None => continue,
                    },
                    None => match policy.model.field(&path) {
                        Some((_, f)) => (given(&f.categories), f.title.zh.clone()),
                        None => continue,
                    },
                };
                if !ok {
                    out.push(policy.source.place(
                        Diagnostic::warning(
                            "lint::field-of-another-category",
                            text!(
                                format!("条件 `{}` 适用于 {}，但读取的“{title}”（{path}）只由其他类别填写，该条件对这些申报者将无法判断", c.id, applies.join("、")),
                                format!("condition `{}` applies to {}, but reads {path}, which only other categories give: it could never be decided for them", c.id, applies.join(", "))
                            ),
                        )
                        .help(text!(
                            "让字段的 categories 包含这些类别，或让条件的 categories 只列填写该字段的类别。",
                            "add these categories to the field's `categories`, or limit the condition to the categories that give the field"
                        )),
                        &format!("/conditions/{ci}"),
                        true,
                    ));
                }
            }
        }
    }
    out
}

/// Notes the parameters a clause reads, and lints its script.
fn note_clause<'p>(
    policy: &'p Policy,
    cid: &str,
    clause: &'p Clause,
    read: &mut BTreeSet<&'p str>,
    out: &mut Vec<Diagnostic>,
) {
    let mut tests: Vec<&Test> = clause.when.iter().collect();
    let mut operands: Vec<&Operand> = Vec::new();
    match &clause.body {
        ClauseBody::Compare(t) => tests.push(t),
        ClauseBody::FullYears {
            field: _, param, ..
        } => {
            read.insert(param);
        }
        ClauseBody::EachYear {
            field: _,
            years_param,
            operand,
            ..
        } => {
            read.insert(years_param);
            operands.push(operand);
        }
        ClauseBody::NoRecord {
            window_param,
            filter,
            except,
            unless,
            ..
        } => {
            read.insert(window_param);
            operands.extend(filter.iter().chain(except).map(|t| &t.operand));
            tests.extend(unless.iter());
        }
        ClauseBody::Script(s) => {
            for (name, _, _) in param_reads(&s.source) {
                if let Some(p) = policy.params.iter().find(|p| p.name == name) {
                    read.insert(&p.name);
                }
            }
            for t in numeric_literals(&s.source) {
                out.push(
                    Diagnostic::warning(
                        "lint::script-literal",
                        text!(
                            format!("条件 `{}` 的脚本中有数字字面量 `{}`", cid, t.text),
                            format!("the script of condition `{}` holds the number `{}`", cid, t.text)
                        ),
                    )
                    .in_file(&s.path)
                    .at(Location::at_line_column(&s.source, t.line, t.column))
                    .help(text!(
                        "条例规定的数字应写成参数（[params.NAME]），脚本中读取 params.NAME，便于评委会调整和比较版本。",
                        "make a number the regulation decides a parameter ([params.NAME]) and read params.NAME, so the committee can change it and versions can be compared"
                    )),
                );
            }
        }
        ClauseBody::AnyOf => {}
    }
    for t in &tests {
        operands.push(&t.operand);
    }
    for o in operands {
        match o {
            Operand::Param(name, _) => {
                read.insert(name);
            }
            Operand::Field(_) | Operand::Literal(_) => {}
        }
    }
}

/// A set of criteria whose maximums do not add up to the standard's total of a procedure that
/// scores by it: a panel's scores then live on another scale than the thresholds
/// (`lint::criteria-total`).
fn criteria_totals(policy: &Policy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let views = std::iter::once(policy).chain(policy.categories.iter().map(|c| c.policy.as_ref()));
    let mut seen: BTreeSet<(usize, String)> = BTreeSet::new();
    for view in views {
        let total = view.scoring.total;
        for s in &view.stages {
            let Some(panel) = &s.panel else { continue };
            let Some(c) = policy.criteria.get(panel.criteria) else {
                continue;
            };
            let sum: rust_decimal::Decimal = c.items.iter().map(|(_, _, m)| *m).sum();
            if sum == total || !seen.insert((panel.criteria, total.to_string())) {
                continue;
            }
            out.push(policy.source.place(
                Diagnostic::warning(
                    "lint::criteria-total",
                    text!(
                        format!("评分准则 `{}` 各项满分合计 {sum}，评定标准总分为 {total}（阶段 `{}`）", c.id, s.id),
                        format!("the criteria `{}` add up to {sum} points, but the standard's total is {total} (stage `{}`)", c.id, s.id)
                    ),
                )
                .help(text!(
                    "核对各项满分或 [scoring] total：评审组的得分与得分要求须在同一分制上。",
                    "check each maximum or [scoring] total: a panel's scores and the thresholds must be on one scale"
                )),
                &format!("/criteria/{}/items", panel.criteria),
                false,
            ));
        }
    }
    out
}
