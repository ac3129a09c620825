//! Specifications of the agent's name.

use crate::intake::classify::fixtures::{Mail, parts};
use crate::intake::classify::{Confidence, Location};

fn agent(body: &str) -> Option<(String, Confidence)> {
    Mail::new("Request", body).classify().agent_name.map(|guess| (guess.value, guess.confidence))
}

#[test]
fn titled_names_on_signature_lines_are_high() {
    let table = [
        ("Sincerely,\n\nSpecial Agent Dana Whitfield\nFBI Boston", "Dana Whitfield"),
        ("Det. Maria Lopez #4512\nSpringfield PD", "Maria Lopez"),
        ("Detective Sergeant Jane Roe\nCyber Unit", "Jane Roe"),
        ("Task Force Officer Luis Ortega", "Luis Ortega"),
        ("Sgt. Tom Becker", "Tom Becker"),
        ("Investigator Amy Chen, Cyber Unit", "Amy Chen"),
        ("AUSA John Park", "John Park"),
        ("Trooper Ann Lee", "Ann Lee"),
        ("Officer Dana M. Whitfield", "Dana M. Whitfield"),
        ("Special Agent in Charge John Doe", "John Doe"),
        ("/s/ Special Agent Dana Whitfield", "Dana Whitfield"),
        ("DANA WHITFIELD\nSpecial Agent", "DANA WHITFIELD"),
        ("John Park\nAssistant United States Attorney", "John Park"),
    ];
    for (body, expected) in table {
        assert_eq!(agent(body), Some((expected.to_owned(), Confidence::High)), "{body}");
    }
}

#[test]
fn a_titled_name_in_running_text_is_medium() {
    let body = "I am writing on behalf of Detective Maria Lopez, who is handling this matter.";

    assert_eq!(agent(body), Some(("Maria Lopez".to_owned(), Confidence::Medium)));
}

#[test]
fn a_title_without_a_full_name_gives_nothing() {
    let table = [
        "Special Agent Whitfield will call you.",
        "The officer in charge is on leave.",
        "Officer Safety Unit",
        "Inspector General report",
        "Deputy Chief John Doe",
    ];
    for body in table {
        assert_eq!(agent(body), None, "{body}");
    }
}

#[test]
fn the_display_name_is_used_when_it_looks_like_a_person() {
    let table = [
        (Some("Dana Whitfield"), Some("Dana Whitfield")),
        (Some("Whitfield, Dana M. (BO) (FBI)"), Some("Dana M. Whitfield")),
        (Some("SA Dana Whitfield - FBI Boston"), Some("Dana Whitfield")),
        (Some("Springfield Police Department"), None),
        (Some("FBI Records"), None),
        (Some("noreply"), None),
    ];
    for (name, expected) in table {
        let found = Mail::new("Request", "See attached.").from(name, "x@example.org").classify();

        assert_eq!(
            parts(&found.agent_name).map(|(value, _, location, confidence)| (value, location, confidence)),
            expected.map(|value| (value.to_owned(), Location::Sender, Confidence::Medium)),
            "{name:?}"
        );
    }
}

#[test]
fn a_title_line_under_the_name_may_carry_a_short_prefix() {
    let body = "Sincerely,\n\nGregory T. Amsel\nU.S. Postal Inspector\nU.S. Postal Inspection Service\n";

    assert_eq!(agent(body), Some(("Gregory T. Amsel".to_owned(), Confidence::High)));
}

#[test]
fn german_and_french_ranks_introduce_names() {
    let table = [
        (
            "Mit freundlichen Grüßen\nKriminalhauptkommissarin Sabine Krüger\nBundeskriminalamt",
            "Sabine Krüger",
        ),
        ("Cordialement,\nAdjudant-chef Rémi Lefèvre\nGendarmerie nationale", "Rémi Lefèvre"),
    ];
    for (body, expected) in table {
        assert_eq!(agent(body), Some((expected.to_owned(), Confidence::High)), "{body}");
    }
}
