//! Fast variants for sweeps: setting one of the procedure's numbers (a stage weight, a tier's
//! quota, threshold or amount, the shortlist size, the publicity days, the standard's total) on
//! a loaded policy, then checking the procedure by the rules loading applies. Anything else
//! (parameters, conditions) needs the full path through the document (`Store::load_variant`).

use rust_decimal::Decimal;

use super::load::{MAX_AMOUNT, MAX_TOTAL};
use super::Policy;

/// Whether a path only changes the procedure after eligibility.
pub fn is_procedure_path(path: &str) -> bool {
    path.starts_with("stages.")
        || path.starts_with("tiers.")
        || matches!(path, "shortlist.size" | "publicity.days" | "scoring.total")
}

fn whole(value: Decimal, path: &str) -> Result<u32, String> {
    if value.fract() != Decimal::ZERO || value < Decimal::ZERO {
        return Err(format!("{path} = {value}: must be a whole number ≥ 0"));
    }
    u32::try_from(value.mantissa() / 10i128.pow(value.scale()))
        .map_err(|_| format!("{path} = {value}: too large"))
}

/// Sets a procedure number; `Err` names what is wrong.
pub fn set(policy: &mut Policy, path: &str, value: Decimal) -> Result<(), String> {
    let unknown = || format!("the policy has no `{path}` that can be varied");
    if let Some(rest) = path.strip_prefix("stages.") {
        let (id, key) = rest.rsplit_once('.').ok_or_else(unknown)?;
        let stage = policy
            .stages
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(unknown)?;
        match key {
            "weight" => stage.weight = value,
            _ => return Err(unknown()),
        }
    } else if let Some(rest) = path.strip_prefix("tiers.") {
        let (id, key) = rest.rsplit_once('.').ok_or_else(unknown)?;
        let tier = policy
            .tiers
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(unknown)?;
        match key {
            "quota" => tier.quota = whole(value, path)?,
            "threshold" => tier.threshold = value,
            "amount" => tier.amount = value,
            _ => return Err(unknown()),
        }
    } else {
        match path {
            "shortlist.size" => policy.shortlist.size = whole(value, path)?,
            "publicity.days" => policy.publicity.days = whole(value, path)?,
            "scoring.total" => policy.scoring.total = value,
            _ => return Err(unknown()),
        }
    }
    check(policy)
}

/// The rules loading applies to the procedure's numbers.
pub fn check(policy: &Policy) -> Result<(), String> {
    let sum: Decimal = policy.stages.iter().map(|s| s.weight).sum();
    if sum != Decimal::ONE
        || policy
            .stages
            .iter()
            .any(|s| s.weight < Decimal::ZERO || s.weight > Decimal::ONE)
    {
        let listing: Vec<String> = policy
            .stages
            .iter()
            .map(|s| format!("{} {}", s.id, s.weight))
            .collect();
        return Err(format!(
            "the stage weights must sum to exactly 1: {} = {sum}",
            listing.join(" + ")
        ));
    }
    for t in &policy.tiers {
        if t.threshold <= Decimal::ZERO || t.threshold > Decimal::ONE {
            return Err(format!(
                "tier {}: threshold {} is outside (0, 1]",
                t.id, t.threshold
            ));
        }
        if t.amount < Decimal::ZERO || t.amount > Decimal::from(MAX_AMOUNT) {
            return Err(format!(
                "tier {}: the amount {} is outside 0 to {MAX_AMOUNT}",
                t.id, t.amount
            ));
        }
    }
    if policy.shortlist.size == 0 {
        return Err("the shortlist size must be at least 1".to_owned());
    }
    if policy.publicity.days == 0 {
        return Err("the notice must last at least 1 day".to_owned());
    }
    if policy.scoring.total <= Decimal::ZERO || policy.scoring.total > Decimal::from(MAX_TOTAL) {
        return Err(format!(
            "the standard's total {} is outside (0, {MAX_TOTAL}]",
            policy.scoring.total
        ));
    }
    Ok(())
}
