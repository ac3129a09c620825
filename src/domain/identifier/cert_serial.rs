//! Certificate serial numbers in one form (lower-case hex, no separators, no leading zeros),
//! because agencies copy them from browsers, `openssl` and crt.sh in different notations.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use crate::domain::string_schema::string_schema;

/// RFC 5280 serials are at most 20 octets.
const MAX_HEX_DIGITS: usize = 40;
/// CA/Browser Forum rules require at least 64 bits of randomness, so real serials have 8 bytes
/// or more; fewer colon-separated pairs are more likely a MAC address or a clock time.
const MIN_COLON_SEPARATED_BYTES: usize = 8;

/// A certificate serial number: a positive integer written in lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CertSerial(String);

/// A certificate serial was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("certificate serial \"{given}\" is not valid: {problem}")]
pub struct CertSerialError {
    pub given: String,
    pub problem: CertSerialProblem,
}

/// What is wrong with a refused certificate serial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CertSerialProblem {
    #[error("it is empty")]
    Empty,
    #[error("'{character}' is not a hexadecimal digit")]
    NotHex { character: char },
    #[error("a serial number cannot be zero")]
    Zero,
    #[error("it has {digits} significant hexadecimal digits, at most 40 (160 bits)")]
    TooLong { digits: usize },
}

impl CertSerial {
    /// Parses hex with or without `:` or space separators and an optional `0x`, in any case.
    pub fn parse(value: &str) -> Result<CertSerial, CertSerialError> {
        normalize(value)
            .map(CertSerial)
            .map_err(|problem| CertSerialError { given: value.to_owned(), problem })
    }

    /// The normalised serial, e.g. `3a1b2`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `value` is written as colon-separated bytes (`03:a1:b2:...`), the notation browsers
/// and `openssl` use, with at least eight of them. Such text is read as a serial even where it
/// would also parse as an IPv6 address, which is never written with two-digit groups.
pub fn is_colon_separated_bytes(value: &str) -> bool {
    let groups: Vec<&str> = value.split(':').collect();
    groups.len() >= MIN_COLON_SEPARATED_BYTES
        && groups.iter().all(|group| group.len() == 2 && group.bytes().all(|byte| byte.is_ascii_hexdigit()))
}

fn normalize(value: &str) -> Result<String, CertSerialProblem> {
    let trimmed = value.trim();
    let digits = trimmed.strip_prefix("0x").or_else(|| trimmed.strip_prefix("0X")).unwrap_or(trimmed);
    let mut hex = String::with_capacity(digits.len());
    for character in digits.chars() {
        if character == ':' || character.is_whitespace() {
            continue;
        }
        if !character.is_ascii_hexdigit() {
            return Err(CertSerialProblem::NotHex { character });
        }
        hex.push(character.to_ascii_lowercase());
    }
    if hex.is_empty() {
        return Err(CertSerialProblem::Empty);
    }
    let significant = hex.trim_start_matches('0');
    if significant.is_empty() {
        return Err(CertSerialProblem::Zero);
    }
    if significant.len() > MAX_HEX_DIGITS {
        return Err(CertSerialProblem::TooLong { digits: significant.len() });
    }
    Ok(significant.to_owned())
}

impl std::fmt::Display for CertSerial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CertSerial {
    type Error = CertSerialError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        CertSerial::parse(&value)
    }
}

impl From<CertSerial> for String {
    fn from(serial: CertSerial) -> String {
        serial.0
    }
}

impl PartialSchema for CertSerial {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "Certificate serial number: lower-case hex without separators or leading zeros",
            "3a1b2c3d4e5f60718293a4b5c6d7e8f9012",
        )
    }
}

impl ToSchema for CertSerial {}

#[cfg(test)]
mod tests {
    use super::{CertSerial, CertSerialProblem, is_colon_separated_bytes};

    fn normalized(value: &str) -> String {
        CertSerial::parse(value).unwrap().as_str().to_owned()
    }

    fn problem(value: &str) -> CertSerialProblem {
        CertSerial::parse(value).unwrap_err().problem
    }

    #[test]
    fn colons_and_case_do_not_matter() {
        assert_eq!(normalized("03:A1:b2"), "3a1b2");
        assert_eq!(normalized("03a1b2"), "3a1b2");
        assert_eq!(normalized("03 A1 B2"), "3a1b2");
    }

    #[test]
    fn hex_prefix_is_accepted() {
        assert_eq!(normalized("0x03A1B2"), "3a1b2");
        assert_eq!(normalized("0X3a1b2"), "3a1b2");
    }

    #[test]
    fn leading_zeros_are_stripped_because_a_serial_is_an_integer() {
        assert_eq!(normalized("00:00:0f"), "f");
    }

    #[test]
    fn a_non_hex_character_is_named_in_the_error() {
        let error = CertSerial::parse("03:a1:zz").unwrap_err();

        assert_eq!(
            error.to_string(),
            "certificate serial \"03:a1:zz\" is not valid: 'z' is not a hexadecimal digit"
        );
    }

    #[test]
    fn zero_and_empty_are_refused() {
        assert_eq!(problem("00:00"), CertSerialProblem::Zero);
        assert_eq!(problem(" : "), CertSerialProblem::Empty);
        assert_eq!(problem("0x"), CertSerialProblem::Empty);
    }

    #[test]
    fn at_most_160_bits_are_accepted_after_stripping_zeros() {
        let forty = "f".repeat(40);

        assert_eq!(normalized(&format!("0000{forty}")), forty);
        assert_eq!(problem(&format!("1{forty}")), CertSerialProblem::TooLong { digits: 41 });
    }

    #[test]
    fn eight_or_more_colon_separated_bytes_look_like_a_serial() {
        assert!(is_colon_separated_bytes("03:a1:b2:c3:d4:e5:f6:07"));
        assert!(!is_colon_separated_bytes("00:1a:2b:3c:4d:5e"));
        assert!(!is_colon_separated_bytes("2001:db8:0:0:0:0:0:1"));
        assert!(!is_colon_separated_bytes("03:a1:b2:c3:d4:e5:f6:0g"));
    }
}
