//! The committee paper's pictures: the totals of the ranked applicants against the tiers'
//! thresholds and quotas, and the shortlist stage's scores against the cut-off, as inline SVG
//! bars whose lines sit where their values put them.

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::page::escape;
use crate::decimal::show;
use crate::diag::Lang;
use crate::eval::{Outcome, Verdict};
use crate::render::table::Part;

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
pub(super) fn totals_chart(part: &Part<'_, '_>, lang: Lang) -> String {
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
pub(super) fn cutoff_chart(part: &Part<'_, '_>, outcome: &Outcome<'_>, lang: Lang) -> String {
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
