//! Changes to the procedure: the standard's total, stages and weights, the shortlist, the
//! tie-break order, the tiers (places, thresholds, amounts) and the public notice.

use super::{by_id, pct, provenance, Builder, Pair};
use crate::decimal::show;
use crate::diag::text;
use crate::diag::Lang;
use crate::policy::Policy;

pub(super) fn procedure(b: &mut Builder, old: &Policy, new: &Policy) {
    stages(b, old, new);
    shortlist_and_ranking(b, old, new);
    tiers(b, old, new);
    if old.publicity.days != new.publicity.days {
        b.push(
            new.publicity.cite.as_ref(),
            "publicity.days".into(),
            "changed",
            text!(
                format!(
                    "公示期 {} 日 → {} 日",
                    old.publicity.days, new.publicity.days
                ),
                format!(
                    "public notice {} → {} days",
                    old.publicity.days, new.publicity.days
                )
            ),
            Some(old.publicity.days.to_string()),
            Some(new.publicity.days.to_string()),
        );
    }
    let (o, n) = (&old.publicity, &new.publicity);
    let counting = |p: &crate::policy::Publicity| {
        let kind = match p.day_kind {
            crate::policy::calendar::DayKind::Calendar => "calendar days",
            crate::policy::calendar::DayKind::Working => "working days",
        };
        let civil = if p.civil_code { ", Civil Code" } else { "" };
        let calendar = p
            .calendar
            .as_ref()
            .map(|c| format!(", calendar {}", c.id))
            .unwrap_or_default();
        format!("{kind}{civil}{calendar}")
    };
    let (was, mut now) = (counting(o), counting(n));
    if was == now && o.calendar != n.calendar {
        now.push_str(" (its dates changed)");
    }
    if was != now {
        b.changed(
            n.cite.as_ref(),
            "publicity.counting",
            ("公示期计算方式", "how the public notice is counted"),
            &was,
            &now,
        );
    }
}

/// The standard's total and the stages with their weights.
fn stages(b: &mut Builder, old: &Policy, new: &Policy) {
    if old.scoring.total != new.scoring.total {
        b.changed(
            new.scoring.cite.as_ref(),
            "scoring.total",
            ("标准总分", "the standard's total"),
            &show(old.scoring.total),
            &show(new.scoring.total),
        );
    }
    for pair in by_id(&old.stages, &new.stages, |s| &s.id) {
        let (o, s) = match pair {
            Pair::Removed(o) => {
                b.push(
                    o.cite.as_ref(),
                    format!("stages.{}", o.id),
                    "removed",
                    text!(
                        format!("删除评审阶段 {}", o.title.zh),
                        format!("stage {} removed", o.title.en.to_lowercase())
                    ),
                    Some(o.weight.to_string()),
                    None,
                );
                continue;
            }
            Pair::Added(s) => (None, s),
            Pair::Both(o, s) => (Some(o), s),
        };
        let name = (s.title.zh.clone(), s.title.en.to_lowercase());
        match o {
            Some(o) if o.weight != s.weight => b.push(
                s.cite.as_ref(),
                format!("stages.{}.weight", s.id),
                "changed",
                text!(
                    format!("{}权重 {} → {}", name.0, pct(o.weight), pct(s.weight)),
                    format!("{} weight {} → {}", name.1, pct(o.weight), pct(s.weight))
                ),
                Some(o.weight.to_string()),
                Some(s.weight.to_string()),
            ),
            None => b.push(
                s.cite.as_ref(),
                format!("stages.{}", s.id),
                "added",
                text!(
                    format!("新增评审阶段 {}，权重 {}", name.0, pct(s.weight)),
                    format!("stage {} added, weight {}", name.1, pct(s.weight))
                ),
                None,
                Some(s.weight.to_string()),
            ),
            _ => {}
        }
        if let Some(o) = o {
            let path = format!("stages.{}", s.id);
            titled_and_cited(
                b,
                &path,
                (&o.title, o.cite.as_ref()),
                (&s.title, s.cite.as_ref()),
            );
            provenance(
                b,
                s.cite.as_ref(),
                &path,
                &s.id,
                &o.provenance,
                &s.provenance,
            );
        }
    }
    let (o, n) = (&old.scoring, &new.scoring);
    provenance(
        b,
        n.cite.as_ref(),
        "scoring",
        "scoring",
        &o.provenance,
        &n.provenance,
    );
}

/// An item's title and citation in both versions, each change said.
fn titled_and_cited(
    b: &mut Builder,
    path: &str,
    (ot, oc): (&crate::diag::Text, Option<&crate::policy::Citation>),
    (nt, nc): (&crate::diag::Text, Option<&crate::policy::Citation>),
) {
    if ot != nt {
        b.push(
            nc,
            format!("{path}.title"),
            "changed",
            text!(
                format!("“{}”改称“{}”", ot.zh, nt.zh),
                format!("\"{}\" renamed \"{}\"", ot.en, nt.en)
            ),
            Some(ot.en.clone()),
            Some(nt.en.clone()),
        );
    }
    if !b.same_cite(oc, nc) {
        let said = |c: Option<&crate::policy::Citation>| {
            c.map_or_else(|| "—".to_owned(), ToString::to_string)
        };
        let said_zh = |c: Option<&crate::policy::Citation>| {
            c.map_or_else(|| "—".to_owned(), |c| c.render(crate::diag::Lang::Zh))
        };
        b.push(
            nc.or(oc),
            format!("{path}.cite"),
            "changed",
            text!(
                format!("{}的引用 {} → {}", nt.zh, said_zh(oc), said_zh(nc)),
                format!("{}: citation {} → {}", nt.en, said(oc), said(nc))
            ),
            Some(said(oc)),
            Some(said(nc)),
        );
    }
}

/// How the shortlist is drawn and how ties in the total are broken.
fn shortlist_and_ranking(b: &mut Builder, old: &Policy, new: &Policy) {
    match (&old.shortlist, &new.shortlist) {
        (Some(os), Some(ns)) => shortlists(b, os, ns),
        (None, None) => {}
        (os, ns) => {
            let said = |s: &Option<crate::policy::Shortlist>| {
                s.as_ref()
                    .map_or_else(|| "—".to_owned(), |s| format!("{} × {}", s.size, s.stage))
            };
            let cite = ns.as_ref().or(os.as_ref()).and_then(|s| s.cite.as_ref());
            b.changed(
                cite,
                "shortlist",
                ("入围环节（名额 × 依据）", "shortlist (places × by)"),
                &said(os),
                &said(ns),
            );
        }
    }
    ranking(b, old, new);
}

/// Two shortlists' size, stage and ties.
fn shortlists(b: &mut Builder, os: &crate::policy::Shortlist, ns: &crate::policy::Shortlist) {
    if os.size != ns.size {
        b.changed(
            ns.cite.as_ref(),
            "shortlist.size",
            ("入围名额", "shortlist places"),
            &os.size.to_string(),
            &ns.size.to_string(),
        );
    }
    if os.stage != ns.stage {
        b.changed(
            ns.cite.as_ref(),
            "shortlist.stage",
            ("入围依据", "shortlist by"),
            &os.stage,
            &ns.stage,
        );
    }
    if os.include_ties != ns.include_ties {
        b.changed(
            ns.cite.as_ref(),
            "shortlist.include_ties",
            ("与末位同分者入围", "ties with the last place shortlisted"),
            &os.include_ties.to_string(),
            &ns.include_ties.to_string(),
        );
    }
}

/// The tie-break order.
fn ranking(b: &mut Builder, old: &Policy, new: &Policy) {
    if let (Some(o), Some(n)) = (&old.shortlist, &new.shortlist) {
        provenance(
            b,
            n.cite.as_ref(),
            "shortlist",
            "shortlist",
            &o.provenance,
            &n.provenance,
        );
    }
    let (o, n) = (&old.ranking, &new.ranking);
    provenance(
        b,
        n.cite.as_ref(),
        "ranking",
        "ranking",
        &o.provenance,
        &n.provenance,
    );
    let (o, n) = (&old.publicity, &new.publicity);
    provenance(
        b,
        n.cite.as_ref(),
        "publicity",
        "publicity",
        &o.provenance,
        &n.provenance,
    );
    if old.ranking.tie_break != new.ranking.tie_break {
        // Said by the stages' titles in each language; the values stay the ids.
        let order = |p: &Policy, lang: Lang| -> String {
            p.ranking
                .tie_break
                .iter()
                .map(|id| p.stage(id).map_or(id.as_str(), |s| s.title.get(lang)))
                .collect::<Vec<_>>()
                .join(lang.pick("、", " › "))
        };
        b.push(
            new.ranking.cite.as_ref(),
            "ranking.tie_break".into(),
            "changed",
            text!(
                format!(
                    "同分比较顺序 {} → {}",
                    order(old, Lang::Zh),
                    order(new, Lang::Zh)
                ),
                format!(
                    "tie-break order {} → {}",
                    order(old, Lang::En),
                    order(new, Lang::En)
                )
            ),
            Some(old.ranking.tie_break.join(" › ")),
            Some(new.ranking.tie_break.join(" › ")),
        );
    }
}

/// The tiers: places, thresholds and amounts.
fn tiers(b: &mut Builder, old: &Policy, new: &Policy) {
    for pair in by_id(&old.tiers, &new.tiers, |t| &t.id) {
        match pair {
            Pair::Added(t) => {
                b.push(
                    t.quota_cite.as_ref(),
                    format!("tiers.{}", t.id),
                    "added",
                    text!(
                        format!(
                            "新增奖项{}：名额 {}，得分要求 {}，首次获奖奖励 {}",
                            t.title.zh,
                            t.quota,
                            pct(t.threshold),
                            crate::words::amount(t.amount, &t.currency, Lang::Zh)
                        ),
                        format!(
                            "tier {} added: {} places, threshold {}, amount {}",
                            t.id,
                            t.quota,
                            pct(t.threshold),
                            show(t.amount)
                        )
                    ),
                    None,
                    None,
                );
            }
            Pair::Removed(o) => {
                b.push(
                    o.quota_cite.as_ref(),
                    format!("tiers.{}", o.id),
                    "removed",
                    text!(
                        format!("删除奖项 {}", o.title.zh),
                        format!("tier {} removed", o.id)
                    ),
                    None,
                    None,
                );
            }
            Pair::Both(o, t) => {
                if o.quota != t.quota {
                    let label = (format!("{}名额", t.title.zh), format!("{} places", t.id));
                    b.changed(
                        t.quota_cite.as_ref(),
                        &format!("tiers.{}.quota", t.id),
                        (&label.0, &label.1),
                        &o.quota.to_string(),
                        &t.quota.to_string(),
                    );
                }
                if o.may_be_fewer != t.may_be_fewer {
                    let (zh, en) = if t.may_be_fewer {
                        ("可以少额或者空缺", "may now be fewer or vacant")
                    } else {
                        ("不得少额或者空缺", "may no longer be fewer or vacant")
                    };
                    b.push(
                        t.quota_cite.as_ref(),
                        format!("tiers.{}.may_be_fewer", t.id),
                        "changed",
                        text!(
                            format!("{}名额改为{zh}", t.title.zh),
                            format!("{} places {en}", t.id)
                        ),
                        Some(o.may_be_fewer.to_string()),
                        Some(t.may_be_fewer.to_string()),
                    );
                }
                if o.threshold != t.threshold {
                    b.push(
                        t.threshold_cite.as_ref(),
                        format!("tiers.{}.threshold", t.id),
                        "changed",
                        text!(
                            format!(
                                "{}得分要求 {} → {}",
                                t.title.zh,
                                pct(o.threshold),
                                pct(t.threshold)
                            ),
                            format!(
                                "{} threshold {} → {} of the total",
                                t.id,
                                pct(o.threshold),
                                pct(t.threshold)
                            )
                        ),
                        Some(o.threshold.to_string()),
                        Some(t.threshold.to_string()),
                    );
                }
                if o.amount != t.amount || o.currency != t.currency {
                    b.push(
                        t.amount_cite.as_ref(),
                        format!("tiers.{}.amount", t.id),
                        "changed",
                        text!(
                            format!(
                                "{}首次获奖奖励 {} → {}",
                                t.title.zh,
                                crate::words::amount(o.amount, &o.currency, Lang::Zh),
                                crate::words::amount(t.amount, &t.currency, Lang::Zh)
                            ),
                            format!(
                                "{} amount for first-time winners {} → {} {}",
                                t.id,
                                show(o.amount),
                                show(t.amount),
                                t.currency
                            )
                        ),
                        Some(show(o.amount)),
                        Some(show(t.amount)),
                    );
                }
                let path = format!("tiers.{}", t.id);
                titled_and_cited(
                    b,
                    &path,
                    (&o.title, o.quota_cite.as_ref()),
                    (&t.title, t.quota_cite.as_ref()),
                );
                provenance(
                    b,
                    t.quota_cite.as_ref(),
                    &path,
                    &t.id,
                    &o.provenance,
                    &t.provenance,
                );
            }
        }
    }
}
