//! The year's outcome as a paper for the committee: which documents and data it rests on, the
//! summary, a picture of the totals against the thresholds and quotas (and of the shortlist
//! stage's scores against the cut-off), the ranking with tiers, and every ineligible or
//! undetermined applicant with the cited reasons.

use std::fmt::Write as _;

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
        body.push_str(&super::charts::totals_chart(&part, lang));
        body.push_str(&ranking(&part, p, lang));
        body.push_str(&not_shortlisted(&part, p, lang));
        body.push_str(&super::charts::cutoff_chart(&part, outcome, lang));
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
