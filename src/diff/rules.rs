//! Changes to the rules themselves: parameters (values, citations, provenance) and
//! conditions with their clauses and scripts.

use super::describe::{describe_clause, script_lines};
use super::{by_id, provenance, Builder, Pair};
use crate::diag::text;
use crate::diag::Lang;
use crate::policy::{Citation, ClauseBody, Condition, Param, Policy};

pub(super) fn params(b: &mut Builder, old: &Policy, new: &Policy) {
    let label = |p: &Param, lang: Lang| {
        p.title.as_ref().map_or_else(
            || p.name.clone(),
            |t| match lang {
                Lang::Zh => format!("参数“{}”", t.zh),
                Lang::En => format!("{} ({})", p.name, t.en),
            },
        )
    };
    for pair in by_id(&old.params, &new.params, |p| &p.name) {
        let (q, p) = match pair {
            Pair::Removed(q) => {
                removed_param(b, q);
                continue;
            }
            Pair::Added(p) => (None, p),
            Pair::Both(q, p) => (Some(q), p),
        };
        let path = format!("params.{}", p.name);
        match q {
            None => b.push(
                p.cite.as_ref(),
                path,
                "added",
                text!(
                    format!(
                        "新增参数 {}：{}",
                        label(p, Lang::Zh),
                        p.value.said(Lang::Zh)
                    ),
                    format!("new parameter {} = {}", label(p, Lang::En), p.value)
                ),
                None,
                Some(p.value.to_string()),
            ),
            Some(q) => {
                if q.value != p.value {
                    b.push(
                        p.cite.as_ref(),
                        path.clone(),
                        "changed",
                        text!(
                            format!(
                                "{}：{} → {}",
                                label(p, Lang::Zh),
                                q.value.said(Lang::Zh),
                                p.value.said(Lang::Zh)
                            ),
                            format!("{} {} → {}", label(p, Lang::En), q.value, p.value)
                        ),
                        Some(q.value.to_string()),
                        Some(p.value.to_string()),
                    );
                }
                if !b.same_cite(q.cite.as_ref(), p.cite.as_ref()) {
                    let show_c = |c: &Option<Citation>| {
                        c.as_ref().map_or_else(|| "—".to_owned(), |c| c.to_string())
                    };
                    let show_zh = |c: &Option<Citation>| {
                        c.as_ref()
                            .map_or_else(|| "—".to_owned(), |c| c.render(Lang::Zh))
                    };
                    b.push(
                        p.cite.as_ref(),
                        format!("{path}.cite"),
                        "changed",
                        text!(
                            format!(
                                "{}的引用 {} → {}",
                                b.zh(&path, &p.name),
                                show_zh(&q.cite),
                                show_zh(&p.cite)
                            ),
                            format!(
                                "{}: citation {} → {}",
                                p.name,
                                show_c(&q.cite),
                                show_c(&p.cite)
                            )
                        ),
                        Some(show_c(&q.cite)),
                        Some(show_c(&p.cite)),
                    );
                }
                provenance(
                    b,
                    p.cite.as_ref(),
                    &path,
                    &p.name,
                    &q.provenance,
                    &p.provenance,
                );
            }
        }
    }
}

fn removed_param(b: &mut Builder, q: &Param) {
    b.push(
        q.cite.as_ref(),
        format!("params.{}", q.name),
        "removed",
        text!(
            format!(
                "删除参数{}（原为 {}）",
                q.title
                    .as_ref()
                    .map_or_else(|| q.name.clone(), |t| format!("“{}”", t.zh)),
                q.value
            ),
            format!("parameter {} removed (was {})", q.name, q.value)
        ),
        Some(q.value.to_string()),
        None,
    );
}

pub(super) fn conditions(b: &mut Builder, old: &Policy, new: &Policy) {
    for pair in by_id(&old.conditions, &new.conditions, |c| &c.id) {
        match pair {
            Pair::Added(c) => {
                let (cite, path) = (Some(&c.cite), format!("conditions.{}", c.id));
                b.push(
                    cite,
                    path,
                    "added",
                    text!(
                        format!("新增条件“{}”", c.title.zh),
                        format!("condition {} added: {}", c.id, c.title.en)
                    ),
                    None,
                    Some(c.title.en.clone()),
                );
            }
            Pair::Removed(o) => {
                b.push(
                    Some(&o.cite),
                    format!("conditions.{}", o.id),
                    "removed",
                    text!(
                        format!("删除条件“{}”", o.title.zh),
                        format!("condition {} removed: {}", o.id, o.title.en)
                    ),
                    Some(o.title.en.clone()),
                    None,
                );
            }
            Pair::Both(o, c) => condition(b, (old, o), (new, c)),
        }
    }
}

/// A condition in both versions: its title, citation, standing, provenance and clauses.
fn condition(b: &mut Builder, (op, o): (&Policy, &Condition), (np, c): (&Policy, &Condition)) {
    let path = format!("conditions.{}", c.id);
    // The categories it applies to, by id.
    let applies = |p: &Policy, c: &Condition| match &c.categories {
        None => "*".to_owned(),
        Some(list) => list
            .iter()
            .filter_map(|&k| p.categories.get(k).map(|x| x.id.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let (was, now) = (applies(op, o), applies(np, c));
    if was != now {
        b.changed(
            Some(&c.cite),
            &format!("{path}.categories"),
            ("适用类别", "applies to categories"),
            &was,
            &now,
        );
    }
    let cite = Some(&c.cite);
    if o.title != c.title {
        b.push(
            cite,
            format!("{path}.title"),
            "changed",
            text!(
                format!("条件标题“{}” → “{}”", o.title.zh, c.title.zh),
                format!(
                    "condition {} retitled \"{}\" → \"{}\"",
                    c.id, o.title.en, c.title.en
                )
            ),
            Some(o.title.en.clone()),
            Some(c.title.en.clone()),
        );
    }
    if !b.same_cite(Some(&o.cite), Some(&c.cite)) {
        b.push(
            cite,
            format!("{path}.cite"),
            "changed",
            text!(
                format!(
                    "条件“{}”的引用 {} → {}",
                    c.title.zh,
                    o.cite.render(Lang::Zh),
                    c.cite.render(Lang::Zh)
                ),
                format!("condition {}: citation {} → {}", c.id, o.cite, c.cite)
            ),
            Some(o.cite.to_string()),
            Some(c.cite.to_string()),
        );
    }
    if o.enabled != c.enabled {
        let (zh, en) = if c.enabled {
            ("恢复", "enabled again")
        } else {
            ("停用", "disabled")
        };
        b.push(
            cite,
            format!("{path}.enabled"),
            "changed",
            text!(
                format!("条件“{}”{zh}", c.title.zh),
                format!("condition {} {en}", c.id)
            ),
            Some(o.enabled.to_string()),
            Some(c.enabled.to_string()),
        );
    }
    provenance(b, cite, &path, &c.id, &o.provenance, &c.provenance);
    clauses(b, o, c);
}

/// A clause as Chinese output names it: 子句“title”, else 子句 id.
fn clause_zh(k: &crate::policy::Clause) -> String {
    k.title
        .as_ref()
        .map_or_else(|| format!("子句 {}", k.id), |t| format!("子句“{}”", t.zh))
}

/// The clauses of a condition in both versions, matched by id.
fn clauses(b: &mut Builder, o: &Condition, c: &Condition) {
    let path = format!("conditions.{}", c.id);
    let cite = Some(&c.cite);
    for pair in by_id(&o.clauses, &c.clauses, |k| &k.id) {
        match pair {
            Pair::Removed(x) => {
                let was = describe_clause(x, &o.clauses);
                b.push(
                    cite,
                    format!("{path}.clauses.{}", x.id),
                    "removed",
                    text!(
                        format!("条件“{}”删除{}：{was}", c.title.zh, clause_zh(x)),
                        format!("condition {}: clause {} removed: {was}", c.id, x.id)
                    ),
                    Some(was),
                    None,
                );
            }
            Pair::Added(k) => {
                let now = describe_clause(k, &c.clauses);
                b.push(
                    cite,
                    format!("{path}.clauses.{}", k.id),
                    "added",
                    text!(
                        format!("条件“{}”新增{}：{now}", c.title.zh, clause_zh(k)),
                        format!("condition {}: clause {} added: {now}", c.id, k.id)
                    ),
                    None,
                    Some(now),
                );
            }
            Pair::Both(x, k) => {
                let kp = format!("{path}.clauses.{}", k.id);
                let now = describe_clause(k, &c.clauses);
                let was = describe_clause(x, &o.clauses);
                if was != now {
                    b.push(
                        cite,
                        kp.clone(),
                        "changed",
                        text!(
                            format!("条件“{}”的{}：{was} → {now}", c.title.zh, clause_zh(k)),
                            format!("condition {}: clause {}: {was} → {now}", c.id, k.id)
                        ),
                        Some(was),
                        Some(now),
                    );
                }
                super::reading(b, cite, &kp, &k.id, &x.reading, &k.reading);
                if let (ClauseBody::Script(a), ClauseBody::Script(s)) = (&x.body, &k.body) {
                    if a.source != s.source {
                        b.push(
                            cite,
                            format!("{kp}.script"),
                            "changed",
                            text!(
                                format!(
                                    "条件“{}”的{}的脚本 {} 有改动",
                                    c.title.zh,
                                    clause_zh(k),
                                    s.file
                                ),
                                format!(
                                    "condition {}: the script {} of clause {} changed",
                                    c.id, s.file, k.id
                                )
                            ),
                            None,
                            None,
                        );
                        if let Some(last) = b.changes.last_mut() {
                            last.script = script_lines(&a.source, &s.source);
                        }
                    }
                }
            }
        }
    }
}
