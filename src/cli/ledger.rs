//! `qaward ledger …`: the award's memory from the command line — record a year's evaluation,
//! propose its candidates, take objections and rule on them, record the approval, pay first
//! wins, revoke, correct, verify and show. Every step is checked against the policy's rules
//! and the ledger as it stands, and writes nothing when refused.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use super::{parse_date, Choose, Exit, Failure};
use crate::cohort::CohortFile;
use crate::date::Date;
use crate::diag::{text, Diagnostic, Lang, Text};
use crate::engine::Case;
use crate::ledger::{decide, Entry, Ledger};
use crate::policy::store::Store;

/// Who wrote an entry, when no one is named and `$USER` is not set.
const UNKNOWN: &str = "unknown";

/// Where the ledger is when neither `--ledger` nor `$QAWARD_LEDGER` says.
pub const DEFAULT_LEDGER: &str = "ledger/qaward.db";

#[derive(Args, Debug)]
#[command(
    after_help = "示例 Examples:\n  qaward ledger record-run 申报名单.xlsx --who 张三\n  qaward ledger propose --year 2024\n  qaward ledger object --year 2024 --applicant WX2024-003 --received 2024-12-05 --text \"反映其隐瞒质量事故\"\n  qaward ledger uphold --objection 3 --date 2024-12-10 --reason \"经核实属实\"\n  qaward ledger approve --year 2024 --document 锡政发〔2024〕99号 --date 2024-12-20\n  qaward ledger pay --year 2024 --date 2024-12-30\n  qaward ledger revoke --applicant 91320200700000003X --year 2024 --ground fraud --date 2025-05-10 --document 锡政发〔2025〕5号 --reason \"申报材料造假\"\n  qaward ledger void 12 --reason \"金额录错\"\n  qaward ledger verify --last 0472e073…\n  qaward ledger show --year 2024 --format html --out 2024年度决定记录.html"
)]
pub struct LedgerArgs {
    /// 台账文件 · The ledger file (default: $QAWARD_LEDGER, else ledger/qaward.db beside the policies directory)
    #[arg(long, value_name = "FILE", global = true)]
    pub ledger: Option<PathBuf>,

    /// 记录人 · Who is writing (default: $USER)
    #[arg(long, value_name = "NAME", global = true)]
    pub who: Option<String>,

    /// 等待秒数 · How long to wait for another writer to finish, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 10, global = true)]
    pub wait: u64,

    /// 规则目录 · Directory of policies (default: $QAWARD_POLICIES, else ./policies, else the copy built in)
    #[arg(long, value_name = "DIR", global = true)]
    pub policies: Option<PathBuf>,

    /// 奖项 · The award (a policy family), when the ledger holds several
    #[arg(long, value_name = "FAMILY", global = true)]
    pub award: Option<String>,

    #[command(subcommand)]
    pub step: Step,
}

#[derive(Subcommand, Debug)]
pub enum Step {
    /// 记录评定 · Evaluate a cohort (earlier wins taken from the ledger) and record the receipt and result
    RecordRun(RecordRunArgs),
    /// 提出候选名单 · The year's candidates, from its latest recorded evaluation
    Propose(ProposeArgs),
    /// 公示异议 · An objection received during the public notice
    Object(ObjectArgs),
    /// 异议成立 · Rule an objection well-founded: the candidate is not put forward
    Uphold(RulingArgs),
    /// 异议不成立 · Rule an objection unfounded
    Dismiss(RulingArgs),
    /// 批准 · The approving body's list, with its document number and date
    Approve(ApproveArgs),
    /// 发放奖金 · Pay the year's first-time winners the policy's amounts
    Pay(PayArgs),
    /// 撤销 · Revoke a win on one of the policy's grounds
    Revoke(RevokeArgs),
    /// 更正作废 · Void an entry (a new entry; nothing is deleted)
    Void(VoidArgs),
    /// 核验 · Check the chain of entries for any edit made outside qaward
    Verify(VerifyArgs),
    /// 查看 · The entries, or one year's decisions
    Show(ShowArgs),
}

#[derive(Args, Debug)]
pub struct RecordRunArgs {
    /// 申报名单 · The cohort file, e.g. examples/cohort-2024.json
    #[arg(value_name = "COHORT")]
    pub cohort: PathBuf,
    /// 按编号选规则版本 · Use the policy with this id (default: the one in force on the reference date)
    #[arg(long, value_name = "ID")]
    pub policy: Option<String>,
    /// 参考日期 · Reference date for choosing the policy (default: the cycle's application deadline)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// 评审员评分 · Make the panel stages' scores from the reviewers' scores in this file, as eval --reviews does (--reviews alone: the cohort workbook's own); its digest is recorded with the run
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = super::reviews::THE_COHORT)]
    pub reviews: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ProposeArgs {
    /// 年度 · The award cycle, e.g. --year 2024
    #[arg(long)]
    pub year: i32,
    /// 公示开始日 · The notice's first day (default: the cohort's cycle.publicity_start)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub publicity_start: Option<Date>,
    /// 不列入 · Leave this applicant (credit code or application id) off the list; give a --reason for each
    #[arg(long, value_name = "ID")]
    pub leave_out: Vec<String>,
    /// 理由 · The reason for each --leave-out, in order
    #[arg(long, value_name = "TEXT")]
    pub reason: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ObjectArgs {
    /// 年度 · The award cycle
    #[arg(long)]
    pub year: i32,
    /// 被异议者 · The candidate (credit code or application id)
    #[arg(long, value_name = "ID")]
    pub applicant: String,
    /// 收到日期 · The day the objection was received
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub received: Date,
    /// 异议内容 · What it says
    #[arg(long, value_name = "TEXT")]
    pub text: String,
}

#[derive(Args, Debug)]
pub struct RulingArgs {
    /// 异议编号 · The objection's entry number (qaward ledger show lists them)
    #[arg(long, value_name = "N")]
    pub objection: i64,
    /// 认定日期 · The day of the ruling
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Date,
    /// 理由 · Why
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Args, Debug)]
pub struct ApproveArgs {
    /// 年度 · The award cycle
    #[arg(long)]
    pub year: i32,
    /// 批准文件文号 · The approving document's number
    #[arg(long, value_name = "NUMBER")]
    pub document: String,
    /// 批准日期 · Its date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Date,
    /// 只批准 · Approve only these candidates (default: every candidate without an upheld objection)
    #[arg(long, value_name = "ID")]
    pub applicant: Vec<String>,
    /// 强制批准 · Approve this one against the rules (not a candidate, or an objection upheld); give a --reason for each
    #[arg(long, value_name = "ID")]
    pub force: Vec<String>,
    /// 理由 · The reason for each --force, in order
    #[arg(long, value_name = "TEXT")]
    pub reason: Vec<String>,
}

#[derive(Args, Debug)]
pub struct PayArgs {
    /// 年度 · The award cycle
    #[arg(long)]
    pub year: i32,
    /// 发放日期 · The day paid
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Date,
}

#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// 被撤销者 · The winner (credit code or that year's application id)
    #[arg(long, value_name = "ID")]
    pub applicant: String,
    /// 获奖年度 · The year of the win
    #[arg(long)]
    pub year: i32,
    /// 撤销事由 · The ground, as the policy names it (e.g. fraud, incident)
    #[arg(long, value_name = "GROUND")]
    pub ground: String,
    /// 撤销日期 · The day of the decision
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Date,
    /// 撤销文件文号 · The decision's document number
    #[arg(long, value_name = "NUMBER")]
    pub document: String,
    /// 查实的事实 · What was found, in the decision's words
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Args, Debug)]
pub struct VoidArgs {
    /// 记录编号 · The entry to void
    #[arg(value_name = "N")]
    pub seq: i64,
    /// 理由 · Why
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// 链尾哈希 · A last hash noted earlier (each paper prints one): entries removed from the end since are found too
    #[arg(long, value_name = "HASH")]
    pub last: Option<String>,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// 年度 · Only this award cycle
    #[arg(long)]
    pub year: Option<i32>,
    /// 输出格式 · Output format: html is a year's decisions as a paper (needs --year)
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
    /// 输出文件 · Write to this file (atomically; never over the ledger) instead of standard output; needed for xlsx
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ShowFormat {
    /// 文字 · Text
    Text,
    /// JSON: every entry with its facts
    Json,
    /// CSV: every entry in a row (UTF-8 with a BOM, for Excel)
    Csv,
    /// Excel 工作簿 · A workbook of the entries
    Xlsx,
    /// 年度决定记录 · A year's decisions as a paper to print (A4)
    Html,
}

/// `--ledger [FILE]` of `eval` and `explain`: each applicant's earlier wins from the ledger
/// (opened to read only), put into the case's cohort before it is evaluated.
pub fn with_history(flag: Option<&Path>, case: &mut Case) -> Result<(), Failure> {
    let Some(flag) = flag else {
        return Ok(());
    };
    // `--ledger` alone: $QAWARD_LEDGER, else the default place.
    let given = Some(flag).filter(|p| *p != Path::new(DEFAULT_LEDGER));
    let ledger = Ledger::open_read(&ledger_path(given))?;
    decide::rules(&case.policy)?;
    crate::ledger::history::fill(&mut case.cohort, &case.policy, &ledger.entries()?);
    Ok(())
}

/// The ledger's path: the flag, else `$QAWARD_LEDGER`, else `ledger/qaward.db`.
pub fn ledger_path(flag: Option<&Path>) -> PathBuf {
    flag.map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os("QAWARD_LEDGER")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from(DEFAULT_LEDGER))
}

pub fn run(args: LedgerArgs) -> Result<Exit, Failure> {
    let lang = super::settings::lang();
    let path = ledger_path(args.ledger.as_deref());
    let wait = Duration::from_secs(args.wait);
    let who = args
        .who
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .filter(|w| !w.trim().is_empty())
        .unwrap_or_else(|| UNKNOWN.to_owned());
    match &args.step {
        Step::RecordRun(r) => record_run(&args, r, &path, wait, &who, lang),
        Step::Verify(v) => verify(&path, v.last.as_deref(), lang),
        Step::Show(s) => show(&args, s, &path, lang),
        Step::Void(v) => {
            let mut ledger = Ledger::open(&path, false, wait)?;
            let written = ledger.write(&who, |e| decide::void(e, v.seq, &v.reason))?;
            emit(&said(&written, lang))
        }
        step => decision(&args, step, &path, wait, &who, lang),
    }
}

fn record_run(
    args: &LedgerArgs,
    r: &RecordRunArgs,
    path: &Path,
    wait: Duration,
    who: &str,
    lang: Lang,
) -> Result<Exit, Failure> {
    let choose = Choose {
        policy: r.policy.clone(),
        policies: args.policies.clone(),
        as_of: r.as_of,
        ignore_validity: false,
    };
    let store = Store::locate(choose.policies.as_deref())?;
    let file = CohortFile::read(&r.cohort)?;
    let mut case = Case::open_at(&store, &file, &choose.choice(), &r.cohort)?;
    decide::rules(&case.policy)?;
    // Earlier wins come from the ledger, so the first-time rule needs no typing. A ledger is
    // made only when the run is written: a refused run leaves no file behind.
    let new_ledger = !path.exists();
    let earlier = if new_ledger {
        Vec::new()
    } else {
        Ledger::open(path, false, wait)?.entries()?
    };
    let (refused, mut notes) =
        crate::ledger::receipt::check_identities(&case.cohort, &case.policy, &earlier);
    if !refused.is_empty() {
        return Err(Failure::bad_input(refused));
    }
    crate::ledger::history::fill(&mut case.cohort, &case.policy, &earlier);
    let reviews = super::reviews::path(r.reviews.as_deref(), &r.cohort)
        .map(|p| crate::reviews::Reviews::read(&p, &case.policy))
        .transpose()?;
    let panels = match &reviews {
        Some(r) => Some(r.apply(&case.policy, &mut case.cohort, &[])?),
        None => None,
    };
    let outcome = case.evaluate();
    let mut bytes = Vec::new();
    let reported = reviews
        .as_ref()
        .zip(panels.as_ref())
        .map(|(r, p)| r.reported(p, &case.policy, &case.cohort));
    crate::result::write_reviewed(&outcome, lang, false, &mut bytes, reported.as_ref()).map_err(
        |e| {
            Failure::bad_input(vec![Diagnostic::error(
                "output::write-failed",
                text!(
                    format!("无法生成评定结果：{e}"),
                    format!("cannot make the result: {e}")
                ),
            )])
        },
    )?;
    let result = String::from_utf8_lossy(&bytes).into_owned();
    let receipt = crate::ledger::receipt::receipt(
        &case,
        &outcome,
        &file,
        &r.cohort,
        &result,
        reviews.as_ref(),
    );
    let unidentified = receipt.unidentified.clone();
    let year = case.cohort.cycle.year;
    let entry = decide::run_entry(&case.policy, year, receipt, result);
    let mut ledger = Ledger::open(path, true, wait)?;
    let written = ledger.write(who, |now| {
        // The history the run used must still be the ledger's.
        if now.len() != earlier.len() {
            return Err(crate::error::Error::one(
                Diagnostic::error(
                    "ledger::busy",
                    text!(
                        "评定期间另一位同事写入了台账；本次未记录，以免用了过时的获奖经历",
                        "someone wrote to the ledger while this evaluation ran; nothing was recorded, so no stale history is kept"
                    ),
                )
                .help(text!("重新运行此命令。", "run the command again")),
            ));
        }
        Ok(vec![entry])
    })?;
    let warn = |code, t: Text| Diagnostic::warning(code, t);
    notes.extend(
        outcome
            .warnings
            .iter()
            .map(|w| warn("ledger::run-warning", w.clone())),
    );
    if !unidentified.is_empty() {
        let title = case
            .policy
            .ledger
            .as_ref()
            .and_then(|l| case.policy.model.field(&l.identity))
            .map_or_else(|| text!("", ""), |(_, f)| f.title.clone());
        notes.push(warn(
            "ledger::unidentified",
            text!(
                format!(
                    "{} 个获评者没有填写{}，提出候选名单前须补填：{}",
                    unidentified.len(),
                    title.zh,
                    unidentified.join("、")
                ),
                format!(
                    "{} placed applicant(s) have no {}; fill it in before proposing: {}",
                    unidentified.len(),
                    title.en,
                    unidentified.join(", ")
                )
            ),
        ));
    }
    if new_ledger {
        notes.push(warn(
            "ledger::created",
            text!(
                format!(
                    "新建台账 {}：此前没有台账，名单中未填写的以往获奖不会被查到",
                    path.display()
                ),
                format!(
                    "created the ledger {}: there was none, so no earlier win was found in it",
                    path.display()
                )
            ),
        ));
    }
    if let Some((a, _)) =
        crate::ledger::book::Book::of(&case.policy.meta.family, &earlier).approval(year)
    {
        notes.push(warn(
            "ledger::approved",
            text!(
                format!("{year} 年度已记录批准（台账第 {} 条）；这次评定只作记录，不改变已记录的决定", a.seq),
                format!("the approval of {year} is already recorded (entry {}); this evaluation is kept but changes no decision recorded", a.seq)
            ),
        ));
    }
    if who == UNKNOWN {
        notes.push(warn(
            "ledger::who",
            text!(
                "未能确定记录人，记为 unknown；用 --who 姓名 写明",
                "the writer is not known and is recorded as unknown; say who with --who NAME"
            ),
        ));
    }
    super::report(&notes);
    emit(&said(&written, lang))
}

/// The steps decided against a year's policy: propose, object, rule, approve, pay, revoke.
fn decision(
    args: &LedgerArgs,
    step: &Step,
    path: &Path,
    wait: Duration,
    who: &str,
    lang: Lang,
) -> Result<Exit, Failure> {
    let store = Store::locate(args.policies.as_deref())?;
    let mut ledger = Ledger::open(path, false, wait)?;
    let entries = ledger.entries()?;
    let award = crate::ledger::choose::award_of(args.award.as_deref(), &entries)?;
    let pairs = |ids: &[String], reasons: &[String], flag: &str| {
        if ids.len() == reasons.len() {
            Ok(ids
                .iter()
                .cloned()
                .zip(reasons.iter().cloned())
                .collect::<Vec<_>>())
        } else {
            Err(Failure::bad_input(vec![Diagnostic::error(
                "ledger::reason-missing",
                text!(
                    format!(
                        "每个 --{flag} 须有一个 --reason（{} 个 --{flag}，{} 个 --reason）",
                        ids.len(),
                        reasons.len()
                    ),
                    format!(
                        "each --{flag} needs its --reason ({} --{flag}, {} --reason)",
                        ids.len(),
                        reasons.len()
                    )
                ),
            )
            .help(text!(
                format!("按顺序成对写出：--{flag} 编号 --reason 理由"),
                format!("give them in pairs, in order: --{flag} ID --reason WHY")
            ))]))
        }
    };
    // The year whose policy decides, and the rule that makes the entries.
    let year = match step {
        Step::Propose(a) => a.year,
        Step::Object(a) => a.year,
        Step::Approve(a) => a.year,
        Step::Pay(a) => a.year,
        Step::Revoke(a) => a.year,
        Step::Uphold(a) | Step::Dismiss(a) => entries
            .iter()
            .find(|e| e.seq == a.objection && e.is(crate::ledger::entry::Kind::Object))
            .map(|e| e.year)
            .ok_or_else(|| {
                decide::unknown_entry(&entries, a.objection, crate::ledger::entry::Kind::Object)
            })?,
        _ => 0,
    };
    let policy = crate::ledger::choose::policy_of(&store, &entries, &award, year)?;
    if let Some(l) = &policy.ledger {
        if !l.provenance.verified {
            eprintln!(
                "{}",
                text!(
                    format!(
                        "注意：规则版本 {} 的 [ledger] 未经核实（{}）",
                        policy.meta.id,
                        l.provenance.source.as_deref().unwrap_or("")
                    ),
                    format!(
                        "note: the [ledger] of {} is unverified ({})",
                        policy.meta.id,
                        l.provenance.source.as_deref().unwrap_or("")
                    )
                )
                .get(lang)
            );
        }
    }
    let mut notes = Vec::new();
    // Proposing from a provisional result is allowed, and said.
    if let Step::Propose(a) = step {
        if let Some((e, run)) = crate::ledger::book::Book::of(&award, &entries).run(a.year) {
            if run.provisional {
                super::report(&[Diagnostic::warning(
                    "ledger::provisional",
                    text!(
                        format!("所据评定（台账第 {} 条）为暂定结果：数据或得分补全后，入围和获评者可能变化", e.seq),
                        format!("the evaluation proposed from (entry {}) is provisional: once data or scores are complete, who is shortlisted or placed may change", e.seq)
                    ),
                )
                .help(text!(
                    "补全数据后重新 record-run，再作废并重提候选名单；或在评委会知情的情况下照此提出。",
                    "complete the data, record-run again, then void and propose again; or propose as it is with the committee aware"
                ))]);
            }
        }
    }
    let written = match step {
        Step::Propose(a) => {
            let left = pairs(&a.leave_out, &a.reason, "leave-out")?;
            ledger.write(who, |e| {
                decide::propose(e, &policy, a.year, a.publicity_start, &left)
            })?
        }
        Step::Object(a) => ledger.write(who, |e| {
            decide::object(e, &policy, a.year, &a.applicant, a.received, &a.text)
        })?,
        Step::Uphold(a) => ledger.write(who, |e| {
            decide::rule(e, &policy, a.objection, true, a.date, &a.reason)
        })?,
        Step::Dismiss(a) => ledger.write(who, |e| {
            decide::rule(e, &policy, a.objection, false, a.date, &a.reason)
        })?,
        Step::Approve(a) => {
            let forced = pairs(&a.force, &a.reason, "force")?;
            ledger.write(who, |e| {
                decide::approve(
                    e,
                    &policy,
                    a.year,
                    &a.document,
                    a.date,
                    &a.applicant,
                    &forced,
                )
            })?
        }
        Step::Pay(a) => ledger.write(who, |e| {
            let (new, n) = decide::pay(e, &policy, a.year, a.date)?;
            notes = n;
            Ok(new)
        })?,
        Step::Revoke(a) => ledger.write(who, |e| {
            decide::revoke(
                e,
                &policy,
                &a.applicant,
                a.year,
                &a.ground,
                a.date,
                &a.document,
                &a.reason,
            )
        })?,
        _ => Vec::new(),
    };
    let mut out = String::new();
    for n in &notes {
        let name = n.placed.name.as_deref().unwrap_or(&n.placed.identity);
        let line = match &n.outcome {
            Ok((amount, currency)) => text!(
                format!(
                    "{name}：发放 {}",
                    crate::words::amount(*amount, currency, Lang::Zh)
                ),
                format!(
                    "{name}: paid {}",
                    crate::words::amount(*amount, currency, Lang::En)
                )
            ),
            Err(why) => text!(
                format!("{name}：不发放——{}", why.zh),
                format!("{name}: not paid — {}", why.en)
            ),
        };
        out.push_str(line.get(lang));
        out.push('\n');
    }
    out.push_str(&said(&written, lang));
    emit(&out)
}

/// What was written, a line per entry.
fn said(written: &[Entry], lang: Lang) -> String {
    if written.is_empty() {
        let line = text!(
            "台账未改动：没有需要记录的内容",
            "the ledger is unchanged: nothing to record"
        );
        return format!("{}\n", line.get(lang));
    }
    let mut out = String::new();
    for e in written {
        let kind = e
            .kind
            .as_ref()
            .map_or_else(|k| text!(k.clone(), k.clone()), |k| k.title());
        let about = e
            .applicant
            .as_deref()
            .map(|a| format!(" · {a}"))
            .unwrap_or_default();
        let line = text!(
            format!(
                "已记入台账第 {} 条：{} {}年度{about}",
                e.seq, kind.zh, e.year
            ),
            format!(
                "recorded as entry {}: {} of {}{about}",
                e.seq, kind.en, e.year
            )
        );
        out.push_str(line.get(lang));
        out.push('\n');
    }
    out
}

/// Writes `text` to standard output (a closed pipe is the reader's choice, not a failure).
fn emit(text: &str) -> Result<Exit, Failure> {
    super::output::write(None, text, &[]).map_err(|d| Failure::bad_input(vec![*d]))?;
    Ok(Exit::Done)
}

fn verify(path: &Path, last: Option<&str>, lang: Lang) -> Result<Exit, Failure> {
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

fn show(args: &LedgerArgs, s: &ShowArgs, path: &Path, lang: Lang) -> Result<Exit, Failure> {
    let ledger = Ledger::open_read(path)?;
    let entries = ledger.entries()?;
    let chosen: Vec<&Entry> = entries
        .iter()
        .filter(|e| s.year.is_none_or(|y| e.year == y))
        .filter(|e| args.award.as_ref().is_none_or(|a| &e.award == a))
        .collect();
    let inputs = [path];
    let write = |bytes: &[u8]| -> Result<Exit, Failure> {
        super::output::write_bytes(s.out.as_deref(), bytes, &inputs)
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
