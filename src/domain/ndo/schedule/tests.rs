//! Specifications of NDO reminders and reviews.

use chrono::NaiveDate;

use crate::domain::computed_date::ComputedDate;
use crate::domain::ndo::{DurationUnit, NdoOrder, NdoPolicy, NdoTerm, assess};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn computed(date: &str, trail: &str) -> ComputedDate {
    ComputedDate::new(day(date), trail)
}

fn order(id: &str, signed: &str, term: NdoTerm) -> NdoOrder {
    NdoOrder {
        id: id.to_owned(),
        signed_on: day(signed),
        received_on: day(signed),
        term,
        extends: None,
        vacated_on: None,
    }
}

fn six_months() -> NdoTerm {
    NdoTerm::Duration { amount: 6, unit: DurationUnit::Months }
}

#[test]
fn reminders_come_thirty_and_seven_days_before_the_ndo_expires() {
    let ndo = assess(&[order("A", "2026-03-31", six_months())], &NdoPolicy::default()).unwrap();

    assert_eq!(
        ndo.reminders,
        [
            computed("2026-08-31", "NDO expires 2026-09-30; -30 calendar days = 2026-08-31"),
            computed("2026-09-23", "NDO expires 2026-09-30; -7 calendar days = 2026-09-23"),
        ]
    );
}

#[test]
fn reminder_days_come_from_the_policy() {
    let policy = NdoPolicy { reminder_days: vec![1, 14, 14], ..NdoPolicy::default() };

    let ndo = assess(&[order("A", "2026-03-31", six_months())], &policy).unwrap();

    assert_eq!(
        ndo.reminders,
        [
            computed("2026-09-16", "NDO expires 2026-09-30; -14 calendar days = 2026-09-16"),
            computed("2026-09-29", "NDO expires 2026-09-30; -1 calendar day = 2026-09-29"),
        ]
    );
}

#[test]
fn a_lapse_covered_by_another_order_gets_no_reminder() {
    let late = NdoOrder {
        received_on: day("2026-07-22"),
        extends: Some("A".to_owned()),
        ..order("B", "2026-07-01", NdoTerm::FixedEnd(day("2026-12-31")))
    };

    let ndo = assess(&[order("A", "2026-01-15", six_months()), late], &NdoPolicy::default()).unwrap();

    assert_eq!(
        ndo.reminders.iter().map(|r| r.date).collect::<Vec<_>>(),
        [day("2026-12-01"), day("2026-12-24")]
    );
}

#[test]
fn an_order_without_end_date_is_reviewed_every_180_days_and_at_one_year_for_three_years() {
    let ndo = assess(&[order("A", "2026-01-15", NdoTerm::UntilFurtherOrder)], &NdoPolicy::default()).unwrap();

    let label = "NDO A signed 2026-01-15 until further order";
    assert_eq!(
        ndo.reviews,
        [
            computed("2026-07-14", &format!("{label}; +180 calendar days = 2026-07-14")),
            computed("2027-01-10", &format!("{label}; +360 calendar days = 2027-01-10")),
            computed("2027-01-15", &format!("{label}; +1 year = 2027-01-15 (one-year review)")),
            computed("2027-07-09", &format!("{label}; +540 calendar days = 2027-07-09")),
            computed("2028-01-05", &format!("{label}; +720 calendar days = 2028-01-05")),
            computed("2028-07-03", &format!("{label}; +900 calendar days = 2028-07-03")),
            computed("2028-12-30", &format!("{label}; +1080 calendar days = 2028-12-30")),
        ]
    );
}

#[test]
fn a_zero_review_interval_leaves_only_the_one_year_review() {
    let policy = NdoPolicy { review_interval_days: 0, ..NdoPolicy::default() };

    let ndo = assess(&[order("A", "2026-01-15", NdoTerm::UntilFurtherOrder)], &policy).unwrap();

    assert_eq!(
        ndo.reviews,
        [computed(
            "2027-01-15",
            "NDO A signed 2026-01-15 until further order; +1 year = 2027-01-15 (one-year review)"
        )]
    );
}

#[test]
fn vacated_and_dated_orders_get_no_reviews() {
    let vacated = NdoOrder {
        vacated_on: Some(day("2026-03-01")),
        ..order("A", "2026-01-15", NdoTerm::UntilFurtherOrder)
    };

    let ndo = assess(&[vacated, order("B", "2026-01-15", six_months())], &NdoPolicy::default()).unwrap();

    assert!(ndo.reviews.is_empty());
}
