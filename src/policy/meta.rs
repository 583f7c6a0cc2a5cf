//! A policy's metadata: where its text comes from (its files and the place of each value), its
//! validity window, issuer, committee and decisions, and the articles it cites.

use super::*;

/// The source files of a loaded policy (an amendment's first, then its bases') and the place of
/// every value of its merged document, by JSON pointer.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// Each source file: its path and text.
    pub files: Vec<(PathBuf, String)>,
    /// The place of each value of the merged document, by JSON pointer.
    pub(crate) spans: crate::toml_json::Spans,
}

impl SourceMap {
    /// Where the value at `pointer` was written: the index of its file in `files` and the
    /// byte range in that file's text.
    pub fn locate(&self, pointer: &str) -> Option<(usize, std::ops::Range<usize>)> {
        self.spans.locate(pointer)
    }

    /// Places a diagnostic at the value `pointer` names (at its key when `key` is set).
    pub fn place(
        &self,
        d: crate::diag::Diagnostic,
        pointer: &str,
        key: bool,
    ) -> crate::diag::Diagnostic {
        let found = if key {
            self.spans.locate_key(pointer)
        } else {
            self.spans.locate(pointer)
        };
        let d = d.pointer(if pointer.is_empty() { "/" } else { pointer });
        match found.and_then(|(file, span)| self.files.get(file).map(|f| (f, span))) {
            Some(((path, text), span)) => d
                .in_file(path)
                .at(crate::diag::Location::in_source(text, span)),
            None => match self.files.first() {
                Some((path, _)) => d.in_file(path),
                None => d,
            },
        }
    }
}

#[derive(Debug, Clone)]
/// A policy's identity and validity window (`[policy]`).
pub struct Meta {
    /// Its id, the name of its directory.
    pub id: String,
    /// The award it is a version of; versions of one family may not overlap.
    pub family: String,
    /// The measures' title.
    pub title: Text,
    /// The body that issued the measures.
    pub issuer: Text,
    /// The issuing document (its number or title), when given.
    pub document: Option<String>,
    /// The day the measures were issued, when given.
    pub issued: Option<Date>,
    /// The first day the measures are in force.
    pub effective: Date,
    /// The last day they are in force; `None`: open-ended.
    pub expires: Option<Date>,
    /// The ids of the versions it replaces.
    pub supersedes: Vec<String>,
    /// The article that sets the validity window.
    pub validity_cite: Option<Citation>,
    /// What follows the results (the committee's deliberation, notice, approval…), in the
    /// text's words with its articles, as the results papers say it.
    pub next_steps: Option<Text>,
    /// What the award calls an applicant (申报组织, 申报者 …), as every output says it.
    pub applicant: Text,
    /// The award's name, as the papers title it (the policy's title when not declared).
    pub award_name: Text,
    /// The heading of the column naming an applicant (名称, 姓名).
    pub name_title: Text,
    /// Where the metadata (above all the validity window) comes from.
    pub provenance: Provenance,
    /// The policy this one amends, if it is an amendment.
    pub extends: Option<String>,
    /// The committee decision that adopted the amendment.
    pub decision: Option<Decision>,
    /// The body that may adjust part of the rules by its own decision (`[policy] committee`).
    pub committee: Option<Committee>,
}

/// The body that may adjust part of the rules by its own decision, and the articles it may
/// change (anything else is the issuing body's to change).
#[derive(Debug, Clone)]
pub struct Committee {
    /// The body's name, as decisions name it.
    pub body: String,
    /// The articles it may change by its own decision.
    pub may_change: Vec<Citation>,
    /// The article that gives it the power.
    pub cite: Option<Citation>,
}

impl Committee {
    /// Whether `c` falls within what the committee may change.
    pub fn may(&self, c: &Citation) -> bool {
        self.may_change.iter().any(|m| {
            m.document == c.document
                && m.article == c.article
                && m.paragraph.is_none_or(|p| c.paragraph == Some(p))
                && m.item.is_none_or(|i| c.item == Some(i))
        })
    }

    /// Whether a decision by `body` is this committee's.
    pub fn decided_by(&self, body: &str) -> bool {
        body.contains(&self.body) || self.body.contains(body.trim())
    }
}

/// A committee decision adopting an amendment, as the measures allow it.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The decision's number.
    pub number: String,
    /// The decision's date.
    pub date: Date,
    /// The body that decided, when named.
    pub body: Option<String>,
}

impl Meta {
    /// Whether `date` falls within the validity window, both ends included.
    pub fn in_force_on(&self, date: Date) -> bool {
        self.effective <= date && self.expires.is_none_or(|e| date <= e)
    }

    /// Whether the window ended before `date`.
    pub fn ended_before(&self, date: Date) -> bool {
        self.expires.is_some_and(|e| e < date)
    }

    /// Whether this window and `other` share a day.
    pub fn overlaps(&self, other: &Meta) -> bool {
        let starts_before_end = |a: &Meta, b: &Meta| b.expires.is_none_or(|e| a.effective <= e);
        starts_before_end(self, other) && starts_before_end(other, self)
    }

    /// The window in figures: `2024-04-01 – 2029-03-31`, or `2024-04-01 –` when open-ended.
    pub fn span(&self) -> String {
        match self.expires {
            Some(e) => format!("{} – {e}", self.effective),
            None => format!("{} –", self.effective),
        }
    }

    /// "The reference date … is outside the validity window of policy `…` (…)", in words.
    pub fn outside_window(&self, reference: Date) -> crate::diag::Text {
        let window = self.window();
        crate::diag::text!(
            format!(
                "参考日期 {reference} 不在规则版本 `{}` 的有效期（{}）内",
                self.id, window.zh
            ),
            format!(
                "the reference date {reference} is outside the validity window of policy `{}` ({})",
                self.id, window.en
            )
        )
    }

    /// The validity window in words: `2024-04-01 至 2029-03-31` / `2024-04-01 to 2029-03-31`.
    pub fn window(&self) -> crate::diag::Text {
        match self.expires {
            Some(e) => crate::diag::text!(
                format!("{}至{}", self.effective.zh(), e.zh()),
                format!("{} to {e}", self.effective)
            ),
            None => crate::diag::text!(
                format!("{}起，无固定期限", self.effective.zh()),
                format!("from {}, open-ended", self.effective)
            ),
        }
    }
}

/// An article of the regulation and how many paragraphs and enumerated items it has.
#[derive(Debug, Clone)]
pub struct Article {
    /// The article's number.
    pub number: u32,
    /// How many paragraphs (款) it has.
    pub paragraphs: u32,
    /// How many enumerated items (项) it has.
    pub items: u32,
    /// What it is about, when given.
    pub title: Option<Text>,
}
