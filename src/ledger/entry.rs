//! One entry of the ledger: what was decided or recorded, by whom and when, its facts as JSON,
//! and the SHA-256 chain that ties it to the entry before, so an edit made outside qaward is
//! found by `ledger verify`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash the first entry points back to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An evaluation's receipt and result.
    Run,
    /// The candidate list put to the committee.
    Propose,
    /// An objection received during the public notice.
    Object,
    /// An objection found well-founded: the candidate is not put forward for approval.
    Uphold,
    /// An objection found unfounded.
    Dismiss,
    /// The approving body's list of winners.
    Approve,
    /// Money paid for a first win.
    Pay,
    /// A win revoked.
    Revoke,
    /// A correction: the entry it points to no longer counts.
    Void,
}

impl Kind {
    /// Every kind, in the order of the cycle.
    pub const ALL: [Kind; 9] = [
        Kind::Run,
        Kind::Propose,
        Kind::Object,
        Kind::Uphold,
        Kind::Dismiss,
        Kind::Approve,
        Kind::Pay,
        Kind::Revoke,
        Kind::Void,
    ];

    /// Its name in the ledger.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Run => "run",
            Kind::Propose => "propose",
            Kind::Object => "object",
            Kind::Uphold => "uphold",
            Kind::Dismiss => "dismiss",
            Kind::Approve => "approve",
            Kind::Pay => "pay",
            Kind::Revoke => "revoke",
            Kind::Void => "void",
        }
    }

    /// The kind named `name`.
    pub fn named(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What it is called in a paper.
    pub fn title(self) -> crate::diag::Text {
        let (zh, en) = match self {
            Kind::Run => ("评定", "evaluation"),
            Kind::Propose => ("候选名单", "candidates proposed"),
            Kind::Object => ("公示异议", "objection"),
            Kind::Uphold => ("异议成立", "objection upheld"),
            Kind::Dismiss => ("异议不成立", "objection dismissed"),
            Kind::Approve => ("批准", "approval"),
            Kind::Pay => ("奖金发放", "payment"),
            Kind::Revoke => ("撤销", "revocation"),
            Kind::Void => ("更正作废", "correction"),
        };
        crate::diag::text!(zh, en)
    }
}

/// An entry as it is written: everything but its place in the chain.
#[derive(Debug, Clone)]
pub struct NewEntry {
    /// What it records.
    pub kind: Kind,
    /// The award (the policies' family).
    pub award: String,
    /// The award cycle.
    pub year: i32,
    /// The identity it is about, when it is about one applicant.
    pub applicant: Option<String>,
    /// The entry it voids, for a correction.
    pub corrects: Option<i64>,
    /// Its facts.
    pub body: serde_json::Value,
    /// A recorded evaluation's result document.
    pub result: Option<String>,
}

/// An entry as the ledger holds it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its number, from 1.
    pub seq: i64,
    /// When it was written, UTC.
    pub recorded: String,
    /// Who wrote it.
    pub who: String,
    /// What it records (its name as stored, when it is not one qaward knows).
    pub kind: Result<Kind, String>,
    /// The award.
    pub award: String,
    /// The award cycle.
    pub year: i32,
    /// The identity it is about.
    pub applicant: Option<String>,
    /// The entry it voids.
    pub corrects: Option<i64>,
    /// Its facts, as stored.
    pub body: String,
    /// The hash of the entry before.
    pub prev: String,
    /// Its own hash.
    pub hash: String,
}

impl Entry {
    /// Its facts, read as `T` (`None` when they are not of that shape).
    pub fn facts<T: for<'de> Deserialize<'de>>(&self) -> Option<T> {
        serde_json::from_str(&self.body).ok()
    }

    /// Whether it is of this kind.
    pub fn is(&self, kind: Kind) -> bool {
        self.kind == Ok(kind)
    }

    /// The hash its contents call for.
    pub fn expected_hash(&self) -> String {
        let kind = match &self.kind {
            Ok(k) => k.name(),
            Err(name) => name.as_str(),
        };
        chain_hash(
            &self.prev,
            self.seq,
            &self.recorded,
            &self.who,
            kind,
            &self.award,
            self.year,
            self.applicant.as_deref(),
            self.corrects,
            &self.body,
        )
    }
}

/// SHA-256 over the previous hash and every column of an entry, each ended by a NUL byte (so no
/// two different entries hash the same by moving text from one column to the next).
#[allow(clippy::too_many_arguments)]
pub fn chain_hash(
    prev: &str,
    seq: i64,
    recorded: &str,
    who: &str,
    kind: &str,
    award: &str,
    year: i32,
    applicant: Option<&str>,
    corrects: Option<i64>,
    body: &str,
) -> String {
    let mut h = Sha256::new();
    let seq = seq.to_string();
    let year = year.to_string();
    let corrects = corrects.map(|c| c.to_string()).unwrap_or_default();
    for part in [
        prev,
        &seq,
        recorded,
        who,
        kind,
        award,
        &year,
        applicant.unwrap_or("\u{1}"),
        &corrects,
        body,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One applicant placed in a tier by an evaluation, as the ledger keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Placed {
    /// The application's id in that year's cohort.
    pub id: String,
    /// The identity across years (the policy's `[ledger] identity` field).
    pub identity: String,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The tier's id.
    pub tier: String,
    /// The category's id, when the policy has categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The total, as the result wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// The year of an earlier win of the same tier that made the evaluation find this no first
    /// win (from the history it was given, the ledger's or typed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub won_before: Option<i32>,
}

/// `run`: an evaluation's receipt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    /// qaward's version and commit.
    pub engine: String,
    /// The policy's id and digest.
    pub policy: String,
    /// The policy's digest.
    pub policy_digest: String,
    /// The cohort file's name and digest.
    pub cohort: String,
    /// The cohort's digest.
    pub cohort_digest: String,
    /// The result document's digest.
    pub result_digest: String,
    /// The reference date.
    pub reference: String,
    /// The first and last day of the public notice, when the cohort gives its start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicity: Option<(String, String)>,
    /// Everyone the evaluation placed in a tier, best tier first.
    pub placed: Vec<Placed>,
    /// Applicants placed without an identity, who cannot be proposed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unidentified: Vec<String>,
    /// Whether the result was provisional (missing data or scores could still change it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
    /// The reviews file the stage scores were made from, and its digest, when they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviews: Option<(String, String)>,
}

/// `propose`: the candidate list from a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Proposal {
    /// The run it is drawn from.
    pub run: i64,
    /// The notice's first and last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicity: Option<(String, String)>,
    /// The candidates.
    pub candidates: Vec<Placed>,
    /// Those the run placed whom the committee left out, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<Reasoned>,
}

/// An identity and the reason given for what was done with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reasoned {
    /// The identity.
    pub identity: String,
    /// Why.
    pub reason: String,
}

/// `object`: an objection received during the notice.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Objection {
    /// The proposal whose notice it answers.
    pub proposal: i64,
    /// The day it was received.
    pub received: String,
    /// What it says.
    pub text: String,
}

/// `uphold` / `dismiss`: the ruling on an objection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ruling {
    /// The objection.
    pub objection: i64,
    /// The day of the ruling.
    pub date: String,
    /// Why.
    pub reason: String,
}

/// `approve`: the approving body's list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Approval {
    /// The proposal it answers.
    pub proposal: i64,
    /// The approving document's number.
    pub document: String,
    /// Its date.
    pub date: String,
    /// The winners.
    pub approved: Vec<Placed>,
    /// Winners approved against the rules, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forced: Vec<Reasoned>,
}

/// `pay`: money paid for a first win.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payment {
    /// The approval that made the win.
    pub approval: i64,
    /// The tier.
    pub tier: String,
    /// The amount, exact.
    pub amount: String,
    /// Its currency.
    pub currency: String,
    /// The day paid.
    pub date: String,
    /// The article that pays it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// `revoke`: a win revoked.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Revocation {
    /// The approval that made the win.
    pub approval: i64,
    /// The tier.
    pub tier: String,
    /// The ground's id in the policy.
    pub ground: String,
    /// Its article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
    /// The day of the decision.
    pub date: String,
    /// The document.
    pub document: String,
    /// What was found, in the decision's words.
    #[serde(default)]
    pub reason: String,
    /// The money to recover, exact (0 when none was paid or the ground recovers none).
    pub recover: String,
    /// Its currency.
    pub currency: String,
    /// The public notice, when the ground calls for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// `void`: why an entry no longer counts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Void {
    /// Why.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_text_between_columns_changes_the_hash() {
        let a = chain_hash(GENESIS, 1, "t", "ab", "run", "x", 2024, None, None, "{}");
        let b = chain_hash(GENESIS, 1, "t", "a", "brun", "x", 2024, None, None, "{}");
        assert_ne!(a, b);
        let c = chain_hash(
            GENESIS,
            1,
            "t",
            "ab",
            "run",
            "x",
            2024,
            Some(""),
            None,
            "{}",
        );
        assert_ne!(a, c, "no applicant and an empty one differ");
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn every_kind_is_found_by_its_name() {
        for k in Kind::ALL {
            assert_eq!(Kind::named(k.name()), Some(k));
        }
    }
}
