//! A comparison of two outcomes for people (text, Markdown) and programs (JSON, with the
//! reasons in the language asked for).

use serde_json::Value;

use super::words::{amount, eligibility_word, money};
use crate::compare::{Comparison, Snapshot};
use crate::diag::{Lang, Text};

/// The comparison as a JSON value; each change's `why` in `lang`.
pub(crate) fn json(c: &Comparison, lang: Lang) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    if let Some(changes) = v.get_mut("changes").and_then(Value::as_array_mut) {
        for (out, ch) in changes.iter_mut().zip(&c.changes) {
            let why: Vec<Value> = ch.why.iter().map(|w| Value::from(w.get(lang))).collect();
            if let Some(map) = out.as_object_mut() {
                map.insert("why".into(), Value::Array(why));
            }
        }
    }
    v
}

/// An amount kept as text, digits grouped.
fn money_text(d: &str) -> String {
    crate::decimal::parse(d).map_or_else(|_| d.to_owned(), money)
}

/// One side of a change; in Chinese in words (符合申报条件 · 入围 · 第19名 · … · 20万元).
fn state(s: &Snapshot, tier: Option<&Text>, currency: &str, c: &Comparison, lang: Lang) -> String {
    if lang == Lang::Zh {
        let mut parts = vec![eligibility_word(s.eligibility, lang).to_owned()];
        if s.shortlisted && c.has_shortlist {
            parts.push("入围".into());
        }
        if let Some(r) = s.rank {
            parts.push(format!("第{r}名"));
        }
        if let Some(t) = &s.total {
            parts.push(format!("总分{t}"));
        }
        parts.push(tier.map_or_else(|| "—".into(), |t| t.zh.clone()));
        let payout = crate::decimal::parse(&s.payout).map_or_else(
            |_| s.payout.clone(),
            |d| {
                if d.is_zero() {
                    "无奖励".into()
                } else {
                    amount(d, currency, lang)
                }
            },
        );
        if c.pays {
            parts.push(payout);
        }
        return parts.join(" · ");
    }
    let mut parts = vec![s.eligibility.to_owned()];
    if s.shortlisted && c.has_shortlist {
        parts.push(lang.pick("入围".into(), "shortlisted".into()));
    }
    if let Some(r) = s.rank {
        parts.push(format!("#{r}"));
    }
    if let Some(t) = &s.total {
        parts.push(t.clone());
    }
    parts.push(s.tier.clone().unwrap_or_else(|| "—".into()));
    if c.pays {
        parts.push(money_text(&s.payout));
    }
    parts.join(" · ")
}

/// Whether a change touches a decision: eligibility, the shortlist, the tier or the payout
/// (not only a rank or a total that moved).
pub(crate) fn decisive(ch: &crate::compare::Change) -> bool {
    let (b, a) = (&ch.before, &ch.after);
    b.eligibility != a.eligibility
        || b.shortlisted != a.shortlisted
        || b.tier != a.tier
        || b.payout != a.payout
}

/// The comparison for people: the changes of a decision first, then one line for the
/// applicants whose rank or total only moved (each listed with `all`), then the summary;
/// `md` for a memo.
pub(crate) fn text(c: &Comparison, lang: Lang, md: bool, all: bool) -> String {
    let mut out = String::new();
    let h = |s: &str| {
        if md {
            format!("### {s}\n\n")
        } else {
            format!("{s}\n")
        }
    };
    out.push_str(&h(&format!("{} → {}", c.before, c.after)));
    if c.changes.is_empty() {
        out.push_str(&lang.pick(
            format!("没有{}的结果发生变化。\n", c.applicant.zh),
            "No applicant's outcome changes.\n".to_owned(),
        ));
    } else {
        let (main, minor): (Vec<_>, Vec<_>) = c.changes.iter().partition(|ch| decisive(ch));
        out.push_str(&lang.pick(
            format!("{} 个{}的结果发生变化：\n", main.len(), c.applicant.zh),
            format!("{} applicant(s) change:\n", main.len()),
        ));
        if md {
            out.push('\n');
        }
        let listed: Vec<_> = if all {
            main.iter().chain(&minor).copied().collect()
        } else {
            main
        };
        for ch in listed {
            let bullet = if md { "- " } else { "  " };
            out.push_str(&format!(
                "{bullet}{}{} {}{}{}{} → {}\n",
                if md { "**" } else { "" },
                ch.id,
                ch.name.as_deref().unwrap_or(""),
                if md { "**" } else { "" },
                lang.pick("：", ": "),
                state(&ch.before, ch.tier_titles.0.as_ref(), &ch.currency, c, lang),
                state(&ch.after, ch.tier_titles.1.as_ref(), &ch.currency, c, lang)
            ));
            for w in &ch.why {
                let w = w.get(lang);
                out.push_str(&format!("{}{w}\n", if md { "  - " } else { "      " }));
            }
        }
        if !all && !minor.is_empty() {
            out.push_str(&lang.pick(
                format!(
                    "{}其余 {} 家仅排名或总分变化，结果不变（--all 逐一列出）。\n",
                    if md { "\n" } else { "  " },
                    minor.len()
                ),
                format!(
                    "{}{} other(s) only moved in rank or total, with the same outcome (--all lists them).\n",
                    if md { "\n" } else { "  " },
                    minor.len()
                ),
            ));
        }
    }
    out.push('\n');
    out.push_str(&h(lang.pick("汇总", "Summary")));
    let line = |label: &str, a: String, b: String| {
        let arrow = if a == b {
            lang.pick(format!("{a}（不变）"), format!("{a} (=)"))
        } else {
            format!("{a} → {b}")
        };
        let colon = lang.pick("：", ": ");
        format!("{}{label}{colon}{arrow}\n", if md { "- " } else { "  " })
    };
    out.push_str(&line(
        lang.pick("符合条件", "eligible"),
        c.eligible.0.to_string(),
        c.eligible.1.to_string(),
    ));
    if c.has_shortlist {
        out.push_str(&line(
            lang.pick("入围", "shortlisted"),
            c.shortlisted.0.to_string(),
            c.shortlisted.1.to_string(),
        ));
    }
    for t in &c.tiers {
        out.push_str(&line(
            &lang.pick(
                format!(
                    "{} 拟授予/名额/空缺",
                    t.title.as_ref().map_or(t.tier.as_str(), |x| x.zh.as_str())
                ),
                format!(
                    "{} filled/quota/vacant",
                    t.title.as_ref().map_or(t.tier.as_str(), |x| x.en.as_str())
                ),
            ),
            format!("{}/{}/{}", t.filled.0, t.quota.0, t.vacant.0),
            format!("{}/{}/{}", t.filled.1, t.quota.1, t.vacant.1),
        ));
    }
    let total = |d: &str| match lang {
        Lang::Zh => {
            crate::decimal::parse(d).map_or_else(|_| d.to_owned(), |d| amount(d, "CNY", lang))
        }
        Lang::En => money_text(d),
    };
    if c.pays {
        // Both sides in one unit.
        let (was, now) = match (
            crate::decimal::parse(&c.payout_total.0),
            crate::decimal::parse(&c.payout_total.1),
        ) {
            (Ok(a), Ok(b)) if lang == Lang::Zh => {
                crate::render::words::amount_pair(a, b, "CNY", lang)
            }
            _ => (total(&c.payout_total.0), total(&c.payout_total.1)),
        };
        out.push_str(&line(lang.pick("奖励合计", "total payout (CNY)"), was, now));
    }
    out
}

/// Several comparisons as one JSON document (`qaward.comparison.v1`), notices first.
pub(crate) fn report_json(notices: &[Text], comparisons: &[Comparison], lang: Lang) -> String {
    let doc = serde_json::json!({
        "format": "qaward.comparison.v1",
        "notices": notices.iter().map(|n| n.get(lang)).collect::<Vec<_>>(),
        "comparisons": comparisons.iter().map(|c| json(c, lang)).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Several comparisons for people, notices first; `md` for a memo.
pub(crate) fn report_text(
    notices: &[Text],
    comparisons: &[Comparison],
    lang: Lang,
    md: bool,
    all: bool,
) -> String {
    let mut out = String::new();
    for n in notices {
        out.push_str(&format!(
            "{}{}\n",
            if md { "> " } else { "! " },
            n.get(lang)
        ));
    }
    if !notices.is_empty() {
        out.push('\n');
    }
    let parts: Vec<String> = comparisons.iter().map(|c| text(c, lang, md, all)).collect();
    out.push_str(&parts.join("\n"));
    out
}

/// Every applicant that changes in any comparison, a row each, as CSV with a BOM: before and
/// after side by side, and why.
pub(crate) fn report_csv(comparisons: &[Comparison], lang: Lang) -> String {
    use super::sheets::{table_csv, Cell, Table};
    let side = |s: &Snapshot, tier: Option<&Text>| {
        [
            Cell::Text(eligibility_word(s.eligibility, lang).to_owned()),
            Cell::Text(
                lang.pick(
                    if s.shortlisted { "是" } else { "否" },
                    if s.shortlisted { "yes" } else { "no" },
                )
                .to_owned(),
            ),
            s.rank.map_or(Cell::Empty, |r| Cell::Text(r.to_string())),
            s.total.clone().map_or(Cell::Empty, Cell::Text),
            tier.map_or(Cell::Empty, |t| Cell::Text(t.get(lang).to_owned())),
            Cell::Text(s.payout.clone()),
        ]
    };
    let mut headers = vec![
        lang.pick("比较", "comparison").to_owned(),
        lang.pick("编号", "id").to_owned(),
        lang.pick("名称", "name").to_owned(),
    ];
    for when in [lang.pick("变化前", "before"), lang.pick("变化后", "after")] {
        for what in [
            lang.pick("申报资格", "eligibility"),
            lang.pick("入围", "shortlisted"),
            lang.pick("名次", "rank"),
            lang.pick("总分", "total"),
            lang.pick("拟授奖项", "tier"),
            lang.pick("奖励（元）", "payout (CNY)"),
        ] {
            headers.push(format!("{when}{}{what}", lang.pick("", " ")));
        }
    }
    headers.push(lang.pick("原因", "why").to_owned());
    let rows = comparisons
        .iter()
        .flat_map(|c| {
            c.changes.iter().map(move |ch| {
                let mut row = vec![
                    Cell::Text(format!("{} → {}", c.before, c.after)),
                    Cell::Text(ch.id.clone()),
                    Cell::Text(ch.name.clone().unwrap_or_default()),
                ];
                row.extend(side(&ch.before, ch.tier_titles.0.as_ref()));
                row.extend(side(&ch.after, ch.tier_titles.1.as_ref()));
                let why: Vec<&str> = ch.why.iter().map(|w| w.get(lang)).collect();
                row.push(Cell::Text(why.join(lang.pick("；", "; "))));
                row
            })
        })
        .collect();
    table_csv(&Table {
        name: String::new(),
        headers,
        rows,
    })
}
