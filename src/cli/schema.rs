//! `qaward schema cohort` (the JSON Schema of a cohort for a policy, derived from its
//! declarations) and `qaward fields` (every field a cohort may carry, for the clerk).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{output, Exit, Failure};
use crate::policy::store::Store;
use crate::policy::Policy;
use crate::render;

/// Which policy: by id, else the one in force today.
#[derive(Args, Debug, Clone)]
pub struct Which {
    /// 规则版本编号 · The policy, e.g. --policy wuxi-2024 (default: the one in force today)
    #[arg(long, value_name = "ID")]
    pub policy: Option<String>,

    /// 规则目录 · Directory of policies, e.g. --policies ./policies
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 奖项（规则版本的 family），目录中有多个奖项时用 · The award (a policy's family), when the
    /// directory holds several
    #[arg(long, value_name = "FAMILY")]
    pub award: Option<String>,

    /// 参考日期（选出该日有效的规则版本）· The policy in force on this date, e.g. --as-of 2024-09-01 (default: today)
    #[arg(long = "as-of", value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<crate::date::Date>,
}

impl Which {
    fn load(&self) -> Result<Policy, Failure> {
        let store = Store::locate(self.policies.as_deref())?;
        Ok(match &self.policy {
            Some(id) => store.load(id)?,
            None => {
                let date = self.as_of.unwrap_or_else(super::policies::today);
                store
                    .in_force_on(date, self.award.as_deref())
                    .map_err(|mut e| {
                        // These commands read a policy, they evaluate nothing: say how to name one.
                        for d in e
                            .problems
                            .iter_mut()
                            .filter(|d| d.code == "policy::none-in-force")
                        {
                            d.help = Some(crate::diag::text!(
                                "用 --policy 编号 指定规则版本，或用 --as-of 日期 选出该日有效的规则版本。",
                                "name one with --policy ID, or choose the one in force on a date with --as-of DATE"
                            ));
                        }
                        e
                    })?
            }
        })
    }
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward schema cohort > cohort.schema.json
  qaward schema cohort --policy wuxi-2017
  qaward schema policy > policy.schema.json   # then #:schema policy.schema.json atop a policy file")]
pub struct SchemaArgs {
    #[command(subcommand)]
    pub what: SchemaOf,
}

#[derive(Subcommand, Debug)]
pub enum SchemaOf {
    /// 申报名单的 JSON Schema · The JSON Schema of a cohort for the policy
    Cohort(Which),
    /// 规则文件的 JSON Schema（编辑器补全用）· The JSON Schema of a policy file, for editors
    Policy,
    /// 修正案的 JSON Schema · The JSON Schema of an amendment
    Amendment,
    /// 评定结果的 JSON Schema · The JSON Schema of a result (eval --format json)
    Result,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FieldsFormat {
    /// A table for people.
    #[value(name = "text", alias = "table")]
    Table,
    /// A Markdown table.
    Md,
    /// JSON (qaward.fields.v1).
    Json,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward fields
  qaward fields --policy wuxi-2024 --format md > fields.md
  qaward fields --format json --lang en")]
pub struct FieldsArgs {
    #[command(flatten)]
    pub which: Which,

    /// 输出格式 · Output format, e.g. --format md
    #[arg(long, value_enum, default_value = "text")]
    pub format: FieldsFormat,
}

pub fn schema(args: SchemaArgs) -> Result<Exit, Failure> {
    let s = match args.what {
        SchemaOf::Cohort(which) => {
            let policy = which.load()?;
            let mut s = serde_json::to_string_pretty(&crate::cohort::schema::derive(&policy))
                .unwrap_or_default();
            s.push('\n');
            s
        }
        SchemaOf::Policy => crate::schema::POLICY.to_owned(),
        SchemaOf::Amendment => crate::schema::AMENDMENT.to_owned(),
        SchemaOf::Result => crate::schema::RESULT.to_owned(),
    };
    output::write(None, &s, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

pub fn fields(args: FieldsArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let policy = args.which.load()?;
    let content = match args.format {
        FieldsFormat::Table => render::fields::text(&policy, lang, false),
        FieldsFormat::Md => render::fields::text(&policy, lang, true),
        FieldsFormat::Json => render::fields::json(&policy),
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward readings
  qaward readings --policy wuxi-2024 --format md > readings.md
  qaward readings --format json --lang en")]
pub struct ReadingsArgs {
    #[command(flatten)]
    pub which: Which,

    /// 输出格式 · Output format, e.g. --format md
    #[arg(long, value_enum, default_value = "text")]
    pub format: FieldsFormat,
}

pub fn readings(args: ReadingsArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let policy = args.which.load()?;
    let content = match args.format {
        FieldsFormat::Table => render::readings::text(&policy, lang, false),
        FieldsFormat::Md => render::readings::text(&policy, lang, true),
        FieldsFormat::Json => render::readings::json(&policy),
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}
