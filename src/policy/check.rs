//! Checking policies as an author would: each loaded with every check, its lints, and the
//! validity windows of one directory's policies against each other. The result is data;
//! `render::check` writes it for people or editors.

use std::path::PathBuf;

use super::lint::lint;
use super::store::{Catalogue, Store};
use crate::diag::{Diagnostic, Severity};

/// One policy checked.
pub(crate) struct Checked {
    /// The policy's id.
    pub id: String,
    /// Its directory.
    pub path: PathBuf,
    /// Errors first, then warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the policies `ids` of each store.
pub(crate) fn check(targets: Vec<(Store, Vec<String>)>) -> Vec<Checked> {
    let mut checked: Vec<Checked> = Vec::new();
    for (store, ids) in targets {
        let mut loaded = Vec::new();
        for id in ids {
            let path = store
                .policies
                .get(&id)
                .map(|f| f.origin.clone())
                .unwrap_or_default();
            let diagnostics = match store.load(&id) {
                Ok(policy) => {
                    let lints = lint(&policy);
                    loaded.push(policy);
                    lints
                }
                Err(e) => e.problems,
            };
            checked.push(Checked {
                id,
                path,
                diagnostics,
            });
        }
        // Windows are checked among the policies of one directory.
        for d in (Catalogue { policies: loaded }).overlaps() {
            if let Some(c) = checked
                .iter_mut()
                .rev()
                .find(|c| d.file.as_deref().is_some_and(|f| f.starts_with(&c.path)))
            {
                c.diagnostics.push(d);
            }
        }
    }
    for c in &mut checked {
        c.diagnostics.sort_by_key(|d| d.severity);
    }
    checked
}

/// How many problems of `severity` were found.
pub(crate) fn count(checked: &[Checked], severity: Severity) -> usize {
    checked
        .iter()
        .flat_map(|c| &c.diagnostics)
        .filter(|d| d.severity == severity)
        .count()
}
