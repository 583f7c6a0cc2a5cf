//! The rules a policy's procedure numbers obey — stage weights, the standard's total, the
//! shortlist size, tier quotas, thresholds and amounts, the days of public notice — written
//! once. Loading a file, a what-if `--set` (through the same loading) and a sweep's fast
//! variant are all checked here, so the three accept and refuse exactly the same values, with
//! the same codes and words.

use rust_decimal::Decimal;

use super::Policy;
use crate::diag::text;
use crate::diag::Text;

/// Bounds that keep every sum of scores and payouts far inside `Decimal`'s range, so that
/// evaluation never overflows whatever the cohort holds.
pub(crate) const MAX_TOTAL: i64 = 1_000_000_000;
/// The largest amount a tier may pay, in the policy's currency.
pub(crate) const MAX_AMOUNT: i64 = 1_000_000_000_000_000;
/// The largest quota or shortlist size.
pub(crate) const MAX_COUNT: u32 = 1_000_000;
/// The longest public notice, in days (ten years).
pub(crate) const MAX_NOTICE_DAYS: u32 = 3650;

/// A broken rule: its code, the value it concerns (a JSON pointer into the policy document)
/// and what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub code: &'static str,
    pub pointer: String,
    pub message: Text,
    pub help: Text,
}

fn problem(code: &'static str, pointer: String, message: Text, help: Text) -> Problem {
    Problem {
        code,
        pointer,
        message,
        help,
    }
}

/// What a whole number counts, for its bounds and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    /// A tier's places: 0 (vacant) up to [`MAX_COUNT`].
    Quota,
    /// The shortlist's size: 1 up to [`MAX_COUNT`].
    ShortlistSize,
    /// The public notice: 1 up to [`MAX_NOTICE_DAYS`] days.
    NoticeDays,
}

impl Count {
    fn bounds(self) -> (u32, u32) {
        match self {
            Count::Quota => (0, MAX_COUNT),
            Count::ShortlistSize => (1, MAX_COUNT),
            Count::NoticeDays => (1, MAX_NOTICE_DAYS),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Count::Quota => "policy::negative-quota",
            Count::ShortlistSize | Count::NoticeDays => "policy::bad-value",
        }
    }

    fn name(self) -> Text {
        match self {
            Count::Quota => text!("名额", "quota"),
            Count::ShortlistSize => text!("入围名额", "shortlist size"),
            Count::NoticeDays => text!("公示天数", "publicity days"),
        }
    }
}

/// Reads a whole number within `what`'s bounds; `value` may come from a file (an integer) or a
/// sweep (a decimal).
pub(crate) fn count(value: Decimal, pointer: &str, what: Count) -> Result<u32, Box<Problem>> {
    let (low, high) = what.bounds();
    let name = what.name();
    let fits =
        value.fract().is_zero() && value >= Decimal::from(low) && value <= Decimal::from(high);
    if fits {
        if let Ok(n) = u32::try_from(value.trunc().mantissa() / 10i128.pow(value.scale())) {
            return Ok(n);
        }
    }
    let why = if value < Decimal::ZERO {
        text!("不能为负", "it cannot be negative")
    } else if !value.fract().is_zero() {
        text!("须为整数", "it must be a whole number")
    } else {
        text!(
            format!("须在 {low} 至 {high} 之间"),
            format!("it must be from {low} to {high}")
        )
    };
    Err(Box::new(problem(
        what.code(),
        pointer.to_owned(),
        text!(
            format!("{} {value} 无效，{}", name.zh, why.zh),
            format!("{} {value} is not valid; {}", name.en, why.en)
        ),
        text!(
            format!("{}为 {low} 至 {high} 的整数。", name.zh),
            format!("a {} is a whole number from {low} to {high}", name.en)
        ),
    )))
}

/// Every rule on the procedure's decimal numbers of a built policy, each broken one reported
/// at the value it concerns. (Whole numbers — quotas, the shortlist size, the notice days —
/// are checked by [`count`] as they are read, from a file or a sweep alike.)
pub(crate) fn procedure(policy: &Policy) -> Vec<Problem> {
    let mut out = Vec::new();
    let total = policy.scoring.total;
    if total <= Decimal::ZERO || total > Decimal::from(MAX_TOTAL) {
        out.push(problem(
            "policy::bad-value",
            "/scoring/total".into(),
            text!(
                format!("标准总分 {total} 不在 (0, {MAX_TOTAL}] 之内"),
                format!("the standard's total {total} is outside (0, {MAX_TOTAL}]")
            ),
            text!(
                "总分是评定标准的满分，为正数。",
                "the total is the full mark of the evaluation standard, a positive number"
            ),
        ));
    }
    for (i, s) in policy.stages.iter().enumerate() {
        if s.weight < Decimal::ZERO || s.weight > Decimal::ONE {
            out.push(problem(
                "policy::bad-value",
                format!("/stages/{i}/weight"),
                text!(
                    format!("权重 {} 不在 0 与 1 之间", s.weight),
                    format!("weight {} is not between 0 and 1", s.weight)
                ),
                text!(
                    "权重写作小数，如 0.30 表示 30%。",
                    "write a weight as a decimal share, e.g. 0.30 for 30%"
                ),
            ));
        }
    }
    // A sum past Decimal's range is out of range anyway, and said so above.
    let sum = policy
        .stages
        .iter()
        .try_fold(Decimal::ZERO, |a, s| a.checked_add(s.weight));
    if let Some(sum) = sum.filter(|s| *s != Decimal::ONE) {
        let listing = policy
            .stages
            .iter()
            .map(|s| format!("{} {}", s.id, s.weight))
            .collect::<Vec<_>>()
            .join(" + ");
        out.push(problem(
            "policy::weights-sum",
            "/stages".into(),
            text!(
                format!("各阶段权重之和须恰好为 1：{listing} = {sum}"),
                format!("the stage weights must sum to exactly 1: {listing} = {sum}")
            ),
            text!(
                "调整权重，使其相加等于 1。",
                "adjust the weights so they add up to 1"
            ),
        ));
    }
    for (i, t) in policy.tiers.iter().enumerate() {
        if t.threshold < Decimal::ZERO || t.threshold > Decimal::ONE {
            out.push(problem(
                "policy::threshold-range",
                format!("/tiers/{i}/threshold"),
                text!(
                    format!("得分要求 {} 不在 [0, 1] 之内", t.threshold),
                    format!("threshold {} is outside [0, 1]", t.threshold)
                ),
                text!(
                    "得分要求是标准总分的比例，如 0.60 表示 60%；0 表示不设分数要求。",
                    "a threshold is a share of the standard's total, e.g. 0.60 for 60%; 0 sets no threshold"
                ),
            ));
        }
        if t.amount < Decimal::ZERO || t.amount > Decimal::from(MAX_AMOUNT) {
            out.push(problem(
                "policy::bad-value",
                format!("/tiers/{i}/amount"),
                text!(
                    format!("奖励金额 {} 不在 0 至 {MAX_AMOUNT} 之间", t.amount),
                    format!("the amount {} is outside 0 to {MAX_AMOUNT}", t.amount)
                ),
                text!(
                    "金额以元计，如 1000000。",
                    "amounts are in the policy's currency, e.g. 1000000"
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_name_their_real_bound() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(count(dec("5"), "/q", Count::Quota), Ok(5));
        assert_eq!(count(dec("0"), "/q", Count::Quota), Ok(0));
        let neg = count(dec("-1"), "/q", Count::Quota).unwrap_err();
        assert!(neg.message.en.contains("cannot be negative"), "{neg:?}");
        let huge = count(dec("1000000000000000000"), "/q", Count::Quota).unwrap_err();
        assert!(huge.message.en.contains("from 0 to 1000000"), "{huge:?}");
        let frac = count(dec("1.5"), "/q", Count::Quota).unwrap_err();
        assert!(frac.message.en.contains("whole number"), "{frac:?}");
        assert!(count(dec("0"), "/s", Count::ShortlistSize).is_err());
        assert!(count(dec("3651"), "/p", Count::NoticeDays).is_err());
        assert_eq!(count(dec("3650"), "/p", Count::NoticeDays), Ok(3650));
    }
}
