//! `--reviews [FILE]`, as every command that makes stage scores from reviewers' scores takes it.

use std::path::{Path, PathBuf};

/// What `--reviews` alone stands for: the cohort workbook's own reviewers and score sheets.
pub(super) const THE_COHORT: &str = "(the cohort workbook)";

/// The reviews file `--reviews` names; `--reviews` alone names the cohort (a workbook whose
/// reviewers and score sheets are filled in).
pub(super) fn path(arg: Option<&Path>, cohort: &Path) -> Option<PathBuf> {
    arg.map(|p| {
        if p == Path::new(THE_COHORT) {
            cohort.to_owned()
        } else {
            p.to_owned()
        }
    })
}
