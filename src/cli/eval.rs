//! `qaward eval`: read a cohort, choose the policy, evaluate, render.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{output, Choose, Exit, Failure};
use crate::cohort::CohortFile;
use crate::engine::Case;
use crate::policy::store::Store;
use crate::render;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// The ranked shortlist, reasons and summary, for people.
    #[value(name = "text", alias = "table")]
    Table,
    /// The result document of the data contract (qaward.result.v1).
    Json,
    /// The ranking as CSV, UTF-8 with a BOM (opens in Excel in Chinese); a cell that a spreadsheet would run as a formula (=, +, -, @) is written as text.
    Csv,
    /// An Excel workbook: candidates and ranking, conditions with reasons, summary (needs --out).
    Xlsx,
    /// A paper for the committee: one self-contained HTML page with charts, printable on A4.
    Html,
}

#[derive(Args, Debug)]
#[command(after_help = "示例 Examples:
  qaward eval examples/cohort-2024.json
  qaward eval examples/cohort-2024.json --lang en
  qaward eval examples/cohort-2024.json --format json --out result.json
  qaward eval 申报名单.xlsx --format xlsx --out 评定结果.xlsx
  qaward eval cohort.json --policy wuxi-2024 --as-of 2024-09-01
  qaward eval cohort.json --policies ./my-policies --policy wuxi-2024 --ignore-validity")]
pub struct EvalArgs {
    /// 申报名单（JSON、TOML、xlsx 或 csv）· The cohort file: JSON or TOML (contract section 1), or a spreadsheet (.xlsx, .csv; see `qaward template`), e.g. examples/cohort-2024.json
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,

    /// 输出格式 · Output format, e.g. --format json
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    #[command(flatten)]
    pub choose: Choose,

    /// 紧凑 JSON · With --format json: one line, no indentation (smaller and faster for large cohorts; the same document)
    #[arg(long)]
    pub compact: bool,

    /// 余量 · Add a column with each shortlisted applicant's margin: points it can lose keeping its tier, points it needs for the next
    #[arg(long)]
    pub margins: bool,

    /// 台账 · Take each applicant's earlier wins from the ledger (found by the policy's [ledger] identity), for the first-time rule; FILE defaults to $QAWARD_LEDGER, else ledger/qaward.db
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::ledger::DEFAULT_LEDGER)]
    pub ledger: Option<PathBuf>,

    /// 评审员评分 · Make each panel stage's score from the reviewers' scores in this file: JSON, or a workbook's reviewers and score sheets (--reviews alone: the cohort workbook's own); criteria, aggregation and panel size from the policy
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::reviews::THE_COHORT)]
    pub reviews: Option<PathBuf>,

    /// 输出文件 · Write to this file (atomically; never over the cohort, its CSV sibling files or a policy file; a replaced file keeps its permissions) instead of standard output, e.g. --out result.json
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Opens the policy store and the case (cohort + chosen policy, checked) the arguments name.
pub fn prepare(cohort_path: &Path, sel: &Choose) -> Result<(Store, Case), Failure> {
    let store = Store::locate(sel.policies.as_deref())?;
    let case = Case::read(&store, cohort_path, &sel.choice())?;
    Ok((store, case))
}

pub fn run(args: EvalArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let store = Store::locate(args.choose.policies.as_deref())?;
    // The file is kept: the paper names its digest, and each amendment reads it again.
    let file = CohortFile::read(&args.cohort)?;
    let mut case = Case::open_at(&store, &file, &args.choose.choice(), &args.cohort)?;
    super::ledger::with_history(args.ledger.as_deref(), &mut case)?;
    let (read_reviews, panels) =
        super::reviews::applied(args.reviews.as_deref(), &args.cohort, &mut case)?;
    if read_reviews.is_none() {
        case.cohort
            .warnings
            .extend(crate::reviews::unscored(&case.policy, &case.cohort));
    }
    // The JSON writer judges each applicant again as it writes it, so the verdicts need not
    // keep what every clause observed.
    case.options.lean = matches!(args.format, Format::Json);
    let outcome = case.evaluate();
    let mut read = output::read_paths(Some(&args.cohort), Some(&store));
    read.extend(read_reviews.as_ref().map(|r| r.path.clone()));
    let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
    let content = match args.format {
        // The result document is streamed, applicant by applicant, never held whole.
        Format::Json => {
            output::write_with(args.out.as_deref(), &inputs, |w| {
                let reported = read_reviews
                    .as_ref()
                    .zip(panels.as_ref())
                    .map(|(r, p)| r.reported(p, &case.policy, &case.cohort));
                crate::result::write_reviewed(&outcome, lang, args.compact, w, reported.as_ref())
            })
            .map_err(|d| Failure::bad_input(vec![*d]))?;
            return Ok(Exit::Done);
        }
        Format::Csv => render::sheets::csv(&outcome, lang),
        Format::Html => {
            let digest = file.digest().unwrap_or_else(|| "—".to_owned());
            let name = args
                .cohort
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let amended = under_amendments(&store, &case, &file, &outcome);
            let appendix = render::readings::under_amendments_html(&amended, lang);
            let source = render::html::eval::Source {
                cohort_name: &name,
                cohort_digest: &digest,
                appendix: &appendix,
                panels: panels.as_ref(),
                reviews: read_reviews.as_ref(),
            };
            render::html::eval::render(&outcome, &source, lang)
        }
        Format::Xlsx => {
            let Some(out) = args.out.as_deref() else {
                return Err(Failure::bad_input(vec![crate::diag::Diagnostic::error(
                    "output::needs-file",
                    crate::diag::text!(
                        "xlsx 结果须写入文件",
                        "an xlsx result must be written to a file"
                    ),
                )
                .help(crate::diag::text!(
                    "加 --out 文件名，如 --out 评定结果.xlsx。",
                    "add --out FILE, e.g. --out result.xlsx"
                ))]));
            };
            let bytes = render::sheets::xlsx(&outcome, lang).map_err(|e| {
                Failure::bad_input(vec![crate::diag::Diagnostic::error(
                    "output::write-failed",
                    crate::diag::text!(
                        format!("无法生成工作簿：{e}"),
                        format!("cannot make the workbook: {e}")
                    ),
                )])
            })?;
            output::write_bytes(Some(out), &bytes, &inputs)
                .map_err(|d| Failure::bad_input(vec![*d]))?;
            return Ok(Exit::Done);
        }
        Format::Table => {
            let to_terminal = args.out.is_none() && std::io::stdout().is_terminal();
            let text = render::table::render(
                &outcome,
                lang,
                &super::settings::style(to_terminal),
                &store.origin.describe(),
                args.margins,
            );
            let amended = under_amendments(&store, &case, &file, &outcome);
            format!(
                "{text}{}",
                render::readings::under_amendments_text(&amended, lang)
            )
        }
    };
    output::write(args.out.as_deref(), &content, &inputs)
        .map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

/// The amendments of the chosen policy that the policy directory holds, each run on the same
/// cohort: what would change under it (a different reading of an article, say), for the end of
/// the paper. An amendment that cannot be run on this cohort is left out.
fn under_amendments(
    store: &Store,
    case: &crate::engine::Case,
    file: &CohortFile,
    outcome: &crate::eval::Outcome<'_>,
) -> Vec<render::readings::Amended> {
    let id = &case.policy.meta.id;
    let mut out = Vec::new();
    for other in store.policies.keys() {
        let Ok(amendment) = store.load(other) else {
            continue;
        };
        if amendment.meta.extends.as_deref() != Some(id.as_str()) {
            continue;
        }
        let choice = crate::engine::Choice {
            policy: Some(other.clone()),
            as_of: Some(case.reference),
            ignore_validity: true,
        };
        let Ok(theirs) = crate::engine::Case::open(store, file, &choice) else {
            continue;
        };
        let after = theirs.evaluate();
        let c = crate::compare::compare(outcome, &after, id, other);
        let unverified = !amendment.unverified().is_empty();
        let m = &amendment.meta;
        let title = crate::diag::text!(
            format!(
                "{}；自{}起适用{}",
                m.title.zh,
                m.effective.zh(),
                if unverified {
                    "；含未经核实的内容"
                } else {
                    ""
                }
            ),
            format!(
                "{}; applies from {}{}",
                m.title.en,
                m.effective,
                if unverified {
                    "; has unverified content"
                } else {
                    ""
                }
            )
        );
        out.push((other.clone(), title, c));
    }
    out
}
