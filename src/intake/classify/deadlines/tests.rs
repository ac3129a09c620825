//! Specifications of the return date and the response period.

use crate::intake::classify::fixtures::{Mail, date, parts};
use crate::intake::classify::{Confidence, Location};

fn return_by(body: &str) -> Option<(chrono::NaiveDate, String, Confidence)> {
    parts(&Mail::new("Subpoena", body).classify().return_by)
        .map(|(value, phrase, _, confidence)| (value, phrase, confidence))
}

fn within(body: &str) -> Option<(u32, Confidence)> {
    Mail::new("Subpoena", body).classify().respond_within_days.map(|guess| (guess.value, guess.confidence))
}

#[test]
fn labelled_and_phrased_return_dates_are_read() {
    let table = [
        ("Return date: July 15, 2026", "Return date: July 15, 2026", Confidence::High),
        ("This subpoena is returnable on July 15, 2026.", "returnable on July 15, 2026", Confidence::High),
        (
            "Please produce the records on or before July 15, 2026.",
            "on or before July 15, 2026",
            Confidence::High,
        ),
        ("Provide the records no later than 2026-07-15.", "no later than 2026-07-15", Confidence::High),
        ("Please provide the information by July 15, 2026.", "by July 15, 2026", Confidence::Medium),
    ];
    for (body, phrase, confidence) in table {
        assert_eq!(return_by(body), Some((date(2026, 7, 15), phrase.to_owned(), confidence)), "{body}");
    }
}

#[test]
fn a_deadline_phrase_without_producing_words_is_medium() {
    assert_eq!(
        return_by("Deadline: on or before July 15, 2026.").map(|(_, _, confidence)| confidence),
        Some(Confidence::Medium)
    );
}

#[test]
fn a_warrants_execution_deadline_is_the_day_to_act_by_with_medium_confidence() {
    let body =
        "YOU ARE COMMANDED to execute this warrant on or before July 15, 2026 (not to exceed 14 days).";

    assert_eq!(
        return_by(body).map(|(value, _, confidence)| (value, confidence)),
        Some((date(2026, 7, 15), Confidence::Medium))
    );
}

#[test]
fn dates_about_renewing_expiring_or_signing_are_not_return_dates() {
    let table = [
        "We will renew the preservation no later than July 15, 2026.",
        "The order expires on or before July 15, 2026.",
        "The account was opened by July 15, 2026.",
        "Signed by July 15, 2026 at the latest.",
    ];
    for body in table {
        assert_eq!(return_by(body), None, "{body}");
    }
}

#[test]
fn a_return_date_before_the_message_arrived_is_low() {
    let found = Mail::new("Subpoena", "Return date: January 5, 2026").received(date(2026, 3, 2)).classify();

    assert_eq!(found.return_by.map(|guess| guess.confidence), Some(Confidence::Low));
}

#[test]
fn response_periods_are_read_in_days() {
    let table = [
        ("Please respond within 14 days of receipt.", Some((14, Confidence::High))),
        ("Produce the records within 14 calendar days.", Some((14, Confidence::High))),
        ("Please provide the records within ten (10) business days.", Some((10, Confidence::Medium))),
        ("Records are due within thirty days.", Some((30, Confidence::High))),
        ("Please respond within two weeks.", None),
        ("The account was created within 14 days of the offence.", None),
        ("Please respond within 400 days.", None),
        ("Please respond within 0 days.", None),
    ];
    for (body, expected) in table {
        assert_eq!(within(body), expected, "{body}");
    }
}

#[test]
fn the_evidence_quotes_the_period() {
    let found = Mail::new("Subpoena", "Please provide the records within ten (10) business days.").classify();

    assert_eq!(
        parts(&found.respond_within_days).map(|(_, phrase, location, _)| (phrase, location)),
        Some(("within ten (10) business days".to_owned(), Location::Body))
    );
}
