//! Civil dates (proleptic Gregorian, no time zone) and the date rules of contract section 2:
//! full years by a reference date, the "last N years" window, and inclusive day spans.
//! Parsing is strict: `2023-02-30` is rejected, not rolled over.

use std::fmt;

/// A calendar date. Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a date string was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date of the form YYYY-MM-DD")]
    /// Not written YYYY-MM-DD.
    Shape(String),
    #[error("`{0}` does not exist in the calendar")]
    /// No such day (say, 2023-02-30).
    NoSuchDay(String),
}

impl DateError {
    /// The same in Chinese.
    pub fn zh(&self) -> String {
        match self {
            DateError::Shape(s) => format!("“{s}”不是 YYYY-MM-DD 形式的日期"),
            DateError::NoSuchDay(s) => format!("日历上没有“{s}”这一天"),
        }
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            b.get(r.clone())?.iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Shape(text.to_owned()));
        }
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(DateError::Shape(text.to_owned()));
        };
        // y < 10000, m < 100 and d < 100 by construction, so the narrowing casts are exact.
        Date::new(y as i32, m as u8, d as u8).ok_or_else(|| DateError::NoSuchDay(text.to_owned()))
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The same month and day `years` later (or earlier, when negative); 29 February becomes
    /// 28 February in a year that has no 29 February.
    pub fn add_years(self, years: i32) -> Date {
        let year = self.year + years;
        let day = self.day.min(days_in_month(year, self.month));
        Date {
            year,
            month: self.month,
            day,
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Today in UTC, by the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// The date `days` since 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Whether it is a Saturday or a Sunday.
    pub fn is_weekend(self) -> bool {
        // 1970-01-01 was a Thursday: Monday is 0.
        (self.to_days() + 3).rem_euclid(7) >= 5
    }

    /// As a Chinese text writes it: 2024年9月1日.
    pub fn zh(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// The date `days` days later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// Contract §2: "N full years by D" — the N-th anniversary of `self` is on or before `by`.
    pub fn full_years_by(self, years: i32, by: Date) -> bool {
        self.add_years(years) <= by
    }

    /// Contract §2: "the last N years" before `reference` — the window (reference − N years,
    /// reference], open at the start and closed at the end.
    pub fn within_last_years(self, years: i32, reference: Date) -> bool {
        self > reference.add_years(-years) && self <= reference
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn errors_say_it_in_chinese_too() {
        let e = Date::parse("2023-02-29").unwrap_err();
        assert_eq!(e.zh(), "日历上没有“2023-02-29”这一天");
        let e = Date::parse("2023-2-1").unwrap_err();
        assert_eq!(e.zh(), "“2023-2-1”不是 YYYY-MM-DD 形式的日期");
    }

    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_strictly() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        assert!(matches!(
            Date::parse("2023-02-29"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            Date::parse("2023-02-30"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            Date::parse("2023-13-01"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(Date::parse("2023-1-01"), Err(DateError::Shape(_))));
        assert!(matches!(
            Date::parse("2023-01-01T"),
            Err(DateError::Shape(_))
        ));
        assert!(matches!(
            Date::parse("２023-01-01"),
            Err(DateError::Shape(_))
        ));
    }

    #[test]
    fn days_round_trip() {
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2024-03-01").to_days() - d("2024-02-28").to_days(), 2);
        for n in [-800_000, -1, 0, 1, 19_000, 20_000, 2_000_000] {
            assert_eq!(Date::from_days(n).to_days(), n);
        }
        assert_eq!(d("2024-12-02").add_days(6).to_string(), "2024-12-08");
        assert_eq!(d("2024-12-30").add_days(6).to_string(), "2025-01-05");
    }

    #[test]
    fn anniversaries() {
        let deadline = d("2024-09-01");
        assert!(d("2021-09-01").full_years_by(3, deadline));
        assert!(!d("2021-09-02").full_years_by(3, deadline));
        // 29 February counts from 28 February in a non-leap year.
        assert!(d("2020-02-29").full_years_by(3, d("2023-02-28")));
        assert!(!d("2020-02-29").full_years_by(3, d("2023-02-27")));
        assert!(d("2020-02-29").full_years_by(4, d("2024-02-29")));
        assert!(!d("2020-02-29").full_years_by(4, d("2024-02-28")));
    }

    #[test]
    fn last_three_years_window() {
        let deadline = d("2024-09-01");
        assert!(
            !d("2021-09-01").within_last_years(3, deadline),
            "exactly three years is outside"
        );
        assert!(d("2021-09-02").within_last_years(3, deadline));
        assert!(
            d("2024-09-01").within_last_years(3, deadline),
            "the deadline itself is inside"
        );
        assert!(
            !d("2024-09-02").within_last_years(3, deadline),
            "after the deadline is outside"
        );
        // A leap-day deadline: three years back is 28 February.
        assert!(!d("2021-02-28").within_last_years(3, d("2024-02-29")));
        assert!(d("2021-03-01").within_last_years(3, d("2024-02-29")));
    }
}
