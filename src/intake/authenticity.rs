//! Evidence of whether an incoming request really comes from the agency it names. Hacked police
//! mailboxes and look-alike domains are used to send fake subpoenas and fake emergency requests
//! (LEGAL.md 2), so the legal team sees what the organisation's own receiving MTA recorded about
//! SPF, DKIM and DMARC, what the sender's domain is, and where replies would go. A request that
//! fails is flagged, never rejected: this is evidence, not proof.
//!
//! Only Authentication-Results written by our own MTA count: anyone can put such a header in a
//! message before it reaches us, so headers from other authserv-ids are ignored, and of the
//! headers with a trusted authserv-id only the topmost (the last one added) is used.

mod parse;
mod results;
mod sender;

use serde::Serialize;

use crate::domain::email_address::EmailAddress;
use crate::domain::sufficiency::sender_domain::{
    LawEnforcementDomains, SenderVerdict, classify_sender_domain,
};

/// The headers of an incoming message that bear on who sent it.
#[derive(Debug, Clone, Copy)]
pub struct MessageHeaders<'a> {
    /// The value of every Authentication-Results header, topmost (most recent) first, unfolded.
    pub authentication_results: &'a [&'a str],
    pub from: Option<&'a EmailAddress>,
    /// Reply-To addresses (addr-spec only), as found.
    pub reply_to: &'a [&'a str],
}

/// What the organisation trusts: its own MTA's authserv-ids and the law-enforcement domains.
#[derive(Debug, Clone, Copy)]
pub struct AuthenticityPolicy<'a> {
    /// e.g. `["mx.example.org"]`, compared case-insensitively.
    pub trusted_authserv_ids: &'a [String],
    pub law_enforcement: &'a LawEnforcementDomains,
}

/// A method's result as RFC 8601 names it; `Other` for anything else (`hardfail` is `Fail`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthOutcome {
    Pass,
    Fail,
    Softfail,
    Neutral,
    None,
    Temperror,
    Permerror,
    Policy,
    Other,
}

impl AuthOutcome {
    fn from_keyword(keyword: &str) -> AuthOutcome {
        match keyword {
            "pass" => AuthOutcome::Pass,
            "fail" | "hardfail" => AuthOutcome::Fail,
            "softfail" => AuthOutcome::Softfail,
            "neutral" => AuthOutcome::Neutral,
            "none" => AuthOutcome::None,
            "temperror" => AuthOutcome::Temperror,
            "permerror" => AuthOutcome::Permerror,
            "policy" => AuthOutcome::Policy,
            _ => AuthOutcome::Other,
        }
    }
}

/// One SPF, DKIM or DMARC result from the trusted header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MethodResult {
    /// `spf`, `dkim` or `dmarc`; other methods are ignored.
    pub method: String,
    pub outcome: AuthOutcome,
    /// As written, names lower-cased: `("header.d", "fbi.gov")`, `("smtp.mailfrom", "x@fbi.gov")`,
    /// `("header.from", ...)`, and also `("reason", ...)` and extensions such as `("action", "none")`.
    pub properties: Vec<(String, String)>,
}

impl MethodResult {
    /// The first value of property `name` (lower-case, e.g. `header.d`).
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// What lert found out about a message's sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authenticity {
    /// The trusted header used (the topmost trusted one), as written in it.
    pub authserv_id: Option<String>,
    /// Authentication-Results not used: from an untrusted authserv-id, without one, unreadable,
    /// or below the trusted header used.
    pub ignored_headers: usize,
    pub spf: Option<MethodResult>,
    pub dkim: Vec<MethodResult>,
    pub dmarc: Option<MethodResult>,
    /// The From address's domain (punycode).
    pub sender_domain: Option<String>,
    pub sender_verdict: Option<SenderVerdict>,
    /// The first Reply-To whose address differs from From, as given.
    pub reply_to_differs: Option<String>,
    pub findings: Vec<AuthenticityFinding>,
}

impl Authenticity {
    /// Whether any finding is blocking: the legal team must look before acting on the request.
    pub fn failed(&self) -> bool {
        self.findings.iter().any(|finding| finding.severity == BLOCKING)
    }
}

/// One thing the legal team should know, with a message written for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthenticityFinding {
    pub kind: &'static str,
    /// `info`, `warning` or `blocking`.
    pub severity: &'static str,
    pub message: String,
}

const WARNING: &str = "warning";
const BLOCKING: &str = "blocking";
/// Longest piece of a header repeated in a message; the rest is cut off.
const MAX_SHOWN_CHARS: usize = 100;

impl AuthenticityFinding {
    fn new(kind: &'static str, severity: &'static str, message: String) -> AuthenticityFinding {
        AuthenticityFinding { kind, severity, message }
    }
}

/// Gathers the evidence about a message's sender. Never fails: what cannot be read is ignored
/// and reported.
pub fn assess(headers: &MessageHeaders<'_>, policy: &AuthenticityPolicy<'_>) -> Authenticity {
    let mut findings = Vec::new();
    let from = headers.from;
    if from.is_none() {
        findings.push(AuthenticityFinding::new(
            "sender_missing",
            BLOCKING,
            "The message has no From address that could be read, so nothing shows who sent it.".to_owned(),
        ));
    }
    let recorded = results::recorded_results(headers.authentication_results, policy.trusted_authserv_ids);
    findings.extend(results::findings(&recorded, from, policy.trusted_authserv_ids));
    let sender_verdict = from.map(|from| classify_sender_domain(from.domain(), policy.law_enforcement));
    if let (Some(from), Some(verdict)) = (from, &sender_verdict) {
        findings.extend(sender::sender_finding(from.domain().as_str(), verdict));
    }
    let reply_to = sender::reply_to(headers.reply_to, from, policy.law_enforcement);
    findings.extend(reply_to.findings);
    Authenticity {
        authserv_id: recorded.authserv_id,
        ignored_headers: recorded.ignored_headers,
        spf: recorded.spf,
        dkim: recorded.dkim,
        dmarc: recorded.dmarc,
        sender_domain: from.map(|from| from.domain().as_str().to_owned()),
        sender_verdict,
        reply_to_differs: reply_to.first_differing,
        findings,
    }
}

/// `value` cut to a readable length on a char boundary, for quoting untrusted text in a message.
fn shown(value: &str) -> String {
    match value.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", value.get(..cut).unwrap_or_default()),
        None => value.to_owned(),
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
