//! Changes to the declared data: applicant fields and record kinds added, removed, retyped,
//! retitled, their values, labels and bounds, each said with the field's citation.

use super::{by_id, Builder, Pair};
use crate::diag::text;
use crate::policy::fields::{FieldDecl, RecordDecl};
use crate::policy::Policy;

/// A field's declaration in one line: type, values (with labels), bounds, required. The unit
/// it is shown in is a change of its own: it changes no outcome.
fn describe(f: &FieldDecl) -> String {
    let mut parts = vec![f.ty.name().to_owned()];
    if let Some(c) = f.ty.choices() {
        let values: Vec<String> = c
            .values
            .iter()
            .zip(&c.labels)
            .map(|(v, l)| l.as_ref().map_or_else(|| v.clone(), |l| format!("{v}={l}")))
            .collect();
        parts.push(format!(
            "[{}]{}",
            values.join(", "),
            if c.ordered { " ordered" } else { "" }
        ));
    }
    if let Some(m) = f.min {
        parts.push(format!("≥ {m}"));
    }
    if let Some(m) = f.max {
        parts.push(format!("≤ {m}"));
    }
    if f.required {
        parts.push("required".into());
    }
    parts.join(" ")
}

fn fields(b: &mut Builder, prefix: &str, old: &[FieldDecl], new: &[FieldDecl]) {
    for pair in by_id(old, new, |f| &f.path) {
        match pair {
            Pair::Added(f) => b.push(
                f.cite.as_ref(),
                format!("{prefix}{}", f.path),
                "added",
                text!(
                    format!("新增字段 {}（{}）：{}", f.path, f.title.zh, describe(f)),
                    format!("new field {} ({}): {}", f.path, f.title.en, describe(f))
                ),
                None,
                Some(describe(f)),
            ),
            Pair::Removed(f) => b.push(
                f.cite.as_ref(),
                format!("{prefix}{}", f.path),
                "removed",
                text!(
                    format!("删除字段 {}（{}）", f.path, f.title.zh),
                    format!("field {} ({}) removed", f.path, f.title.en)
                ),
                Some(describe(f)),
                None,
            ),
            Pair::Both(o, f) => {
                let (was, now) = (describe(o), describe(f));
                if was != now {
                    b.push(
                        f.cite.as_ref(),
                        format!("{prefix}{}", f.path),
                        "changed",
                        text!(
                            format!("字段“{}”（{}）：{was} → {now}", f.title.zh, f.path),
                            format!("field {}: {was} → {now}", f.path)
                        ),
                        Some(was),
                        Some(now),
                    );
                }
                if o.unit != f.unit {
                    let (was, now) = (
                        o.unit.clone().unwrap_or_else(|| "—".into()),
                        f.unit.clone().unwrap_or_else(|| "—".into()),
                    );
                    b.push(
                        f.cite.as_ref(),
                        format!("{prefix}{}.unit", f.path),
                        "changed",
                        text!(
                            format!("字段“{}”的单位 {was} → {now}（只改变显示，不改变数值）", f.title.zh),
                            format!("field {}: shown in {was} → {now} (display only; the values are unchanged)", f.path)
                        ),
                        Some(was),
                        Some(now),
                    );
                }
                if o.title != f.title {
                    b.push(
                        f.cite.as_ref(),
                        format!("{prefix}{}.title", f.path),
                        "changed",
                        text!(
                            format!("字段 {} 的名称“{}” → “{}”", f.path, o.title.zh, f.title.zh),
                            format!(
                                "field {} retitled \"{}\" → \"{}\"",
                                f.path, o.title.en, f.title.en
                            )
                        ),
                        Some(o.title.en.clone()),
                        Some(f.title.en.clone()),
                    );
                }
            }
        }
    }
}

/// The declared fields and record kinds of two versions, compared.
pub(super) fn model(b: &mut Builder, old: &Policy, new: &Policy) {
    fields(b, "fields.", &old.model.fields, &new.model.fields);
    let kinds = by_id(
        &old.model.records,
        &new.model.records,
        |r: &std::sync::Arc<RecordDecl>| &r.kind,
    );
    for pair in kinds {
        match pair {
            Pair::Added(r) => b.push(
                None,
                format!("records.{}", r.kind),
                "added",
                text!(
                    format!("新增记录种类 {}（{}）", r.kind, r.title.zh),
                    format!("new record kind {} ({})", r.kind, r.title.en)
                ),
                None,
                Some(r.kind.clone()),
            ),
            Pair::Removed(r) => b.push(
                None,
                format!("records.{}", r.kind),
                "removed",
                text!(
                    format!("删除记录种类 {}（{}）", r.kind, r.title.zh),
                    format!("record kind {} ({}) removed", r.kind, r.title.en)
                ),
                Some(r.kind.clone()),
                None,
            ),
            Pair::Both(o, r) => {
                let prefix = format!("records.{}.", r.kind);
                fields(b, &prefix, &o.fields, &r.fields);
            }
        }
    }
}
