//! Changes to categories (contract section 7): a category added or removed, a category's own
//! procedure (its scoring, stages, shortlist and tiers, said under its name), and the joint
//! caps across categories.

use super::{by_id, procedure, Builder, Pair};
use crate::policy::{Cap, Policy};
use crate::text;

pub(super) fn categories(b: &mut Builder, old: &Policy, new: &Policy) {
    for pair in by_id(&old.categories, &new.categories, |c| &c.id) {
        match pair {
            Pair::Added(c) => b.push(
                c.cite.as_ref(),
                format!("categories.{}", c.id),
                "added",
                text!(
                    format!("新增申报类别 {}（{}）", c.id, c.title.zh),
                    format!("category {} ({}) added", c.id, c.title.en)
                ),
                None,
                Some(c.id.clone()),
            ),
            Pair::Removed(c) => b.push(
                c.cite.as_ref(),
                format!("categories.{}", c.id),
                "removed",
                text!(
                    format!("删除申报类别 {}（{}）", c.id, c.title.zh),
                    format!("category {} ({}) removed", c.id, c.title.en)
                ),
                Some(c.id.clone()),
                None,
            ),
            Pair::Both(o, n) => {
                // The category's procedure, compared as a policy of its own, said under its name.
                let mut own = Builder::new(&o.policy, &n.policy);
                procedure::procedure(&mut own, &o.policy, &n.policy);
                for mut change in own.changes {
                    change.path = format!("categories.{}.{}", n.id, change.path);
                    change.sentence = text!(
                        format!("［{}］{}", n.title.zh, change.sentence.zh),
                        format!("[{}] {}", n.title.en, change.sentence.en)
                    );
                    b.changes.push(change);
                }
            }
        }
    }
    let said = |p: &Policy, c: &Cap| {
        let names: Vec<&str> = c
            .categories
            .iter()
            .filter_map(|&k| p.categories.get(k).map(|x| x.id.as_str()))
            .collect();
        format!("{} ≤ {} ({})", c.tier, c.max, names.join(" + "))
    };
    let olds: Vec<String> = old.caps.iter().map(|c| said(old, c)).collect();
    let news: Vec<String> = new.caps.iter().map(|c| said(new, c)).collect();
    if olds != news {
        let show = |l: &[String]| {
            if l.is_empty() {
                "—".to_owned()
            } else {
                l.join("; ")
            }
        };
        let cite = new
            .caps
            .first()
            .or(old.caps.first())
            .and_then(|c| c.cite.as_ref());
        b.changed(
            cite,
            "caps",
            ("跨类别合计上限", "joint caps across categories"),
            &show(&olds),
            &show(&news),
        );
    }
}
