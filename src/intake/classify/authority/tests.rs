//! Specifications of the issuing court or office.

use crate::intake::classify::Confidence;
use crate::intake::classify::fixtures::{Mail, attachment, parts};

fn authority(text: &str) -> Option<(String, Confidence)> {
    Mail::new("Order", "")
        .attach("order.pdf", text)
        .classify()
        .issuing_authority
        .map(|guess| (guess.value, guess.confidence))
}

#[test]
fn federal_captions_are_spelled_back_with_their_district() {
    let table = [
        (
            "UNITED STATES DISTRICT COURT\n      FOR THE\n   EASTERN DISTRICT OF VIRGINIA",
            "United States District Court for the Eastern District of Virginia",
        ),
        (
            "United States District Court for the District of Columbia",
            "United States District Court for the District of Columbia",
        ),
        (
            "UNITED STATES DISTRICT COURT\nfor the\nSouthern District of New York",
            "United States District Court for the Southern District of New York",
        ),
        (
            "U.S. District Court, Northern District of California",
            "United States District Court for the Northern District of California",
        ),
    ];
    for (caption, expected) in table {
        assert_eq!(authority(caption), Some((expected.to_owned(), Confidence::High)), "{caption}");
    }
}

#[test]
fn a_federal_court_without_its_district_is_medium() {
    assert_eq!(
        authority("UNITED STATES DISTRICT COURT\n\nIn re Application"),
        Some(("United States District Court".to_owned(), Confidence::Medium))
    );
}

#[test]
fn state_courts_grand_juries_and_german_offices_are_read() {
    let table = [
        (
            "SUPERIOR COURT OF CALIFORNIA, COUNTY OF LOS ANGELES\nSearch Warrant",
            "Superior Court of California, County of Los Angeles",
        ),
        (
            "IN THE CIRCUIT COURT OF THE STATE OF OREGON\nFOR THE COUNTY OF MARION",
            "Circuit Court of the State of Oregon for the County of Marion",
        ),
        (
            "DISTRICT COURT, JEFFERSON COUNTY, COLORADO\nCase No. 26PO1183",
            "District Court, Jefferson County, Colorado",
        ),
        (
            "In the Circuit Court for Montgomery County, Maryland",
            "Circuit Court for Montgomery County, Maryland",
        ),
        ("Cook County Grand Jury\nSubpoena", "Cook County Grand Jury"),
        ("Amtsgericht München\nBeschluss", "Amtsgericht München"),
    ];
    for (text, expected) in table {
        assert_eq!(authority(text), Some((expected.to_owned(), Confidence::Medium)), "{text}");
    }
}

#[test]
fn the_evidence_quotes_the_caption_as_written() {
    let found = Mail::new("Order", "")
        .attach("order.pdf", "UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF MASSACHUSETTS")
        .classify();

    assert_eq!(
        parts(&found.issuing_authority).map(|(_, phrase, location, _)| (phrase, location)),
        Some((
            "UNITED STATES DISTRICT COURT FOR THE DISTRICT OF MASSACHUSETTS".to_owned(),
            attachment("order.pdf")
        ))
    );
}

#[test]
fn a_state_court_named_mid_sentence_is_not_a_caption() {
    assert_eq!(
        authority("This order was issued by the District Court, Jefferson County, Colorado, today."),
        None
    );
}

#[test]
fn a_court_that_is_denied_is_not_the_authority() {
    assert_eq!(authority("This is not a United States District Court order."), None);
}
