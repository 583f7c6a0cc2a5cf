//! Where the ledger is (`--ledger`, `$QAWARD_LEDGER`, `ledger/qaward.db`), and the earlier
//! wins it gives `eval`, `explain` and `template --ledger`.

use std::path::{Path, PathBuf};

use crate::cli::Failure;
use crate::engine::Case;
use crate::ledger::{decide, Ledger};

/// Where the ledger is when neither `--ledger` nor `$QAWARD_LEDGER` says.
pub const DEFAULT_LEDGER: &str = "ledger/qaward.db";

/// `--ledger [FILE]` of `eval` and `explain`: each applicant's earlier wins from the ledger
/// (opened to read only), put into the case's cohort before it is evaluated.
pub fn with_history(flag: Option<&Path>, case: &mut Case) -> Result<(), Failure> {
    let Some(flag) = flag else {
        return Ok(());
    };
    // `--ledger` alone: $QAWARD_LEDGER, else the default place.
    let given = Some(flag).filter(|p| *p != Path::new(DEFAULT_LEDGER));
    let ledger = Ledger::open_read(&ledger_path(given))?;
    decide::rules(&case.policy)?;
    crate::ledger::history::fill(&mut case.cohort, &case.policy, &ledger.entries()?);
    Ok(())
}

/// The ledger's path: the flag, else `$QAWARD_LEDGER`, else `ledger/qaward.db`.
pub fn ledger_path(flag: Option<&Path>) -> PathBuf {
    flag.map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os("QAWARD_LEDGER")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from(DEFAULT_LEDGER))
}
