//! Specifications of email-address parsing.

use super::{EmailAddress, EmailError, EmailProblem};
use crate::domain::identifier::domain::DomainProblem;

fn problem(value: &str) -> EmailProblem {
    match EmailAddress::parse(value).unwrap_err() {
        EmailError::Invalid { problem, .. } => problem,
        EmailError::Domain { problem, .. } => panic!("unexpected domain problem: {problem}"),
    }
}

#[test]
fn local_part_is_kept_and_domain_is_normalised() {
    let email = EmailAddress::parse("  Jane.Agent@FBI.Gov. ").unwrap();

    assert_eq!(email.as_str(), "Jane.Agent@fbi.gov");
    assert_eq!(email.local_part(), "Jane.Agent");
    assert_eq!(email.domain().as_str(), "fbi.gov");
}

#[test]
fn international_domain_is_stored_as_punycode() {
    let email = EmailAddress::parse("info@Bücher.example").unwrap();

    assert_eq!(email.as_str(), "info@xn--bcher-kva.example");
}

#[test]
fn matching_form_is_fully_lower_case() {
    let email = EmailAddress::parse("Jane.Agent@FBI.gov").unwrap();

    assert_eq!(email.normalized_for_matching(), "jane.agent@fbi.gov");
}

#[test]
fn plus_tags_and_common_symbols_are_allowed() {
    assert!(EmailAddress::parse("o'brien+lert@example.com").is_ok());
    assert!(EmailAddress::parse("a_b-c!#$%&*=?^`{|}~@example.com").is_ok());
}

#[test]
fn exactly_one_at_is_required() {
    assert_eq!(problem("agent.example.com"), EmailProblem::MissingAt);
    assert_eq!(problem("a@b@example.com"), EmailProblem::SeveralAts);
}

#[test]
fn local_part_must_be_present_and_at_most_64_characters() {
    assert_eq!(problem("@example.com"), EmailProblem::EmptyLocalPart);
    assert!(EmailAddress::parse(&format!("{}@example.com", "a".repeat(64))).is_ok());
    assert_eq!(
        problem(&format!("{}@example.com", "a".repeat(65))),
        EmailProblem::LocalPartTooLong { chars: 65 }
    );
}

#[test]
fn spaces_quotes_and_brackets_are_refused() {
    assert_eq!(problem("jane agent@example.com"), EmailProblem::Whitespace);
    assert_eq!(problem("\"jane\"@example.com"), EmailProblem::ForbiddenCharacter { character: '"' });
    assert_eq!(problem("<jane@example.com"), EmailProblem::ForbiddenCharacter { character: '<' });
}

#[test]
fn dots_may_not_start_end_or_repeat_in_the_local_part() {
    for value in [".jane@example.com", "jane.@example.com", "ja..ne@example.com"] {
        assert_eq!(problem(value), EmailProblem::MisplacedDot, "{value}");
    }
}

#[test]
fn invalid_domain_is_explained() {
    let error = EmailAddress::parse("jane@exa_mple.com").unwrap_err();

    assert_eq!(
        error.to_string(),
        "email address \"jane@exa_mple.com\" has an invalid domain: label \"exa_mple\" contains \
         '_': only letters, digits and hyphens are allowed"
    );
    assert!(matches!(
        EmailAddress::parse("jane@localhost"),
        Err(EmailError::Domain { problem: DomainProblem::SingleLabel, .. })
    ));
    assert!(matches!(
        EmailAddress::parse("jane@[192.0.2.1]"),
        Err(EmailError::Domain { problem: DomainProblem::IpAddress, .. })
    ));
}

#[test]
fn wildcard_domain_is_refused() {
    assert_eq!(problem("jane@*.example.com"), EmailProblem::WildcardDomain);
}

#[test]
fn whole_address_is_limited_to_254_characters() {
    let local = "a".repeat(64);
    let label = "b".repeat(63);
    let domain = format!("{label}.{label}.{label}.com");
    let address = format!("{local}@{domain}");

    assert_eq!(problem(&address), EmailProblem::TooLong { chars: address.len() });
}

#[test]
fn serde_uses_the_stored_string() {
    let email: EmailAddress = serde_json::from_str("\"Jane@FBI.gov\"").unwrap();

    assert_eq!(serde_json::to_string(&email).unwrap(), "\"Jane@fbi.gov\"");
    assert!(serde_json::from_str::<EmailAddress>("\"nobody\"").is_err());
}
