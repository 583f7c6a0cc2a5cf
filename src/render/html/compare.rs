//! Two outcomes compared, as a paper: who moves between tiers (a picture), each applicant
//! whose outcome changes with the reasons, and the places per tier — for `whatif`, `compare`
//! and the impact part of `diff`.

use std::fmt::Write as _;

use super::page::{escape, notes, page, table};
use crate::compare::{Change, Comparison};
use crate::diag::{Lang, Text};
use crate::render::words::eligibility_word;

/// Where an applicant stands for the picture: its tier, else shortlisted, eligible or not.
fn standing(s: &crate::compare::Snapshot, tier: Option<&Text>, lang: Lang) -> String {
    match tier {
        Some(t) => t.get(lang).to_owned(),
        None if s.shortlisted => lang
            .pick("入围，未列入候选名单", "shortlisted, no tier")
            .to_owned(),
        None => eligibility_word(s.eligibility, lang).to_owned(),
    }
}

/// The mark of the `k`th move (0-based): ①, ②, … then (21), (22), ….
fn mark(k: usize) -> String {
    u32::try_from(k)
        .ok()
        .filter(|k| *k < 20)
        .and_then(|k| char::from_u32(0x2460 + k))
        .map_or_else(|| format!("({})", k + 1), String::from)
}

/// Who moves between tiers: the standings before on the left, after on the right, a line per
/// move marked ①, ② … with how many make it, each mark at its own place along the lines so
/// that none overlaps another; the names are listed under the picture, by mark.
fn movement(changes: &[&Change], lang: Lang) -> String {
    // One line per move, with every applicant that makes it.
    let mut moves: Vec<(String, String, Vec<String>)> = Vec::new();
    for ch in changes {
        let a = standing(&ch.before, ch.tier_titles.0.as_ref(), lang);
        let b = standing(&ch.after, ch.tier_titles.1.as_ref(), lang);
        if a == b {
            continue;
        }
        let name = ch.name.clone().unwrap_or_else(|| ch.id.clone());
        match moves.iter_mut().find(|(x, y, _)| *x == a && *y == b) {
            Some((_, _, names)) => names.push(name),
            None => moves.push((a, b, vec![name])),
        }
    }
    if moves.is_empty() {
        return String::new();
    }
    let mut left: Vec<&str> = Vec::new();
    let mut right: Vec<&str> = Vec::new();
    for (a, b, _) in &moves {
        if !left.contains(&a.as_str()) {
            left.push(a);
        }
        if !right.contains(&b.as_str()) {
            right.push(b);
        }
    }
    let (width, boxw, row) = (860.0_f64, 210.0_f64, 44.0_f64);
    #[allow(clippy::cast_precision_loss)]
    let height = 40.0 + row * (left.len().max(right.len()) as f64);
    #[allow(clippy::cast_precision_loss)]
    let y_of =
        |list: &[&str], s: &str| 40.0 + row * list.iter().position(|x| *x == s).unwrap_or(0) as f64;
    let mut svg = format!(
        "<figure class=\"chart moves\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {width} {height:.0}\" width=\"100%\" aria-label=\"{}\">\n",
        escape(lang.pick("奖项间的移动", "Moves between tiers"))
    );
    let _ = writeln!(
        svg,
        "<text x=\"4\" y=\"20\" font-size=\"12\" fill=\"#555\">{}</text><text x=\"{:.0}\" y=\"20\" font-size=\"12\" fill=\"#555\" text-anchor=\"end\">{}</text>",
        lang.pick("变化前", "Before"),
        width - 4.0,
        lang.pick("变化后", "After")
    );
    for (list, x) in [(&left, 4.0), (&right, width - boxw - 4.0)] {
        for s in list.iter() {
            let y = y_of(list, s);
            // A standing's name fits the box: up to 28 columns of display at 12px (a Chinese
            // character takes two, a Latin letter one), else at 10px, cut at 34.
            let (shown, size) = if columns(s) <= 28 {
                (s.to_string(), 12)
            } else {
                (fit(s, 34), 10)
            };
            let _ = writeln!(
                svg,
                "<rect x=\"{x}\" y=\"{y:.0}\" width=\"{boxw}\" height=\"30\" rx=\"4\" fill=\"#eef2f7\" stroke=\"#8a94a3\"/><text x=\"{:.0}\" y=\"{:.0}\" font-size=\"{size}\" text-anchor=\"middle\">{}</text>",
                x + boxw / 2.0,
                y + 19.0,
                escape(&shown)
            );
        }
    }
    let (x1, x2) = (4.0 + boxw, width - boxw - 4.0);
    #[allow(clippy::cast_precision_loss)]
    let n = moves.len() as f64;
    for (k, (a, b, names)) in moves.iter().enumerate() {
        let (y1, y2) = (y_of(&left, a) + 15.0, y_of(&right, b) + 15.0);
        // The mark sits at its own fraction of the way, so marks never share a place.
        #[allow(clippy::cast_precision_loss)]
        let t = (k as f64 + 1.0) / (n + 1.0);
        let (mx, my) = (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t);
        let label = match lang {
            Lang::En => format!("{} {}", mark(k), names.len()),
            _ => format!("{} {}个", mark(k), names.len()),
        };
        let _ = writeln!(
            svg,
            "<line class=\"move\" x1=\"{x1}\" y1=\"{y1:.0}\" x2=\"{x2}\" y2=\"{y2:.0}\" stroke=\"#2f6fb5\" stroke-width=\"1.5\"/><rect x=\"{:.0}\" y=\"{:.0}\" width=\"44\" height=\"16\" rx=\"3\" fill=\"#fff\" stroke=\"#2f6fb5\"/><text class=\"move-mark\" x=\"{mx:.0}\" y=\"{:.0}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1d4f86\">{}</text>",
            mx - 22.0,
            my - 8.0,
            my + 4.0,
            escape(&label)
        );
    }
    svg.push_str("</svg>\n");
    let _ = writeln!(
        svg,
        "<figcaption>{}</figcaption>\n<ol class=\"moves\">",
        escape(lang.pick(
            "每条线为一种结果变化（左为变化前，右为变化后），标出个数；名单如下。",
            "One line per change of outcome (before on the left, after on the right), with how many make it; the names follow."
        ))
    );
    for (k, (a, b, names)) in moves.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<li>{} {} → {}：{}</li>",
            mark(k),
            escape(a),
            escape(b),
            escape(&names.join(lang.pick("、", ", ")))
        );
    }
    svg.push_str("</ol>\n</figure>\n");
    svg
}

/// The impact on a cohort: a row per applicant whose outcome changes.
pub(crate) fn impact(c: &Comparison, lang: Lang) -> String {
    let headers: Vec<String> = [
        lang.pick("编号", "Id"),
        lang.pick("名称", "Name"),
        lang.pick("原结果", "Before"),
        lang.pick("新结果", "After"),
        lang.pick("原因", "Why"),
    ]
    .map(str::to_owned)
    .to_vec();
    let state = |s: &crate::compare::Snapshot, tier: Option<&crate::diag::Text>| {
        let mut parts = vec![eligibility_word(s.eligibility, lang).to_owned()];
        if let Some(r) = s.rank {
            parts.push(lang.pick(format!("第{r}名"), format!("rank {r}")));
        }
        if let Some(t) = &s.total {
            parts.push(lang.pick(format!("总分{t}"), format!("total {t}")));
        }
        if let Some(t) = tier {
            parts.push(t.get(lang).to_owned());
        }
        parts.push(money(&s.payout, lang));
        escape(&parts.join(" · "))
    };
    let (main, minor): (Vec<_>, Vec<_>) = c
        .changes
        .iter()
        .partition(|ch| crate::render::compare::decisive(ch));
    let rows: Vec<(Option<&str>, Vec<String>)> = main
        .iter()
        .map(|ch| {
            let why: Vec<String> = ch.why.iter().map(|w| escape(w.get(lang))).collect();
            (
                None,
                vec![
                    format!("<span class=\"id\">{}</span>", escape(&ch.id)),
                    escape(ch.name.as_deref().unwrap_or("")),
                    state(&ch.before, ch.tier_titles.0.as_ref()),
                    state(&ch.after, ch.tier_titles.1.as_ref()),
                    why.join("<br>"),
                ],
            )
        })
        .collect();
    let mut out = movement(&main, lang);
    out.push_str(&table(&headers, &[], &rows));
    if !minor.is_empty() {
        let ids: Vec<&str> = minor.iter().map(|ch| ch.id.as_str()).collect();
        let _ = writeln!(
            out,
            "<p>{}</p>",
            escape(&lang.pick(
                format!(
                    "其余 {} 个{}仅排名或总分变化，结果不变：{}。",
                    minor.len(),
                    c.applicant.zh,
                    ids.join("、")
                ),
                format!(
                    "{} other(s) only moved in rank or total, with the same outcome: {}.",
                    minor.len(),
                    ids.join(", ")
                )
            ))
        );
    }
    let tiers: Vec<(Option<&str>, Vec<String>)> = c
        .tiers
        .iter()
        .map(|t| {
            let name = t.title.as_ref().map_or(t.tier.as_str(), |x| x.get(lang));
            (
                None,
                vec![
                    escape(name),
                    format!("{} / {} / {}", t.filled.0, t.quota.0, t.vacant.0),
                    format!("{} / {} / {}", t.filled.1, t.quota.1, t.vacant.1),
                ],
            )
        })
        .collect();
    let heads = vec![
        lang.pick("奖项", "Tier").to_owned(),
        lang.pick(
            "原：拟授予 / 名额 / 空缺",
            "Before: proposed / places / vacant",
        )
        .to_owned(),
        lang.pick(
            "新：拟授予 / 名额 / 空缺",
            "After: proposed / places / vacant",
        )
        .to_owned(),
    ];
    out.push_str(&table(&heads, &[], &tiers));
    // Both sides in one unit, unless one is none at all.
    let (a, b) = match (
        crate::decimal::parse(&c.payout_total.0),
        crate::decimal::parse(&c.payout_total.1),
    ) {
        (Ok(x), Ok(y)) if !x.is_zero() && !y.is_zero() => {
            crate::render::words::amount_pair(x, y, "CNY", lang)
        }
        _ => (
            money(&c.payout_total.0, lang),
            money(&c.payout_total.1, lang),
        ),
    };
    let _ = writeln!(
        out,
        "<p class=\"payout\"><strong>{}</strong>{}{}</p>",
        escape(lang.pick("奖励合计", "Total payout")),
        lang.pick("：", ": "),
        escape(&if a == b {
            lang.pick(format!("{a}（不变）"), format!("{a} (unchanged)"))
        } else {
            format!("{a} → {b}")
        })
    );
    out
}

/// An amount of money as the papers write it (20万元; 无奖励 for none).
fn money(d: &str, lang: Lang) -> String {
    match crate::decimal::parse(d) {
        Ok(v) if v.is_zero() => lang.pick("无奖励", "no payout").to_owned(),
        Ok(v) => crate::words::amount(v, "CNY", lang),
        Err(_) => d.to_owned(),
    }
}

/// The what-if or comparison paper: notices, then per comparison the picture, the changes and
/// the places per tier.
pub fn render(
    title: &str,
    header: &[(String, String)],
    notices: &[Text],
    comparisons: &[Comparison],
    lang: Lang,
) -> String {
    let mut body = String::new();
    let ws: Vec<String> = notices.iter().map(|n| n.get(lang).to_owned()).collect();
    body.push_str(&notes(&ws));
    for (i, c) in comparisons.iter().enumerate() {
        let _ = writeln!(
            body,
            "<h2{}>{} → {}</h2>",
            if i == 0 { " class=\"first\"" } else { "" },
            escape(&c.before),
            escape(&c.after)
        );
        if c.changes.is_empty() {
            let _ = writeln!(
                body,
                "<p>{}</p>",
                escape(&lang.pick(
                    format!("没有{}的结果发生变化。", c.applicant.zh),
                    "No applicant's outcome changes.".to_owned()
                ))
            );
        }
        body.push_str(&impact(c, lang));
    }
    page(lang, title, header, &body)
}

/// The display width of `s` in columns (a Chinese character takes two).
fn columns(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to `limit` columns of display width, with "…" where it was cut.
fn fit(s: &str, limit: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let width = |c: char| c.width().unwrap_or(0);
    if columns(s) <= limit {
        return s.to_owned();
    }
    let columns = limit;
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + width(c) > columns - 1 {
            break;
        }
        used += width(c);
        out.push(c);
    }
    out.push('…');
    out
}
