//! Loading a policy: its files → one JSON document (amendments merged over their bases,
//! what-if overrides applied) → the schema check → the typed document → lowering (`lower/`)
//! into a `Policy`, with every problem reported together, each at its file, line and column.
//!
//! - `files`: a policy's files and their digest;
//! - `chain`: reading `policy.toml` and the amendment chain into one document;
//! - `report`: where each value came from, and reporting problems there.

mod chain;
pub(crate) mod files;
pub(crate) mod report;
mod shape;

use std::collections::BTreeMap;
use std::sync::Arc;

use super::doc::PolicyDoc;
use super::lower::lower;
use super::overrides::{self, Override};
use super::{Policy, SourceMap};
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::schema::Schema;
use crate::toml_json::Spans;

pub use chain::Chains;
pub use files::{read_calendars, PolicyFiles, CALENDARS};
pub(crate) use report::{Cx, Loaded};

pub const POLICY_FILE: &str = "policy.toml";

/// Loads a policy from its files, running every check; `bases` finds the files of the policy
/// an amendment extends, by id.
pub fn load_policy_with(
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
) -> Result<Policy, Error> {
    load_variant(files, bases, &[], &Chains::default())
}

/// Loads a policy with what-if overrides applied to its document first, so the variant is
/// checked exactly like a file (problems start with a note naming the overrides). `chains`
/// keeps the documents read, for the next policy of the same directory.
pub fn load_variant(
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
    overrides: &[Override],
    chains: &Chains,
) -> Result<Policy, Error> {
    let result = load_document(files, bases, overrides, chains);
    match result {
        // A path that names nothing is said as such: no policy was changed, so none failed.
        Err(e)
            if !overrides.is_empty()
                && e.problems.iter().all(|d| d.code == "whatif::unknown-path") =>
        {
            Err(e)
        }
        Err(mut e) if !overrides.is_empty() => {
            let note = Diagnostic::error(
                "whatif::invalid-variant",
                text!(
                    format!("{}未通过检查", overrides::describe(overrides).zh),
                    format!(
                        "{} does not pass the checks",
                        overrides::describe(overrides).en
                    )
                ),
            )
            .help(text!(
                "修改 --set 的值，使规则版本仍然成立。",
                "change the --set values so that the policy still holds"
            ));
            e.problems.insert(0, note);
            Err(e)
        }
        other => other,
    }
}

fn load_document(
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
    overrides: &[Override],
    chains: &Chains,
) -> Result<Policy, Error> {
    let mut cx = Cx {
        sources: Vec::new(),
        spans: Spans::default(),
        problems: Vec::new(),
        warnings: Vec::new(),
        overridden: Vec::new(),
        remember: chains.begin(),
    };
    let mut chain = Vec::new();
    let document = chain::document(&mut cx, files, bases, &mut chain, chains);
    let fail = |cx: Cx| Error::new(cx.problems.into_iter().chain(cx.warnings).collect());
    let Some(mut value) = document else {
        return Err(fail(cx));
    };
    match overrides::apply(&mut value, overrides) {
        // An overridden value has no place in the files; problems with it point at its table.
        Ok(pointers) => {
            for (p, o) in pointers.iter().zip(overrides) {
                cx.spans.remove_under(p);
                cx.overridden.push((p.clone(), o.to_string()));
            }
        }
        Err(problems) => {
            cx.problems.extend(problems);
            return Err(fail(cx));
        }
    }
    // The typed reading and the lowering check everything the policy format says; the JSON
    // Schema (whose compiling is most of a small command's time) is consulted only when they
    // find something wrong, for it says most problems best: at the key, with the keys allowed.
    let first = cx.problems.len();
    let explain = |mut cx: Cx| {
        let found = cx.problems.split_off(first);
        report::schema_check(&mut cx, Schema::Policy, &value);
        if cx.problems.len() == first {
            cx.problems.extend(found);
        }
        fail(cx)
    };
    if !shape::fits(&value) {
        return Err(explain(cx));
    }
    let doc: PolicyDoc = match serde_path_to_error::deserialize(&value) {
        Ok(doc) => doc,
        Err(e) => {
            let pointer = crate::pointer::of_path(e.path());
            let msg = e.into_inner().to_string();
            cx.error_at(
                "policy::schema",
                &pointer,
                text!(
                    format!(
                        "不符合规则版本格式：{}",
                        crate::diag::serde_in_chinese(&msg)
                    ),
                    format!("does not fit the policy format: {msg}")
                ),
                text!(
                    "格式见 qaward schema policy。",
                    "qaward schema policy describes the format"
                ),
            );
            return Err(explain(cx));
        }
    };
    let mut scripts = BTreeMap::new();
    for f in chain.iter().rev() {
        for (name, text) in f.files.iter().filter(|(n, _)| n.ends_with(".rhai")) {
            scripts.insert(name.clone(), (f.origin.join(name), text.clone()));
        }
    }
    let loaded = Loaded {
        origin: files.origin.clone(),
        scripts,
        calendars: files.calendars.clone(),
    };
    let policy = lower(&mut cx, doc, &loaded);
    match policy {
        Some(mut policy) if cx.problems.is_empty() => {
            // The calendar a notice is counted by is part of what the result depends on.
            let calendar = policy.publicity.calendar.as_ref().and_then(|c| {
                let text = files.calendars.get(&c.id)?;
                Some((c.id.as_str(), text.as_str()))
            });
            policy.digest = files::digest(&chain, calendar);
            policy.load_warnings = std::mem::take(&mut cx.warnings);
            policy.source = Arc::new(SourceMap {
                files: cx.sources,
                spans: cx.spans,
            });
            Ok(policy)
        }
        _ => Err(explain(cx)),
    }
}
