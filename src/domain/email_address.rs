//! Email addresses (agents, subscribers, targets) checked pragmatically and stored with a
//! normalised domain, so replies go where intended and the same address always matches itself.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use crate::domain::identifier::domain::{Domain, DomainProblem};
use crate::domain::string_schema::string_schema;

const MAX_LOCAL_CHARS: usize = 64;
const MAX_ADDRESS_CHARS: usize = 254;
/// Characters that only appear in quoted or commented addresses, which lert does not accept.
const FORBIDDEN_IN_LOCAL: &[char] = &['"', '(', ')', ',', ':', ';', '<', '>', '[', '\\', ']'];

/// An email address: the local part as given, the domain in lower-case punycode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress {
    address: String,
    local_part: String,
    domain: Domain,
}

/// An email address was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("email address \"{given}\" is not valid: {problem}")]
    Invalid { given: String, problem: EmailProblem },
    #[error("email address \"{given}\" has an invalid domain: {problem}")]
    Domain { given: String, problem: DomainProblem },
}

/// What is wrong with the address as a whole or with its local part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EmailProblem {
    #[error("it is empty")]
    Empty,
    #[error("it needs an @ between the name and the domain")]
    MissingAt,
    #[error("it has more than one @")]
    SeveralAts,
    #[error("there is nothing before the @")]
    EmptyLocalPart,
    #[error("the part before the @ is {chars} characters long, at most 64")]
    LocalPartTooLong { chars: usize },
    #[error("spaces are not allowed")]
    Whitespace,
    #[error("the part before the @ contains '{character}', which is not allowed")]
    ForbiddenCharacter { character: char },
    #[error("the part before the @ cannot start or end with a dot or have two dots in a row")]
    MisplacedDot,
    #[error("the domain cannot be a wildcard")]
    WildcardDomain,
    #[error("it is {chars} characters long, at most 254")]
    TooLong { chars: usize },
}

impl EmailAddress {
    /// Parses `local@domain`; surrounding spaces are ignored.
    pub fn parse(value: &str) -> Result<EmailAddress, EmailError> {
        let invalid = |problem| EmailError::Invalid { given: value.to_owned(), problem };
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(invalid(EmailProblem::Empty));
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err(invalid(EmailProblem::Whitespace));
        }
        let (local_part, domain) = trimmed.split_once('@').ok_or_else(|| invalid(EmailProblem::MissingAt))?;
        if domain.contains('@') {
            return Err(invalid(EmailProblem::SeveralAts));
        }
        check_local_part(local_part).map_err(invalid)?;
        let domain = Domain::parse(domain)
            .map_err(|error| EmailError::Domain { given: value.to_owned(), problem: error.problem })?;
        if domain.is_wildcard() {
            return Err(invalid(EmailProblem::WildcardDomain));
        }
        let address = format!("{local_part}@{}", domain.as_str());
        let chars = address.chars().count();
        if chars > MAX_ADDRESS_CHARS {
            return Err(invalid(EmailProblem::TooLong { chars }));
        }
        Ok(EmailAddress { address, local_part: local_part.to_owned(), domain })
    }

    /// The stored form: local part as given, domain normalised.
    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// The part before the @, as given.
    pub fn local_part(&self) -> &str {
        &self.local_part
    }

    /// The normalised domain.
    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// The fully lower-cased form, for comparing addresses: almost every mail system treats
    /// local parts case-insensitively even though the standard allows otherwise.
    pub fn normalized_for_matching(&self) -> String {
        format!("{}@{}", self.local_part.to_lowercase(), self.domain.as_str())
    }
}

fn check_local_part(local_part: &str) -> Result<(), EmailProblem> {
    if local_part.is_empty() {
        return Err(EmailProblem::EmptyLocalPart);
    }
    let chars = local_part.chars().count();
    if chars > MAX_LOCAL_CHARS {
        return Err(EmailProblem::LocalPartTooLong { chars });
    }
    if let Some(character) = local_part.chars().find(|&c| c.is_control() || FORBIDDEN_IN_LOCAL.contains(&c)) {
        return Err(EmailProblem::ForbiddenCharacter { character });
    }
    if local_part.starts_with('.') || local_part.ends_with('.') || local_part.contains("..") {
        return Err(EmailProblem::MisplacedDot);
    }
    Ok(())
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.address)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(email: EmailAddress) -> String {
        email.address
    }
}

impl PartialSchema for EmailAddress {
    fn schema() -> RefOr<Schema> {
        string_schema("Email address; the domain is stored in lower-case punycode", "Jane.Agent@fbi.gov")
    }
}

impl ToSchema for EmailAddress {}

#[cfg(test)]
mod tests;
