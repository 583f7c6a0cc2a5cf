//! Rendering outcomes for people: the terminal table, Markdown, HTML papers, workbooks and
//! CSV. The reasons' words are `words`'; the contract's result JSON is `result`.

pub mod check;
pub mod compare;
pub mod diff;
pub mod explain;
pub mod fields;
pub mod html;
pub mod ledger;
pub mod policies;
pub mod readings;
pub mod reviews;
pub(crate) use crate::words::reason;
pub mod sheets;
pub mod stability;
pub mod sweep;
pub mod table;
pub mod test;
pub(crate) mod words;
