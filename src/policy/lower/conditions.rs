//! Lowering the eligibility conditions: ids unique, citations checked, each clause lowered
//! by `clause`.

use std::collections::HashSet;

use super::clause::lower_clause;
use super::operand::Names;
use super::{provenance, text_of};
use crate::policy::doc::PolicyDoc;
use crate::policy::load::{Cx, Loaded};
use crate::policy::script::Scripts;
use crate::policy::{Article, Condition};
use crate::text;

/// The conditions, in order.
pub(super) fn lower_conditions(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
    names: &Names<'_>,
    scripts: &Scripts,
    files: &Loaded,
) -> Vec<Condition> {
    let mut conditions = Vec::new();
    let mut seen_conditions = HashSet::new();
    for (ci, c) in doc.conditions.iter().enumerate() {
        let p = format!("/conditions/{ci}");
        if !seen_conditions.insert(c.id.clone()) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("条件编号 `{}` 重复", c.id),
                    format!("condition id `{}` is used twice", c.id)
                ),
                text!(
                    "每个条件需要唯一编号，习惯写作 art条.项（如第五条第（一）项写 art5.1）。",
                    "every condition needs its own id, by custom art<article>.<item> (art5.1 for Art. 5(1))"
                ),
            );
        }
        let cite = cx.cite(&format!("{p}/cite"), Some(&c.cite), articles);
        let mut clauses = Vec::new();
        let mut seen_clauses = HashSet::new();
        for (ki, k) in c.clauses.iter().enumerate() {
            let kp = format!("{p}/clauses/{ki}");
            if !seen_clauses.insert(k.id.clone()) {
                cx.error_at(
                    "policy::duplicate-id",
                    &format!("{kp}/id"),
                    text!(
                        format!("条件 `{}` 中子句编号 `{}` 重复", c.id, k.id),
                        format!("clause id `{}` is used twice in condition `{}`", k.id, c.id)
                    ),
                    text!(
                        "同一条件内子句编号须唯一。",
                        "clause ids must be unique within a condition"
                    ),
                );
            }
            if let Some(clause) = lower_clause(cx, &kp, k, names, scripts, files) {
                clauses.push(clause);
            }
        }
        if let Some(cite) = cite {
            conditions.push(Condition {
                id: c.id.clone(),
                cite,
                title: text_of(&c.title),
                provenance: provenance(c.verified, &c.source, &c.note),
                enabled: c.enabled,
                clauses,
            });
        }
    }
    conditions
}
