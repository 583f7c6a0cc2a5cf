//! What reading a cohort shares: the policy's declarations arranged as the objects that hold
//! them (`Plan`), where a value sits (`Trail`, rendered as a JSON pointer only when a problem
//! needs it), and what was found (`Findings`: problems, undeclared keys, warnings).

use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::{CohortFile, Notice};
use crate::diag::text;
use crate::diag::{suggestion, Diagnostic};
use crate::policy::fields::{RecordDecl, ENGINE_KEYS};
use crate::policy::Policy;

/// Where a value is: a chain of keys and indices, rendered only when needed.
#[derive(Clone, Copy)]
pub(super) struct Trail<'t> {
    pub(super) parent: Option<&'t Trail<'t>>,
    pub(super) key: Option<&'t str>,
    pub(super) index: usize,
}

impl<'t> Trail<'t> {
    pub(super) const ROOT: Trail<'static> = Trail {
        parent: None,
        key: None,
        index: 0,
    };

    pub(super) fn key(&'t self, key: &'t str) -> Trail<'t> {
        Trail {
            parent: Some(self),
            key: Some(key),
            index: 0,
        }
    }

    pub(super) fn index(&'t self, index: usize) -> Trail<'t> {
        Trail {
            parent: Some(self),
            key: None,
            index,
        }
    }

    /// The JSON pointer.
    pub(super) fn pointer(&self) -> String {
        let mut segs = Vec::new();
        let mut t = Some(self);
        while let Some(x) = t {
            if x.parent.is_some() {
                segs.push(match x.key {
                    Some(k) => crate::pointer::escape(k),
                    None => x.index.to_string(),
                });
            }
            t = x.parent;
        }
        segs.iter().rev().map(|s| format!("/{s}")).collect()
    }

    /// The dotted path of the keys below `depth` levels (the applicant's own keys).
    pub(super) fn dotted(&self, depth: usize) -> String {
        let mut keys = Vec::new();
        let mut t = Some(self);
        while let Some(x) = t {
            keys.push(x);
            t = x.parent;
        }
        keys.iter()
            .rev()
            .skip(depth)
            .map(|x| {
                x.key
                    .map_or_else(|| format!("[{}]", x.index), str::to_owned)
            })
            .collect::<Vec<_>>()
            .join(".")
            .replace(".[", "[")
    }
}

/// The declared fields arranged as the objects that hold them.
#[derive(Default)]
pub(super) struct Branch {
    pub(super) children: Vec<(String, Child)>,
}

pub(super) enum Child {
    Field(usize),
    Branch(Branch),
}

impl Branch {
    pub(super) fn insert(&mut self, path: &[&str], index: usize) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let at = self.children.iter().position(|(k, _)| k == first);
        if rest.is_empty() {
            match at {
                Some(i) => self.children[i].1 = Child::Field(index),
                None => self
                    .children
                    .push(((*first).to_owned(), Child::Field(index))),
            }
            return;
        }
        let i = at.unwrap_or_else(|| {
            self.children
                .push(((*first).to_owned(), Child::Branch(Branch::default())));
            self.children.len() - 1
        });
        if let Child::Branch(b) = &mut self.children[i].1 {
            b.insert(rest, index);
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&Child> {
        self.children.iter().find(|(k, _)| k == key).map(|(_, c)| c)
    }
}

/// The policy's declarations arranged for reading.
pub(super) struct Plan<'p> {
    pub(super) policy: &'p Policy,
    pub(super) root: Branch,
}

impl<'p> Plan<'p> {
    pub(super) fn new(policy: &'p Policy) -> Plan<'p> {
        let mut root = Branch::default();
        for (i, f) in policy.model.fields.iter().enumerate() {
            let path: Vec<&str> = f.path.split('.').collect();
            root.insert(&path, i);
        }
        Plan { policy, root }
    }

    /// The declaration of the record kind `kind` (a policy declares a handful: a scan is
    /// cheaper than hashing).
    pub(super) fn record(&self, kind: &str) -> Option<&'p Arc<RecordDecl>> {
        self.policy.model.records.iter().find(|r| r.kind == kind)
    }
}

/// Problems and warnings found while reading.
pub(super) struct Findings<'d> {
    pub(super) file: &'d CohortFile<'d>,
    pub(super) problems: Vec<Diagnostic>,
    /// Undeclared key → the applicants carrying it.
    pub(super) unknown: BTreeMap<String, Vec<String>>,
    pub(super) warnings: Vec<Notice>,
    /// What the award calls an applicant, for the messages (申报组织).
    pub(super) noun: String,
}

impl<'d> Findings<'d> {
    /// Nothing found yet in `file`, read for an award that calls an applicant `noun`.
    pub(super) fn new(file: &'d CohortFile<'d>, noun: &str) -> Findings<'d> {
        Findings {
            noun: noun.to_owned(),
            file,
            problems: Vec::new(),
            unknown: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Adds what `later` found, reading on from where this stopped, after this's own.
    pub(super) fn absorb(&mut self, later: Findings<'_>) {
        self.problems.extend(later.problems);
        join_unknown(&mut self.unknown, later.unknown);
        self.warnings.extend(later.warnings);
    }

    pub(super) fn bad(&mut self, at: &Trail<'_>, who: &str, zh: String, en: String) {
        let d = self.file.problem(
            &at.pointer(),
            text!(
                format!("{} `{who}`：{zh}", self.noun),
                format!("applicant `{who}`: {en}")
            ),
        );
        self.problems.push(d);
    }

    pub(super) fn unknown(&mut self, key: String, who: &str) {
        self.unknown.entry(key).or_default().push(who.to_owned());
    }
}

/// Adds the undeclared keys of `later` (and the applicants carrying them) after those of `into`.
pub(super) fn join_unknown(
    into: &mut BTreeMap<String, Vec<String>>,
    later: BTreeMap<String, Vec<String>>,
) {
    for (key, who) in later {
        into.entry(key).or_default().extend(who);
    }
}

/// One warning per undeclared key, naming the applicants and the nearest declared field.
pub(super) fn unknown_warnings(
    plan: &Plan<'_>,
    unknown: &BTreeMap<String, Vec<String>>,
) -> Vec<Notice> {
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
                (false, 0) => (
                    format!("（{}）", shown.join("、")),
                    format!(" ({})", shown.join(", ")),
                ),
                (false, n) => (
                    format!("（{} 等 {} 家）", shown.join("、"), who.len()),
                    format!(" ({} and {n} more)", shown.join(", ")),
                ),
            };
            let (near_zh, near_en) = near.map_or((String::new(), String::new()), |t| {
                (format!("；{}", t.zh), format!("; {}", t.en))
            });
            Notice {
                text: text!(
                    format!("申报名单中的 `{key}`{whom_zh} 不是本规则版本声明的字段，未予读取{near_zh}"),
                    format!("`{key}`{whom_en} is not a field this policy declares; it was not read{near_en}")
                ),
                applicants: who.clone(),
            }
        })
        .collect()
}

/// The set of applicant ids seen, to find one given twice.
pub(super) type IdSet<'a> = HashSet<&'a str, BuildHasherDefault<Fnv>>;

/// FNV-1a, for the set of ids: short keys from the user's own file, where SipHash's
/// resistance to chosen collisions buys nothing and costs a tenth of the check.
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
