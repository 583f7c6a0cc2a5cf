//! The readings a policy takes: where the regulation's text allows more than one reading, the
//! item says which one it takes (`reading`), and this lists them beside their rules, in the
//! policy's order, for `qaward readings`, explain and diff.

use super::{Citation, Policy};
use crate::diag::Text;

/// The Chinese and English halves of a "中文 · English" note (the whole note for both when it
/// has no such halves).
pub fn halves(text: &str) -> (&str, &str) {
    text.split_once(" · ").unwrap_or((text, text))
}

/// One reading, with the item it belongs to.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The item's path (`conditions.art10.3`, `ranking`, …).
    pub path: String,
    /// The article read, when known.
    pub cite: Option<Citation>,
    /// What is read, when titled.
    pub title: Option<Text>,
    /// The reading, in both languages (`zh · en`).
    pub reading: String,
}

impl Policy {
    /// Every reading the policy takes, in its order (a condition's clauses after it).
    pub fn readings(&self) -> Vec<Reading> {
        let mut out = Vec::new();
        let m = &self.meta;
        add(
            &mut out,
            "policy".into(),
            m.validity_cite.as_ref(),
            Some(&m.title),
            &m.provenance.reading,
        );
        for p in &self.params {
            let path = format!("params.{}", p.name);
            add(
                &mut out,
                path,
                p.cite.as_ref(),
                p.title.as_ref(),
                &p.provenance.reading,
            );
        }
        for c in &self.conditions {
            let path = format!("conditions.{}", c.id);
            add(
                &mut out,
                path.clone(),
                Some(&c.cite),
                Some(&c.title),
                &c.provenance.reading,
            );
            for k in &c.clauses {
                let cite = k.cite.as_ref().or(Some(&c.cite));
                let at = format!("{path}.clauses.{}", k.id);
                add(&mut out, at, cite, k.title.as_ref(), &k.reading);
            }
        }
        let s = &self.scoring;
        add(
            &mut out,
            "scoring".into(),
            s.cite.as_ref(),
            None,
            &s.provenance.reading,
        );
        for s in &self.stages {
            let path = format!("stages.{}", s.id);
            add(
                &mut out,
                path,
                s.cite.as_ref(),
                Some(&s.title),
                &s.provenance.reading,
            );
        }
        for c in &self.criteria {
            let path = format!("criteria.{}", c.id);
            add(
                &mut out,
                path,
                c.cite.as_ref(),
                Some(&c.title),
                &c.provenance.reading,
            );
        }
        if let Some(r) = &self.reviewers {
            let title = crate::diag::text!(
                "评审员的回避和取消资格",
                "Reviewers stepping aside and disqualified"
            );
            add(
                &mut out,
                "reviewers".into(),
                r.disqualification_cite
                    .as_ref()
                    .or(r.conflict_cite.as_ref()),
                Some(&title),
                &r.provenance.reading,
            );
        }
        if let Some(s) = &self.shortlist {
            add(
                &mut out,
                "shortlist".into(),
                s.cite.as_ref(),
                None,
                &s.provenance.reading,
            );
        }
        let r = &self.ranking;
        add(
            &mut out,
            "ranking".into(),
            r.cite.as_ref(),
            None,
            &r.provenance.reading,
        );
        for t in &self.tiers {
            let path = format!("tiers.{}", t.id);
            add(
                &mut out,
                path,
                // A tier's reading is about who is paid (首次获得): the amount's article.
                t.amount_cite.as_ref().or(t.quota_cite.as_ref()),
                Some(&t.title),
                &t.provenance.reading,
            );
        }
        let n = &self.publicity;
        add(
            &mut out,
            "publicity".into(),
            n.cite.as_ref(),
            None,
            &n.provenance.reading,
        );
        for c in &self.caps {
            let path = format!("caps.{}", c.tier);
            add(&mut out, path, c.cite.as_ref(), None, &c.provenance.reading);
        }
        out
    }
}

fn add(
    out: &mut Vec<Reading>,
    path: String,
    cite: Option<&Citation>,
    title: Option<&Text>,
    reading: &Option<String>,
) {
    if let Some(r) = reading {
        out.push(Reading {
            path,
            cite: cite.cloned(),
            title: title.cloned(),
            reading: r.clone(),
        });
    }
}
