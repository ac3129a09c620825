//! Specifications of the request sufficiency checks.

use chrono::NaiveDate;

use crate::domain::email_address::EmailAddress;
use crate::domain::process_kind::ProcessKind;
use crate::domain::sufficiency::{
    Finding, LawEnforcementDomains, RequestFacts, SufficiencyCheck, check_request, missing_items,
};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A complete criminal subpoena from the FBI; tests change one fact at a time.
fn complete(sender: &EmailAddress) -> RequestFacts<'_> {
    RequestFacts {
        kind: ProcessKind::CriminalSubpoena,
        issuing_authority: Some("US District Court, N.D. Cal."),
        agent_name: Some("Special Agent Jane Doe"),
        sender: Some(sender),
        agent_phone: Some("+1 (415) 555-0100"),
        identifiers: 2,
        requested_from: Some(day("2026-01-01")),
        requested_to: Some(day("2026-03-31")),
        country: Some("US"),
    }
}

fn fbi() -> EmailAddress {
    EmailAddress::parse("jane.doe@fbi.gov").unwrap()
}

fn check(facts: &RequestFacts<'_>, which: SufficiencyCheck) -> Finding {
    let findings = check_request(facts, &LawEnforcementDomains::default());
    findings.into_iter().find(|finding| finding.check == which).unwrap()
}

fn failed(check: SufficiencyCheck, message: &str) -> Finding {
    Finding { check, passed: false, message: message.to_owned() }
}

fn passed(check: SufficiencyCheck, message: &str) -> Finding {
    Finding { check, passed: true, message: message.to_owned() }
}

#[test]
fn a_complete_request_passes_every_check_in_order() {
    let sender = fbi();
    let findings = check_request(&complete(&sender), &LawEnforcementDomains::default());

    assert_eq!(
        findings,
        [
            passed(SufficiencyCheck::IssuingAuthority, "issuing authority: US District Court, N.D. Cal."),
            passed(SufficiencyCheck::AgentName, "agent: Special Agent Jane Doe"),
            passed(
                SufficiencyCheck::LawEnforcementSender,
                "sender domain fbi.gov is a law-enforcement domain (it ends in .gov)"
            ),
            passed(SufficiencyCheck::DirectPhone, "direct phone: +1 (415) 555-0100"),
            passed(SufficiencyCheck::Particularity, "2 identifiers named"),
            passed(SufficiencyCheck::DateRange, "records from 2026-01-01 to 2026-03-31"),
            passed(SufficiencyCheck::UsOrigin, "agency in US"),
        ]
    );
    assert!(missing_items(&findings).is_empty());
}

#[test]
fn missing_names_are_deficient() {
    let sender = fbi();
    let facts = RequestFacts { issuing_authority: Some("  "), agent_name: None, ..complete(&sender) };

    assert_eq!(
        check(&facts, SufficiencyCheck::IssuingAuthority),
        failed(SufficiencyCheck::IssuingAuthority, "no issuing authority named")
    );
    assert_eq!(
        check(&facts, SufficiencyCheck::AgentName),
        failed(SufficiencyCheck::AgentName, "no agent named")
    );
}

#[test]
fn sender_findings_explain_the_domain_verdict() {
    let table = [
        (
            "agent@fbi-gov.com",
            "sender domain fbi-gov.com looks like a government domain but is not one (it ends in .com)",
        ),
        (
            "agent@fbi.gov.example.net",
            "sender domain fbi.gov.example.net looks like a government domain but is not one (it is a subdomain of example.net)",
        ),
        ("agent@gmail.com", "sender domain gmail.com is free mail, which anyone can open"),
        ("agent@example.org", "sender domain example.org is not on the list of law-enforcement domains"),
    ];
    for (address, message) in table {
        let sender = EmailAddress::parse(address).unwrap();

        assert_eq!(
            check(&complete(&sender), SufficiencyCheck::LawEnforcementSender),
            failed(SufficiencyCheck::LawEnforcementSender, message)
        );
    }
}

#[test]
fn no_sender_is_deficient() {
    let sender = fbi();
    let facts = RequestFacts { sender: None, ..complete(&sender) };

    assert_eq!(
        check(&facts, SufficiencyCheck::LawEnforcementSender).message,
        "no sender email address recorded"
    );
}

#[test]
fn emergency_sender_and_phone_are_evidence_not_proof() {
    let sender = fbi();
    let facts = RequestFacts { kind: ProcessKind::EmergencyRequest, ..complete(&sender) };

    assert_eq!(
        check(&facts, SufficiencyCheck::LawEnforcementSender).message,
        "sender domain fbi.gov is a law-enforcement domain (it ends in .gov); for an emergency request this is \
         evidence, not proof (hacked police mailboxes send fake emergency requests)"
    );
    assert_eq!(
        check(&facts, SufficiencyCheck::DirectPhone).message,
        "direct phone: +1 (415) 555-0100; verify the emergency through the agency's published number, not this one"
    );
}

#[test]
fn phone_must_be_present_and_usable() {
    let sender = fbi();
    let table = [
        (None, "no direct phone number for the agent"),
        (Some(" "), "no direct phone number for the agent"),
        (
            Some("555-01"),
            "no usable direct phone number: phone number \"555-01\" is not valid: it must have 7 to 15 digits",
        ),
    ];
    for (phone, message) in table {
        let facts = RequestFacts { agent_phone: phone, ..complete(&sender) };

        assert_eq!(
            check(&facts, SufficiencyCheck::DirectPhone),
            failed(SufficiencyCheck::DirectPhone, message)
        );
    }
}

#[test]
fn a_request_without_identifiers_lacks_particularity() {
    let sender = fbi();
    let none = RequestFacts { identifiers: 0, ..complete(&sender) };
    let one = RequestFacts { identifiers: 1, ..complete(&sender) };

    assert_eq!(
        check(&none, SufficiencyCheck::Particularity).message,
        "no identifiers: the request must name the accounts, email addresses, domains, IP addresses or \
         certificate serials sought"
    );
    assert_eq!(
        check(&one, SufficiencyCheck::Particularity),
        passed(SufficiencyCheck::Particularity, "1 identifier named")
    );
}

#[test]
fn date_range_findings() {
    let sender = fbi();
    let table = [
        (None, None, false, "no date range: the request must name the period of records sought"),
        (
            None,
            Some("2026-03-31"),
            false,
            "the date range has no start: the request must say from when records are sought (it ends 2026-03-31)",
        ),
        (Some("2026-01-01"), None, true, "records from 2026-01-01 to the present"),
        (
            Some("2026-03-31"),
            Some("2026-01-01"),
            false,
            "the date range ends on 2026-01-01, before it starts on 2026-03-31",
        ),
    ];
    for (from, to, ok, message) in table {
        let facts =
            RequestFacts { requested_from: from.map(day), requested_to: to.map(day), ..complete(&sender) };

        assert_eq!(
            check(&facts, SufficiencyCheck::DateRange),
            Finding { check: SufficiencyCheck::DateRange, passed: ok, message: message.to_owned() }
        );
    }
}

#[test]
fn preservation_needs_no_date_range() {
    let sender = fbi();
    let facts = RequestFacts {
        kind: ProcessKind::PreservationRequest,
        requested_from: None,
        requested_to: None,
        ..complete(&sender)
    };

    assert_eq!(
        check(&facts, SufficiencyCheck::DateRange),
        passed(
            SufficiencyCheck::DateRange,
            "no date range needed: a preservation freezes the records that exist now"
        )
    );
}

#[test]
fn origin_findings() {
    let sender = fbi();
    let table = [
        (ProcessKind::CriminalSubpoena, Some("united states"), true, "agency in united states"),
        (ProcessKind::SearchWarrant, Some("PR"), true, "agency in PR"),
        (
            ProcessKind::CriminalSubpoena,
            Some("DE"),
            false,
            "agency in DE: a foreign request generally needs an MLAT request or letter rogatory",
        ),
        (
            ProcessKind::MlatRequest,
            Some("DE"),
            true,
            "agency in DE, through the MLAT route: DOJ obtains US process for the records",
        ),
        (
            ProcessKind::CriminalSubpoena,
            None,
            false,
            "the agency's country is not recorded: confirm the request comes from a US agency",
        ),
    ];
    for (kind, country, ok, message) in table {
        let facts = RequestFacts { kind, country, ..complete(&sender) };

        assert_eq!(
            check(&facts, SufficiencyCheck::UsOrigin),
            Finding { check: SufficiencyCheck::UsOrigin, passed: ok, message: message.to_owned() }
        );
    }
}

#[test]
fn missing_items_are_the_failed_findings_in_order() {
    let sender = EmailAddress::parse("agent@gmail.com").unwrap();
    let facts =
        RequestFacts { agent_name: None, requested_from: None, requested_to: None, ..complete(&sender) };
    let findings = check_request(&facts, &LawEnforcementDomains::default());

    let missing: Vec<SufficiencyCheck> =
        missing_items(&findings).iter().map(|finding| finding.check).collect();

    assert_eq!(
        missing,
        [SufficiencyCheck::AgentName, SufficiencyCheck::LawEnforcementSender, SufficiencyCheck::DateRange]
    );
}

#[test]
fn check_names_serialise_as_snake_case() {
    for check in SufficiencyCheck::ALL {
        assert_eq!(serde_json::to_string(&check).unwrap(), format!("\"{}\"", check.as_str()));
    }
    assert_eq!(SufficiencyCheck::UsOrigin.label(), "US origin");
}
