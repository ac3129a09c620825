//! What a valid request must contain (ISRG guidelines, LEGAL.md 2), checked one item at a time so
//! intake can show why a request is deficient and draft the reply that asks for what is missing.

pub mod sender_domain;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::email_address::EmailAddress;
use crate::domain::phone::PhoneNumber;
use crate::domain::process_kind::ProcessKind;

pub use crate::domain::sufficiency::sender_domain::{
    LawEnforcementDomains, SenderVerdict, classify_sender_domain,
};

/// Country names and codes lert reads as US origin: the US itself and its territories, whose
/// agencies serve US process.
/// Whether a recorded country is the United States or one of its territories (US process).
pub fn is_us_origin(country: &str) -> bool {
    US_ORIGINS.iter().any(|us| us.eq_ignore_ascii_case(country.trim()))
}

const US_ORIGINS: [&str; 10] =
    ["us", "usa", "united states", "united states of america", "pr", "gu", "vi", "as", "mp", "um"];

/// One item a valid request must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SufficiencyCheck {
    IssuingAuthority,
    AgentName,
    LawEnforcementSender,
    DirectPhone,
    Particularity,
    DateRange,
    UsOrigin,
}

impl SufficiencyCheck {
    /// Every check, in the order findings are listed.
    pub const ALL: [SufficiencyCheck; 7] = [
        SufficiencyCheck::IssuingAuthority,
        SufficiencyCheck::AgentName,
        SufficiencyCheck::LawEnforcementSender,
        SufficiencyCheck::DirectPhone,
        SufficiencyCheck::Particularity,
        SufficiencyCheck::DateRange,
        SufficiencyCheck::UsOrigin,
    ];

    /// The stable snake_case name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            SufficiencyCheck::IssuingAuthority => "issuing_authority",
            SufficiencyCheck::AgentName => "agent_name",
            SufficiencyCheck::LawEnforcementSender => "law_enforcement_sender",
            SufficiencyCheck::DirectPhone => "direct_phone",
            SufficiencyCheck::Particularity => "particularity",
            SufficiencyCheck::DateRange => "date_range",
            SufficiencyCheck::UsOrigin => "us_origin",
        }
    }

    /// The name the legal team reads.
    pub fn label(self) -> &'static str {
        match self {
            SufficiencyCheck::IssuingAuthority => "Issuing authority named",
            SufficiencyCheck::AgentName => "Agent named",
            SufficiencyCheck::LawEnforcementSender => "Sent from a law-enforcement domain",
            SufficiencyCheck::DirectPhone => "Direct contact phone number",
            SufficiencyCheck::Particularity => "Records identified with particularity",
            SufficiencyCheck::DateRange => "Date range of records sought",
            SufficiencyCheck::UsOrigin => "US origin",
        }
    }
}

impl std::fmt::Display for SufficiencyCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What intake knows about a request, borrowed from the case being recorded.
#[derive(Debug, Clone, Copy)]
pub struct RequestFacts<'a> {
    pub kind: ProcessKind,
    pub issuing_authority: Option<&'a str>,
    pub agent_name: Option<&'a str>,
    pub sender: Option<&'a EmailAddress>,
    pub agent_phone: Option<&'a str>,
    /// How many identifiers (accounts, emails, domains, IPs, serials) the request names.
    pub identifiers: usize,
    pub requested_from: Option<NaiveDate>,
    pub requested_to: Option<NaiveDate>,
    /// The agency's country as recorded (`US`, `DE`, `United States`).
    pub country: Option<&'a str>,
}

/// The outcome of one check, with a message fit to show the legal team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Finding {
    pub check: SufficiencyCheck,
    pub passed: bool,
    pub message: String,
}

/// One finding per check, in [`SufficiencyCheck::ALL`] order.
pub fn check_request(facts: &RequestFacts<'_>, allow: &LawEnforcementDomains) -> Vec<Finding> {
    vec![
        named(
            SufficiencyCheck::IssuingAuthority,
            facts.issuing_authority,
            "issuing authority",
            "no issuing authority named",
        ),
        named(SufficiencyCheck::AgentName, facts.agent_name, "agent", "no agent named"),
        sender(facts, allow),
        phone(facts),
        particularity(facts.identifiers),
        date_range(facts),
        origin(facts),
    ]
}

/// The findings that failed: what the deficiency reply must ask for.
pub fn missing_items(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|finding| !finding.passed).collect()
}

fn finding(check: SufficiencyCheck, passed: bool, message: impl Into<String>) -> Finding {
    Finding { check, passed, message: message.into() }
}

fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

fn named(check: SufficiencyCheck, value: Option<&str>, noun: &str, missing: &str) -> Finding {
    match present(value) {
        Some(value) => finding(check, true, format!("{noun}: {value}")),
        None => finding(check, false, missing),
    }
}

fn sender(facts: &RequestFacts<'_>, allow: &LawEnforcementDomains) -> Finding {
    let check = SufficiencyCheck::LawEnforcementSender;
    let Some(sender) = facts.sender else {
        return finding(check, false, "no sender email address recorded");
    };
    let domain = sender.domain();
    let (passed, message) = match classify_sender_domain(domain, allow) {
        SenderVerdict::LawEnforcement { matched } => {
            (true, format!("sender domain {domain} is a law-enforcement domain (it ends in .{matched})"))
        }
        SenderVerdict::FreeMail => {
            (false, format!("sender domain {domain} is free mail, which anyone can open"))
        }
        SenderVerdict::LookAlike { why, .. } => (false, format!("sender domain {domain} {why}")),
        SenderVerdict::Unrecognised => {
            (false, format!("sender domain {domain} is not on the list of law-enforcement domains"))
        }
    };
    let message = if facts.kind == ProcessKind::EmergencyRequest {
        format!(
            "{message}; for an emergency request this is evidence, not proof (hacked police mailboxes \
             send fake emergency requests)"
        )
    } else {
        message
    };
    finding(check, passed, message)
}

fn phone(facts: &RequestFacts<'_>) -> Finding {
    let check = SufficiencyCheck::DirectPhone;
    let Some(given) = present(facts.agent_phone) else {
        return finding(check, false, "no direct phone number for the agent");
    };
    match PhoneNumber::parse(given) {
        Err(problem) => finding(check, false, format!("no usable direct phone number: {problem}")),
        Ok(number) if facts.kind == ProcessKind::EmergencyRequest => finding(
            check,
            true,
            format!(
                "direct phone: {}; verify the emergency through the agency's published number, not this one",
                number.as_str()
            ),
        ),
        Ok(number) => finding(check, true, format!("direct phone: {}", number.as_str())),
    }
}

fn particularity(identifiers: usize) -> Finding {
    let check = SufficiencyCheck::Particularity;
    match identifiers {
        0 => finding(
            check,
            false,
            "no identifiers: the request must name the accounts, email addresses, domains, IP addresses or \
             certificate serials sought",
        ),
        1 => finding(check, true, "1 identifier named"),
        n => finding(check, true, format!("{n} identifiers named")),
    }
}

fn date_range(facts: &RequestFacts<'_>) -> Finding {
    let check = SufficiencyCheck::DateRange;
    if facts.kind == ProcessKind::PreservationRequest {
        return finding(
            check,
            true,
            "no date range needed: a preservation freezes the records that exist now",
        );
    }
    match (facts.requested_from, facts.requested_to) {
        (None, None) => {
            finding(check, false, "no date range: the request must name the period of records sought")
        }
        (None, Some(to)) => finding(
            check,
            false,
            format!(
                "the date range has no start: the request must say from when records are sought (it ends {to})"
            ),
        ),
        (Some(from), None) => finding(check, true, format!("records from {from} to the present")),
        (Some(from), Some(to)) if to < from => {
            finding(check, false, format!("the date range ends on {to}, before it starts on {from}"))
        }
        (Some(from), Some(to)) => finding(check, true, format!("records from {from} to {to}")),
    }
}

fn origin(facts: &RequestFacts<'_>) -> Finding {
    let check = SufficiencyCheck::UsOrigin;
    let Some(country) = present(facts.country) else {
        return finding(
            check,
            false,
            "the agency's country is not recorded: confirm the request comes from a US agency",
        );
    };
    if is_us_origin(country) {
        return finding(check, true, format!("agency in {country}"));
    }
    if facts.kind == ProcessKind::MlatRequest {
        return finding(
            check,
            true,
            format!("agency in {country}, through the MLAT route: DOJ obtains US process for the records"),
        );
    }
    finding(
        check,
        false,
        format!("agency in {country}: a foreign request generally needs an MLAT request or letter rogatory"),
    )
}

#[cfg(test)]
mod tests;
