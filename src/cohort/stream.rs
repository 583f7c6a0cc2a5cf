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
use super::plan::{unknown_warnings, Branch, Child, Findings, IdSet, Plan, Trail};
use super::tree::{Node, Text};
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

/// Reads `bytes`; `choose` picks the policy once the cycle is known.
pub(super) fn read<P: Borrow<Policy>>(
    file: &CohortFile,
    bytes: &[u8],
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
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let ok =
        de::Deserializer::deserialize_map(&mut de, Root(&mut state)).is_ok() && de.end().is_ok();
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

struct Root<'s, 'f, 'c, P, C>(&'s mut State<'f, 'c, P, C>);

impl<'de, P: Borrow<Policy>, C: FnMut(&Cycle) -> Result<P, Error>> Visitor<'de>
    for Root<'_, '_, '_, P, C>
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a cohort object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            match key.as_ref() {
                "cycle" => {
                    let node: Node<'de> = map.next_value()?;
                    for (k, _) in node.as_object().unwrap_or(&[]) {
                        if !CYCLE_KEYS.contains(&k.as_ref()) {
                            state.unknown.entry(format!("cycle.{k}")).or_default();
                        }
                    }
                    let cycle =
                        cycle_of(state.file, Some(&node)).map_err(|_| stop::<A::Error>())?;
                    let choose = state.choose.take().ok_or_else(stop::<A::Error>)?;
                    match choose(&cycle) {
                        Ok(p) => state.chosen = Some(p),
                        Err(e) => {
                            state.refused = Some(e);
                            return Err(stop());
                        }
                    }
                    state.cycle = Some(cycle);
                }
                "applicants" => {
                    let Some(policy) = state.chosen.as_ref() else {
                        return Err(stop());
                    };
                    let plan = Plan::new(policy.borrow());
                    let mut f = Findings {
                        file: state.file,
                        problems: Vec::new(),
                        unknown: BTreeMap::new(),
                        warnings: Vec::new(),
                    };
                    let list = map.next_value_seed(List {
                        plan: &plan,
                        f: &mut f,
                    })?;
                    if !f.problems.is_empty() {
                        return Err(stop());
                    }
                    for (k, who) in f.unknown {
                        state.unknown.entry(k).or_default().extend(who);
                    }
                    state.warnings.append(&mut f.warnings);
                    state.applicants = Some(list);
                }
                "$schema" => {
                    map.next_value::<IgnoredAny>()?;
                }
                other => {
                    state.unknown.entry(other.to_owned()).or_default();
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The applicants.
struct List<'a, 'p, 'f> {
    plan: &'a Plan<'p>,
    f: &'a mut Findings<'f>,
}

type Rows = (Vec<Applicant>, Block);

impl<'de> DeserializeSeed<'de> for List<'_, '_, '_> {
    type Value = Rows;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Rows, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_, '_, '_> {
    type Value = Rows;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of applicants")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let mut values = Block::new(self.plan.policy.model.fields.len());
        let top = Trail::ROOT;
        let list_at = top.key("applicants");
        loop {
            let one = One {
                plan: self.plan,
                f: &mut *self.f,
                at: list_at.index(out.len()),
                values: values.push(),
            };
            let Some(a) = seq.next_element_seed(one)? else {
                values.pop();
                break;
            };
            if a.id.is_empty() {
                return Err(stop());
            }
            out.push(a);
        }
        // Ids unique: checked once all are read, borrowing them (no copies to free).
        let mut seen = IdSet::with_capacity_and_hasher(out.len(), Default::default());
        if !out.iter().all(|a| seen.insert(a.id.as_str())) {
            return Err(stop());
        }
        Ok((out, values))
    }
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
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
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
                self.out.records = Some(list);
            }
            "history" => {
                let mut list = Vec::new();
                while let Some(node) = seq.next_element::<Node<'de>>()? {
                    let at = self.at.index(list.len());
                    let entry = history_entry(plan, f, &at, who, &node);
                    list.push(entry.ok_or_else(stop::<A::Error>)?);
                }
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
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
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
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
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
        match read(&file, json.as_bytes(), &mut |_| Ok(p)) {
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
