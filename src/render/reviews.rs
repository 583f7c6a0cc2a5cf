//! How a panel made an applicant's stage score, for `explain --reviews`: each reviewer (by id
//! only) with their points and total, those who stepped aside or whose scores do not count and
//! why, the totals the aggregation set aside, and the arithmetic, as the policy declares it.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::decimal::show;
use crate::diag::Lang;
use crate::policy::{Aggregate, Policy};
use crate::reviews::panel::Judged;
use crate::reviews::Panels;

/// The panels of applicant `index`, one paragraph per stage; empty when it had none.
pub fn text(panels: &Panels, policy: &Policy, index: usize, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    for ((a, st), judged) in &panels.judged {
        if *a != index {
            continue;
        }
        let stage = &policy.stages[*st];
        let panel = &judged.panel;
        let criteria = &policy.criteria[panel.criteria];
        let cite = stage
            .cite
            .as_ref()
            .map(|c| c.render(lang))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{}",
            if zh {
                format!(
                    "{}得分（{cite}；评审组按“{}”评分）",
                    stage.title.zh, criteria.title.zh
                )
            } else {
                format!(
                    "{} score ({cite}; a panel scores by “{}”)",
                    stage.title.en, criteria.title.en
                )
            }
        );
        // The criteria in the order each reviewer's points are added.
        let order: Vec<String> = criteria
            .items
            .iter()
            .map(|(_, t, m)| format!("{} {}", t.get(lang), show(*m)))
            .collect();
        let _ = writeln!(
            out,
            "  {}{}",
            lang.pick("各项（满分）：", "criteria (maximum): "),
            order.join(lang.pick("；", "; "))
        );
        let _ = writeln!(
            out,
            "  {}{}",
            lang.pick("汇总：", "combined as: "),
            rule(policy, stage, panel, lang)
        );
        for s in &judged.sheets {
            let parts: Vec<String> = s.points.iter().map(|p| show(*p)).collect();
            let not = match (&s.dropped, &s.note) {
                (Some(d), _) if zh => format!("（不计：{}）", d.zh),
                (Some(d), _) => format!(" (not counted: {})", d.en),
                (None, Some(n)) if zh => format!("（计入：{}）", n.zh),
                (None, Some(n)) => format!(" (counted: {})", n.en),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "  {} {} = {}{not}",
                s.reviewer,
                parts.join(" + "),
                show(s.total())
            );
        }
        out.push_str(&one(judged, policy, lang));
    }
    if !out.is_empty() {
        // The readings these scores rest on, as the results paper says them.
        for r in policy
            .readings()
            .into_iter()
            .filter(|r| crate::policy::unverified::is_panel_item(&r.path))
        {
            let (zh_text, en_text) = crate::policy::readings::halves(&r.reading);
            let cite = r.cite.as_ref().map(|c| c.render(lang)).unwrap_or_default();
            let _ = writeln!(
                out,
                "\n{}",
                if zh {
                    format!("依本规则读法（{cite}）：{zh_text}")
                } else {
                    format!("By this policy's reading ({cite}): {en_text}")
                }
            );
        }
    }
    out
}

/// Who of the panel stepped aside from the applicant, and the panel's arithmetic: two lines,
/// each indented, as `explain` prints them under the reviewers.
pub(crate) fn one(judged: &Judged, policy: &Policy, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let panel = &judged.panel;
    let mut out = String::new();
    if !judged.recused.is_empty() {
        let ids = judged.recused.join(", ");
        let why = policy
            .reviewers
            .as_ref()
            .and_then(|r| r.conflict_cite.as_ref())
            .map(|c| c.render(lang));
        let _ = writeln!(
            out,
            "  {}",
            match (zh, why) {
                (true, Some(c)) => format!("{ids} 声明与其有利害关系，回避，未评分（{c}）"),
                (true, None) => format!("{ids} 声明与其有利害关系，回避，未评分"),
                (false, Some(c)) => format!("{ids} declared a conflict and stepped aside ({c})"),
                (false, None) => format!("{ids} declared a conflict and stepped aside"),
            }
        );
    }
    let _ = writeln!(
        out,
        "  {}",
        arithmetic(judged, panel.aggregate, panel.decimals, panel.min_panel, zh)
    );
    out
}

/// A panel's rule in words, and whose it is: `各评审员总分的平均值，至少 3 人，保留 2 位小数
/// （办法未规定，由评委会决定：<其条文>）`.
pub(crate) fn rule(
    policy: &Policy,
    stage: &crate::policy::Stage,
    panel: &crate::policy::Panel,
    lang: Lang,
) -> String {
    use crate::policy::AuthorityKind;
    let words = panel.aggregate.words();
    let (n, d) = (panel.min_panel, panel.decimals);
    let said = lang.pick(
        format!("{}，至少 {n} 人，保留 {d} 位小数", words.zh),
        format!(
            "{}, at least {n} reviewers, to {d} decimal{}",
            words.en,
            if d == 1 { "" } else { "s" }
        ),
    );
    let whose = policy
        .authority_over(&format!("stages.{}.aggregate", stage.id))
        .map(|a| {
            let cite = a.cite.as_ref().map(|c| c.render(lang)).unwrap_or_default();
            match (a.by, lang) {
                (AuthorityKind::Unsettled, Lang::Zh) => {
                    format!("（办法未规定，由评委会决定：{cite}）")
                }
                (AuthorityKind::Unsettled, _) => {
                    format!(" (the measures do not settle it; the committee decides: {cite})")
                }
                (AuthorityKind::Committee, Lang::Zh) => format!("（由评委会决定：{cite}）"),
                (AuthorityKind::Committee, _) => format!(" (the committee's to decide: {cite})"),
            }
        })
        .unwrap_or_default();
    format!("{said}{whose}")
}

/// The aggregation worked out: `(a + b + c) ÷ 3 = x → y`.
fn arithmetic(
    judged: &Judged,
    aggregate: Aggregate,
    decimals: u32,
    min_panel: u32,
    zh: bool,
) -> String {
    let rule = aggregate.words();
    let Some(score) = judged.score else {
        return if zh {
            format!(
                "计入的评审员 {} 人，少于最少 {min_panel} 人：得分无法确定（{}）",
                judged.counted.len(),
                rule.zh
            )
        } else {
            format!(
                "{} reviewers count, fewer than the {min_panel} the panel needs: no score ({})",
                judged.counted.len(),
                rule.en
            )
        };
    };
    let kept: Vec<Decimal> = judged
        .counted
        .iter()
        .filter(|(_, aside)| !aside)
        .map(|(t, _)| *t)
        .collect();
    let aside: Vec<String> = judged
        .counted
        .iter()
        .filter(|(_, aside)| *aside)
        .map(|(t, _)| show(*t))
        .collect();
    let terms: Vec<String> = kept.iter().map(|t| show(*t)).collect();
    let exact = match aggregate {
        Aggregate::Median => {
            let n = kept.len();
            if n % 2 == 1 {
                format!(
                    "{} {}",
                    if zh { "中位数" } else { "median of" },
                    terms.join(", ")
                )
            } else {
                format!(
                    "{}: ({} + {}) ÷ 2 = {}",
                    terms.join(", "),
                    terms[n / 2 - 1],
                    terms[n / 2],
                    show((kept[n / 2 - 1] + kept[n / 2]) / Decimal::TWO)
                )
            }
        }
        Aggregate::TrimmedMean if kept.len() == 1 => {
            format!(
                "{} {}",
                if zh {
                    "余下一个："
                } else {
                    "the one left:"
                },
                terms[0]
            )
        }
        Aggregate::Mean | Aggregate::TrimmedMean => {
            let sum: Decimal = kept.iter().copied().sum();
            let mean = sum.checked_div(Decimal::from(kept.len())).unwrap_or(sum);
            // A mean that does not end is shown to four places past the rounding, with "…".
            let shown =
                mean.round_dp_with_strategy(decimals + 4, rust_decimal::RoundingStrategy::ToZero);
            let more = if shown == mean { "" } else { "…" };
            format!(
                "({}) ÷ {} = {}{more}",
                terms.join(" + "),
                kept.len(),
                show(shown)
            )
        }
    };
    let set_aside = if aside.is_empty() {
        String::new()
    } else if zh {
        format!("去掉最高分和最低分 {}；", aside.join("、"))
    } else {
        format!(
            "setting aside the highest and lowest, {}; ",
            aside.join(" and ")
        )
    };
    if zh {
        format!(
            "{}：{set_aside}{exact}，保留 {decimals} 位小数（四舍五入）：{}",
            rule.zh,
            show(score)
        )
    } else {
        let places = if decimals == 1 {
            "1 decimal".to_owned()
        } else {
            format!("{decimals} decimals")
        };
        format!(
            "{}: {set_aside}{exact}, to {places} (half away from zero): {}",
            rule.en,
            show(score)
        )
    }
}
