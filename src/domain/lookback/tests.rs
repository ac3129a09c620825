//! Specifications of the 90-day log lookback.

use chrono::{Days, NaiveDate};
use proptest::option;
use proptest::prelude::{prop_assert, proptest};

use crate::domain::data_category::DataCategory;
use crate::domain::lookback::{
    Anchor, LookbackExceeded, anchor, check_requested_range, log_window, requests_logs,
};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn earliest_preservation_before_the_request_is_the_anchor() {
    let table = [
        ("2026-03-01", Some("2026-02-01"), "2026-02-01", "preservation received"),
        ("2026-03-01", Some("2026-03-01"), "2026-03-01", "preservation received"),
        ("2026-03-01", Some("2026-03-02"), "2026-03-01", "request received"),
        ("2026-03-01", None, "2026-03-01", "request received"),
    ];
    for (request, preservation, date, label) in table {
        let found = anchor(day(request), preservation.map(day));

        assert_eq!(found, Anchor { date: day(date), label: label.to_owned() }, "{request} {preservation:?}");
    }
}

#[test]
fn window_runs_from_ninety_days_before_the_anchor_to_today() {
    let table = [
        (
            Some("2026-02-01"),
            "2025-11-03",
            "preservation received 2026-02-01; -90 calendar days = 2025-11-03; window 2025-11-03 to 2026-05-01",
        ),
        (
            None,
            "2025-12-02",
            "request received 2026-03-02; -90 calendar days = 2025-12-02; window 2025-12-02 to 2026-05-01",
        ),
    ];
    for (preservation, first, trail) in table {
        let window = log_window(anchor(day("2026-03-02"), preservation.map(day)), day("2026-05-01"));

        assert_eq!(window.first_available, day(first));
        assert_eq!(window.last_day, day("2026-05-01"));
        assert_eq!(window.trail, trail);
    }
}

#[test]
fn a_range_starting_before_the_window_exceeds_the_lookback() {
    let window = log_window(anchor(day("2026-03-02"), Some(day("2026-02-01"))), day("2026-05-01"));

    let exceeded = check_requested_range(&window, Some(day("2025-06-01"))).unwrap();

    assert_eq!(
        exceeded,
        LookbackExceeded {
            requested_from: day("2025-06-01"),
            first_available: day("2025-11-03"),
            last_unavailable: day("2025-11-02"),
        }
    );
    assert_eq!(
        exceeded.to_string(),
        "requested from 2025-06-01, but logs before 2025-11-03 are in off-site backups \
         (not reasonably accessible); the last unavailable day is 2025-11-02"
    );
}

#[test]
fn a_range_starting_on_the_first_available_day_is_within_the_lookback() {
    let window = log_window(anchor(day("2026-02-01"), None), day("2026-02-10"));

    assert_eq!(check_requested_range(&window, Some(day("2025-11-03"))), None);
    assert!(check_requested_range(&window, Some(day("2025-11-02"))).is_some());
}

#[test]
fn a_request_without_a_start_date_is_left_to_the_sufficiency_check() {
    let window = log_window(anchor(day("2026-02-01"), None), day("2026-02-10"));

    assert_eq!(check_requested_range(&window, None), None);
}

#[test]
fn only_api_logs_count_as_a_request_for_logs() {
    assert!(requests_logs(&[DataCategory::AccountRegistration, DataCategory::ApiLogs]));
    assert!(!requests_logs(&[DataCategory::AccountRegistration, DataCategory::Certificates]));
    assert!(!requests_logs(&[]));
}

proptest! {
    #[test]
    fn window_always_contains_the_ninety_days_before_receipt(
        receipt_offset in 0u64..40_000,
        preserved_before in option::of(0u64..400),
        waited in 0u64..2_000,
    ) {
        let receipt = day("2000-01-01") + Days::new(receipt_offset);
        let preservation = preserved_before.map(|before| receipt - Days::new(before));
        let today = receipt + Days::new(waited);

        let window = log_window(anchor(receipt, preservation), today);

        prop_assert!(window.first_available <= receipt - Days::new(90));
        prop_assert!(window.last_day >= receipt);
    }
}
