//! Lowering the procedure: the scoring standard, stages and weights, the shortlist, the
//! ranking's tie-breaks, the tiers and the public notice. Ids and references are checked
//! here; the numbers are checked by `policy::rules`, the same rules a sweep's variant obeys.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::operand::param_or_report;
use super::{provenance, text_of};
use crate::diag::suggestion;
use crate::eval::MAX_STAGES;
use crate::policy::calendar::{Calendar, DayKind};
use crate::policy::doc::{PolicyDoc, PublicityDoc};
use crate::policy::load::{Calendars, Cx};
use crate::policy::rules::{self, Count};
use crate::policy::{Article, Param, Publicity, Ranking, Scoring, Shortlist, Stage, Tier};
use crate::text;

/// The procedure's parts, lowered.
pub(super) struct Procedure {
    pub scoring: Scoring,
    pub stages: Vec<Stage>,
    pub shortlist: Option<Shortlist>,
    pub ranking: Ranking,
    pub tiers: Vec<Tier>,
    pub publicity: Publicity,
}

/// Reads a whole number through the shared rules, reporting a broken one at `pointer`.
fn count(cx: &mut Cx, value: i64, pointer: &str, what: Count) -> u32 {
    match rules::count(Decimal::from(value), pointer, what) {
        Ok(n) => n,
        Err(p) => {
            cx.error_at(p.code, &p.pointer, p.message, p.help);
            0
        }
    }
}

pub(super) fn lower_procedure(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
    params: &[Param],
    calendars: &Calendars,
) -> Procedure {
    let scoring = Scoring {
        standards_param: doc.scoring.standards_param.clone(),
        total: doc.scoring.total,
        provenance: provenance(doc.scoring.verified, &doc.scoring.source, &doc.scoring.note),
        cite: cx.cite("/scoring/cite", doc.scoring.cite.as_deref(), articles),
    };
    if let Some(name) = &scoring.standards_param {
        param_or_report(cx, "/scoring/standards_param", name, params);
    }
    let stages = lower_stages(cx, doc, articles);
    let stage_ids: Vec<String> = stages.iter().map(|s| s.id.clone()).collect();
    if let Some(s) = &doc.shortlist {
        check_stage(cx, &stage_ids, "/shortlist/stage", &s.stage);
    }
    for (i, s) in doc.ranking.tie_break.iter().enumerate() {
        check_stage(cx, &stage_ids, &format!("/ranking/tie_break/{i}"), s);
    }
    let shortlist = doc.shortlist.as_ref().map(|s| Shortlist {
        stage: s.stage.clone(),
        size: count(cx, s.size, "/shortlist/size", Count::ShortlistSize),
        include_ties: s.include_ties,
        provenance: provenance(s.verified, &s.source, &s.note),
        cite: cx.cite("/shortlist/cite", s.cite.as_deref(), articles),
    });
    let r = &doc.ranking;
    let ranking = Ranking {
        tie_break: r.tie_break.clone(),
        provenance: provenance(r.verified, &r.source, &r.note),
        cite: cx.cite("/ranking/cite", r.cite.as_deref(), articles),
    };
    let tiers = lower_tiers(cx, doc, articles);
    let n = &doc.publicity;
    let (day_kind, calendar) = notice_counting(cx, n, calendars);
    let publicity = Publicity {
        days: count(cx, n.days, "/publicity/days", Count::NoticeDays),
        provenance: provenance(n.verified, &n.source, &n.note),
        cite: cx.cite("/publicity/cite", n.cite.as_deref(), articles),
        day_kind,
        civil_code: n.civil_code,
        calendar,
    };
    Procedure {
        scoring,
        stages,
        shortlist,
        ranking,
        tiers,
        publicity,
    }
}

fn lower_stages(cx: &mut Cx, doc: &PolicyDoc, articles: &[Article]) -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
    for (si, s) in doc.stages.iter().enumerate() {
        let p = format!("/stages/{si}");
        if si == MAX_STAGES {
            cx.error_at(
                "policy::too-many-stages",
                &format!("{p}/id"),
                text!(
                    format!("评审阶段最多 {MAX_STAGES} 个"),
                    format!("a policy has at most {MAX_STAGES} stages")
                ),
                text!("合并或删去多余的阶段。", "merge or remove the extra stages"),
            );
        }
        if stages.iter().any(|t| t.id == s.id) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("评审阶段 `{}` 重复", s.id),
                    format!("stage `{}` is listed twice", s.id)
                ),
                text!("每个阶段只列一次。", "list each stage once"),
            );
        }
        stages.push(Stage {
            id: s.id.clone(),
            title: text_of(&s.title),
            weight: s.weight,
            provenance: provenance(s.verified, &s.source, &s.note),
            cite: cx.cite(&format!("{p}/cite"), s.cite.as_deref(), articles),
        });
    }
    stages
}

fn check_stage(cx: &mut Cx, stage_ids: &[String], pointer: &str, id: &str) {
    if stage_ids.iter().any(|s| s == id) {
        return;
    }
    let help = suggestion(id, stage_ids.iter().map(String::as_str)).unwrap_or_else(|| {
        text!(
            format!("已定义的阶段：{}", stage_ids.join("、")),
            format!("the stages defined are: {}", stage_ids.join(", "))
        )
    });
    cx.error_at(
        "policy::unknown-stage",
        pointer,
        text!(
            format!("引用了未定义的评审阶段 `{id}`"),
            format!("refers to stage `{id}`, which is not defined")
        ),
        help,
    );
}

fn lower_tiers(cx: &mut Cx, doc: &PolicyDoc, articles: &[Article]) -> Vec<Tier> {
    let mut tiers: Vec<Tier> = Vec::new();
    for (ti, t) in doc.tiers.iter().enumerate() {
        let p = format!("/tiers/{ti}");
        if tiers.iter().any(|u| u.id == t.id) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("奖项等级 `{}` 重复", t.id),
                    format!("tier `{}` is listed twice", t.id)
                ),
                text!("每个等级只列一次。", "list each tier once"),
            );
        }
        let mut cite = |key: &str, text: &Option<String>| {
            cx.cite(&format!("{p}/cite/{key}"), text.as_deref(), articles)
        };
        let (quota_cite, threshold_cite, amount_cite) = (
            cite("quota", &t.cite.quota),
            cite("threshold", &t.cite.threshold),
            cite("amount", &t.cite.amount),
        );
        tiers.push(Tier {
            id: t.id.clone(),
            title: text_of(&t.title),
            quota: count(cx, t.quota, &format!("{p}/quota"), Count::Quota),
            threshold: t.threshold,
            amount: t.amount,
            currency: t.currency.clone(),
            provenance: provenance(t.verified, &t.source, &t.note),
            quota_cite,
            threshold_cite,
            amount_cite,
        });
    }
    tiers
}

/// How the notice's days are counted, and the calendar that needs (read and checked here).
fn notice_counting(
    cx: &mut Cx,
    n: &PublicityDoc,
    calendars: &Calendars,
) -> (DayKind, Option<Arc<Calendar>>) {
    let kind = match n.day_kind.as_deref() {
        None | Some("calendar") => DayKind::Calendar,
        Some("working") => DayKind::Working,
        Some(other) => {
            cx.error_at(
                "policy::bad-value",
                "/publicity/day_kind",
                text!(
                    format!("公示期计日方式 `{other}` 不明"),
                    format!("`{other}` is not a way of counting days")
                ),
                text!(
                    "写 \"calendar\"（自然日，默认）或 \"working\"（工作日）。",
                    "write \"calendar\" (every day, the default) or \"working\" (working days)"
                ),
            );
            DayKind::Calendar
        }
    };
    let Some(id) = &n.calendar else {
        if kind == DayKind::Working || n.civil_code {
            cx.error_at(
                "policy::no-calendar",
                "/publicity",
                text!(
                    "按工作日或民法典计算公示期须指定日历",
                    "counting working days or by the Civil Code needs a calendar"
                ),
                text!(
                    "加上 calendar = \"ID\"，日历文件放在策略目录的 calendars/ID.toml。",
                    "add calendar = \"ID\"; the calendar lives in calendars/ID.toml of the policy directory"
                ),
            );
        }
        return (kind, None);
    };
    let Some(text) = calendars.get(id) else {
        let help = suggestion(id, calendars.keys().map(String::as_str)).unwrap_or_else(|| {
            text!(
                "日历文件放在策略目录的 calendars/ 下，如 calendars/china.toml。",
                "calendars live in calendars/ of the policy directory, e.g. calendars/china.toml"
            )
        });
        cx.error_at(
            "policy::no-calendar",
            "/publicity/calendar",
            text!(
                format!("策略目录中没有日历 `{id}`"),
                format!("the policy directory has no calendar `{id}`")
            ),
            help,
        );
        return (kind, None);
    };
    match Calendar::parse(text) {
        Ok(c) => (kind, Some(Arc::new(c))),
        Err(e) => {
            cx.error_at(
                "policy::bad-calendar",
                "/publicity/calendar",
                text!(
                    format!("日历 calendars/{id}.toml 有误：{}", e.zh),
                    format!("the calendar calendars/{id}.toml is wrong: {}", e.en)
                ),
                text!(
                    "按 policies/calendars/china.toml 的格式改正。",
                    "correct it in the form of policies/calendars/china.toml"
                ),
            );
            (kind, None)
        }
    }
}
