//! `qaward init`: start a new award. Writes `POLICIES/ID/policy.toml` with its articles,
//! conditions, fields, stages, tiers and public notice as placeholders, and `tests/` cases that
//! see every clause true, false and unknown, so the new policy checks, tests at 100% and
//! passes `fmt --check` at once. With `--categories`, organisations and individuals side by
//! side (their own conditions and fields, a tie-break each, a joint cap). Never overwrites.

use std::path::{Path, PathBuf};

use clap::Args;

use super::new::refuse;
use super::{output, parse_date, Exit, Failure};
use crate::date::Date;
use crate::policy::load::POLICY_FILE;
use crate::policy::store::Store;

/// The scaffold with one kind of applicant: (file, text) pairs under the policy directory.
const SINGLE: [(&str, &str); 3] = [
    (
        POLICY_FILE,
        include_str!("../../templates/init/single/policy.toml"),
    ),
    (
        "tests/conditions.toml",
        include_str!("../../templates/init/single/tests/conditions.toml"),
    ),
    (
        "tests/procedure.toml",
        include_str!("../../templates/init/single/tests/procedure.toml"),
    ),
];

/// The scaffold with organisations and individuals.
const TWO_CATEGORIES: [(&str, &str); 3] = [
    (
        POLICY_FILE,
        include_str!("../../templates/init/two-categories/policy.toml"),
    ),
    (
        "tests/conditions.toml",
        include_str!("../../templates/init/two-categories/tests/conditions.toml"),
    ),
    (
        "tests/procedure.toml",
        include_str!("../../templates/init/two-categories/tests/procedure.toml"),
    ),
];

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward init --id nanjing-2025 --effective 2025-01-01 --title 南京市质量奖管理办法 --issuer 南京市人民政府 --award 南京市质量奖 --categories
  qaward init --id my-award --effective 2026-01-01 --policies ./my-award/policies
Then: qaward check, qaward test --min-coverage 100, qaward fields, qaward template.")]
pub struct InitArgs {
    /// 规则版本编号（目录名）· The new policy's id, its directory's name, e.g. --id nanjing-2025
    #[arg(long, value_name = "ID")]
    pub id: String,

    /// 施行日期 · The first day the measures are in force, e.g. --effective 2025-01-01
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub effective: Date,

    /// 办法名称 · The measures' title, e.g. --title 南京市质量奖管理办法
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// 办法名称（英文）· The title in English
    #[arg(long = "title-en", value_name = "TEXT")]
    pub title_en: Option<String>,

    /// 发布机关 · The issuing body, e.g. --issuer 南京市人民政府
    #[arg(long, value_name = "TEXT")]
    pub issuer: Option<String>,

    /// 发布机关（英文）· The issuing body in English
    #[arg(long = "issuer-en", value_name = "TEXT")]
    pub issuer_en: Option<String>,

    /// 奖项名称 · The award's name, e.g. --award 南京市质量奖
    #[arg(long, value_name = "TEXT")]
    pub award: Option<String>,

    /// 奖项名称（英文）· The award's name in English
    #[arg(long = "award-en", value_name = "TEXT")]
    pub award_en: Option<String>,

    /// 奖项族（同一奖项各版本共用）· The award's family, shared by its versions (default: the id)
    #[arg(long, value_name = "FAMILY")]
    pub family: Option<String>,

    /// 组织和个人两类申报者 · Organisations and individuals, each with their own conditions and fields
    #[arg(long)]
    pub categories: bool,

    /// 规则目录 · Where to write it, e.g. --policies ./policies (default: $QAWARD_POLICIES, else ./policies; made if missing)
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,
}

/// `text` as the inside of a TOML basic string; `None` when it holds a line break or another
/// control character (it would also break the comment lines that name it).
fn escaped(text: &str) -> Option<String> {
    if text.chars().any(char::is_control) {
        return None;
    }
    Some(text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The scaffold's files filled in with the arguments.
fn filled(args: &InitArgs) -> Result<Vec<(&'static str, String)>, Failure> {
    let or = |v: &Option<String>, default: &str| v.clone().unwrap_or_else(|| default.to_owned());
    let title = or(&args.title, "示例奖评定办法（待填）");
    let award = or(&args.award, "示例奖（待填）");
    let values = [
        ("{{ID}}", args.id.clone()),
        ("{{FAMILY}}", or(&args.family, &args.id)),
        ("{{TITLE_ZH}}", title.clone()),
        ("{{TITLE_EN}}", or(&args.title_en, &title)),
        ("{{ISSUER_ZH}}", or(&args.issuer, "发布机关（待填）")),
        (
            "{{ISSUER_EN}}",
            or(
                &args.issuer_en,
                &or(&args.issuer, "issuing body (to fill in)"),
            ),
        ),
        ("{{AWARD_ZH}}", award.clone()),
        ("{{AWARD_EN}}", or(&args.award_en, &award)),
        ("{{EFFECTIVE}}", args.effective.to_string()),
        ("{{YEAR}}", args.effective.year().to_string()),
    ];
    let mut safe = Vec::with_capacity(values.len());
    for (key, value) in values {
        let Some(v) = escaped(&value) else {
            return Err(refuse(
                "init::bad-text",
                format!("{key} 的值含有换行或控制字符"),
                format!("the value for {key} holds a line break or a control character"),
                "名称写在一行之内。",
                "write names on one line",
            ));
        };
        safe.push((key, v));
    }
    let scaffold = if args.categories {
        TWO_CATEGORIES
    } else {
        SINGLE
    };
    Ok(scaffold
        .iter()
        .map(|(name, text)| {
            let body = safe
                .iter()
                .fold((*text).to_owned(), |t, (k, v)| t.replace(k, v));
            (*name, body)
        })
        .collect())
}

pub fn run(args: InitArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    if !super::new::valid_id(&args.id) {
        return Err(refuse(
            "init::bad-id",
            format!("编号 `{}` 不合格式", args.id),
            format!("`{}` is not a valid policy id", args.id),
            "编号用小写字母、数字、点、下划线和连字符，如 nanjing-2025。",
            "use lower-case letters, digits, `.`, `_` and `-`, such as nanjing-2025",
        ));
    }
    let dir = args
        .policies
        .clone()
        .or_else(|| std::env::var_os("QAWARD_POLICIES").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("policies"));
    let target = dir.join(&args.id);
    if target.exists() {
        return Err(refuse(
            "init::exists",
            format!("{} 已存在，不会覆盖", target.display()),
            format!(
                "{} already exists; it will not be overwritten",
                target.display()
            ),
            "另取一个编号，或先移走原有目录。",
            "choose another id, or move the existing directory away first",
        ));
    }
    let mut files = filled(&args)?;
    // Editors complete the keys from the schema: beside a checkout's schemas/, point at it;
    // elsewhere, say how to get it.
    let schema_line = if dir
        .join("..")
        .join("schemas")
        .join("policy.schema.json")
        .is_file()
    {
        "#:schema ../../schemas/policy.schema.json\n".to_owned()
    } else {
        "# For completion in an editor: qaward schema policy > policy.schema.json, then put\n# #:schema ../../policy.schema.json (its path from here) on the first line.\n".to_owned()
    };
    if let Some((_, text)) = files.iter_mut().find(|(name, _)| *name == POLICY_FILE) {
        text.insert_str(0, &schema_line);
    }
    // It must load as written before anything is written.
    let policy_text = files
        .iter()
        .find(|(name, _)| *name == POLICY_FILE)
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    Store::in_memory([(args.id.as_str(), POLICY_FILE, policy_text)])
        .load(&args.id)
        .map_err(Failure::from)?;
    write_all(&target, &files)?;
    let msg = lang.pick(
        format!(
            "已写入 {}（policy.toml 和 tests/）。其中的条文、条件、字段、名额和金额都是占位内容，请按办法原文改写；\n然后运行 qaward check、qaward test --min-coverage 100、qaward fields 和 qaward template。\n",
            target.display()
        ),
        format!(
            "wrote {} (policy.toml and tests/). Its articles, conditions, fields, places and amounts are placeholders: write in the measures' own;\nthen run qaward check, qaward test --min-coverage 100, qaward fields and qaward template.\n",
            target.display()
        ),
    );
    if !super::settings::get().quiet {
        output::write(None, &msg, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    }
    Ok(Exit::Done)
}

/// Writes the files under `target`, made for them; on failure removes what it made.
fn write_all(target: &Path, files: &[(&str, String)]) -> Result<(), Failure> {
    let failed = |e: std::io::Error| {
        refuse(
            "init::write-failed",
            format!("无法创建 {}：{e}", target.display()),
            format!("cannot create {}: {e}", target.display()),
            "检查规则目录是否可写。",
            "check that the policy directory is writable",
        )
    };
    std::fs::create_dir_all(target.join("tests")).map_err(failed)?;
    for (name, text) in files {
        if let Err(d) = output::write(Some(&target.join(name)), text, &[]) {
            let _ = std::fs::remove_dir_all(target);
            return Err(Failure::bad_input(vec![*d]));
        }
    }
    Ok(())
}
