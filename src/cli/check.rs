//! `qaward check`: every problem in policy files at once — errors and lints apart — for people
//! (rendered with the source line) or for editors and CI (`--format json`, `qaward.check.v1`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{output, Exit, Failure};
use crate::check::{check, count};
use crate::diag::Severity;
use crate::policy::load::POLICY_FILE;
use crate::policy::store::{Origin, Store};
use crate::render;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Each problem with its source line underlined, for people.
    #[value(name = "text", alias = "human")]
    Human,
    /// One JSON document (qaward.check.v1), for editors and CI.
    Json,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward check
  qaward check policies/wuxi-2024
  qaward check wuxi-2017 --lang en
  qaward check --format json --deny-warnings")]
pub struct CheckArgs {
    /// 规则版本编号、规则目录或规则库目录 · Policy ids, policy directories, or directories of policies (default: every policy)
    #[arg(value_name = "POLICY_OR_DIR")]
    pub targets: Vec<String>,

    /// 规则目录 · Where policy ids are looked up, e.g. --policies ./policies
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 输出格式 · Output format, e.g. --format json
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    /// 警告也算失败 · Treat warnings as errors (exit 1 when there are any)
    #[arg(long)]
    pub deny_warnings: bool,
}

/// The stores and policy ids to check, from the arguments.
fn targets(args: &CheckArgs) -> Result<Vec<(Store, Vec<String>)>, Failure> {
    if args.targets.is_empty() {
        let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
        let ids = store.policies.keys().cloned().collect();
        return Ok(vec![(store, ids)]);
    }
    let mut out = Vec::new();
    for t in &args.targets {
        let path = Path::new(t);
        if path.join(POLICY_FILE).is_file() {
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let store = Store::from_dir(parent, Origin::Flag(parent.to_path_buf()))
                .map_err(Failure::from)?;
            let id = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((store, vec![id]));
        } else if path.is_dir() {
            let store =
                Store::from_dir(path, Origin::Flag(path.to_path_buf())).map_err(Failure::from)?;
            let ids = store.policies.keys().cloned().collect();
            out.push((store, ids));
        } else {
            let store = Store::locate(args.policies.as_deref()).map_err(Failure::from)?;
            if !store.policies.contains_key(t) {
                // Names the unknown id with a suggestion; a policy that exists is checked below.
                store.load(t).map_err(Failure::from)?;
            }
            out.push((store, vec![t.clone()]));
        }
    }
    Ok(out)
}

pub fn run(args: CheckArgs) -> Result<Exit, Failure> {
    let checked = check(targets(&args)?);
    let (errors, warnings) = (
        count(&checked, Severity::Error),
        count(&checked, Severity::Warning),
    );
    // --quiet prints errors only; the count line still says how many warnings there were.
    let mut checked = checked;
    if super::settings::get().quiet && matches!(args.format, Format::Human) {
        for c in &mut checked {
            c.diagnostics.retain(|d| d.severity == Severity::Error);
        }
    }
    let content = match args.format {
        Format::Json => render::check::json(&checked, errors, warnings),
        Format::Human => render::check::human(
            &checked,
            errors,
            warnings,
            super::settings::get().langs,
            &super::settings::style(std::io::stdout().is_terminal()),
        ),
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Ok(Exit::Problems)
    } else {
        Ok(Exit::Done)
    }
}
