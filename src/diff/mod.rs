//! The meaning of a change between two policy versions, said in the regulation's terms:
//! matched by id (not position), each change one sentence, grouped by the article it touches,
//! in the regulation's order — "`<article>`: award places 5 → 6". Script changes come with a
//! line diff whose changed words are marked.
//!
//! Computation only: `render::diff` turns a `PolicyDiff` into text, Markdown or HTML.
//! Sections: `meta` (the validity window, title, document), `rules` (parameters, conditions
//! and their clauses), `procedure` (scoring, stages, shortlist, ranking, tiers, publicity);
//! `describe` says a clause in one line and diffs scripts line by line.

mod categories;
mod describe;
mod ledger;
mod meta;
mod model;
mod panels;
mod procedure;
mod rules;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::decimal::show;
use crate::diag::text;
use crate::diag::{Lang, Text};
use crate::policy::{Citation, Policy, Provenance};

/// One line of a script diff: `-`, `+` or ` `, and its text in (changed?, text) pieces.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScriptLine {
    /// `-` (old), `+` (new) or ` ` (both).
    pub tag: char,
    /// The line's pieces, each marked when it changed.
    pub pieces: Vec<(bool, String)>,
}

#[derive(Debug, Clone, Serialize)]
/// One change between two policy versions.
pub struct Change {
    /// The article cited (the new version's, else the old one's), for grouping.
    pub cite: Option<String>,
    #[serde(skip)]
    /// The article's place, for sorting in the regulation's order.
    pub order: (u32, u32, u32),
    /// What changed, by path: `params.NAME`, `conditions.ID.clauses.ID`.
    pub path: String,
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// The change said as one sentence, with its article.
    pub sentence: Text,
    /// The old value, when there is one.
    pub before: Option<String>,
    /// The new value, when there is one.
    pub after: Option<String>,
    /// A script's changed lines, when a script changed.
    pub script: Vec<ScriptLine>,
}

impl Change {
    /// Whether a change lowers a tier's places where the measures let fewer be awarded (“可以少额或者
    /// 空缺”): within the text, whoever may change the rest.
    pub fn fewer_places_allowed(&self, base: &Policy) -> bool {
        let change = self;
        let (policy, path) = match change.path.strip_prefix("categories.") {
            Some(rest) => {
                let Some((id, path)) = rest.split_once('.') else {
                    return false;
                };
                match base.categories.iter().find(|c| c.id == id) {
                    Some(c) => (&*c.policy, path),
                    None => return false,
                }
            }
            None => (base, change.path.as_str()),
        };
        let Some(tier) = path
            .strip_prefix("tiers.")
            .and_then(|p| p.strip_suffix(".quota"))
        else {
            return false;
        };
        let number = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<u32>().ok());
        let lower =
            matches!((number(&change.before), number(&change.after)), (Some(b), Some(a)) if a < b);
        lower && policy.tiers.iter().any(|t| t.id == tier && t.may_be_fewer)
    }

    /// Whether it changes only a reading the policy takes (how it reads the text), which a
    /// paper lists apart from the rules and from provenance.
    pub fn is_a_reading(&self) -> bool {
        self.path.ends_with(".reading")
    }

    /// Whether it changes the policy's own metadata or an item's provenance (where a value
    /// comes from, whether it is verified, which article it cites), not a rule.
    pub fn is_about_the_text(&self) -> bool {
        (self.path.starts_with("policy.") && self.path != "policy.expires")
            || [".verified", ".source", ".note", ".cite", ".unit"]
                .iter()
                .any(|s| self.path.ends_with(s))
    }
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

/// The regulation's order: an article's first paragraph, then its items (which belong to the
/// first paragraph unless a paragraph is named), then its later paragraphs.
fn order(c: Option<&Citation>) -> (u32, u32, u32) {
    c.map_or((u32::MAX, 0, 0), |c| {
        (c.article, c.paragraph.unwrap_or(1), c.item.unwrap_or(0))
    })
}

fn pct(d: Decimal) -> String {
    format!("{}%", show(d * Decimal::ONE_HUNDRED))
}

struct Builder {
    changes: Vec<Change>,
    /// What Chinese output calls each item, by path (`params.x` → 参数“…”), from the new
    /// version, then the old one.
    names: Vec<(String, String)>,
    /// The two versions' ids: a citation naming no document cites its own version's text.
    ids: (String, String),
}

impl Builder {
    /// A builder naming items as `new`, else `old`, titles them.
    fn new(old: &Policy, new: &Policy) -> Self {
        let mut names = Vec::new();
        for p in [new, old] {
            let mut paths: Vec<String> = ["policy", "scoring", "shortlist", "ranking", "publicity"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
            paths.extend(p.params.iter().map(|x| format!("params.{}", x.name)));
            paths.extend(p.conditions.iter().map(|x| format!("conditions.{}", x.id)));
            paths.extend(p.stages.iter().map(|x| format!("stages.{}", x.id)));
            paths.extend(p.tiers.iter().map(|x| format!("tiers.{}", x.id)));
            for path in paths {
                if !names.iter().any(|(q, _)| *q == path) {
                    let zh = p.item_zh(&path);
                    names.push((path, zh));
                }
            }
            for c in &p.conditions {
                for k in &c.clauses {
                    let path = format!("conditions.{}.clauses.{}", c.id, k.id);
                    if let (Some(t), false) = (&k.title, names.iter().any(|(q, _)| *q == path)) {
                        names.push((path, format!("“{}”", t.zh)));
                    }
                }
            }
        }
        Builder {
            changes: Vec::new(),
            names,
            ids: (old.meta.id.clone(), new.meta.id.clone()),
        }
    }

    /// Whether an old and a new citation name the same place of the same text: one naming no
    /// document cites its own version, so an older version citing the newer one's text by
    /// the newer id cites what the newer version cites without an id.
    fn same_cite(&self, old: Option<&Citation>, new: Option<&Citation>) -> bool {
        match (old, new) {
            (Some(o), Some(n)) => {
                let same_document = match (o.document.as_deref(), n.document.as_deref()) {
                    (Some(a), Some(b)) => a == b,
                    (None, None) => true,
                    (Some(d), None) => d == self.ids.1,
                    (None, Some(d)) => d == self.ids.0,
                };
                same_document
                    && (o.article, o.paragraph, o.item) == (n.article, n.paragraph, n.item)
            }
            (None, None) => true,
            _ => false,
        }
    }

    /// What Chinese output calls the item at `path`; `fallback` when it has no title.
    fn zh(&self, path: &str, fallback: &str) -> String {
        self.names
            .iter()
            .find(|(p, _)| p == path)
            .map_or_else(|| fallback.to_owned(), |(_, n)| n.clone())
    }

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
        // An article not known is not said on every line.
        let lead = cite
            .filter(|c| !c.is_unknown())
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

/// An item of two versions matched by id.
enum Pair<'a, T> {
    /// Only in the new version.
    Added(&'a T),
    /// Only in the old version.
    Removed(&'a T),
    /// In both: (old, new).
    Both(&'a T, &'a T),
}

/// Matches the items of two versions by id: each new item with its old one, in the new
/// version's order, then the old items the new version lacks, in the old order.
fn by_id<'a, T>(old: &'a [T], new: &'a [T], id: fn(&T) -> &str) -> Vec<Pair<'a, T>> {
    let mut out: Vec<Pair<'a, T>> = new
        .iter()
        .map(|n| match old.iter().find(|o| id(o) == id(n)) {
            Some(o) => Pair::Both(o, n),
            None => Pair::Added(n),
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !new.iter().any(|n| id(n) == id(o)))
            .map(Pair::Removed),
    );
    out
}

fn provenance(
    b: &mut Builder,
    cite: Option<&Citation>,
    path: &str,
    name: &str,
    old: &Provenance,
    new: &Provenance,
) {
    let zh = b.zh(path, name);
    // Verified against a new source is one change, said in one line.
    let source = (old.source != new.source).then(|| new.source.as_deref().unwrap_or("—"));
    if old.verified != new.verified {
        let yn = |v: bool| {
            if v {
                ("已核实", "verified")
            } else {
                ("未核实", "unverified")
            }
        };
        let (with_zh, with_en) = source.map_or_else(Default::default, |s| {
            (format!("（出处：“{s}”）"), format!(" (source: \"{s}\")"))
        });
        b.push(
            cite,
            format!("{path}.verified"),
            "changed",
            text!(
                format!(
                    "{zh}{} → {}{with_zh}",
                    yn(old.verified).0,
                    yn(new.verified).0
                ),
                format!(
                    "{name} {} → {}{with_en}",
                    yn(old.verified).1,
                    yn(new.verified).1
                )
            ),
            Some(old.verified.to_string()),
            Some(new.verified.to_string()),
        );
    } else if source.is_some() {
        b.push(
            cite,
            format!("{path}.source"),
            "changed",
            text!(
                format!("{zh}的出处改为“{}”", new.source.as_deref().unwrap_or("—")),
                format!(
                    "{name}: source now \"{}\"",
                    new.source.as_deref().unwrap_or("—")
                )
            ),
            old.source.clone(),
            new.source.clone(),
        );
    }
    reading(b, cite, path, name, &old.reading, &new.reading);
}

/// A reading taken, changed or dropped, said as such.
fn reading(
    b: &mut Builder,
    cite: Option<&Citation>,
    path: &str,
    name: &str,
    old: &Option<String>,
    new: &Option<String>,
) {
    if old == new {
        return;
    }
    let zh_name = b.zh(path, name);
    let (kind, sentence) = match (old, new) {
        (None, Some(r)) => {
            let (zh, en) = crate::policy::readings::halves(r);
            (
                "added",
                text!(
                    format!("{zh_name}采用读法：{zh}"),
                    format!("{name}: takes the reading: {en}")
                ),
            )
        }
        (Some(r), None) => {
            let (zh, en) = crate::policy::readings::halves(r);
            (
                "removed",
                text!(
                    format!("{zh_name}不再写明读法（原为：{zh}）"),
                    format!("{name}: no reading stated any more (was: {en})")
                ),
            )
        }
        (_, r) => {
            let (zh, en) = crate::policy::readings::halves(r.as_deref().unwrap_or("—"));
            (
                "changed",
                text!(
                    format!("{zh_name}的读法改为：{zh}"),
                    format!("{name}: the reading is now: {en}")
                ),
            )
        }
    };
    b.push(
        cite,
        format!("{path}.reading"),
        kind,
        sentence,
        old.clone(),
        new.clone(),
    );
}

/// The semantic diff of two loaded policies.
pub fn diff(old: &Policy, new: &Policy, old_label: &str, new_label: &str) -> PolicyDiff {
    let mut b = Builder::new(old, new);
    meta::metadata(&mut b, old, new);
    rules::params(&mut b, old, new);
    rules::conditions(&mut b, old, new);
    procedure::procedure(&mut b, old, new);
    panels::panels(&mut b, old, new);
    categories::categories(&mut b, old, new);
    model::model(&mut b, old, new);
    ledger::ledger(&mut b, old, new);
    // Stable sort: by article in regulation order, keeping discovery order within one.
    b.changes.sort_by_key(|c| c.order);
    PolicyDiff {
        format: "qaward.diff.v1",
        old: old_label.to_owned(),
        new: new_label.to_owned(),
        changes: b.changes,
    }
}
