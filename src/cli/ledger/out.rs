//! What a step says once written: each entry in words, to standard output.

use crate::cli::{Exit, Failure};
use crate::diag::{text, Lang};
use crate::ledger::Entry;

/// What was written, a line per entry.
pub(super) fn said(written: &[Entry], lang: Lang) -> String {
    if written.is_empty() {
        let line = text!(
            "台账未改动：没有需要记录的内容",
            "the ledger is unchanged: nothing to record"
        );
        return format!("{}\n", line.get(lang));
    }
    let mut out = String::new();
    for e in written {
        let kind = e
            .kind
            .as_ref()
            .map_or_else(|k| text!(k.clone(), k.clone()), |k| k.title());
        let about = e
            .applicant
            .as_deref()
            .map(|a| format!(" · {a}"))
            .unwrap_or_default();
        let line = text!(
            format!(
                "已记入台账第 {} 条：{} {}年度{about}",
                e.seq, kind.zh, e.year
            ),
            format!(
                "recorded as entry {}: {} of {}{about}",
                e.seq, kind.en, e.year
            )
        );
        out.push_str(line.get(lang));
        out.push('\n');
    }
    out
}

/// Writes `text` to standard output (a closed pipe is the reader's choice, not a failure).
pub(super) fn emit(text: &str) -> Result<Exit, Failure> {
    crate::cli::output::write(None, text, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}
