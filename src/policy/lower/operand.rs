//! Lowering the parts clauses share: a field of the cohort, a parameter, an operator, the
//! right-hand side of a test (a value, a parameter or another field), and the check that the
//! two sides of a comparison have types that can be compared.

use serde_json::Value;

use super::params::param_value;
use crate::diag::suggestion;
use crate::diag::text;
use crate::policy::doc::TestDoc;
use crate::policy::fields::{Choices, DataModel, Field, FieldType, Kind};
use crate::policy::load::report::Cx;
use crate::policy::{Op, Operand, Param, ParamValue, Test};

/// What a clause may name: the parameters, the declared data and the stages.
pub(super) struct Names<'a> {
    pub params: &'a [Param],
    pub model: &'a DataModel,
    pub stages: Vec<String>,
}

/// The field a rule names, resolved against the declarations; an undeclared one is reported
/// with the nearest declared path.
pub(super) fn field_or_report(
    cx: &mut Cx,
    names: &Names<'_>,
    pointer: &str,
    path: &str,
) -> Option<Field> {
    if let Some(f) = names.model.resolve(path, &names.stages) {
        return Some(f);
    }
    let readable = names.model.readable(&names.stages);
    let help = suggestion(path, readable.iter().map(String::as_str)).unwrap_or_else(|| {
        text!(
            "在 [fields.\"路径\"] 中声明该字段（类型与标题），或改用已声明的字段；qaward fields 列出全部字段。",
            "declare the field as [fields.\"path\"] (its type and title), or use a declared one; qaward fields lists them"
        )
    });
    cx.error_at(
        "policy::unknown-field",
        pointer,
        text!(
            format!("本规则版本没有声明字段 `{path}`"),
            format!("the policy declares no field `{path}`")
        ),
        help,
    );
    None
}

pub(super) fn param_or_report<'p>(
    cx: &mut Cx,
    pointer: &str,
    name: &str,
    params: &'p [Param],
) -> Option<&'p Param> {
    match params.iter().find(|p| p.name == name) {
        Some(p) => Some(p),
        None => {
            let help =
                suggestion(name, params.iter().map(|p| p.name.as_str())).unwrap_or_else(|| {
                    text!(
                        format!("在 [params.{name}] 中定义它，或改用已有参数。"),
                        format!("define it as [params.{name}], or use a parameter that exists")
                    )
                });
            cx.error_at(
                "policy::unknown-param",
                pointer,
                text!(
                    format!("引用了未定义的参数 `{name}`"),
                    format!("refers to parameter `{name}`, which is not defined")
                ),
                help,
            );
            None
        }
    }
}

/// Resolves the right-hand side of a test: exactly one of `value`, `param`, `ref`.
pub(super) fn operand(
    cx: &mut Cx,
    pointer: &str,
    value: Option<&Value>,
    param: Option<&str>,
    reference: Option<&str>,
    names: &Names<'_>,
) -> Option<Operand> {
    match (value, param, reference) {
        (Some(v), None, None) => match param_value(v) {
            Ok(v) => Some(Operand::Literal(v)),
            Err(e) => {
                cx.error_at(
                    "policy::bad-value",
                    &format!("{pointer}/value"),
                    text!(format!("值不可用：{e}"), format!("unusable value: {e}")),
                    text!(
                        "写一个布尔、数字、字符串或列表。",
                        "write a boolean, number, string or list"
                    ),
                );
                None
            }
        },
        (None, Some(name), None) => {
            param_or_report(cx, &format!("{pointer}/param"), name, names.params)
                .map(|p| Operand::Param(p.name.clone(), p.value.clone()))
        }
        (None, None, Some(path)) => {
            field_or_report(cx, names, &format!("{pointer}/ref"), path).map(Operand::Field)
        }
        _ => {
            cx.error_at("policy::operand", pointer, text!(
                "比较对象须恰好给出 value、param、ref 之一",
                "a comparison needs exactly one of `value`, `param` or `ref`"
            ), text!(
                "条例规定的数值请写成参数（param = \"…\"）；与名单中另一字段比较用 ref。",
                "numbers the regulation decides belong in parameters (param = \"…\"); use ref to compare with another cohort field"
            ));
            None
        }
    }
}

pub(super) fn value_kind(v: &ParamValue) -> Option<Kind> {
    Some(match v {
        ParamValue::Bool(_) => Kind::Bool,
        ParamValue::Int(_) => Kind::Int,
        ParamValue::Decimal(_) => Kind::Decimal,
        ParamValue::Date(_) => Kind::Date,
        ParamValue::Text(_) => Kind::Text,
        ParamValue::List(_) => return None,
    })
}

pub(super) fn compatible(field: Kind, value: Kind) -> bool {
    field == value || (field.is_numeric() && value.is_numeric())
}

pub(super) fn operand_kinds(op: &Operand) -> (Option<Kind>, Option<Vec<Kind>>) {
    let of = |v: &ParamValue| match v {
        ParamValue::List(items) => (None, Some(items.iter().filter_map(value_kind).collect())),
        v => (value_kind(v), None),
    };
    match op {
        Operand::Literal(v) | Operand::Param(_, v) => of(v),
        Operand::Field(f) => (f.kind(), None),
    }
}

/// Checks that `field op operand` makes sense; reports at `pointer`.
pub(super) fn check_types(
    cx: &mut Cx,
    pointer: &str,
    what: &str,
    ty: &FieldType,
    op: Op,
    operand: &Operand,
) -> bool {
    let field_kind = ty.kind();
    let ordered = ty.choices().is_some_and(|c| c.ordered);
    let (scalar, list) = operand_kinds(operand);
    let problem = match (op, scalar, list) {
        (Op::In | Op::NotIn, _, Some(kinds)) => kinds
            .iter()
            .find(|k| !compatible(field_kind, **k))
            .map(|k| {
                format!(
                    "the list holds a {} but `{what}` is a {}",
                    k.name(),
                    field_kind.name()
                )
            }),
        (Op::In | Op::NotIn, _, None) => Some("`in` and `not_in` need a list".to_owned()),
        (_, _, Some(_)) => Some(format!(
            "`{}` cannot compare with a list; use `in`",
            Op::NAMES[op as usize]
        )),
        (_, Some(k), None) if !compatible(field_kind, k) => Some(format!(
            "`{what}` is a {} and cannot be compared with a {}",
            field_kind.name(),
            k.name()
        )),
        (Op::Lt | Op::Le | Op::Gt | Op::Ge, Some(_), None)
            if matches!(field_kind, Kind::Bool | Kind::Text) && !ordered =>
        {
            Some(format!(
                "`{what}` is a {}; only numbers and dates can be ordered",
                field_kind.name()
            ))
        }
        (_, None, None) => Some(format!("`{what}` cannot be compared")),
        _ => None,
    };
    if problem.is_none() {
        if let Some(choices) = ty.choices() {
            return enum_values_exist(cx, pointer, what, choices, operand);
        }
    }
    match problem {
        Some(p) => {
            cx.error_at("policy::type-mismatch", pointer, text!(format!("类型不匹配：{p}"), format!("type mismatch: {p}")), text!(
                "让比较两边类型一致：布尔与布尔、数字与数字、日期与日期；集合判断用 in 和列表。",
                "compare like with like: booleans, numbers, dates; test membership with `in` and a list"
            ));
            false
        }
        None => true,
    }
}

/// The key holding a test's right-hand side, to point at it.
pub(super) fn operand_key(param: Option<&str>, reference: Option<&str>) -> &'static str {
    match (param, reference) {
        (Some(_), _) => "param",
        (None, Some(_)) => "ref",
        (None, None) => "value",
    }
}

/// Every text an enum field is compared with must be one of its values.
fn enum_values_exist(
    cx: &mut Cx,
    pointer: &str,
    what: &str,
    choices: &Choices,
    operand: &Operand,
) -> bool {
    let texts: Vec<&str> = match operand {
        Operand::Literal(v) | Operand::Param(_, v) => match v {
            ParamValue::Text(t) => vec![t.as_str()],
            ParamValue::List(items) => items
                .iter()
                .filter_map(|i| match i {
                    ParamValue::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
        Operand::Field(_) => Vec::new(),
    };
    let mut ok = true;
    for t in texts
        .into_iter()
        .filter(|t| !choices.values.iter().any(|v| v == t))
    {
        ok = false;
        let help = suggestion(t, choices.values.iter().map(String::as_str)).unwrap_or_else(|| {
            text!(
                format!("`{what}` 的取值：{}", choices.values.join("、")),
                format!("the values of `{what}` are {}", choices.values.join(", "))
            )
        });
        cx.error_at(
            "policy::type-mismatch",
            pointer,
            text!(
                format!("`{t}` 不是 `{what}` 的取值"),
                format!("`{t}` is not a value of `{what}`")
            ),
            help,
        );
    }
    ok
}

pub(super) fn lower_test(
    cx: &mut Cx,
    pointer: &str,
    t: &TestDoc,
    names: &Names<'_>,
) -> Option<Test> {
    let field = field_or_report(cx, names, &format!("{pointer}/field"), &t.field);
    let op = op_or_report(cx, &format!("{pointer}/op"), &t.op);
    let operand = operand(
        cx,
        pointer,
        t.value.as_ref(),
        t.param.as_deref(),
        t.reference.as_deref(),
        names,
    );
    let (field, op, operand) = (field?, op?, operand?);
    if field.kind().filter(|k| *k != Kind::YearMap).is_none() {
        cx.error_at(
            "policy::type-mismatch",
            &format!("{pointer}/field"),
            text!(
                format!("字段 `{}` 不是单个值，不能直接比较", t.field),
                format!(
                    "`{}` is not a single value and cannot be compared directly",
                    t.field
                )
            ),
            text!(
                "记录请用 no_record 子句，年度数据请用脚本子句。",
                "use a no_record clause for records and a script clause for yearly data"
            ),
        );
        return None;
    }
    let at = format!(
        "{pointer}/{}",
        operand_key(t.param.as_deref(), t.reference.as_deref())
    );
    check_types(cx, &at, &t.field, &field.ty, op, &operand).then_some(Test { field, op, operand })
}

pub(super) fn op_or_report(cx: &mut Cx, pointer: &str, op: &str) -> Option<Op> {
    let parsed = Op::parse(op);
    if parsed.is_none() {
        let help = suggestion(op, Op::NAMES).unwrap_or_else(|| {
            text!(
                format!("可用的运算符：{}", Op::NAMES.join(" ")),
                format!("the operators are: {}", Op::NAMES.join(" "))
            )
        });
        cx.error_at(
            "policy::unknown-op",
            pointer,
            text!(
                format!("未知的运算符 `{op}`"),
                format!("unknown operator `{op}`")
            ),
            help,
        );
    }
    parsed
}

pub(super) fn int_param(cx: &mut Cx, pointer: &str, name: &str, params: &[Param]) -> Option<i32> {
    let p = param_or_report(cx, pointer, name, params)?;
    match &p.value {
        ParamValue::Int(n) if (0..=200).contains(n) => Some(*n as i32),
        other => {
            cx.error_at("policy::type-mismatch", pointer, text!(
                format!("参数 `{name}` 应为 0–200 的整数年数，实为 {other}"),
                format!("parameter `{name}` must be a whole number of years from 0 to 200, not {other}")
            ), text!("年数写作整数，如 3。", "write a number of years as an integer, e.g. 3"));
            None
        }
    }
}
