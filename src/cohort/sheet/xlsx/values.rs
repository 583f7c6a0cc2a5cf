//! What a cell's raw text means in Excel's terms: cell references within Excel's limits,
//! numbers as Excel shows them (15 significant digits), date serials in Excel's calendar, and
//! which number formats show dates.

use std::str::FromStr as _;

use rust_decimal::Decimal;

use super::{MAX_COLS, MAX_ROWS};
use crate::cohort::sheet::grid::column_letters;
use crate::date::Date;

/// Whether a built-in number format shows a date (the Chinese formats included).
pub(super) fn is_date_id(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Whether a custom number format shows a date: it has year, month, day or time letters
/// outside quoted text and `[…]` sections.
pub(super) fn is_date_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'e' | 'E'
                if !quoted && !bracket =>
            {
                return !code.eq_ignore_ascii_case("general");
            }
            _ => {}
        }
    }
    false
}

/// `B7` as 0-based (row, column), or `None` when it is not a reference within Excel's limits.
pub(super) fn reference(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = digits.parse().ok()?;
    if (1..=MAX_COLS).contains(&col) && (1..=MAX_ROWS).contains(&row) {
        Some((row - 1, col - 1))
    } else {
        None
    }
}

/// Excel's name for a 0-based cell.
pub(super) fn name_of(sheet: &str, row: u32, col: u32) -> String {
    format!("{sheet}!{}{}", column_letters(col as usize), row + 1)
}

/// A number as Excel stored it, read exactly; more than the 15 significant digits Excel shows
/// is a binary leftover (`0.30000000000000004`), read as what Excel shows.
pub(super) fn number(raw: &str) -> Option<(Decimal, bool)> {
    let raw = raw.trim();
    let d = if raw.contains(['e', 'E']) {
        Decimal::from_scientific(raw).ok()?
    } else {
        Decimal::from_str(raw).ok()?
    };
    let digits = raw
        .split(['e', 'E'])
        .next()
        .unwrap_or("")
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|b| *b == b'0')
        .count();
    if digits <= 15 {
        return Some((d.normalize(), false));
    }
    // Round to 15 significant digits.
    let magnitude = {
        let whole = d.abs().trunc();
        if whole.is_zero() {
            // 0.000123…: the first significant digit is after the point.
            let frac = d.abs().to_string();
            let after = frac.split('.').nth(1).unwrap_or("");
            -(after.bytes().take_while(|b| *b == b'0').count() as i64) - 1
        } else {
            whole.to_string().len() as i64 - 1
        }
    };
    let places = (14 - magnitude).clamp(0, 28);
    let shown = d
        .round_dp_with_strategy(
            places as u32,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
        .normalize();
    Some((shown, shown != d.normalize()))
}

/// Excel's date serial as a date: days from 1899-12-30 (the 1900 calendar, which counts a
/// 29 February 1900 that never was) or from 1904-01-01. `None` outside 1900-01-01..9999-12-31.
pub(super) fn serial_date(serial: Decimal, date1904: bool) -> Option<Date> {
    let days: i64 = serial.trunc().to_string().parse().ok()?;
    let (days, base) = if date1904 {
        (days, Date::new(1904, 1, 1)?)
    } else {
        if days < 1 {
            return None;
        }
        // Serial 60 is the 29 February 1900 Excel believes in; before it, one day less.
        let days = if days < 61 { days + 1 } else { days };
        (days, Date::new(1899, 12, 30)?)
    };
    if !(0..=3_000_000).contains(&days) {
        return None;
    }
    let date = Date::from_days(base.to_days() + days);
    (date.year() <= 9999).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_stop_at_excels_limits() {
        assert_eq!(reference("A1"), Some((0, 0)));
        assert_eq!(reference("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(reference("XFE1"), None);
        assert_eq!(reference("A1048577"), None);
        assert_eq!(reference("A0"), None);
        assert_eq!(reference("A99999999999999999999"), None);
        assert_eq!(reference("1A"), None);
    }

    #[test]
    fn numbers_keep_what_excel_shows() {
        let n = |s: &str| number(s).map(|(d, l)| (d.to_string(), l));
        assert_eq!(n("1037.5"), Some(("1037.5".into(), false)));
        assert_eq!(n("0.1"), Some(("0.1".into(), false)));
        assert_eq!(n("0.30000000000000004"), Some(("0.3".into(), true)));
        assert_eq!(n("812.49999999999989"), Some(("812.5".into(), true)));
        assert_eq!(n("1.5E-3"), Some(("0.0015".into(), false)));
        assert_eq!(n("-2.0000000000000004"), Some(("-2".into(), true)));
        assert_eq!(n("abc"), None);
    }

    #[test]
    fn date_serials_follow_excels_calendar() {
        let d = |n: i64, b| serial_date(Decimal::from(n), b).map(|d| d.to_string());
        assert_eq!(d(1, false).as_deref(), Some("1900-01-01"));
        assert_eq!(d(59, false).as_deref(), Some("1900-02-28"));
        assert_eq!(d(61, false).as_deref(), Some("1900-03-01"));
        assert_eq!(d(45536, false).as_deref(), Some("2024-09-01"));
        assert_eq!(d(2_958_465, false).as_deref(), Some("9999-12-31"));
        assert_eq!(d(2_958_466, false), None);
        assert_eq!(d(0, false), None);
        assert_eq!(d(-5, false), None);
        assert_eq!(d(0, true).as_deref(), Some("1904-01-01"));
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        assert!(is_date_format("yyyy-mm-dd"));
        assert!(is_date_format("yyyy\"年\"m\"月\"d\"日\""));
        assert!(!is_date_format("0.00_);[Red](0.00)"));
        assert!(!is_date_format("#,##0\"元\""));
        assert!(!is_date_format("General"));
        assert!(is_date_id(14) && is_date_id(57) && !is_date_id(2));
    }
}
