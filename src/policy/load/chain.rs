//! Reading a policy file into a JSON document with the place of every value; for an
//! amendment, reading its base (and theirs) and merging, so the result is checked exactly like
//! a policy written out in full.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::{Cx, PolicyFiles, POLICY_FILE};
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::policy::amend;
use crate::schema::Schema;
use crate::toml_json::{self, Spans};

/// The documents of policies already read (amendments merged over their bases), by the
/// policy's directory, so that loading every policy of a directory reads each file once: a
/// chain of 400 amendments is read and merged 400 times, not 80,000. Nothing is kept for a
/// store's first load: a command that loads one policy does not pay for copies it never
/// reads again.
#[derive(Debug, Default)]
pub struct Chains(
    Mutex<HashMap<PathBuf, Arc<Read>>>,
    std::sync::atomic::AtomicUsize,
);

/// One policy's document as `document` made it: its value, its places (file 0 being the
/// policy's own), the files read for it, and the chain's files.
#[derive(Debug)]
pub struct Read {
    value: Value,
    spans: Spans,
    sources: Vec<(PathBuf, String)>,
    chain: Vec<PolicyFiles>,
}

impl Chains {
    fn get(&self, origin: &PathBuf) -> Option<Arc<Read>> {
        self.0.lock().ok()?.get(origin).cloned()
    }

    fn keep(&self, origin: PathBuf, read: Read) {
        if let Ok(mut kept) = self.0.lock() {
            kept.insert(origin, Arc::new(read));
        }
    }

    /// Counts a load of a policy; whether documents read from now on are worth keeping (this
    /// is not the store's first load).
    pub(super) fn begin(&self) -> bool {
        self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed) > 0
    }
}

/// Reads one policy file into a JSON document; for an amendment, reads its base (and theirs)
/// and merges. `chain` collects the files of every policy involved, the given one first. A
/// policy read before (in `chains`) is taken as it was read.
pub(super) fn document(
    cx: &mut Cx,
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
    chain: &mut Vec<PolicyFiles>,
    chains: &Chains,
) -> Option<Value> {
    let index = cx.sources.len();
    let first_link = chain.len();
    // Taken as read before only while the policy's own files are what they were.
    if let Some(read) = chains
        .get(&files.origin)
        .filter(|r| r.chain.first().is_some_and(|f| f.files == files.files))
    {
        cx.sources.extend(read.sources.iter().cloned());
        chain.extend(read.chain.iter().cloned());
        cx.spans = read.spans.rebased(0, index);
        return Some(read.value.clone());
    }
    let warned = cx.warnings.len();
    let value = read_document(cx, files, bases, chain, chains, index)?;
    if cx.remember && cx.problems.is_empty() && cx.warnings.len() == warned {
        chains.keep(
            files.origin.clone(),
            Read {
                value: value.clone(),
                spans: cx.spans.rebased(index, 0),
                sources: cx.sources[index..].to_vec(),
                chain: chain[first_link..].to_vec(),
            },
        );
    }
    Some(value)
}

fn read_document(
    cx: &mut Cx,
    files: &PolicyFiles,
    bases: &dyn Fn(&str) -> Option<PolicyFiles>,
    chain: &mut Vec<PolicyFiles>,
    chains: &Chains,
    index: usize,
) -> Option<Value> {
    let source = files.files.get(POLICY_FILE).cloned().unwrap_or_default();
    cx.sources.push((files.origin.join(POLICY_FILE), source));
    chain.push(files.clone());
    let (value, spans) = match toml_json::parse(&cx.sources[index].1) {
        Ok((value, spans)) => (value, spans.in_file(index)),
        Err(e) => {
            let place = e.span.map(|span| (index, span));
            cx.push_at(
                Diagnostic::error("policy::syntax", text!(format!("TOML 语法错误：{}", e.message), format!("TOML syntax error: {}", e.message))).help(text!(
                    "检查该处的引号、等号和方括号；字符串用双引号，表头形如 [section]。",
                    "check the quotes, `=` and brackets there; strings take double quotes, headers look like [section]"
                )),
                index,
                place,
            );
            return None;
        }
    };
    if value.get("format").and_then(Value::as_str) != Some(amend::FORMAT) {
        cx.spans = spans;
        return Some(value);
    }
    let before = std::mem::replace(&mut cx.spans, spans);
    super::report::schema_check(cx, Schema::Amendment, &value);
    let a_spans = std::mem::replace(&mut cx.spans, before);
    if !cx.problems.is_empty() {
        return None;
    }
    let base_id = value
        .pointer("/amendment/extends")
        .and_then(Value::as_str)
        .unwrap_or("");
    let at_extends = a_spans.locate("/amendment/extends");
    if chain
        .iter()
        .any(|f| f.origin.file_name().and_then(|n| n.to_str()) == Some(base_id))
    {
        let ids: Vec<String> = chain
            .iter()
            .filter_map(|f| {
                f.origin
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .collect();
        cx.push_at(
            Diagnostic::error(
                "amend::cycle",
                text!(
                    format!("修正案的基础形成循环：{} → {base_id}", ids.join(" → ")),
                    format!(
                        "the bases of this amendment form a cycle: {} → {base_id}",
                        ids.join(" → ")
                    )
                ),
            )
            .help(text!(
                "每个修正案须最终基于一部完整的规则版本。",
                "every chain of amendments must end at a complete policy"
            )),
            index,
            at_extends,
        );
        return None;
    }
    let Some(base_files) = bases(base_id) else {
        cx.push_at(
            Diagnostic::error(
                "amend::unknown-base",
                text!(format!("找不到基础规则版本 `{base_id}`"), format!("the base policy `{base_id}` cannot be found")),
            )
            .help(text!(
                "extends 须是规则目录中另一规则版本的编号（如 wuxi-2024）；修正案与基础规则版本放在同一目录下。",
                "`extends` names another policy in the same policy directory (such as wuxi-2024)"
            )),
            index,
            at_extends,
        );
        return None;
    };
    let base = document(cx, &base_files, bases, chain, chains)?;
    let mut spans = std::mem::take(&mut cx.spans);
    let merged = amend::merge(base, &value, &a_spans, &mut spans);
    cx.spans = spans;
    match merged {
        Ok(merged) => Some(merged),
        Err(problems) => {
            for p in problems {
                let place = a_spans.locate(&p.pointer);
                cx.push_at(
                    Diagnostic::error(p.code, p.message)
                        .pointer(p.pointer)
                        .help(p.help),
                    index,
                    place,
                );
            }
            None
        }
    }
}
