//! Lowering the eligibility conditions: ids unique, citations checked, each clause lowered
//! by `clause`.

use std::collections::HashSet;

use super::clause::lower_clause;
use super::operand::Names;
use super::provenance;
use crate::diag::text;
use crate::policy::doc::{ClauseDoc, ClauseKindDoc, PolicyDoc};
use crate::policy::load::report::{Cx, Loaded};
use crate::policy::script::Scripts;
use crate::policy::{Article, Clause, Condition};

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
                    "每个条件需要唯一编号，习惯写作 art条.项（条、项为数字）。",
                    "every condition needs its own id, by custom art<article>.<item>"
                ),
            );
        }
        let cite = cx.cite(&format!("{p}/cite"), Some(&c.cite), articles);
        let mut tree = Tree {
            condition: &c.id,
            clauses: Vec::new(),
            seen: HashSet::new(),
        };
        for (ki, k) in c.clauses.iter().enumerate() {
            let at = Place {
                pointer: format!("{p}/clauses/{ki}"),
                parent: None,
            };
            tree.lower(cx, at, k, articles, names, scripts, files);
        }
        let clauses = tree.clauses;
        // A number written in a title that a parameter of this condition decides.
        let read: Vec<&crate::policy::Param> = clauses
            .iter()
            .flat_map(crate::policy::uses::params_read)
            .filter_map(|n| names.params.iter().find(|q| q.name == n))
            .collect();
        super::titles::literal_numbers(cx, &p, &c.title, &read);
        for (k, at) in written_clauses(&c.clauses, &p) {
            if let Some(t) = &k.title {
                super::titles::literal_numbers(cx, &at, t, &read);
            }
        }
        let declared: Vec<&str> = doc.categories.iter().map(|k| k.id.as_str()).collect();
        let categories = c.categories.as_ref().map(|list| {
            let mut out = Vec::new();
            for (j, id) in list.iter().enumerate() {
                match declared.iter().position(|d| d == id) {
                    Some(k) => out.push(k),
                    None => super::categories::unknown_category(
                        cx,
                        &format!("{p}/categories/{j}"),
                        id,
                        &declared,
                    ),
                }
            }
            out
        });
        if let Some(cite) = cite {
            conditions.push(Condition {
                id: c.id.clone(),
                cite,
                title: super::titles::title(cx, &p, &c.title, names.params),
                provenance: provenance(c.verified, &c.source, &c.note, &c.reading),
                enabled: c.enabled,
                categories,
                grouped: clauses.iter().any(|k| k.parent.is_some()),
                clauses,
            });
        }
    }
    conditions
}

/// A condition's clauses being lowered into one flat list, each group before its members.
struct Tree<'c> {
    condition: &'c str,
    clauses: Vec<Clause>,
    seen: HashSet<String>,
}

/// Where a clause is written, and the group it belongs to.
struct Place {
    pointer: String,
    parent: Option<usize>,
}

impl Tree<'_> {
    /// Lowers `k` and, for a group, its members after it; ids unique in the whole condition.
    #[allow(clippy::too_many_arguments)]
    fn lower(
        &mut self,
        cx: &mut Cx,
        at: Place,
        k: &ClauseDoc,
        articles: &[Article],
        names: &Names<'_>,
        scripts: &Scripts,
        files: &Loaded,
    ) {
        let kp = at.pointer;
        if !self.seen.insert(k.id.clone()) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{kp}/id"),
                text!(
                    format!("条件 `{}` 中子句编号 `{}` 重复", self.condition, k.id),
                    format!(
                        "clause id `{}` is used twice in condition `{}`",
                        k.id, self.condition
                    )
                ),
                text!(
                    "同一条件内子句编号须唯一（包括 any_of 中的子句）。",
                    "clause ids must be unique within a condition, any_of members included"
                ),
            );
        }
        let Some(mut clause) = lower_clause(cx, &kp, k, names, scripts, files) else {
            return;
        };
        clause.parent = at.parent;
        let ClauseKindDoc::AnyOf { cite, members } = &k.kind else {
            self.clauses.push(clause);
            return;
        };
        if let Some(written) = cite {
            clause.cite = cx.cite(&format!("{kp}/cite"), Some(written), articles);
        }
        let group = self.clauses.len();
        self.clauses.push(clause);
        for (mi, m) in members.iter().enumerate() {
            let place = Place {
                pointer: format!("{kp}/any_of/{mi}"),
                parent: Some(group),
            };
            self.lower(cx, place, m, articles, names, scripts, files);
        }
    }
}

/// Every clause as written, members of groups included, with its pointer.
fn written_clauses<'d>(list: &'d [ClauseDoc], at: &str) -> Vec<(&'d ClauseDoc, String)> {
    let mut out = Vec::new();
    for (i, k) in list.iter().enumerate() {
        let p = format!("{at}/clauses/{i}");
        if let ClauseKindDoc::AnyOf { members, .. } = &k.kind {
            for (m, mp) in written_members(members, &p) {
                out.push((m, mp));
            }
        }
        out.push((k, p));
    }
    out
}

fn written_members<'d>(list: &'d [ClauseDoc], at: &str) -> Vec<(&'d ClauseDoc, String)> {
    let mut out = Vec::new();
    for (i, k) in list.iter().enumerate() {
        let p = format!("{at}/any_of/{i}");
        if let ClauseKindDoc::AnyOf { members, .. } = &k.kind {
            out.extend(written_members(members, &p));
        }
        out.push((k, p));
    }
    out
}
