//! `qaward explain-error CODE`: the long form of a diagnostic — what it means and what to do —
//! from the catalogue (`docs/diagnostics.toml`); `--list` lists every code.

use clap::Args;

use super::{output, Exit, Failure};
use crate::catalogue;
use crate::diag::text;
use crate::diag::{Diagnostic, Lang};

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward explain-error policy::weights-sum
  qaward explain-error --list")]
pub struct ExplainErrorArgs {
    /// 诊断代码 · The code, as a message shows it, e.g. policy::weights-sum
    #[arg(value_name = "CODE", required_unless_present = "list")]
    pub code: Option<String>,

    /// 列出全部代码 · List every code with its meaning
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: ExplainErrorArgs) -> Result<Exit, Failure> {
    let langs = super::settings::get().langs;
    let pick = |t: &crate::diag::Text| -> String {
        langs
            .iter()
            .map(|l| t.get(*l).to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let content = if args.list {
        catalogue::entries()
            .iter()
            .map(|e| {
                format!(
                    "{:<36} {}\n",
                    e.code,
                    e.meaning.get(super::settings::lang())
                )
            })
            .collect::<String>()
    } else {
        let code = args.code.unwrap_or_default();
        let code = code
            .trim()
            .trim_start_matches("error[")
            .trim_start_matches("warning[")
            .trim_end_matches(']');
        let Some(e) = catalogue::entry(code) else {
            let all = catalogue::entries();
            let near = crate::diag::suggestion(code, all.iter().map(|e| e.code.as_str()));
            return Err(Failure::bad_input(vec![Diagnostic::error(
                "explain::unknown-code",
                text!(
                    format!("没有诊断代码 `{code}`"),
                    format!("there is no diagnostic code `{code}`")
                ),
            )
            .help(near.unwrap_or_else(|| {
                text!(
                    "qaward explain-error --list 列出全部代码。",
                    "qaward explain-error --list lists every code"
                )
            }))]));
        };
        let (what, fix) = match super::settings::lang() {
            Lang::En => ("What it means:", "What to do:"),
            Lang::Zh => ("含义：", "处理办法："),
        };
        format!(
            "{}\n\n{what}\n{}\n\n{fix}\n{}\n",
            e.code,
            pick(&e.meaning),
            pick(&e.remedy)
        )
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}
