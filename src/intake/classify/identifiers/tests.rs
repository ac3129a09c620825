//! Specifications of the proposed targets.

use crate::domain::sufficiency::sender_domain::LawEnforcementDomains;
use crate::intake::classify::fixtures::{Mail, attachment};
use crate::intake::classify::{Confidence, Location};

fn targets(mail: &Mail) -> Vec<(String, Confidence, Location)> {
    mail.classify()
        .identifiers
        .into_iter()
        .map(|guess| (guess.value.normalized().to_owned(), guess.confidence, guess.evidence.location))
        .collect()
}

fn owned(expected: &[(&str, Confidence, Location)]) -> Vec<(String, Confidence, Location)> {
    expected
        .iter()
        .map(|(value, confidence, location)| ((*value).to_owned(), *confidence, location.clone()))
        .collect()
}

#[test]
fn list_lines_are_high_and_running_text_is_medium() {
    let body = "We are investigating fraud involving evil-shop.example.\n\
        Please provide records for the following:\n\
        Account ID: 48213377\n\
        Target: jdoe@example.net\n\
        - 203.0.113.7\n\
        1. second-shop.example\n";

    assert_eq!(
        targets(&Mail::new("Subpoena", body)),
        owned(&[
            ("evil-shop.example", Confidence::Medium, Location::Body),
            ("48213377", Confidence::High, Location::Body),
            ("jdoe@example.net", Confidence::High, Location::Body),
            ("203.0.113.7", Confidence::High, Location::Body),
            ("second-shop.example", Confidence::High, Location::Body),
        ])
    );
}

#[test]
fn identifiers_in_attachments_are_high() {
    let mail = Mail::new("Subpoena", "See attached.")
        .attach("subpoena.pdf", "Records of the domain evil.example are requested.");

    assert_eq!(targets(&mail), owned(&[("evil.example", Confidence::High, attachment("subpoena.pdf"))]));
}

#[test]
fn a_target_seen_first_in_prose_takes_the_stronger_list_evidence_later() {
    let mail =
        Mail::new("Records for evil.example", "See attached.").attach("list.txt", "Domain: evil.example");
    let found = mail.classify();

    assert_eq!(found.identifiers.len(), 1);
    assert_eq!(found.identifiers[0].evidence.location, attachment("list.txt"));
    assert_eq!(found.identifiers[0].confidence, Confidence::High);
}

#[test]
fn the_senders_address_domain_and_law_enforcement_domains_are_not_targets() {
    let body = "Target: jdoe@example.net\n\n\
        Special Agent Dana Whitfield\ndwhitfield@fbi.gov\nhttps://www.fbi.gov\n\
        cc: duty.officer@ic.fbi.gov, trooper@troopers.state.ny.us, clerk@acme-law.example\n\
        Our office domain acme-law.example and mail.acme-law.example.";
    let mail = Mail::new("Subpoena", body).from(None, "paralegal@acme-law.example");

    assert_eq!(targets(&mail), owned(&[("jdoe@example.net", Confidence::High, Location::Body)]));
}

#[test]
fn configured_law_enforcement_domains_are_excluded_too() {
    let allow = LawEnforcementDomains::with_extra(["sheriff.example-county.org".to_owned()]);
    let mail = Mail::new("Subpoena", "Target: jdoe@example.net\nDeputy: k.hale@sheriff.example-county.org");
    let found: Vec<String> = mail
        .classify_with(&allow)
        .identifiers
        .iter()
        .map(|guess| guess.value.normalized().to_owned())
        .collect();

    assert_eq!(found, ["jdoe@example.net"]);
}

#[test]
fn free_mail_senders_do_not_hide_targets_at_the_same_provider() {
    let mail = Mail::new("Request", "Target: victim.account@gmail.com").from(None, "officer.jones@gmail.com");

    assert_eq!(targets(&mail), owned(&[("victim.account@gmail.com", Confidence::High, Location::Body)]));
}

#[test]
fn the_sender_itself_is_never_a_target() {
    let mail = Mail::new("Request", "Reply to officer.jones@gmail.com").from(None, "Officer.Jones@gmail.com");

    assert!(targets(&mail).is_empty());
}

#[test]
fn labelled_serials_and_accounts_are_found_across_prose() {
    let body = "We ask about the certificate with serial number 03 a1 b2 c3 d4 issued last week, and \
        the ACME account number 99887766 that requested it.";

    let found: Vec<String> =
        targets(&Mail::new("Request", body)).into_iter().map(|(value, ..)| value).collect();

    assert_eq!(found, ["3a1b2c3d4", "99887766"]);
}

#[test]
fn at_most_two_hundred_identifiers_are_proposed() {
    let body: String = (0..300).map(|n| format!("host{n}.example\n")).collect();

    assert_eq!(Mail::new("Request", &body).classify().identifiers.len(), 200);
}
