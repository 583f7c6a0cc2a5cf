//! Comparing two outcomes of one cohort (a baseline and a variant, or two policy versions):
//! every applicant whose eligibility, shortlist place, rank, tier or payout changes, with the
//! reasons (conditions that changed, totals that moved), and the change in places filled and
//! vacant per tier and in the total payout. Used by `whatif`, `compare` and `diff --cohort`.

use serde::Serialize;

use crate::decimal::show;
use crate::diag::text;
use crate::diag::{Lang, Text};
use crate::eval::{Outcome, Verdict};
use crate::words::{self, reason};

/// What matters of one applicant's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// Eligible, ineligible or undetermined, as the contract says it.
    pub eligibility: &'static str,
    /// On the shortlist.
    pub shortlisted: bool,
    /// Its rank, when ranked.
    pub rank: Option<u32>,
    /// Its total, exact, when it has one.
    pub total: Option<String>,
    /// The tier it is placed in, by id.
    pub tier: Option<String>,
    /// What it is paid, exact.
    pub payout: String,
}

fn snapshot(v: &Verdict<'_>, outcome: &Outcome<'_>) -> Snapshot {
    Snapshot {
        eligibility: v.eligibility.as_str(),
        shortlisted: v.shortlisted,
        rank: v.rank,
        total: v.total.map(show),
        tier: v.tier.map(|t| outcome.policy_for(v).tiers[t].id.clone()),
        payout: show(v.payout),
    }
}

#[derive(Debug, Clone, Serialize)]
/// One applicant whose outcome changed.
pub struct Change {
    /// Its id.
    pub id: String,
    /// Its name, when given.
    pub name: Option<String>,
    /// Its outcome before.
    pub before: Snapshot,
    /// Its outcome after.
    pub after: Snapshot,
    /// The tiers' titles, before and after, for words in the reader's language.
    #[serde(skip)]
    pub tier_titles: (Option<Text>, Option<Text>),
    /// The currency the amounts are in.
    #[serde(skip)]
    pub currency: String,
    /// Why, in both languages: conditions whose status changed, totals that moved. The
    /// renderer writes them in the language asked for.
    #[serde(skip)]
    pub why: Vec<Text>,
}

#[derive(Debug, Clone, Serialize)]
/// A tier's places before and after.
pub struct TierDelta {
    /// The tier, by id (with `@CATEGORY` for one category's).
    pub tier: String,
    /// The tier's title (with its category's), for words in the reader's language.
    #[serde(skip)]
    pub title: Option<Text>,
    /// Its places (quota), before and after.
    pub quota: (u32, u32),
    /// Places filled, before and after.
    pub filled: (u32, u32),
    /// Places vacant, before and after.
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
    /// What the award calls an applicant (from the first outcome's policy).
    #[serde(skip)]
    pub applicant: crate::diag::Text,
    /// Whether either version draws a shortlist (with none, nothing is said of 入围).
    #[serde(skip)]
    pub has_shortlist: bool,
    /// Whether either version pays money (with none, no payout total is said).
    #[serde(skip)]
    pub pays: bool,
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
) -> Comparison {
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
                let reason =
                    |lang| reason::condition_reason(c, status, clauses, records, cycle, lang);
                why.push(Text::new(
                    format!(
                        "{} {}：{} → {}：{}",
                        c.cite.shown(Lang::Zh),
                        c.title.zh,
                        words::status_word(from, Lang::Zh),
                        words::status_word(status.as_str(), Lang::Zh),
                        reason(Lang::Zh)
                    ),
                    format!(
                        "{} {} {from} → {}: {}",
                        c.cite.render(Lang::En),
                        c.id,
                        status.as_str(),
                        reason(Lang::En)
                    ),
                ));
            }
        }
        for (c, status, _) in b.by_condition(before.policy) {
            if !after.policy.conditions.iter().any(|x| x.id == c.id) {
                why.push(text!(
                    format!(
                        "{} {}（原为{}）：新版本没有此条件",
                        c.cite.render(Lang::Zh),
                        c.title.zh,
                        words::status_word(status.as_str(), Lang::Zh)
                    ),
                    format!(
                        "{} {} {}: not in the new version",
                        c.cite.render(Lang::En),
                        c.id,
                        status.as_str()
                    )
                ));
            }
        }
        if sb.shortlisted != sa.shortlisted && sb.eligibility == sa.eligibility {
            why.push(shortlist_why(b, before, a, after));
        }
        // A stage score that changed (a panel's rule or its reviewers, in a what-if).
        for (i, stage) in before.policy.stages.iter().enumerate() {
            let Some(j) = after.policy.stage_index(&stage.id) else {
                continue;
            };
            let (x, y) = (
                b.applicant.scores.get(i).copied().flatten(),
                a.applicant.scores.get(j).copied().flatten(),
            );
            if x != y {
                let show_opt =
                    |d: Option<rust_decimal::Decimal>| d.map_or_else(|| "—".to_owned(), show);
                let (x, y) = (show_opt(x), show_opt(y));
                why.push(text!(
                    format!("{}得分 {x} → {y}", stage.title.zh),
                    format!("{} score {x} → {y}", stage.title.en)
                ));
            }
        }
        if sb.total != sa.total {
            let (was, now) = (
                sb.total.as_deref().unwrap_or("—"),
                sa.total.as_deref().unwrap_or("—"),
            );
            why.push(text!(
                format!("总分 {was} → {now}"),
                format!("total {was} → {now}")
            ));
        }
        if sb.rank != sa.rank && sb.total == sa.total && sa.total.is_some() {
            why.push(text!(
                "排名因他人的变化而变动",
                "the ranking moved because others changed"
            ));
        }
        if sb.tier != sa.tier && sb.rank == sa.rank && sb.total == sa.total {
            // A cap across categories that decides moves places between them: the one on the
            // tier the applicant held, for its category, is named.
            let holding_cap = a.applicant.category.and_then(|k| {
                after.policy.caps.iter().find(|c| {
                    c.rule != crate::policy::CapRule::Flag
                        && c.categories.contains(&k)
                        && sb.tier.as_deref() == Some(c.tier.as_str())
                })
            });
            let capped = [before.policy, after.policy].iter().any(|p| {
                p.caps
                    .iter()
                    .any(|c| c.rule != crate::policy::CapRule::Flag)
            });
            why.push(if let Some(cap) = holding_cap {
                let title = after.policy.cap_title(cap);
                text!(
                    format!(
                        "“{}”各类别合计不超过 {} 个，由得分更高者取得",
                        title.zh, cap.max
                    ),
                    format!(
                        "the joint cap of {} on {} went to higher scores",
                        cap.max, title.en
                    )
                )
            } else if capped {
                text!(
                    "奖项因名额、得分要求或各类别合计上限变化而变动",
                    "the tier changed with the quotas, thresholds or joint caps"
                )
            } else {
                text!(
                    "奖项因名额或得分要求变化而变动",
                    "the tier changed with the quotas or thresholds"
                )
            });
        }
        if sb.tier == sa.tier && sb.payout != sa.payout {
            why.push(text!("奖励数额变化", "the tier's amount changed"));
        }
        let tier_of =
            |v: &Verdict<'_>, o: &Outcome<'_>| v.tier.map(|t| o.policy_for(v).tiers[t].clone());
        let (tb, ta) = (tier_of(b, before), tier_of(a, after));
        let currency = ta
            .as_ref()
            .or(tb.as_ref())
            .map_or_else(|| "CNY".to_owned(), |t| t.currency.clone());
        changes.push(Change {
            id: a.applicant.id.clone(),
            name: a.applicant.name.clone(),
            before: sb,
            after: sa,
            tier_titles: (tb.map(|t| t.title), ta.map(|t| t.title)),
            currency,
            why,
        });
    }
    let tiers = tier_deltas(before, after);
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
        applicant: before.policy.meta.applicant.clone(),
        has_shortlist: [before.policy, after.policy].iter().any(|p| {
            p.shortlist.is_some() || p.categories.iter().any(|c| c.policy.shortlist.is_some())
        }),
        pays: words::pays(before.policy) || words::pays(after.policy),
    }
}

/// Places, filled and vacant per tier before → after, for every tier of either policy; with
/// categories, per tier of each category (`award@individual`).
fn tier_deltas(before: &Outcome<'_>, after: &Outcome<'_>) -> Vec<TierDelta> {
    let (b, a) = (places(before), places(after));
    let mut labels: Vec<&String> = Vec::new();
    for (label, _) in b.iter().chain(&a) {
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels
        .into_iter()
        .map(|label| {
            let side = |list: &[(String, Places)]| {
                list.iter()
                    .find(|(l, _)| l == label)
                    .map_or((0, 0, 0), |(_, x)| (x.0, x.1, x.2))
            };
            let (x, y) = (side(&b), side(&a));
            let title = a
                .iter()
                .chain(&b)
                .find(|(l, _)| l == label)
                .map(|(_, x)| x.3.clone());
            TierDelta {
                tier: label.clone(),
                title,
                quota: (x.0, y.0),
                filled: (x.1, y.1),
                vacant: (x.2, y.2),
            }
        })
        .collect()
}

/// A tier's quota, filled and vacant places, and its title.
type Places = (u32, u32, u32, Text);

/// Each tier's places, by its id, or `id@category` under categories.
fn places(o: &Outcome<'_>) -> Vec<(String, Places)> {
    let of = |p: &crate::policy::Policy,
              s: &crate::eval::Summary,
              cat: Option<&crate::policy::Category>| {
        p.tiers
            .iter()
            .zip(&s.tiers)
            .map(|(t, x)| {
                let (label, title) = match cat {
                    Some(c) => (
                        format!("{}@{}", t.id, c.id),
                        words::with_category(&t.title, &c.title),
                    ),
                    None => (t.id.clone(), t.title.clone()),
                };
                (label, (t.quota, x.filled, x.vacant, title))
            })
            .collect::<Vec<_>>()
    };
    if o.policy.categories.is_empty() {
        return of(o.policy, &o.summary, None);
    }
    o.policy
        .categories
        .iter()
        .zip(&o.by_category)
        .flat_map(|(c, s)| of(&c.policy, s, Some(c)))
        .collect()
}

/// Why an applicant entered or left the shortlist, eligibility unchanged: its own score, the
/// number of places, whether those tied with the last place are taken, or the cut-off score
/// moved with others' results; the first of these that changed.
fn shortlist_why(
    b: &Verdict<'_>,
    before: &Outcome<'_>,
    a: &Verdict<'_>,
    after: &Outcome<'_>,
) -> Text {
    let (pb, pa) = (before.policy_for(b), after.policy_for(a));
    let (Some(lb), Some(la)) = (&pb.shortlist, &pa.shortlist) else {
        return text!("入围规则变化", "the shortlist rule changed");
    };
    let (zh, en) = if a.shortlisted {
        ("进入入围名单", "now shortlisted")
    } else {
        ("不再入围", "no longer shortlisted")
    };
    let score = |v: &Verdict<'_>, o: &Outcome<'_>, stage: &str| {
        o.policy
            .stage_index(stage)
            .and_then(|i| v.applicant.scores.get(i).copied().flatten())
    };
    let (was, now) = (score(b, before, &lb.stage), score(a, after, &la.stage));
    let show_opt = |d: Option<rust_decimal::Decimal>| d.map_or_else(|| "—".to_owned(), show);
    if lb.stage != la.stage || was != now {
        let (w, n) = (show_opt(was), show_opt(now));
        return text!(
            format!("{zh}（入围所据得分 {w} → {n}）"),
            format!("{en} (the score the shortlist is drawn on {w} → {n})")
        );
    }
    if lb.size != la.size {
        return text!(
            format!("{zh}（入围名额 {} → {}）", lb.size, la.size),
            format!("{en} (shortlist places {} → {})", lb.size, la.size)
        );
    }
    if lb.include_ties != la.include_ties {
        let (yes, no) = ("是", "否");
        let word = |b: bool| if b { yes } else { no };
        return text!(
            format!(
                "{zh}（与第{}名同分者一并入围：{} → {}）",
                la.size,
                word(lb.include_ties),
                word(la.include_ties)
            ),
            format!(
                "{en} (those tied with place {} are all shortlisted: {} → {})",
                la.size, lb.include_ties, la.include_ties
            )
        );
    }
    let cut = |o: &Outcome<'_>, v: &Verdict<'_>, stage: &str| {
        o.peers(v)
            .filter(|x| x.shortlisted)
            .filter_map(|x| score(x, o, stage))
            .min()
    };
    let (cb, ca) = (cut(before, b, &lb.stage), cut(after, a, &la.stage));
    if cb != ca {
        let (w, n) = (show_opt(cb), show_opt(ca));
        return text!(
            format!("{zh}（入围分数线 {w} → {n}）"),
            format!("{en} (the shortlist cut-off {w} → {n})")
        );
    }
    text!(
        format!("{zh}（入围名单因他人的变化而变动）"),
        format!("{en} (the shortlist moved because others changed)")
    )
}
