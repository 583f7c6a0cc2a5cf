//! `qaward new`: start a committee amendment of an existing policy. Writes a commented
//! `policy.toml` that extends the base, checks it loads (and that its window fits the others)
//! before reporting success, and never overwrites an existing policy.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{output, parse_date, Exit, Failure};
use crate::date::Date;
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::policy::load::{PolicyFiles, POLICY_FILE};
use crate::policy::store::Store;
use crate::policy::Policy;

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward new --from wuxi-2024 --id wuxi-2024-a1 --effective 2025-01-01
  qaward new --from wuxi-2024 --id wuxi-2024-a1 --effective 2025-01-01 --decision \"示例〔2025〕1号（假设）\" --body \"评定委员会\"
Then edit policies/wuxi-2024-a1/policy.toml and run qaward policies to see it.")]
pub struct NewArgs {
    /// 基础规则版本 · The policy to amend, e.g. --from wuxi-2024
    #[arg(long, value_name = "ID")]
    pub from: String,

    /// 新规则版本编号 · The new policy's id (its directory name), e.g. --id wuxi-2024-a1
    #[arg(long, value_name = "NEW")]
    pub id: String,

    /// 生效日期 · First day the amendment governs, e.g. --effective 2025-01-01
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub effective: Date,

    /// 决定文号 · The decision adopting it, e.g. --decision "示例〔2025〕1号"
    #[arg(long, value_name = "TEXT")]
    pub decision: Option<String>,

    /// 决定机关 · The body that adopted the decision, e.g. --body "评定委员会"
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,

    /// 规则目录 · Where to write it, e.g. --policies ./policies (default: $QAWARD_POLICIES, else ./policies)
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,
}

fn refuse(code: &'static str, zh: String, en: String, help_zh: &str, help_en: &str) -> Failure {
    Failure::bad_input(vec![
        Diagnostic::error(code, text!(zh, en)).help(text!(help_zh, help_en))
    ])
}

pub fn run(args: NewArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
    let dir = match store.origin.dir() {
        Some(d) => d.to_path_buf(),
        None => {
            return Err(refuse(
                "new::no-directory",
                "没有可写入的规则目录".into(),
                "there is no policy directory to write to".into(),
                "用 --policies 指定规则目录（如 ./policies）。",
                "name the policy directory with --policies (such as ./policies)",
            ))
        }
    };
    if !valid_id(&args.id) {
        return Err(refuse(
            "new::bad-id",
            format!("编号 `{}` 不合格式", args.id),
            format!("`{}` is not a valid policy id", args.id),
            "编号用小写字母、数字、点、下划线和连字符，如 wuxi-2024-a1。",
            "use lower-case letters, digits, `.`, `_` and `-`, such as wuxi-2024-a1",
        ));
    }
    let target = dir.join(&args.id);
    if target.exists() || store.policies.contains_key(&args.id) {
        return Err(refuse(
            "new::exists",
            format!("{} 已存在，不会覆盖", target.display()),
            format!(
                "{} already exists; it will not be overwritten",
                target.display()
            ),
            "另取一个编号，或先移走原有目录。",
            "choose another id, or move the existing directory away first",
        ));
    }
    let base = store.load(&args.from).map_err(Failure::from)?;
    let text = template(&base, &args, &dir);
    // Check it as it will stand: loaded over its base, and beside every other policy.
    let files = PolicyFiles {
        origin: target.clone(),
        files: [(POLICY_FILE.to_owned(), text.clone())]
            .into_iter()
            .collect(),
        calendars: store
            .policies
            .get(&args.from)
            .map(|f| f.calendars.clone())
            .unwrap_or_default(),
    };
    let mut with_new = store.clone();
    with_new.policies.insert(args.id.clone(), files);
    with_new.load_all().map_err(Failure::from)?;
    std::fs::create_dir(&target).map_err(|e| {
        refuse(
            "new::write-failed",
            format!("无法创建 {}：{e}", target.display()),
            format!("cannot create {}: {e}", target.display()),
            "检查规则目录是否可写。",
            "check that the policy directory is writable",
        )
    })?;
    let file = target.join(POLICY_FILE);
    if let Err(d) = output::write(Some(&file), &text, &[]) {
        let _ = std::fs::remove_dir(&target);
        return Err(Failure::bad_input(vec![*d]));
    }
    let msg = lang.pick(
        format!(
            "已写入 {}：修正 {}，自 {} 起适用。编辑其中的修改项后，用 qaward policies 查看。\n",
            file.display(),
            args.from,
            args.effective
        ),
        format!(
            "wrote {}: amends {} from {}. Edit the changes in it, then run qaward policies.\n",
            file.display(),
            args.from,
            args.effective
        ),
    );
    if !super::settings::get().quiet {
        output::write(None, &msg, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    }
    Ok(Exit::Done)
}

/// Whether `id` may name a policy (and its directory): lower-case letters, digits, `.`, `_`
/// and `-`, starting with a letter or digit.
pub(super) fn valid_id(id: &str) -> bool {
    id.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

/// The schema reference for editors, relative to the new file when the checkout's schemas are
/// beside the policy directory.
fn schema_line(dir: &Path) -> String {
    let schema = dir.join("..").join("schemas").join("amendment.schema.json");
    if schema.is_file() {
        "#:schema ../../schemas/amendment.schema.json\n".to_owned()
    } else {
        String::new()
    }
}

/// A TOML basic string holding `text` exactly (quotes, backslashes and control characters
/// escaped).
fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

fn template(base: &Policy, args: &NewArgs, dir: &Path) -> String {
    let m = &base.meta;
    let decision = args
        .decision
        .clone()
        .unwrap_or_else(|| "待填 · to be filled in".to_owned());
    let body = args
        .body
        .clone()
        .unwrap_or_else(|| "待填 · to be filled in".to_owned());
    let first = |ids: Vec<String>| ids.into_iter().next().unwrap_or_else(|| "ID".to_owned());
    let example_condition = first(base.conditions.iter().map(|c| c.id.clone()).collect());
    let (example_stage, example_weight) = base
        .stages
        .first()
        .map_or(("ID".to_owned(), "0.50".to_owned()), |s| {
            (s.id.clone(), s.weight.to_string())
        });
    let (example_tier, example_quota) = base
        .tiers
        .first()
        .map_or(("ID".to_owned(), 1), |t| (t.id.clone(), t.quota + 1));
    let mut t = schema_line(dir);
    // Who may decide what, when the base says so.
    let who = m.committee.as_ref().map_or_else(String::new, |c| {
        let may: Vec<String> = c.may_change.iter().map(ToString::to_string).collect();
        let cite = c.cite.as_ref().map(|x| format!(" ({x})")).unwrap_or_default();
        // And what the base declares the committee's, or unsettled by the text ([[authority]]).
        let also: String = base
            .authority
            .iter()
            .map(|a| {
                let cite = a.cite.as_ref().map(|x| format!(" ({x})")).unwrap_or_default();
                format!("#   {}{cite}: {}\n", a.items.join(", "), a.why.zh)
            })
            .collect();
        let also = if also.is_empty() {
            String::new()
        } else {
            format!("# It may also decide what the base's [[authority]] leaves to it:\n{also}")
        };
        format!(
            "# {body} may change {may} only{cite}; anything else is for the issuing body ({issuer}) to decide.\n{also}",
            body = c.body,
            may = may.join(", "),
            issuer = m.issuer.zh
        )
    });
    let _ = write!(
        t,
        r#"# 修正案 · Amendment of {from}, adopted by the decision named below.
# Only what is written below changes; everything else is taken from {from} as it stands.
# Check it with `qaward policies` and `qaward eval COHORT --policy {id}`.
{who}
format = "qaward.amendment.v1"

[amendment]
id = "{id}"
extends = "{from}"
title = {{ zh = "{title_zh}（修正 {id}）", en = "{title_en} (amendment {id})" }}
effective = {effective}
# expires = {expires}   # the base's last day unless set (none: open-ended)
# Set the decision's own date below (it defaults to the effective date).
decision = {{ number = {decision_q}, date = {effective}, body = {body_q} }}
verified = false
source = {source_q}

# ─── Changes ─────────────────────────────────────────────────────────────────────────────
# Parameters — change a value (and say where it comes from):
#   [params.NAME]
#   value = …
#   source = "决定 …"
#   verified = true
# The base's parameters and their values now:
"#,
        from = m.id,
        id = args.id,
        decision_q = quote(&decision),
        body_q = quote(&body),
        source_q = quote(&format!("decision {decision}")),
        effective = args.effective,
        expires = m
            .expires
            .map_or_else(|| "YYYY-MM-DD".to_owned(), |e| e.to_string()),
        title_zh = m.title.zh,
        title_en = m.title.en,
    );
    for p in &base.params {
        let cite = p
            .cite
            .as_ref()
            .map(|c| format!("  ({c})"))
            .unwrap_or_default();
        let _ = writeln!(t, "#   {} = {}{cite}", p.name, p.value);
    }
    let _ = write!(
        t,
        r#"#
# Conditions — by id; change = "modify" (default: the keys given replace the base's, `clauses`
# replaces all clauses), "disable", "remove", or "add" (a whole new condition; `after` = id):
#   [[conditions]]
#   id = "{example_condition}"
#   change = "disable"
# The base's conditions: {conditions}
#
# Stages and tiers — by id, the keys given replace the base's:
#   [[stages]]                [[tiers]]
#   id = "{example_stage}"               id = "{example_tier}"
#   weight = {example_weight}             quota = {example_quota}
{categories}# Stages: {stages}
# Tiers: {tiers}
#
# Sections — [scoring], [shortlist], [ranking], [publicity]: the keys given replace the base's.
#
# Fields — a new fact the cohort carries (`qaward fields` lists the base's):
#   [fields."certifications.iso9001"]
#   new = true
#   type = "bool"
#   title = {{ zh = "…", en = "…" }}
"#,
        conditions = base
            .conditions
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        categories = categories_help(base),
        stages = per_category(base, |p| p
            .stages
            .iter()
            .map(|s| format!("{} {}", s.id, s.weight))
            .collect()),
        tiers = per_category(base, |p| p
            .tiers
            .iter()
            .map(|x| format!(
                "{} (quota {}, threshold {}, amount {})",
                x.id, x.quota, x.threshold, x.amount
            ))
            .collect()),
    );
    t
}

/// With categories: how one category's entry (and a joint cap) is named in an amendment.
fn categories_help(base: &Policy) -> String {
    let Some(first) = base.categories.first() else {
        return String::new();
    };
    let ids: Vec<&str> = base.categories.iter().map(|c| c.id.as_str()).collect();
    format!(
        "# Categories ({ids}): give `category = \"{first}\"` to change that category's stage or\n\
         # tier alone (the others keep theirs); [[scoring]], [[shortlist]] and [[ranking]] take it\n\
         # too. A joint cap is named by its tier: [[caps]] tier = \"…\" max = … rule = \"by_total\".\n",
        ids = ids.join(", "),
        first = first.id
    )
}

/// Each category's items as `list` says them ("organisation: a, b; individual: c"), or the
/// policy's own where it has no categories.
fn per_category(base: &Policy, list: impl Fn(&Policy) -> Vec<String>) -> String {
    if base.categories.is_empty() {
        return list(base).join(", ");
    }
    base.categories
        .iter()
        .map(|c| format!("{}: {}", c.id, list(&c.policy).join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}
