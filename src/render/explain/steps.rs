//! The steps after the conditions, one function each: the shortlist and its cut-off, the
//! total's arithmetic, the ranking with its neighbours and tie-break, the tier with its quota
//! and threshold and the payout with the history that decided it, and the public notice.

use super::*;

/// The shortlist: the applicant's place in the pool and the cut-off.
pub(super) fn shortlist_step(
    outcome: &Outcome<'_>,
    v: &Verdict<'_>,
    lang: Lang,
    steps: &mut Vec<Step>,
) {
    let (p, main) = (outcome.policy_for(v), outcome.policy);
    let Some(shortlist) = &p.shortlist else {
        let later = later_stages(p, lang);
        let line = if v.eligibility == Eligibility::Eligible {
            lang.pick(
                format!(
                    "本规则版本不经筛选，符合条件的{}均参加{later}。",
                    p.meta.applicant.zh
                ),
                format!("this policy draws no shortlist: every eligible applicant goes on to the {later}"),
            )
        } else {
            lang.pick(
                "不符合或未确定申报资格，不参加评审排名。".into(),
                "not eligible (or not yet determined), so not ranked".into(),
            )
        };
        steps.push(Step {
            step: "shortlist",
            title: lang.pick("参评".into(), "Who is reviewed".into()),
            cite: String::new(),
            lines: vec![line],
        });
        return;
    };
    let score = |stage: &str| {
        main.stage_index(stage)
            .and_then(|i| v.applicant.scores.get(i).copied().flatten())
    };
    let pool: Vec<&Verdict<'_>> = outcome
        .peers(v)
        .filter(|x| x.shortlist_rank.is_some())
        .collect();
    let cut = outcome.summary_for(v).shortlist_cutoff;
    let mut lines = Vec::new();
    if v.eligibility != Eligibility::Eligible {
        lines.push(lang.pick(
            format!(
                "不符合或未确定申报资格，不参加{}排名。",
                shortlist_stage(p, Lang::Zh)
            ),
            "not eligible (or not yet determined), so not ranked for the shortlist".into(),
        ));
    } else if let (Some(r), Some(s)) = (v.shortlist_rank, score(&shortlist.stage)) {
        lines.push(lang.pick(
            format!(
                "{}{}，在{}个符合条件且有得分的组织中排第{r}名；入围名额{}。",
                shortlist_score(p, Lang::Zh),
                show(s),
                pool.len(),
                shortlist.size
            ),
            format!(
                "{} {}, {r} of the {} eligible applicants with a score; {} places",
                shortlist_score(p, Lang::En),
                show(s),
                pool.len(),
                shortlist.size
            ),
        ));
        lines.push(match cut {
            Some(c) => lang.pick(
                format!("入围分数线（第{}名的得分）为{}。", shortlist.size, show(c)),
                format!(
                    "the cut-off (the {} place's score) is {}",
                    ordinal(shortlist.size),
                    show(c)
                ),
            ),
            None => lang.pick(
                "参评组织不多于入围名额，全部入围。".into(),
                "no more applicants than places: all are shortlisted".into(),
            ),
        });
        lines.push(if v.shortlisted {
            if v.flags.iter().any(|f| f.as_str() == "shortlist_tie") {
                let at = cut.map(show).unwrap_or_default();
                let later = later_stages(p, lang);
                lang.pick(
                    format!("与第{}名同分（{at}分），是否进入{later}由评委会确定。", shortlist.size),
                    format!("tied with the {} place ({at}): whether it goes on to the {later} is for the committee to decide", ordinal(shortlist.size)),
                )
            } else {
                // The list is the committee's to decide; this is what the policy proposes.
                let later = later_stages(p, lang);
                lang.pick(
                    format!("拟提请评委会确定进入{later}。"),
                    format!("proposed to the committee for the {later}"),
                )
            }
        } else {
            lang.pick("未入围。".into(), "not shortlisted".into())
        });
    } else {
        let missing = no_shortlist_score(p, lang);
        lines.push(lang.pick(
            format!("{missing}，无法排名。"),
            format!("{missing}, so not ranked"),
        ));
    }
    steps.push(Step {
        step: "shortlist",
        title: lang.pick("入围".into(), "Shortlist".into()),
        cite: cite(shortlist.cite.as_ref(), lang),
        lines,
    });
}

/// The weighted total, its arithmetic written out.
pub(super) fn total_step(
    outcome: &Outcome<'_>,
    v: &Verdict<'_>,
    lang: Lang,
    steps: &mut Vec<Step>,
) {
    let (p, main) = (outcome.policy_for(v), outcome.policy);
    let score = |stage: &str| {
        main.stage_index(stage)
            .and_then(|i| v.applicant.scores.get(i).copied().flatten())
    };
    if v.shortlisted {
        let mut lines = Vec::new();
        let terms: Vec<String> = p
            .stages
            .iter()
            .map(|s| {
                format!(
                    "{} × {}",
                    s.weight,
                    score(&s.id).map_or_else(|| "—".to_owned(), show)
                )
            })
            .collect();
        match v.total {
            Some(total) => lines.push(format!("{} = {}", terms.join(" + "), show(total))),
            None => lines.push(lang.pick(
                format!("{}：缺少评分，不计总分。", terms.join(" + ")),
                format!(
                    "{}: a score is missing (missing_score), so there is no total",
                    terms.join(" + ")
                ),
            )),
        }
        let stage_cite = p.stages.first().and_then(|s| s.cite.as_ref());
        steps.push(Step {
            step: "total",
            title: lang.pick("总分".into(), "Total".into()),
            cite: cite(stage_cite, lang),
            lines,
        });
    }
}

/// The rank with its neighbours and tie-breaks, then the tier against quota and threshold.
pub(super) fn ranking_step(
    outcome: &Outcome<'_>,
    v: &Verdict<'_>,
    lang: Lang,
    steps: &mut Vec<Step>,
) {
    let p = outcome.policy_for(v);
    if let (Some(rank), Some(total)) = (v.rank, v.total) {
        let mut ranked: Vec<&Verdict<'_>> = outcome.peers(v).filter(|x| x.rank.is_some()).collect();
        ranked.sort_by_key(|x| (x.rank, x.applicant.id.as_str()));
        let pos = ranked.iter().position(|x| std::ptr::eq(*x, v)).unwrap_or(0);
        let mut lines = vec![lang.pick(
            format!(
                "总分{}，排第{rank}名（共{}个）。",
                show(total),
                ranked.len()
            ),
            format!("total {} ranks {rank} of {}", show(total), ranked.len()),
        )];
        let neighbour = |x: &Verdict<'_>| {
            let (r, id, t) = (
                x.rank.unwrap_or(0),
                &x.applicant.id,
                x.total.map(show).unwrap_or_default(),
            );
            lang.pick(format!("第{r}名 {id}，总分{t}"), format!("{r} {id} {t}"))
        };
        if pos > 0 {
            lines.push(lang.pick(
                format!("前一名：{}", neighbour(ranked[pos - 1])),
                format!("above: {}", neighbour(ranked[pos - 1])),
            ));
        }
        if let Some(next) = ranked.get(pos + 1) {
            lines.push(lang.pick(
                format!("后一名：{}", neighbour(next)),
                format!("below: {}", neighbour(next)),
            ));
        }
        // The tie-break is the policy's reading where the measures are silent: say so.
        let reading = p
            .ranking
            .provenance
            .reading
            .as_ref()
            .map(|r| {
                let r = half(r, lang);
                lang.pick(format!("（读法：{r}）"), format!(" (reading: {r})"))
            })
            .unwrap_or_default();
        let stages: Vec<String> = p
            .ranking
            .tie_break
            .iter()
            .map(|id| {
                p.stage(id)
                    .map_or_else(|| id.clone(), |s| s.title.get(lang).to_owned())
            })
            .collect();
        // The tie-break is this policy's reading, not the article's rule: said first.
        let by_reading = if reading.is_empty() {
            ""
        } else {
            lang.pick("依本规则读法，", "by this policy's reading, ")
        };
        lines.push(lang.pick(
            format!(
                "{by_reading}同分时依次比较{}得分。{reading}",
                stages.join("、")
            ),
            format!(
                "{by_reading}equal totals are separated by: {}{reading}",
                stages.join(", ")
            ),
        ));
        steps.push(Step {
            step: "ranking",
            title: lang.pick("排名".into(), "Ranking".into()),
            cite: cite(p.ranking.cite.as_ref(), lang),
            lines,
        });

        // Tier: places and thresholds.
        let mut lines = Vec::new();
        for (i, tier) in p.tiers.iter().enumerate() {
            let threshold = tier.threshold * p.scoring.total;
            let above = outcome
                .peers(v)
                .filter(|x| x.tier == Some(i) && x.rank.is_some_and(|r| r < rank))
                .count();
            let reaches = total >= threshold;
            if tier.threshold.is_zero() {
                lines.push(lang.pick(
                    format!(
                        "{}：不设得分要求；名额 {}，排名在前的已占 {} 个。",
                        tier.title.zh, tier.quota, above
                    ),
                    format!(
                        "{}: no score threshold; {} places, {} taken by those ranked above",
                        tier.title.en, tier.quota, above
                    ),
                ));
                continue;
            }
            lines.push(lang.pick(
                format!(
                    "{}：得分要求 {}% × {} = {} 分，{}；名额 {}，排名在前的已占 {} 个。",
                    tier.title.zh,
                    show(tier.threshold * Decimal::ONE_HUNDRED),
                    show(p.scoring.total),
                    show(threshold),
                    if reaches { "达到" } else { "未达到" },
                    tier.quota,
                    above
                ),
                format!(
                    "{}: threshold {}% × {} = {} points, {}; {} places, {} taken by those ranked above",
                    tier.title.en,
                    show(tier.threshold * Decimal::ONE_HUNDRED),
                    show(p.scoring.total),
                    show(threshold),
                    if reaches { "reached" } else { "not reached" },
                    tier.quota,
                    above
                ),
            ));
        }
        // A cap the categories share bounds this category's places too.
        if v.applicant.category.is_some() {
            for line in crate::render::words::joint_caps(outcome, lang) {
                lines.push(line);
            }
        }
        lines.push(match v.tier {
            // What follows the candidate list is the policy's to say (`[policy] next_steps`).
            Some(i) => {
                let next = p.meta.next_steps.as_ref();
                lang.pick(
                    format!(
                        "拟列入“{}”候选名单。{}",
                        p.tiers[i].title.zh,
                        next.map_or("", |t| t.zh.as_str())
                    ),
                    format!(
                        "proposed for the {} candidate list.{}",
                        p.tiers[i].title.en,
                        next.map_or(String::new(), |t| format!(" {}", t.en))
                    ),
                )
            }
            None if v.flags.iter().any(|f| f.as_str() == "tie_at_quota_boundary") => lang.pick(
                format!("同分的{}多于剩余名额：均未列入候选名单，标记 tie_at_quota_boundary，由评委会决定。", p.meta.applicant.zh),
                "more applicants tied than places left: none is given the tier, flagged tie_at_quota_boundary for the committee".into(),
            ),
            None => lang.pick("未列入候选名单。".into(), "not on a candidate list".into()),
        });
        let first = p.tiers.first();
        // The caps this applicant's category shares cite their own article.
        let caps = outcome.policy.caps.iter().filter(|c| {
            v.applicant
                .category
                .is_some_and(|k| c.categories.contains(&k))
        });
        let cites: Vec<String> = [
            first.and_then(|x| x.quota_cite.as_ref()),
            first.and_then(|x| x.threshold_cite.as_ref()),
        ]
        .into_iter()
        .chain(caps.map(|c| c.cite.as_ref()))
        .flatten()
        .map(|c| c.shown(lang))
        .filter(|c| !c.is_empty())
        .fold(Vec::new(), |mut all, c| {
            if !all.contains(&c) {
                all.push(c);
            }
            all
        });
        steps.push(Step {
            step: "tier",
            title: lang.pick("奖项".into(), "Tier".into()),
            cite: cites.join(lang.pick("、", ", ")),
            lines,
        });
    }
}

/// The payout, with the history entry that decided it.
pub(super) fn payout_step(
    outcome: &Outcome<'_>,
    v: &Verdict<'_>,
    lang: Lang,
    steps: &mut Vec<Step>,
) {
    let p = outcome.policy_for(v);
    if let Some(i) = v.tier {
        let tier = &p.tiers[i];
        let mut lines = Vec::new();
        match (
            v.first_time,
            v.prior_win
                .and_then(|h| v.applicant.history.as_ref()?.get(h)),
        ) {
            (Some(false), Some(h)) => lines.push(lang.pick(
                format!(
                    "{} 年已获{}（未撤销），非首次获得，奖励 0 元。",
                    h.year, tier.title.zh
                ),
                format!(
                    "won {} in {} (not revoked): not a first-time winner, so 0 yuan",
                    tier.title.en, h.year
                ),
            )),
            _ if tier.amount.is_zero() => lines.push(lang.pick(
                format!("{}不设奖金。", tier.title.zh),
                format!("{} carries no money", tier.title.en),
            )),
            _ => lines.push(lang.pick(
                format!(
                    "此前未获{}（或已撤销），首次获得，奖励 {} {}。",
                    tier.title.zh,
                    show(tier.amount),
                    tier.currency
                ),
                format!(
                    "no earlier unrevoked {} win: first time, {} {}",
                    tier.title.en,
                    show(tier.amount),
                    tier.currency
                ),
            )),
        }
        for h in v.applicant.history.iter().flatten() {
            lines.push(lang.pick(
                format!(
                    "以往获奖：{}年度{}{}",
                    h.year,
                    // The tier by its title, whichever category's it is.
                    p.tiers
                        .iter()
                        .chain(outcome.policy.tiers.iter())
                        .chain(outcome.policy.categories.iter().flat_map(|c| c.policy.tiers.iter()))
                        .find(|t| t.id == h.tier)
                        .map_or(h.tier.as_str(), |t| t.title.zh.as_str()),
                    if h.revoked == Some(true) {
                        "（已撤销）"
                    } else {
                        ""
                    }
                ),
                format!(
                    "history: {} {}{}",
                    h.year,
                    h.tier.as_str(),
                    if h.revoked == Some(true) {
                        " (revoked)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        steps.push(Step {
            step: "payout",
            title: lang.pick("奖励".into(), "Payout".into()),
            cite: cite(tier.amount_cite.as_ref(), lang),
            lines,
        });
    }
}

/// The public notice, for an applicant placed in a tier.
pub(super) fn publicity_step(
    outcome: &Outcome<'_>,
    v: &Verdict<'_>,
    lang: Lang,
    steps: &mut Vec<Step>,
) {
    let p = outcome.policy_for(v);
    if let Some((start, end)) = outcome.publicity.filter(|_| v.tier.is_some()) {
        steps.push(Step {
            step: "publicity",
            title: lang.pick("公示".into(), "Public notice".into()),
            cite: cite(p.publicity.cite.as_ref(), lang),
            lines: vec![lang.pick(
                format!(
                    "{}至{}，{}。",
                    start.zh(),
                    end.zh(),
                    p.publicity.length().zh
                ),
                format!("{start} to {end}, {}", p.publicity.length().en),
            )],
        });
    }
}
