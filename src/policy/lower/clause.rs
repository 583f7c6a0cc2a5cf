//! Lowering one clause, kind by kind: a comparison, full years since a date, a test on each
//! of the last years, no record of a kind within a window, or a Rhai script (compiled here,
//! once, with the parameters it reads checked).

use super::operand::{
    check_types, field_or_report, int_param, lower_test, op_or_report, operand, operand_key, Names,
};
use std::sync::Arc;

use crate::diag::text;
use crate::diag::{suggestion, Diagnostic, Location};
use crate::policy::doc::{ClauseDoc, ClauseKindDoc, OperandTestDoc, TestDoc};
use crate::policy::fields::{FieldType, Kind, RecordDecl, RecordField};
use crate::policy::load::report::{Cx, Loaded};
use crate::policy::script::{self, Scripts};
use crate::policy::{Clause, ClauseBody, RecordTest};

/// A clause of a condition at pointer `p`; `None` when it has problems (all reported).
pub(super) fn lower_clause(
    cx: &mut Cx,
    p: &str,
    k: &ClauseDoc,
    names: &Names<'_>,
    scripts: &Scripts,
    files: &Loaded,
) -> Option<Clause> {
    let when = match &k.when {
        Some(t) => Some(lower_test(cx, &format!("{p}/when"), t, names)?),
        None => None,
    };
    let body = match &k.kind {
        ClauseKindDoc::Compare(t) => ClauseBody::Compare(lower_test(cx, p, t, names)?),
        ClauseKindDoc::FullYears { field, param } => full_years(cx, p, field, param, names)?,
        ClauseKindDoc::EachYear {
            field,
            years_param,
            test,
        } => each_year(cx, p, field, years_param, test, names)?,
        ClauseKindDoc::NoRecord {
            record_kind,
            window_param,
            filter,
            except,
            unless,
        } => {
            let kind = record_kind_or_report(cx, p, record_kind, names);
            let years = int_param(cx, &format!("{p}/window_param"), window_param, names.params);
            let decl = kind.as_deref();
            let filter = record_tests(cx, &format!("{p}/where"), filter, decl, names);
            let except = record_tests(cx, &format!("{p}/except"), except, decl, names);
            let unless = match unless {
                Some(t) => Some(lower_test(cx, &format!("{p}/unless"), t, names)?),
                None => None,
            };
            ClauseBody::NoRecord {
                kind: kind?,
                window_param: window_param.clone(),
                years: years?,
                filter,
                except,
                unless,
            }
        }
        ClauseKindDoc::Script {
            script: file,
            inputs,
            decides_with_missing,
        } => match script_clause(cx, p, file, inputs, names, scripts, files)? {
            ClauseBody::Script(mut s) => {
                s.decides_with_missing = *decides_with_missing;
                ClauseBody::Script(s)
            }
            other => other,
        },
        // The members are lowered after it by the condition (`conditions::clause_tree`).
        ClauseKindDoc::AnyOf { .. } => ClauseBody::AnyOf,
    };
    Some(Clause {
        id: k.id.clone(),
        title: k
            .title
            .as_ref()
            .map(|t| super::titles::title(cx, p, t, names.params)),
        note: k.note.clone(),
        reading: k.reading.clone(),
        cite: None,
        parent: None,
        when,
        body,
    })
}

fn full_years(
    cx: &mut Cx,
    p: &str,
    path: &str,
    param: &str,
    names: &Names<'_>,
) -> Option<ClauseBody> {
    let field = field_or_report(cx, names, &format!("{p}/field"), path);
    let years = int_param(cx, &format!("{p}/param"), param, names.params);
    let field = field?;
    if field.kind() != Some(Kind::Date) {
        cx.error_at(
            "policy::type-mismatch",
            &format!("{p}/field"),
            text!(
                format!("`{path}` 不是日期"),
                format!("`{path}` is not a date")
            ),
            text!(
                "满年子句从一个日期字段算起。",
                "full years are counted from a date field"
            ),
        );
        return None;
    }
    Some(ClauseBody::FullYears {
        field,
        param: param.to_owned(),
        years: years?,
    })
}

fn each_year(
    cx: &mut Cx,
    p: &str,
    path: &str,
    years_param: &str,
    t: &OperandTestDoc,
    names: &Names<'_>,
) -> Option<ClauseBody> {
    let field = field_or_report(cx, names, &format!("{p}/field"), path);
    let years = int_param(cx, &format!("{p}/years_param"), years_param, names.params);
    let op = op_or_report(cx, &format!("{p}/op"), &t.op);
    let operand = operand(
        cx,
        p,
        t.value.as_ref(),
        t.param.as_deref(),
        t.reference.as_deref(),
        names,
    );
    let (field, years, op, operand) = (field?, years?, op?, operand?);
    if field.kind() != Some(Kind::YearMap) {
        cx.error_at(
            "policy::type-mismatch",
            &format!("{p}/field"),
            text!(
                format!("`{path}` 不是按年的数据"),
                format!("`{path}` is not yearly data")
            ),
            text!(
                "逐年子句读取按年份记录的字段。",
                "an each_year clause reads a field kept by year"
            ),
        );
        return None;
    }
    let at = format!(
        "{p}/{}",
        operand_key(t.param.as_deref(), t.reference.as_deref())
    );
    if !check_types(cx, &at, path, &FieldType::Decimal, op, &operand) {
        return None;
    }
    Some(ClauseBody::EachYear {
        field,
        years_param: years_param.to_owned(),
        years,
        op,
        operand,
    })
}

fn record_kind_or_report(
    cx: &mut Cx,
    p: &str,
    name: &str,
    names: &Names<'_>,
) -> Option<Arc<RecordDecl>> {
    let kind = names.model.record(name).cloned();
    if kind.is_none() {
        let kinds: Vec<&str> = names
            .model
            .records
            .iter()
            .map(|r| r.kind.as_str())
            .collect();
        let help = suggestion(name, kinds.iter().copied()).unwrap_or_else(|| {
            text!(
                format!(
                    "在 [records.{name}] 中声明该记录种类；已声明：{}",
                    kinds.join("、")
                ),
                format!(
                    "declare it as [records.{name}]; the kinds declared are {}",
                    kinds.join(", ")
                )
            )
        });
        cx.error_at(
            "policy::unknown-record-kind",
            &format!("{p}/record_kind"),
            text!(
                format!("未声明的记录种类 `{name}`"),
                format!("the record kind `{name}` is not declared")
            ),
            help,
        );
    }
    kind
}

/// The tests of a `where` or `except` list, on the fields of records of one kind.
fn record_tests(
    cx: &mut Cx,
    p: &str,
    list: &[TestDoc],
    kind: Option<&RecordDecl>,
    names: &Names<'_>,
) -> Vec<RecordTest> {
    let mut out = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let tp = format!("{p}/{i}");
        let field = kind.and_then(|k| RecordField::resolve(k, &t.field));
        if let (None, Some(k)) = (&field, kind) {
            let keys: Vec<&str> = std::iter::once("date")
                .chain(k.fields.iter().map(|f| f.path.as_str()))
                .collect();
            let help = suggestion(&t.field, keys.iter().copied()).unwrap_or_else(|| {
                text!(
                    format!("`{}` 记录的字段：{}。", k.kind, keys.join("、")),
                    format!("the fields of `{}` records: {}", k.kind, keys.join(", "))
                )
            });
            cx.error_at(
                "policy::unknown-field",
                &format!("{tp}/field"),
                text!(
                    format!("`{}` 记录没有字段 `{}`", k.kind, t.field),
                    format!("`{}` records have no field `{}`", k.kind, t.field)
                ),
                help,
            );
        }
        let op = op_or_report(cx, &format!("{tp}/op"), &t.op);
        let operand = operand(
            cx,
            &tp,
            t.value.as_ref(),
            t.param.as_deref(),
            t.reference.as_deref(),
            names,
        );
        if let (Some(field), Some(op), Some(operand)) = (field, op, operand) {
            let at = format!(
                "{tp}/{}",
                operand_key(t.param.as_deref(), t.reference.as_deref())
            );
            if check_types(cx, &at, &t.field, &field.ty, op, &operand) {
                out.push(RecordTest { field, op, operand });
            }
        }
    }
    out
}

fn script_clause(
    cx: &mut Cx,
    p: &str,
    file: &str,
    inputs: &std::collections::BTreeMap<String, String>,
    names: &Names<'_>,
    scripts: &Scripts,
    files: &Loaded,
) -> Option<ClauseBody> {
    let mut fields = Vec::new();
    for (name, path) in inputs {
        let at = format!("{p}/inputs/{}", crate::pointer::escape(name));
        if let Some(f) = field_or_report(cx, names, &at, path) {
            fields.push((name.clone(), f));
        }
    }
    let Some((script_path, source)) = files.scripts.get(file) else {
        let help =
            suggestion(file, files.scripts.keys().map(String::as_str)).unwrap_or_else(|| {
                text!(
                    "脚本须放在 policy.toml 旁边，以 .rhai 结尾。",
                    "scripts live beside policy.toml and end in .rhai"
                )
            });
        cx.error_at(
            "policy::missing-script",
            &format!("{p}/script"),
            text!(
                format!("找不到脚本文件 `{file}`"),
                format!("the script file `{file}` does not exist")
            ),
            help,
        );
        return None;
    };
    let mut ok = true;
    for (name, line, col) in script::param_reads(source) {
        if names.params.iter().any(|q| q.name == name) {
            continue;
        }
        ok = false;
        let help =
            suggestion(&name, names.params.iter().map(|q| q.name.as_str())).unwrap_or_else(|| {
                text!(
                    format!("在 [params.{name}] 中定义它。"),
                    format!("define it as [params.{name}]")
                )
            });
        cx.problems.push(
            Diagnostic::error(
                "policy::unknown-param",
                text!(
                    format!("脚本读取了未定义的参数 `params.{name}`"),
                    format!("the script reads `params.{name}`, which is not defined")
                ),
            )
            .in_file(script_path)
            .at(Location::at_line_column(source, line, col))
            .help(help),
        );
    }
    match scripts.compile(file, source, fields) {
        Ok(mut s) if ok => {
            s.path = script_path.clone();
            Some(ClauseBody::Script(s))
        }
        Ok(_) => None,
        Err(e) => {
            cx.problems.push(
                Diagnostic::error(
                    "policy::script-compile",
                    text!(
                        format!("脚本无法编译：{}", e.message),
                        format!("the script does not compile: {}", e.message)
                    ),
                )
                .in_file(script_path)
                .at(Location::at_line_column(source, e.line, e.column))
                .help(text!(
                    "脚本只能使用 params 和子句 inputs 中声明的变量；print、eval、import 不可用。",
                    "a script may use `params` and the variables declared in the clause's inputs; print, eval and import are not available"
                )),
            );
            None
        }
    }
}
