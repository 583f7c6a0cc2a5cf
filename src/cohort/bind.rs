//! Reading a cohort's applicants against a policy's declarations: each declared field typed as
//! declared (exact decimals, dates, enum values or their labels), records by their declared
//! kinds, history by tier id, scores by stage id. Every problem is reported at once, each at its
//! JSON pointer with the applicant's id; keys the policy does not declare and enum values
//! outside the declared ones are warnings, each said once, never silently dropped.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::{Map, Value as Json};

use super::{Applicant, Cohort, CohortFile, Cycle, HistoryEntry, Record, Value};
use crate::date::Date;
use crate::diag::{suggestion, Diagnostic, Text};
use crate::policy::fields::{FieldDecl, FieldType, RecordDecl, ENGINE_KEYS};
use crate::policy::Policy;
use crate::text;

/// What a key of an applicant object is, by its dotted path.
enum Node {
    /// A declared field, by index.
    Field(usize),
    /// An object that holds declared fields deeper down.
    Branch,
}

/// The policy's declarations arranged for reading.
struct Plan<'p> {
    policy: &'p Policy,
    nodes: HashMap<String, Node>,
    records: HashMap<&'p str, Arc<RecordDecl>>,
}

impl<'p> Plan<'p> {
    fn new(policy: &'p Policy) -> Plan<'p> {
        let mut nodes = HashMap::new();
        for (i, f) in policy.model.fields.iter().enumerate() {
            let mut prefix = String::new();
            for seg in f.path.split('.') {
                if !prefix.is_empty() {
                    nodes.entry(prefix.clone()).or_insert(Node::Branch);
                    prefix.push('.');
                }
                prefix.push_str(seg);
            }
            nodes.insert(f.path.clone(), Node::Field(i));
        }
        let records = policy
            .model
            .records
            .iter()
            .map(|r| (r.kind.as_str(), r.clone()))
            .collect();
        Plan {
            policy,
            nodes,
            records,
        }
    }
}

/// Problems and warnings found while reading.
struct Findings<'d> {
    doc: &'d CohortFile,
    problems: Vec<Diagnostic>,
    /// Undeclared key → the applicants carrying it.
    unknown: BTreeMap<String, Vec<String>>,
    warnings: Vec<Text>,
}

impl Findings<'_> {
    fn bad(&mut self, pointer: &str, who: &str, zh: String, en: String) {
        let d = self.doc.problem(
            pointer,
            text!(
                format!("申报组织 `{who}`：{zh}"),
                format!("applicant `{who}`: {en}")
            ),
        );
        self.problems.push(d);
    }
}

/// Reads the document's applicants against `policy`.
pub(super) fn bind(
    doc: &CohortFile,
    cycle: Cycle,
    policy: &Policy,
) -> Result<Cohort, Vec<Diagnostic>> {
    let plan = Plan::new(policy);
    let mut f = Findings {
        doc,
        problems: Vec::new(),
        unknown: BTreeMap::new(),
        warnings: Vec::new(),
    };
    let Some(root) = doc.value.as_object() else {
        return Err(vec![doc.problem(
            "",
            text!("申报名单须是一个对象", "a cohort is an object"),
        )]);
    };
    for key in root.keys().filter(|k| *k != "cycle" && *k != "applicants") {
        f.unknown.entry(key.clone()).or_default();
    }
    if let Some(c) = doc.value.get("cycle").and_then(Json::as_object) {
        for key in c.keys() {
            if !["year", "application_deadline", "publicity_start"].contains(&key.as_str()) {
                f.unknown.entry(format!("cycle.{key}")).or_default();
            }
        }
    }
    let list = match root.get("applicants") {
        Some(Json::Array(list)) => list.as_slice(),
        _ => {
            return Err(vec![doc.problem(
                "/applicants",
                text!(
                    "缺少申报组织列表 `applicants`",
                    "the list `applicants` is missing"
                ),
            )])
        }
    };
    let mut applicants = Vec::with_capacity(list.len());
    let mut seen = HashSet::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let base = format!("/applicants/{i}");
        let Some(a) = a.as_object() else {
            f.bad(
                &base,
                &format!("#{}", i + 1),
                "不是对象".into(),
                "is not an object".into(),
            );
            continue;
        };
        let applicant = applicant(&plan, &mut f, &base, a);
        if applicant.id.is_empty() {
            f.bad(
                &format!("{base}/id"),
                "",
                "编号为空".into(),
                "the id is empty".into(),
            );
        } else if !seen.insert(applicant.id.clone()) {
            f.bad(
                &format!("{base}/id"),
                &applicant.id,
                "编号重复".into(),
                "this id appears more than once".into(),
            );
        }
        applicants.push(applicant);
    }
    if !f.problems.is_empty() {
        return Err(f.problems);
    }
    let mut warnings = unknown_warnings(&plan, &f.unknown);
    warnings.append(&mut f.warnings);
    Ok(Cohort {
        cycle,
        applicants,
        warnings,
    })
}

/// One warning per undeclared key, naming the applicants and the nearest declared field.
fn unknown_warnings(plan: &Plan<'_>, unknown: &BTreeMap<String, Vec<String>>) -> Vec<Text> {
    let stages = plan
        .policy
        .stages
        .iter()
        .map(|s| format!("scores.{}", s.id));
    let known: Vec<String> = plan
        .policy
        .model
        .fields
        .iter()
        .map(|f| f.path.clone())
        .chain(stages)
        .chain(ENGINE_KEYS.iter().map(|k| (*k).to_owned()))
        .collect();
    unknown
        .iter()
        .map(|(key, who)| {
            let near = suggestion(key, known.iter().map(String::as_str));
            let shown: Vec<&str> = who.iter().take(5).map(String::as_str).collect();
            let more = who.len().saturating_sub(shown.len());
            let (whom_zh, whom_en) = match (shown.is_empty(), more) {
                (true, _) => (String::new(), String::new()),
                (false, 0) => (format!("（{}）", shown.join("、")), format!(" ({})", shown.join(", "))),
                (false, n) => (
                    format!("（{} 等 {} 家）", shown.join("、"), who.len()),
                    format!(" ({} and {n} more)", shown.join(", ")),
                ),
            };
            let (near_zh, near_en) = near.map_or((String::new(), String::new()), |t| {
                (format!("；{}", t.zh), format!("; {}", t.en))
            });
            text!(
                format!("申报名单中的 `{key}`{whom_zh} 不是本规则版本声明的字段，未予读取{near_zh}"),
                format!("`{key}`{whom_en} is not a field this policy declares; it was not read{near_en}")
            )
        })
        .collect()
}

fn applicant(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    base: &str,
    a: &Map<String, Json>,
) -> Applicant {
    let id = a.get("id").and_then(Json::as_str).unwrap_or("").to_owned();
    let who = if id.is_empty() { "?" } else { id.as_str() }.to_owned();
    let mut out = Applicant {
        id,
        values: vec![None; plan.policy.model.fields.len()],
        scores: vec![None; plan.policy.stages.len()],
        ..Applicant::default()
    };
    if let Some(v) = a.get("id").filter(|v| !v.is_string()) {
        f.bad(
            &format!("{base}/id"),
            &who,
            format!("编号须是文字，实为 {v}"),
            format!("the id must be a string, not {v}"),
        );
    }
    out.name = text_of(f, base, &who, a, "name");
    let _ = text_of(f, base, &who, a, "category");
    if let Some(v) = a.get("records").filter(|v| !v.is_null()) {
        out.records = Some(records(plan, f, &format!("{base}/records"), &who, v));
    }
    if let Some(v) = a.get("history").filter(|v| !v.is_null()) {
        out.history = Some(history(plan, f, &format!("{base}/history"), &who, v));
    }
    if let Some(v) = a.get("scores").filter(|v| !v.is_null()) {
        scores(plan, f, &format!("{base}/scores"), &who, v, &mut out.scores);
    }
    walk(plan, f, base, &who, "", a, &mut out.values);
    out
}

/// An optional text key of the applicant.
fn text_of(
    f: &mut Findings<'_>,
    base: &str,
    who: &str,
    a: &Map<String, Json>,
    key: &str,
) -> Option<String> {
    match a.get(key) {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(v) => {
            f.bad(
                &format!("{base}/{key}"),
                who,
                format!("`{key}` 须是文字，实为 {v}"),
                format!("`{key}` must be a string, not {v}"),
            );
            None
        }
    }
}

/// Reads the declared fields of one object level; anything undeclared is noted.
fn walk(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    base: &str,
    who: &str,
    prefix: &str,
    object: &Map<String, Json>,
    values: &mut [Option<Value>],
) {
    for (key, v) in object {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let pointer = format!("{base}/{}", crate::pointer::escape(key));
        match plan.nodes.get(&path) {
            Some(Node::Field(i)) => {
                let decl = &plan.policy.model.fields[*i];
                values[*i] = typed(f, &pointer, who, decl, v);
            }
            Some(Node::Branch) => match v {
                Json::Object(inner) => walk(plan, f, &pointer, who, &path, inner, values),
                Json::Null => {}
                other => f.bad(
                    &pointer,
                    who,
                    format!("`{path}` 须是对象，实为 {other}"),
                    format!("`{path}` must be an object, not {other}"),
                ),
            },
            None if prefix.is_empty() && ENGINE_KEYS.contains(&key.as_str()) => {}
            None => f.unknown.entry(path).or_default().push(who.to_owned()),
        }
    }
}

/// A value read as its declared type; `None` for null, or after a problem (reported).
fn typed(
    f: &mut Findings<'_>,
    pointer: &str,
    who: &str,
    decl: &FieldDecl,
    v: &Json,
) -> Option<Value> {
    if v.is_null() {
        return None;
    }
    let path = &decl.path;
    let wrong = |f: &mut Findings<'_>, want: (&str, &str)| {
        f.bad(
            pointer,
            who,
            format!("`{path}` 应为{}，实为 {v}", want.0),
            format!("`{path}` must be {}, not {v}", want.1),
        );
        None
    };
    let value = match &decl.ty {
        FieldType::Bool => match v {
            Json::Bool(b) => Value::Bool(*b),
            _ => return wrong(f, ("布尔值（true 或 false）", "true or false")),
        },
        FieldType::Integer => match v.as_i64() {
            Some(n) if v.is_number() => Value::Int(n),
            _ => return wrong(f, ("整数", "a whole number")),
        },
        FieldType::Decimal => match decimal(v) {
            Some(d) => Value::Decimal(d),
            None => {
                return wrong(
                    f,
                    (
                        "数字（如 812.5 或 \"812.5\"）",
                        "a number (such as 812.5 or \"812.5\")",
                    ),
                )
            }
        },
        FieldType::Date => match v.as_str().map(Date::parse) {
            Some(Ok(d)) => Value::Date(d),
            Some(Err(e)) => {
                f.bad(
                    pointer,
                    who,
                    format!("`{path}` 不是有效日期：{e}"),
                    format!("`{path}` is not a valid date: {e}"),
                );
                return None;
            }
            None => return wrong(f, ("日期 YYYY-MM-DD", "a date YYYY-MM-DD")),
        },
        FieldType::Text => match v {
            Json::String(s) => Value::Text(s.clone()),
            _ => return wrong(f, ("文字", "a string")),
        },
        FieldType::Enum(choices) => match v {
            Json::String(s) => match choices.position(s) {
                Some(i) => Value::Choice(i),
                None => {
                    let allowed = |open: &str, close: &str| -> Vec<String> {
                        choices
                            .values
                            .iter()
                            .zip(&choices.labels)
                            .map(|(v, l)| match l {
                                Some(l) => format!("{v}{open}{l}{close}"),
                                None => v.clone(),
                            })
                            .collect()
                    };
                    f.warnings.push(text!(
                        format!("申报组织 `{who}`：`{path}` = \"{s}\" 不是规定的取值（{}），按不符合处理", allowed("（", "）").join("、")),
                        format!("applicant `{who}`: `{path}` = \"{s}\" is not one of the values allowed ({}); it fails any test on it", allowed(" (", ")").join(", "))
                    ));
                    Value::Text(s.clone())
                }
            },
            _ => return wrong(f, ("文字", "a string")),
        },
        FieldType::DecimalByYear => match years(v) {
            Ok(y) => Value::Years(y),
            Err(e) => {
                f.bad(
                    pointer,
                    who,
                    format!("`{path}` {}", e.zh),
                    format!("`{path}` {}", e.en),
                );
                return None;
            }
        },
    };
    let number = match &value {
        Value::Int(n) => Some(Decimal::from(*n)),
        Value::Decimal(d) => Some(*d),
        _ => None,
    };
    if let Some(n) = number {
        if let Some(min) = decl.min.filter(|m| n < *m) {
            f.bad(
                pointer,
                who,
                format!("`{path}` = {n} 小于下限 {min}"),
                format!("`{path}` = {n} is below its least value {min}"),
            );
            return None;
        }
        if let Some(max) = decl.max.filter(|m| n > *m) {
            f.bad(
                pointer,
                who,
                format!("`{path}` = {n} 大于上限 {max}"),
                format!("`{path}` = {n} is above its greatest value {max}"),
            );
            return None;
        }
    }
    Some(value)
}

/// An exact decimal from a JSON number or string.
fn decimal(v: &Json) -> Option<Decimal> {
    match v {
        Json::Number(n) => crate::decimal::parse(&n.to_string()).ok(),
        Json::String(s) => crate::decimal::parse(s).ok(),
        _ => None,
    }
}

/// `"YYYY"` → decimal, sorted by year.
fn years(v: &Json) -> Result<Vec<(i32, Decimal)>, Text> {
    let Json::Object(map) = v else {
        return Err(text!(
            "应为 \"年份\": 数字 的对象",
            "must be an object of \"YYYY\": number"
        ));
    };
    let mut out = Vec::with_capacity(map.len());
    for (key, amount) in map {
        let year = (key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit()))
            .then(|| key.parse::<i32>().ok())
            .flatten()
            .ok_or_else(|| {
                text!(
                    format!("中 `{key}` 不是年份 YYYY"),
                    format!("has `{key}`, which is not a year YYYY")
                )
            })?;
        let amount = decimal(amount).ok_or_else(|| {
            text!(
                format!("中 {key} 年的值不是数字：{amount}"),
                format!("has a value for {key} that is not a number: {amount}")
            )
        })?;
        out.push((year, amount));
    }
    out.sort_by_key(|(y, _)| *y);
    Ok(out)
}

fn records(plan: &Plan<'_>, f: &mut Findings<'_>, base: &str, who: &str, v: &Json) -> Vec<Record> {
    let Json::Array(list) = v else {
        f.bad(
            base,
            who,
            "`records` 须是列表".into(),
            "`records` must be a list".into(),
        );
        return Vec::new();
    };
    let mut out = Vec::with_capacity(list.len());
    for (j, r) in list.iter().enumerate() {
        let rp = format!("{base}/{j}");
        let Some(r) = r.as_object() else {
            f.bad(
                &rp,
                who,
                "记录须是对象".into(),
                "a record must be an object".into(),
            );
            continue;
        };
        let kind = r.get("kind").and_then(Json::as_str).unwrap_or("");
        let Some(decl) = plan.records.get(kind) else {
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
                &format!("{rp}/kind"),
                who,
                format!(
                    "记录种类 `{kind}` 未在本规则版本中声明（可用：{}）",
                    kinds.join("、")
                ),
                format!("the record kind `{kind}` is not declared by this policy{near}"),
            );
            continue;
        };
        let date = match r.get("date").and_then(Json::as_str).map(Date::parse) {
            Some(Ok(d)) => d,
            _ => {
                f.bad(
                    &format!("{rp}/date"),
                    who,
                    "记录须有有效的日期 `date`".into(),
                    "a record needs a valid `date`".into(),
                );
                continue;
            }
        };
        let mut values = vec![None; decl.fields.len()];
        for (key, v) in r {
            let kp = format!("{rp}/{}", crate::pointer::escape(key));
            match decl.fields.iter().position(|d| d.path == *key) {
                Some(k) => values[k] = typed(f, &kp, who, &decl.fields[k], v),
                None if ["kind", "date", "note"].contains(&key.as_str()) => {}
                None => f
                    .unknown
                    .entry(format!("records[{kind}].{key}"))
                    .or_default()
                    .push(who.to_owned()),
            }
        }
        if let Some((_, missing)) = decl
            .fields
            .iter()
            .zip(&values)
            .find(|(d, v)| d.required && v.is_none())
            .map(|(d, v)| (v, d))
        {
            f.bad(
                &rp,
                who,
                format!("`{kind}` 记录缺少必填字段 `{}`", missing.path),
                format!("a `{kind}` record needs the field `{}`", missing.path),
            );
            continue;
        }
        out.push(Record {
            decl: decl.clone(),
            date,
            values,
            note: r.get("note").and_then(Json::as_str).map(str::to_owned),
        });
    }
    out
}

fn history(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    base: &str,
    who: &str,
    v: &Json,
) -> Vec<HistoryEntry> {
    let Json::Array(list) = v else {
        f.bad(
            base,
            who,
            "`history` 须是列表".into(),
            "`history` must be a list".into(),
        );
        return Vec::new();
    };
    let tiers: Vec<&str> = plan.policy.tiers.iter().map(|t| t.id.as_str()).collect();
    let mut out = Vec::with_capacity(list.len());
    for (j, h) in list.iter().enumerate() {
        let hp = format!("{base}/{j}");
        let year = h
            .get("year")
            .and_then(Json::as_i64)
            .and_then(|y| i32::try_from(y).ok());
        let tier = h.get("tier").and_then(Json::as_str);
        let revoked = h.get("revoked").filter(|v| !v.is_null());
        match (year, tier, revoked) {
            (None, _, _) => f.bad(
                &format!("{hp}/year"),
                who,
                "须有年度 `year`（整数）".into(),
                "needs a `year` (a whole number)".into(),
            ),
            (_, Some(t), _) if !tiers.contains(&t) => f.bad(
                &format!("{hp}/tier"),
                who,
                format!("奖项 `{t}` 不在本规则版本中（可用：{}）", tiers.join("、")),
                format!(
                    "the tier `{t}` is not one of this policy's ({})",
                    tiers.join(", ")
                ),
            ),
            (_, None, _) => f.bad(
                &format!("{hp}/tier"),
                who,
                "须有奖项 `tier`".into(),
                "needs a `tier`".into(),
            ),
            (_, _, Some(r)) if !r.is_boolean() => f.bad(
                &format!("{hp}/revoked"),
                who,
                "`revoked` 须是布尔值".into(),
                "`revoked` must be true or false".into(),
            ),
            (Some(year), Some(tier), revoked) => out.push(HistoryEntry {
                year,
                tier: tier.to_owned(),
                revoked: revoked.and_then(Json::as_bool),
            }),
        }
    }
    out
}

fn scores(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    base: &str,
    who: &str,
    v: &Json,
    out: &mut [Option<Decimal>],
) {
    let Json::Object(map) = v else {
        f.bad(
            base,
            who,
            "`scores` 须是对象".into(),
            "`scores` must be an object".into(),
        );
        return;
    };
    for (key, v) in map {
        let sp = format!("{base}/{}", crate::pointer::escape(key));
        let Some(i) = plan.policy.stages.iter().position(|s| s.id == *key) else {
            f.unknown
                .entry(format!("scores.{key}"))
                .or_default()
                .push(who.to_owned());
            continue;
        };
        if v.is_null() {
            continue;
        }
        match decimal(v) {
            Some(d) if d >= Decimal::ZERO => out[i] = Some(d),
            Some(d) => f.bad(
                &sp,
                who,
                format!("得分 `{key}` = {d} 不能为负"),
                format!("score `{key}` = {d} cannot be negative"),
            ),
            None => f.bad(
                &sp,
                who,
                format!("得分 `{key}` 应为数字，实为 {v}"),
                format!("score `{key}` must be a number, not {v}"),
            ),
        }
    }
}
