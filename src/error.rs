//! The library's one error type: every problem found, each a [`Diagnostic`] that names its
//! file, place and fix in both languages. Nothing in the library fails with a bare string.

use std::path::Path;

use crate::diag::Diagnostic;

/// Why a policy, a cohort or a request could not be used: every problem found at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The problems, errors first in the order found; never empty.
    pub problems: Vec<Diagnostic>,
}

impl Error {
    /// An error made of these problems.
    pub fn new(problems: Vec<Diagnostic>) -> Error {
        Error { problems }
    }

    /// An error of one problem.
    pub fn one(problem: Diagnostic) -> Error {
        Error {
            problems: vec![problem],
        }
    }

    /// The problems, each naming its place.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// The same problems, each said to be in `path` unless it names its own file.
    pub fn in_file(mut self, path: &Path) -> Error {
        for d in &mut self.problems {
            if d.file.is_none() {
                d.file = Some(path.to_path_buf());
            }
        }
        self
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::one(d)
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(problems: Vec<Diagnostic>) -> Error {
        Error::new(problems)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.problems.first() {
            Some(d) => {
                write!(f, "{}: {}", d.code, d.message.en)?;
                if let Some(file) = &d.file {
                    write!(f, " ({})", file.display())?;
                }
                if self.problems.len() > 1 {
                    write!(f, " (and {} more problem(s))", self.problems.len() - 1)?;
                }
                Ok(())
            }
            None => f.write_str("an unspecified problem"),
        }
    }
}

impl std::error::Error for Error {}
