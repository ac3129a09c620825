//! Specifications of the agency guess.

use crate::intake::classify::fixtures::{Mail, attachment, parts};
use crate::intake::classify::{Confidence, Location};

fn agency(body: &str) -> Option<(String, Confidence)> {
    Mail::new("Request", body).classify().agency.map(|guess| (guess.value, guess.confidence))
}

#[test]
fn known_agencies_and_local_patterns_on_signature_lines_are_high() {
    let table = [
        (
            "Special Agent Dana Whitfield\nFederal Bureau of Investigation\nBoston Field Office",
            "Federal Bureau of Investigation",
        ),
        ("Drug Enforcement Administration\nChicago Division", "Drug Enforcement Administration"),
        ("Homeland Security Investigations", "Homeland Security Investigations"),
        ("Det. Maria Lopez\nSpringfield Police Department\nCyber Unit", "Springfield Police Department"),
        ("Deputy Kyle Hale\nLos Angeles County Sheriff's Office", "Los Angeles County Sheriff's Office"),
        (
            "ADA Rita Moreno\nOffice of the Kings County District Attorney",
            "Office of the Kings County District Attorney",
        ),
        ("DS Amy Clarke\nMetropolitan Police Service", "Metropolitan Police Service"),
        ("KHK Jens Albrecht\nBundeskriminalamt", "Bundeskriminalamt"),
        ("National Crime Agency\nNational Cyber Crime Unit", "National Crime Agency"),
        (
            "AUSA John Park\nUnited States Attorney's Office for the District of Massachusetts",
            "United States Attorney's Office for the District of Massachusetts",
        ),
        ("Thames Valley Police", "Thames Valley Police"),
        ("Trooper Ann Lee\nNew York State Police", "New York State Police"),
    ];
    for (body, expected) in table {
        assert_eq!(agency(body), Some((expected.to_owned(), Confidence::High)), "{body}");
    }
}

#[test]
fn an_agency_named_in_running_text_is_medium() {
    let body = "This request is made by the Springfield Police Department in connection with a fraud.";

    assert_eq!(agency(body), Some(("Springfield Police Department".to_owned(), Confidence::Medium)));
}

#[test]
fn a_letterhead_outranks_a_mention_in_prose() {
    let mail = Mail::new(
        "Subpoena",
        "We work closely with Homeland Security Investigations on cases like this one.",
    )
    .attach("subpoena.pdf", "U.S. Department of Justice\nDrug Enforcement Administration\nSUBPOENA");
    let found = mail.classify();

    assert_eq!(
        parts(&found.agency),
        Some((
            "Drug Enforcement Administration".to_owned(),
            "Drug Enforcement Administration".to_owned(),
            attachment("subpoena.pdf"),
            Confidence::High
        ))
    );
}

#[test]
fn the_display_name_is_used_when_the_text_names_no_agency() {
    let table = [
        (Some("Springfield Police Department"), "Springfield Police Department"),
        (Some("Whitfield, Dana (BO) (FBI)"), "Federal Bureau of Investigation"),
    ];
    for (name, expected) in table {
        let found = Mail::new("Request", "Please see attached.").from(name, "records@example.org").classify();

        assert_eq!(
            parts(&found.agency).map(|(value, _, location, confidence)| (value, location, confidence)),
            Some((expected.to_owned(), Location::Sender, Confidence::Medium)),
            "{name:?}"
        );
    }
}

#[test]
fn police_without_a_name_is_no_agency() {
    assert_eq!(agency("Please contact the police department if you have questions."), None);
    assert_eq!(agency("Police"), None);
}

#[test]
fn the_agency_in_the_agents_own_signature_block_wins() {
    let body = "Dated: November 13, 2026\n\n/s/ Jennifer A. Whitlock\nDeputy District Attorney\n\
        Marion County District Attorney's Office\n\nDet. Travis Holloway #4471\nMarion County Sheriff's Office\n\
        Office: (503) 555-0164\n";
    let found = Mail::new("Subpoena", body).classify();

    assert_eq!(found.agent_name.map(|guess| guess.value).as_deref(), Some("Travis Holloway"));
    assert_eq!(found.agency.map(|guess| guess.value).as_deref(), Some("Marion County Sheriff's Office"));
}
