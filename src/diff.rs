//! The meaning of a change between two policy versions, said in the regulation's terms:
//! matched by id (not position), each change one sentence, grouped by the article it touches,
//! in the regulation's order — "Art. 3 ¶2: award places 5 → 6". Script changes come with a
//! line diff whose changed words are marked.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::decimal::show;
use crate::diag::{Lang, Text};
use crate::policy::{Citation, Clause, ClauseBody, Operand, Param, Policy, Provenance};
use crate::text;

/// One line of a script diff: `-`, `+` or ` `, and its text in (changed?, text) pieces.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScriptLine {
    pub tag: char,
    pub pieces: Vec<(bool, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The article cited (the new version's, else the old one's), for grouping.
    pub cite: Option<String>,
    #[serde(skip)]
    pub order: (u32, u32, u32),
    /// What changed, by path: `params.industry_rank_limit`, `conditions.art10.3.clauses.no_loss`.
    pub path: String,
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    pub sentence: Text,
    pub before: Option<String>,
    pub after: Option<String>,
    pub script: Vec<ScriptLine>,
}

/// What changed between two policies, change by change, in the regulation's order.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyDiff {
    /// `qaward.diff.v1`.
    pub format: &'static str,
    /// The old version as the user named it.
    pub old: String,
    /// The new version as the user named it.
    pub new: String,
    /// The changes, grouped by article.
    pub changes: Vec<Change>,
}

fn order(c: Option<&Citation>) -> (u32, u32, u32) {
    c.map_or((u32::MAX, 0, 0), |c| {
        (c.article, c.paragraph.unwrap_or(0), c.item.unwrap_or(0))
    })
}

fn pct(d: Decimal) -> String {
    format!("{}%", show(d * Decimal::ONE_HUNDRED))
}

struct Builder {
    changes: Vec<Change>,
}

impl Builder {
    /// "{label} {old} → {new}", the most common change, with the values kept as shown.
    fn changed(
        &mut self,
        cite: Option<&Citation>,
        path: &str,
        label: (&str, &str),
        old: &str,
        new: &str,
    ) {
        self.push(
            cite,
            path.to_owned(),
            "changed",
            text!(
                format!("{} {old} → {new}", label.0),
                format!("{} {old} → {new}", label.1)
            ),
            Some(old.to_owned()),
            Some(new.to_owned()),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        cite: Option<&Citation>,
        path: String,
        kind: &'static str,
        sentence: Text,
        before: Option<String>,
        after: Option<String>,
    ) {
        let lead = cite
            .map(|c| (format!("{}：", c.render(Lang::Zh)), format!("{c}: ")))
            .unwrap_or_default();
        self.changes.push(Change {
            cite: cite.map(|c| c.to_string()),
            order: order(cite),
            path,
            kind,
            sentence: text!(
                format!("{}{}", lead.0, sentence.zh),
                format!("{}{}", lead.1, sentence.en)
            ),
            before,
            after,
            script: Vec::new(),
        });
    }
}

fn provenance(
    b: &mut Builder,
    cite: Option<&Citation>,
    path: &str,
    name: &str,
    old: &Provenance,
    new: &Provenance,
) {
    if old.verified != new.verified {
        let yn = |v: bool| {
            if v {
                ("已核实", "verified")
            } else {
                ("未核实", "unverified")
            }
        };
        b.push(
            cite,
            format!("{path}.verified"),
            "changed",
            text!(
                format!("{name} {} → {}", yn(old.verified).0, yn(new.verified).0),
                format!("{name} {} → {}", yn(old.verified).1, yn(new.verified).1)
            ),
            Some(old.verified.to_string()),
            Some(new.verified.to_string()),
        );
    }
    if old.source != new.source {
        b.push(
            cite,
            format!("{path}.source"),
            "changed",
            text!(
                format!(
                    "{name} 的出处改为“{}”",
                    new.source.as_deref().unwrap_or("—")
                ),
                format!(
                    "{name}: source now \"{}\"",
                    new.source.as_deref().unwrap_or("—")
                )
            ),
            old.source.clone(),
            new.source.clone(),
        );
    }
}

/// A clause as one line of text, for comparing and showing.
pub fn describe_clause(c: &Clause) -> String {
    let operand = |o: &Operand| match o {
        Operand::Literal(v) => v.to_string(),
        Operand::Param(n, _) => format!("params.{n}"),
        Operand::Field(f) => f.path().to_owned(),
    };
    let when = c
        .when
        .as_ref()
        .map(|t| {
            format!(
                "when {} {} {}: ",
                t.field.path(),
                t.op.symbol(),
                operand(&t.operand)
            )
        })
        .unwrap_or_default();
    let body = match &c.body {
        ClauseBody::Compare(t) => format!(
            "{} {} {}",
            t.field.path(),
            t.op.symbol(),
            operand(&t.operand)
        ),
        ClauseBody::FullYears { field, param, .. } => {
            format!("{} full years ≥ params.{param}", field.path())
        }
        ClauseBody::EachYear {
            field,
            years_param,
            op,
            operand: o,
            ..
        } => format!(
            "each of params.{years_param} years: {} {} {}",
            field.path(),
            op.symbol(),
            operand(o)
        ),
        ClauseBody::NoRecord {
            kind,
            window_param,
            filter,
            except,
            unless,
            ..
        } => {
            let f: Vec<String> = filter
                .iter()
                .map(|t| {
                    format!(
                        "{} {} {}",
                        t.field.name(),
                        t.op.symbol(),
                        operand(&t.operand)
                    )
                })
                .collect();
            let e: Vec<String> = except
                .iter()
                .map(|t| {
                    format!(
                        "{} {} {}",
                        t.field.name(),
                        t.op.symbol(),
                        operand(&t.operand)
                    )
                })
                .collect();
            let u = unless
                .as_ref()
                .map(|t| {
                    format!(
                        " unless {} {} {}",
                        t.field.path(),
                        t.op.symbol(),
                        operand(&t.operand)
                    )
                })
                .unwrap_or_default();
            format!(
                "no {} in params.{window_param} years [{}]{}{}",
                kind.as_str(),
                f.join(", "),
                if e.is_empty() {
                    String::new()
                } else {
                    format!(" except [{}]", e.join(", "))
                },
                u
            )
        }
        ClauseBody::Script(s) => {
            let inputs: Vec<String> = s
                .inputs
                .iter()
                .map(|(n, f)| format!("{n}={}", f.path()))
                .collect();
            format!("script {} ({})", s.file, inputs.join(", "))
        }
    };
    format!("{when}{body}")
}

fn script_lines(old: &str, new: &str) -> Vec<ScriptLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for op in diff.ops() {
        for change in diff.iter_inline_changes(op) {
            let tag = match change.tag() {
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
                ChangeTag::Equal => ' ',
            };
            let pieces = change
                .iter_strings_lossy()
                .map(|(emph, s)| (emph, s.trim_end_matches('\n').to_owned()))
                .collect();
            out.push(ScriptLine { tag, pieces });
        }
    }
    out
}

fn params(b: &mut Builder, old: &Policy, new: &Policy) {
    let label = |p: &Param, lang: Lang| {
        p.title.as_ref().map_or_else(
            || p.name.clone(),
            |t| {
                format!("{}（{}）", p.name, t.get(lang))
                    .replace("（", if lang == Lang::Zh { "（" } else { " (" })
                    .replace("）", if lang == Lang::Zh { "）" } else { ")" })
            },
        )
    };
    for p in &new.params {
        let path = format!("params.{}", p.name);
        match old.param(&p.name) {
            None => b.push(
                p.cite.as_ref(),
                path,
                "added",
                text!(
                    format!("新增参数 {} = {}", label(p, Lang::Zh), p.value),
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
                            format!("{} {} → {}", label(p, Lang::Zh), q.value, p.value),
                            format!("{} {} → {}", label(p, Lang::En), q.value, p.value)
                        ),
                        Some(q.value.to_string()),
                        Some(p.value.to_string()),
                    );
                }
                if q.cite != p.cite {
                    let show_c = |c: &Option<Citation>| {
                        c.as_ref().map_or_else(|| "—".to_owned(), |c| c.to_string())
                    };
                    b.push(
                        p.cite.as_ref(),
                        format!("{path}.cite"),
                        "changed",
                        text!(
                            format!(
                                "{} 的引用 {} → {}",
                                p.name,
                                show_c(&q.cite),
                                show_c(&p.cite)
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
    for q in old.params.iter().filter(|q| new.param(&q.name).is_none()) {
        b.push(
            q.cite.as_ref(),
            format!("params.{}", q.name),
            "removed",
            text!(
                format!("删除参数 {}（原为 {}）", q.name, q.value),
                format!("parameter {} removed (was {})", q.name, q.value)
            ),
            Some(q.value.to_string()),
            None,
        );
    }
}

fn conditions(b: &mut Builder, old: &Policy, new: &Policy) {
    for c in &new.conditions {
        let path = format!("conditions.{}", c.id);
        let cite = Some(&c.cite);
        let Some(o) = old.conditions.iter().find(|o| o.id == c.id) else {
            b.push(
                cite,
                path,
                "added",
                text!(
                    format!("新增条件 {}：{}", c.id, c.title.zh),
                    format!("condition {} added: {}", c.id, c.title.en)
                ),
                None,
                Some(c.title.en.clone()),
            );
            continue;
        };
        if o.title != c.title {
            b.push(
                cite,
                format!("{path}.title"),
                "changed",
                text!(
                    format!("条件 {} 的标题“{}” → “{}”", c.id, o.title.zh, c.title.zh),
                    format!(
                        "condition {} retitled \"{}\" → \"{}\"",
                        c.id, o.title.en, c.title.en
                    )
                ),
                Some(o.title.en.clone()),
                Some(c.title.en.clone()),
            );
        }
        if o.cite != c.cite {
            b.push(
                cite,
                format!("{path}.cite"),
                "changed",
                text!(
                    format!("条件 {} 的引用 {} → {}", c.id, o.cite, c.cite),
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
                    format!("条件 {} {zh}", c.id),
                    format!("condition {} {en}", c.id)
                ),
                Some(o.enabled.to_string()),
                Some(c.enabled.to_string()),
            );
        }
        provenance(b, cite, &path, &c.id, &o.provenance, &c.provenance);
        for k in &c.clauses {
            let kp = format!("{path}.clauses.{}", k.id);
            let now = describe_clause(k);
            match o.clauses.iter().find(|x| x.id == k.id) {
                None => b.push(
                    cite,
                    kp,
                    "added",
                    text!(
                        format!("条件 {} 新增子句 {}：{now}", c.id, k.id),
                        format!("condition {}: clause {} added: {now}", c.id, k.id)
                    ),
                    None,
                    Some(now),
                ),
                Some(x) => {
                    let was = describe_clause(x);
                    if was != now {
                        b.push(
                            cite,
                            kp.clone(),
                            "changed",
                            text!(
                                format!("条件 {} 子句 {}：{was} → {now}", c.id, k.id),
                                format!("condition {}: clause {}: {was} → {now}", c.id, k.id)
                            ),
                            Some(was),
                            Some(now),
                        );
                    }
                    if let (ClauseBody::Script(a), ClauseBody::Script(s)) = (&x.body, &k.body) {
                        if a.source != s.source {
                            b.push(
                                cite,
                                format!("{kp}.script"),
                                "changed",
                                text!(
                                    format!("条件 {} 子句 {} 的脚本 {} 有改动", c.id, k.id, s.file),
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
        for x in o
            .clauses
            .iter()
            .filter(|x| !c.clauses.iter().any(|k| k.id == x.id))
        {
            let was = describe_clause(x);
            b.push(
                cite,
                format!("{path}.clauses.{}", x.id),
                "removed",
                text!(
                    format!("条件 {} 删除子句 {}：{was}", c.id, x.id),
                    format!("condition {}: clause {} removed: {was}", c.id, x.id)
                ),
                Some(was),
                None,
            );
        }
    }
    for o in old
        .conditions
        .iter()
        .filter(|o| !new.conditions.iter().any(|c| c.id == o.id))
    {
        b.push(
            Some(&o.cite),
            format!("conditions.{}", o.id),
            "removed",
            text!(
                format!("删除条件 {}：{}", o.id, o.title.zh),
                format!("condition {} removed: {}", o.id, o.title.en)
            ),
            Some(o.title.en.clone()),
            None,
        );
    }
}

fn procedure(b: &mut Builder, old: &Policy, new: &Policy) {
    if old.scoring.total != new.scoring.total {
        b.changed(
            new.scoring.cite.as_ref(),
            "scoring.total",
            ("标准总分", "the standard's total"),
            &show(old.scoring.total),
            &show(new.scoring.total),
        );
    }
    for s in &new.stages {
        let name = (s.title.zh.clone(), s.title.en.to_lowercase());
        match old.stage(&s.id) {
            Some(o) if o.weight != s.weight => b.push(
                s.cite.as_ref(),
                format!("stages.{}.weight", s.id),
                "changed",
                text!(
                    format!("{}权重 {} → {}", name.0, pct(o.weight), pct(s.weight)),
                    format!("{} weight {} → {}", name.1, pct(o.weight), pct(s.weight))
                ),
                Some(o.weight.to_string()),
                Some(s.weight.to_string()),
            ),
            None => b.push(
                s.cite.as_ref(),
                format!("stages.{}", s.id),
                "added",
                text!(
                    format!("新增评审阶段 {}，权重 {}", name.0, pct(s.weight)),
                    format!("stage {} added, weight {}", name.1, pct(s.weight))
                ),
                None,
                Some(s.weight.to_string()),
            ),
            _ => {}
        }
        if let Some(o) = old.stage(&s.id) {
            provenance(
                b,
                s.cite.as_ref(),
                &format!("stages.{}", s.id),
                &s.id,
                &o.provenance,
                &s.provenance,
            );
        }
    }
    for o in old.stages.iter().filter(|o| new.stage(&o.id).is_none()) {
        b.push(
            o.cite.as_ref(),
            format!("stages.{}", o.id),
            "removed",
            text!(
                format!("删除评审阶段 {}", o.title.zh),
                format!("stage {} removed", o.title.en.to_lowercase())
            ),
            Some(o.weight.to_string()),
            None,
        );
    }
    let (os, ns) = (&old.shortlist, &new.shortlist);
    if os.size != ns.size {
        b.changed(
            ns.cite.as_ref(),
            "shortlist.size",
            ("入围名额", "shortlist places"),
            &os.size.to_string(),
            &ns.size.to_string(),
        );
    }
    if os.stage != ns.stage {
        b.changed(
            ns.cite.as_ref(),
            "shortlist.stage",
            ("入围依据", "shortlist by"),
            &os.stage,
            &ns.stage,
        );
    }
    if os.include_ties != ns.include_ties {
        b.changed(
            ns.cite.as_ref(),
            "shortlist.include_ties",
            ("与末位同分者入围", "ties with the last place shortlisted"),
            &os.include_ties.to_string(),
            &ns.include_ties.to_string(),
        );
    }
    if old.ranking.tie_break != new.ranking.tie_break {
        let (a, z) = (
            old.ranking.tie_break.join(" › "),
            new.ranking.tie_break.join(" › "),
        );
        b.changed(
            new.ranking.cite.as_ref(),
            "ranking.tie_break",
            ("同分比较顺序", "tie-break order"),
            &a,
            &z,
        );
    }
    for t in &new.tiers {
        let Some(o) = old.tiers.iter().find(|o| o.id == t.id) else {
            b.push(
                t.quota_cite.as_ref(),
                format!("tiers.{}", t.id),
                "added",
                text!(
                    format!(
                        "新增奖项 {}：名额 {}，门槛 {}，奖金 {}",
                        t.title.zh,
                        t.quota,
                        pct(t.threshold),
                        show(t.amount)
                    ),
                    format!(
                        "tier {} added: {} places, threshold {}, amount {}",
                        t.id,
                        t.quota,
                        pct(t.threshold),
                        show(t.amount)
                    )
                ),
                None,
                None,
            );
            continue;
        };
        if o.quota != t.quota {
            let label = (format!("{}名额", t.title.zh), format!("{} places", t.id));
            b.changed(
                t.quota_cite.as_ref(),
                &format!("tiers.{}.quota", t.id),
                (&label.0, &label.1),
                &o.quota.to_string(),
                &t.quota.to_string(),
            );
        }
        if o.threshold != t.threshold {
            b.push(
                t.threshold_cite.as_ref(),
                format!("tiers.{}.threshold", t.id),
                "changed",
                text!(
                    format!(
                        "{}门槛 {} → {}",
                        t.title.zh,
                        pct(o.threshold),
                        pct(t.threshold)
                    ),
                    format!(
                        "{} threshold {} → {} of the total",
                        t.id,
                        pct(o.threshold),
                        pct(t.threshold)
                    )
                ),
                Some(o.threshold.to_string()),
                Some(t.threshold.to_string()),
            );
        }
        if o.amount != t.amount || o.currency != t.currency {
            b.push(
                t.amount_cite.as_ref(),
                format!("tiers.{}.amount", t.id),
                "changed",
                text!(
                    format!(
                        "{}首次奖金 {} → {} {}",
                        t.title.zh,
                        show(o.amount),
                        show(t.amount),
                        t.currency
                    ),
                    format!(
                        "{} amount for first-time winners {} → {} {}",
                        t.id,
                        show(o.amount),
                        show(t.amount),
                        t.currency
                    )
                ),
                Some(show(o.amount)),
                Some(show(t.amount)),
            );
        }
        provenance(
            b,
            t.quota_cite.as_ref(),
            &format!("tiers.{}", t.id),
            &t.id,
            &o.provenance,
            &t.provenance,
        );
    }
    for o in old
        .tiers
        .iter()
        .filter(|o| !new.tiers.iter().any(|t| t.id == o.id))
    {
        b.push(
            o.quota_cite.as_ref(),
            format!("tiers.{}", o.id),
            "removed",
            text!(
                format!("删除奖项 {}", o.title.zh),
                format!("tier {} removed", o.id)
            ),
            None,
            None,
        );
    }
    if old.publicity.days != new.publicity.days {
        b.push(
            new.publicity.cite.as_ref(),
            "publicity.days".into(),
            "changed",
            text!(
                format!(
                    "公示期 {} 日 → {} 日",
                    old.publicity.days, new.publicity.days
                ),
                format!(
                    "public notice {} → {} days",
                    old.publicity.days, new.publicity.days
                )
            ),
            Some(old.publicity.days.to_string()),
            Some(new.publicity.days.to_string()),
        );
    }
}

fn metadata(b: &mut Builder, old: &Policy, new: &Policy) {
    let (o, n) = (&old.meta, &new.meta);
    let cite = n.validity_cite.as_ref().or(o.validity_cite.as_ref());
    if o.effective != n.effective || o.expires != n.expires {
        let (a, z) = (
            format!("{} – {}", o.effective, o.expires),
            format!("{} – {}", n.effective, n.expires),
        );
        b.changed(cite, "policy.window", ("有效期", "validity window"), &a, &z);
    }
    if o.title != n.title {
        b.push(
            cite,
            "policy.title".into(),
            "changed",
            text!(
                format!("标题“{}” → “{}”", o.title.zh, n.title.zh),
                format!("title \"{}\" → \"{}\"", o.title.en, n.title.en)
            ),
            Some(o.title.en.clone()),
            Some(n.title.en.clone()),
        );
    }
    if o.document != n.document {
        b.push(
            cite,
            "policy.document".into(),
            "changed",
            text!(
                format!(
                    "文件 {} → {}",
                    o.document.as_deref().unwrap_or("—"),
                    n.document.as_deref().unwrap_or("—")
                ),
                format!(
                    "document {} → {}",
                    o.document.as_deref().unwrap_or("—"),
                    n.document.as_deref().unwrap_or("—")
                )
            ),
            o.document.clone(),
            n.document.clone(),
        );
    }
    provenance(b, cite, "policy", "policy", &o.provenance, &n.provenance);
}

/// The semantic diff of two loaded policies.
pub fn diff(old: &Policy, new: &Policy, old_label: &str, new_label: &str) -> PolicyDiff {
    let mut b = Builder {
        changes: Vec::new(),
    };
    metadata(&mut b, old, new);
    params(&mut b, old, new);
    conditions(&mut b, old, new);
    procedure(&mut b, old, new);
    // Stable sort: by article in regulation order, keeping discovery order within one.
    b.changes.sort_by_key(|c| c.order);
    PolicyDiff {
        format: "qaward.diff.v1",
        old: old_label.to_owned(),
        new: new_label.to_owned(),
        changes: b.changes,
    }
}

/// Plain text (`md` for a memo): the count, then each article's changes.
pub fn render_text(d: &PolicyDiff, lang: Lang, md: bool) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let _ = writeln!(out, "{}{} → {}", if md { "## " } else { "" }, d.old, d.new);
    let _ = writeln!(
        out,
        "{}{}\n",
        if md { "\n" } else { "" },
        if zh {
            format!("{} 处改动", d.changes.len())
        } else {
            format!("{} change(s)", d.changes.len())
        }
    );
    for c in &d.changes {
        let mark = match c.kind {
            "added" => "+",
            "removed" => "−",
            _ => "~",
        };
        let _ = writeln!(
            out,
            "{}{mark} {}",
            if md { "- " } else { "" },
            c.sentence.get(lang)
        );
        if !c.script.is_empty() {
            let _ = writeln!(out, "{}", if md { "\n  ```diff" } else { "" }.trim_end());
            for l in &c.script {
                let line: String = l
                    .pieces
                    .iter()
                    .map(|(emph, s)| {
                        if *emph && !md {
                            format!("[{s}]")
                        } else {
                            s.clone()
                        }
                    })
                    .collect();
                let _ = writeln!(out, "{}{}{line}", if md { "  " } else { "    " }, l.tag);
            }
            if md {
                let _ = writeln!(out, "  ```");
            }
        }
    }
    out
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One self-contained HTML page (no network), readable when printed.
pub fn render_html(d: &PolicyDiff, lang: Lang, impact: Option<&str>) -> String {
    let zh = lang == Lang::Zh;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>{} → {}</h1>",
        escape_html(&d.old),
        escape_html(&d.new)
    );
    let _ = writeln!(
        body,
        "<p class=\"count\">{}</p>",
        if zh {
            format!("{} 处改动", d.changes.len())
        } else {
            format!("{} change(s)", d.changes.len())
        }
    );
    let _ = writeln!(body, "<ul>");
    for c in &d.changes {
        let _ = write!(
            body,
            "<li class=\"{}\">{}",
            c.kind,
            escape_html(c.sentence.get(lang))
        );
        if !c.script.is_empty() {
            let _ = write!(body, "<pre>");
            for l in &c.script {
                let cls = match l.tag {
                    '-' => "del",
                    '+' => "ins",
                    _ => "eq",
                };
                let _ = write!(body, "<span class=\"{cls}\">{}", l.tag);
                for (emph, s) in &l.pieces {
                    if *emph {
                        let _ = write!(body, "<mark>{}</mark>", escape_html(s));
                    } else {
                        body.push_str(&escape_html(s));
                    }
                }
                body.push_str("</span>\n");
            }
            body.push_str("</pre>");
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ul>\n");
    if let Some(impact) = impact {
        let _ = writeln!(
            body,
            "<h2>{}</h2>\n<pre class=\"impact\">{}</pre>",
            if zh {
                "对申报组织的影响"
            } else {
                "Impact on the cohort"
            },
            escape_html(impact)
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} → {}</title>\n<style>\nbody {{ font-family: \"Noto Sans CJK SC\", \"PingFang SC\", sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.5; color: #111; }}\nli {{ margin: .3em 0; }}\nli.added::marker {{ content: \"+ \"; color: #1a7f37; }}\nli.removed::marker {{ content: \"− \"; color: #b42318; }}\nli.changed::marker {{ content: \"~ \"; color: #555; }}\npre {{ background: #f6f6f6; padding: .5em; white-space: pre-wrap; }}\n.del {{ color: #b42318; }} .ins {{ color: #1a7f37; }} mark {{ background: #ffe58f; }}\n@media print {{ body {{ margin: 0; max-width: none; }} pre {{ background: none; border: 1px solid #999; }} }}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        if zh { "zh" } else { "en" },
        escape_html(&d.old),
        escape_html(&d.new)
    )
}
