//! A calendar month as the dashboard's calendar names it (`2026-06`): its days, the weeks
//! (Monday to Sunday) that show it, and the months either side.

use chrono::{Datelike, Days, Months, NaiveDate};
use thiserror::Error;

/// One month of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    first: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("\"{given}\" is not a month such as 2026-06 (years 2000 to 2100)")]
pub struct BadMonth {
    pub given: String,
}

impl Month {
    /// The month a day falls in.
    pub fn of(day: NaiveDate) -> Month {
        Month { first: day.with_day(1).expect("every month has a first day") }
    }

    /// Parses `YYYY-MM`; years outside 2000–2100 are refused (no deadline lives there).
    pub fn parse(value: &str) -> Result<Month, BadMonth> {
        let bad = || BadMonth { given: value.chars().take(40).collect() };
        let (year, month) = value.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4
            || month.len() != 2
            || !(year.bytes().chain(month.bytes()).all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| Month { first }).ok_or_else(bad)
    }

    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first - Days::new(1)
    }

    pub fn previous(self) -> Month {
        Month { first: self.first - Months::new(1) }
    }

    pub fn next(self) -> Month {
        Month { first: self.first + Months::new(1) }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        Month::of(day) == self
    }

    /// "June 2026".
    pub fn label(self) -> String {
        self.first.format("%B %Y").to_string()
    }

    /// The weeks that show the month, Monday first; days of the months either side fill the
    /// first and last week.
    pub fn weeks(self) -> Vec<[NaiveDate; 7]> {
        let start = self.first - Days::new(u64::from(self.first.weekday().num_days_from_monday()));
        let mut weeks = Vec::with_capacity(6);
        let mut monday = start;
        while monday <= self.last_day() {
            let mut week = [monday; 7];
            for (offset, day) in week.iter_mut().enumerate() {
                *day = monday + Days::new(offset as u64);
            }
            weeks.push(week);
            monday = monday + Days::new(7);
        }
        weeks
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(value: &str) -> NaiveDate {
        value.parse().unwrap()
    }

    #[test]
    fn parses_year_dash_month_and_refuses_anything_else() {
        assert_eq!(Month::parse("2026-06").unwrap().first_day(), day("2026-06-01"));
        assert_eq!(Month::parse(" 2026-12 ").unwrap().to_string(), "2026-12");
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "2026-6",
            "26-06",
            "2026-06-01",
            "1999-01",
            "+202-06",
            "２０２６-06",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn knows_its_last_day_and_neighbours_across_years() {
        let february = Month::parse("2028-02").unwrap();
        assert_eq!(february.last_day(), day("2028-02-29"));
        assert_eq!(Month::parse("2026-12").unwrap().next().to_string(), "2027-01");
        assert_eq!(Month::parse("2026-01").unwrap().previous().to_string(), "2025-12");
        assert_eq!(february.label(), "February 2028");
        assert!(february.contains(day("2028-02-29")) && !february.contains(day("2028-03-01")));
    }

    #[test]
    fn weeks_run_monday_to_sunday_and_cover_the_whole_month() {
        // June 2026 starts on a Monday and ends on a Tuesday: five weeks.
        let june = Month::parse("2026-06").unwrap().weeks();
        assert_eq!(june.len(), 5);
        assert_eq!(june[0][0], day("2026-06-01"));
        assert_eq!(june[4][6], day("2026-07-05"));
        // March 2026 starts on a Sunday: six weeks, the first beginning in February.
        let march = Month::parse("2026-03").unwrap().weeks();
        assert_eq!(march.len(), 6);
        assert_eq!(march[0][0], day("2026-02-23"));
        assert_eq!(march[0][6], day("2026-03-01"));
        assert!(march.iter().all(|week| week[0].weekday() == chrono::Weekday::Mon));
    }
}
