//! The human case reference (`LE-2026-0001`) that the legal team quotes in letters and agencies
//! quote back, parsed once so that every other layer handles only valid references.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use crate::domain::string_schema::string_schema;

const PREFIX: &str = "LE";
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 9999;

/// A case reference: `LE-<year>-<sequence>`, the sequence zero-padded to at least four digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseReference {
    // Field order makes the derived ordering chronological: year, then sequence.
    year: i32,
    sequence: u32,
    text: String,
}

/// Why a case reference was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReferenceError {
    #[error("case reference \"{given}\" is not valid: expected the form LE-2026-0001")]
    Malformed { given: String },
    #[error("case reference \"{given}\" is not valid: the year must be between 2000 and 9999")]
    YearOutOfRange { given: String },
    #[error("case reference \"{given}\" is not valid: the sequence number must be at least 1")]
    ZeroSequence { given: String },
}

impl CaseReference {
    /// Builds the reference for the `sequence`th case of `year` (both as counted by storage).
    pub fn new(year: i32, sequence: u32) -> Result<CaseReference, ReferenceError> {
        let text = format!("{PREFIX}-{year}-{sequence:04}");
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(ReferenceError::YearOutOfRange { given: text });
        }
        if sequence == 0 {
            return Err(ReferenceError::ZeroSequence { given: text });
        }
        Ok(CaseReference { year, sequence, text })
    }

    /// Parses `LE-2026-0001`; the prefix may be in any case, surrounding spaces are ignored, and
    /// the result is normalised (`le-2026-7` becomes `LE-2026-0007`).
    pub fn parse(value: &str) -> Result<CaseReference, ReferenceError> {
        let malformed = || ReferenceError::Malformed { given: value.to_owned() };
        let mut parts = value.trim().split('-');
        let (Some(prefix), Some(year), Some(sequence), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed());
        };
        if !prefix.eq_ignore_ascii_case(PREFIX) || year.len() != 4 || !is_digits(year) {
            return Err(malformed());
        }
        if !is_digits(sequence) {
            return Err(malformed());
        }
        let year: i32 = year.parse().map_err(|_| malformed())?;
        let sequence: u32 = sequence.parse().map_err(|_| malformed())?;
        CaseReference::new(year, sequence).map_err(|error| match error {
            ReferenceError::YearOutOfRange { .. } => {
                ReferenceError::YearOutOfRange { given: value.to_owned() }
            }
            ReferenceError::ZeroSequence { .. } => ReferenceError::ZeroSequence { given: value.to_owned() },
            ReferenceError::Malformed { .. } => malformed(),
        })
    }

    /// The normalised reference, e.g. `LE-2026-0001`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The year the case was opened in.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The case's number within its year, starting at 1.
    pub fn sequence(&self) -> u32 {
        self.sequence
    }
}

fn is_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit())
}

impl std::fmt::Display for CaseReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for CaseReference {
    type Error = ReferenceError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        CaseReference::parse(&value)
    }
}

impl From<CaseReference> for String {
    fn from(reference: CaseReference) -> String {
        reference.text
    }
}

impl PartialSchema for CaseReference {
    fn schema() -> RefOr<Schema> {
        string_schema("Case reference: LE-<year>-<sequence, at least four digits>", "LE-2026-0001")
    }
}

impl ToSchema for CaseReference {}

#[cfg(test)]
mod tests {
    use super::{CaseReference, ReferenceError};

    #[test]
    fn sequence_is_zero_padded_to_four_digits() {
        let reference = CaseReference::new(2026, 1).unwrap();

        assert_eq!(reference.as_str(), "LE-2026-0001");
        assert_eq!(reference.year(), 2026);
        assert_eq!(reference.sequence(), 1);
    }

    #[test]
    fn sequence_may_grow_beyond_four_digits() {
        assert_eq!(CaseReference::new(2026, 12345).unwrap().as_str(), "LE-2026-12345");
        assert_eq!(CaseReference::parse("LE-2026-12345").unwrap().sequence(), 12345);
    }

    #[test]
    fn lower_case_prefix_is_accepted_and_normalised() {
        let reference = CaseReference::parse(" le-2026-0042 ").unwrap();

        assert_eq!(reference.as_str(), "LE-2026-0042");
        assert_eq!(reference.to_string(), "LE-2026-0042");
    }

    #[test]
    fn short_sequence_is_padded_on_parse() {
        assert_eq!(CaseReference::parse("LE-2026-7").unwrap().as_str(), "LE-2026-0007");
    }

    #[test]
    fn year_outside_2000_to_9999_is_refused() {
        assert!(matches!(CaseReference::parse("LE-1999-0001"), Err(ReferenceError::YearOutOfRange { .. })));
        assert!(matches!(CaseReference::new(10_000, 1), Err(ReferenceError::YearOutOfRange { .. })));
    }

    #[test]
    fn sequence_zero_is_refused_with_a_clear_message() {
        let error = CaseReference::parse("LE-2026-0000").unwrap_err();

        assert_eq!(
            error.to_string(),
            "case reference \"LE-2026-0000\" is not valid: the sequence number must be at least 1"
        );
    }

    #[test]
    fn junk_is_refused_as_malformed() {
        for junk in [
            "",
            "LE",
            "LE-2026",
            "LE-2026-",
            "XX-2026-0001",
            "LE-26-0001",
            "LE-2026-00a1",
            "LE-2026-0001-1",
            "LE 2026 0001",
            "LE-+026-0001",
            "LE-2026-+001",
            "LE-2026-99999999999",
        ] {
            assert!(matches!(CaseReference::parse(junk), Err(ReferenceError::Malformed { .. })), "{junk:?}");
        }
    }

    #[test]
    fn malformed_message_shows_the_expected_form() {
        assert_eq!(
            CaseReference::parse("case 12").unwrap_err().to_string(),
            "case reference \"case 12\" is not valid: expected the form LE-2026-0001"
        );
    }

    #[test]
    fn references_order_by_year_then_sequence() {
        let older = CaseReference::new(2025, 9999).unwrap();
        let newer = CaseReference::new(2026, 2).unwrap();
        let later = CaseReference::new(2026, 10).unwrap();

        assert!(older < newer && newer < later);
    }

    #[test]
    fn serde_uses_the_string_form_and_validates_on_the_way_in() {
        let reference = CaseReference::new(2026, 3).unwrap();

        assert_eq!(serde_json::to_string(&reference).unwrap(), "\"LE-2026-0003\"");
        assert_eq!(serde_json::from_str::<CaseReference>("\"le-2026-3\"").unwrap(), reference);
        assert!(serde_json::from_str::<CaseReference>("\"LE-2026-0\"").is_err());
    }
}
