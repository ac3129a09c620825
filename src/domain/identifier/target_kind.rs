//! The kinds of target a request can name (LEGAL.md 2: "records identified with particularity"),
//! so every identifier is filed, searched and gated under one of a fixed set of kinds.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

/// What an identifier identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    AccountId,
    Email,
    Domain,
    Ip,
    CertSerial,
}

/// The text given is not the name of a target kind.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown target kind \"{given}\": expected one of {}", TargetKind::names())]
pub struct UnknownTargetKind {
    pub given: String,
}

impl TargetKind {
    /// Every kind, in the order a form should offer them.
    pub const ALL: [TargetKind; 5] = [
        TargetKind::AccountId,
        TargetKind::Email,
        TargetKind::Domain,
        TargetKind::Ip,
        TargetKind::CertSerial,
    ];

    /// Parses a kind name ("cert_serial"); surrounding spaces and letter case are ignored.
    pub fn parse(value: &str) -> Result<TargetKind, UnknownTargetKind> {
        let wanted = value.trim();
        TargetKind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownTargetKind { given: value.to_owned() })
    }

    /// The stable snake_case name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::AccountId => "account_id",
            TargetKind::Email => "email",
            TargetKind::Domain => "domain",
            TargetKind::Ip => "ip",
            TargetKind::CertSerial => "cert_serial",
        }
    }

    /// The name the legal team reads on screens and in letters.
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::AccountId => "Account ID",
            TargetKind::Email => "Email address",
            TargetKind::Domain => "Domain name",
            TargetKind::Ip => "IP address",
            TargetKind::CertSerial => "Certificate serial",
        }
    }

    /// The kind as a noun inside a sentence ("the IP address is empty").
    pub(super) fn noun(self) -> &'static str {
        match self {
            TargetKind::AccountId => "account ID",
            TargetKind::Email => "email address",
            TargetKind::Domain => "domain name",
            TargetKind::Ip => "IP address",
            TargetKind::CertSerial => "certificate serial",
        }
    }

    fn names() -> String {
        let names: Vec<&str> = TargetKind::ALL.iter().map(|kind| kind.as_str()).collect();
        names.join(", ")
    }
}

impl std::fmt::Display for TargetKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::TargetKind;

    #[test]
    fn every_kind_parses_from_its_own_name_and_serialises_to_it() {
        for kind in TargetKind::ALL {
            assert_eq!(TargetKind::parse(kind.as_str()), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn unknown_kind_error_lists_the_valid_kinds() {
        assert_eq!(
            TargetKind::parse("phone").unwrap_err().to_string(),
            "unknown target kind \"phone\": expected one of account_id, email, domain, ip, \
             cert_serial"
        );
    }
}
