//! `ledger verify` and `ledger show`: the chain checked, and the entries or a year's paper.

use std::path::Path;

use super::args::*;
use super::out::*;
use crate::cli::{Exit, Failure};
use crate::diag::{text, Diagnostic, Lang};
use crate::ledger::{Entry, Ledger};
use crate::policy::store::Store;

pub(super) fn verify(path: &Path, last: Option<&str>, lang: Lang) -> Result<Exit, Failure> {
    let ledger = Ledger::open_read(path)?;
    let entries = ledger.entries()?;
    let results = ledger.results()?;
    let mut broken = crate::ledger::verify::verify(&entries, &results);
    if let Some(noted) = last.map(str::trim) {
        broken.extend(crate::ledger::verify::still_there(&entries, noted));
    }
    if broken.is_empty() {
        let last = entries.last().map_or("—", |e| e.hash.as_str());
        let line = text!(
            format!("台账完好：{} 条记录，链尾哈希 {last}", entries.len()),
            format!(
                "the ledger holds: {} entries, last hash {last}",
                entries.len()
            )
        );
        return emit(&format!("{}\n", line.get(lang)));
    }
    let problems = broken
        .into_iter()
        .map(|b| {
            Diagnostic::error(
                "ledger::tampered",
                text!(
                    format!("第 {} 条：{}", b.seq, b.what.zh),
                    format!("entry {}: {}", b.seq, b.what.en)
                ),
            )
            .in_file(path)
            .help(text!(
                "台账在 qaward 之外被改动；从备份恢复，并查明改动的来源。",
                "the ledger was changed outside qaward; restore it from a backup and find out who changed it"
            ))
        })
        .collect();
    Err(Failure {
        exit: Exit::Problems,
        problems,
    })
}

pub(super) fn show(
    args: &LedgerArgs,
    s: &ShowArgs,
    path: &Path,
    lang: Lang,
) -> Result<Exit, Failure> {
    let ledger = Ledger::open_read(path)?;
    let entries = ledger.entries()?;
    let chosen: Vec<&Entry> = entries
        .iter()
        .filter(|e| s.year.is_none_or(|y| e.year == y))
        .filter(|e| args.award.as_ref().is_none_or(|a| &e.award == a))
        .collect();
    let inputs = [path];
    let write = |bytes: &[u8]| -> Result<Exit, Failure> {
        crate::cli::output::write_bytes(s.out.as_deref(), bytes, &inputs)
            .map_err(|d| Failure::bad_input(vec![*d]))?;
        Ok(Exit::Done)
    };
    match s.format {
        ShowFormat::Json => write(crate::render::ledger::json(&chosen).as_bytes()),
        ShowFormat::Text => {
            write(crate::render::ledger::text(&entries, &chosen, s.year, lang).as_bytes())
        }
        ShowFormat::Csv => write(crate::render::ledger::csv(&entries, &chosen, lang).as_bytes()),
        ShowFormat::Xlsx => {
            if s.out.is_none() {
                return Err(Failure::bad_input(vec![Diagnostic::error(
                    "output::needs-file",
                    text!(
                        "xlsx 须写入文件",
                        "an xlsx workbook must be written to a file"
                    ),
                )
                .help(text!(
                    "加 --out 文件名，如 --out 台账.xlsx。",
                    "add --out FILE, e.g. --out ledger.xlsx"
                ))]));
            }
            let bytes = crate::render::ledger::xlsx(&entries, &chosen, lang).map_err(|e| {
                Failure::bad_input(vec![Diagnostic::error(
                    "output::write-failed",
                    text!(
                        format!("无法生成工作簿：{e}"),
                        format!("cannot make the workbook: {e}")
                    ),
                )])
            })?;
            write(&bytes)
        }
        ShowFormat::Html => {
            let Some(year) = s.year else {
                return Err(Failure::bad_input(vec![Diagnostic::error(
                    "ledger::no-year",
                    text!(
                        "年度决定记录须指明年度",
                        "the paper of a year's decisions needs the year"
                    ),
                )
                .help(text!(
                    "加 --year 年度，如 --year 2024。",
                    "add --year YEAR, e.g. --year 2024"
                ))]));
            };
            let store = Store::locate(args.policies.as_deref())?;
            let award = crate::ledger::choose::award_of(args.award.as_deref(), &entries)?;
            let policy = crate::ledger::choose::policy_of(&store, &entries, &award, year)?;
            let results = ledger.results()?;
            let intact = crate::ledger::verify::verify(&entries, &results).is_empty();
            let shown = path.display().to_string();
            let source = crate::render::html::ledger::Source {
                ledger: &shown,
                last_hash: entries.last().map_or("—", |e| e.hash.as_str()),
                intact,
            };
            let html = crate::render::html::ledger::year(&entries, &policy, year, &source, lang);
            write(html.as_bytes())
        }
    }
}
