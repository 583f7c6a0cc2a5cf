//! The award's memory: an append-only ledger of each year's evaluation, candidates, notice and
//! objections, approval, payments and revocations, kept in an SQLite file beside the
//! policies. `store` is the file, `entry` one entry and its hash chain, `book` the ledger read
//! as the award's history, `decide` what each step may record under the policy's rules,
//! `verify` the chain checked end to end, `history` each applicant's earlier wins for an
//! evaluation, `receipt` what a recorded evaluation keeps, and `choose` which award and policy a
//! step answers to.

pub mod book;
pub mod choose;
pub mod decide;
pub mod entry;
pub mod history;
pub mod receipt;
pub mod store;
pub mod verify;

pub use entry::Entry;
pub use store::Ledger;
