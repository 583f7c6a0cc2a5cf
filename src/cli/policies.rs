//! `qaward policies`: every policy in the directory and where it stands on a date.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{output, parse_date, Exit, Failure};
use crate::date::Date;
use crate::policy::store::Store;
use crate::render;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A table for people.
    #[value(name = "text", alias = "table")]
    Table,
    /// One JSON object per policy, for programs.
    Json,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward policies
  qaward policies --as-of 2023-09-01
  qaward policies --format json --lang en")]
pub struct PoliciesArgs {
    /// 参考日期 · The date the status is given for, e.g. --as-of 2024-09-01 (default: today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// 规则目录 · Directory of policies, e.g. --policies ./policies (default: $QAWARD_POLICIES, else ./policies, else the copy built in)
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 输出格式 · Output format, e.g. --format json
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Today in UTC, from the system clock.
pub fn today() -> Date {
    Date::today()
}

pub fn run(args: PoliciesArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let date = args.as_of.unwrap_or_else(today);
    let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
    let catalogue = store.load_all().map_err(Failure::from)?;
    let source = store.origin.describe();
    let content = match args.format {
        Format::Json => render::policies::json(&catalogue, &source, date, lang),
        Format::Table => render::policies::table(
            &catalogue,
            &source,
            date,
            lang,
            &super::settings::style(std::io::stdout().is_terminal()),
        ),
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}
