//! Papers for the committee: one self-contained HTML page each, with a header block, tables
//! with citations and inline SVG pictures, printable on A4.

mod charts;
pub mod compare;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod ledger;
pub(crate) mod page;
pub(crate) mod panels;
