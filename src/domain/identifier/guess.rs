//! Guessing what kind of identifier someone typed into a search box, so free-text search can
//! match on normalised values without asking the user to pick a kind first.

use crate::domain::identifier::cert_serial::is_colon_separated_bytes;
use crate::domain::identifier::ip::{IpAddress, IpProblem};
use crate::domain::identifier::{Identifier, IdentifierError, TargetKind};

/// This many hex digits with a letter among them look like a serial rather than a word.
const MIN_BARE_SERIAL_DIGITS: usize = 16;

impl Identifier {
    /// Parses `raw` as the kind it most plausibly is: an email if it has an `@`, an IP if it
    /// parses as one, an account if it is a number or an account URL, a certificate serial if it
    /// is hex with separators or long hex with letters, otherwise a domain.
    pub fn guess(raw: &str) -> Result<Identifier, IdentifierError> {
        Identifier::parse(guess_kind(raw.trim()), raw)
    }
}

fn guess_kind(value: &str) -> TargetKind {
    if value.contains('@') {
        TargetKind::Email
    } else if is_colon_separated_bytes(value) {
        TargetKind::CertSerial
    } else if looks_like_ip(value) {
        TargetKind::Ip
    } else if looks_like_account(value) {
        TargetKind::AccountId
    } else if looks_like_serial(value) {
        TargetKind::CertSerial
    } else {
        TargetKind::Domain
    }
}

/// An address, or a range of addresses (so the user is told a single address is needed).
fn looks_like_ip(value: &str) -> bool {
    match IpAddress::parse(value) {
        Ok(_) => true,
        Err(error) if error.problem == IpProblem::Range => {
            value.split_once('/').is_some_and(|(address, _)| IpAddress::parse(address).is_ok())
        }
        Err(_) => false,
    }
}

fn looks_like_account(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.contains("acct/")
        || (!value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()))
}

fn looks_like_serial(value: &str) -> bool {
    if value.starts_with("0x") || value.starts_with("0X") {
        return true;
    }
    let is_separator = |c: char| c == ':' || c == ' ';
    if !value.chars().all(|c| c.is_ascii_hexdigit() || is_separator(c)) {
        return false;
    }
    let hex_digits = value.chars().filter(char::is_ascii_hexdigit).count();
    let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
    // Separated hex can only be a serial; a domain never contains ':' or ' '.
    value.contains(is_separator) || (hex_digits >= MIN_BARE_SERIAL_DIGITS && has_letter)
}

#[cfg(test)]
mod tests {
    use crate::domain::identifier::{Identifier, IdentifierError, TargetKind};

    fn guessed_kind(raw: &str) -> TargetKind {
        Identifier::guess(raw).unwrap().kind()
    }

    #[test]
    fn text_with_an_at_is_an_email() {
        assert_eq!(guessed_kind("Jane@Example.com"), TargetKind::Email);
    }

    #[test]
    fn addresses_are_ips() {
        assert_eq!(guessed_kind("192.0.2.1"), TargetKind::Ip);
        assert_eq!(guessed_kind("2001:db8::1"), TargetKind::Ip);
        assert_eq!(guessed_kind("::ffff:192.0.2.1"), TargetKind::Ip);
    }

    #[test]
    fn a_range_is_guessed_as_ip_and_refused_as_one() {
        assert!(matches!(Identifier::guess("10.0.0.0/8"), Err(IdentifierError::Ip(_))));
    }

    #[test]
    fn numbers_and_account_urls_are_accounts() {
        assert_eq!(guessed_kind("123456"), TargetKind::AccountId);
        assert_eq!(
            guessed_kind("https://acme-v02.api.letsencrypt.org/acme/acct/123456"),
            TargetKind::AccountId
        );
        assert_eq!(guessed_kind("acme-v02.api.letsencrypt.org/acme/acct/1"), TargetKind::AccountId);
    }

    #[test]
    fn separated_or_long_lettered_hex_is_a_serial() {
        assert_eq!(guessed_kind("03:A1:b2"), TargetKind::CertSerial);
        assert_eq!(guessed_kind("03:a1:b2:c3:d4:e5:f6:07"), TargetKind::CertSerial);
        assert_eq!(guessed_kind("03 a1 b2"), TargetKind::CertSerial);
        assert_eq!(guessed_kind("0x03a1b2"), TargetKind::CertSerial);
        assert_eq!(guessed_kind("03a1b2c3d4e5f60718293a4b5c6d7e8f9012"), TargetKind::CertSerial);
    }

    #[test]
    fn short_hex_words_are_domains_or_nothing() {
        assert_eq!(guessed_kind("cafe.example"), TargetKind::Domain);
        assert!(matches!(Identifier::guess("deadbeef"), Err(IdentifierError::Domain(_))));
    }

    #[test]
    fn everything_else_is_a_domain() {
        let identifier = Identifier::guess(" Bücher.Example ").unwrap();

        assert_eq!(identifier.kind(), TargetKind::Domain);
        assert_eq!(identifier.normalized(), "xn--bcher-kva.example");
    }
}
