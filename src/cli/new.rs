//! `qaward new`: start a committee amendment of an existing policy. Writes a commented
//! `policy.toml` that extends the base, checks it loads (and that its window fits the others)
//! before reporting success, and never overwrites an existing policy.

use std::path::PathBuf;

use clap::Args;

use super::{output, parse_date, Exit, Failure};
use crate::date::Date;
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::policy::load::{PolicyFiles, POLICY_FILE};
use crate::policy::store::Store;

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

/// A refusal with its code, message and help, in both languages.
pub(super) fn refuse(
    code: &'static str,
    zh: String,
    en: String,
    help_zh: &str,
    help_en: &str,
) -> Failure {
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
    let text = crate::policy::skeleton::amendment(
        &base,
        &crate::policy::skeleton::Amendment {
            id: &args.id,
            effective: args.effective,
            decision: args.decision.as_deref(),
            body: args.body.as_deref(),
        },
        &dir,
    );
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
