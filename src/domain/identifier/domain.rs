//! Domain names as agencies write them ("Bücher.Example.", "*.example.com"), reduced to the one
//! lower-case ASCII form the provider's records use, so a search finds every spelling.

use std::net::{IpAddr, Ipv4Addr};

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use crate::domain::string_schema::string_schema;

const MAX_LABEL_LEN: usize = 63;
const MAX_NAME_LEN: usize = 253;
const WILDCARD_PREFIX: &str = "*.";

/// A valid DNS name in lower-case ASCII (punycode), optionally starting with `*.`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Domain(String);

/// A domain name was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("domain \"{given}\" is not a valid domain name: {problem}")]
pub struct DomainError {
    pub given: String,
    pub problem: DomainProblem,
}

/// What is wrong with a refused domain name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainProblem {
    #[error("it is empty")]
    Empty,
    #[error("spaces are not allowed")]
    Whitespace,
    #[error("it is an IP address, not a domain name")]
    IpAddress,
    #[error("a wildcard is only allowed as the whole first label, as in *.example.com")]
    MisplacedWildcard,
    #[error("it is not a valid internationalised domain name")]
    InvalidInternationalName,
    #[error("it has an empty label (two dots in a row, or a dot at the start)")]
    EmptyLabel,
    #[error("label \"{label}\" is {len} characters long, at most 63")]
    LabelTooLong { label: String, len: usize },
    #[error("label \"{label}\" contains '{character}': only letters, digits and hyphens are allowed")]
    InvalidCharacter { label: String, character: char },
    #[error("label \"{label}\" starts or ends with a hyphen")]
    HyphenAtEdge { label: String },
    #[error("it needs at least two labels, as in example.com")]
    SingleLabel,
    #[error("the last label \"{label}\" is all digits")]
    NumericTopLevel { label: String },
    #[error("it is {len} characters long, at most 253")]
    TooLong { len: usize },
}

impl Domain {
    /// Trims, drops one trailing dot, lower-cases and converts to punycode, then checks the
    /// DNS rules. A leading `*.` wildcard is kept.
    pub fn parse(value: &str) -> Result<Domain, DomainError> {
        normalize(value).map(Domain).map_err(|problem| DomainError { given: value.to_owned(), problem })
    }

    /// The normalised name, e.g. `xn--bcher-kva.example`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the name starts with the `*.` wildcard label.
    pub fn is_wildcard(&self) -> bool {
        self.0.starts_with(WILDCARD_PREFIX)
    }
}

fn normalize(value: &str) -> Result<String, DomainProblem> {
    let trimmed = value.trim();
    if trimmed.chars().any(char::is_whitespace) {
        return Err(DomainProblem::Whitespace);
    }
    if is_ip_literal(trimmed) {
        return Err(DomainProblem::IpAddress);
    }
    let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if name.is_empty() {
        return Err(DomainProblem::Empty);
    }
    let (wildcard, name) = match name.strip_prefix(WILDCARD_PREFIX) {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    if name.contains('*') {
        return Err(DomainProblem::MisplacedWildcard);
    }
    let ascii = idna::domain_to_ascii(name).map_err(|_| DomainProblem::InvalidInternationalName)?;
    // The IDNA mapping folds look-alikes such as full-width digits, so check again.
    if ascii.parse::<Ipv4Addr>().is_ok() {
        return Err(DomainProblem::IpAddress);
    }
    check_labels(&ascii)?;
    let normalized = if wildcard { format!("{WILDCARD_PREFIX}{ascii}") } else { ascii };
    if normalized.len() > MAX_NAME_LEN {
        return Err(DomainProblem::TooLong { len: normalized.len() });
    }
    Ok(normalized)
}

fn is_ip_literal(value: &str) -> bool {
    let unbracketed = value.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')).unwrap_or(value);
    let undotted = unbracketed.strip_suffix('.').unwrap_or(unbracketed);
    undotted.parse::<IpAddr>().is_ok()
}

fn check_labels(ascii: &str) -> Result<(), DomainProblem> {
    let labels: Vec<&str> = ascii.split('.').collect();
    for label in &labels {
        check_label(label)?;
    }
    if labels.len() < 2 {
        return Err(DomainProblem::SingleLabel);
    }
    let last = labels[labels.len() - 1];
    if last.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(DomainProblem::NumericTopLevel { label: last.to_owned() });
    }
    Ok(())
}

fn check_label(label: &str) -> Result<(), DomainProblem> {
    if label.is_empty() {
        return Err(DomainProblem::EmptyLabel);
    }
    if label.len() > MAX_LABEL_LEN {
        return Err(DomainProblem::LabelTooLong { label: label.to_owned(), len: label.len() });
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if let Some(character) = label.chars().find(|&c| !allowed(c)) {
        return Err(DomainProblem::InvalidCharacter { label: label.to_owned(), character });
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(DomainProblem::HyphenAtEdge { label: label.to_owned() });
    }
    Ok(())
}

impl std::fmt::Display for Domain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Domain {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Domain::parse(&value)
    }
}

impl From<Domain> for String {
    fn from(domain: Domain) -> String {
        domain.0
    }
}

impl PartialSchema for Domain {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "Domain name in lower-case ASCII (punycode); may start with *.",
            "xn--bcher-kva.example",
        )
    }
}

impl ToSchema for Domain {}

#[cfg(test)]
mod tests;
