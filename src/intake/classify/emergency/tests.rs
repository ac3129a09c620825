//! Specifications of the emergency guess.

use crate::intake::classify::fixtures::{Mail, parts};
use crate::intake::classify::{Confidence, Location};

fn emergency(subject: &str, body: &str) -> Option<(String, Location, Confidence)> {
    parts(&Mail::new(subject, body).classify().emergency).map(|(value, phrase, location, confidence)| {
        assert!(value);
        (phrase, location, confidence)
    })
}

#[test]
fn a_subject_cue_is_high() {
    let table = [
        "EMERGENCY DISCLOSURE REQUEST",
        "Emergency disclosure - kidnapping",
        "Exigent request",
        "2702(b)(8) request",
    ];
    for subject in table {
        assert_eq!(
            emergency(subject, "").map(|(_, location, confidence)| (location, confidence)),
            Some((Location::Subject, Confidence::High)),
            "{subject}"
        );
    }
}

#[test]
fn statutory_and_danger_cues_in_the_body_are_high() {
    let table = [
        ("We request disclosure under 18 U.S.C. § 2702(c)(4).", "2702(c)(4)"),
        (
            "The victim faces an imminent danger of death or serious physical injury.",
            "imminent danger of death",
        ),
        ("There is a risk of death or serious bodily injury to a child.", "risk of death"),
    ];
    for (body, phrase) in table {
        assert_eq!(
            emergency("Request", body),
            Some((phrase.to_owned(), Location::Body, Confidence::High)),
            "{body}"
        );
    }
}

#[test]
fn exigent_circumstances_in_the_body_are_medium() {
    let found = emergency("Request", "Exigent circumstances exist; please respond today.");

    assert_eq!(found, Some(("Exigent circumstances".to_owned(), Location::Body, Confidence::Medium)));
}

#[test]
fn a_denied_or_hypothetical_emergency_is_no_emergency() {
    let table = [
        "This is not an emergency request.",
        "This is not an emergency.",
        "No exigent circumstances exist.",
        "This is a non-emergency disclosure request.",
    ];
    for body in table {
        assert_eq!(emergency("Preservation request", body), None, "{body}");
    }
}

#[test]
fn the_word_emergency_alone_is_not_enough() {
    assert_eq!(emergency("Records", "Our emergency contact line is staffed around the clock."), None);
}
