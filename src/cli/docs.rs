//! `qaward completions SHELL` and `qaward man`: the shell completions and the manual pages,
//! generated from the same argument definitions the program parses with, so they cannot drift.

use std::path::PathBuf;

use clap::Args;

use super::{output, Exit, Failure};
use crate::diag::text;
use crate::diag::Diagnostic;

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward completions bash > /etc/bash_completion.d/qaward
  qaward completions zsh > \"${fpath[1]}/_qaward\"
  qaward completions fish > ~/.config/fish/completions/qaward.fish
  qaward completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// 命令行外壳 · The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward man | man -l -
  qaward man --dir /usr/local/share/man/man1")]
pub struct ManArgs {
    /// 目录 · Write qaward.1 and a page for every command (qaward-eval.1, …) into this directory instead of printing qaward.1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn completions(args: CompletionsArgs, mut command: clap::Command) -> Result<Exit, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "qaward", &mut script);
    output::write_bytes(None, &script, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

pub fn man(args: ManArgs, command: clap::Command) -> Result<Exit, Failure> {
    let failed = |place: String, e: std::io::Error| {
        Failure::bad_input(vec![Diagnostic::error(
            "output::write-failed",
            text!(
                format!("无法写入手册页 {place}：{e}"),
                format!("cannot write the manual pages to {place}: {e}")
            ),
        )
        .help(text!(
            "检查该目录是否存在且可写。",
            "check that the directory exists and can be written"
        ))])
    };
    match args.dir {
        Some(dir) => {
            let place = dir.display().to_string();
            std::fs::create_dir_all(&dir).map_err(|e| failed(place.clone(), e))?;
            clap_mangen::generate_to(command, &dir).map_err(|e| failed(place, e))?;
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .map_err(|e| failed("-".to_owned(), e))?;
            output::write_bytes(None, &page, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
        }
    }
    Ok(Exit::Done)
}
