//! Changes to how reviewers' scores make a stage's score: which criteria a stage's panel
//! scores, its aggregation, fewest reviewers and rounding; the criteria and their maximum
//! points; and what becomes of a disqualified reviewer's scores.

use super::{by_id, Builder, Pair};
use crate::decimal::show;
use crate::policy::{Panel, Policy};

/// A panel in words: "GB/T 19580, mean, at least 3, 2 decimals".
fn said(p: Option<&Panel>, policy: &Policy) -> (String, String) {
    match p {
        None => ("由工作人员填写得分".into(), "scores typed by staff".into()),
        Some(p) => {
            let c = &policy.criteria[p.criteria];
            let w = p.aggregate.words();
            (
                format!(
                    "评审组按“{}”评分，取{}，至少 {} 人，保留 {} 位小数",
                    c.title.zh, w.zh, p.min_panel, p.decimals
                ),
                format!(
                    "a panel scores by “{}”, {}, at least {}, {} decimals",
                    c.title.en, w.en, p.min_panel, p.decimals
                ),
            )
        }
    }
}

pub(super) fn panels(b: &mut Builder, old: &Policy, new: &Policy) {
    for pair in by_id(&old.stages, &new.stages, |s| &s.id) {
        let Pair::Both(o, s) = pair else {
            continue;
        };
        let (was, now) = (said(o.panel.as_ref(), old), said(s.panel.as_ref(), new));
        if was == now {
            continue;
        }
        let path = format!("stages.{}", s.id);
        let label = (
            format!("{}的得分", s.title.zh),
            format!("the {} score", s.title.en.to_lowercase()),
        );
        // One knob turned is said as that knob.
        let (path, label, was, now) = match (&o.panel, &s.panel) {
            (Some(a), Some(n))
                if a.aggregate != n.aggregate
                    && (a.min_panel, a.decimals) == (n.min_panel, n.decimals) =>
            {
                let (x, y) = (a.aggregate.words(), n.aggregate.words());
                (
                    format!("{path}.aggregate"),
                    (
                        format!("{}评审组的汇总方式", s.title.zh),
                        format!(
                            "how the {} panel combines its scores",
                            s.title.en.to_lowercase()
                        ),
                    ),
                    (x.zh, x.en),
                    (y.zh, y.en),
                )
            }
            (Some(a), Some(n)) if a.min_panel != n.min_panel && a.aggregate == n.aggregate => (
                format!("{path}.min_panel"),
                (
                    format!("{}评审组最少人数", s.title.zh),
                    format!(
                        "the fewest reviewers of the {} panel",
                        s.title.en.to_lowercase()
                    ),
                ),
                (a.min_panel.to_string(), a.min_panel.to_string()),
                (n.min_panel.to_string(), n.min_panel.to_string()),
            ),
            _ => (path, label, was, now),
        };
        b.push(
            s.cite.as_ref(),
            path,
            "changed",
            crate::diag::text!(
                format!("{} {} → {}", label.0, was.0, now.0),
                format!("{} {} → {}", label.1, was.1, now.1)
            ),
            Some(was.1),
            Some(now.1),
        );
    }
    for pair in by_id(&old.criteria, &new.criteria, |c| &c.id) {
        let Pair::Both(o, n) = pair else {
            continue;
        };
        let items = |c: &crate::policy::Criteria| -> (String, String) {
            (
                c.items
                    .iter()
                    .map(|(_, t, m)| format!("{} {}", t.zh, show(*m)))
                    .collect::<Vec<_>>()
                    .join("、"),
                c.items
                    .iter()
                    .map(|(_, t, m)| format!("{} {}", t.en, show(*m)))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        };
        let (was, now) = (items(o), items(n));
        if was != now {
            b.push(
                n.cite.as_ref(),
                format!("criteria.{}.items", n.id),
                "changed",
                crate::diag::text!(
                    format!("评分准则“{}” {} → {}", n.title.zh, was.0, now.0),
                    format!("the criteria “{}”: {} → {}", n.title.en, was.1, now.1)
                ),
                Some(was.1),
                Some(now.1),
            );
        }
    }
    let keep = |p: &Policy| p.reviewers.as_ref().is_some_and(|r| r.keep_earlier);
    if keep(old) != keep(new) {
        let word = |k: bool| {
            if k {
                ("取消资格之前的评分仍计", "kept")
            } else {
                ("全部不计", "void")
            }
        };
        let (was, now) = (word(keep(old)), word(keep(new)));
        b.push(
            new.reviewers
                .as_ref()
                .and_then(|r| r.disqualification_cite.as_ref()),
            "reviewers.disqualified_scores".into(),
            "changed",
            crate::diag::text!(
                format!("被取消资格的评审员的评分：{} → {}", was.0, now.0),
                format!("a disqualified reviewer's scores: {} → {}", was.1, now.1)
            ),
            Some(was.1.into()),
            Some(now.1.into()),
        );
    }
}
