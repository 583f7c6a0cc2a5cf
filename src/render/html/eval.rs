//! The year's outcome as a paper for the committee: which documents and data it rests on, the
//! summary, a picture of the totals against the thresholds and quotas (and of the shortlist
//! stage's scores against the cut-off), the ranking with tiers, and every ineligible or
//! undetermined applicant with the cited reasons.

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::page::{escape, page, table, warnings};
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{Outcome, Status, Verdict};
use crate::policy::Policy;
use crate::render::table::{no_tier, parts, Part};
use crate::render::words::{amount, first_time_words, flag_word, status_word, threshold_words};
use crate::words::reason;

/// What the paper says it rests on besides the policy: the cohort's file name and digest.
pub struct Source<'a> {
    pub cohort_name: &'a str,
    pub cohort_digest: &'a str,
    /// Sections the command adds after the readings (what changes under an amendment).
    pub appendix: &'a str,
    /// What the panels made of the stage scores, when the scores came from reviewers.
    pub panels: Option<&'a crate::reviews::Panels>,
    /// The reviews they came from (named, with their digest, in the header).
    pub reviews: Option<&'a crate::reviews::Reviews>,
}

/// The header block: the policy's title and document number, validity, reference date,
/// cohort, digests and the engine's version.
fn header(outcome: &Outcome<'_>, source: &Source<'_>, lang: Lang) -> Vec<(String, String)> {
    let p = outcome.policy;
    let mut rows = vec![(
        lang.pick("规则版本", "Policy").to_owned(),
        format!("{}（{}）", p.meta.title.get(lang), p.meta.id),
    )];
    if let Some(doc) = &p.meta.document {
        // The document that issued the measures, by its title (a notice is not a 文号).
        rows.push((lang.pick("印发文件", "Issued by").to_owned(), doc.clone()));
    }
    rows.push((
        lang.pick("发布机关", "Issued by").to_owned(),
        p.meta.issuer.get(lang).to_owned(),
    ));
    rows.push((
        lang.pick("有效期", "In force").to_owned(),
        p.meta.window().get(lang).to_owned(),
    ));
    rows.push((
        lang.pick("评定年度", "Award year").to_owned(),
        outcome.cohort.cycle.year.to_string(),
    ));
    rows.push((
        lang.pick("参考日期", "Reference date").to_owned(),
        lang.pick(
            outcome.reference_date.zh(),
            outcome.reference_date.to_string(),
        ),
    ));
    rows.push((
        lang.pick("申报名单", "Cohort").to_owned(),
        source.cohort_name.to_owned(),
    ));
    rows.push((
        lang.pick("名单摘要", "Cohort digest").to_owned(),
        source.cohort_digest.to_owned(),
    ));
    rows.extend(source.reviews.map(|r| r.header_line(lang)));
    rows.push((
        lang.pick("规则摘要", "Policy digest").to_owned(),
        p.digest.clone(),
    ));
    rows.push((
        lang.pick("程序版本", "Engine").to_owned(),
        format!("qaward {}", env!("CARGO_PKG_VERSION")),
    ));
    rows
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

const WIDTH: f64 = 900.0;
const LEFT: f64 = 170.0;
/// Room right of the plot for the values and the quota lines' labels.
const RIGHT: f64 = 190.0;
const BAR: f64 = 14.0;
const GAP: f64 = 4.0;
const TOP: f64 = 40.0;
/// The height of a row of line labels (11px text, drawn about 16px high with a CJK font).
const LABEL_ROW: f64 = 18.0;
const TIER_COLOURS: [&str; 4] = ["#2f6fb5", "#5aa36b", "#c08a2b", "#8a5cb5"];

/// Bars of `values` (label, value, tier index) on a 0..`max` axis, with vertical lines at
/// `marks` (value, label) and horizontal lines after the rows in `breaks` (row, label).
fn bars(
    title: &str,
    rows: &[(String, Decimal, Option<usize>)],
    max: Decimal,
    marks: &[(Decimal, String)],
    breaks: &[(usize, String)],
) -> String {
    let plot = WIDTH - LEFT - RIGHT;
    // Each line's label on a row of its own above the plot, so that no two overlap however
    // close the lines are.
    #[allow(clippy::cast_precision_loss)]
    let top = TOP.max(10.0 + LABEL_ROW * (marks.len() as f64 + 0.5));
    let x = |v: Decimal| LEFT + plot * (f(v) / f(max).max(1.0)).clamp(0.0, 1.0);
    #[allow(clippy::cast_precision_loss)]
    let height = top + rows.len() as f64 * (BAR + GAP) + 30.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"100%\" aria-label=\"{}\">",
        escape(title)
    );
    for (i, (label, v, tier)) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + i as f64 * (BAR + GAP);
        let colour = tier.map_or("#b8bec7", |t| TIER_COLOURS[t % TIER_COLOURS.len()]);
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text><rect class=\"bar\" data-value=\"{}\" x=\"{LEFT}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR}\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#333\">{}</text>",
            LEFT - 6.0,
            y + BAR - 3.0,
            escape(label),
            show(*v),
            x(*v) - LEFT,
            x(*v) + 3.0,
            y + BAR - 3.0,
            show(*v)
        );
    }
    let bottom = height - 24.0;
    for (k, (v, label)) in marks.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let row = 14.0 + LABEL_ROW * k as f64;
        let _ = writeln!(
            svg,
            "<line class=\"mark\" data-value=\"{}\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\" stroke=\"#b42318\" stroke-dasharray=\"4 3\"/><text x=\"{x:.1}\" y=\"{row:.1}\" font-size=\"11\" fill=\"#b42318\" text-anchor=\"middle\">{}</text>",
            show(*v),
            row + 3.0,
            escape(label),
            x = x(*v)
        );
    }
    for (after, label) in breaks {
        #[allow(clippy::cast_precision_loss)]
        let y = top + *after as f64 * (BAR + GAP) - GAP / 2.0;
        let _ = writeln!(
            svg,
            "<line class=\"quota\" x1=\"8\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#555\" stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\" text-anchor=\"end\">{}</text>",
            WIDTH - 4.0,
            WIDTH - 4.0,
            y - 2.0,
            escape(label)
        );
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{bottom:.1}\" x2=\"{:.1}\" y2=\"{bottom:.1}\" stroke=\"#333\"/><text x=\"{LEFT}\" y=\"{:.1}\" font-size=\"10\">0</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>\n</svg>",
        WIDTH - RIGHT,
        bottom + 14.0,
        WIDTH - RIGHT,
        bottom + 14.0,
        show(max)
    );
    svg
}

/// The totals of the ranked applicants of a part against its tiers' thresholds, with a line
/// where each tier's quota ends.
fn totals_chart(part: &Part<'_, '_>, lang: Lang) -> String {
    let p = part.policy;
    let mut ranked: Vec<&&Verdict<'_>> =
        part.verdicts.iter().filter(|v| v.total.is_some()).collect();
    ranked.sort_by_key(|v| (v.rank, v.applicant.id.as_str()));
    let rows: Vec<(String, Decimal, Option<usize>)> = ranked
        .iter()
        .map(|v| {
            let name = v.applicant.name.as_deref().unwrap_or(&v.applicant.id);
            (name.to_owned(), v.total.unwrap_or_default(), v.tier)
        })
        .collect();
    let marks: Vec<(Decimal, String)> = p
        .tiers
        .iter()
        .filter(|t| !t.threshold.is_zero())
        .map(|t| {
            let at = t.threshold * p.scoring.total;
            (
                at,
                lang.pick(
                    format!("{}得分要求 {}", t.title.zh, show(at)),
                    format!("{} threshold {}", t.title.en, show(at)),
                ),
            )
        })
        .collect();
    // Where each tier's places end, counting down the ranking.
    let mut breaks = Vec::new();
    let mut filled = 0usize;
    for (t, ts) in p.tiers.iter().zip(&part.summary.tiers) {
        filled += ts.filled as usize;
        if ts.filled > 0 {
            breaks.push((
                filled,
                lang.pick(
                    format!("{}：拟授予 {} / 名额 {}", t.title.zh, ts.filled, t.quota),
                    format!(
                        "{}: {} proposed / {} places",
                        t.title.en, ts.filled, t.quota
                    ),
                ),
            ));
        }
    }
    let title = lang.pick(
        "总分与得分要求、名额",
        "Totals against thresholds and quotas",
    );
    // Dashed lines are drawn only for tiers with a threshold; say them only where there are.
    let dashed = part.policy.tiers.iter().any(|t| !t.threshold.is_zero());
    let caption = lang.pick(
        format!(
            "每条为一个排名内的{}，颜色为拟授奖项；{}横线为各奖项名额的止点。",
            part.policy.meta.applicant.zh,
            if dashed { "虚线为各奖项的得分要求（标准总分的百分比），" } else { "" }
        ),
        format!(
            "One bar per ranked applicant, coloured by proposed tier; {}solid lines where each tier's places end.",
            if dashed { "dashed lines are the tiers' thresholds (shares of the standard's total), " } else { "" }
        ),
    );
    format!(
        "<figure class=\"chart totals\">\n{}<figcaption>{caption}</figcaption>\n</figure>\n",
        bars(title, &rows, p.scoring.total, &marks, &breaks)
    )
}

/// The shortlist stage's scores of the eligible applicants against the cut-off.
fn cutoff_chart(part: &Part<'_, '_>, outcome: &Outcome<'_>, lang: Lang) -> String {
    let p = part.policy;
    let (Some(shortlist), Some(cut)) = (&p.shortlist, part.summary.shortlist_cutoff) else {
        return String::new();
    };
    let Some(i) = outcome.policy.stage_index(&shortlist.stage) else {
        return String::new();
    };
    let stage = p
        .stage(&shortlist.stage)
        .map_or(shortlist.stage.as_str(), |s| s.title.get(lang));
    let mut scored: Vec<(&Verdict<'_>, Decimal)> = part
        .verdicts
        .iter()
        .filter_map(|v| {
            v.applicant
                .scores
                .get(i)
                .copied()
                .flatten()
                .map(|s| (*v, s))
        })
        .filter(|(v, _)| v.eligibility.as_str() == "eligible")
        .collect();
    scored.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.applicant.id.cmp(&b.0.applicant.id))
    });
    let rows: Vec<(String, Decimal, Option<usize>)> = scored
        .iter()
        .map(|(v, s)| {
            let name = v.applicant.name.as_deref().unwrap_or(&v.applicant.id);
            (name.to_owned(), *s, v.shortlisted.then_some(0))
        })
        .collect();
    let marks = vec![(
        cut,
        lang.pick(
            format!("入围分数线 {}", show(cut)),
            format!("cut-off {}", show(cut)),
        ),
    )];
    let title = lang.pick(
        format!("{stage}得分与入围分数线"),
        format!("{stage} scores against the shortlist cut-off"),
    );
    let caption = lang.pick(
        format!("符合条件的{}按{stage}得分排列；蓝色为入围（入围名额 {}，与末位同分者是否入围由评委会确定）。", part.policy.meta.applicant.zh, shortlist.size),
        format!("Eligible applicants by {stage} score; blue bars are shortlisted ({} places, ties included).", shortlist.size),
    );
    format!(
        "<figure class=\"chart cutoff\">\n{}<figcaption>{}</figcaption>\n</figure>\n",
        bars(&title, &rows, p.scoring.total, &marks, &[]),
        escape(&caption)
    )
}

/// The ranking of a part: scores, total, tier (or why none), payout, flags.
fn ranking(part: &Part<'_, '_>, main: &Policy, lang: Lang) -> String {
    let p = part.policy;
    let mut listed: Vec<&&Verdict<'_>> = part.verdicts.iter().filter(|v| v.shortlisted).collect();
    listed.sort_by_key(|v| (v.rank.is_none(), v.rank, v.shortlist_rank));
    let mut headers: Vec<String> = vec![
        lang.pick("名次", "Rank").into(),
        lang.pick("编号", "Id").into(),
        p.meta.name_title.get(lang).to_owned(),
    ];
    headers.extend(p.stages.iter().map(|s| s.title.get(lang).to_owned()));
    let n = p.stages.len();
    headers.extend([
        lang.pick("总分", "Total").to_owned(),
        lang.pick("拟授奖项", "Proposed tier").to_owned(),
        lang.pick("奖励", "Payout").to_owned(),
        lang.pick("标记", "Flags").to_owned(),
    ]);
    let rows: Vec<(Option<&str>, Vec<String>)> = listed
        .iter()
        .map(|v| {
            let mut row = vec![
                v.rank.map_or_else(|| "—".into(), |r| r.to_string()),
                format!("<span class=\"id\">{}</span>", escape(&v.applicant.id)),
                escape(v.applicant.name.as_deref().unwrap_or("")),
            ];
            row.extend(p.stages.iter().map(|s| {
                main.stage_index(&s.id)
                    .and_then(|i| v.applicant.scores.get(i).copied().flatten())
                    .map_or_else(|| "—".into(), show)
            }));
            row.push(v.total.map_or_else(|| "—".into(), show));
            row.push(escape(&match v.tier {
                Some(t) => p.tiers[t].title.get(lang).to_owned(),
                None => no_tier(p, v, lang),
            }));
            row.push(match (v.tier, v.first_time) {
                (Some(t), _) if p.tiers[t].amount.is_zero() => "—".into(),
                (Some(_), Some(false)) => lang.pick("0（非首次）", "0 (repeat)").into(),
                (Some(t), _) => escape(&amount(v.payout, &p.tiers[t].currency, lang)),
                _ => "—".into(),
            });
            row.push(escape(
                &v.flags
                    .iter()
                    .map(|f| flag_word(f.as_str(), lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick("、", ", ")),
            ));
            (v.tier.map(|_| "tier"), row)
        })
        .collect();
    let numeric: Vec<usize> = std::iter::once(0)
        .chain(3..3 + n + 1)
        .chain([3 + n + 2])
        .collect();
    table(&headers, &numeric, &rows)
}

/// Eligible applicants without a place on the shortlist, each with the score the shortlist is
/// drawn on and its place by it (or that the score is missing): no applicant is left out of
/// the paper.
fn not_shortlisted(part: &Part<'_, '_>, main: &Policy, lang: Lang) -> String {
    let p = part.policy;
    let (ranked, pending): (Vec<&&Verdict<'_>>, Vec<&&Verdict<'_>>) = part
        .verdicts
        .iter()
        .filter(|v| v.eligibility == crate::eval::Eligibility::Eligible && !v.shortlisted)
        .partition(|v| v.shortlist_rank.is_some());
    let missing = crate::render::words::no_shortlist_score(p, lang);
    // Without the score the shortlist is drawn on, whether one is shortlisted is not yet known.
    let pending_title = lang.pick(
        format!("符合条件，能否入围待定（{missing}）"),
        format!("Eligible, shortlist pending ({missing})"),
    );
    let mut out = String::new();
    for (title, others) in [
        (
            lang.pick("符合条件但未入围", "Eligible, not shortlisted")
                .to_owned(),
            ranked,
        ),
        (pending_title, pending),
    ] {
        if !others.is_empty() {
            out.push_str(&others_table(&title, &others, part, main, lang));
        }
    }
    out
}

/// One table of eligible applicants off the shortlist, under `title`.
fn others_table(
    title: &str,
    others: &[&&Verdict<'_>],
    part: &Part<'_, '_>,
    main: &Policy,
    lang: Lang,
) -> String {
    let p = part.policy;
    let stage = p.shortlist.as_ref().map_or("", |s| s.stage.as_str());
    let headers = vec![
        lang.pick("编号", "Id").to_owned(),
        p.meta.name_title.get(lang).to_owned(),
        crate::render::words::shortlist_score(p, lang),
        lang.pick("名次", "Place").to_owned(),
    ];
    let rows: Vec<(Option<&str>, Vec<String>)> = others
        .iter()
        .map(|v| {
            let score = main
                .stage_index(stage)
                .and_then(|i| v.applicant.scores.get(i).copied().flatten());
            (
                None,
                vec![
                    format!("<span class=\"id\">{}</span>", escape(&v.applicant.id)),
                    escape(v.applicant.name.as_deref().unwrap_or("")),
                    score.map_or_else(
                        || escape(&crate::render::words::no_shortlist_score(p, lang)),
                        show,
                    ),
                    v.shortlist_rank
                        .map_or_else(|| "—".into(), |r| r.to_string()),
                ],
            )
        })
        .collect();
    format!(
        "<h3>{}（{}）</h3>\n{}",
        escape(title),
        others.len(),
        table(&headers, &[2, 3], &rows)
    )
}

/// Every applicant not eligible, with each failed or undetermined condition: article,
/// condition, result and reason.
fn excluded(outcome: &Outcome<'_>, lang: Lang) -> String {
    let mut out = String::new();
    for (status, title) in [
        (Status::Fail, lang.pick("不符合申报条件", "Ineligible")),
        (
            Status::Undetermined,
            lang.pick("资格待定（数据不全）", "Undetermined (incomplete data)"),
        ),
    ] {
        let wanted = if status == Status::Fail {
            "ineligible"
        } else {
            "undetermined"
        };
        let group: Vec<&Verdict<'_>> = outcome
            .verdicts
            .iter()
            .filter(|v| v.eligibility.as_str() == wanted)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h2>{}（{}）</h2>", escape(title), group.len());
        let headers: Vec<String> = [
            lang.pick("编号", "Id"),
            outcome.policy.meta.name_title.get(lang),
            lang.pick("条文", "Article"),
            lang.pick("条件", "Condition"),
            lang.pick("结果", "Result"),
            lang.pick("理由", "Reason"),
        ]
        .map(str::to_owned)
        .to_vec();
        let mut rows = Vec::new();
        for v in group {
            let p = outcome.policy_for(v);
            let records = v.applicant.records.as_deref().unwrap_or(&[]);
            for (c, s, clauses) in v.by_condition(p) {
                if !matches!(s, Status::Fail | Status::Undetermined) {
                    continue;
                }
                let class = if s == Status::Fail {
                    "fail"
                } else {
                    "undetermined"
                };
                rows.push((
                    None,
                    vec![
                        format!("<span class=\"id\">{}</span>", escape(&v.applicant.id)),
                        escape(v.applicant.name.as_deref().unwrap_or("")),
                        format!(
                            "<span class=\"cite\">{}</span>",
                            escape(&c.cite.shown(lang))
                        ),
                        escape(c.title.get(lang)),
                        format!(
                            "<span class=\"{class}\">{}</span>",
                            status_word(s.as_str(), lang)
                        ),
                        format!(
                            "{}{}",
                            escape(&reason::condition_reason(
                                c,
                                s,
                                clauses,
                                records,
                                &outcome.cohort.cycle,
                                lang,
                            )),
                            // A conclusion that rests on a reading says so; the readings are
                            // listed at the end of the paper.
                            if crate::render::readings::rests_on_a_reading(c, clauses) {
                                format!(
                                    " <span class=\"reading\">{}</span>",
                                    lang.pick("（依本规则读法）", "(by this policy's reading)")
                                )
                            } else {
                                String::new()
                            }
                        ),
                    ],
                ));
            }
        }
        out.push_str(&table(&headers, &[], &rows));
    }
    out
}

/// The counts and each tier's places, payout and notice.
fn summary(outcome: &Outcome<'_>, lang: Lang) -> String {
    let s = &outcome.summary;
    let mut rows: Vec<(Option<&str>, Vec<String>)> = [
        (lang.pick("申报", "Applicants"), s.applicants),
        (lang.pick("符合条件", "Eligible"), s.eligible),
        (lang.pick("不符合", "Ineligible"), s.ineligible),
        (lang.pick("资格待定", "Undetermined"), s.undetermined),
        (lang.pick("入围", "Shortlisted"), s.shortlisted),
    ]
    .iter()
    // Where no procedure has a shortlist, there is nothing to call 入围.
    .filter(|(l, _)| {
        *l != lang.pick("入围", "Shortlisted")
            || parts(outcome).iter().any(|p| p.policy.shortlist.is_some())
    })
    .map(|(l, n)| (None, vec![escape(l), n.to_string()]))
    .collect();
    for part in parts(outcome) {
        for (t, ts) in part.policy.tiers.iter().zip(&part.summary.tiers) {
            let title = part.title.map_or_else(
                || t.title.clone(),
                |c| crate::render::words::with_category(&t.title, c),
            );
            let held = if ts.held > 0 {
                lang.pick(
                    format!("，待评委会决定 {}", ts.held),
                    format!(", {} for the committee", ts.held),
                )
            } else {
                String::new()
            };
            rows.push((
                None,
                vec![
                    escape(title.get(lang)),
                    escape(&lang.pick(
                        format!(
                            "拟授予 {} / 名额 {}，空缺 {}{held}；{}；{}",
                            ts.filled,
                            t.quota,
                            ts.vacant - ts.held,
                            threshold_words(t, lang),
                            first_time_words(t, lang)
                        ),
                        format!(
                            "{} proposed / {} places, {} vacant{held}; {}; {}",
                            ts.filled,
                            t.quota,
                            ts.vacant - ts.held,
                            threshold_words(t, lang),
                            first_time_words(t, lang)
                        ),
                    )),
                ],
            ));
        }
    }
    for line in crate::render::words::joint_caps(outcome, lang) {
        let (what, rest) = line
            .split_once(lang.pick("：", ": "))
            .unwrap_or((line.as_str(), ""));
        rows.push((None, vec![escape(what), escape(rest)]));
    }
    if crate::render::words::pays(outcome.policy) {
        rows.push((
            None,
            vec![
                escape(lang.pick("奖励合计", "Total payout")),
                escape(&amount(
                    s.payout_total,
                    crate::render::words::currency(outcome.policy),
                    lang,
                )),
            ],
        ));
    }
    if let Some((start, end)) = outcome.publicity {
        rows.push((
            None,
            vec![
                escape(lang.pick("公示期", "Public notice")),
                escape(&lang.pick(
                    format!(
                        "{}至{}（{}）",
                        start.zh(),
                        end.zh(),
                        outcome.policy.publicity.length().zh
                    ),
                    format!(
                        "{start} to {end} ({})",
                        outcome.policy.publicity.length().en
                    ),
                )),
            ],
        ));
    }
    let headers = vec![
        lang.pick("项目", "Item").to_owned(),
        lang.pick("内容", "Value").to_owned(),
    ];
    table(&headers, &[], &rows)
}

/// The paper.
pub fn render(outcome: &Outcome<'_>, source: &Source<'_>, lang: Lang) -> String {
    let p = outcome.policy;
    let mut body = String::new();
    let ws: Vec<String> = outcome
        .warnings
        .iter()
        .map(|w| w.get(lang).to_owned())
        .collect();
    body.push_str(&warnings(lang, &ws));
    let _ = writeln!(
        body,
        "<h2 class=\"first\">{}</h2>",
        lang.pick("汇总", "Summary")
    );
    body.push_str(&summary(outcome, lang));
    // What follows the lists is the policy's to say, in its text's words and articles.
    let _ = writeln!(
        body,
        "<p>{}{}</p>",
        escape(lang.pick(
            "以上为按本规则版本得出的候选名单（拟授予）。",
            "These are candidate lists under this policy (proposed). ",
        )),
        escape(p.meta.next_steps.as_ref().map_or("", |t| t.get(lang)))
    );
    for part in parts(outcome) {
        let of = part
            .title
            .map(|t| format!(" — {}", t.get(lang)))
            .unwrap_or_default();
        let cite = p
            .shortlist
            .as_ref()
            .and_then(|s| s.cite.as_ref())
            .map(|c| format!(" <span class=\"cite\">{}</span>", escape(&c.shown(lang))))
            .unwrap_or_default();
        let _ = writeln!(
            body,
            "<h2>{}{}{cite}</h2>",
            if part.policy.shortlist.is_some() {
                lang.pick("入围名单与排名", "Shortlist and ranking")
            } else {
                lang.pick("排名", "Ranking")
            },
            escape(&of)
        );
        body.push_str(&totals_chart(&part, lang));
        body.push_str(&ranking(&part, p, lang));
        body.push_str(&not_shortlisted(&part, p, lang));
        body.push_str(&cutoff_chart(&part, outcome, lang));
    }
    if let Some(panels) = source.panels {
        body.push_str(&super::panels::section(outcome, panels, lang));
    }
    body.push_str(&excluded(outcome, lang));
    body.push_str(&crate::render::readings::applied_html(
        p,
        lang,
        outcome.cohort.scored_by_panels,
    ));
    body.push_str(source.appendix);
    let year = outcome.cohort.cycle.year;
    let title = lang.pick(
        format!("{year}年度{}初步评审结果（候选名单）", p.meta.award_name.zh),
        format!(
            "{}, {year}: preliminary results (candidate lists)",
            p.meta.award_name.en
        ),
    );
    page(lang, &title, &header(outcome, source, lang), &body)
}
