//! `qaward fmt`: normalise policy files in place (or, with `--check`, list those that would
//! change and exit 1). Comments are kept; formatting twice changes nothing.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{output, Exit, Failure};
use crate::diag::text;
use crate::diag::Diagnostic;
use crate::fmt::format_policy;
use crate::policy::load::POLICY_FILE;
use crate::policy::store::Store;

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward fmt
  qaward fmt --check policies/
  qaward fmt policies/wuxi-2024/policy.toml")]
pub struct FmtArgs {
    /// 只检查 · List files that would change and exit 1, without writing
    #[arg(long)]
    pub check: bool,

    /// 文件或目录 · Policy files, policy directories or directories of policies (default: the policy directory)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// The policy files under `path`: itself, its policy.toml, or those of its sub-directories.
fn files_under(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    if path.join(POLICY_FILE).is_file() {
        return vec![path.join(POLICY_FILE)];
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|d| {
            d.flatten()
                .map(|e| e.path().join(POLICY_FILE))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

pub fn run(args: FmtArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        match Store::locate(None)?.origin.dir() {
            Some(d) => vec![d.to_path_buf()],
            None => {
                return Err(Failure::bad_input(vec![Diagnostic::error(
                    "fmt::no-directory",
                    text!(
                        "没有可格式化的规则目录",
                        "there is no policy directory to format"
                    ),
                )
                .help(text!(
                    "给出文件或目录，如 qaward fmt policies/。",
                    "name files or directories, such as qaward fmt policies/"
                ))]))
            }
        }
    } else {
        args.paths.clone()
    };
    let mut problems = Vec::new();
    let mut changed = Vec::new();
    let mut seen = 0;
    for root in &roots {
        let files = files_under(root);
        if files.is_empty() {
            problems.push(
                Diagnostic::error(
                    "fmt::nothing",
                    text!("这里没有规则文件", "there are no policy files here"),
                )
                .in_file(root)
                .help(text!(
                    "给出 policy.toml 或含有它的目录。",
                    "name a policy.toml or a directory holding one"
                )),
            );
        }
        for file in files {
            seen += 1;
            let source = match std::fs::read_to_string(&file) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(
                        Diagnostic::error(
                            "fmt::unreadable",
                            text!(format!("无法读取：{e}"), format!("cannot read: {e}")),
                        )
                        .in_file(&file),
                    );
                    continue;
                }
            };
            match format_policy(&source) {
                Ok(formatted) if formatted != source => {
                    if !args.check {
                        // Through a symbolic link to the file it names: the link stays a link.
                        let target = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
                        output::write(Some(&target), &formatted, &[])
                            .map_err(|d| Failure::bad_input(vec![*d]))?;
                    }
                    changed.push(file);
                }
                Ok(_) => {}
                Err(e) => problems.push(
                    Diagnostic::error(
                        "fmt::syntax",
                        text!(
                            format!("TOML 语法错误：{e}"),
                            format!("TOML syntax error: {e}")
                        ),
                    )
                    .in_file(&file)
                    .help(text!(
                        "先修正语法（qaward check 会指出位置）。",
                        "fix the syntax first (qaward check shows where)"
                    )),
                ),
            }
        }
    }
    if !problems.is_empty() {
        return Err(Failure::bad_input(problems));
    }
    let mut out = String::new();
    for f in &changed {
        let done = match args.check {
            true => lang.pick("需要格式化：", "would reformat: "),
            false => lang.pick("已格式化：", "formatted: "),
        };
        out.push_str(&format!("{done}{}\n", f.display()));
    }
    let (zh_what, en_what) = match args.check {
        true => ("需要格式化", "would change"),
        false => ("已改动", "changed"),
    };
    out.push_str(&lang.pick(
        format!("{seen} 个文件，{} 个{zh_what}\n", changed.len()),
        format!("{seen} file(s), {} {en_what}\n", changed.len()),
    ));
    // What --check finds is the answer; what was reformatted is only a confirmation.
    if args.check || !super::settings::get().quiet {
        output::write(None, &out, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    }
    Ok(if args.check && !changed.is_empty() {
        Exit::Problems
    } else {
        Exit::Done
    })
}
