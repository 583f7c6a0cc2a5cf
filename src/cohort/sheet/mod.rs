//! Cohorts in spreadsheets (contract section 1, laid out for people): an `.xlsx` workbook or a
//! `.csv` file with its siblings, read into the JSON cohort they stand for, and templates
//! written for a policy. The layout comes from the policy's declared fields.

pub(crate) mod cells;
pub(crate) mod grid;
pub(crate) mod layout;
pub(crate) mod template;
pub(crate) mod to_json;
pub(crate) mod typed;
pub(crate) mod xlsx;
