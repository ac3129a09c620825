//! Specifications of the preservation ask: initial or renewal.

use crate::domain::process_kind::ProcessKind;
use crate::intake::classify::fixtures::{Mail, parts};
use crate::intake::classify::{Confidence, Location, PreservationAsk};

fn ask(subject: &str, body: &str) -> Option<(PreservationAsk, String, Confidence)> {
    parts(&Mail::new(subject, body).classify().preservation)
        .map(|(value, phrase, _, confidence)| (value, phrase, confidence))
}

#[test]
fn a_first_request_is_initial() {
    let body = "Pursuant to 18 U.S.C. § 2703(f), please preserve the records of account 123456.";

    assert_eq!(
        ask("Preservation request", body),
        Some((PreservationAsk::Initial, "Preservation request".to_owned(), Confidence::High))
    );
}

#[test]
fn renewal_cues_make_a_renewal() {
    let table = [
        ("Preservation renewal - acct 123456", "", Confidence::High),
        (
            "Preservation",
            "This is a request to extend the preservation of the records for account 123456.",
            Confidence::Medium,
        ),
        (
            "Preservation",
            "Please treat this as a second 90-day preservation request under 2703(f)(2).",
            Confidence::High,
        ),
        (
            "Preservation",
            "We ask you to keep the records for an additional 90-day period under 2703(f)(2).",
            Confidence::High,
        ),
        ("Preservation", "Please renew the preservation request dated January 5, 2026.", Confidence::Medium),
    ];
    for (subject, body, confidence) in table {
        let found = ask(subject, body).map(|(value, _, confidence)| (value, confidence));

        assert_eq!(found, Some((PreservationAsk::Renewal, confidence)), "{subject} {body}");
    }
}

#[test]
fn the_statute_quoted_in_a_first_request_is_not_a_renewal() {
    let body = "Please preserve the records of account 123456. We understand this preservation may \
        be extended for an additional 90-day period upon a renewed request.";

    assert_eq!(ask("Preservation request", body).map(|(value, ..)| value), Some(PreservationAsk::Initial));
}

#[test]
fn a_reference_to_preservation_inside_other_process_is_low() {
    let body = "Order under 18 U.S.C. § 2703(d). The records were preserved under your preservation \
        request reference P-2026-17.";
    let found = Mail::new("2703(d) order", body).classify();

    assert_eq!(found.process_kind.map(|guess| guess.value), Some(ProcessKind::CourtOrder2703d));
    assert_eq!(found.preservation.map(|guess| guess.confidence), Some(Confidence::Low));
}

#[test]
fn no_preservation_cue_gives_nothing() {
    assert_eq!(ask("Grand jury subpoena", "Produce the records of account 123456."), None);
}

#[test]
fn the_evidence_points_at_the_renewal_phrase() {
    let found =
        Mail::new("Preservation request", "Please renew the preservation of account 123456.").classify();

    assert_eq!(
        parts(&found.preservation).map(|(_, phrase, location, _)| (phrase, location)),
        Some(("renew".to_owned(), Location::Body))
    );
}
