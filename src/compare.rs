//! Comparing two outcomes of one cohort (a baseline and a variant, or two policy versions):
//! every applicant whose eligibility, shortlist place, rank, tier or payout changes, with the
//! reasons (conditions that changed, totals that moved), and the change in places filled and
//! vacant per tier and in the total payout. Used by `whatif`, `compare` and `diff --cohort`.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{Outcome, Verdict};
use crate::render::reason;

/// What matters of one applicant's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    pub eligibility: &'static str,
    pub shortlisted: bool,
    pub rank: Option<u32>,
    pub total: Option<String>,
    pub tier: Option<String>,
    pub payout: String,
}

fn snapshot(v: &Verdict<'_>, outcome: &Outcome<'_>) -> Snapshot {
    Snapshot {
        eligibility: v.eligibility.as_str(),
        shortlisted: v.shortlisted,
        rank: v.rank,
        total: v.total.map(show),
        tier: v.tier.map(|t| outcome.policy.tiers[t].id.clone()),
        payout: show(v.payout),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    pub name: Option<String>,
    pub before: Snapshot,
    pub after: Snapshot,
    /// Why, in the requested language: conditions whose status changed, totals that moved.
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierDelta {
    pub tier: String,
    pub quota: (u32, u32),
    pub filled: (u32, u32),
    pub vacant: (u32, u32),
}

/// Two outcomes of one cohort compared: who changed and the totals before → after.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// What the first outcome was evaluated under (a policy id or a what-if label).
    pub before: String,
    /// What the second outcome was evaluated under.
    pub after: String,
    /// Every applicant whose eligibility, shortlist place, rank, total, tier or payout changed.
    pub changes: Vec<Change>,
    /// Eligible applicants, before and after.
    pub eligible: (usize, usize),
    /// Shortlisted applicants, before and after.
    pub shortlisted: (usize, usize),
    /// Places per tier, before and after.
    pub tiers: Vec<TierDelta>,
    /// The total payout, before and after.
    pub payout_total: (String, String),
}

impl Comparison {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self
                .tiers
                .iter()
                .all(|t| t.filled.0 == t.filled.1 && t.quota.0 == t.quota.1)
            && self.payout_total.0 == self.payout_total.1
    }
}

/// Compares two outcomes of the same cohort, applicant by applicant (matched by id).
pub fn compare(
    before: &Outcome<'_>,
    after: &Outcome<'_>,
    label_before: &str,
    label_after: &str,
    lang: Lang,
) -> Comparison {
    let zh = lang == Lang::Zh;
    let mut changes = Vec::new();
    for a in &after.verdicts {
        let Some(b) = before
            .verdicts
            .iter()
            .find(|b| b.applicant.id == a.applicant.id)
        else {
            continue;
        };
        let (sb, sa) = (snapshot(b, before), snapshot(a, after));
        if sb == sa {
            continue;
        }
        let mut why = Vec::new();
        let records = a.applicant.records.as_deref().unwrap_or(&[]);
        let cycle = &after.cohort.cycle;
        for (c, status, clauses) in a.by_condition(after.policy) {
            let old = b
                .by_condition(before.policy)
                .find(|(bc, _, _)| bc.id == c.id)
                .map(|(_, s, _)| s);
            if old != Some(status) {
                let from = old.map_or("—", |s| s.as_str());
                why.push(format!(
                    "{} {} {from} → {}: {}",
                    c.cite.render(lang),
                    c.id,
                    status.as_str(),
                    reason::condition_reason(c, status, clauses, records, cycle, lang)
                ));
            }
        }
        for (c, status, _) in b.by_condition(before.policy) {
            if !after.policy.conditions.iter().any(|x| x.id == c.id) {
                why.push(if zh {
                    format!(
                        "{} {} {}：新版本没有此条件",
                        c.cite.render(lang),
                        c.id,
                        status.as_str()
                    )
                } else {
                    format!(
                        "{} {} {}: not in the new version",
                        c.cite.render(lang),
                        c.id,
                        status.as_str()
                    )
                });
            }
        }
        if sb.shortlisted != sa.shortlisted && sb.eligibility == sa.eligibility {
            why.push(match (sa.shortlisted, zh) {
                (true, true) => "进入入围名单（入围分数线变化）".to_owned(),
                (true, false) => "now shortlisted (the shortlist cut-off moved)".to_owned(),
                (false, true) => "不再入围（入围分数线变化）".to_owned(),
                (false, false) => "no longer shortlisted (the shortlist cut-off moved)".to_owned(),
            });
        }
        if sb.total != sa.total {
            why.push(format!(
                "{} {} → {}",
                if zh { "总分" } else { "total" },
                sb.total.as_deref().unwrap_or("—"),
                sa.total.as_deref().unwrap_or("—")
            ));
        }
        if sb.rank != sa.rank && sb.total == sa.total && sa.total.is_some() {
            why.push(if zh {
                "排名因他人的变化而变动".to_owned()
            } else {
                "the ranking moved because others changed".to_owned()
            });
        }
        if sb.tier != sa.tier && sb.rank == sa.rank && sb.total == sa.total {
            why.push(if zh {
                "奖项因名额或门槛变化而变动".to_owned()
            } else {
                "the tier changed with the quotas or thresholds".to_owned()
            });
        }
        if sb.tier == sa.tier && sb.payout != sa.payout {
            why.push(if zh {
                "奖金数额变化".to_owned()
            } else {
                "the tier's amount changed".to_owned()
            });
        }
        changes.push(Change {
            id: a.applicant.id.clone(),
            name: a.applicant.name.clone(),
            before: sb,
            after: sa,
            why,
        });
    }
    let mut tiers: Vec<TierDelta> = Vec::new();
    let ids: Vec<&String> = before
        .policy
        .tiers
        .iter()
        .chain(&after.policy.tiers)
        .map(|t| &t.id)
        .collect();
    for id in ids {
        if tiers.iter().any(|t| &t.tier == id) {
            continue;
        }
        let side = |o: &Outcome<'_>| {
            o.policy
                .tiers
                .iter()
                .position(|t| &t.id == id)
                .map_or((0, 0, 0), |i| {
                    (
                        o.policy.tiers[i].quota,
                        o.summary.tiers[i].filled,
                        o.summary.tiers[i].vacant,
                    )
                })
        };
        let (b, a) = (side(before), side(after));
        tiers.push(TierDelta {
            tier: id.clone(),
            quota: (b.0, a.0),
            filled: (b.1, a.1),
            vacant: (b.2, a.2),
        });
    }
    Comparison {
        before: label_before.to_owned(),
        after: label_after.to_owned(),
        changes,
        eligible: (before.summary.eligible, after.summary.eligible),
        shortlisted: (before.summary.shortlisted, after.summary.shortlisted),
        tiers,
        payout_total: (
            show(before.summary.payout_total),
            show(after.summary.payout_total),
        ),
    }
}

fn money(d: &str) -> String {
    let Ok(v) = crate::decimal::parse(d) else {
        return d.to_owned();
    };
    let neg = v < Decimal::ZERO;
    let s = show(v.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!(
        "{}{out}{}",
        if neg { "-" } else { "" },
        frac.map(|f| format!(".{f}")).unwrap_or_default()
    )
}

fn state(s: &Snapshot, zh: bool) -> String {
    let mut parts = vec![s.eligibility.to_owned()];
    if s.shortlisted {
        parts.push(if zh {
            "入围".into()
        } else {
            "shortlisted".into()
        });
    }
    if let Some(r) = s.rank {
        parts.push(format!("#{r}"));
    }
    if let Some(t) = &s.total {
        parts.push(t.clone());
    }
    parts.push(s.tier.clone().unwrap_or_else(|| "—".into()));
    parts.push(money(&s.payout));
    parts.join(" · ")
}

/// The comparison for people: the changes, then the summary; `md` for a memo.
pub fn render_text(c: &Comparison, lang: Lang, md: bool) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let h = |s: &str| {
        if md {
            format!("### {s}\n\n")
        } else {
            format!("{s}\n")
        }
    };
    out.push_str(&h(&format!("{} → {}", c.before, c.after)));
    if c.changes.is_empty() {
        out.push_str(if zh {
            "没有申报组织的结果发生变化。\n"
        } else {
            "No applicant's outcome changes.\n"
        });
    } else {
        out.push_str(&if zh {
            format!("{} 个申报组织的结果发生变化：\n", c.changes.len())
        } else {
            format!("{} applicant(s) change:\n", c.changes.len())
        });
        if md {
            out.push('\n');
        }
        for ch in &c.changes {
            let bullet = if md { "- " } else { "  " };
            out.push_str(&format!(
                "{bullet}{}{} {}{}: {} → {}\n",
                if md { "**" } else { "" },
                ch.id,
                ch.name.as_deref().unwrap_or(""),
                if md { "**" } else { "" },
                state(&ch.before, zh),
                state(&ch.after, zh)
            ));
            for w in &ch.why {
                out.push_str(&format!("{}{w}\n", if md { "  - " } else { "      " }));
            }
        }
    }
    out.push('\n');
    out.push_str(&h(if zh { "汇总" } else { "Summary" }));
    let line = |label: &str, a: String, b: String| {
        let arrow = if a == b {
            format!("{a} (=)")
        } else {
            format!("{a} → {b}")
        };
        format!("{}{label}: {arrow}\n", if md { "- " } else { "  " })
    };
    out.push_str(&line(
        if zh { "符合条件" } else { "eligible" },
        c.eligible.0.to_string(),
        c.eligible.1.to_string(),
    ));
    out.push_str(&line(
        if zh { "入围" } else { "shortlisted" },
        c.shortlisted.0.to_string(),
        c.shortlisted.1.to_string(),
    ));
    for t in &c.tiers {
        out.push_str(&line(
            &if zh {
                format!("{} 授予/名额/空缺", t.tier)
            } else {
                format!("{} filled/quota/vacant", t.tier)
            },
            format!("{}/{}/{}", t.filled.0, t.quota.0, t.vacant.0),
            format!("{}/{}/{}", t.filled.1, t.quota.1, t.vacant.1),
        ));
    }
    out.push_str(&line(
        if zh {
            "奖金合计（元）"
        } else {
            "total payout (CNY)"
        },
        money(&c.payout_total.0),
        money(&c.payout_total.1),
    ));
    out
}
