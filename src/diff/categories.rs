//! Changes to categories (contract section 7): a category added or removed, a category's own
//! procedure (its scoring, stages, shortlist and tiers, said under its name), and the joint
//! caps across categories.

use super::{by_id, procedure, Builder, Pair};
use crate::diag::text;
use crate::policy::{Cap, CapRule, Policy};

pub(super) fn categories(b: &mut Builder, old: &Policy, new: &Policy) {
    // Each category's own changes, before deciding which to say for all and which for one.
    let mut per_category: Vec<(String, Vec<super::Change>)> = Vec::new();
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
                per_category.push((n.id.clone(), own.changes));
            }
        }
    }
    // A change every category sees alike (a shared entry changed) is said once, for all; one
    // that only some categories see is said for each of them and not for all.
    let same = |a: &super::Change, c: &super::Change| {
        a.path == c.path && a.before == c.before && a.after == c.after
    };
    let n = per_category.len();
    if n > 0 {
        b.changes.retain(|main| {
            let seen = per_category
                .iter()
                .filter(|(_, list)| list.iter().any(|c| same(main, c)))
                .count();
            seen == 0 || seen == n
        });
    }
    for (id, changes) in per_category {
        let title = new.categories.iter().find(|c| c.id == id).map(|c| &c.title);
        for mut change in changes {
            if b.changes.iter().any(|main| same(main, &change)) {
                continue;
            }
            change.path = format!("categories.{id}.{}", change.path);
            if let Some(t) = title {
                change.sentence = text!(
                    format!("［{}］{}", t.zh, change.sentence.zh),
                    format!("[{}] {}", t.en, change.sentence.en)
                );
            }
            b.changes.push(change);
        }
    }
    caps(b, old, new);
}

/// The joint caps, matched by tier: each cap's bound and rule, said in the tier's name.
fn caps(b: &mut Builder, old: &Policy, new: &Policy) {
    let tier_title = |p: &Policy, c: &Cap| {
        let t = p.cap_title(c);
        (t.zh, t.en)
    };
    let names = |p: &Policy, c: &Cap| -> (String, String) {
        let of = |zh: bool| {
            c.categories
                .iter()
                .filter_map(|&k| p.categories.get(k))
                .map(|k| if zh { k.title.zh.clone() } else { k.id.clone() })
                .collect::<Vec<_>>()
        };
        (of(true).join("、"), of(false).join(" + "))
    };
    let rule = |r: CapRule| match r {
        CapRule::Flag => ("只标记，由评委会决定", "flag only"),
        CapRule::ByTotal => ("按总分决定", "by total"),
        CapRule::ByShare => (
            "按总分占标准总分的比例决定",
            "by share of the standard's total",
        ),
    };
    for pair in by_id(&old.caps, &new.caps, |c| &c.tier) {
        match pair {
            Pair::Added(c) => {
                let (t, (zh, en)) = (tier_title(new, c), names(new, c));
                b.push(
                    c.cite.as_ref(),
                    format!("caps.{}", c.tier),
                    "added",
                    text!(
                        format!(
                            "新增合计上限：{zh}合计“{}”不超过 {} 个（{}）",
                            t.0,
                            c.max,
                            rule(c.rule).0
                        ),
                        format!(
                            "new joint cap: {} together at most {} of {} ({})",
                            en,
                            c.max,
                            t.1,
                            rule(c.rule).1
                        )
                    ),
                    None,
                    Some(c.max.to_string()),
                );
            }
            Pair::Removed(c) => {
                let (t, (zh, en)) = (tier_title(old, c), names(old, c));
                b.push(
                    c.cite.as_ref(),
                    format!("caps.{}", c.tier),
                    "removed",
                    text!(
                        format!("删除合计上限：{zh}合计“{}”不超过 {} 个", t.0, c.max),
                        format!(
                            "joint cap removed: {} together at most {} of {}",
                            en, c.max, t.1
                        )
                    ),
                    Some(c.max.to_string()),
                    None,
                );
            }
            Pair::Both(o, c) => {
                let t = tier_title(new, c);
                let path = format!("caps.{}", c.tier);
                if o.max != c.max {
                    b.changed(
                        c.cite.as_ref(),
                        &format!("{path}.max"),
                        (
                            &format!("“{}”各类别合计上限", t.0),
                            &format!("joint cap on {}", t.1),
                        ),
                        &o.max.to_string(),
                        &c.max.to_string(),
                    );
                }
                if o.rule != c.rule {
                    b.push(
                        c.cite.as_ref(),
                        format!("{path}.rule"),
                        "changed",
                        text!(
                            format!(
                                "“{}”各类别合计上限的处理方式：{} → {}",
                                t.0,
                                rule(o.rule).0,
                                rule(c.rule).0
                            ),
                            format!(
                                "joint cap on {}: {} → {}",
                                t.1,
                                rule(o.rule).1,
                                rule(c.rule).1
                            )
                        ),
                        Some(o.rule.as_str().to_owned()),
                        Some(c.rule.as_str().to_owned()),
                    );
                }
                let (was, now) = (names(old, o), names(new, c));
                if was.1 != now.1 {
                    b.changed(
                        c.cite.as_ref(),
                        &format!("{path}.categories"),
                        (
                            &format!("“{}”合计上限所含类别", t.0),
                            &format!("joint cap on {}: categories", t.1),
                        ),
                        &was.0,
                        &now.0,
                    );
                }
            }
        }
    }
}
