//! Reading a cohort's applicants against a policy's declarations: each declared field typed as
//! declared, records by their declared kinds, history by tier id, scores by stage id. Every
//! problem is reported at once, each at its JSON pointer with the applicant's id; keys the
//! policy does not declare and enum values outside the declared ones are warnings, each said
//! once, never silently dropped.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::block::Block;
use super::plan::{unknown_warnings, Branch, Child, Findings, IdSet, Plan, Trail};
use super::tree::Node;
use super::value::{decimal, text_of, typed};
use super::{Applicant, Cohort, CohortFile, Cycle, HistoryEntry, Record, Value};
use crate::date::Date;
use crate::diag::text;
use crate::diag::{suggestion, Diagnostic};
use crate::policy::Policy;

/// The keys of `cycle` the engine knows.
pub(super) const CYCLE_KEYS: [&str; 4] =
    ["year", "application_deadline", "publicity_start", "award"];

/// The award cycle of a cohort tree; problems name `/cycle/…`.
pub(super) fn cycle(file: &CohortFile, root: &Node<'_>) -> Result<Cycle, Vec<Diagnostic>> {
    cycle_of(file, root.get("cycle"))
}

/// The award cycle from its node.
pub(super) fn cycle_of(file: &CohortFile, c: Option<&Node<'_>>) -> Result<Cycle, Vec<Diagnostic>> {
    let bad = |at: &str, zh: String, en: String| vec![file.problem(at, text!(zh, en))];
    let Some(c) = c.filter(|c| c.as_object().is_some()) else {
        return Err(bad(
            "/cycle",
            "缺少 `cycle`（评定年度与申报截止日期）".into(),
            "`cycle` (the award year and the application deadline) is missing".into(),
        ));
    };
    // How the cycle's items are called in Chinese, for the messages.
    let called = |key: &str| match key {
        "year" => "评定年度",
        "application_deadline" => "申报截止日期",
        "publicity_start" => "公示开始日期",
        _ => "评定周期",
    };
    let year_given = c.get("year").filter(|v| !v.is_null());
    let year = year_given
        .and_then(Node::as_i64)
        .and_then(|y| i32::try_from(y).ok());
    let Some(year) = year else {
        return Err(match year_given {
            None => bad(
                "/cycle/year",
                "缺少评定年度：须填写（整数年份，如 2024）".into(),
                "`cycle.year` is missing: it must be given (a year such as 2024)".into(),
            ),
            Some(_) => bad(
                "/cycle/year",
                "评定年度（`cycle.year`）须是年份（整数）".into(),
                "`cycle.year` must be a year (a whole number)".into(),
            ),
        });
    };
    let date = |key: &str, required: bool| -> Result<Option<Date>, Vec<Diagnostic>> {
        match c.get(key).filter(|v| !v.is_null()) {
            None if !required => Ok(None),
            None => Err(bad(
                &format!("/cycle/{key}"),
                format!("缺少{}：须填写（日期，如 2024-09-01）", called(key)),
                format!("`cycle.{key}` is missing: it must be given (a date such as 2024-09-01)"),
            )),
            Some(Node::Str(s)) => Date::parse(s).map(Some).map_err(|e| {
                bad(
                    &format!("/cycle/{key}"),
                    format!("{}（`cycle.{key}`）不是有效日期：{}", called(key), e.zh()),
                    format!("`cycle.{key}` is not a valid date: {e}"),
                )
            }),
            _ => Err(bad(
                &format!("/cycle/{key}"),
                format!("{}（`cycle.{key}`）须是日期 YYYY-MM-DD", called(key)),
                format!("`cycle.{key}` must be a date YYYY-MM-DD"),
            )),
        }
    };
    let deadline = date("application_deadline", true)?;
    let publicity_start = date("publicity_start", false)?;
    // The award year, the deadline and the notice belong together; far-off values are typing
    // mistakes (and would take every yearly window out of range).
    const SPAN: i32 = 5;
    if let Some(d) = deadline {
        if (i64::from(year) - i64::from(d.year())).abs() > i64::from(SPAN) {
            return Err(bad(
                "/cycle/year",
                format!("评定年度 {year} 与申报截止日期 {d} 相差超过 {SPAN} 年"),
                format!("the award year {year} is more than {SPAN} years from the application deadline {d}"),
            ));
        }
        if let Some(p) = publicity_start.filter(|p| (p.year() - d.year()).abs() > SPAN) {
            return Err(bad(
                "/cycle/publicity_start",
                format!("公示开始日期 {p} 与申报截止日期 {d} 相差超过 {SPAN} 年"),
                format!("the publicity start {p} is more than {SPAN} years from the application deadline {d}"),
            ));
        }
    }
    let award = match c.get("award").filter(|v| !v.is_null()) {
        None => None,
        Some(Node::Str(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(_) => return Err(bad(
            "/cycle/award",
            "`cycle.award` 须是奖项编号（即规则版本 [policy] 中的 family，可用 qaward policies 查看）"
                .into(),
            "`cycle.award` must be an award's id (a policy's `family`, as `qaward policies` lists)"
                .into(),
        )),
    };
    Ok(Cycle {
        year,
        application_deadline: deadline.unwrap_or(Date::from_days(0)),
        publicity_start,
        award,
    })
}

/// Reads the tree's applicants against `policy`.
pub(super) fn bind(
    file: &CohortFile,
    root: &Node<'_>,
    cycle: Cycle,
    policy: &Policy,
) -> Result<Cohort, Vec<Diagnostic>> {
    let plan = Plan::new(policy);
    let mut f = Findings::new(file, &policy.meta.applicant.zh);
    let Some(members) = root.as_object() else {
        return Err(vec![file.problem(
            "",
            text!("申报名单须是一个对象", "a cohort is an object"),
        )]);
    };
    for (key, _) in members
        .iter()
        .filter(|(k, _)| !["cycle", "applicants", "$schema"].contains(&k.as_ref()))
    {
        f.unknown.entry(key.to_string()).or_default();
    }
    for (key, _) in root.get("cycle").and_then(Node::as_object).unwrap_or(&[]) {
        if !CYCLE_KEYS.contains(&key.as_ref()) {
            f.unknown.entry(format!("cycle.{key}")).or_default();
        }
    }
    let Some(Node::Array(list)) = root.get("applicants") else {
        return Err(vec![file.problem(
            "/applicants",
            text!(
                "缺少申报组织列表 `applicants`",
                "the list `applicants` is missing"
            ),
        )]);
    };
    let top = Trail::ROOT;
    let applicants_at = top.key("applicants");
    let mut applicants = Vec::with_capacity(list.len());
    // Each applicant's index in the file, for naming a duplicate id.
    let mut places = Vec::with_capacity(list.len());
    let mut values = Block::new(policy.model.fields.len());
    for (i, a) in list.iter().enumerate() {
        let at = applicants_at.index(i);
        let Some(members) = a.as_object() else {
            f.bad(
                &at,
                &format!("#{}", i + 1),
                "不是对象".into(),
                "is not an object".into(),
            );
            continue;
        };
        let applicant = applicant(&plan, &mut f, &at, a, members, values.push());
        let id_at = at.key("id");
        if applicant.id.is_empty() {
            // Named by its place and its name, since it has no id to be named by.
            let who = match applicant.name.as_deref() {
                Some(n) => format!("#{}（{n}）", i + 1),
                None => format!("#{}", i + 1),
            };
            f.bad(
                &id_at,
                &who,
                "编号为空：每个申报组织须有唯一编号".into(),
                "the id is empty: every applicant needs its own id".into(),
            );
        }
        applicants.push(applicant);
        places.push(i);
    }
    let mut seen = IdSet::with_capacity_and_hasher(applicants.len(), Default::default());
    for (a, i) in applicants.iter().zip(&places) {
        if !a.id.is_empty() && !seen.insert(a.id.as_str()) {
            let id_at = applicants_at.index(*i);
            f.bad(
                &id_at.key("id"),
                &a.id,
                "编号重复".into(),
                "this id appears more than once".into(),
            );
        }
    }
    if !f.problems.is_empty() {
        return Err(f.problems);
    }
    let mut warnings = unknown_warnings(&plan, &f.unknown);
    warnings.append(&mut f.warnings);
    Ok(Cohort::new(cycle, applicants, values, warnings))
}

pub(super) fn applicant(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    a: &Node<'_>,
    members: &[(std::borrow::Cow<'_, str>, Node<'_>)],
    values: &mut [Option<Value>],
) -> Applicant {
    let id = match a.get("id") {
        Some(Node::Str(s)) => s.to_string(),
        Some(v) => {
            let v = v.to_string();
            f.bad(
                &at.key("id"),
                "?",
                format!("编号须是文字，实为 {v}"),
                format!("the id must be a string, not {v}"),
            );
            String::new()
        }
        None => String::new(),
    };
    let who = if id.is_empty() {
        "?".to_owned()
    } else {
        id.clone()
    };
    let mut out = Applicant {
        id,
        scores: vec![None; plan.policy.stages.len()],
        ..Applicant::default()
    };
    for (key, v) in members {
        let here = at.key(key);
        if !engine_key(plan, f, &here, &who, key, v, &mut out) {
            member(plan, f, &here, &who, &plan.root, key, v, values);
        }
    }
    out
}

/// Reads one of the keys the engine knows (`name`, `records`, …) into `out`; `false` for a
/// key the policy declares (or does not).
pub(super) fn engine_key(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    here: &Trail<'_>,
    who: &str,
    key: &str,
    v: &Node<'_>,
    out: &mut Applicant,
) -> bool {
    match key {
        "id" => {}
        "name" => out.name = text_of(f, here, who, "name", v),
        "category" => out.category = category(plan, f, here, who, v),
        "records" if !v.is_null() => out.records = Some(records(plan, f, here, who, v)),
        "history" if !v.is_null() => out.history = Some(history(plan, f, here, who, v)),
        "scores" if !v.is_null() => scores(plan, f, here, who, v, &mut out.scores),
        "records" | "history" | "scores" => {}
        _ => return false,
    }
    true
}

/// The applicant's category, by id or by its Chinese title; one the policy does not declare
/// is bad input. A policy without categories reads none.
fn category(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    here: &Trail<'_>,
    who: &str,
    v: &Node<'_>,
) -> Option<usize> {
    let text = text_of(f, here, who, "category", v)?;
    let categories = &plan.policy.categories;
    if categories.is_empty() {
        return None;
    }
    let text = text.trim();
    let found = categories
        .iter()
        .position(|c| c.id == text || c.title.zh == text);
    if found.is_none() {
        let allowed: Vec<String> = categories
            .iter()
            .map(|c| format!("{}（{}）", c.id, c.title.zh))
            .collect();
        let near = suggestion(text, categories.iter().map(|c| c.id.as_str()))
            .map_or((String::new(), String::new()), |t| {
                (format!("；{}", t.zh), format!("; {}", t.en))
            });
        f.bad(
            here,
            who,
            format!(
                "类别 \"{text}\" 不是本规则版本的类别（{}）{}",
                allowed.join("、"),
                near.0
            ),
            format!(
                "the category \"{text}\" is not one of this policy's ({}){}",
                allowed.join(", "),
                near.1
            ),
        );
    }
    found
}

/// One key of an object at some level of the declared fields.
#[allow(clippy::too_many_arguments)]
pub(super) fn member(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    branch: &Branch,
    key: &str,
    v: &Node<'_>,
    values: &mut [Option<Value>],
) {
    match branch.get(key) {
        Some(Child::Field(i)) => {
            values[*i] = typed(f, at, who, &plan.policy.model.fields[*i], v);
        }
        Some(Child::Branch(inner)) => match v {
            Node::Object(members) => {
                for (k, v) in members {
                    member(plan, f, &at.key(k), who, inner, k, v, values);
                }
            }
            Node::Null => {}
            other => {
                let path = at.dotted(3);
                let other = other.to_string();
                f.bad(
                    at,
                    who,
                    format!("`{path}` 须是对象，实为 {other}"),
                    format!("`{path}` must be an object, not {other}"),
                );
            }
        },
        None => f.unknown(at.dotted(3), who),
    }
}

pub(super) fn records(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    v: &Node<'_>,
) -> Vec<Record> {
    list(f, at, who, "records", v, |f, at, r| {
        record(plan, f, at, who, r)
    })
}

/// The items of the list `key`, each read by `item` (`None` after a problem it reported).
fn list<T>(
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    key: &str,
    v: &Node<'_>,
    mut item: impl FnMut(&mut Findings<'_>, &Trail<'_>, &Node<'_>) -> Option<T>,
) -> Vec<T> {
    let Node::Array(items) = v else {
        f.bad(
            at,
            who,
            format!("`{key}` 须是列表"),
            format!("`{key}` must be a list"),
        );
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (j, v) in items.iter().enumerate() {
        out.extend(item(f, &at.index(j), v));
    }
    out
}

pub(super) fn record(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    r: &Node<'_>,
) -> Option<Record> {
    let Some(members) = r.as_object() else {
        f.bad(
            at,
            who,
            "记录须是对象".into(),
            "a record must be an object".into(),
        );
        return None;
    };
    let kind = r.get("kind").and_then(Node::as_str).unwrap_or("");
    let Some(decl) = plan.record(kind) else {
        let kinds: Vec<&str> = plan
            .policy
            .model
            .records
            .iter()
            .map(|r| r.kind.as_str())
            .collect();
        let near = suggestion(kind, kinds.iter().copied()).map_or_else(
            || format!("; the kinds are {}", kinds.join(", ")),
            |t| format!("; {}", t.en),
        );
        f.bad(
            &at.key("kind"),
            who,
            format!(
                "记录种类 `{kind}` 未在本规则版本中声明（可用：{}）",
                kinds.join("、")
            ),
            format!("the record kind `{kind}` is not declared by this policy{near}"),
        );
        return None;
    };
    let date = match r.get("date").and_then(Node::as_str).map(Date::parse) {
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            f.bad(
                &at.key("date"),
                who,
                format!("记录的日期不是有效日期：{}", e.zh()),
                format!("the record's date is not a valid date: {e}"),
            );
            return None;
        }
        None => {
            f.bad(
                &at.key("date"),
                who,
                "记录缺少日期：须填写（如 2023-06-30）".into(),
                "the record has no `date`: it must be given (such as 2023-06-30)".into(),
            );
            return None;
        }
    };
    let mut values = vec![None; decl.fields.len()];
    for (key, v) in members {
        match decl.fields.iter().position(|d| d.path == *key) {
            Some(k) => values[k] = typed(f, &at.key(key), who, &decl.fields[k], v),
            None if ["kind", "date", "note"].contains(&key.as_ref()) => {}
            None => f.unknown(format!("records[{kind}].{key}"), who),
        }
    }
    let missing = decl
        .fields
        .iter()
        .zip(&values)
        .find(|(d, v)| d.required && v.is_none());
    if let Some((d, _)) = missing {
        f.bad(
            at,
            who,
            format!("`{kind}` 记录缺少必填字段 `{}`", d.path),
            format!("a `{kind}` record needs the field `{}`", d.path),
        );
        return None;
    }
    Some(Record {
        decl: Arc::clone(decl),
        date,
        values,
        note: r.get("note").and_then(Node::as_str).map(str::to_owned),
    })
}

pub(super) fn history(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    v: &Node<'_>,
) -> Vec<HistoryEntry> {
    list(f, at, who, "history", v, |f, at, h| {
        history_entry(plan, f, at, who, h)
    })
}

/// One earlier win; `None` after a problem (reported).
pub(super) fn history_entry(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    ht: &Trail<'_>,
    who: &str,
    h: &Node<'_>,
) -> Option<HistoryEntry> {
    let tiers = || -> Vec<&str> { plan.policy.tiers.iter().map(|t| t.id.as_str()).collect() };
    let year = h
        .get("year")
        .and_then(Node::as_i64)
        .and_then(|y| i32::try_from(y).ok());
    let tier = h.get("tier").and_then(Node::as_str);
    let revoked = h.get("revoked").filter(|v| !v.is_null());
    match (year, tier, revoked) {
        (None, _, _) => f.bad(
            &ht.key("year"),
            who,
            "须有年度 `year`（整数）".into(),
            "needs a `year` (a whole number)".into(),
        ),
        (_, Some(t), _) if !plan.policy.tiers.iter().any(|k| k.id == t) => f.bad(
            &ht.key("tier"),
            who,
            format!(
                "奖项 `{t}` 不在本规则版本中（可用：{}）",
                tiers().join("、")
            ),
            format!(
                "the tier `{t}` is not one of this policy's ({})",
                tiers().join(", ")
            ),
        ),
        (_, None, _) => f.bad(
            &ht.key("tier"),
            who,
            "须有奖项 `tier`".into(),
            "needs a `tier`".into(),
        ),
        (_, _, Some(r)) if !matches!(r, Node::Bool(_)) => f.bad(
            &ht.key("revoked"),
            who,
            "`revoked` 须是布尔值".into(),
            "`revoked` must be true or false".into(),
        ),
        (Some(year), Some(tier), revoked) => {
            let category = h
                .get("category")
                .filter(|v| !v.is_null())
                .and_then(|c| category(plan, f, &ht.key("category"), who, c));
            return Some(HistoryEntry {
                year,
                tier: tier.to_owned(),
                category,
                revoked: match revoked {
                    Some(Node::Bool(b)) => Some(*b),
                    _ => None,
                },
            });
        }
    }
    None
}

pub(super) fn scores(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    v: &Node<'_>,
    out: &mut [Option<Decimal>],
) {
    let Node::Object(map) = v else {
        f.bad(
            at,
            who,
            "`scores` 须是对象".into(),
            "`scores` must be an object".into(),
        );
        return;
    };
    for (key, v) in map {
        score(plan, f, at, who, key, v, out);
    }
}

/// One member of `scores`: the score of the stage `key`.
pub(super) fn score(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    at: &Trail<'_>,
    who: &str,
    key: &str,
    v: &Node<'_>,
    out: &mut [Option<Decimal>],
) {
    let Some(i) = plan.policy.stages.iter().position(|s| s.id == key) else {
        f.unknown(format!("scores.{key}"), who);
        return;
    };
    if v.is_null() {
        return;
    }
    let st = at.key(key);
    match decimal(v) {
        Some(d) if d >= Decimal::ZERO => out[i] = Some(d),
        Some(d) => f.bad(
            &st,
            who,
            format!("得分 `{key}` = {d} 不能为负"),
            format!("score `{key}` = {d} cannot be negative"),
        ),
        None => f.bad(
            &st,
            who,
            format!("得分 `{key}` 应为数字，实为 {v}"),
            format!("score `{key}` must be a number, not {v}"),
        ),
    }
}
