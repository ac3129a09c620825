//! What the From domain and the Reply-To say about the sender: a free mail or look-alike domain,
//! or replies diverted to another mailbox, is how fake requests are usually made to work.

use super::{AuthenticityFinding, BLOCKING, WARNING, shown};
use crate::domain::email_address::EmailAddress;
use crate::domain::sufficiency::sender_domain::{
    LawEnforcementDomains, SenderVerdict, classify_sender_domain,
};

/// Findings about distinct Reply-To addresses stop here; more would only repeat the point.
const MAX_REPLY_TO_FINDINGS: usize = 5;

/// The finding for the From domain's verdict; none for a law-enforcement domain.
pub(super) fn sender_finding(domain: &str, verdict: &SenderVerdict) -> Option<AuthenticityFinding> {
    let (kind, severity, message) = match verdict {
        SenderVerdict::LawEnforcement { .. } => return None,
        SenderVerdict::FreeMail => (
            "sender_free_mail",
            BLOCKING,
            format!(
                "Sender domain {domain} is a free mail provider: anyone can open a mailbox there, \
                 so it does not show the request comes from an agency."
            ),
        ),
        SenderVerdict::LookAlike { why, .. } => {
            ("sender_look_alike", BLOCKING, format!("Sender domain {domain} {why}."))
        }
        SenderVerdict::Unrecognised => (
            "sender_unrecognised",
            WARNING,
            format!("Sender domain {domain} is not on the list of law-enforcement domains."),
        ),
    };
    Some(AuthenticityFinding::new(kind, severity, message))
}

/// Where replies would go when that is not the From address.
pub(super) struct ReplyTo {
    pub first_differing: Option<String>,
    pub findings: Vec<AuthenticityFinding>,
}

/// Compares each Reply-To with From (case-insensitively); each distinct one that differs gets a
/// finding, blocking when its domain is free mail or a look-alike.
pub(super) fn reply_to(
    reply_to: &[&str],
    from: Option<&EmailAddress>,
    law_enforcement: &LawEnforcementDomains,
) -> ReplyTo {
    let from_matching = from.map(EmailAddress::normalized_for_matching);
    let mut first_differing = None;
    let mut seen: Vec<String> = Vec::new();
    let mut findings = Vec::new();
    for given in reply_to {
        let given = given.trim().trim_start_matches('<').trim_end_matches('>').trim();
        if given.is_empty() {
            continue;
        }
        let parsed = EmailAddress::parse(given).ok();
        let matching = parsed.as_ref().map_or_else(|| given.to_lowercase(), |p| p.normalized_for_matching());
        if from_matching.as_ref() == Some(&matching) {
            continue;
        }
        first_differing.get_or_insert_with(|| given.to_owned());
        if seen.contains(&matching) {
            continue;
        }
        seen.push(matching);
        findings.push(differing(given, parsed.as_ref(), from, law_enforcement));
        if findings.len() == MAX_REPLY_TO_FINDINGS {
            break;
        }
    }
    ReplyTo { first_differing, findings }
}

fn differing(
    given: &str,
    parsed: Option<&EmailAddress>,
    from: Option<&EmailAddress>,
    law_enforcement: &LawEnforcementDomains,
) -> AuthenticityFinding {
    let shown_given = shown(given);
    let instead = from.map_or_else(
        || "; the message has no From address to compare it with".to_owned(),
        |from| format!(", not to the sender {from}"),
    );
    let Some(address) = parsed else {
        let message =
            format!("Replies would go to \"{shown_given}\"{instead}, and it is not a valid address.");
        return AuthenticityFinding::new("reply_to_differs", WARNING, message);
    };
    let domain = address.domain().as_str();
    let (severity, why) = match classify_sender_domain(address.domain(), law_enforcement) {
        SenderVerdict::FreeMail => {
            (BLOCKING, format!("{domain} is a free mail provider, where anyone can open a mailbox"))
        }
        SenderVerdict::LookAlike { why, .. } => (BLOCKING, format!("its domain {domain} {why}")),
        _ if from.is_some_and(|from| from.domain() == address.domain()) => {
            (WARNING, format!("it is a different mailbox at the same domain {domain}"))
        }
        SenderVerdict::LawEnforcement { .. } => {
            (WARNING, format!("{domain} is a law-enforcement domain, but not the sender's"))
        }
        SenderVerdict::Unrecognised => {
            (WARNING, format!("{domain} is not on the list of law-enforcement domains"))
        }
    };
    let message = format!("Replies would go to {}{instead}: {why}.", shown(address.as_str()));
    AuthenticityFinding::new("reply_to_differs", severity, message)
}
