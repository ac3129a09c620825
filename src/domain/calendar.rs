//! When the courts and the office are closed: the federal holidays of 5 U.S.C. 6103 for any year
//! plus the office's own closures, so every deadline rolls past the same days (LEGAL.md 6).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

/// A federal holiday as observed: when a holiday falls on a Saturday it is observed the Friday
/// before, on a Sunday the Monday after; otherwise both dates are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    pub observed_on: NaiveDate,
    pub falls_on: NaiveDate,
    /// The short name the trails use, e.g. "Martin Luther King Jr. Day" for the statute's
    /// "Birthday of Martin Luther King, Jr.".
    pub name: &'static str,
}

impl Holiday {
    /// Whether the holiday is observed on another day than the one it falls on.
    pub fn is_shifted(&self) -> bool {
        self.observed_on != self.falls_on
    }
}

/// How the statute fixes a holiday's date within its year.
#[derive(Clone, Copy)]
enum DateRule {
    Fixed {
        month: u32,
        day: u32,
    },
    /// The `n`th given weekday of the month (1 = first).
    Nth {
        month: u32,
        weekday: Weekday,
        n: u8,
    },
    LastMonday {
        month: u32,
    },
}

struct Statute {
    name: &'static str,
    rule: DateRule,
    /// The first year the holiday was kept, for holidays added after 1971.
    since: Option<i32>,
}

/// The holidays of 5 U.S.C. 6103(a) in calendar order. The Monday rules date from the Uniform
/// Monday Holiday Act (1971) and Veterans Day returned to November 11 in 1978; lert applies
/// today's rules to every year because it never counts from dates that old.
const STATUTE: [Statute; 11] = [
    Statute { name: "New Year's Day", rule: DateRule::Fixed { month: 1, day: 1 }, since: None },
    Statute {
        name: "Martin Luther King Jr. Day",
        rule: DateRule::Nth { month: 1, weekday: Weekday::Mon, n: 3 },
        since: Some(1986),
    },
    Statute {
        name: "Washington's Birthday",
        rule: DateRule::Nth { month: 2, weekday: Weekday::Mon, n: 3 },
        since: None,
    },
    Statute { name: "Memorial Day", rule: DateRule::LastMonday { month: 5 }, since: None },
    Statute { name: "Juneteenth", rule: DateRule::Fixed { month: 6, day: 19 }, since: Some(2021) },
    Statute { name: "Independence Day", rule: DateRule::Fixed { month: 7, day: 4 }, since: None },
    Statute { name: "Labor Day", rule: DateRule::Nth { month: 9, weekday: Weekday::Mon, n: 1 }, since: None },
    Statute {
        name: "Columbus Day",
        rule: DateRule::Nth { month: 10, weekday: Weekday::Mon, n: 2 },
        since: None,
    },
    Statute { name: "Veterans Day", rule: DateRule::Fixed { month: 11, day: 11 }, since: None },
    Statute {
        name: "Thanksgiving Day",
        rule: DateRule::Nth { month: 11, weekday: Weekday::Thu, n: 4 },
        since: None,
    },
    Statute { name: "Christmas Day", rule: DateRule::Fixed { month: 12, day: 25 }, since: None },
];

impl DateRule {
    fn date_in(self, year: i32) -> Option<NaiveDate> {
        match self {
            DateRule::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
            DateRule::Nth { month, weekday, n } => {
                NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
            }
            DateRule::LastMonday { month } => {
                NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 5)
                    .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 4))
            }
        }
    }
}

fn observed_day(falls_on: NaiveDate) -> Option<NaiveDate> {
    match falls_on.weekday() {
        Weekday::Sat => falls_on.pred_opt(),
        Weekday::Sun => falls_on.succ_opt(),
        _ => Some(falls_on),
    }
}

/// The holidays whose statutory date falls in `year`, wherever they are observed. Years chrono
/// cannot represent have none.
fn holidays_falling_in(year: i32) -> impl Iterator<Item = Holiday> {
    let in_force = move |statute: &&Statute| statute.since.is_none_or(|first| year >= first);
    STATUTE.iter().filter(in_force).filter_map(move |statute| {
        let falls_on = statute.rule.date_in(year)?;
        Some(Holiday { observed_on: observed_day(falls_on)?, falls_on, name: statute.name })
    })
}

/// The holidays observed in `year`, in date order. This can include the next year's New Year's
/// Day (2022-01-01 was a Saturday, observed Friday 2021-12-31) and leave out this year's.
pub fn federal_holidays(year: i32) -> Vec<Holiday> {
    // Only January 1 can move into another year: December 31 is never a holiday itself.
    let next_year = year.checked_add(1).into_iter().flat_map(holidays_falling_in);
    let mut holidays: Vec<Holiday> = holidays_falling_in(year)
        .chain(next_year)
        .filter(|holiday| holiday.observed_on.year() == year)
        .collect();
    holidays.sort_by_key(|holiday| (holiday.observed_on, holiday.falls_on));
    holidays
}

/// The days on which a deadline cannot fall: weekends, federal holidays (both the day a holiday
/// falls on and the day it is observed) and the office's configured closures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourtCalendar {
    extra_closures: BTreeMap<NaiveDate, Vec<String>>,
}

impl CourtCalendar {
    /// Weekends and federal holidays only.
    pub fn federal() -> CourtCalendar {
        CourtCalendar::default()
    }

    /// Weekends, federal holidays and the given closures, e.g. (2026-12-24, "Office closure").
    pub fn with_closures(extra: impl IntoIterator<Item = (NaiveDate, String)>) -> CourtCalendar {
        let mut extra_closures: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        for (date, label) in extra {
            let labels = extra_closures.entry(date).or_default();
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        CourtCalendar { extra_closures }
    }

    /// Why `date` is not a business day, in the words the trails use ("Sunday", "Juneteenth",
    /// "Independence Day (observed)", "Saturday and Independence Day"), or `None` if it is one.
    pub fn closure(&self, date: NaiveDate) -> Option<String> {
        let reasons = self.closure_reasons(date);
        match reasons.as_slice() {
            [] => None,
            [only] => Some(only.clone()),
            [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
        }
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.closure_reasons(date).is_empty()
    }

    /// The first business day on or after `date`.
    ///
    /// # Panics
    /// Only at the very end of chrono's calendar (year 262143), which no valid lert date reaches.
    pub fn next_business_day(&self, date: NaiveDate) -> NaiveDate {
        date.iter_days()
            .find(|day| self.is_business_day(*day))
            .expect("a business day follows within days, far before the end of chrono's calendar")
    }

    fn closure_reasons(&self, date: NaiveDate) -> Vec<String> {
        let mut reasons = Vec::new();
        match date.weekday() {
            Weekday::Sat => reasons.push("Saturday".to_owned()),
            Weekday::Sun => reasons.push("Sunday".to_owned()),
            _ => {}
        }
        // A December 31 can be the observed New Year's Day of the following year.
        let next_year = date.year().checked_add(1).into_iter().flat_map(holidays_falling_in);
        for holiday in holidays_falling_in(date.year()).chain(next_year) {
            if holiday.falls_on == date {
                reasons.push(holiday.name.to_owned());
            } else if holiday.observed_on == date {
                reasons.push(format!("{} (observed)", holiday.name));
            }
        }
        for label in self.extra_closures.get(&date).into_iter().flatten() {
            if !reasons.contains(label) {
                reasons.push(label.clone());
            }
        }
        reasons
    }
}

#[cfg(test)]
mod tests;
