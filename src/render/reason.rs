//! Reasons in words: why a clause or condition came out as it did, with the values observed
//! and the parameters used, in Chinese or English.

use crate::cohort::{Cycle, Record};
use crate::diag::Lang;
use crate::eval::{ClauseStatus, ClauseVerdict, Observed, Status};
use crate::policy::fields::val_of;
use crate::policy::script::ScriptOutcome;
use crate::policy::{Clause, ClauseBody, Condition, Operand, RecordTest, Test, Val};

fn operand_text(op: &Operand, lang: Lang) -> String {
    match op {
        Operand::Literal(v) => v.to_string(),
        Operand::Param(name, v) => lang.pick(
            format!("{v}（参数 {name}）"),
            format!("{v} (parameter {name})"),
        ),
        Operand::Field(f) => f.path().to_owned(),
    }
}

fn test_text(t: &Test, lang: Lang) -> String {
    format!(
        "{} {} {}",
        t.field.path(),
        t.op.symbol(),
        operand_text(&t.operand, lang)
    )
}

fn record_test_text(t: &RecordTest, lang: Lang) -> String {
    format!(
        "{} {} {}",
        t.field.name(),
        t.op.symbol(),
        operand_text(&t.operand, lang)
    )
}

fn record_text(i: usize, r: &Record) -> String {
    let mut parts = vec![r.kind().to_owned(), r.date.to_string()];
    for (decl, v) in r.decl.fields.iter().zip(&r.values) {
        let shown = match v.as_ref().and_then(|v| val_of(v, &decl.ty)) {
            Some(Val::Text(t)) => t.to_owned(),
            Some(other) => other.to_string(),
            None => continue,
        };
        parts.push(format!("{}={shown}", decl.path));
    }
    format!("records[{i}] ({})", parts.join(", "))
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
        (Observed::Missing(f), _) => lang.pick(
            format!("缺少字段 {}，无法判断", f),
            format!("{} is missing, so this cannot be decided", f),
        ),
        (Observed::Disabled, _) => lang.pick(
            "本策略停用了该条件".into(),
            "the policy disables this condition".into(),
        ),
        (Observed::GuardFalse(g), _) => {
            let guard = clause
                .when
                .as_ref()
                .map(|t| test_text(t, lang))
                .unwrap_or_default();
            lang.pick(
                format!("不适用：{guard} 不成立（实为 {g}）"),
                format!("not applicable: {guard} does not hold (it is {g})"),
            )
        }
        (Observed::Value(val), ClauseBody::Compare(t))
        | (Observed::Pair(val, _), ClauseBody::Compare(t)) => {
            let rhs = match &v.observed {
                Observed::Pair(_, r) => format!("{r}"),
                _ => operand_text(&t.operand, lang),
            };
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
            lang.pick(format!(
                    "{} = {since}，满 {years} 年（参数 {param}）之日为 {anniversary}，{}申报截止日 {d}",
                    field.path(),
                    if holds { "不晚于" } else { "晚于" }
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
            let rule = format!("{} {}", op.symbol(), operand_text(operand, lang));
            let path = field.path();
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
                format!("脚本 {} 判定为 {b}", s.file),
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
    let parts: Vec<String> = condition
        .clauses
        .iter()
        .zip(verdicts)
        .filter(|(_, v)| v.status == deciding)
        .map(|(c, v)| clause_reason(c, v, records, cycle, lang))
        .collect();
    let sep = lang.pick("；", "; ");
    parts.join(sep)
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
    let window = format!("({start}, {d}]");
    let mut cond: Vec<String> = filter.iter().map(|t| record_test_text(t, lang)).collect();
    cond.extend(except.iter().map(|t| {
        lang.pick(
            format!("除非 {}", record_test_text(t, lang)),
            format!("unless {}", record_test_text(t, lang)),
        )
    }));
    let what = if cond.is_empty() {
        kind.kind.clone()
    } else {
        format!("{} [{}]", kind.kind, cond.join("; "))
    };
    match observed {
        Observed::Record(i) => {
            let r = records.get(*i).map(|r| record_text(*i, r)).unwrap_or_default();
            lang.pick(format!("近 {years} 年（参数 {window_param}，{window}）内有不良记录：{r}"),
                format!("a disqualifying record inside the last {years} years (parameter {window_param}, {window}): {r}"),
            )
        }
        Observed::Excused(i, val) => {
            let r = records.get(*i).map(|r| record_text(*i, r)).unwrap_or_default();
            let u = unless.as_ref().map(|t| test_text(t, lang)).unwrap_or_default();
            lang.pick(format!("有记录 {r}，但 {u} 成立（实为 {val}），不计"), format!("{r} is inside the window, but {u} holds (it is {val}), so it does not count"))
        }
        _ => lang.pick(format!("近 {years} 年（参数 {window_param}，{window}）内无 {what} 记录"),
            format!("no {what} record inside the last {years} years (parameter {window_param}, {window})"),
        ),
    }
}
