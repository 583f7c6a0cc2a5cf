//! The human report of `qaward eval`: the ranked shortlist, then who is ineligible or
//! undetermined and why (with citations), then the summary. Columns are aligned by display
//! width, so Chinese names line up.

use std::fmt::Write as _;

use super::reason;
use super::words::{
    amount, columns, currency, first_time_words, flag_word, joint_caps, money, no_shortlist_score,
    pays, shortlist_score, shortlist_stage, threshold_words, Punct,
};
use crate::decimal::show;
use crate::diag::{visible, Lang, Style, Text};
use crate::eval::{Eligibility, Outcome, Status, Summary, Verdict};
use crate::policy::Policy;

/// The applicant's own score for a stage, as given in the cohort.
fn score(p: &Policy, v: &Verdict<'_>, stage: &str) -> String {
    p.stage_index(stage)
        .and_then(|i| v.applicant.scores.get(i).copied().flatten())
        .map_or_else(|| "—".to_owned(), show)
}

/// Renders the report. `source` says where the policy came from.
/// The margin column: points that can be lost keeping the tier, points needed for the next.
fn margin_cell(v: &Verdict<'_>) -> String {
    let Some(m) = &v.margin else {
        return "—".into();
    };
    let keep = match (&m.can_lose, &m.keep) {
        (Some(d), Some(b)) => format!("−{}{}", if b.inclusive { "" } else { "<" }, show(*d)),
        _ => "·".into(),
    };
    let next = match (&m.needs, &m.reach, &m.next_tier) {
        (Some(d), Some(b), Some(t)) => {
            format!("+{}{}→{t}", if b.inclusive { "" } else { ">" }, show(*d))
        }
        (None, None, Some(t)) => format!("✗→{t}"),
        _ => "·".into(),
    };
    format!("{keep} | {next}")
}

pub fn render(
    outcome: &Outcome<'_>,
    lang: Lang,
    style: &Style,
    source: &Text,
    margins: bool,
) -> String {
    let mut out = String::new();
    header(&mut out, outcome, lang, style, source);
    let parts = parts(outcome);
    for part in &parts {
        shortlist(&mut out, outcome, part, lang, style, margins);
    }
    excluded(&mut out, outcome, lang, style);
    for part in &parts {
        others(&mut out, outcome, part, lang, style);
    }
    summary(&mut out, outcome, &parts, lang, style);
    out.push_str(&super::readings::applied_text(
        outcome.policy,
        lang,
        outcome.cohort.scored_by_panels,
    ));
    out
}

/// The applicants placed under one procedure: the whole cohort, or one category.
pub(crate) struct Part<'a, 'c> {
    /// The category's title (`None` without categories).
    pub title: Option<&'a Text>,
    pub policy: &'a Policy,
    pub verdicts: Vec<&'a Verdict<'c>>,
    pub summary: &'a Summary,
}

/// The parts of an outcome: the whole cohort, or each category.
pub(crate) fn parts<'a, 'c>(outcome: &'a Outcome<'c>) -> Vec<Part<'a, 'c>> {
    let p = outcome.policy;
    if p.categories.is_empty() {
        return vec![Part {
            title: None,
            policy: p,
            verdicts: outcome.verdicts.iter().collect(),
            summary: &outcome.summary,
        }];
    }
    p.categories
        .iter()
        .zip(&outcome.by_category)
        .enumerate()
        .map(|(k, (c, summary))| Part {
            title: Some(&c.title),
            policy: &c.policy,
            verdicts: outcome
                .verdicts
                .iter()
                .filter(|v| v.applicant.category == Some(k))
                .collect(),
            summary,
        })
        .collect()
}

/// " — 个人" after a section's title when the report is split by category.
fn of_part(part: &Part<'_, '_>, lang: Lang) -> String {
    part.title
        .map(|t| format!(" — {}", t.get(lang)))
        .unwrap_or_default()
}

/// The policy, where it came from, the year and date, and the warnings.
fn header(out: &mut String, outcome: &Outcome<'_>, lang: Lang, style: &Style, source: &Text) {
    let p = outcome.policy;
    let _ = writeln!(
        out,
        "{}{}{} — {} {}",
        style.bold,
        p.meta.title.get(lang),
        style.reset,
        p.meta.id,
        lang.pick(
            format!("（有效期{}）", p.meta.window().zh),
            format!("(in force {})", p.meta.window().en)
        ),
    );
    let colon = lang.pick("：", ": ");
    let _ = writeln!(
        out,
        "{}{colon}{}",
        lang.pick("规则来源", "policies from"),
        source.get(lang)
    );
    let _ = writeln!(
        out,
        "{}{colon}{} · {}{colon}{} · {}{colon}{}{}",
        lang.pick("评定年度", "award year"),
        outcome.cohort.cycle.year,
        lang.pick("参考日期", "reference date"),
        lang.pick(
            outcome.reference_date.zh(),
            outcome.reference_date.to_string()
        ),
        lang.pick(outcome.policy.meta.applicant.zh.as_str(), "applicants"),
        outcome.summary.applicants,
        if outcome.in_force {
            String::new()
        } else {
            format!(
                " · {}{}{}",
                style.red,
                lang.pick("不在有效期内", "OUTSIDE the validity window"),
                style.reset
            )
        }
    );
    for w in &outcome.warnings {
        let _ = writeln!(
            out,
            "{}{}{colon}{}{}",
            style.yellow,
            lang.pick("警告", "warning"),
            visible(w.get(lang)),
            style.reset
        );
    }
}

/// The ranked shortlist with stage scores, totals, tiers and payouts.
fn shortlist(
    out: &mut String,
    outcome: &Outcome<'_>,
    part: &Part<'_, '_>,
    lang: Lang,
    style: &Style,
    margins: bool,
) {
    let Punct {
        colon, open, close, ..
    } = Punct::of(lang);
    let (p, main) = (part.policy, outcome.policy);
    let of = of_part(part, lang);
    let mut listed: Vec<&Verdict<'_>> = part
        .verdicts
        .iter()
        .copied()
        .filter(|v| v.shortlisted)
        .collect();
    listed.sort_by_key(|v| (v.rank.is_none(), v.rank, v.shortlist_rank));
    let stage_name = |id: &str| {
        p.stage(id)
            .map_or_else(|| id.to_owned(), |s| s.title.get(lang).to_owned())
    };
    match &p.shortlist {
        Some(shortlist) => {
            let _ = writeln!(
                out,
                "\n{}{}{of}{}{open}{}{} {} · {} {}{close}",
                style.bold,
                lang.pick("入围名单与排名", "Shortlist and ranking"),
                style.reset,
                match shortlist.cite.as_ref().map(|c| c.shown(lang)) {
                    Some(c) if !c.is_empty() => format!("{c} · "),
                    _ => String::new(),
                },
                lang.pick("入围名额", "size"),
                shortlist.size,
                lang.pick("实际入围", "shortlisted"),
                listed.len()
            );
            // More than the places: those tied at the cut-off are the committee's to decide.
            let over = listed.len().saturating_sub(shortlist.size as usize);
            if over > 0 {
                let _ = writeln!(
                    out,
                    "{}",
                    lang.pick(
                        format!(
                            "（名额为{}个；多出的 {over} 个因与第{}名同分列入，是否进入下一环节由评委会确定）",
                            shortlist.size, shortlist.size
                        ),
                        format!(
                            "({} places; the {over} more are tied with the {} place, and whether they go on is for the committee to decide)",
                            shortlist.size,
                            crate::render::words::ordinal(shortlist.size)
                        )
                    )
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                "\n{}{}{of}{}{open}{} {}{close}",
                style.bold,
                lang.pick("排名", "Ranking"),
                style.reset,
                lang.pick("参加评审", "no shortlist · reviewed"),
                listed.len()
            );
        }
    }
    let mut headers = vec![
        lang.pick("名次", "rank").to_owned(),
        lang.pick("编号", "id").to_owned(),
        // The terminal table's English headers are in lower case.
        lang.pick(
            p.meta.name_title.zh.clone(),
            p.meta.name_title.en.to_lowercase(),
        ),
    ];
    headers.extend(p.stages.iter().map(|s| stage_name(&s.id)));
    headers.extend([
        lang.pick("总分", "total").to_owned(),
        lang.pick("拟授奖项", "tier").to_owned(),
        lang.pick("奖励".to_owned(), format!("payout ({})", currency(p))),
    ]);
    if margins {
        headers.push(lang.pick("余量", "margin").to_owned());
    }
    headers.push(lang.pick("标记", "flags").to_owned());
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|v| {
            let mut row = vec![
                v.rank.map_or_else(|| "—".into(), |r| r.to_string()),
                visible(&v.applicant.id).into_owned(),
                visible(v.applicant.name.as_deref().unwrap_or("")).into_owned(),
            ];
            row.extend(p.stages.iter().map(|s| score(main, v, &s.id)));
            row.push(v.total.map_or_else(|| "—".into(), show));
            row.push(match v.tier {
                Some(t) => p.tiers[t].title.get(lang).to_owned(),
                None => no_tier(p, v, lang),
            });
            row.push(match (v.tier, v.first_time) {
                (Some(t), _) if p.tiers[t].amount.is_zero() => "—".into(),
                (Some(_), Some(false)) => lang.pick("0（非首次）".into(), "0 (repeat)".into()),
                (Some(_), _) => lang.pick(amount(v.payout, currency(p), lang), money(v.payout)),
                _ => "—".into(),
            });
            if margins {
                row.push(margin_cell(v));
            }
            row.push(
                v.flags
                    .iter()
                    .map(|f| flag_word(f.as_str(), lang))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            row
        })
        .collect();
    let numeric = |col: usize| {
        col == 0 || (3..3 + p.stages.len() + 1).contains(&col) || col == 3 + p.stages.len() + 2
    };
    let lines = columns(&headers, &rows, numeric);
    let _ = writeln!(out, "{}{}{}", style.dim, lines[0], style.reset);
    for (line, v) in lines[1..].iter().zip(&listed) {
        let color = if v.tier.is_some() { style.green } else { "" };
        let _ = writeln!(
            out,
            "{color}{line}{}",
            if color.is_empty() { "" } else { style.reset }
        );
    }
    if margins {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "余量：−N 为仍保有该奖项可失去的总分（−<N 表示须少于 N）；+N→奖项 为升一级所需总分（+>N 表示须多于 N）；其他组织得分不变。",
                "margin: −N points can be lost keeping the tier (−<N: less than N); +N→tier points reach the next tier (+>N: more than N); others as they are"
            )
        );
    }
    if let Some(cut) = part.summary.shortlist_cutoff {
        let what = shortlist_stage(p, lang);
        let _ = writeln!(
            out,
            "{}{colon}{}",
            lang.pick(
                format!("入围分数线（{what}）"),
                format!("shortlist cut-off ({what})")
            ),
            show(cut)
        );
    }
}

/// Ineligible and undetermined applicants, with the deciding conditions.
fn excluded(out: &mut String, outcome: &Outcome<'_>, lang: Lang, style: &Style) {
    let Punct {
        colon, open, close, ..
    } = Punct::of(lang);
    let p = outcome.policy;
    for (wanted, title_zh, title_en, mark) in [
        (Eligibility::Ineligible, "不符合申报条件", "Ineligible", "✗"),
        (
            Eligibility::Undetermined,
            "资格待定（数据不全）",
            "Undetermined (data missing)",
            "?",
        ),
    ] {
        let group: Vec<&Verdict<'_>> = outcome
            .verdicts
            .iter()
            .filter(|v| v.eligibility == wanted)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}{}{open}{}{close}{}",
            style.bold,
            lang.pick(title_zh, title_en),
            group.len(),
            style.reset
        );
        for v in group {
            let _ = writeln!(
                out,
                "{} {}",
                visible(&v.applicant.id),
                visible(v.applicant.name.as_deref().unwrap_or(""))
            );
            let records = v.applicant.records.as_deref().unwrap_or(&[]);
            for (c, status, clauses) in v.by_condition(p) {
                if !matches!(status, Status::Fail | Status::Undetermined) {
                    continue;
                }
                let m = if status == Status::Fail { mark } else { "?" };
                let color = if status == Status::Fail {
                    style.red
                } else {
                    style.yellow
                };
                // Chinese names a condition by its title; the id is for English readers.
                let id = match lang {
                    Lang::En => format!("{} ", c.id),
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "  {color}{m}{} {}{id}{}{colon}{}{}",
                    style.reset,
                    match c.cite.shown(lang) {
                        c if c.is_empty() => c,
                        c => format!("{c} "),
                    },
                    c.title.get(lang),
                    visible(&reason::condition_reason(
                        c,
                        status,
                        clauses,
                        records,
                        &outcome.cohort.cycle,
                        lang
                    )),
                    // A conclusion resting on a reading says so (the readings close the paper).
                    if super::readings::rests_on_a_reading(c, clauses) {
                        lang.pick("（依本规则读法）", " (by this policy's reading)")
                    } else {
                        ""
                    }
                );
            }
        }
    }
}

/// Eligible applicants without a place on the shortlist.
fn others(out: &mut String, outcome: &Outcome<'_>, part: &Part<'_, '_>, lang: Lang, style: &Style) {
    let Punct { open, close, .. } = Punct::of(lang);
    let (p, main) = (part.policy, outcome.policy);
    let (ranked, pending): (Vec<&Verdict<'_>>, Vec<&Verdict<'_>>) = part
        .verdicts
        .iter()
        .copied()
        .filter(|v| v.eligibility == Eligibility::Eligible && !v.shortlisted)
        .partition(|v| v.shortlist_rank.is_some());
    // Without the score the shortlist is drawn on, whether one is shortlisted is not yet known.
    let pending_title = lang.pick(
        format!("符合条件，能否入围待定（{}）", no_shortlist_score(p, lang)),
        format!(
            "Eligible, shortlist pending ({})",
            no_shortlist_score(p, lang)
        ),
    );
    for (title, others) in [
        (
            lang.pick("符合条件但未入围", "Eligible, not shortlisted")
                .to_owned(),
            ranked,
        ),
        (pending_title, pending),
    ] {
        if others.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}{title}{}{open}{}{close}{}",
            style.bold,
            of_part(part, lang),
            others.len(),
            style.reset
        );
        for v in others {
            let stage = p.shortlist.as_ref().map_or("", |s| s.stage.as_str());
            let detail = match v.shortlist_rank {
                Some(r) => format!(
                    "{} {} · {} {}",
                    shortlist_score(p, lang),
                    score(main, v, stage),
                    lang.pick("名次", "rank"),
                    r
                ),
                None => lang
                    .pick(
                        "得分补全后确定是否入围",
                        "shortlisted or not once the score is in",
                    )
                    .to_owned(),
            };
            let _ = writeln!(
                out,
                "  {} {} — {detail}",
                visible(&v.applicant.id),
                visible(v.applicant.name.as_deref().unwrap_or(""))
            );
        }
    }
}

/// Counts, places per tier, payouts and the public notice.
fn summary(
    out: &mut String,
    outcome: &Outcome<'_>,
    parts: &[Part<'_, '_>],
    lang: Lang,
    style: &Style,
) {
    let Punct { colon, .. } = Punct::of(lang);
    let s = &outcome.summary;
    let _ = writeln!(
        out,
        "\n{}{}{}",
        style.bold,
        lang.pick("汇总", "Summary"),
        style.reset
    );
    // Where no procedure has a shortlist, there is nothing to call 入围.
    let has_shortlist = parts.iter().any(|p| p.policy.shortlist.is_some());
    let shortlisted = |n: usize, sep: &str| {
        if has_shortlist {
            format!(" · {}{sep}{n}", lang.pick("入围", "shortlisted"))
        } else {
            String::new()
        }
    };
    let _ = writeln!(
        out,
        "{}{colon}{} · {}{colon}{} · {}{colon}{} · {}{colon}{}{}",
        lang.pick("申报", "applicants"),
        s.applicants,
        lang.pick("符合条件", "eligible"),
        s.eligible,
        lang.pick("不符合", "ineligible"),
        s.ineligible,
        lang.pick("待定", "undetermined"),
        s.undetermined,
        shortlisted(s.shortlisted, colon)
    );
    for part in parts {
        if let Some(title) = part.title {
            let _ = writeln!(
                out,
                "{}{colon}{} {} · {} {}{}",
                title.get(lang),
                lang.pick("申报", "applicants"),
                part.summary.applicants,
                lang.pick("符合条件", "eligible"),
                part.summary.eligible,
                if part.policy.shortlist.is_some() {
                    format!(
                        " · {} {}",
                        lang.pick("入围", "shortlisted"),
                        part.summary.shortlisted
                    )
                } else {
                    String::new()
                }
            );
        }
        tier_lines(out, part, lang);
    }
    for line in joint_caps(outcome, lang) {
        let _ = writeln!(out, "{line}");
    }
    if pays(outcome.policy) {
        let _ = writeln!(
            out,
            "{}{colon}{}",
            lang.pick("奖励合计", "total payout"),
            amount(s.payout_total, currency(outcome.policy), lang)
        );
    }
    publicity_line(out, outcome, lang);
}

/// Why a ranked applicant has no tier: below every threshold, no place left, or a tie at a
/// quota boundary (for the committee); "—" for one without a total.
pub(crate) fn no_tier(p: &Policy, v: &Verdict<'_>, lang: Lang) -> String {
    let Some(total) = v.total else {
        return "—".into();
    };
    if v.flags
        .iter()
        .any(|f| f.as_str() == "tie_at_quota_boundary")
    {
        return lang.pick("待评委会决定", "for the committee").to_owned();
    }
    let lowest = p.tiers.iter().map(|t| t.threshold).min();
    match lowest {
        Some(l) if total < l * p.scoring.total => {
            let pct = show(l * rust_decimal::Decimal::ONE_HUNDRED);
            let pts = show(l * p.scoring.total);
            lang.pick(
                format!("未达标准总分的{pct}%（{pts}分）"),
                format!("below {pct}% of the total ({pts} points)"),
            )
        }
        _ => lang.pick("名额已满", "no place left").to_owned(),
    }
}

/// Each tier of a part: places filled against its quota, threshold and amount.
fn tier_lines(out: &mut String, part: &Part<'_, '_>, lang: Lang) {
    let Punct { colon, .. } = Punct::of(lang);
    let indent = if part.title.is_some() { "  " } else { "" };
    for (t, ts) in part.policy.tiers.iter().zip(&part.summary.tiers) {
        // Places held back by a tie at the boundary are for the committee, not vacant.
        let held = if ts.held > 0 {
            lang.pick(
                format!(" · 待评委会决定 {}", ts.held),
                format!(" · for the committee {}", ts.held),
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{indent}{}{colon}{} {} / {} {} · {} {}{held} · {} · {}",
            t.title.get(lang),
            lang.pick("拟授予", "proposed"),
            ts.filled,
            lang.pick("名额", "quota"),
            t.quota,
            lang.pick("空缺", "vacant"),
            ts.vacant - ts.held,
            threshold_words(t, lang),
            first_time_words(t, lang)
        );
    }
}

/// The public notice's window, or why there is none.
fn publicity_line(out: &mut String, outcome: &Outcome<'_>, lang: Lang) {
    let Punct {
        colon,
        open,
        close,
        comma,
        ..
    } = Punct::of(lang);
    let p = outcome.policy;
    match outcome.publicity {
        Some((start, end)) => {
            let (start, end) =
                lang.pick((start.zh(), end.zh()), (start.to_string(), end.to_string()));
            let _ = writeln!(
                out,
                "{}{colon}{start}{}{end}{open}{}{}{close}",
                lang.pick("公示期", "public notice"),
                lang.pick("至", " — "),
                p.publicity.length().get(lang),
                match p.publicity.cite.as_ref().map(|c| c.shown(lang)) {
                    Some(c) if !c.is_empty() => format!("{comma}{c}"),
                    _ => String::new(),
                }
            );
        }
        None if outcome.cohort.cycle.publicity_start.is_some() => {
            let _ = writeln!(
                out,
                "{}",
                lang.pick(
                    "公示期：无法计算（见警告）",
                    "public notice: cannot be counted (see the warnings)"
                )
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                lang.pick(
                    "公示期：名单未给出 publicity_start",
                    "public notice: the cohort gives no publicity_start"
                )
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_money() {
        assert_eq!(money(rust_decimal::Decimal::from(1_000_000)), "1,000,000");
        assert_eq!(money(rust_decimal::Decimal::from(200)), "200");
        assert_eq!(money(rust_decimal::Decimal::new(-12345, 1)), "-1,234.5");
    }
}
