//! The integration tests, one binary (one link, one start-up) for every file: each file below
//! is a module of its own, sharing `common` (a hermetic copy of the shipped policies, the
//! `qaward` binary and small helpers).

mod common;

mod agreement;
mod any_of;
mod awards;
mod bad_input;
mod browser;
mod cases;
mod categories;
mod check;
mod cli;
mod conventions;
mod data_model;
mod diff;
mod explain;
mod fmt;
mod hardening;
mod html;
mod ledger;
mod policy_tests;
mod procedure_options;
mod reviews;
mod schema_agreement;
mod script_budget;
mod spreadsheets;
mod sweep;
mod versions;
mod whatif;
