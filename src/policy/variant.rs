//! Fast variants for sweeps: setting one of the procedure's numbers (a stage weight, a tier's
//! quota, threshold or amount, the shortlist size, the publicity days, the standard's total) on
//! a loaded policy, then checking it by `policy::rules`, the rules loading applies. Anything
//! else (parameters, conditions) needs the full path through the document
//! (`Store::load_variant`).

use rust_decimal::Decimal;

use super::rules::{self, Count, Problem};
use super::Policy;
use crate::diag::text;
use crate::diag::Text;

/// Whether a path only changes the procedure after eligibility.
pub fn is_procedure_path(path: &str) -> bool {
    path.starts_with("stages.")
        || path.starts_with("tiers.")
        || matches!(path, "shortlist.size" | "publicity.days" | "scoring.total")
}

fn unknown(path: &str) -> Text {
    text!(
        format!("规则版本中没有可变动的 `{path}`"),
        format!("the policy has no `{path}` that can be varied")
    )
}

fn said(p: impl Into<Box<Problem>>) -> Text {
    p.into().message
}

/// Sets a procedure number and checks the policy by the loading rules; `Err` says what is
/// wrong, in the words loading uses.
pub fn set(policy: &mut Policy, path: &str, value: Decimal) -> Result<(), Text> {
    if let Some(rest) = path.strip_prefix("stages.") {
        let (id, key) = rest.rsplit_once('.').ok_or_else(|| unknown(path))?;
        let i = policy.stages.iter().position(|s| s.id == id);
        match (i, key) {
            (Some(i), "weight") => policy.stages[i].weight = value,
            _ => return Err(unknown(path)),
        }
    } else if let Some(rest) = path.strip_prefix("tiers.") {
        let (id, key) = rest.rsplit_once('.').ok_or_else(|| unknown(path))?;
        let i = policy
            .tiers
            .iter()
            .position(|t| t.id == id)
            .ok_or_else(|| unknown(path))?;
        let tier = &mut policy.tiers[i];
        match key {
            "quota" => {
                let at = format!("/tiers/{i}/quota");
                tier.quota = rules::count(value, &at, Count::Quota).map_err(said)?;
            }
            "threshold" => tier.threshold = value,
            "amount" => tier.amount = value,
            _ => return Err(unknown(path)),
        }
    } else {
        match path {
            "shortlist.size" => {
                let Some(shortlist) = policy.shortlist.as_mut() else {
                    return Err(unknown(path));
                };
                shortlist.size =
                    rules::count(value, "/shortlist/size", Count::ShortlistSize).map_err(said)?
            }
            "publicity.days" => {
                policy.publicity.days =
                    rules::count(value, "/publicity/days", Count::NoticeDays).map_err(said)?
            }
            "scoring.total" => policy.scoring.total = value,
            _ => return Err(unknown(path)),
        }
    }
    match rules::procedure(policy).into_iter().next() {
        Some(p) => Err(said(p)),
        None => Ok(()),
    }
}
