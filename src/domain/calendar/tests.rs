//! Specifications of the federal holiday calendar and of closures, checked against OPM's lists.

use chrono::NaiveDate;

use crate::domain::calendar::{CourtCalendar, Holiday, federal_holidays};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// (observed on, falls on, name) for each holiday observed in `year`.
fn table(year: i32) -> Vec<(String, String, &'static str)> {
    federal_holidays(year)
        .into_iter()
        .map(|Holiday { observed_on, falls_on, name }| (observed_on.to_string(), falls_on.to_string(), name))
        .collect()
}

fn row(observed_on: &str, falls_on: &str, name: &'static str) -> (String, String, &'static str) {
    (observed_on.to_owned(), falls_on.to_owned(), name)
}

#[test]
fn the_holidays_observed_in_2026() {
    assert_eq!(
        table(2026),
        [
            row("2026-01-01", "2026-01-01", "New Year's Day"),
            row("2026-01-19", "2026-01-19", "Martin Luther King Jr. Day"),
            row("2026-02-16", "2026-02-16", "Washington's Birthday"),
            row("2026-05-25", "2026-05-25", "Memorial Day"),
            row("2026-06-19", "2026-06-19", "Juneteenth"),
            row("2026-07-03", "2026-07-04", "Independence Day"),
            row("2026-09-07", "2026-09-07", "Labor Day"),
            row("2026-10-12", "2026-10-12", "Columbus Day"),
            row("2026-11-11", "2026-11-11", "Veterans Day"),
            row("2026-11-26", "2026-11-26", "Thanksgiving Day"),
            row("2026-12-25", "2026-12-25", "Christmas Day"),
        ]
    );
}

#[test]
fn the_holidays_observed_in_2027_include_new_years_day_2028() {
    assert_eq!(
        table(2027),
        [
            row("2027-01-01", "2027-01-01", "New Year's Day"),
            row("2027-01-18", "2027-01-18", "Martin Luther King Jr. Day"),
            row("2027-02-15", "2027-02-15", "Washington's Birthday"),
            row("2027-05-31", "2027-05-31", "Memorial Day"),
            row("2027-06-18", "2027-06-19", "Juneteenth"),
            row("2027-07-05", "2027-07-04", "Independence Day"),
            row("2027-09-06", "2027-09-06", "Labor Day"),
            row("2027-10-11", "2027-10-11", "Columbus Day"),
            row("2027-11-11", "2027-11-11", "Veterans Day"),
            row("2027-11-25", "2027-11-25", "Thanksgiving Day"),
            row("2027-12-24", "2027-12-25", "Christmas Day"),
            row("2027-12-31", "2028-01-01", "New Year's Day"),
        ]
    );
}

#[test]
fn a_new_years_day_observed_the_year_before_is_not_listed_again() {
    let names: Vec<&str> = federal_holidays(2028).iter().map(|holiday| holiday.name).collect();

    assert_eq!(names.len(), 10);
    assert!(!names.contains(&"New Year's Day"));
    assert_eq!(table(2021).last().unwrap(), &row("2021-12-31", "2022-01-01", "New Year's Day"));
}

#[test]
fn a_sunday_holiday_is_observed_the_monday_after() {
    assert_eq!(table(2023)[0], row("2023-01-02", "2023-01-01", "New Year's Day"));
}

#[test]
fn juneteenth_is_kept_from_2021_and_martin_luther_king_jr_day_from_1986() {
    let has = |year: i32, name: &str| federal_holidays(year).iter().any(|holiday| holiday.name == name);

    assert!(!has(2020, "Juneteenth"));
    assert!(has(2021, "Juneteenth"));
    assert_eq!(table(2021)[4], row("2021-06-18", "2021-06-19", "Juneteenth"));
    assert!(!has(1985, "Martin Luther King Jr. Day"));
    assert!(has(1986, "Martin Luther King Jr. Day"));
}

#[test]
fn every_observed_holiday_is_a_weekday_within_a_day_of_its_date() {
    for year in 1990..2100 {
        for holiday in federal_holidays(year) {
            let shift = (holiday.observed_on - holiday.falls_on).num_days();
            assert!(CourtCalendar::federal().closure(holiday.observed_on).is_some(), "{holiday:?}");
            assert!(shift.abs() <= 1 && holiday.is_shifted() == (shift != 0), "{holiday:?}");
        }
    }
}

#[test]
fn closures_are_named_in_the_words_of_the_trails() {
    let calendar = CourtCalendar::federal();
    let table = [
        ("2026-06-05", None),
        ("2026-06-06", Some("Saturday")),
        ("2026-06-07", Some("Sunday")),
        ("2026-06-19", Some("Juneteenth")),
        ("2026-07-03", Some("Independence Day (observed)")),
        ("2026-07-04", Some("Saturday and Independence Day")),
        ("2027-07-05", Some("Independence Day (observed)")),
        ("2027-12-24", Some("Christmas Day (observed)")),
        ("2027-12-31", Some("New Year's Day (observed)")),
        ("2028-01-01", Some("Saturday and New Year's Day")),
        ("2023-01-02", Some("New Year's Day (observed)")),
        ("2026-01-19", Some("Martin Luther King Jr. Day")),
        ("2026-11-26", Some("Thanksgiving Day")),
        ("2026-11-27", None),
        ("2020-06-19", None),
    ];
    for (day, expected) in table {
        assert_eq!(calendar.closure(date(day)).as_deref(), expected, "{day}");
        assert_eq!(calendar.is_business_day(date(day)), expected.is_none(), "{day}");
    }
}

#[test]
fn extra_closures_are_closed_with_their_label() {
    let calendar = CourtCalendar::with_closures([
        (date("2026-12-24"), "Office closure".to_owned()),
        (date("2026-12-24"), "Office closure".to_owned()),
        (date("2026-12-26"), "Office move".to_owned()),
        (date("2026-12-25"), "Office closure".to_owned()),
    ]);

    assert_eq!(calendar.closure(date("2026-12-24")).as_deref(), Some("Office closure"));
    assert_eq!(calendar.closure(date("2026-12-26")).as_deref(), Some("Saturday and Office move"));
    assert_eq!(calendar.closure(date("2026-12-25")).as_deref(), Some("Christmas Day and Office closure"));
    assert_eq!(CourtCalendar::federal().closure(date("2026-12-24")), None);
}

#[test]
fn three_reasons_are_listed_with_commas_and_a_final_and() {
    let calendar = CourtCalendar::with_closures([(date("2026-07-04"), "Office closure".to_owned())]);

    assert_eq!(
        calendar.closure(date("2026-07-04")).as_deref(),
        Some("Saturday, Independence Day and Office closure")
    );
}

#[test]
fn the_next_business_day_is_the_first_open_day_on_or_after_the_date() {
    let calendar = CourtCalendar::with_closures([(date("2026-12-24"), "Office closure".to_owned())]);
    let table = [
        ("2026-06-05", "2026-06-05"),
        ("2026-06-19", "2026-06-22"),
        ("2026-07-02", "2026-07-02"),
        ("2026-07-03", "2026-07-06"),
        ("2026-09-05", "2026-09-08"),
        ("2026-12-24", "2026-12-28"),
        ("2027-12-24", "2027-12-27"),
        ("2027-12-31", "2028-01-03"),
    ];
    for (day, expected) in table {
        assert_eq!(calendar.next_business_day(date(day)), date(expected), "{day}");
    }
}

#[test]
fn the_federal_calendar_never_closes_more_than_three_days_in_a_row() {
    let calendar = CourtCalendar::federal();
    let mut run = 0;
    for day in date("1990-01-01").iter_days().take_while(|day| *day < date("2100-01-01")) {
        run = if calendar.is_business_day(day) { 0 } else { run + 1 };
        assert!(run <= 3, "{day} ends a run of {run} closed days");
    }
}

#[test]
fn years_beyond_chronos_calendar_have_no_holidays() {
    assert!(federal_holidays(i32::MAX).is_empty());
    assert!(federal_holidays(i32::MIN).is_empty());
}
