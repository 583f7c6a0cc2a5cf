//! What each step of the cycle may record, checked against the ledger as it stands and the
//! policy's rules: the candidates from a run, objections within the notice and their rulings,
//! the approval of candidates whose notice passed without an upheld objection, money for first
//! wins only, and revocation on the grounds the policy declares. Each refusal names the rule's
//! article as the policy cites it, and writes nothing; nothing here names an article itself.

mod checks;
mod cycle;
mod pay;
mod revoke;

pub use checks::{rules, unknown_entry};
pub use cycle::{approve, object, propose, rule, run_entry, void};
pub use pay::pay;
pub use revoke::revoke;
