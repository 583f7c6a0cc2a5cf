//! Rendering outcomes for people and programs: reasons in words, the terminal table and the
//! contract's JSON. The only layer that knows about languages and output formats.

pub mod check;
pub mod compare;
pub mod diff;
pub mod explain;
pub mod fields;
pub mod html;
pub mod json;
pub mod policies;
pub mod readings;
pub mod reason;
pub mod sheets;
pub mod stability;
pub mod sweep;
pub mod table;
pub mod test;
pub(crate) mod words;
