//! Specifications of the agent's phone number.

use crate::intake::classify::fixtures::{Mail, parts};
use crate::intake::classify::{Confidence, Location};

fn phone(body: &str) -> Option<(String, Confidence)> {
    Mail::new("Request", body)
        .classify()
        .agent_phone
        .map(|guess| (guess.value.as_str().to_owned(), guess.confidence))
}

#[test]
fn labelled_numbers_in_a_signature_are_high() {
    let table = [
        ("Tel: (202) 555-0143", "(202) 555-0143"),
        ("Phone: 202.555.0143", "202.555.0143"),
        ("Direct line: +1 202 555 0143", "+1 202 555 0143"),
        ("Desk 202-555-0143 | Fax 202-555-0199", "202-555-0143"),
        ("Cell: 617-555-0199.", "617-555-0199"),
        ("(o) 202-555-0143 (c) 617-555-0199", "202-555-0143"),
        ("617-555-0199 (c)", "617-555-0199"),
        ("O: 202-555-0143", "202-555-0143"),
        ("Office: 202-555-0143 x123", "202-555-0143 x123"),
        ("Telephone number: 0611 55 12345", "0611 55 12345"),
    ];
    for (line, expected) in table {
        let body = format!("Regards,\nDet. Maria Lopez\n{line}\n");

        assert_eq!(phone(&body), Some((expected.to_owned(), Confidence::High)), "{line}");
    }
}

#[test]
fn fax_numbers_and_subscriber_phones_are_not_the_agents() {
    let table = ["Fax: 202-555-0199", "Subscriber phone: 202-555-0111", "Target phone number: 202-555-0111"];
    for line in table {
        assert_eq!(phone(line), None, "{line}");
    }
}

#[test]
fn a_label_without_a_valid_number_gives_nothing() {
    let table = [
        "Phone: call the front desk",
        "Office of the District Attorney",
        "Tel: 555-01",
        "Ph.D. in forensics",
    ];
    for line in table {
        assert_eq!(phone(line), None, "{line}");
    }
}

#[test]
fn a_number_far_above_the_signature_is_medium() {
    let body =
        format!("Please call me at 202-555-0143 to confirm.\n{}\nRegards", "Background text. ".repeat(120));

    assert_eq!(phone(&body), Some(("202-555-0143".to_owned(), Confidence::Medium)));
}

#[test]
fn the_evidence_quotes_label_and_number() {
    let found = Mail::new("Request", "Regards\nTel: (202) 555-0143").classify();

    assert_eq!(
        parts(&found.agent_phone).map(|(_, phrase, location, _)| (phrase, location)),
        Some(("Tel: (202) 555-0143".to_owned(), Location::Body))
    );
}

#[test]
fn a_note_between_label_and_number_and_french_labels_are_read() {
    assert_eq!(
        phone("Desk (24/7): (602) 555-0110\nCell: (480) 555-0139"),
        Some(("(602) 555-0110".to_owned(), Confidence::High))
    );
    assert_eq!(phone("Tél. : +33 1 99 00 27 41"), Some(("+33 1 99 00 27 41".to_owned(), Confidence::High)));
}
