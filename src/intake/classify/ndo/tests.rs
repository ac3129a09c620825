//! Specifications of non-disclosure orders: cue, term and signing date.

use crate::domain::ndo::{DurationUnit, NdoTerm};
use crate::intake::classify::fixtures::{Mail, date, parts};
use crate::intake::classify::{Confidence, Location, NdoMention};

fn order(text: &str) -> Option<(NdoMention, String, Confidence)> {
    let found = Mail::new("Order", "").attach("order.pdf", text).received(date(2026, 3, 10)).classify();
    parts(&found.ndo).map(|(value, phrase, _, confidence)| (value, phrase, confidence))
}

fn term(text: &str) -> Option<NdoTerm> {
    order(text).and_then(|(mention, ..)| mention.term)
}

fn duration(amount: u32, unit: DurationUnit) -> Option<NdoTerm> {
    Some(NdoTerm::Duration { amount, unit })
}

#[test]
fn each_cue_names_an_order() {
    let table = [
        ("Order pursuant to 18 U.S.C. § 2705(b).", "2705(b)", Confidence::High),
        ("NON-DISCLOSURE ORDER", "NON-DISCLOSURE ORDER", Confidence::High),
        ("Nondisclosure order attached.", "Nondisclosure order", Confidence::High),
        (
            "The provider shall not disclose the existence of the subpoena.",
            "shall not disclose the existence",
            Confidence::High,
        ),
        (
            "IT IS ORDERED that the government may delay notice to the subscriber.",
            "delay notice",
            Confidence::Medium,
        ),
    ];
    for (text, phrase, confidence) in table {
        let found = order(text).map(|(_, phrase, confidence)| (phrase, confidence));

        assert_eq!(found, Some((phrase.to_owned(), confidence)), "{text}");
    }
}

#[test]
fn every_way_of_writing_the_term_is_read() {
    let cue = "ACME shall not disclose the existence of the warrant";
    let table = [
        ("for a period of one year", duration(1, DurationUnit::Years)),
        ("for 180 days", duration(180, DurationUnit::Days)),
        ("for ninety (90) days", duration(90, DurationUnit::Days)),
        ("for a period of one hundred eighty (180) days", duration(180, DurationUnit::Days)),
        ("for two years", duration(2, DurationUnit::Years)),
        ("for six months", duration(6, DurationUnit::Months)),
        ("until further order of the Court", Some(NdoTerm::UntilFurtherOrder)),
        ("until March 3, 2027", Some(NdoTerm::FixedEnd(date(2027, 3, 3)))),
    ];
    for (words, expected) in table {
        let text = format!("IT IS HEREBY ORDERED that {cue} {words}.");

        assert_eq!(term(&text), expected, "{words}");
    }
}

#[test]
fn a_term_out_of_range_is_not_proposed() {
    assert_eq!(
        term(
            "Order under 2705(b): the provider shall not disclose the existence of the order for 5000 days."
        ),
        None
    );
}

#[test]
fn the_signing_date_is_read_from_the_order() {
    let table = [
        "Signed on March 3, 2026",
        "Dated: March 3, 2026",
        "SO ORDERED this 3rd day of March, 2026.",
        "Entered: 03/03/2026",
        "Dated this 3rd day of March, 2026",
    ];
    for signature in table {
        let text = format!(
            "NON-DISCLOSURE ORDER\nThe provider shall not disclose the existence of the order.\n{signature}\nMagistrate Judge"
        );
        let signed = order(&text).and_then(|(mention, ..)| mention.signed_on);

        assert_eq!(signed, Some(date(2026, 3, 3)), "{signature}");
    }
}

#[test]
fn a_signing_date_after_the_message_arrived_is_not_a_signing_date() {
    let text = "NON-DISCLOSURE ORDER\nSigned on March 30, 2026";

    assert_eq!(order(text).and_then(|(mention, ..)| mention.signed_on), None);
}

#[test]
fn a_future_order_mentioned_in_a_preservation_request_is_low() {
    let body = "Please preserve the records of account 123456. We will seek a non-disclosure order.";
    let found = Mail::new("Preservation request", body).classify();

    assert_eq!(
        parts(&found.ndo).map(|(_, phrase, location, confidence)| (phrase, location, confidence)),
        Some(("non-disclosure order".to_owned(), Location::Body, Confidence::Low))
    );
}

#[test]
fn a_request_for_confidentiality_is_not_an_order() {
    let table = [
        "Please do not disclose the existence of this request to the subscriber.",
        "Although you are not required to do so, you are requested not to disclose the existence of this subpoena.",
        "We ask that the provider shall not disclose the existence of this subpoena.",
    ];
    for body in table {
        assert_eq!(Mail::new("Grand jury subpoena", body).classify().ndo, None, "{body}");
    }
}

#[test]
fn an_unticked_delayed_notice_box_on_a_warrant_form_is_no_order() {
    let form = "SEARCH AND SEIZURE WARRANT\n[ ] Pursuant to 18 U.S.C. § 3103a(b), I find that immediate \
        notification may have an adverse result listed in 18 U.S.C. § 2705, and authorize the officer \
        executing this warrant to delay notice to the person searched.\n\
        Unless delayed notice is authorized below, you must give a copy of the warrant.";

    assert_eq!(Mail::new("Search warrant", "").attach("warrant.txt", form).classify().ndo, None);
}

#[test]
fn the_signing_date_in_a_reply_is_not_taken_from_the_quoted_message() {
    let body = "Attached is the non-disclosure order issued under 18 U.S.C. § 2705(b). Judge Whitcomb \
        signed it on November 12, 2026; it is in effect for one year.\n\nRafael Ortega\n\n\
        From: Ortega, Rafael <rafael.ortega@hsi.dhs.gov>\nSent: Friday, November 6, 2026 10:05 AM\n\
        Subject: 2703(d) Order\n\nAttached is an order signed November 5, 2026 by the magistrate judge.";
    let found = Mail::new("RE: 2703(d) Order", body).received(date(2026, 11, 13)).classify();

    assert_eq!(
        found.ndo.map(|guess| guess.value),
        Some(NdoMention {
            term: Some(NdoTerm::Duration { amount: 1, unit: DurationUnit::Years }),
            signed_on: Some(date(2026, 11, 12)),
        })
    );
}

#[test]
fn a_preservation_request_cannot_carry_an_order() {
    let body = "Preservation request. A 2705(b) order accompanies this letter.";

    assert_eq!(
        Mail::new("Preservation request", body).classify().ndo.map(|guess| guess.confidence),
        Some(Confidence::Low)
    );
}
