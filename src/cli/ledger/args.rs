//! The arguments of `qaward ledger` and of each of its steps.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::cli::parse_date;
use crate::date::Date;

/// Who wrote an entry, when no one is named and `$USER` is not set.
pub(super) const UNKNOWN: &str = "unknown";

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
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = crate::cli::reviews::THE_COHORT)]
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
