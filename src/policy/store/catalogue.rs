//! Every policy of a store, loaded: overlapping windows, amendments, and where each policy
//! stands on a date.

use std::collections::{HashMap, HashSet};

use super::super::load::POLICY_FILE;
use crate::date::Date;
use crate::diag::text;
use crate::diag::{Diagnostic, Text};
use crate::policy::Policy;

/// Every policy of a store, loaded.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Every policy of the store, loaded.
    pub policies: Vec<Policy>,
}

/// Where a policy stands on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// In force on the date.
    InForce,
    /// Not yet in force.
    NotYet,
    /// No longer in force.
    Expired,
    /// In its window, but an amendment of it governs.
    SupersededBy(String),
}

impl Standing {
    /// The standing in words.
    pub fn describe(&self) -> Text {
        match self {
            Standing::InForce => text!("有效", "in force"),
            Standing::NotYet => text!("尚未生效", "not yet in force"),
            Standing::Expired => text!("已失效", "expired"),
            Standing::SupersededBy(id) => {
                text!(format!("已由 {id} 取代"), format!("superseded by {id}"))
            }
        }
    }
    /// The standing's code, for JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Standing::InForce => "in_force",
            Standing::NotYet => "not_yet",
            Standing::Expired => "expired",
            Standing::SupersededBy(_) => "superseded",
        }
    }
}

impl Catalogue {
    /// Pairs of one family whose windows overlap though neither amends the other.
    pub fn overlaps(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let lineage = self.lineage();
        for (i, a) in self.policies.iter().enumerate() {
            for b in &self.policies[i + 1..] {
                let overlap = a.meta.family == b.meta.family && a.meta.overlaps(&b.meta);
                if overlap && !lineage.amends(a, b) && !lineage.amends(b, a) {
                    problems.push(
                        Diagnostic::error(
                            "policy::overlap",
                            text!(
                                format!(
                                    "同一系列的规则版本有效期重叠：`{}`（{}）与 `{}`（{}）",
                                    a.meta.id, a.meta.window().zh, b.meta.id, b.meta.window().zh
                                ),
                                format!(
                                    "policies of one family have overlapping windows: `{}` ({}) and `{}` ({})",
                                    a.meta.id, a.meta.window().en, b.meta.id, b.meta.window().en
                                )
                            ),
                        )
                        .in_file(&b.origin.join(POLICY_FILE))
                        .help(text!(
                            "调整 effective/expires 使有效期首尾相接；若后者修改前者，请把它写成修正案（extends）。",
                            "make the windows meet end to start, or, if the later one changes the earlier, write it as an amendment (extends)"
                        )),
                    );
                }
            }
        }
        problems
    }
    /// Whether `later` amends `earlier`, directly or through other amendments.
    pub fn amends(&self, later: &Policy, earlier: &Policy) -> bool {
        self.lineage().amends(later, earlier)
    }

    /// What each policy amends, directly or not, worked out once for the whole catalogue (a
    /// directory of 400 chained amendments is asked about 80,000 pairs).
    fn lineage(&self) -> Lineage<'_> {
        let by_id: HashMap<&str, &Policy> = self
            .policies
            .iter()
            .map(|p| (p.meta.id.as_str(), p))
            .collect();
        let mut bases = HashMap::new();
        for p in &self.policies {
            let mut all = HashSet::new();
            let mut base = p.meta.extends.as_deref();
            // A cycle cannot load, but the walk stops at one all the same.
            while let Some(id) = base.filter(|id| all.insert(*id)) {
                base = by_id.get(id).and_then(|b| b.meta.extends.as_deref());
            }
            bases.insert(p.meta.id.as_str(), all);
        }
        Lineage { bases }
    }

    /// The policies that govern on `date`: those in force, less any amended by another in force.
    pub fn governing_on(&self, date: Date) -> Vec<&Policy> {
        let lineage = self.lineage();
        let holding: Vec<&Policy> = self
            .policies
            .iter()
            .filter(|p| p.meta.in_force_on(date))
            .collect();
        holding
            .iter()
            .copied()
            .filter(|p| !holding.iter().any(|q| lineage.amends(q, p)))
            .collect()
    }

    /// Where `policy` stands on `date`.
    pub fn standing(&self, policy: &Policy, date: Date) -> Standing {
        self.standing_in(&self.lineage(), policy, date)
    }

    /// Where each policy stands on `date`, in the catalogue's order.
    pub fn standings(&self, date: Date) -> Vec<Standing> {
        let lineage = self.lineage();
        self.policies
            .iter()
            .map(|p| self.standing_in(&lineage, p, date))
            .collect()
    }

    fn standing_in(&self, lineage: &Lineage<'_>, policy: &Policy, date: Date) -> Standing {
        if date < policy.meta.effective {
            return Standing::NotYet;
        }
        if policy.meta.ended_before(date) {
            return Standing::Expired;
        }
        let successor = self
            .policies
            .iter()
            .filter(|q| q.meta.in_force_on(date) && lineage.amends(q, policy))
            .max_by_key(|q| q.meta.effective);
        match successor {
            Some(q) => Standing::SupersededBy(q.meta.id.clone()),
            None => Standing::InForce,
        }
    }
}

/// Each policy's bases, direct or not, by id.
struct Lineage<'a> {
    bases: HashMap<&'a str, HashSet<&'a str>>,
}

impl Lineage<'_> {
    fn amends(&self, later: &Policy, earlier: &Policy) -> bool {
        self.bases
            .get(later.meta.id.as_str())
            .is_some_and(|b| b.contains(earlier.meta.id.as_str()))
    }
}
