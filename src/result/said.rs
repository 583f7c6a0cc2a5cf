//! What one writer has already said: condition reasons that depend only on facts many
//! applicants share, and each condition's citation, kept as finished JSON strings and copied
//! after. Most applicants pass most conditions on the same facts (yes/no answers, no record in
//! the window, the same form), and such a reason does not depend on the applicant.

use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::cohort::Cycle;
use crate::diag::Lang;
use crate::eval::{ClauseStatus, ClauseVerdict, Observed, Status, Verdict};
use crate::policy::fields::Val;
use crate::policy::Condition;
use crate::words::reason;

/// A string as it is written: made for this applicant, or shared and already JSON.
pub(super) enum Said {
    Own(String),
    Shared(Rc<RawValue>),
}

impl Serialize for Said {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Said::Own(text) => s.serialize_str(text),
            Said::Shared(raw) => raw.serialize(s),
        }
    }
}

/// The reasons and citations one writer has made.
#[derive(Default)]
pub(super) struct Memory {
    reasons: HashMap<String, Rc<RawValue>>,
    /// Each condition's citation, by the condition's place in the policy.
    cites: Vec<Option<Rc<RawValue>>>,
    /// The key being built, kept to build the next one without allocating.
    key: String,
}

/// `text` as a JSON string, to be written as it is.
fn finished(text: &str) -> Option<Rc<RawValue>> {
    let json = serde_json::to_string(text).ok()?;
    RawValue::from_string(json).ok().map(Rc::from)
}

impl Memory {
    /// At most this many reasons are kept (free text in a clause could make every key new).
    const MOST: usize = 4096;

    /// The citation of condition `i`.
    pub(super) fn cite(&mut self, i: usize, c: &Condition) -> Said {
        if self.cites.len() <= i {
            self.cites.resize(i + 1, None);
        }
        let slot = &mut self.cites[i];
        if slot.is_none() {
            *slot = finished(&c.cite.to_string());
        }
        match slot {
            Some(raw) => Said::Shared(Rc::clone(raw)),
            None => Said::Own(c.cite.to_string()),
        }
    }

    /// The reason of condition `i` (`c`, with its status and clause verdicts) for applicant
    /// `v`: shared when its key says everything it depends on.
    pub(super) fn reason(
        &mut self,
        i: usize,
        (c, status, clauses): (&Condition, Status, &[ClauseVerdict<'_>]),
        v: &Verdict<'_>,
        cycle: &Cycle,
        lang: Lang,
    ) -> Said {
        let records = v.applicant.records.as_deref().unwrap_or(&[]);
        let make = || reason::condition_reason(c, status, clauses, records, cycle, lang);
        let mut key = std::mem::take(&mut self.key);
        let shareable = key_of(&mut key, i, status, clauses);
        let said = match self.reasons.get(key.as_str()) {
            Some(shared) if shareable => Said::Shared(Rc::clone(shared)),
            None if shareable && self.reasons.len() < Memory::MOST => {
                let text = make();
                match finished(&text) {
                    Some(raw) => {
                        self.reasons.insert(key.clone(), Rc::clone(&raw));
                        Said::Shared(raw)
                    }
                    None => Said::Own(text),
                }
            }
            _ => Said::Own(make()),
        };
        self.key = key;
        said
    }
}

/// Writes into `key` the key of a condition's reason; false when the reason depends on more
/// than a key holds (the applicant's own numbers, dates or records).
pub(super) fn key_of(
    key: &mut String,
    condition: usize,
    status: Status,
    clauses: &[ClauseVerdict<'_>],
) -> bool {
    use std::fmt::Write as _;
    key.clear();
    let _ = write!(key, "{condition}");
    key.push_str(status.as_str());
    for c in clauses {
        key.push(match c.status {
            ClauseStatus::True => 'T',
            ClauseStatus::False => 'F',
            ClauseStatus::Unknown => 'U',
            ClauseStatus::NotApplicable => 'N',
        });
        match &c.observed {
            Observed::NoRecord => key.push('n'),
            Observed::AllYears => key.push('a'),
            Observed::Disabled => key.push('d'),
            Observed::OtherCategory => key.push('o'),
            Observed::Group => key.push('g'),
            // Texts carry their length first, so no text can end one part and start the next.
            Observed::Missing(path) => {
                let _ = write!(key, "m{}:{path}", path.len());
            }
            Observed::Value(v) | Observed::GuardFalse(v) => {
                let guard = matches!(c.observed, Observed::GuardFalse(_));
                key.push(if guard { 'G' } else { 'v' });
                match v {
                    Val::Bool(b) => key.push(if *b { '1' } else { '0' }),
                    Val::Int(i) => {
                        let _ = write!(key, "i{i};");
                    }
                    Val::Text(t) => {
                        let _ = write!(key, "t{}:{t}", t.len());
                    }
                    Val::Decimal(_) | Val::Date(_) => return false,
                }
            }
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of a passing condition's reason, `None` when it cannot be shared.
    fn said_key(condition: usize, clauses: &[ClauseVerdict<'_>]) -> Option<String> {
        let mut key = String::new();
        key_of(&mut key, condition, Status::Pass, clauses).then_some(key)
    }

    fn verdict(status: ClauseStatus, observed: Observed<'_>) -> ClauseVerdict<'_> {
        ClauseVerdict { status, observed }
    }

    #[test]
    fn a_reason_is_shared_only_when_everything_it_says_is_in_its_key() {
        let key = |v: Vec<ClauseVerdict<'_>>| said_key(3, &v);
        let yes = key(vec![verdict(
            ClauseStatus::True,
            Observed::Value(Val::Bool(true)),
        )]);
        let no = key(vec![verdict(
            ClauseStatus::False,
            Observed::Value(Val::Bool(false)),
        )]);
        assert!(yes.is_some() && no.is_some() && yes != no);
        // Texts that would run together are told apart by their length.
        let ab = key(vec![
            verdict(ClauseStatus::True, Observed::Value(Val::Text("a|T"))),
            verdict(ClauseStatus::True, Observed::Value(Val::Text("b"))),
        ]);
        let a = key(vec![
            verdict(ClauseStatus::True, Observed::Value(Val::Text("a"))),
            verdict(ClauseStatus::True, Observed::Value(Val::Text("T|b"))),
        ]);
        assert_ne!(ab, a);
        // So are numbers that would run together: 1 then 23, 12 then 3.
        let ints = |x, y| {
            key(vec![
                verdict(ClauseStatus::True, Observed::Value(Val::Int(x))),
                verdict(ClauseStatus::True, Observed::Value(Val::Int(y))),
            ])
        };
        assert_ne!(ints(1, 23), ints(12, 3));
        // The same facts under another condition are another reason.
        assert_ne!(
            said_key(3, &[verdict(ClauseStatus::True, Observed::NoRecord)]),
            said_key(4, &[verdict(ClauseStatus::True, Observed::NoRecord)])
        );
        // Condition 1 then status and condition 12: the status is a word, never a digit.
        assert_ne!(
            said_key(1, &[verdict(ClauseStatus::True, Observed::NoRecord)]),
            said_key(12, &[verdict(ClauseStatus::True, Observed::NoRecord)])
        );
        // Reasons that name the applicant's own numbers, dates or records are not shared.
        let decimal = Val::Decimal(rust_decimal::Decimal::ONE);
        assert_eq!(
            key(vec![verdict(ClauseStatus::True, Observed::Value(decimal))]),
            None
        );
        assert_eq!(
            key(vec![verdict(ClauseStatus::False, Observed::Record(0))]),
            None
        );
    }

    #[test]
    fn a_finished_string_is_its_json() {
        let raw = finished("引号\"与\\反斜杠\n").expect("a string");
        assert_eq!(raw.get(), r#""引号\"与\\反斜杠\n""#);
    }
}
