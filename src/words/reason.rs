//! Reasons in words: why a clause or condition came out as it did, with the values observed
//! and the parameters used, in Chinese or English.

use crate::cohort::{Cycle, Record};
use crate::diag::Lang;
use crate::eval::read::val_of;
use crate::eval::{ClauseStatus, ClauseVerdict, Observed, Status};
use crate::policy::fields::{Field, FieldType, RecordDecl, RecordField, Slot};
use crate::policy::script::ScriptOutcome;
use crate::policy::{
    Clause, ClauseBody, Condition, Op, Operand, ParamValue, RecordTest, Test, Val,
};

/// An operator as a Chinese sentence says it: 须不超过 3, 须属于 […].
fn op_words(op: Op, ty: &FieldType) -> &'static str {
    match (op, ty) {
        (Op::Lt, FieldType::Date) => return "早于",
        (Op::Le, FieldType::Date) => return "不晚于",
        (Op::Gt, FieldType::Date) => return "晚于",
        (Op::Ge, FieldType::Date) => return "不早于",
        _ => {}
    }
    match op {
        Op::Eq => "为",
        Op::Ne => "不为",
        Op::Lt => "低于",
        Op::Le => "不超过",
        Op::Gt => "高于",
        Op::Ge => "不低于",
        Op::In => "属于",
        Op::NotIn => "不属于",
    }
}

/// How Chinese says that a value is, or is not, of a kind: 为, 不为, 不超过 ….
fn is_words(op: Op, ty: &FieldType) -> &'static str {
    match op {
        Op::In => "为",
        Op::NotIn => "不为",
        other => op_words(other, ty),
    }
}

/// What is required, as Chinese says it: 须不超过3, 须为“甲”或“乙”, 不得为“丙”.
fn must_zh(op: Op, ty: &FieldType, rhs: &str) -> String {
    match op {
        Op::Ne | Op::NotIn => format!("不得为{rhs}"),
        Op::In => format!("须为{rhs}"),
        other => format!("须{}{rhs}", op_words(other, ty)),
    }
}

/// A field as Chinese output names it: its declared title, the engine's own words for the keys
/// it knows, else its path.
fn zh_name(f: &Field) -> String {
    if let Some(t) = &f.title {
        return t.zh.clone();
    }
    match f.slot {
        Slot::Deadline => "申报截止日期".into(),
        Slot::Year => "评定年度".into(),
        Slot::Id => "申报编号".into(),
        Slot::Name => "名称".into(),
        _ => f.path().to_owned(),
    }
}

/// A record field as Chinese output names it: its declared title (`date`: 日期).
fn zh_record_name(decl: &RecordDecl, field: &RecordField) -> String {
    match field.slot.and_then(|i| decl.fields.get(i)) {
        Some(d) => d.title.zh.clone(),
        None if field.name() == "date" => "日期".into(),
        None => field.name().to_owned(),
    }
}

/// The label staff use for an enumeration's value, when the policy gives one.
fn label_of<'t>(ty: &'t FieldType, value: &str) -> Option<&'t str> {
    let choices = ty.choices()?;
    let i = choices.values.iter().position(|v| v == value)?;
    choices.labels.get(i)?.as_deref()
}

/// A value as its reader knows it: in Chinese, an enumeration's value by its label.
fn value_text(v: &Val<'_>, ty: &FieldType, lang: Lang) -> String {
    match (lang, v) {
        (Lang::Zh, Val::Text(s)) => format!("“{}”", label_of(ty, s).unwrap_or(s)),
        (Lang::Zh, Val::Bool(b)) => (if *b { "“是”" } else { "“否”" }).to_owned(),
        (Lang::Zh, Val::Date(d)) => d.zh(),
        _ => v.to_string(),
    }
}

/// A parameter's or literal's value, labelled as `value_text` does.
fn param_text(p: &ParamValue, ty: &FieldType, lang: Lang) -> String {
    match p {
        ParamValue::List(items) if lang == Lang::Zh => {
            // “甲”、“乙”或“丙”
            let shown: Vec<String> = items.iter().map(|i| param_text(i, ty, lang)).collect();
            match shown.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{}或{last}", rest.join("、")),
                _ => shown.concat(),
            }
        }
        ParamValue::List(items) => {
            let labelled = lang == Lang::Zh
                && items
                    .iter()
                    .any(|i| matches!(i, ParamValue::Text(t) if label_of(ty, t).is_some()));
            let sep = if labelled { "、" } else { ", " };
            let shown: Vec<String> = items.iter().map(|i| param_text(i, ty, lang)).collect();
            format!("[{}]", shown.join(sep))
        }
        scalar => match scalar.as_val() {
            Some(v) => value_text(&v, ty, lang),
            None => String::new(),
        },
    }
}

/// The right-hand side of a test on a field of type `ty`.
fn operand_text(op: &Operand, ty: &FieldType, lang: Lang) -> String {
    match op {
        Operand::Literal(v) => param_text(v, ty, lang),
        Operand::Param(name, v) => {
            let v = param_text(v, ty, lang);
            // Chinese output is for the committee: the number, not the parameter's name.
            match lang {
                Lang::Zh => v,
                Lang::En => format!("{v} (parameter {name})"),
            }
        }
        Operand::Field(f) if lang == Lang::Zh => zh_name(f),
        Operand::Field(f) => f.path().to_owned(),
    }
}

fn test_text(t: &Test, lang: Lang) -> String {
    if lang == Lang::Zh {
        let rhs = operand_text(&t.operand, &t.field.ty, lang);
        return format!("{}{}{rhs}", zh_name(&t.field), is_words(t.op, &t.field.ty));
    }
    format!(
        "{} {} {}",
        t.field.path(),
        t.op.symbol(),
        operand_text(&t.operand, &t.field.ty, lang)
    )
}

/// A test on a record's field as Chinese says it before the kind: 等级为“较大”或“重大”的, 重大的.
fn record_test_zh(t: &RecordTest, decl: &RecordDecl) -> String {
    let name = zh_record_name(decl, &t.field);
    match (&t.operand, t.op) {
        (Operand::Literal(ParamValue::Bool(true)), Op::Eq)
        | (Operand::Literal(ParamValue::Bool(false)), Op::Ne) => format!("{name}的"),
        (Operand::Literal(ParamValue::Bool(_)), Op::Eq | Op::Ne) => format!("非{name}的"),
        _ => {
            let rhs = operand_text(&t.operand, &t.field.ty, Lang::Zh);
            format!("{name}{}{rhs}的", is_words(t.op, &t.field.ty))
        }
    }
}

fn record_test_text(t: &RecordTest, lang: Lang) -> String {
    format!(
        "{} {} {}",
        t.field.name(),
        t.op.symbol(),
        operand_text(&t.operand, &t.field.ty, lang)
    )
}

/// A record with its kind, date and values; in Chinese by the titles the policy declares.
fn record_text(i: usize, r: &Record, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let kind = if zh { r.decl.title.get(lang) } else { r.kind() };
    let date = if zh { r.date.zh() } else { r.date.to_string() };
    let mut parts = vec![kind.to_owned(), date];
    for (decl, v) in r.decl.fields.iter().zip(&r.values) {
        let shown = match v.as_ref().and_then(|v| val_of(v, &decl.ty)) {
            Some(Val::Text(t)) if zh => label_of(&decl.ty, t).unwrap_or(t).to_owned(),
            Some(Val::Bool(b)) if zh => (if b { "是" } else { "否" }).to_owned(),
            Some(Val::Date(d)) if zh => d.zh(),
            Some(Val::Text(t)) => t.to_owned(),
            Some(other) => other.to_string(),
            None => continue,
        };
        let name = if zh { decl.title.get(lang) } else { &decl.path };
        parts.push(if zh {
            format!("{name}：{shown}")
        } else {
            format!("{name}={shown}")
        });
    }
    if zh {
        format!("第{}条记录（{}）", i + 1, parts.join("，"))
    } else {
        format!("records[{i}] ({})", parts.join(", "))
    }
}

/// The field at `path` among those `clause` reads, for its title.
fn field_read<'c>(clause: &'c Clause, path: &str) -> Option<&'c Field> {
    let test_fields = |t: &'c Test| {
        let other = match &t.operand {
            Operand::Field(f) => Some(f),
            _ => None,
        };
        std::iter::once(&t.field).chain(other)
    };
    let mut fields: Vec<&Field> = clause.when.iter().flat_map(test_fields).collect();
    match &clause.body {
        ClauseBody::Compare(t) => fields.extend(test_fields(t)),
        ClauseBody::FullYears { field, .. } | ClauseBody::EachYear { field, .. } => {
            fields.push(field)
        }
        ClauseBody::NoRecord { unless, .. } => fields.extend(unless.iter().flat_map(test_fields)),
        ClauseBody::Script(s) => fields.extend(s.inputs.iter().map(|(_, f)| f)),
        ClauseBody::AnyOf => {}
    }
    fields.into_iter().find(|f| f.path() == path)
}

/// A missing field's words: in Chinese by its title (the paper's reader knows the form, not the
/// data's paths), in English by its path and title; the path alone where no title is declared.
fn missing_text(clause: &Clause, label: &str, path: &str, lang: Lang) -> String {
    let declared = field_read(clause, path).and_then(|f| f.title.as_ref());
    let title = declared.map(|t| t.get(lang)).filter(|t| *t != label);
    // The clause's label already names the field: no need to say it twice, nor its path.
    if title.is_none() && declared.is_some() {
        return lang.pick(
            "未填写，无法判断".to_owned(),
            format!("{path} is missing, so this cannot be decided"),
        );
    }
    match title {
        Some(t) => lang.pick(
            format!("缺少“{t}”，无法判断"),
            format!("{path} is missing ({t}), so this cannot be decided"),
        ),
        // The engine's own list: not given is not the same as empty.
        None if path == "records" => lang.pick(
            "缺少不良记录清单（确无不良记录的，应填报“无”），无法判断".into(),
            "records is missing (the list of records; give [] when there are none, or 无 in a spreadsheet's 不良记录 column), so this cannot be decided".into(),
        ),
        None => lang.pick(
            format!("缺少字段 {path}，无法判断"),
            format!("{path} is missing, so this cannot be decided"),
        ),
    }
}

/// The clause's label: its title in the language, else its id.
pub fn clause_label(clause: &Clause, lang: Lang) -> String {
    clause
        .title
        .as_ref()
        .map_or_else(|| clause.id.clone(), |t| t.get(lang).to_owned())
}

/// Why one clause is true, false, unknown or not applicable.
pub fn clause_reason(
    clause: &Clause,
    v: &ClauseVerdict<'_>,
    records: &[Record],
    cycle: &Cycle,
    lang: Lang,
) -> String {
    let label = clause_label(clause, lang);
    let d = cycle.application_deadline;
    let body = match (&v.observed, &clause.body) {
        (Observed::Missing(f), _) => missing_text(clause, &label, f, lang),
        (Observed::Disabled, _) => lang.pick(
            "本规则版本停用了该条件".into(),
            "the policy disables this condition".into(),
        ),
        (Observed::OtherCategory, _) => lang.pick(
            "本条件不适用于该类别".into(),
            "this condition is not for the applicant's category".into(),
        ),
        (Observed::GuardFalse(g), _) => {
            let guard = clause
                .when
                .as_ref()
                .map(|t| test_text(t, lang))
                .unwrap_or_default();
            let g = match &clause.when {
                Some(t) => value_text(g, &t.field.ty, lang),
                None => g.to_string(),
            };
            // As an official writes it: not applicable, and why in brackets.
            let name = clause
                .when
                .as_ref()
                .map(|t| zh_name(&t.field))
                .unwrap_or_default();
            lang.pick(
                format!("不适用（{name}为{g}；本项仅在{guard}时适用）"),
                format!("not applicable: {guard} does not hold (it is {g})"),
            )
        }
        (Observed::Value(val), ClauseBody::Compare(t))
        | (Observed::Pair(val, _), ClauseBody::Compare(t)) => {
            let rhs = match (&v.observed, &t.operand) {
                (Observed::Pair(_, r), Operand::Field(f)) => value_text(r, &f.ty, lang),
                (Observed::Pair(_, r), _) => r.to_string(),
                _ => operand_text(&t.operand, &t.field.ty, lang),
            };
            // A yes-or-no fact, in Chinese, as a sentence: 拥护中央的路线、方针、政策为“否”，须为“是”.
            if let (Lang::Zh, Val::Bool(b), Operand::Literal(ParamValue::Bool(want)), Op::Eq) =
                (lang, val, &t.operand, t.op)
            {
                let name = t
                    .field
                    .title
                    .as_ref()
                    .map_or_else(|| t.field.path().to_owned(), |x| x.zh.clone());
                let yes = |b: bool| if b { "是" } else { "否" };
                // The policy's own words for a 否 that fails, when it gives them.
                if let (false, true, Some(said)) = (*b, *want, t.field.when_no.as_ref()) {
                    return format!("{label}：{}", said.zh);
                }
                let must = if b == want {
                    String::new()
                } else {
                    format!("，须为“{}”", yes(*want))
                };
                return format!("{label}：{name}为“{}”{must}", yes(*b));
            }
            // A place in a ranking, as an official says it: 第5位，未进入前3位.
            if let (Lang::Zh, true, Op::Le, Val::Int(n)) = (lang, t.field.place, t.op, val) {
                let within = match v.status {
                    ClauseStatus::True => "位于",
                    _ => "未进入",
                };
                return format!("{label}：{}第{n}位，{within}前{rhs}位", zh_name(&t.field));
            }
            let val = value_text(val, &t.field.ty, lang);
            // In Chinese, as a sentence about the field by its title.
            if lang == Lang::Zh {
                return format!(
                    "{label}：{}为{val}，{}",
                    zh_name(&t.field),
                    must_zh(t.op, &t.field.ty, &rhs)
                );
            }
            lang.pick(
                format!("{} = {val}，要求 {} {rhs}", t.field.path(), t.op.symbol()),
                format!(
                    "{} = {val}, required {} {rhs}",
                    t.field.path(),
                    t.op.symbol()
                ),
            )
        }
        (
            Observed::Value(Val::Date(since)),
            ClauseBody::FullYears {
                field,
                param,
                years,
            },
        ) => {
            let anniversary = since.add_years(*years);
            let holds = v.status == ClauseStatus::True;
            let name = field
                .title
                .as_ref()
                .map_or_else(|| field.path().to_owned(), |t| t.zh.clone());
            lang.pick(format!(
                    "{name}{}，至{}{}满{years}年，{}申报截止日期{}",
                    since.zh(),
                    anniversary.zh(),
                    if holds { "" } else { "方" },
                    if holds { "不晚于" } else { "晚于" },
                    d.zh()
                ),
                format!(
                    "{} = {since}; {years} full years (parameter {param}) are reached on {anniversary}, {} the deadline {d}",
                    field.path(),
                    if holds { "on or before" } else { "after" }
                ),
            )
        }
        (observed, ClauseBody::NoRecord { .. }) => {
            no_record_reason(observed, &clause.body, records, d, lang)
        }
        (
            observed,
            ClauseBody::EachYear {
                field,
                years_param,
                years,
                op,
                operand,
            },
        ) => {
            let first = cycle.year - years;
            let last = cycle.year - 1;
            let rule = format!("{} {}", op.symbol(), operand_text(operand, &field.ty, lang));
            let path = field.path();
            // In Chinese, as sentences about the field by its title and the years.
            if lang == Lang::Zh {
                let (name, rhs) = (zh_name(field), operand_text(operand, &field.ty, lang));
                let must = must_zh(*op, &field.ty, &rhs);
                return format!(
                    "{label}：{}",
                    match observed {
                        Observed::Year(y, Some(v)) => format!(
                            "{name}{y}年度为{}{}，{first}—{last}年度每年{must}",
                            crate::decimal::show(*v),
                            field.unit.as_deref().unwrap_or("")
                        ),
                        Observed::Year(y, None) => format!(
                            "缺少{name}{y}年度的数据，无法判断{first}—{last}年度是否每年{}",
                            must.trim_start_matches('须')
                        ),
                        _ => format!(
                            "{name}{first}—{last}年度每年均{}{rhs}",
                            is_words(*op, &field.ty)
                        ),
                    }
                );
            }
            match observed {
                Observed::Year(y, Some(v)) => lang.pick(format!("{path}[{y}] = {}，要求 {first}–{last} 年（参数 {years_param}）每年 {rule}", crate::decimal::show(*v)),
                    format!("{path}[{y}] = {}, required {rule} in each year {first}–{last} (parameter {years_param})", crate::decimal::show(*v)),
                ),
                Observed::Year(y, None) => lang.pick(format!("缺少 {path}[{y}]，无法判断 {first}–{last} 年每年 {rule}"),
                    format!("{path}[{y}] is missing, so {rule} in each year {first}–{last} cannot be decided"),
                ),
                _ => lang.pick(format!("{path} 在 {first}–{last} 年（参数 {years_param}）每年 {rule}"),
                    format!("{path} is {rule} in each year {first}–{last} (parameter {years_param})"),
                ),
            }
        }
        (Observed::Script(outcome), ClauseBody::Script(s)) => match outcome {
            ScriptOutcome::Holds(b) => lang.pick(
                format!(
                    "脚本 {} 判定为{}",
                    s.file,
                    if *b { "符合" } else { "不符合" }
                ),
                format!("script {} returned {b}", s.file),
            ),
            ScriptOutcome::Undecided => lang.pick(
                format!("脚本 {} 无法判定（数据不全）", s.file),
                format!("script {} could not decide (incomplete data)", s.file),
            ),
            ScriptOutcome::Failed(msg) => lang.pick(
                format!("脚本 {} 出错，按无法判断处理：{msg}", s.file),
                format!("script {} failed, so this is undetermined: {msg}", s.file),
            ),
        },
        (Observed::Group, _) => match v.status {
            ClauseStatus::True => {
                lang.pick("符合其中一项".into(), "at least one of them holds".into())
            }
            ClauseStatus::False => lang.pick("各项均不符合".into(), "none of them holds".into()),
            ClauseStatus::Unknown => lang.pick(
                "无一项符合，且有项无法判断".into(),
                "none holds, and some cannot be decided".into(),
            ),
            ClauseStatus::NotApplicable => {
                lang.pick("各项均不适用".into(), "none of them applies".into())
            }
        },
        (other, _) => format!("{other:?}"),
    };
    lang.pick(format!("{label}：{body}"), format!("{label}: {body}"))
}

/// Why a condition has its status: the clauses that decided it.
pub fn condition_reason(
    condition: &Condition,
    status: Status,
    verdicts: &[ClauseVerdict<'_>],
    records: &[Record],
    cycle: &Cycle,
    lang: Lang,
) -> String {
    let deciding = match status {
        Status::Fail => ClauseStatus::False,
        Status::Undetermined => ClauseStatus::Unknown,
        Status::Pass => ClauseStatus::True,
        Status::NotApplicable => ClauseStatus::NotApplicable,
    };
    let all = Deciding {
        clauses: &condition.clauses,
        verdicts,
        records,
        cycle,
        lang,
    };
    all.reasons(None, deciding)
}

/// The clauses of one condition with their verdicts, for saying which decided.
struct Deciding<'a, 'c> {
    clauses: &'a [Clause],
    verdicts: &'a [ClauseVerdict<'c>],
    records: &'a [Record],
    cycle: &'a Cycle,
    lang: Lang,
}

impl Deciding<'_, '_> {
    /// The reasons of the clauses directly in `group` (`None`: the condition) whose status is
    /// `deciding`; a group's reason is followed by its own deciding members'.
    fn reasons(&self, group: Option<usize>, deciding: ClauseStatus) -> String {
        let lang = self.lang;
        let chosen: Vec<(usize, &Clause, &ClauseVerdict<'_>)> = self
            .clauses
            .iter()
            .zip(self.verdicts)
            .enumerate()
            .filter(|(_, (c, v))| c.parent == group && v.status == deciding)
            .map(|(i, (c, v))| (i, c, v))
            .collect();
        // One line for a missing field that blocks several clauses.
        fn missing<'v>(v: &ClauseVerdict<'v>) -> Option<&'v str> {
            match v.observed {
                Observed::Missing(path) => Some(path),
                _ => None,
            }
        }
        let mut said: Vec<&str> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        for &(i, c, v) in &chosen {
            if let Some(path) = missing(v) {
                if said.contains(&path) {
                    continue;
                }
                let blocked: Vec<&Clause> = chosen
                    .iter()
                    .filter(|(_, _, w)| missing(w) == Some(path))
                    .map(|(_, k, _)| *k)
                    .collect();
                if blocked.len() > 1 {
                    said.push(path);
                    let what = missing_text(c, "", path, lang);
                    let names: Vec<String> =
                        blocked.iter().map(|k| clause_label(k, lang)).collect();
                    parts.push(lang.pick(
                        format!(
                            "{}；以下各项因此无法判断：{}",
                            what.trim_end_matches("，无法判断"),
                            names.join("、")
                        ),
                        format!(
                            "{}, so these cannot be decided: {}",
                            what.trim_end_matches(", so this cannot be decided"),
                            names.join(", ")
                        ),
                    ));
                    continue;
                }
            }
            let own = clause_reason(c, v, self.records, self.cycle, lang);
            if v.observed != Observed::Group {
                parts.push(own);
                continue;
            }
            let members = self.reasons(Some(i), v.status);
            parts.push(lang.pick(format!("{own}（{members}）"), format!("{own} ({members})")));
        }
        parts.join(lang.pick("；", "; "))
    }
}

/// Why a no-record clause holds or not: the record found, excused, or none in the window.
fn no_record_reason(
    observed: &Observed,
    body: &ClauseBody,
    records: &[Record],
    d: crate::date::Date,
    lang: Lang,
) -> String {
    let ClauseBody::NoRecord {
        kind,
        window_param,
        years,
        filter,
        except,
        unless,
    } = body
    else {
        return String::new();
    };
    let start = d.add_years(-years);
    let window = lang.pick(
        format!("{}至{}，不含首日", start.zh(), d.zh()),
        format!("({start}, {d}]"),
    );
    if lang == Lang::Zh {
        return no_record_zh(observed, body, records, d);
    }
    let mut cond: Vec<String> = filter.iter().map(|t| record_test_text(t, lang)).collect();
    cond.extend(except.iter().map(|t| {
        lang.pick(
            format!("除非 {}", record_test_text(t, lang)),
            format!("unless {}", record_test_text(t, lang)),
        )
    }));
    // In Chinese the kind by its title, with its id for finding it in the cohort.
    let kind_name = lang.pick(
        format!("“{}”（{}）", kind.title.get(lang), kind.kind),
        kind.kind.clone(),
    );
    let what = if cond.is_empty() {
        kind_name
    } else {
        format!("{kind_name} [{}]", cond.join("; "))
    };
    match observed {
        Observed::Record(i) => {
            let r = records.get(*i).map(|r| record_text(*i, r, lang)).unwrap_or_default();
            lang.pick(format!("近 {years} 年（参数 {window_param}，{window}）内有不良记录：{r}"),
                format!("a disqualifying record inside the last {years} years (parameter {window_param}, {window}): {r}"),
            )
        }
        Observed::Excused(i, val) => {
            let r = records.get(*i).map(|r| record_text(*i, r, lang)).unwrap_or_default();
            let u = unless.as_ref().map(|t| test_text(t, lang)).unwrap_or_default();
            let val = match unless {
                Some(t) => value_text(val, &t.field.ty, lang),
                None => val.to_string(),
            };
            lang.pick(format!("有记录 {r}，但 {u} 成立（实为 {val}），不计"), format!("{r} is inside the window, but {u} holds (it is {val}), so it does not count"))
        }
        _ => lang.pick(format!("近 {years} 年（参数 {window_param}，{window}）内无 {what} 记录"),
            format!("no {what} record inside the last {years} years (parameter {window_param}, {window})"),
        ),
    }
}

/// [`no_record_reason`] in Chinese: 近3年（…）内无等级为“较大”或“重大”的“事故”记录（…的除外）.
fn no_record_zh(
    observed: &Observed,
    body: &ClauseBody,
    records: &[Record],
    d: crate::date::Date,
) -> String {
    let ClauseBody::NoRecord {
        kind,
        years,
        filter,
        except,
        unless,
        ..
    } = body
    else {
        return String::new();
    };
    let within = format!(
        "近{years}年（{}至{}，不含首日）内",
        d.add_years(-years).zh(),
        d.zh()
    );
    let record = |i: usize| {
        records
            .get(i)
            .map(|r| record_text(i, r, Lang::Zh))
            .unwrap_or_default()
    };
    match observed {
        Observed::Record(i) => format!("{within}有不良记录：{}", record(*i)),
        Observed::Excused(i, val) => {
            let (u, val) = match unless {
                Some(t) => (
                    test_text(t, Lang::Zh),
                    value_text(val, &t.field.ty, Lang::Zh),
                ),
                None => (String::new(), val.to_string()),
            };
            format!("有{}，但{u}（实为{val}），不计", record(*i))
        }
        _ => {
            let which: String = filter.iter().map(|t| record_test_zh(t, kind)).collect();
            let but: Vec<String> = except.iter().map(|t| record_test_zh(t, kind)).collect();
            let but = if but.is_empty() {
                String::new()
            } else {
                format!("（{}除外）", but.join("或"))
            };
            let title = &kind.title.zh;
            let noun = if title.ends_with("记录") {
                ""
            } else {
                "记录"
            };
            format!("{within}无{which}“{title}”{noun}{but}")
        }
    }
}
