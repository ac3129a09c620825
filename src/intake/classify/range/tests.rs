//! Specifications of the requested date range.

use crate::intake::classify::fixtures::{Mail, date, parts};
use crate::intake::classify::{Confidence, DateRange};

fn range(body: &str) -> Option<(DateRange, String, Confidence)> {
    parts(&Mail::new("Subpoena", body).classify().requested_range)
        .map(|(value, phrase, _, confidence)| (value, phrase, confidence))
}

fn closed(from: (i32, u32, u32), to: (i32, u32, u32)) -> DateRange {
    DateRange { from: Some(date(from.0, from.1, from.2)), to: Some(date(to.0, to.1, to.2)) }
}

fn open(from: (i32, u32, u32)) -> DateRange {
    DateRange { from: Some(date(from.0, from.1, from.2)), to: None }
}

#[test]
fn closed_ranges_are_read() {
    let table = [
        (
            "Records from January 1, 2026 through March 31, 2026.",
            "from January 1, 2026 through March 31, 2026",
        ),
        ("Logs from 2026-01-01 to 2026-03-31.", "from 2026-01-01 to 2026-03-31"),
        ("All records between 01/01/2026 and 03/31/2026.", "between 01/01/2026 and 03/31/2026"),
        (
            "Records for the period January 1, 2026 to March 31, 2026.",
            "period January 1, 2026 to March 31, 2026",
        ),
        ("Date range: 2026-01-01 - 2026-03-31", "Date range: 2026-01-01 - 2026-03-31"),
        (
            "Records from January 1, 2026 through and including March 31, 2026.",
            "from January 1, 2026 through and including March 31, 2026",
        ),
    ];
    for (body, phrase) in table {
        assert_eq!(
            range(body),
            Some((closed((2026, 1, 1), (2026, 3, 31)), phrase.to_owned(), Confidence::High)),
            "{body}"
        );
    }
}

#[test]
fn open_ranges_end_at_none() {
    let table = [
        ("Records from January 1, 2026 to the present.", Confidence::Medium),
        ("Records from 01/01/2026 to date.", Confidence::Medium),
        ("All records on or since January 1, 2026.", Confidence::Medium),
        ("Activity since January 1, 2026.", Confidence::Medium),
    ];
    for (body, confidence) in table {
        assert_eq!(
            range(body).map(|(value, _, confidence)| (value, confidence)),
            Some((open((2026, 1, 1)), confidence)),
            "{body}"
        );
    }
}

#[test]
fn a_range_that_ends_before_it_starts_is_refused() {
    assert_eq!(range("Records from March 31, 2026 to January 1, 2026."), None);
}

#[test]
fn lone_dates_are_not_ranges() {
    assert_eq!(range("Dated March 3, 2026. The account was opened on 2026-01-01."), None);
}

#[test]
fn foreign_messages_read_slashed_ranges_day_first() {
    let found = Mail::new("Anfrage", "Records from 01/02/2026 to 28/02/2026 please.")
        .from(None, "ermittler@polizei.example.de")
        .classify();

    assert_eq!(found.requested_range.map(|guess| guess.value), Some(closed((2026, 2, 1), (2026, 2, 28))));
}
