//! Whole requests as agencies send them, classified field by field.

use crate::domain::identifier::TargetKind;
use crate::domain::ndo::{DurationUnit, NdoTerm};
use crate::domain::process_kind::ProcessKind;
use crate::intake::classify::fixtures::{Mail, attachment, date, parts};
use crate::intake::classify::{Confidence, DateRange, Location, NdoMention, PreservationAsk};

const PRESERVATION_BODY: &str = "Dear Custodian of Records:

Pursuant to Title 18, United States Code, Section 2703(f), the Federal Bureau of Investigation
requests that you preserve all records and other evidence in your possession relating to the
following accounts for a period of 90 days, pending the issuance of a search warrant or a
2703(d) order:

  - ACME account ID: 48213377
  - Email: jdoe.target@example.net
  - Domain: evil-shop.example

Please preserve records from January 1, 2026 through the present. A search warrant will follow.
This is not an emergency request.

Sincerely,

Special Agent Dana Whitfield
Federal Bureau of Investigation
Boston Field Office
201 Maple Street, Chelsea, MA 02150
Desk: (617) 555-0143 | Cell: 617-555-0199
dwhitfield@fbi.gov
";

fn preservation_mail() -> Mail {
    Mail::new("Preservation Request - 18 U.S.C. 2703(f)", PRESERVATION_BODY)
        .from(Some("Whitfield, Dana (BO) (FBI)"), "dwhitfield@fbi.gov")
}

#[test]
fn an_fbi_preservation_letter_gives_every_field_it_states() {
    let found = preservation_mail().classify();

    assert_eq!(
        parts(&found.process_kind),
        Some((
            ProcessKind::PreservationRequest,
            "Preservation Request".to_owned(),
            Location::Subject,
            Confidence::High
        ))
    );
    assert_eq!(found.preservation.map(|guess| guess.value), Some(PreservationAsk::Initial));
    assert_eq!(found.emergency, None);
    assert_eq!(found.ndo, None);
    assert_eq!(
        found.requested_range.map(|guess| guess.value),
        Some(DateRange { from: Some(date(2026, 1, 1)), to: None })
    );
    assert_eq!(found.agency.map(|guess| guess.value).as_deref(), Some("Federal Bureau of Investigation"));
    let agent = found.agent_name.expect("the agent signs the letter");
    assert_eq!(
        (agent.value.as_str(), agent.evidence.phrase.as_str()),
        ("Dana Whitfield", "Special Agent Dana Whitfield")
    );
    assert_eq!(agent.confidence, Confidence::High);
    assert_eq!(
        found.agent_phone.map(|guess| guess.value.as_str().to_owned()).as_deref(),
        Some("(617) 555-0143")
    );
    assert_eq!(found.country, None);
}

#[test]
fn the_future_warrant_and_2703d_order_in_a_preservation_letter_do_not_change_its_kind() {
    let found = preservation_mail().classify();

    assert_eq!(found.process_kind.map(|guess| guess.value), Some(ProcessKind::PreservationRequest));
}

#[test]
fn targets_are_proposed_but_the_agents_own_address_and_agency_domain_are_not() {
    let found = preservation_mail().classify();
    let targets: Vec<(TargetKind, &str, Confidence)> = found
        .identifiers
        .iter()
        .map(|guess| (guess.value.kind(), guess.value.normalized(), guess.confidence))
        .collect();

    assert_eq!(
        targets,
        [
            (TargetKind::AccountId, "48213377", Confidence::High),
            (TargetKind::Email, "jdoe.target@example.net", Confidence::High),
            (TargetKind::Domain, "evil-shop.example", Confidence::High),
        ]
    );
}

#[test]
fn a_warrant_with_an_attached_ndo_gives_the_order_term_and_signing_date() {
    let body = "Good afternoon,\n\nAttached please find a search warrant signed by Magistrate Judge \
        Ellen Park, together with an Order pursuant to 18 U.S.C. 2705(b). Please produce the \
        responsive records on or before March 19, 2026.\n\nDet. Maria Lopez #4512\n\
        Springfield Police Department\nCyber Crimes Unit\nOffice: 413-555-0101\n";
    let warrant = "UNITED STATES DISTRICT COURT\n                         for the\n               \
        District of Massachusetts\n\nIn the Matter of the Search of\nINFORMATION ASSOCIATED WITH \
        ACCOUNT 48213377       Case No. 1:26-mj-00123\n\nSEARCH AND SEIZURE WARRANT\n\n\
        An application by a federal law enforcement officer requests the search of the account \
        jdoe.target@example.net, for records from 01/01/2026 to 02/28/2026.\n\n\
        YOU ARE COMMANDED to execute this warrant on or before March 17, 2026 (not to exceed 14 days).\n";
    let order = "ORDER\n\nThe United States has submitted an application pursuant to 18 U.S.C. § 2705(b). \
        IT IS HEREBY ORDERED that ACME shall not disclose the existence of the warrant, or this \
        Order of the Court, to the listed subscriber or to any other person, for a period of one \
        year from the date of this Order.\n\nSO ORDERED this 3rd day of March, 2026.\n\n\
        Ellen Park\nUnited States Magistrate Judge\n";
    let mail = Mail::new("Search Warrant - Case No. 1:26-mj-00123", body)
        .attach("warrant.pdf", warrant)
        .attach("ndo.pdf", order)
        .from(Some("Det. Maria Lopez"), "mlopez@springfieldpd.org")
        .received(date(2026, 3, 5));

    let found = mail.classify();

    assert_eq!(
        found.process_kind.map(|guess| (guess.value, guess.confidence)),
        Some((ProcessKind::SearchWarrant, Confidence::High))
    );
    let ndo = found.ndo.expect("the order is attached");
    assert_eq!(
        ndo.value,
        NdoMention {
            term: Some(NdoTerm::Duration { amount: 1, unit: DurationUnit::Years }),
            signed_on: Some(date(2026, 3, 3)),
        }
    );
    assert_eq!(ndo.confidence, Confidence::High);
    assert_eq!(
        parts(&found.return_by),
        Some((date(2026, 3, 19), "on or before March 19, 2026".to_owned(), Location::Body, Confidence::High))
    );
    assert_eq!(
        parts(&found.requested_range).map(|(range, phrase, location, _)| (range, phrase, location)),
        Some((
            DateRange { from: Some(date(2026, 1, 1)), to: Some(date(2026, 2, 28)) },
            "from 01/01/2026 to 02/28/2026".to_owned(),
            attachment("warrant.pdf")
        ))
    );
    assert_eq!(
        found.issuing_authority.map(|guess| guess.value).as_deref(),
        Some("United States District Court for the District of Massachusetts")
    );
    assert_eq!(
        parts(&found.docket_number),
        Some((
            "1:26-mj-00123".to_owned(),
            "Case No. 1:26-mj-00123".to_owned(),
            Location::Subject,
            Confidence::High
        ))
    );
    assert_eq!(found.agency.map(|guess| guess.value).as_deref(), Some("Springfield Police Department"));
    assert_eq!(found.agent_name.map(|guess| guess.value).as_deref(), Some("Maria Lopez"));
    assert_eq!(
        found.agent_phone.map(|guess| guess.value.as_str().to_owned()).as_deref(),
        Some("413-555-0101")
    );
    let in_attachment: Vec<(&str, &Location)> =
        found.identifiers.iter().map(|guess| (guess.value.normalized(), &guess.evidence.location)).collect();
    assert_eq!(
        in_attachment,
        [("48213377", &attachment("warrant.pdf")), ("jdoe.target@example.net", &attachment("warrant.pdf"))]
    );
}

#[test]
fn an_emergency_from_a_state_police_sergeant_is_an_emergency_request() {
    let body = "This is an emergency request pursuant to 18 U.S.C. 2702(b)(8) and 2702(c)(4). We \
        believe a 15-year-old is at imminent risk of death or serious bodily injury. Please disclose \
        the subscriber information for kid.runaway@example.com and IP address 203.0.113.45. Legal \
        process will follow.\n\nSgt. Tom Becker\nNew York State Police\nTel: (518) 555-0182\n";
    let found = Mail::new("EMERGENCY DISCLOSURE REQUEST - missing juvenile", body)
        .from(Some("Sgt. Tom Becker"), "tbecker@troopers.state.ny.us")
        .classify();

    assert_eq!(
        parts(&found.emergency),
        Some((true, "EMERGENCY DISCLOSURE REQUEST".to_owned(), Location::Subject, Confidence::High))
    );
    assert_eq!(found.process_kind.map(|guess| guess.value), Some(ProcessKind::EmergencyRequest));
    assert_eq!(found.agency.map(|guess| guess.value).as_deref(), Some("New York State Police"));
    assert_eq!(found.agent_name.map(|guess| guess.value).as_deref(), Some("Tom Becker"));
    let targets: Vec<&str> = found.identifiers.iter().map(|guess| guess.value.normalized()).collect();
    assert_eq!(targets, ["kid.runaway@example.com", "203.0.113.45"]);
}

#[test]
fn a_german_police_request_is_foreign_and_reads_day_first_dates() {
    let body = "Dear Sir or Madam,\n\nThe Bundeskriminalamt is investigating a fraud case \
        (Aktenzeichen: ST 12-3456/26). We kindly ask you to provide the registration data for the \
        domain betrug-shop.example, used between 05.01.2026 and 10.02.2026. Please reply by \
        12/03/2026.\n\nKind regards\nKriminalhauptkommissar Jens Albrecht\nBundeskriminalamt\n\
        Phone: +49 611 55 12345\n";
    let found = Mail::new("Request for subscriber data", body)
        .from(Some("KHK Jens Albrecht"), "jens.albrecht@bka.bund.de")
        .classify();

    assert_eq!(
        parts(&found.country),
        Some(("DE".to_owned(), "jens.albrecht@bka.bund.de".to_owned(), Location::Sender, Confidence::High))
    );
    assert_eq!(
        found.process_kind.map(|guess| (guess.value, guess.confidence)),
        Some((ProcessKind::Other, Confidence::Medium))
    );
    assert_eq!(
        found.requested_range.map(|guess| guess.value),
        Some(DateRange { from: Some(date(2026, 1, 5)), to: Some(date(2026, 2, 10)) })
    );
    assert_eq!(found.return_by.map(|guess| guess.value), Some(date(2026, 3, 12)));
    assert_eq!(found.agency.map(|guess| guess.value).as_deref(), Some("Bundeskriminalamt"));
    assert_eq!(found.docket_number.map(|guess| guess.value).as_deref(), Some("ST 12-3456/26"));
    assert_eq!(
        found.agent_phone.map(|guess| guess.value.as_str().to_owned()).as_deref(),
        Some("+49 611 55 12345")
    );
}

#[test]
fn a_dea_administrative_subpoena_names_the_dea_as_issuing_authority() {
    let subpoena = "U.S. Department of Justice\nDrug Enforcement Administration\nSUBPOENA\n\
        To: ACME Registry, Custodian of Records\nCase Number: R2-26-0045\n\
        You are hereby required to produce the records for account 5551234 no later than \
        March 20, 2026, for the period from February 1, 2026 to February 28, 2026.\n\n\
        Diversion Investigator Karen Mills\nTel: 312-555-0130\n";
    let found = Mail::new(
        "DEA Subpoena",
        "Please see the attached administrative subpoena issued under 21 U.S.C. § 876. Respond \
         within ten (10) business days.",
    )
    .attach("subpoena.pdf", subpoena)
    .from(Some("DEA Chicago Division"), "records.request@dea.gov")
    .classify();

    assert_eq!(found.process_kind.map(|guess| guess.value), Some(ProcessKind::AdministrativeSubpoena));
    assert_eq!(
        parts(&found.issuing_authority).map(|(value, _, location, _)| (value, location)),
        Some(("Drug Enforcement Administration".to_owned(), attachment("subpoena.pdf")))
    );
    assert_eq!(
        found.respond_within_days.map(|guess| (guess.value, guess.confidence)),
        Some((10, Confidence::Medium))
    );
    assert_eq!(found.return_by.map(|guess| guess.value), Some(date(2026, 3, 20)));
    assert_eq!(found.docket_number.map(|guess| guess.value).as_deref(), Some("R2-26-0045"));
}

#[test]
fn an_ndo_alone_is_no_kind_of_process() {
    let order = "UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF MASSACHUSETTS\n\
        Misc. No. 26-mc-00045\n\nORDER PURSUANT TO 18 U.S.C. § 2705(b)\n\n\
        IT IS HEREBY ORDERED that ACME shall not disclose the existence of the subpoena, or of \
        this Order, to any person until further order of the Court.\n\n\
        Entered: March 9, 2026\n\nHon. Ellen Park, United States Magistrate Judge\n";
    let found = Mail::new("Order", "Attached is an order.")
        .attach("order.pdf", order)
        .from(None, "clerk@mad.uscourts.gov")
        .received(date(2026, 3, 10))
        .classify();

    assert_eq!(found.process_kind, None);
    assert_eq!(found.preservation, None);
    assert_eq!(
        found.ndo.map(|guess| guess.value),
        Some(NdoMention { term: Some(NdoTerm::UntilFurtherOrder), signed_on: Some(date(2026, 3, 9)) })
    );
    assert_eq!(found.docket_number.map(|guess| guess.value).as_deref(), Some("26-mc-00045"));
}

#[test]
fn an_empty_message_proposes_nothing() {
    let found = Mail::new("", "").classify();

    assert_eq!(found.process_kind, None);
    assert_eq!(found.emergency, None);
    assert!(found.identifiers.is_empty());
    assert_eq!(found.agency, None);
    assert_eq!(found.country, None);
}

#[test]
fn classification_serialises_with_snake_case_names_and_tagged_locations() {
    let found = Mail::new("Grand Jury Subpoena", "").attach("gj.pdf", "subpoena").classify();
    let json = serde_json::to_value(&found).expect("serialisable");

    assert_eq!(json["process_kind"]["value"], "criminal_subpoena");
    assert_eq!(json["process_kind"]["confidence"], "high");
    assert_eq!(json["process_kind"]["evidence"]["location"], serde_json::json!({"part": "subject"}));
    let attached = serde_json::to_value(attachment("gj.pdf")).expect("serialisable");
    assert_eq!(attached, serde_json::json!({"part": "attachment", "name": "gj.pdf"}));
}

#[test]
fn text_beyond_the_cap_is_ignored() {
    let padding = "a ".repeat(300 * 1024);
    let body = format!("{padding}Grand jury subpoena for evil.example");

    let found = Mail::new("", &body).classify();

    assert_eq!(found.process_kind, None);
    assert!(found.identifiers.is_empty());
}

#[test]
fn a_large_message_is_classified_in_full_below_the_cap() {
    let paragraph = "The records requested relate to an ongoing investigation. ";
    let body = format!("{}Please produce records for evil.example.\n", paragraph.repeat(3_000));

    let found = Mail::new("Grand Jury Subpoena", &body).classify();

    assert_eq!(found.process_kind.map(|guess| guess.value), Some(ProcessKind::CriminalSubpoena));
    assert_eq!(found.identifiers.len(), 1);
}
