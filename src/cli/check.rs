//! `qaward check`: every problem in policy files at once — errors and lints apart — for people
//! (rendered with the source line) or for editors and CI (`--format json`, `qaward.check.v1`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{output, Exit, Failure, LangOpt};
use crate::diag::{Diagnostic, Lang, Severity, Style};
use crate::policy::lint::lint;
use crate::policy::load::POLICY_FILE;
use crate::policy::store::{Catalogue, Origin, Store};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Each problem with its source line underlined, for people.
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
    /// 策略编号、策略目录或策略库目录 · Policy ids, policy directories, or directories of policies (default: every policy)
    #[arg(value_name = "POLICY_OR_DIR")]
    pub targets: Vec<String>,

    /// 策略目录 · Where policy ids are looked up, e.g. --policies ./policies
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// 输出格式 · Output format, e.g. --format json
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,

    /// 警告也算失败 · Treat warnings as errors (exit 1 when there are any)
    #[arg(long)]
    pub deny_warnings: bool,

    #[command(flatten)]
    pub lang: LangOpt,
}

/// One policy checked.
struct Checked {
    id: String,
    path: PathBuf,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct Report<'a> {
    format: &'static str,
    errors: usize,
    warnings: usize,
    policies: Vec<PolicyOut<'a>>,
    diagnostics: Vec<DiagnosticOut<'a>>,
}

#[derive(Serialize)]
struct PolicyOut<'a> {
    id: &'a str,
    path: String,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    severity: &'static str,
    code: &'static str,
    policy: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_column: Option<usize>,
    pointer: Option<&'a str>,
    message: TextOut<'a>,
    help: Option<TextOut<'a>>,
}

#[derive(Serialize)]
struct TextOut<'a> {
    zh: &'a str,
    en: &'a str,
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
    let lang = args.lang.get();
    let mut checked: Vec<Checked> = Vec::new();
    for (store, ids) in targets(&args)? {
        let mut loaded = Vec::new();
        for id in ids {
            let path = store
                .policies
                .get(&id)
                .map(|f| f.origin.clone())
                .unwrap_or_default();
            let diagnostics = match store.load(&id) {
                Ok(policy) => {
                    let lints = lint(&policy);
                    loaded.push(policy);
                    lints
                }
                Err(e) => e.problems,
            };
            checked.push(Checked {
                id,
                path,
                diagnostics,
            });
        }
        // Windows are checked among the policies of one directory.
        for d in (Catalogue { policies: loaded }).overlaps() {
            if let Some(c) = checked
                .iter_mut()
                .rev()
                .find(|c| d.file.as_deref().is_some_and(|f| f.starts_with(&c.path)))
            {
                c.diagnostics.push(d);
            }
        }
    }
    for c in &mut checked {
        c.diagnostics.sort_by_key(|d| d.severity);
    }
    let count = |s: Severity| {
        checked
            .iter()
            .flat_map(|c| &c.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let content = match args.format {
        Format::Json => json(&checked, errors, warnings),
        Format::Human => human(
            &checked,
            errors,
            warnings,
            lang,
            &Style::for_stream(std::io::stdout().is_terminal()),
        ),
    };
    output::write(None, &content, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Ok(Exit::Problems)
    } else {
        Ok(Exit::Done)
    }
}

fn human(checked: &[Checked], errors: usize, warnings: usize, lang: Lang, style: &Style) -> String {
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning] {
        for d in checked
            .iter()
            .flat_map(|c| &c.diagnostics)
            .filter(|d| d.severity == severity)
        {
            out.push_str(&d.render(lang, style));
            out.push('\n');
        }
    }
    let ids: Vec<&str> = checked.iter().map(|c| c.id.as_str()).collect();
    out.push_str(&match lang {
        Lang::Zh => format!(
            "检查了 {} 个策略（{}）：{errors} 个错误，{warnings} 个警告\n",
            ids.len(),
            ids.join("、")
        ),
        Lang::En => format!(
            "checked {} polic{} ({}): {errors} error(s), {warnings} warning(s)\n",
            ids.len(),
            if ids.len() == 1 { "y" } else { "ies" },
            ids.join(", ")
        ),
    });
    out
}

fn json(checked: &[Checked], errors: usize, warnings: usize) -> String {
    let report = Report {
        format: "qaward.check.v1",
        errors,
        warnings,
        policies: checked
            .iter()
            .map(|c| PolicyOut {
                id: &c.id,
                path: c.path.display().to_string(),
                errors: c
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count(),
                warnings: c
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count(),
            })
            .collect(),
        diagnostics: checked
            .iter()
            .flat_map(|c| c.diagnostics.iter().map(move |d| (c, d)))
            .map(|(c, d)| DiagnosticOut {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                code: d.code,
                policy: &c.id,
                file: d.file.as_ref().map(|f| f.display().to_string()),
                line: d.location.as_ref().map(|l| l.line),
                column: d.location.as_ref().map(|l| l.column),
                end_column: d.location.as_ref().map(|l| {
                    let len = l.line_text.chars().skip(l.column - 1).scan(0, |bytes, ch| {
                        *bytes += ch.len_utf8();
                        Some(*bytes)
                    });
                    l.column + len.take_while(|b| *b <= l.span.end - l.span.start).count()
                }),
                pointer: d.pointer.as_deref(),
                message: TextOut {
                    zh: &d.message.zh,
                    en: &d.message.en,
                },
                help: d.help.as_ref().map(|h| TextOut {
                    zh: &h.zh,
                    en: &h.en,
                }),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
    s.push('\n');
    s
}
