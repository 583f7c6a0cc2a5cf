//! The fast path for JSON cohorts: the file read straight from its bytes into applicants,
//! without a tree of the whole file in between. Each value is read by the same functions the
//! tree walk uses, so both read alike; at the first sign of a problem (bad syntax, a bad value,
//! `applicants` before `cycle`) the fast path stops, and the tree walk reads the file again to
//! report every problem with its place.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::bind::{cycle_of, engine_key, history_entry, record, score, CYCLE_KEYS};
use super::block::Block;
use super::plan::{join_unknown, unknown_warnings, Branch, Child, Findings, IdSet, Plan, Trail};
use super::split::{self, Source};
use super::tree::{Node, SeenKeys, Text};
use super::value::{typed, within_bounds};
use super::{Applicant, Cohort, CohortFile, Cycle, Value};
use crate::error::Error;
use crate::policy::fields::FieldType;
use crate::policy::Policy;

/// How the fast path ended.
pub(super) enum Streamed<P> {
    /// Read: the policy chosen and the cohort.
    Read(P, Cohort),
    /// Stopped after the policy was chosen; the slow path reads the cohort for it.
    Chose(P),
    /// Stopped before choosing a policy.
    Stopped,
    /// The policy could not be chosen.
    Refused(Error),
}

/// Reads the cohort from `source`; `choose` picks the policy once the cycle is known.
pub(super) fn read<P: Borrow<Policy>>(
    file: &CohortFile,
    source: &mut Source<'_>,
    choose: &mut impl FnMut(&Cycle) -> Result<P, Error>,
) -> Streamed<P> {
    let mut state = State {
        file,
        choose: Some(choose),
        chosen: None,
        refused: None,
        cycle: None,
        applicants: None,
        unknown: BTreeMap::new(),
        warnings: Vec::new(),
    };
    let ok = state.document(source).is_some();
    if let Some(e) = state.refused {
        return Streamed::Refused(e);
    }
    let Some(policy) = state.chosen else {
        return Streamed::Stopped;
    };
    match (ok, state.cycle, state.applicants) {
        (true, Some(cycle), Some((applicants, values))) => {
            let plan = Plan::new(policy.borrow());
            let mut warnings = unknown_warnings(&plan, &state.unknown);
            warnings.append(&mut state.warnings);
            Streamed::Read(policy, Cohort::new(cycle, applicants, values, warnings))
        }
        _ => Streamed::Chose(policy),
    }
}

struct State<'f, 'c, P, C> {
    file: &'f CohortFile<'f>,
    choose: Option<&'c mut C>,
    chosen: Option<P>,
    refused: Option<Error>,
    cycle: Option<Cycle>,
    applicants: Option<Rows>,
    unknown: BTreeMap<String, Vec<String>>,
    warnings: Vec<super::Notice>,
}

/// The reason the fast path stops; never shown (the slow path says what is wrong).
fn stop<E: de::Error>() -> E {
    E::custom("the fast path stops here")
}

/// `bytes`, one whole JSON value, read by `seed`; `None` when it is not one or `seed` stops.
fn parse<'de, S: DeserializeSeed<'de>>(bytes: &'de [u8], seed: S) -> Option<S::Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = seed.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// Applicants read on one core before they are handed on: below this, a cohort is read on one.
const BATCH: usize = 4096;

type Rows = (Vec<Applicant>, Block);

impl<P: Borrow<Policy>, C: FnMut(&Cycle) -> Result<P, Error>> State<'_, '_, P, C> {
    /// The whole document: an object, then nothing but white space. `None`: the fast path stops.
    fn document(&mut self, source: &mut Source<'_>) -> Option<()> {
        if source.peek()? != b'{' {
            return None;
        }
        source.at += 1;
        let mut first = true;
        loop {
            match (first, source.peek()?) {
                (_, b'}') if first => break,
                (false, b'}') => break,
                (false, b',') => source.at += 1,
                (true, _) => {}
                _ => return None,
            }
            first = false;
            if source.peek()? != b'"' {
                return None;
            }
            let (start, end) = source.value()?;
            let key: String = parse(
                &source.data()[start..end],
                std::marker::PhantomData::<Text<'_>>,
            )?
            .0
            .into_owned();
            source.at = end;
            if source.peek()? != b':' {
                return None;
            }
            source.at += 1;
            if key == "applicants" {
                let policy = self.chosen.as_ref()?.borrow();
                if self.applicants.is_some() {
                    return None;
                }
                let (rows, f) = applicants(policy, self.file, source)?;
                join_unknown(&mut self.unknown, f.unknown);
                self.warnings.extend(f.warnings);
                self.applicants = Some(rows);
                continue;
            }
            let (start, end) = source.value()?;
            self.member(&key, &source.data()[start..end])?;
            source.at = end;
        }
        source.at += 1;
        // Nothing but white space after the object.
        source.peek().is_none().then_some(())
    }

    /// A top-level member other than the applicants.
    fn member(&mut self, key: &str, bytes: &[u8]) -> Option<()> {
        match key {
            "cycle" => {
                let node: Node<'_> = parse(bytes, std::marker::PhantomData)?;
                for (k, _) in node.as_object().unwrap_or(&[]) {
                    if !CYCLE_KEYS.contains(&k.as_ref()) {
                        self.unknown.entry(format!("cycle.{k}")).or_default();
                    }
                }
                let cycle = cycle_of(self.file, Some(&node)).ok()?;
                let choose = self.choose.take()?;
                match choose(&cycle) {
                    Ok(p) => self.chosen = Some(p),
                    Err(e) => {
                        self.refused = Some(e);
                        return None;
                    }
                }
                self.cycle = Some(cycle);
            }
            "$schema" => {
                parse(bytes, std::marker::PhantomData::<IgnoredAny>)?;
            }
            other => {
                self.unknown.entry(other.to_owned()).or_default();
                parse(bytes, std::marker::PhantomData::<IgnoredAny>)?;
            }
        }
        Some(())
    }
}

/// The applicants' array, read in batches; each large batch in two halves, one on each core.
/// The rows, and what reading them found (no problems: a problem stops the fast path).
fn applicants<'f>(
    policy: &Policy,
    file: &'f CohortFile<'f>,
    source: &mut Source<'_>,
) -> Option<(Rows, Findings<'f>)> {
    if source.peek()? != b'[' {
        return None;
    }
    source.at += 1;
    let plan = Plan::new(policy);
    let mut rows: Rows = (Vec::new(), Block::new(policy.model.fields.len()));
    let mut f = Findings::new(file, &policy.meta.applicant.zh);
    // Expecting an applicant (after `[` or a comma), or what follows one.
    let mut item = true;
    let mut closed = false;
    while !closed {
        let mut batch = Vec::new();
        let data = source.data();
        let mut at = source.at;
        let mut full = false;
        loop {
            let Some(n) = data[at..]
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            else {
                at = data.len();
                break;
            };
            at += n;
            match (item, data[at]) {
                (true, b']') if batch.is_empty() && rows.0.is_empty() => closed = true,
                (true, _) => match split::value_end(data, at) {
                    Some(end) => {
                        batch.push(at..end);
                        at = end;
                        item = false;
                        continue;
                    }
                    None => break,
                },
                (false, b',') => {
                    item = true;
                    at += 1;
                    full = batch.len() >= BATCH;
                    if full {
                        break;
                    }
                    continue;
                }
                (false, b']') => closed = true,
                _ => return None,
            }
            at += 1;
            break;
        }
        read_batch(&plan, &mut f, &mut rows, data, &batch)?;
        source.at = at;
        if !closed && !full && !source.more() {
            return None;
        }
    }
    // Ids unique: checked once all are read, borrowing them (no copies to free).
    let mut seen = IdSet::with_capacity_and_hasher(rows.0.len(), Default::default());
    if !rows.0.iter().all(|a| seen.insert(a.id.as_str())) {
        return None;
    }
    Some((rows, f))
}

/// The applicants at `spans` of `data`, read onto `rows`: a large batch in two halves, the
/// second on another core, joined in order.
fn read_batch(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    rows: &mut Rows,
    data: &[u8],
    spans: &[std::ops::Range<usize>],
) -> Option<()> {
    let next = rows.0.len();
    if spans.len() < BATCH / 2 {
        return read_at(plan, f, rows, data, spans, next);
    }
    let (first, second) = spans.split_at(spans.len() / 2);
    let offset = next + first.len();
    let file = f.file;
    let (done, other) = crate::parallel::both(
        || read_at(plan, f, rows, data, first, next),
        || {
            let mut own: Rows = (Vec::new(), Block::new(plan.policy.model.fields.len()));
            let mut g = Findings::new(file, &plan.policy.meta.applicant.zh);
            let read = read_at(plan, &mut g, &mut own, data, second, offset);
            read.map(|()| (own, g))
        },
    );
    done?;
    let (own, g) = other?;
    rows.0.extend(own.0);
    rows.1.append(own.1);
    f.absorb(g);
    Some(())
}

/// The applicants at `spans`, read onto `rows`; the first is the cohort's `first`.
fn read_at(
    plan: &Plan<'_>,
    f: &mut Findings<'_>,
    rows: &mut Rows,
    data: &[u8],
    spans: &[std::ops::Range<usize>],
    first: usize,
) -> Option<()> {
    let list_at = Trail::ROOT.key("applicants");
    for (i, span) in spans.iter().enumerate() {
        let one = One {
            plan,
            f: &mut *f,
            at: list_at.index(first + i),
            values: rows.1.push(),
        };
        let a = parse(&data[span.clone()], one)?;
        if a.id.is_empty() || !f.problems.is_empty() {
            return None;
        }
        rows.0.push(a);
    }
    Some(())
}

/// One applicant.
struct One<'a, 'p, 'f, 't> {
    plan: &'a Plan<'p>,
    f: &'a mut Findings<'f>,
    at: Trail<'t>,
    values: &'a mut [Option<Value>],
}

impl<'de> DeserializeSeed<'de> for One<'_, '_, '_, '_> {
    type Value = Applicant;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Applicant, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for One<'_, '_, '_, '_> {
    type Value = Applicant;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an applicant object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Applicant, A::Error> {
        let (plan, f, at, values) = (self.plan, self.f, &self.at, self.values);
        let mut out = Applicant {
            scores: vec![None; plan.policy.stages.len()],
            ..Applicant::default()
        };
        let mut unknown: Vec<String> = Vec::new();
        let mut id = String::new();
        let mut seen = SeenKeys::default();
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            // A key written twice: the tree walk says so.
            if seen.again(&key) {
                return Err(stop());
            }
            let here = at.key(&key);
            let who = if id.is_empty() { "?" } else { id.as_str() };
            let warned = f.warnings.len();
            match key.as_ref() {
                "id" => match map.next_value::<Node<'de>>()? {
                    Node::Str(s) => id = s.into_owned(),
                    _ => return Err(stop()),
                },
                "records" | "history" | "scores" => {
                    map.next_value_seed(Nested {
                        plan,
                        f: &mut *f,
                        at: &here,
                        who,
                        key: &key,
                        out: &mut out,
                    })?;
                }
                "name" | "category" => {
                    let v: Node<'de> = map.next_value()?;
                    engine_key(plan, f, &here, who, &key, &v, &mut out);
                }
                _ => {
                    map.next_value_seed(Member {
                        plan,
                        f: &mut *f,
                        at: &here,
                        who,
                        child: plan.root.get(&key),
                        values: &mut *values,
                        unknown: &mut unknown,
                    })?;
                }
            }
            // A warning written before the id was known would not name the applicant.
            let unnamed = id.is_empty() && f.warnings.len() > warned;
            if !f.problems.is_empty() || unnamed {
                return Err(stop());
            }
        }
        if id.is_empty() {
            return Err(stop());
        }
        out.id = id;
        for k in unknown {
            f.unknown(k, &out.id);
        }
        Ok(out)
    }
}

/// The applicant's `records`, `history` or `scores`, read item by item into the applicant
/// (each item by the tree walk's own function); a list or object of the wrong shape stops.
struct Nested<'a, 'p, 'f, 't> {
    plan: &'a Plan<'p>,
    f: &'a mut Findings<'f>,
    at: &'a Trail<'t>,
    who: &'a str,
    key: &'a str,
    out: &'a mut Applicant,
}

impl<'de> DeserializeSeed<'de> for Nested<'_, '_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Nested<'_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list or an object")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (plan, f, who) = (self.plan, self.f, self.who);
        match self.key {
            "records" => {
                let mut list = Vec::new();
                while let Some(node) = seq.next_element::<Node<'de>>()? {
                    let at = self.at.index(list.len());
                    list.push(record(plan, f, &at, who, &node).ok_or_else(stop::<A::Error>)?);
                }
                // Kept for the whole run: no room for more (a list of one grew room for four).
                list.shrink_to_fit();
                self.out.records = Some(list);
            }
            "history" => {
                let mut list = Vec::new();
                while let Some(node) = seq.next_element::<Node<'de>>()? {
                    let at = self.at.index(list.len());
                    let entry = history_entry(plan, f, &at, who, &node);
                    list.push(entry.ok_or_else(stop::<A::Error>)?);
                }
                list.shrink_to_fit();
                self.out.history = Some(list);
            }
            _ => return Err(stop()),
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.key != "scores" {
            return Err(stop());
        }
        let mut seen = SeenKeys::default();
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            if seen.again(&key) {
                return Err(stop());
            }
            let v: Node<'de> = map.next_value()?;
            score(
                self.plan,
                self.f,
                self.at,
                self.who,
                &key,
                &v,
                &mut self.out.scores,
            );
        }
        Ok(())
    }
}

/// One member of an applicant or of an object of declared fields.
struct Member<'a, 'p, 'f, 't> {
    plan: &'a Plan<'p>,
    f: &'a mut Findings<'f>,
    at: &'a Trail<'t>,
    who: &'a str,
    child: Option<&'a Child>,
    values: &'a mut [Option<Value>],
    unknown: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Member<'_, '_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.child {
            Some(Child::Field(i)) if self.plan.policy.model.fields[*i].ty == FieldType::Integer => {
                // A whole number read as one, without the text a decimal needs.
                let decl = &self.plan.policy.model.fields[*i];
                let n: Option<i64> = de::Deserialize::deserialize(d)?;
                self.values[*i] =
                    n.and_then(|n| within_bounds(self.f, self.at, self.who, decl, Value::Int(n)));
                Ok(())
            }
            Some(Child::Field(i)) => {
                let node: Node<'de> = de::Deserialize::deserialize(d)?;
                let decl = &self.plan.policy.model.fields[*i];
                self.values[*i] = typed(self.f, self.at, self.who, decl, &node);
                Ok(())
            }
            Some(Child::Branch(branch)) => d.deserialize_any(Object {
                member: self,
                branch,
            }),
            None => {
                self.unknown.push(self.at.dotted(3));
                de::Deserialize::deserialize(d).map(|_: IgnoredAny| ())
            }
        }
    }
}

/// An object of declared fields (the prefix of dotted paths).
struct Object<'a, 'p, 'f, 't> {
    member: Member<'a, 'p, 'f, 't>,
    branch: &'a Branch,
}

impl<'de> Visitor<'de> for Object<'_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let m = self.member;
        let mut seen = SeenKeys::default();
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            if seen.again(&key) {
                return Err(stop());
            }
            let here = m.at.key(&key);
            map.next_value_seed(Member {
                plan: m.plan,
                f: &mut *m.f,
                at: &here,
                who: m.who,
                child: self.branch.get(&key),
                values: &mut *m.values,
                unknown: &mut *m.unknown,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::store::Store;

    fn policy() -> Policy {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let store = Store::from_dir(&dir, crate::policy::store::Origin::Flag(dir.clone())).unwrap();
        store.load("wuxi-2024").unwrap()
    }

    /// The slow path's reading of `json`, for comparison.
    fn slow(json: &str, p: &Policy) -> String {
        let file = CohortFile::from_json(json.as_bytes()).unwrap();
        let tree = file.tree().unwrap();
        let cycle = super::super::bind::cycle(&file, &tree).unwrap();
        format!("{:?}", super::super::bind::bind(&file, &tree, cycle, p))
    }

    fn fast(json: &str, p: &Policy) -> Option<String> {
        let file = CohortFile::from_json(json.as_bytes()).unwrap();
        match read(&file, &mut Source::slice(json.as_bytes()), &mut |_| Ok(p)) {
            Streamed::Read(_, c) => Some(format!("{:?}", Ok::<_, ()>(c))),
            _ => None,
        }
    }

    #[test]
    fn the_fast_path_reads_exactly_like_the_tree_walk() {
        let p = policy();
        let sample = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cohort-2024.json"),
        )
        .unwrap();
        let extra = r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01","month":9},"applicants":[
            {"id":"A","org_form":"法人","scores":{"materials":"1"},"performance":{"scale_rnk":2,"annual_profit":{"2023":"1.50"}},"leading_level":"world"},
            {"id":"B","established":"2020-01-01","records":[{"kind":"violation","date":"2023-01-01","severity":"较大"}]},
            {"id":"C","performance":{"scale_rank":null,"profit_tax_rank":3},"history":[],"scores":null}]}"#;
        for json in [sample.as_str(), extra] {
            let fast = fast(json, &p).expect("the fast path reads it");
            assert_eq!(fast, slow(json, &p));
        }
        // Read from a file a few bytes at a time, or in windows that hold a batch read on both
        // cores, it reads the same.
        let people: serde_json::Value = serde_json::from_str(&sample).unwrap();
        let mut large = people.clone();
        large["applicants"] = (0..5000)
            .map(|i| {
                let mut a = people["applicants"][i % 30].clone();
                a["id"] = format!("X{i}").into();
                a
            })
            .collect();
        let large = serde_json::to_string_pretty(&large).unwrap();
        let dir = std::env::temp_dir().join(format!("qaward-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (json, windows) in [
            (sample.as_str(), &[1, 7, 64, 4096][..]),
            (extra, &[3, 100][..]),
            (large.as_str(), &[1 << 20, 8 << 20][..]),
        ] {
            let path = dir.join("cohort.json");
            std::fs::write(&path, format!("\u{feff}{json}")).unwrap();
            let whole = fast(json, &p).expect("the fast path reads it");
            for window in windows {
                let file = std::fs::File::open(&path).unwrap();
                let mut source = Source::windowed(file, 1 << 30, *window);
                let cohort = CohortFile::from_json(b"{}").unwrap();
                let Streamed::Read(_, c) = read(&cohort, &mut source, &mut |_| Ok(&p)) else {
                    panic!("window {window}: the fast path stopped")
                };
                assert!(format!("{:?}", Ok::<_, ()>(c)) == whole, "window {window}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
        // The id after a value that warns: the fast path steps aside, the slow path names it.
        let late = r#"{"cycle":{"year":2024,"application_deadline":"2024-09-01"},"applicants":[{"org_form":"x","id":"A"}]}"#;
        assert!(fast(late, &p).is_none());
        assert!(slow(late, &p).contains("applicant `A`"));
        // A whole number written otherwise: the fast path steps aside, the slow path says so.
        for bad in [r#"1.5"#, r#""2""#, "99999999999999999999"] {
            let json = format!(
                r#"{{"cycle":{{"year":2024,"application_deadline":"2024-09-01"}},"applicants":[{{"id":"A","performance":{{"scale_rank":{bad}}}}}]}}"#
            );
            assert!(fast(&json, &p).is_none(), "{bad}");
            assert!(slow(&json, &p).contains("whole number"), "{bad}");
        }
    }
}
