//! The panels' spread on the committee's paper (`eval --reviews --format html`): for each
//! shortlisted applicant, in rank order, a small strip per stage a panel scored — each
//! reviewer's total a dot (reviewers by id only, in the dot's tooltip), the totals the
//! aggregation set aside hollow, those that do not count a cross, the panel's score a red line
//! — beside the score and the spread (highest less lowest of the totals that count).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::page::{escape, table};
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::Outcome;
use crate::reviews::panel::Judged;
use crate::reviews::Panels;

const W: f64 = 200.0;
const H: f64 = 26.0;
const PAD: f64 = 6.0;

fn f(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

/// One strip on the `lo..hi` scale shared by the stage's column.
fn strip(j: &Judged, lo: f64, hi: f64, label: &str) -> String {
    let x = |v: Decimal| PAD + (W - 2.0 * PAD) * ((f(v) - lo) / (hi - lo).max(1.0)).clamp(0.0, 1.0);
    let mid = H / 2.0;
    let mut svg = format!(
        "<svg class=\"spread\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" aria-label=\"{}\">",
        escape(label)
    );
    let _ = write!(
        svg,
        "<line x1=\"{PAD}\" y1=\"{mid}\" x2=\"{:.1}\" y2=\"{mid}\" stroke=\"#d0d4da\"/>",
        W - PAD
    );
    let counted: Vec<Decimal> = j.counted.iter().map(|(t, _)| *t).collect();
    if let (Some(a), Some(b)) = (counted.first(), counted.last()) {
        let _ = write!(
            svg,
            "<line class=\"range\" x1=\"{:.1}\" y1=\"{mid}\" x2=\"{:.1}\" y2=\"{mid}\" stroke=\"#8a94a3\" stroke-width=\"3\"/>",
            x(*a),
            x(*b)
        );
    }
    for s in &j.sheets {
        let t = s.total();
        let tip = format!("{} {}", s.reviewer, show(t));
        if s.dropped.is_some() {
            let (cx, d) = (x(t), 3.5);
            let _ = write!(
                svg,
                "<g class=\"dropped\" data-total=\"{}\"><title>{}</title><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#9aa1ab\" stroke-width=\"1.5\"/><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#9aa1ab\" stroke-width=\"1.5\"/></g>",
                show(t),
                escape(&tip),
                cx - d,
                mid - d,
                cx + d,
                mid + d,
                cx - d,
                mid + d,
                cx + d,
                mid - d
            );
            continue;
        }
        let aside = j.counted.iter().any(|(v, set_aside)| *set_aside && *v == t);
        let fill = if aside { "#ffffff" } else { "#2f6fb5" };
        let _ = write!(
            svg,
            "<circle class=\"reviewer\" data-total=\"{}\" cx=\"{:.1}\" cy=\"{mid}\" r=\"3.5\" fill=\"{fill}\" stroke=\"#2f6fb5\" stroke-width=\"1.2\" fill-opacity=\"0.8\"><title>{}</title></circle>",
            show(t),
            x(t),
            escape(&tip)
        );
    }
    if let Some(s) = j.score {
        let _ = write!(
            svg,
            "<line class=\"score\" data-value=\"{}\" x1=\"{:.1}\" y1=\"3\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#b42318\" stroke-width=\"2\"/>",
            show(s),
            x(s),
            x(s),
            H - 3.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The section, or nothing when no applicant's score was made by a panel.
pub(crate) fn section(outcome: &Outcome<'_>, panels: &Panels, lang: Lang) -> String {
    let policy = outcome.policy;
    let stages: Vec<usize> = (0..policy.stages.len())
        .filter(|st| panels.judged.keys().any(|(_, s)| s == st))
        .collect();
    let mut shortlisted: Vec<(usize, u32)> = outcome
        .verdicts
        .iter()
        .enumerate()
        .filter(|(_, v)| v.shortlisted)
        .map(|(i, v)| (i, v.rank.or(v.shortlist_rank).unwrap_or(u32::MAX)))
        .collect();
    if stages.is_empty() || shortlisted.is_empty() {
        return String::new();
    }
    shortlisted.sort_by_key(|&(i, rank)| (rank, i));
    // Each stage's column shares one scale: the lowest and highest total of its panels, with
    // a margin, so that the strips can be compared down the column.
    let scale = |st: usize| {
        let all: Vec<f64> = panels
            .judged
            .iter()
            .filter(|((a, s), _)| *s == st && shortlisted.iter().any(|(i, _)| i == a))
            .flat_map(|(_, j)| j.sheets.iter().map(|s| f(s.total())))
            .collect();
        let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let margin = ((hi - lo) * 0.05).max(5.0);
        (lo - margin, hi + margin)
    };
    let scales: Vec<(f64, f64)> = stages.iter().map(|&st| scale(st)).collect();
    let mut headers = vec![
        lang.pick("名次", "Rank").to_owned(),
        lang.pick("编号", "Id").to_owned(),
    ];
    headers.extend(stages.iter().map(|&st| {
        let t = &policy.stages[st].title;
        lang.pick(format!("{}（评审组）", t.zh), format!("{} (panel)", t.en))
    }));
    let rows: Vec<(Option<&str>, Vec<String>)> = shortlisted
        .iter()
        .map(|&(i, rank)| {
            let v = &outcome.verdicts[i];
            let mut row = vec![
                if rank == u32::MAX {
                    "—".to_owned()
                } else {
                    rank.to_string()
                },
                format!("<span class=\"id\">{}</span>", escape(&v.applicant.id)),
            ];
            for (k, &st) in stages.iter().enumerate() {
                let Some(j) = panels.judged.get(&(i, st)) else {
                    row.push(escape(lang.pick("（填写的得分）", "(typed score)")));
                    continue;
                };
                let (lo, hi) = scales[k];
                let label = format!("{} {}", v.applicant.id, policy.stages[st].title.get(lang));
                let spread = match (j.counted.first(), j.counted.last()) {
                    (Some((a, _)), Some((b, _))) => show(*b - *a),
                    _ => "—".to_owned(),
                };
                let score = j
                    .score
                    .map_or_else(|| lang.pick("无法确定", "undetermined").to_owned(), show);
                let n = j.counted.len();
                let recused = if j.recused.is_empty() {
                    String::new()
                } else {
                    lang.pick(
                        format!("，{}回避", j.recused.join("、")),
                        format!(", {} stepped aside", j.recused.join(", ")),
                    )
                };
                // The highest and lowest totals that count, by reviewer, so a reviewer far
                // from the others is seen on paper (ids only).
                let counted: Vec<&crate::reviews::panel::Sheet> =
                    j.sheets.iter().filter(|s| s.dropped.is_none()).collect();
                let ends = match (
                    counted.iter().max_by_key(|s| s.total()),
                    counted.iter().min_by_key(|s| s.total()),
                ) {
                    (Some(h), Some(l)) if counted.len() > 1 => lang.pick(
                        format!(
                            " · 最高 {} {} · 最低 {} {}",
                            h.reviewer,
                            show(h.total()),
                            l.reviewer,
                            show(l.total())
                        ),
                        format!(
                            " · highest {} {} · lowest {} {}",
                            h.reviewer,
                            show(h.total()),
                            l.reviewer,
                            show(l.total())
                        ),
                    ),
                    _ => String::new(),
                };
                row.push(format!(
                    "{}<div class=\"spread-note\">{}</div>",
                    strip(j, lo, hi, &label),
                    escape(&lang.pick(
                        format!("{score} · 极差 {spread} · {n} 人计入{recused}{ends}"),
                        format!("{score} · spread {spread} · {n} counted{recused}{ends}"),
                    ))
                ));
            }
            (None, row)
        })
        .collect();
    let mut out = format!(
        "<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        escape(lang.pick("评审组评分的离散", "How far the panels' reviewers agreed")),
        escape(lang.pick(
            "每个点为一位评审员的总分（评审员只以编号标识）；红线为评审组得分；空心点为按规则去掉的最高分和最低分；× 为不计的评分（如被取消资格）；灰色粗线为计入的最低至最高分。同一列的刻度相同。每格下注明得分、极差、计入人数和最高、最低分的评审员；极差大的，名次可能取决于个别评审员。",
            "Each dot is one reviewer's total (reviewers are known by id only); the red line is the panel's score; hollow dots are the highest and lowest the rule set aside; × marks scores that do not count (a disqualified reviewer's); the thick grey line runs from the lowest to the highest total that counts. A column shares one scale. Under each strip: the score, the spread, how many count, and the reviewers of the highest and lowest totals; where the spread is wide, a place may rest on one reviewer."
        ))
    );
    // Each stage's rule, whose it is, and the scale of its column.
    out.push_str("<ul class=\"rules\">\n");
    for (k, &st) in stages.iter().enumerate() {
        let stage = &policy.stages[st];
        let Some(panel) = panels
            .judged
            .iter()
            .find(|((_, s), _)| *s == st)
            .map(|(_, j)| &j.panel)
        else {
            continue;
        };
        let (lo, hi) = scales[k];
        let _ = writeln!(
            out,
            "<li>{}</li>",
            escape(&lang.pick(
                format!(
                    "{}：{}；刻度 {:.0}–{:.0}",
                    stage.title.zh,
                    crate::render::reviews::rule(policy, stage, panel, lang),
                    lo,
                    hi
                ),
                format!(
                    "{}: {}; scale {:.0}–{:.0}",
                    stage.title.en,
                    crate::render::reviews::rule(policy, stage, panel, lang),
                    lo,
                    hi
                ),
            ))
        );
    }
    out.push_str("</ul>\n");
    out.push_str(&table(&headers, &[0], &rows));
    // Who does not count, and who stepped aside, with why and the article: on paper, not only
    // in the tooltips.
    let mut not_counted: Vec<(String, String, usize)> = Vec::new();
    let mut stepped: Vec<(String, Vec<String>)> = Vec::new();
    for ((a, _), j) in &panels.judged {
        for s in j.sheets.iter() {
            if let Some(why) = &s.dropped {
                match not_counted.iter_mut().find(|(r, _, _)| *r == s.reviewer) {
                    Some((_, _, n)) => *n += 1,
                    None => not_counted.push((s.reviewer.clone(), why.get(lang).to_owned(), 1)),
                }
            }
        }
        for r in &j.recused {
            let id = outcome.cohort.applicants[*a].id.clone();
            match stepped.iter_mut().find(|(x, _)| x == r) {
                Some((_, ids)) if !ids.contains(&id) => ids.push(id),
                Some(_) => {}
                None => stepped.push((r.clone(), vec![id])),
            }
        }
    }
    if !not_counted.is_empty() || !stepped.is_empty() {
        out.push_str("<ul class=\"rules\">\n");
        for (r, why, n) in &not_counted {
            let _ = writeln!(
                out,
                "<li>{}</li>",
                escape(&lang.pick(
                    format!("{r} 的 {n} 份评分表不计：{why}"),
                    format!("{r}'s {n} sheet(s) do not count: {why}")
                ))
            );
        }
        let cite = policy
            .reviewers
            .as_ref()
            .and_then(|x| x.conflict_cite.as_ref())
            .map(|c| c.render(lang));
        for (r, ids) in &stepped {
            let c = cite.clone().map_or_else(String::new, |c| {
                lang.pick(format!("（{c}）"), format!(" ({c})"))
            });
            let _ = writeln!(
                out,
                "<li>{}</li>",
                escape(&lang.pick(
                    format!(
                        "{r} 声明与 {} 有利害关系，回避，未为其评分{c}",
                        ids.join("、")
                    ),
                    format!(
                        "{r} declared a conflict with {} and stepped aside{c}",
                        ids.join(", ")
                    )
                ))
            );
        }
        out.push_str("</ul>\n");
    }
    out
}

/// One applicant's panels for its explanation paper: per stage, a table of each reviewer's
/// points by criterion (reviewers by id), who stepped aside and who does not count and why,
/// then the arithmetic as `explain` says it.
pub(crate) fn explained(
    panels: &Panels,
    policy: &crate::policy::Policy,
    index: usize,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let mut first = true;
    for ((a, st), j) in &panels.judged {
        if *a != index {
            continue;
        }
        let stage = &policy.stages[*st];
        let criteria = &policy.criteria[j.panel.criteria];
        if first {
            let _ = writeln!(
                out,
                "<h2>{}</h2>",
                escape(lang.pick("评审组评分", "The panels' scores"))
            );
            first = false;
        }
        let cite = stage
            .cite
            .as_ref()
            .map(|c| c.shown(lang))
            .unwrap_or_default();
        let rule = crate::render::reviews::rule(policy, stage, &j.panel, lang);
        // A stage's panel is kept on one page where it fits.
        let _ = writeln!(
            out,
            "<section class=\"panel\">\n<h3>{} <span class=\"cite\">{}</span></h3>\n<p class=\"note\">{}</p>",
            escape(stage.title.get(lang)),
            escape(&cite),
            escape(&lang.pick(
                format!("评审组按“{}”评分；汇总：{rule}", criteria.title.zh),
                format!("a panel scores by “{}”; combined as: {rule}", criteria.title.en)
            ))
        );
        let mut headers = vec![lang.pick("评审员", "Reviewer").to_owned()];
        headers.extend(
            criteria
                .items
                .iter()
                .map(|(_, t, m)| format!("{}（{}）", t.get(lang), show(*m))),
        );
        headers.push(lang.pick("总分", "Total").to_owned());
        headers.push(lang.pick("说明", "Note").to_owned());
        let numeric: Vec<usize> = (1..=criteria.items.len() + 1).collect();
        let rows: Vec<(Option<&str>, Vec<String>)> = j
            .sheets
            .iter()
            .map(|s| {
                let mut row = vec![format!("<span class=\"id\">{}</span>", escape(&s.reviewer))];
                row.extend(s.points.iter().map(|p| show(*p)));
                row.push(show(s.total()));
                // Short in the table; why, under it.
                let note = match (&s.dropped, &s.note) {
                    (Some(_), _) => lang.pick("不计（见下）", "not counted (below)"),
                    (None, Some(_)) => lang.pick("计入（见下）", "counted (below)"),
                    (None, None) => "",
                };
                row.push(escape(note));
                (s.dropped.as_ref().map(|_| "old"), row)
            })
            .collect();
        out.push_str(&table(&headers, &numeric, &rows));
        for s in &j.sheets {
            let why = match (&s.dropped, &s.note) {
                (Some(d), _) => lang.pick(
                    format!("{} 不计：{}", s.reviewer, d.zh),
                    format!("{} not counted: {}", s.reviewer, d.en),
                ),
                (None, Some(n)) => lang.pick(
                    format!("{} 计入：{}", s.reviewer, n.zh),
                    format!("{} counted: {}", s.reviewer, n.en),
                ),
                (None, None) => continue,
            };
            let _ = writeln!(out, "<p>{}</p>", escape(&why));
        }
        // The words of the text explanation: who stepped aside, the arithmetic.
        let words = crate::render::reviews::one(j, policy, lang);
        for line in words.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let _ = writeln!(out, "<p>{}</p>", escape(line));
        }
        out.push_str("</section>\n");
    }
    out
}
