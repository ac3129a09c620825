//! Specifications of identifier extraction from free text.

use super::extract_identifiers;
use crate::domain::identifier::TargetKind;

/// (kind, normalized) pairs, the shape every expectation below is written in.
fn found(text: &str) -> Vec<(TargetKind, String)> {
    extract_identifiers(text)
        .into_iter()
        .map(|identifier| (identifier.kind(), identifier.normalized().to_owned()))
        .collect()
}

fn pairs(expected: &[(TargetKind, &str)]) -> Vec<(TargetKind, String)> {
    expected.iter().map(|(kind, value)| (*kind, (*value).to_owned())).collect()
}

#[test]
fn a_typical_request_yields_every_target_in_order() {
    let text = "From: Special Agent Jane Roe <jane.roe@FBI.gov>\n\
        Subject: Grand jury subpoena 24-117 (see subpoena.pdf)\n\n\
        Please provide subscriber information for the ACME account\n\
        https://acme-v02.api.letsencrypt.org/acme/acct/123456789, the email\n\
        Target@Example.ORG and the domains evil-shop.example and Bücher.example.\n\
        Connections from 203.0.113.7 and 2001:DB8::42 between 2026-01-01 and 2026-03-31.\n\
        Certificate serial number: 03:a1:b2:c3:d4:e5:f6:07:18:29:3a:4b:5c:6d:7e:8f:90:12.\n\
        See the attached report.pdf and subpoena.docx, e.g. under 18 U.S.C. 2703(d).";

    assert_eq!(
        found(text),
        pairs(&[
            (TargetKind::Email, "jane.roe@fbi.gov"),
            (TargetKind::AccountId, "123456789"),
            (TargetKind::Email, "target@example.org"),
            (TargetKind::Domain, "evil-shop.example"),
            (TargetKind::Domain, "xn--bcher-kva.example"),
            (TargetKind::Ip, "203.0.113.7"),
            (TargetKind::Ip, "2001:db8::42"),
            (TargetKind::CertSerial, "3a1b2c3d4e5f60718293a4b5c6d7e8f9012"),
        ])
    );
}

#[test]
fn raw_keeps_the_text_as_written() {
    let identifiers = extract_identifiers("Domain: Evil-Shop.Example.");

    assert_eq!(identifiers.len(), 1);
    assert_eq!(
        identifiers[0].raw(),
        "Evil-Shop.Example",
        "the case as written, without the full stop ending the sentence"
    );
    assert_eq!(identifiers[0].normalized(), "evil-shop.example");
}

#[test]
fn the_same_target_is_reported_once_at_its_first_appearance() {
    let text = "example.com, 192.0.2.1, EXAMPLE.com. and ::ffff:192.0.2.1 again example.com";

    assert_eq!(found(text), pairs(&[(TargetKind::Domain, "example.com"), (TargetKind::Ip, "192.0.2.1"),]));
}

#[test]
fn email_domains_and_url_hosts_are_not_reported_as_domains() {
    let text = "Write to agent@agency.gov or see https://www.agency.gov/contact and \
        mailto:duty@agency.gov";

    assert_eq!(
        found(text),
        pairs(&[(TargetKind::Email, "agent@agency.gov"), (TargetKind::Email, "duty@agency.gov"),])
    );
}

#[test]
fn file_names_are_not_domains() {
    assert!(found("Attached: subpoena.docx, report.pdf, logs.csv and scan.JPG").is_empty());
}

#[test]
fn abbreviations_numbers_and_dates_are_not_domains() {
    let text = "e.g. i.e. U.S.C. 2703(d), Ph.D., version 1.2.3, 10.30am, 01.02.2026, $1.50, 3.5";

    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_labelled_serial_may_be_plain_hex_or_spaced_bytes() {
    assert_eq!(
        found("Serial: 0x03A1B2C3D4. Also serial number 04 5a 9b 10 ff, thanks"),
        pairs(&[(TargetKind::CertSerial, "3a1b2c3d4"), (TargetKind::CertSerial, "45a9b10ff"),])
    );
}

#[test]
fn a_labelled_serial_needs_a_real_value() {
    assert!(found("the serial number of the certificate").is_empty());
    assert!(found("serial number: face").is_empty());
    assert!(found("serial 12").is_empty());
}

#[test]
fn short_colon_groups_are_not_serials() {
    assert!(found("at 10:30 from MAC 00:1a:2b:3c:4d:5e").is_empty());
}

#[test]
fn labelled_account_numbers_are_accounts() {
    assert_eq!(
        found("ACME account ID: 98765; acct #00042 and account number 7"),
        pairs(&[
            (TargetKind::AccountId, "98765"),
            (TargetKind::AccountId, "42"),
            (TargetKind::AccountId, "7"),
        ])
    );
}

#[test]
fn only_account_urls_are_taken_from_links() {
    let text = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/123. \
        http://ca.example/acme/acct/9 https://crt.sh/?id=42";

    assert_eq!(found(text), pairs(&[(TargetKind::AccountId, "123")]));
}

#[test]
fn ip_addresses_are_found_with_ports_and_in_brackets() {
    assert_eq!(
        found("from 198.51.100.23:443 and [2001:db8::1]:8443; not 10.0.0.0/8 or 0.0.0.0"),
        pairs(&[(TargetKind::Ip, "198.51.100.23"), (TargetKind::Ip, "2001:db8::1"),])
    );
}

#[test]
fn quotes_and_possessives_are_not_part_of_a_domain() {
    assert_eq!(
        found("'example.net' and “example.org” and example.com's owner"),
        pairs(&[
            (TargetKind::Domain, "example.net"),
            (TargetKind::Domain, "example.org"),
            (TargetKind::Domain, "example.com"),
        ])
    );
}

#[test]
fn values_glued_to_a_label_are_found() {
    assert_eq!(
        found("ip=192.0.2.7 IP:2001:db8::7 domain:example.com Serial#: 03a1b2c3 acct#: 12"),
        pairs(&[
            (TargetKind::Ip, "192.0.2.7"),
            (TargetKind::Ip, "2001:db8::7"),
            (TargetKind::Domain, "example.com"),
            (TargetKind::CertSerial, "3a1b2c3"),
            (TargetKind::AccountId, "12"),
        ])
    );
}

#[test]
fn wildcard_domains_are_kept() {
    assert_eq!(found("certificates for *.Example.com"), pairs(&[(TargetKind::Domain, "*.example.com")]));
}

#[test]
fn empty_text_has_no_identifiers() {
    assert!(extract_identifiers("").is_empty());
    assert!(extract_identifiers(" \n\t ").is_empty());
}

#[test]
fn a_full_stop_after_an_address_or_domain_is_not_kept_in_its_raw_form() {
    let found = extract_identifiers("Reply to victor.j.almeida@dea.gov. The domain is shop.example.");
    let raws: Vec<&str> = found.iter().map(|i| i.raw()).collect();
    assert_eq!(raws, ["victor.j.almeida@dea.gov", "shop.example"]);
}
