//! The targets of a request (accounts, emails, domains, IPs, certificate serials): each is kept
//! as the agency wrote it and in a normalised form, so that searches and preservation checks
//! match however an identifier was spelled.

pub mod account;
pub mod cert_serial;
pub mod domain;
pub mod extract;
pub mod guess;
pub mod ip;
pub mod target_kind;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

use crate::domain::email_address::{EmailAddress, EmailError};
use crate::domain::identifier::account::{AccountId, AccountIdError};
use crate::domain::identifier::cert_serial::{CertSerial, CertSerialError};
use crate::domain::identifier::ip::{IpAddress, IpError};

pub use crate::domain::identifier::domain::{Domain, DomainError};
pub use crate::domain::identifier::extract::extract_identifiers;
pub use crate::domain::identifier::target_kind::{TargetKind, UnknownTargetKind};

/// Identifiers longer than this are refused before any parsing.
pub const RAW_MAX_CHARS: usize = 500;

/// One target of a request: its kind, the text as given (trimmed) and the normalised value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "IdentifierInput")]
pub struct Identifier {
    kind: TargetKind,
    /// The identifier as the agency wrote it, trimmed.
    raw: String,
    /// The canonical form used for matching; computed by the server, ignored on input.
    #[schema(read_only)]
    normalized: String,
}

/// What clients send: the normalised form is always recomputed.
#[derive(Deserialize)]
struct IdentifierInput {
    kind: TargetKind,
    raw: String,
}

/// An identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdentifierError {
    #[error("the {} is empty", .kind.noun())]
    Empty { kind: TargetKind },
    #[error("the {} is too long: {chars} characters, at most 500", .kind.noun())]
    TooLong { kind: TargetKind, chars: usize },
    #[error(transparent)]
    AccountId(#[from] AccountIdError),
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Ip(#[from] IpError),
    #[error(transparent)]
    CertSerial(#[from] CertSerialError),
}

impl Identifier {
    /// Checks `raw` as an identifier of `kind` and computes its normalised form.
    pub fn parse(kind: TargetKind, raw: &str) -> Result<Identifier, IdentifierError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(IdentifierError::Empty { kind });
        }
        let chars = raw.chars().count();
        if chars > RAW_MAX_CHARS {
            return Err(IdentifierError::TooLong { kind, chars });
        }
        let normalized = match kind {
            TargetKind::AccountId => AccountId::parse(raw)?.into(),
            TargetKind::Email => EmailAddress::parse(raw)?.normalized_for_matching(),
            TargetKind::Domain => Domain::parse(raw)?.into(),
            TargetKind::Ip => IpAddress::parse(raw)?.into(),
            TargetKind::CertSerial => CertSerial::parse(raw)?.into(),
        };
        Ok(Identifier { kind, raw: raw.to_owned(), normalized })
    }

    pub fn kind(&self) -> TargetKind {
        self.kind
    }

    /// The identifier as given, trimmed.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The canonical form: compare and search with this.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// Whether both name the same target, however each was written.
    pub fn same_target(&self, other: &Identifier) -> bool {
        self.kind == other.kind && self.normalized == other.normalized
    }
}

impl TryFrom<IdentifierInput> for Identifier {
    type Error = IdentifierError;

    fn try_from(input: IdentifierInput) -> Result<Self, Self::Error> {
        Identifier::parse(input.kind, &input.raw)
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
