//! qaward: the Wuxi Mayor's Quality Award regulation as versioned policy files (TOML + Rhai),
//! evaluated exactly against a cohort of applicants.
//!
//! Data flows one way: `policy` (load, check, compile) and `cohort` (read, validate) feed
//! `eval`, whose `Outcome` `render` turns into tables and JSON; `cli` is the edge.

pub mod cli;
pub mod cohort;
pub mod compare;
pub mod date;
pub mod decimal;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod pointer;
pub mod policy;
pub mod render;
pub mod schema;
pub mod stability;
pub mod sweep;
pub mod testing;
pub mod toml_json;
