//! Specifications of the process kind: each kind from its cues, statutes over weak words, and the
//! traps of process that is only mentioned or denied.

use crate::domain::process_kind::ProcessKind;
use crate::intake::classify::fixtures::{Mail, attachment, parts};
use crate::intake::classify::{Confidence, Location};

fn kind(subject: &str, body: &str) -> Option<(ProcessKind, Confidence)> {
    Mail::new(subject, body).classify().process_kind.map(|guess| (guess.value, guess.confidence))
}

#[test]
fn each_kind_is_read_from_its_named_process_or_statute() {
    let table = [
        ("Grand Jury Subpoena 2026R00117", "", ProcessKind::CriminalSubpoena),
        (
            "",
            "SUBPOENA TO TESTIFY BEFORE A GRAND JURY\nYou are commanded to appear.",
            ProcessKind::CriminalSubpoena,
        ),
        ("Trial subpoena - U.S. v. Doe", "", ProcessKind::CriminalSubpoena),
        (
            "",
            "This administrative subpoena is issued by the Drug Enforcement Administration.",
            ProcessKind::AdministrativeSubpoena,
        ),
        ("", "Issued under the authority of 21 U.S.C. § 876.", ProcessKind::AdministrativeSubpoena),
        ("", "Summons issued pursuant to 19 U.S.C. 1509 by HSI.", ProcessKind::AdministrativeSubpoena),
        (
            "",
            "Pursuant to 8 U.S.C. § 1225(d), you are required to produce.",
            ProcessKind::AdministrativeSubpoena,
        ),
        ("", "This subpoena is issued under 18 U.S.C. § 3486.", ProcessKind::AdministrativeSubpoena),
        ("Inspector General Subpoena", "", ProcessKind::AdministrativeSubpoena),
        ("Civil subpoena - Smith v. Jones", "", ProcessKind::CivilSubpoena),
        ("", "Order under 18 U.S.C. 2703(d) for records of the account.", ProcessKind::CourtOrder2703d),
        ("", "APPLICATION FOR AN ORDER PURSUANT TO SECTION 2703 (d)", ProcessKind::CourtOrder2703d),
        ("Search warrant for evil.example", "", ProcessKind::SearchWarrant),
        (
            "",
            "SEARCH AND SEIZURE WARRANT\nTo: Any authorized law enforcement officer",
            ProcessKind::SearchWarrant,
        ),
        ("", "Preservation request under 18 U.S.C. § 2703(f).", ProcessKind::PreservationRequest),
        (
            "",
            "MLAT request from the Kingdom of the Netherlands, transmitted by OIA.",
            ProcessKind::MlatRequest,
        ),
        ("", "Request for mutual legal assistance in a criminal matter.", ProcessKind::MlatRequest),
        ("Letter rogatory", "", ProcessKind::MlatRequest),
        ("", "ORDER AUTHORIZING THE INSTALLATION AND USE OF A PEN REGISTER", ProcessKind::PenRegisterOrder),
        ("", "Order for a trap and trace device on the account.", ProcessKind::PenRegisterOrder),
        ("", "Authorized under 18 U.S.C. § 3123.", ProcessKind::PenRegisterOrder),
        ("Wiretap order", "", ProcessKind::WiretapOrder),
        ("", "Interception authorized pursuant to 18 U.S.C. § 2518.", ProcessKind::WiretapOrder),
        ("National Security Letter", "", ProcessKind::NationalSecurityProcess),
        ("", "Order of the FISA court.", ProcessKind::NationalSecurityProcess),
        ("", "This letter is issued under 18 U.S.C. § 2709.", ProcessKind::NationalSecurityProcess),
    ];
    for (subject, body, expected) in table {
        assert_eq!(kind(subject, body), Some((expected, Confidence::High)), "{subject}{body}");
    }
}

#[test]
fn supporting_cues_give_a_kind_with_medium_confidence() {
    let table = [
        ("", "Subpoena issued under Fed. R. Civ. P. 45.", ProcessKind::CivilSubpoena),
        ("", "Interception order under Title III.", ProcessKind::WiretapOrder),
        ("", "Please preserve the account records for 90 days.", ProcessKind::PreservationRequest),
    ];
    for (subject, body, expected) in table {
        assert_eq!(kind(subject, body), Some((expected, Confidence::Medium)), "{body}");
    }
}

#[test]
fn a_subpoena_in_a_civil_action_is_civil() {
    let form = "SUBPOENA TO PRODUCE DOCUMENTS, INFORMATION, OR OBJECTS IN A CIVIL ACTION\n\
        Civil Action No. 3:26-cv-01234";

    assert_eq!(kind("", form), Some((ProcessKind::CivilSubpoena, Confidence::High)));
}

#[test]
fn a_plain_subpoena_is_criminal_with_low_confidence() {
    let found = Mail::new("Subpoena", "Please see the attached subpoena.").classify();

    assert_eq!(
        parts(&found.process_kind),
        Some((ProcessKind::CriminalSubpoena, "Subpoena".to_owned(), Location::Subject, Confidence::Low))
    );
}

#[test]
fn a_warrant_under_rule_41_is_a_search_warrant() {
    let body = "This warrant is issued under Fed. R. Crim. P. 41 for the premises described below.";

    assert_eq!(kind("", body), Some((ProcessKind::SearchWarrant, Confidence::Medium)));
}

#[test]
fn a_warrant_under_2703_a_or_b_is_a_search_warrant() {
    let body = "This warrant is issued pursuant to 18 U.S.C. §§ 2703(a), 2703(b)(1)(A) and 2703(c)(1)(A).";

    assert_eq!(kind("", body), Some((ProcessKind::SearchWarrant, Confidence::High)));
}

#[test]
fn an_order_signed_by_a_judge_without_2703d_is_another_court_order() {
    let order = "ORDER\n\nIT IS HEREBY ORDERED that ACME produce the registration records of the \
        domain evil.example.\n\nSO ORDERED.\n\nHon. Ellen Park\nUnited States Magistrate Judge";
    let found = Mail::new("Records", "").attach("order.pdf", order).classify();

    assert_eq!(
        parts(&found.process_kind),
        Some((
            ProcessKind::OtherCourtOrder,
            "HEREBY ORDERED".to_owned(),
            attachment("order.pdf"),
            Confidence::Medium
        ))
    );
}

#[test]
fn a_statute_outranks_a_plain_subpoena() {
    let body = "Please find attached a subpoena. It is issued under 18 U.S.C. 2703(d).";

    assert_eq!(kind("Subpoena", body), Some((ProcessKind::CourtOrder2703d, Confidence::High)));
}

#[test]
fn two_kinds_asserted_at_the_same_strength_lower_the_confidence() {
    let body = "Attached are a search warrant and a grand jury subpoena for the same account.";

    assert_eq!(kind("", body), Some((ProcessKind::SearchWarrant, Confidence::Medium)));
}

#[test]
fn future_process_in_a_preservation_request_does_not_make_it_that_process() {
    let table = [
        "Please preserve the records for 90 days. A search warrant will follow.",
        "Please preserve the records; we will obtain a 2703(d) order for them.",
        "Preservation request. We intend to seek a grand jury subpoena next week.",
        "Please preserve all records pending the issuance of a search warrant or a 2703(d) order.",
    ];
    for body in table {
        let found = kind("Preservation request", body);

        assert_eq!(found, Some((ProcessKind::PreservationRequest, Confidence::High)), "{body}");
    }
}

#[test]
fn process_that_is_only_mentioned_is_low_when_nothing_else_is_asserted() {
    let found = kind("Records for evil.example", "A search warrant will follow shortly.");

    assert_eq!(found, Some((ProcessKind::SearchWarrant, Confidence::Low)));
}

#[test]
fn denied_process_is_ignored() {
    assert_eq!(kind("", "No search warrant is required for basic subscriber data."), None);
    assert_eq!(kind("", "This is not a grand jury subpoena."), None);
}

#[test]
fn quoted_earlier_mail_only_mentions_process() {
    let body = "Thanks, see below.\n\n> Please find attached a search warrant for the account.";

    assert_eq!(kind("RE: records", body), Some((ProcessKind::SearchWarrant, Confidence::Low)));
}

#[test]
fn a_preservation_request_that_is_an_emergency_is_an_emergency_request() {
    let body = "Preservation request under 18 U.S.C. 2703(f). The child is at imminent risk of death \
        or serious bodily injury; we ask for emergency disclosure under 2702(b)(8).";
    let found = Mail::new("Preservation request", body).classify();

    assert_eq!(
        found.process_kind.map(|guess| (guess.value, guess.confidence)),
        Some((ProcessKind::EmergencyRequest, Confidence::High))
    );
    assert!(found.preservation.is_some());
}

#[test]
fn a_foreign_police_request_without_mlat_is_other_and_with_mlat_is_mlat() {
    let body = "We request the subscriber data for evil.example.\n\nMetropolitan Police Service";
    let plain = Mail::new("Request", body).from(None, "officer@met.police.uk").classify();
    let mlat = Mail::new("MLAT request", body).from(None, "officer@met.police.uk").classify();

    assert_eq!(plain.process_kind.map(|guess| guess.value), Some(ProcessKind::Other));
    assert_eq!(mlat.process_kind.map(|guess| guess.value), Some(ProcessKind::MlatRequest));
}

#[test]
fn a_search_warrant_named_inside_an_ndo_is_not_a_kind() {
    let order = "Pursuant to 18 U.S.C. § 2705(b), IT IS HEREBY ORDERED that the provider shall not \
        disclose the existence of the search warrant for a period of 180 days.\n\nUnited States Magistrate Judge";

    let found = Mail::new("", "").attach("ndo.pdf", order).classify();

    assert_eq!(found.process_kind, None);
}

#[test]
fn a_number_that_only_looks_like_a_statute_is_not_one() {
    assert_eq!(kind("", "Our office is at 3123 Main Street, Suite 876."), None);
}

#[test]
fn a_subpoena_in_a_criminal_matter_is_criminal_with_high_confidence() {
    let table = [
        "Please see the subpoena duces tecum below for records in a criminal investigation.",
        "Criminal subpoena duces tecum in People v. John Doe.",
        "SUBPOENA DUCES TECUM\nTHE PEOPLE OF THE STATE OF NEW YORK",
    ];
    for body in table {
        assert_eq!(kind("", body), Some((ProcessKind::CriminalSubpoena, Confidence::High)), "{body}");
    }
}

#[test]
fn every_process_listed_before_will_follow_is_only_mentioned() {
    let body = "Please preserve the records of the account. A search warrant or an order under 18 U.S.C. \
        2703(d) will follow.";

    assert_eq!(
        kind("Preservation Request", body),
        Some((ProcessKind::PreservationRequest, Confidence::High))
    );
}

#[test]
fn a_court_order_for_production_signed_by_a_judge_is_another_court_order() {
    let body = "THE COURT ORDERS that Example Trust Services produce the following records.\n\n\
        BY THE COURT:\n/s/ Gregory M. Lindahl\nDistrict Court Judge";

    assert_eq!(
        kind("Court Order for Production of Records", body),
        Some((ProcessKind::OtherCourtOrder, Confidence::Medium))
    );
}

#[test]
fn a_court_order_that_will_be_obtained_is_not_one() {
    let body = "EMERGENCY DISCLOSURE REQUEST under 18 U.S.C. 2702(b)(8). A court order will be obtained.";

    assert_eq!(kind("", body).map(|(kind, _)| kind), Some(ProcessKind::EmergencyRequest));
}

#[test]
fn the_subpoena_an_ndo_protects_is_not_the_kind_of_the_ndo() {
    let order = "ORDER PURSUANT TO 18 U.S.C. § 2705(b)\nThe Court finds that the subpoena relates to an \
        ongoing investigation. IT IS HEREBY ORDERED that the provider shall not disclose the existence \
        of the subpoena for one year.\nUnited States Magistrate Judge";

    assert_eq!(Mail::new("Order", "").attach("order.pdf", order).classify().process_kind, None);
}
