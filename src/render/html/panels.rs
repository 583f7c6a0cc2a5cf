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
                row.push(format!(
                    "{}<div class=\"spread-note\">{}</div>",
                    strip(j, lo, hi, &label),
                    escape(&lang.pick(
                        format!("{score} · 极差 {spread} · {n} 人计入{recused}"),
                        format!("{score} · spread {spread} · {n} counted{recused}"),
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
            "每个点为一位评审员的总分（评审员只以编号标识，见点的提示）；红线为评审组得分；空心点为按规则去掉的最高分和最低分；× 为不计的评分（如被取消资格）；灰色粗线为计入的最低至最高分。同一列的刻度相同。",
            "Each dot is one reviewer's total (reviewers are known by id only, in the dot's tooltip); the red line is the panel's score; hollow dots are the highest and lowest the rule set aside; × marks scores that do not count (a disqualified reviewer's); the thick grey line runs from the lowest to the highest total that counts. A column shares one scale."
        ))
    );
    out.push_str(&table(&headers, &[0], &rows));
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
        let _ = writeln!(
            out,
            "<h3>{} <span class=\"cite\">{}</span></h3>\n<p class=\"note\">{}</p>",
            escape(stage.title.get(lang)),
            escape(&cite),
            escape(&lang.pick(
                format!("评审组按“{}”评分", criteria.title.zh),
                format!("a panel scores by “{}”", criteria.title.en)
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
                let note = match (&s.dropped, &s.note) {
                    (Some(d), _) => {
                        lang.pick(format!("不计：{}", d.zh), format!("not counted: {}", d.en))
                    }
                    (None, Some(n)) => {
                        lang.pick(format!("计入：{}", n.zh), format!("counted: {}", n.en))
                    }
                    (None, None) => String::new(),
                };
                row.push(escape(&note));
                (s.dropped.as_ref().map(|_| "old"), row)
            })
            .collect();
        out.push_str(&table(&headers, &numeric, &rows));
        // The words of the text explanation: who stepped aside, the arithmetic, the readings.
        let words = crate::render::reviews::one(j, policy, lang);
        for line in words.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let _ = writeln!(out, "<p>{}</p>", escape(line));
        }
    }
    out
}
