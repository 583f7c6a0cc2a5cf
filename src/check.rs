//! Checking policies as an author would: each loaded with every check, its lints, and the
//! validity windows of one directory's policies against each other. The result is data;
//! `render::check` writes it for people or editors.

use std::path::PathBuf;

use crate::diag::text;
use crate::diag::{Diagnostic, Lang, Severity};
use crate::policy::lint::lint;
use crate::policy::store::{Catalogue, Store};
use crate::policy::{Citation, Policy};

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
                    let mut lints = lint(&policy);
                    lints.extend(beyond_committee(&store, &policy));
                    loaded.push(policy);
                    lints
                }
                Err(e) => e.problems,
            };
            // An amendment's warnings about its base's own lines were said with the base.
            let said = |d: &Diagnostic| {
                checked.iter().flat_map(|c| &c.diagnostics).any(|e| {
                    e.code == d.code
                        && e.file == d.file
                        && e.pointer == d.pointer
                        && e.message == d.message
                })
            };
            let diagnostics: Vec<Diagnostic> = diagnostics
                .into_iter()
                .filter(|d| {
                    d.severity == crate::diag::Severity::Error
                        || d.file.as_deref().is_some_and(|f| f.starts_with(&path))
                        || !said(d)
                })
                .collect();
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

/// An amendment decided by the committee that changes anything outside what the committee may
/// change (`[policy] committee`): each such change, said with its article.
pub(crate) fn beyond_committee(store: &Store, policy: &Policy) -> Vec<Diagnostic> {
    let (Some(base_id), Some(committee), Some(body)) = (
        policy.meta.extends.as_deref(),
        policy.meta.committee.as_ref(),
        policy
            .meta
            .decision
            .as_ref()
            .and_then(|d| d.body.as_deref()),
    ) else {
        return Vec::new();
    };
    if !committee.decided_by(body) {
        return Vec::new();
    }
    let Ok(base) = store.load(base_id) else {
        return Vec::new();
    };
    let allowed: Vec<String> = committee
        .may_change
        .iter()
        .map(|c| c.render(Lang::Zh))
        .collect();
    let allowed_en: Vec<String> = committee
        .may_change
        .iter()
        .map(ToString::to_string)
        .collect();
    let by = committee
        .cite
        .as_ref()
        .map(|c| (c.render(Lang::Zh), c.to_string()))
        .unwrap_or_default();
    crate::diff::diff(&base, policy, base_id, &policy.meta.id)
        .changes
        .into_iter()
        .filter(|ch| !ch.is_about_the_text() && !ch.fewer_places_allowed(&base))
        // What the base policy declares the committee's, or unsettled by the text, it may change.
        .filter(|ch| base.authority_over(&ch.path).is_none())
        .filter_map(|ch| {
            let cite = Citation::parse(ch.cite.as_deref()?).ok()?;
            (!committee.may(&cite)).then(|| {
                let d = Diagnostic::warning(
                    "policy::beyond-committee",
                    text!(
                        format!("修正案由{}决定，但改动了{}（{}）：{}", committee.body, cite.render(Lang::Zh), ch.path, ch.sentence.zh),
                        format!("the amendment is decided by the committee ({}), but changes {} ({}): {}", committee.body, cite, ch.path, ch.sentence.en)
                    ),
                )
                .help(text!(
                    format!("{}只能调整{}的内容（{}）；其他改动须由发布机关决定，并在 decision 中写明。", committee.body, allowed.join("、"), by.0),
                    format!("the committee may change {} only ({}); anything else is for the issuing body to decide, named in the decision", allowed_en.join(", "), by.1)
                ));
                policy.source.place(d, "/policy/document", true)
            })
        })
        .collect()
}

/// How many problems of `severity` were found.
pub(crate) fn count(checked: &[Checked], severity: Severity) -> usize {
    checked
        .iter()
        .flat_map(|c| &c.diagnostics)
        .filter(|d| d.severity == severity)
        .count()
}
