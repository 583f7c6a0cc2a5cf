//! Working-day calendars (`policies/calendars/*.toml`): for each year, the official holidays
//! and the weekend days worked in exchange (调休), each year cited to the notice that fixes
//! it. A policy counts its public notice in working days, or by the Civil Code, against one.
//! A day in a year the calendar does not list is not known: counting into it is refused, not
//! guessed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::date::Date;
use crate::diag::text;
use crate::diag::Text;

/// The format key of a calendar file.
pub const CALENDAR_FORMAT: &str = "qaward.calendar.v1";

/// A calendar: its id, title, and the years it knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Its id, as `[publicity] calendar` names it.
    pub id: String,
    /// Its name, in both languages.
    pub title: Text,
    years: BTreeMap<i32, Year>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Year {
    source: String,
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    format: String,
    calendar: Head,
    #[serde(default)]
    years: Vec<YearDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    id: String,
    title: crate::policy::doc::TextDoc,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearDoc {
    year: i32,
    source: String,
    #[serde(default)]
    verified: Option<bool>,
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    workdays: Vec<String>,
}

impl Calendar {
    /// Reads a calendar file; `Err` says what is wrong (the caller names the file).
    pub fn parse(source: &str) -> Result<Calendar, Text> {
        let file: CalendarFile = toml::from_str(source).map_err(|e| {
            text!(
                format!("日历文件格式不对：{}", e.message()),
                format!("the calendar file is malformed: {}", e.message())
            )
        })?;
        if file.format != CALENDAR_FORMAT {
            return Err(text!(
                format!("日历文件的 format 应为 \"{CALENDAR_FORMAT}\""),
                format!("a calendar file's format must be \"{CALENDAR_FORMAT}\"")
            ));
        }
        let mut years = BTreeMap::new();
        for y in file.years {
            let days = |list: &[String], what: &str| -> Result<BTreeSet<Date>, Text> {
                let mut out = BTreeSet::new();
                for entry in list {
                    let (first, last) = match entry.split_once("..") {
                        Some((a, b)) => (a, b),
                        None => (entry.as_str(), entry.as_str()),
                    };
                    let (first, last) = match (Date::parse(first.trim()), Date::parse(last.trim())) {
                        (Ok(a), Ok(b)) if a <= b && a.year() == y.year && b.year() == y.year => (a, b),
                        _ => {
                            return Err(text!(
                                format!("{} 年的 {what} 中 `{entry}` 不是该年内的日期或日期区间（YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD）", y.year),
                                format!("`{entry}` in {what} of {} is not a date or a range of dates in that year (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)", y.year)
                            ))
                        }
                    };
                    let mut d = first;
                    while d <= last {
                        out.insert(d);
                        d = d.add_days(1);
                    }
                }
                Ok(out)
            };
            let year = Year {
                holidays: days(&y.holidays, "holidays")?,
                workdays: days(&y.workdays, "workdays")?,
                source: if y.verified == Some(true) {
                    y.source
                } else {
                    format!("{} (unverified)", y.source)
                },
            };
            if years.insert(y.year, year).is_some() {
                return Err(text!(
                    format!("{} 年出现两次", y.year),
                    format!("the year {} is listed twice", y.year)
                ));
            }
        }
        Ok(Calendar {
            id: file.calendar.id,
            title: text!(file.calendar.title.zh, file.calendar.title.en),
            years,
        })
    }

    /// Whether `d` is a working day; `None` when the calendar does not list its year.
    pub fn is_working_day(&self, d: Date) -> Option<bool> {
        let year = self.years.get(&d.year())?;
        Some(year.workdays.contains(&d) || (!d.is_weekend() && !year.holidays.contains(&d)))
    }

    /// The years it knows, with the notice each is cited to.
    pub fn sources(&self) -> impl Iterator<Item = (i32, &str)> {
        self.years.iter().map(|(y, r)| (*y, r.source.as_str()))
    }

    /// The refusal when a year is not listed.
    fn unknown_year(&self, d: Date) -> Text {
        let known: Vec<String> = self.years.keys().map(i32::to_string).collect();
        text!(
            format!(
                "日历 `{}` 没有 {} 年的节假日安排（已有：{}），无法计算公示期",
                self.id,
                d.year(),
                known.join("、")
            ),
            format!(
                "the calendar `{}` has no holidays for {} (it has {}), so the public notice cannot be counted",
                self.id,
                d.year(),
                known.join(", ")
            )
        )
    }
}

/// How a public notice's days are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayKind {
    /// Every day counts (the default).
    #[default]
    Calendar,
    /// Only working days count.
    Working,
}

/// The first and last day of a notice of `days` days published on `start`: counted from
/// `start` itself, or (`civil_code`) from the next day, with a last day on a rest day moved
/// to the next working day, as the Civil Code counts periods.
pub fn notice_window(
    start: Date,
    days: u32,
    kind: DayKind,
    civil_code: bool,
    calendar: Option<&Calendar>,
) -> Result<(Date, Date), Text> {
    let first = if civil_code { start.add_days(1) } else { start };
    let working = |d: Date| -> Result<bool, Text> {
        let calendar = calendar.ok_or_else(|| {
            text!(
                "按工作日或民法典计算公示期须指定日历（[publicity] calendar）",
                "counting working days or by the Civil Code needs a calendar ([publicity] calendar)"
            )
        })?;
        calendar
            .is_working_day(d)
            .ok_or_else(|| calendar.unknown_year(d))
    };
    let mut last = match kind {
        DayKind::Calendar => first.add_days(i64::from(days.max(1)) - 1),
        DayKind::Working => {
            let (mut d, mut counted) = (first, 0);
            loop {
                if working(d)? {
                    counted += 1;
                    if counted >= days.max(1) {
                        break d;
                    }
                }
                d = d.add_days(1);
            }
        }
    };
    if civil_code {
        while !working(last)? {
            last = last.add_days(1);
        }
    }
    if last.year() > 9999 {
        return Err(text!(
            format!("公示期从 {start} 起算，结束日超出 9999 年"),
            format!("a notice starting on {start} would end after the year 9999")
        ));
    }
    Ok((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn china() -> Calendar {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/calendars/china.toml");
        Calendar::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn working_days_follow_the_notices() {
        let c = china();
        // A holiday on a weekday, a weekend worked in exchange, an ordinary weekend.
        assert_eq!(c.is_working_day(d("2024-10-02")), Some(false));
        assert_eq!(c.is_working_day(d("2024-10-12")), Some(true));
        assert_eq!(c.is_working_day(d("2024-10-13")), Some(false));
        assert_eq!(c.is_working_day(d("2026-02-28")), Some(true));
        assert_eq!(c.is_working_day(d("2023-12-29")), None);
    }

    #[test]
    fn a_notice_counts_as_asked() {
        let c = Some(china());
        let c = c.as_ref();
        // 2024-09-27 (Fri): 5 calendar days from the day itself.
        assert_eq!(
            notice_window(d("2024-09-27"), 5, DayKind::Calendar, false, c).unwrap(),
            (d("2024-09-27"), d("2024-10-01"))
        );
        // 5 working days: Fri 27, Sun 29 (worked), Mon 30, then the holiday to Oct 7, Tue 8, Wed 9.
        assert_eq!(
            notice_window(d("2024-09-27"), 5, DayKind::Working, false, c).unwrap(),
            (d("2024-09-27"), d("2024-10-09"))
        );
        // Civil Code: from the next day; 5 calendar days end on Oct 2, a holiday, so the last
        // day moves to the next working day, Oct 8.
        assert_eq!(
            notice_window(d("2024-09-27"), 5, DayKind::Calendar, true, c).unwrap(),
            (d("2024-09-28"), d("2024-10-08"))
        );
        // Outside the calendar's years: refused, not guessed.
        let e = notice_window(d("2027-12-28"), 5, DayKind::Working, false, c).unwrap_err();
        assert!(
            e.en.contains("no holidays for 2027") || e.en.contains("no holidays for 2028"),
            "{}",
            e.en
        );
        // Without a calendar, working days cannot be counted.
        assert!(notice_window(d("2024-09-27"), 5, DayKind::Working, false, None).is_err());
    }

    #[test]
    fn bad_calendars_are_refused() {
        for (bad, says) in [
            ("format = \"x\"\n[calendar]\nid = \"c\"\ntitle = { zh = \"c\", en = \"c\" }\n", "format"),
            ("format = \"qaward.calendar.v1\"\n[calendar]\nid = \"c\"\ntitle = { zh = \"c\", en = \"c\" }\n[[years]]\nyear = 2024\nsource = \"s\"\nholidays = [\"2025-01-01\"]\n", "not a date or a range"),
            ("format = \"qaward.calendar.v1\"\n[calendar]\nid = \"c\"\ntitle = { zh = \"c\", en = \"c\" }\n[[years]]\nyear = 2024\nsource = \"s\"\n[[years]]\nyear = 2024\nsource = \"s\"\n", "listed twice"),
        ] {
            let e = Calendar::parse(bad).unwrap_err();
            assert!(e.en.contains(says), "{}", e.en);
        }
    }
}
