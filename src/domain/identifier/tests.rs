//! Specifications of identifier parsing across kinds.

use crate::domain::identifier::{Identifier, IdentifierError, TargetKind};

fn normalized(kind: TargetKind, raw: &str) -> String {
    Identifier::parse(kind, raw).unwrap().normalized().to_owned()
}

#[test]
fn raw_is_kept_trimmed_as_given() {
    let identifier = Identifier::parse(TargetKind::Domain, "  Bücher.Example. ").unwrap();

    assert_eq!(identifier.kind(), TargetKind::Domain);
    assert_eq!(identifier.raw(), "Bücher.Example.");
    assert_eq!(identifier.normalized(), "xn--bcher-kva.example");
}

#[test]
fn each_kind_normalises_by_its_own_rules() {
    assert_eq!(
        normalized(TargetKind::AccountId, "https://acme-v02.api.letsencrypt.org/acme/acct/0042"),
        "42"
    );
    assert_eq!(
        normalized(TargetKind::Email, "Jane.Agent@Bücher.Example"),
        "jane.agent@xn--bcher-kva.example"
    );
    assert_eq!(normalized(TargetKind::Domain, "*.Example.COM"), "*.example.com");
    assert_eq!(normalized(TargetKind::Ip, "::ffff:192.0.2.1"), "192.0.2.1");
    assert_eq!(normalized(TargetKind::CertSerial, "0x00:A1:B2"), "a1b2");
}

#[test]
fn blank_input_is_refused_naming_the_kind() {
    let error = Identifier::parse(TargetKind::Ip, "   ").unwrap_err();

    assert_eq!(error, IdentifierError::Empty { kind: TargetKind::Ip });
    assert_eq!(error.to_string(), "the IP address is empty");
}

#[test]
fn more_than_500_characters_is_refused_before_parsing() {
    let error = Identifier::parse(TargetKind::Domain, &"a".repeat(501)).unwrap_err();

    assert_eq!(error.to_string(), "the domain name is too long: 501 characters, at most 500");
}

#[test]
fn kind_specific_errors_keep_their_message() {
    let error = Identifier::parse(TargetKind::Ip, "10.0.0.0/8").unwrap_err();

    assert!(matches!(error, IdentifierError::Ip(_)));
    assert_eq!(
        error.to_string(),
        "IP address \"10.0.0.0/8\" is not valid: a single IP address is required, not a range"
    );
}

#[test]
fn differently_written_identifiers_name_the_same_target() {
    let one = Identifier::parse(TargetKind::CertSerial, "03:A1:B2").unwrap();
    let other = Identifier::parse(TargetKind::CertSerial, "3a1b2").unwrap();

    assert!(one.same_target(&other));
    assert_ne!(one, other);
}

#[test]
fn serialises_with_kind_raw_and_normalized() {
    let identifier = Identifier::parse(TargetKind::Domain, "Example.COM").unwrap();

    assert_eq!(
        serde_json::to_value(&identifier).unwrap(),
        serde_json::json!({"kind": "domain", "raw": "Example.COM", "normalized": "example.com"})
    );
}

#[test]
fn deserialising_recomputes_the_normalised_form() {
    let json = r#"{"kind": "domain", "raw": "Example.COM", "normalized": "forged.example"}"#;

    let identifier: Identifier = serde_json::from_str(json).unwrap();

    assert_eq!(identifier.normalized(), "example.com");
    assert!(serde_json::from_str::<Identifier>(r#"{"kind": "ip", "raw": "nope"}"#).is_err());
}
