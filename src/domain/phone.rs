//! Telephone numbers as agencies write them; the sufficiency check wants a direct line.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A phone number kept as written (trimmed), accepted when it has 7 to 15 digits and only the
/// punctuation people use in numbers, with an optional extension (`x123`, `ext. 123`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("phone number {given:?} is not valid: {why}")]
pub struct PhoneError {
    given: String,
    why: &'static str,
}

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<PhoneNumber, PhoneError> {
        let given = raw.trim();
        let error = |why| PhoneError { given: given.chars().take(60).collect(), why };
        if given.chars().count() > 40 {
            return Err(error("it is longer than 40 characters"));
        }
        let lower = given.to_ascii_lowercase();
        let main =
            ["ext.", "ext", "x"].iter().find_map(|marker| lower.split_once(marker)).map(|(main, ext)| {
                let ext = ext.trim();
                (main, !ext.is_empty() && ext.chars().all(|c| c.is_ascii_digit()))
            });
        let (number, extension_ok) = match main {
            Some((number, ok)) => (number, ok),
            None => (lower.as_str(), true),
        };
        if !extension_ok {
            return Err(error("the extension must be digits"));
        }
        if !number.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
            return Err(error("only digits, spaces and + - ( ) . are allowed"));
        }
        if number.chars().skip(1).any(|c| c == '+') {
            return Err(error("+ may only start the number"));
        }
        let digits = number.chars().filter(char::is_ascii_digit).count();
        if !(7..=15).contains(&digits) {
            return Err(error("it must have 7 to 15 digits"));
        }
        Ok(PhoneNumber(given.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_agencies_write_them_are_accepted() {
        for ok in
            ["+1 (202) 555-0143", "202.555.0143", "202-555-0143 ext. 12", "+44 20 7946 0958", "2025550143x7"]
        {
            assert_eq!(PhoneNumber::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn junk_and_short_numbers_are_refused_with_a_reason() {
        assert!(PhoneNumber::parse("call me").unwrap_err().to_string().contains("only digits"));
        assert!(PhoneNumber::parse("911").unwrap_err().to_string().contains("7 to 15 digits"));
        assert!(PhoneNumber::parse("202 555 0143 ext. ab").unwrap_err().to_string().contains("extension"));
        assert!(PhoneNumber::parse("1+202").is_err());
    }
}
