//! `--reviews [FILE]`, as every command that makes stage scores from reviewers' scores takes it.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::engine::Case;
use crate::reviews::{Panels, Reviews};

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

/// The reviews `--reviews` names, read and put into the case's cohort: the reviews, with their
/// path, and what each panel made; nothing without the flag.
pub(super) fn applied(
    arg: Option<&Path>,
    cohort: &Path,
    case: &mut Case,
) -> Result<(Option<Reviews>, Option<Panels>), Failure> {
    let Some(file) = path(arg, cohort) else {
        return Ok((None, None));
    };
    let reviews = Reviews::read(&file, &case.policy)?;
    let panels = reviews.apply(&case.policy, &mut case.cohort, &[])?;
    Ok((Some(reviews), Some(panels)))
}
