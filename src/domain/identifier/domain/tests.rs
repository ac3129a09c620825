//! Specifications of domain-name normalisation.

use super::{Domain, DomainProblem};

fn problem(value: &str) -> DomainProblem {
    Domain::parse(value).unwrap_err().problem
}

#[test]
fn name_is_trimmed_lower_cased_and_loses_one_trailing_dot() {
    assert_eq!(Domain::parse(" WWW.Example.COM. ").unwrap().as_str(), "www.example.com");
}

#[test]
fn international_name_is_converted_to_punycode() {
    assert_eq!(Domain::parse("Bücher.Example.").unwrap().as_str(), "xn--bcher-kva.example");
}

#[test]
fn punycode_input_is_kept_as_is() {
    assert_eq!(Domain::parse("xn--bcher-kva.example").unwrap().as_str(), "xn--bcher-kva.example");
}

#[test]
fn leading_wildcard_is_kept() {
    let domain = Domain::parse("*.Example.com").unwrap();

    assert_eq!(domain.as_str(), "*.example.com");
    assert!(domain.is_wildcard());
}

#[test]
fn wildcard_anywhere_else_is_refused() {
    assert_eq!(problem("www.*.example.com"), DomainProblem::MisplacedWildcard);
    assert_eq!(problem("*example.com"), DomainProblem::MisplacedWildcard);
}

#[test]
fn wildcard_over_a_single_label_is_refused() {
    assert_eq!(problem("*.com"), DomainProblem::SingleLabel);
}

#[test]
fn spaces_are_refused_with_a_clear_message() {
    let error = Domain::parse("exa mple.com").unwrap_err();

    assert_eq!(
        error.to_string(),
        "domain \"exa mple.com\" is not a valid domain name: spaces are not allowed"
    );
}

#[test]
fn a_single_label_is_refused() {
    assert_eq!(problem("localhost"), DomainProblem::SingleLabel);
}

#[test]
fn ip_literals_are_not_domains() {
    for ip in ["192.0.2.1", "192.0.2.1.", "2001:db8::1", "[2001:db8::1]"] {
        assert_eq!(problem(ip), DomainProblem::IpAddress, "{ip}");
    }
}

#[test]
fn all_digit_top_level_label_is_refused() {
    assert_eq!(problem("1.2.3"), DomainProblem::NumericTopLevel { label: "3".to_owned() });
}

#[test]
fn empty_labels_are_refused() {
    assert_eq!(problem("example..com"), DomainProblem::EmptyLabel);
    assert_eq!(problem(".example.com"), DomainProblem::EmptyLabel);
    assert_eq!(problem("example.com.."), DomainProblem::EmptyLabel);
}

#[test]
fn blank_input_is_empty() {
    assert_eq!(problem("  "), DomainProblem::Empty);
    assert_eq!(problem("."), DomainProblem::Empty);
}

#[test]
fn underscores_and_other_symbols_are_refused_naming_the_label() {
    let error = Domain::parse("_dmarc.example.com").unwrap_err();

    assert_eq!(
        error.to_string(),
        "domain \"_dmarc.example.com\" is not a valid domain name: label \"_dmarc\" contains \
         '_': only letters, digits and hyphens are allowed"
    );
    assert!(Domain::parse("exa/mple.com").is_err());
    assert!(Domain::parse("user@example.com").is_err());
}

#[test]
fn labels_may_not_start_or_end_with_a_hyphen() {
    assert_eq!(problem("-bad.example"), DomainProblem::HyphenAtEdge { label: "-bad".to_owned() });
    assert!(Domain::parse("bad-.example").is_err());
    assert!(Domain::parse("mid-dle.example").is_ok());
}

#[test]
fn labels_are_limited_to_63_characters() {
    let longest = "a".repeat(63);

    assert!(Domain::parse(&format!("{longest}.example")).is_ok());
    assert!(matches!(problem(&format!("{longest}a.example")), DomainProblem::LabelTooLong { len: 64, .. }));
}

#[test]
fn names_are_limited_to_253_characters() {
    let label = "a".repeat(63);
    let at_limit = format!("{label}.{label}.{label}.{}.com", "b".repeat(57));
    let over = format!("{label}.{label}.{label}.{}.com", "b".repeat(58));

    assert_eq!(at_limit.len(), 253);
    assert!(Domain::parse(&at_limit).is_ok());
    assert_eq!(problem(&over), DomainProblem::TooLong { len: 254 });
}

#[test]
fn serde_uses_the_normalised_string() {
    let domain: Domain = serde_json::from_str("\"Example.COM\"").unwrap();

    assert_eq!(serde_json::to_string(&domain).unwrap(), "\"example.com\"");
    assert!(serde_json::from_str::<Domain>("\"not a domain\"").is_err());
}
