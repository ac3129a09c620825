//! Specifications of day counting: each table row carries the trail the legal team will read.

use chrono::NaiveDate;

use crate::domain::calendar::CourtCalendar;
use crate::domain::computed_date::ComputedDate;
use crate::domain::day_count::{
    add_months, add_years, business_days_before, calendar_days_after, calendar_days_before, fixed_date,
    within_days,
};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn computed(day: &str, trail: &str) -> ComputedDate {
    ComputedDate::new(date(day), trail)
}

fn office_closed_on_christmas_eve() -> CourtCalendar {
    CourtCalendar::with_closures([(date("2026-12-24"), "Office closure".to_owned())])
}

#[test]
fn within_14_days_of_service_rolls_past_juneteenth_and_the_weekend() {
    let due = within_days(&CourtCalendar::federal(), "served", date("2026-06-05"), 14);

    assert_eq!(
        due,
        computed(
            "2026-06-22",
            "served 2026-06-05; +14 calendar days = 2026-06-19, Juneteenth; rolled to Mon 2026-06-22"
        )
    );
}

#[test]
fn within_days_excludes_the_trigger_day_and_rolls_only_a_closed_last_day() {
    let table = [
        // trigger, days, expected date, expected trail
        ("2026-06-01", 14, "2026-06-15", "served 2026-06-01; +14 calendar days = 2026-06-15"),
        (
            "2026-12-31",
            1,
            "2027-01-04",
            "served 2026-12-31; +1 calendar day = 2027-01-01, New Year's Day; rolled to Mon 2027-01-04",
        ),
        (
            "2025-12-31",
            1,
            "2026-01-02",
            "served 2025-12-31; +1 calendar day = 2026-01-01, New Year's Day; rolled to Fri 2026-01-02",
        ),
        ("2028-02-15", 14, "2028-02-29", "served 2028-02-15; +14 calendar days = 2028-02-29"),
        ("2028-02-28", 2, "2028-03-01", "served 2028-02-28; +2 calendar days = 2028-03-01"),
        // A trigger on a holiday: counting still starts the next day.
        ("2026-11-26", 1, "2026-11-27", "served 2026-11-26; +1 calendar day = 2026-11-27"),
        ("2026-07-03", 3, "2026-07-06", "served 2026-07-03; +3 calendar days = 2026-07-06"),
        (
            "2026-06-19",
            14,
            "2026-07-06",
            "served 2026-06-19; +14 calendar days = 2026-07-03, Independence Day (observed); \
             rolled to Mon 2026-07-06",
        ),
        (
            "2026-06-20",
            14,
            "2026-07-06",
            "served 2026-06-20; +14 calendar days = 2026-07-04, Saturday and Independence Day; \
             rolled to Mon 2026-07-06",
        ),
        (
            "2026-11-12",
            14,
            "2026-11-27",
            "served 2026-11-12; +14 calendar days = 2026-11-26, Thanksgiving Day; rolled to Fri 2026-11-27",
        ),
        // The longest roll: the Saturday of a three-day weekend.
        (
            "2026-08-22",
            14,
            "2026-09-08",
            "served 2026-08-22; +14 calendar days = 2026-09-05, Saturday; rolled to Tue 2026-09-08",
        ),
        (
            "2027-01-02",
            14,
            "2027-01-19",
            "served 2027-01-02; +14 calendar days = 2027-01-16, Saturday; rolled to Tue 2027-01-19",
        ),
        (
            "2027-12-11",
            14,
            "2027-12-27",
            "served 2027-12-11; +14 calendar days = 2027-12-25, Saturday and Christmas Day; \
             rolled to Mon 2027-12-27",
        ),
        (
            "2027-12-17",
            14,
            "2028-01-03",
            "served 2027-12-17; +14 calendar days = 2027-12-31, New Year's Day (observed); \
             rolled to Mon 2028-01-03",
        ),
        (
            "2026-06-19",
            0,
            "2026-06-22",
            "served 2026-06-19; +0 calendar days = 2026-06-19, Juneteenth; rolled to Mon 2026-06-22",
        ),
    ];
    for (trigger, days, expected_date, expected_trail) in table {
        let due = within_days(&CourtCalendar::federal(), "served", date(trigger), days);
        assert_eq!(due, computed(expected_date, expected_trail), "{trigger} + {days}");
    }
}

#[test]
fn within_days_rolls_past_an_office_closure_and_names_it() {
    let due = within_days(&office_closed_on_christmas_eve(), "received", date("2026-12-10"), 14);

    assert_eq!(
        due,
        computed(
            "2026-12-28",
            "received 2026-12-10; +14 calendar days = 2026-12-24, Office closure; rolled to Mon 2026-12-28"
        )
    );
}

#[test]
fn a_fixed_date_is_kept_as_stated_and_warned_about_when_closed() {
    let table = [
        ("2026-03-02", None),
        ("2026-03-01", Some("return date 2026-03-01, Sunday, is not a business day; it is not moved")),
        (
            "2026-07-03",
            Some(
                "return date 2026-07-03, Independence Day (observed), is not a business day; \
                 it is not moved",
            ),
        ),
    ];
    for (day, expected_warning) in table {
        let (computed_date, warning) = fixed_date(&CourtCalendar::federal(), "return date", date(day));

        assert_eq!(computed_date, computed(day, &format!("return date {day} as stated")));
        assert_eq!(warning.as_deref(), expected_warning, "{day}");
    }
}

#[test]
fn retention_clocks_count_calendar_days_and_never_roll() {
    let table = [
        ("2026-01-02", 90, "2026-04-02", "received 2026-01-02; +90 calendar days = 2026-04-02"),
        ("2026-01-04", 90, "2026-04-04", "received 2026-01-04; +90 calendar days = 2026-04-04"),
        ("2028-02-28", 1, "2028-02-29", "received 2028-02-28; +1 calendar day = 2028-02-29"),
        ("2026-12-31", 1, "2027-01-01", "received 2026-12-31; +1 calendar day = 2027-01-01"),
        ("2026-01-02", -1, "2026-01-01", "received 2026-01-02; -1 calendar day = 2026-01-01"),
    ];
    for (trigger, days, expected_date, expected_trail) in table {
        let expiry = calendar_days_after("received", date(trigger), days);
        assert_eq!(expiry, computed(expected_date, expected_trail), "{trigger} + {days}");
    }
}

#[test]
fn reminders_count_calendar_days_back_and_never_roll() {
    let table = [
        ("2026-04-02", 14, "2026-03-19", "expires 2026-04-02; -14 calendar days = 2026-03-19"),
        ("2026-04-02", 3, "2026-03-30", "expires 2026-04-02; -3 calendar days = 2026-03-30"),
        ("2028-03-01", 1, "2028-02-29", "expires 2028-03-01; -1 calendar day = 2028-02-29"),
        ("2026-07-19", 14, "2026-07-05", "expires 2026-07-19; -14 calendar days = 2026-07-05"),
        ("2026-04-02", 0, "2026-04-02", "expires 2026-04-02; -0 calendar days = 2026-04-02"),
    ];
    for (expiry, days, expected_date, expected_trail) in table {
        let reminder = calendar_days_before("expires", date(expiry), days);
        assert_eq!(reminder, computed(expected_date, expected_trail), "{expiry} - {days}");
    }
}

#[test]
fn internal_targets_count_back_over_business_days_and_name_the_closures_skipped() {
    let table = [
        // due, business days, expected date, expected trail
        (
            "2026-06-22",
            3,
            "2026-06-16",
            "due 2026-06-22; -3 business days (skipping Juneteenth on Fri 2026-06-19) = Tue 2026-06-16",
        ),
        ("2026-06-12", 3, "2026-06-09", "due 2026-06-12; -3 business days = Tue 2026-06-09"),
        ("2026-06-15", 3, "2026-06-10", "due 2026-06-15; -3 business days = Wed 2026-06-10"),
        (
            "2026-11-30",
            3,
            "2026-11-24",
            "due 2026-11-30; -3 business days (skipping Thanksgiving Day on Thu 2026-11-26) = Tue 2026-11-24",
        ),
        ("2026-07-07", 1, "2026-07-06", "due 2026-07-07; -1 business day = Mon 2026-07-06"),
        (
            "2026-07-07",
            2,
            "2026-07-02",
            "due 2026-07-07; -2 business days (skipping Independence Day (observed) on Fri 2026-07-03) \
             = Thu 2026-07-02",
        ),
        (
            "2027-01-04",
            3,
            "2026-12-29",
            "due 2027-01-04; -3 business days (skipping New Year's Day on Fri 2027-01-01) = Tue 2026-12-29",
        ),
        ("2026-06-22", 0, "2026-06-22", "due 2026-06-22; -0 business days = Mon 2026-06-22"),
    ];
    for (due, days, expected_date, expected_trail) in table {
        let target = business_days_before(&CourtCalendar::federal(), "due", date(due), days);
        assert_eq!(target, computed(expected_date, expected_trail), "{due} - {days}");
    }
}

#[test]
fn internal_targets_list_several_skipped_closures_in_date_order() {
    let target = business_days_before(&office_closed_on_christmas_eve(), "due", date("2026-12-28"), 2);

    assert_eq!(
        target,
        computed(
            "2026-12-22",
            "due 2026-12-28; -2 business days (skipping Office closure on Thu 2026-12-24, \
             Christmas Day on Fri 2026-12-25) = Tue 2026-12-22"
        )
    );
}

#[test]
fn months_and_years_are_added_with_end_of_month_clamping() {
    let months = [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-01-15", 6, "2026-07-15"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2026-11-30", 3, "2027-02-28"),
        ("2026-05-20", 0, "2026-05-20"),
    ];
    for (start, count, expected) in months {
        assert_eq!(add_months(date(start), count), Some(date(expected)), "{start} + {count} months");
    }
    let years =
        [("2028-02-29", 1, "2029-02-28"), ("2028-02-29", 4, "2032-02-29"), ("2026-06-05", 1, "2027-06-05")];
    for (start, count, expected) in years {
        assert_eq!(add_years(date(start), count), Some(date(expected)), "{start} + {count} years");
    }
}

#[test]
fn adding_past_the_end_of_the_calendar_gives_none() {
    assert_eq!(add_years(date("2026-01-01"), u32::MAX), None);
    assert_eq!(add_months(NaiveDate::MAX, 1), None);
}
