//! Specifications of the foreign-origin guess.

use crate::intake::classify::fixtures::{Mail, parts};
use crate::intake::classify::{Confidence, Location};

fn country_of(address: &str, body: &str) -> Option<(String, Confidence)> {
    Mail::new("Request", body)
        .from(None, address)
        .classify()
        .country
        .map(|guess| (guess.value, guess.confidence))
}

#[test]
fn a_foreign_country_code_ending_the_sender_domain_is_the_origin() {
    let table = [
        ("officer@polizei.bund.de", "DE", Confidence::High),
        ("duty@met.police.uk", "GB", Confidence::High),
        ("gendarme@interieur.gouv.fr", "FR", Confidence::High),
        ("someone@example.nl", "NL", Confidence::Medium),
        ("agent@rcmp-grc.gc.ca", "CA", Confidence::High),
    ];
    for (address, code, confidence) in table {
        assert_eq!(country_of(address, ""), Some((code.to_owned(), confidence)), "{address}");
    }
}

#[test]
fn us_domains_territories_and_generic_country_codes_are_not_foreign() {
    let table = [
        "agent@fbi.gov",
        "officer@troopers.state.ny.us",
        "police@example.pr",
        "tips@example.com",
        "lab@startup.io",
        "me@example.co",
        "records@army.mil",
    ];
    for address in table {
        assert_eq!(country_of(address, ""), None, "{address}");
    }
}

#[test]
fn a_foreign_force_named_in_the_text_is_the_origin_when_the_domain_says_nothing() {
    let found = Mail::new("Request", "Kind regards\nDS Amy Clarke\nMetropolitan Police Service\n")
        .from(None, "amy.clarke@gmail.com")
        .classify();

    assert_eq!(
        parts(&found.country),
        Some(("GB".to_owned(), "Metropolitan Police Service".to_owned(), Location::Body, Confidence::Medium))
    );
}

#[test]
fn a_force_that_agrees_with_the_domain_raises_confidence() {
    assert_eq!(
        country_of("ermittler@example.de", "Bundeskriminalamt, Wiesbaden"),
        Some(("DE".to_owned(), Confidence::High))
    );
}

#[test]
fn a_foreign_force_mentioned_by_a_us_agency_is_low() {
    let body = "We are working with the Bundeskriminalamt on this matter.";

    assert_eq!(country_of("agent@fbi.gov", body), Some(("DE".to_owned(), Confidence::Low)));
}

#[test]
fn the_dc_metropolitan_police_department_is_not_london() {
    assert_eq!(
        country_of("detective@mpdc.example.org", "Metropolitan Police Department\nWashington, DC"),
        None
    );
}

#[test]
fn a_force_in_the_display_name_counts() {
    let found = Mail::new("Request", "").from(Some("RCMP Cybercrime Unit"), "unit@example.org").classify();

    assert_eq!(
        found.country.map(|guess| (guess.value, guess.evidence.location)),
        Some(("CA".to_owned(), Location::Sender))
    );
}
