//! Lowering the procedure: the scoring standard, stages and weights, the shortlist, the
//! ranking's tie-breaks, the tiers and the public notice. Ids and references are checked
//! here; the numbers are checked by `policy::rules`, the same rules a sweep's variant obeys.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::categories::{self, unknown_category, CategoryParts};
use super::operand::param_or_report;
use super::{provenance, text_of};
use crate::diag::suggestion;
use crate::diag::text;
use crate::policy::calendar::{Calendar, DayKind};
use crate::policy::doc::{PolicyDoc, PublicityDoc};
use crate::policy::load::files::Calendars;
use crate::policy::load::report::Cx;
use crate::policy::rules::{self, Count};
use crate::policy::MAX_STAGES;
use crate::policy::{Article, Cap, Param, Publicity, Ranking, Scoring, Shortlist, Stage, Tier};

/// The procedure's parts, lowered: the shared ones (or, with categories, the union of every
/// category's stages and tiers, for reading scores and history) and each category's own.
pub(super) struct Procedure {
    pub scoring: Scoring,
    pub stages: Vec<Stage>,
    pub shortlist: Option<Shortlist>,
    pub ranking: Ranking,
    pub tiers: Vec<Tier>,
    pub publicity: Publicity,
    pub categories: Vec<CategoryParts>,
    pub caps: Vec<Cap>,
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
    criteria: &[crate::policy::Criteria],
) -> Procedure {
    let declared: Vec<&str> = doc.categories.iter().map(|c| c.id.as_str()).collect();
    let mut tag = |cx: &mut Cx, pointer: &str, category: &Option<String>| -> Option<String> {
        let c = category.as_deref()?;
        if !declared.contains(&c) {
            unknown_category(cx, &format!("{pointer}/category"), c, &declared);
        }
        Some(c.to_owned())
    };
    let mut scorings: Vec<(Option<String>, Scoring)> = Vec::new();
    for (p, sc) in doc.scoring.entries("scoring") {
        let key = tag(cx, &p, &sc.category);
        once(cx, &p, "scoring", &key, scorings.iter().map(|(k, _)| k));
        let scoring = Scoring {
            standards_param: sc.standards_param.clone(),
            total: sc.total,
            provenance: provenance(sc.verified, &sc.source, &sc.note, &sc.reading),
            cite: cx.cite(&format!("{p}/cite"), sc.cite.as_deref(), articles),
        };
        if let Some(name) = &scoring.standards_param {
            param_or_report(cx, &format!("{p}/standards_param"), name, params);
        }
        scorings.push((key, scoring));
    }
    let stages = lower_stages(cx, doc, articles, criteria, &mut tag);
    let union_ids: Vec<String> = union(&stages, |s| &s.id).map(|s| s.id.clone()).collect();
    let mut shortlists: Vec<(Option<String>, Shortlist)> = Vec::new();
    for (p, s) in doc.shortlist.iter().flat_map(|s| s.entries("shortlist")) {
        let key = tag(cx, &p, &s.category);
        once(cx, &p, "shortlist", &key, shortlists.iter().map(|(k, _)| k));
        check_stage(cx, &union_ids, &format!("{p}/stage"), &s.stage);
        shortlists.push((
            key,
            Shortlist {
                stage: s.stage.clone(),
                size: count(cx, s.size, &format!("{p}/size"), Count::ShortlistSize),
                include_ties: s.include_ties,
                provenance: provenance(s.verified, &s.source, &s.note, &s.reading),
                cite: cx.cite(&format!("{p}/cite"), s.cite.as_deref(), articles),
            },
        ));
    }
    let mut rankings: Vec<(Option<String>, Ranking)> = Vec::new();
    for (p, r) in doc.ranking.entries("ranking") {
        let key = tag(cx, &p, &r.category);
        once(cx, &p, "ranking", &key, rankings.iter().map(|(k, _)| k));
        for (i, s) in r.tie_break.iter().enumerate() {
            check_stage(cx, &union_ids, &format!("{p}/tie_break/{i}"), s);
        }
        rankings.push((
            key,
            Ranking {
                tie_break: r.tie_break.clone(),
                provenance: provenance(r.verified, &r.source, &r.note, &r.reading),
                cite: cx.cite(&format!("{p}/cite"), r.cite.as_deref(), articles),
            },
        ));
    }
    // The shared ranking (or, with one per category, the first), for the policy as a whole.
    let ranking = rankings
        .iter()
        .find(|(k, _)| k.is_none())
        .or(rankings.first())
        .map(|(_, r)| r.clone())
        .unwrap_or_default();
    let tiers = lower_tiers(cx, doc, articles, &mut tag);
    let n = &doc.publicity;
    let (day_kind, calendar) = notice_counting(cx, n, calendars);
    let publicity = Publicity {
        days: count(cx, n.days, "/publicity/days", Count::NoticeDays),
        provenance: provenance(n.verified, &n.source, &n.note, &n.reading),
        cite: cx.cite("/publicity/cite", n.cite.as_deref(), articles),
        day_kind,
        civil_code: n.civil_code,
        calendar,
    };
    let shared = |list: &[(Option<String>, Scoring)]| {
        list.iter()
            .find(|(k, _)| k.is_none())
            .map(|(_, v)| v.clone())
    };
    let categories = categories::parts(
        cx,
        doc,
        articles,
        (&scorings, &stages, &shortlists),
        (&rankings, &tiers),
    );
    let caps = categories::caps(cx, doc, articles, &categories);
    let scoring = shared(&scorings)
        .or_else(|| categories.first().map(|c| c.scoring.clone()))
        .or_else(|| scorings.first().map(|(_, s)| s.clone()));
    let Some(scoring) = scoring else {
        cx.error_at(
            "policy::missing",
            "/scoring",
            text!("缺少 [scoring]", "[scoring] is missing"),
            text!(
                "写明评定标准总分：[scoring] total = …",
                "give the standard's total: [scoring] total = …"
            ),
        );
        return Procedure {
            scoring: Scoring::default(),
            stages: Vec::new(),
            shortlist: None,
            ranking,
            tiers: Vec::new(),
            publicity,
            categories,
            caps,
        };
    };
    Procedure {
        scoring,
        stages: union(&stages, |s| &s.id).cloned().collect(),
        shortlist: shortlists
            .iter()
            .find(|(k, _)| k.is_none())
            .map(|(_, s)| s.clone()),
        ranking,
        tiers: union(&tiers, |t| &t.id).cloned().collect(),
        publicity,
        categories,
        caps,
    }
}

/// The entries of every category, shared first, each id once (its first definition).
fn union<'a, T>(
    tagged: &'a [(Option<String>, T)],
    id: impl Fn(&T) -> &String + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    let shared = tagged.iter().filter(|(k, _)| k.is_none());
    let own = tagged.iter().filter(|(k, _)| k.is_some());
    let mut seen: Vec<&'a String> = Vec::new();
    shared.chain(own).filter_map(move |(_, t)| {
        let i = id(t);
        (!seen.contains(&i)).then(|| {
            seen.push(i);
            t
        })
    })
}

/// A section that may be written once per category is written twice for one.
fn once<'a>(
    cx: &mut Cx,
    pointer: &str,
    section: &str,
    key: &Option<String>,
    mut before: impl Iterator<Item = &'a Option<String>>,
) {
    if before.any(|k| k == key) {
        let whose = key.as_deref().map_or_else(
            || text!("（各类别共用）".to_owned(), " (shared)".to_owned()),
            |c| text!(format!("（类别 {c}）"), format!(" (category {c})")),
        );
        cx.error_at(
            "policy::duplicate-id",
            pointer,
            text!(
                format!("[{section}]{} 写了两次", whose.zh),
                format!("[{section}]{} is written twice", whose.en)
            ),
            text!(
                "每个类别至多一个；不写 category 的为共用。",
                "at most one per category; one without `category` is shared"
            ),
        );
    }
}

type Tag<'t> = dyn FnMut(&mut Cx, &str, &Option<String>) -> Option<String> + 't;

fn lower_stages(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
    criteria: &[crate::policy::Criteria],
    tag: &mut Tag<'_>,
) -> Vec<(Option<String>, Stage)> {
    let mut stages: Vec<(Option<String>, Stage)> = Vec::new();
    for (si, s) in doc.stages.iter().enumerate() {
        let p = format!("/stages/{si}");
        let key = tag(cx, &p, &s.category);
        if stages.iter().filter(|(k, _)| *k == key).count() == MAX_STAGES {
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
        if stages.iter().any(|(k, t)| *k == key && t.id == s.id) {
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
        stages.push((
            key,
            Stage {
                id: s.id.clone(),
                title: text_of(&s.title),
                weight: s.weight,
                provenance: provenance(s.verified, &s.source, &s.note, &s.reading),
                cite: cx.cite(&format!("{p}/cite"), s.cite.as_deref(), articles),
                panel: super::panels::panel(cx, &p, s, criteria),
            },
        ));
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

fn lower_tiers(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
    tag: &mut Tag<'_>,
) -> Vec<(Option<String>, Tier)> {
    let mut tiers: Vec<(Option<String>, Tier)> = Vec::new();
    for (ti, t) in doc.tiers.iter().enumerate() {
        let p = format!("/tiers/{ti}");
        let key = tag(cx, &p, &t.category);
        if tiers.iter().any(|(k, u)| *k == key && u.id == t.id) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("{p}/id"),
                text!(
                    format!("奖项等级 `{}` 重复", t.id),
                    format!("tier `{}` is listed twice", t.id)
                ),
                text!(
                    "每个等级只列一次（不同类别可各有同名等级）。",
                    "list each tier once (categories may each have a tier of the same id)"
                ),
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
        tiers.push((
            key,
            Tier {
                id: t.id.clone(),
                title: text_of(&t.title),
                quota: count(cx, t.quota, &format!("{p}/quota"), Count::Quota),
                may_be_fewer: t.may_be_fewer,
                threshold: t.threshold,
                amount: t.amount,
                currency: t.currency.clone(),
                provenance: provenance(t.verified, &t.source, &t.note, &t.reading),
                quota_cite,
                threshold_cite,
                amount_cite,
            },
        ));
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
                    "加上 calendar = \"ID\"，日历文件放在规则目录的 calendars/ID.toml。",
                    "add calendar = \"ID\"; the calendar lives in calendars/ID.toml of the policy directory"
                ),
            );
        }
        return (kind, None);
    };
    let Some(text) = calendars.get(id) else {
        let help = suggestion(id, calendars.keys().map(String::as_str)).unwrap_or_else(|| {
            text!(
                "日历文件放在规则目录的 calendars/ 下，如 calendars/china.toml。",
                "calendars live in calendars/ of the policy directory, e.g. calendars/china.toml"
            )
        });
        cx.error_at(
            "policy::no-calendar",
            "/publicity/calendar",
            text!(
                format!("规则目录中没有日历 `{id}`"),
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
