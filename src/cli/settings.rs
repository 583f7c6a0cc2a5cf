//! The options every command shares — `--lang`, `--quiet`, `--color` — and `--policies` /
//! `--as-of` written before the command. They are read once, in `main`, and kept for the run.

use std::path::PathBuf;
use std::sync::OnceLock;

use clap::{Args, ValueEnum};

use crate::date::Date;
use crate::diag::{Lang, Style};

/// Output language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
    /// 中文输出，提示中英对照 · Chinese output, messages in both languages
    Both,
}

/// When to colour what is written to a terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set
    #[default]
    Auto,
    /// Always, even into a file or a pipe
    Always,
    /// Never
    Never,
}

/// The options before (or after) any command.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// 语言 · Language of the output and messages: zh, en, or both (Chinese output, messages in both), e.g. --lang en (default: zh, or $QAWARD_LANG)
    #[arg(long, value_enum, env = "QAWARD_LANG", global = true)]
    pub lang: Option<LangArg>,

    /// 安静 · Print errors only: no warnings, progress bars or "wrote …" confirmations (the output asked for is still written)
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// 颜色 · Colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        global = true,
        default_value = "auto"
    )]
    pub color: ColorWhen,

    /// 规则目录（写在命令前）· Directory of policies, for the command that follows, e.g. qaward --policies ./policies eval …
    #[arg(long = "policies", id = "global_policies", value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 参考日期（写在命令前）· Reference date, for the command that follows, e.g. qaward --as-of 2024-09-01 eval …
    #[arg(long = "as-of", id = "global_as_of", value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<Date>,
}

/// What the shared options decide for this run.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The language of the output.
    pub lang: Lang,
    /// The languages of messages (diagnostics), first one first.
    pub langs: &'static [Lang],
    pub quiet: bool,
    pub color: ColorWhen,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: Lang::Zh,
            langs: &[Lang::Zh],
            quiet: false,
            color: ColorWhen::Auto,
        }
    }
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// The message languages `--lang` (or `QAWARD_LANG`) names on this process's command line,
/// for the errors clap reports while it is still parsing.
pub fn langs_on_command_line() -> &'static [Lang] {
    let args: Vec<String> = std::env::args().collect();
    let given = args
        .iter()
        .enumerate()
        .filter_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => None,
        })
        .next_back()
        .or_else(|| std::env::var("QAWARD_LANG").ok());
    let arg = given.and_then(|g| LangArg::from_str(&g, false).ok());
    languages(arg).1
}

/// The output language and the message languages `--lang` names (Chinese when it names none).
fn languages(arg: Option<LangArg>) -> (Lang, &'static [Lang]) {
    match arg {
        None | Some(LangArg::Zh) => (Lang::Zh, &[Lang::Zh]),
        Some(LangArg::En) => (Lang::En, &[Lang::En]),
        Some(LangArg::Both) => (Lang::Zh, &[Lang::Zh, Lang::En]),
    }
}

/// Keeps the settings of `global` for the run.
pub fn set(global: &Global) {
    let (lang, langs) = languages(global.lang);
    let _ = SETTINGS.set(Settings {
        lang,
        langs,
        quiet: global.quiet,
        color: global.color,
    });
}

/// The run's settings (the defaults before [`set`]).
pub fn get() -> Settings {
    SETTINGS.get().copied().unwrap_or_default()
}

/// The language of the output.
pub fn lang() -> Lang {
    get().lang
}

/// The styles for a stream, by `--color` and whether it is a terminal.
pub fn style(is_terminal: bool) -> Style {
    match get().color {
        ColorWhen::Always => Style::ansi(),
        ColorWhen::Never => Style::plain(),
        ColorWhen::Auto => Style::for_stream(is_terminal),
    }
}
