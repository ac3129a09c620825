//! Everything intake decides about a message before touching the database: parse it, classify
//! it, weigh its authenticity, and list the findings the legal team must see. Pure CPU work, so
//! the benchmark can time it apart from storage.

use chrono::NaiveDate;
use serde::Serialize;

use super::authenticity::{Authenticity, AuthenticityPolicy, MessageHeaders, assess};
use super::classify::{AttachmentText, Classification, MessageText, classify};
use super::parse::{Automated, Mailbox, ParseLimits, ParsedMessage, parse_message};
use crate::config::intake::IntakeSettings;
use crate::domain::email_address::EmailAddress;
use crate::domain::sufficiency::sender_domain::LawEnforcementDomains;

/// A finding about one message, shown on its case as a flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageFinding {
    pub kind: &'static str,
    pub severity: &'static str,
    pub message: String,
}

/// What intake will do with a message.
#[derive(Debug)]
pub enum Prepared {
    /// Not filed on a case: the legal team looks at it in triage.
    Triage { reason: String, parsed: Option<Box<ParsedMessage>>, findings: Vec<MessageFinding> },
    /// A request, or a message in a case's thread.
    Request(Box<Request>),
}

#[derive(Debug)]
pub struct Request {
    pub parsed: ParsedMessage,
    /// The sender the request is from: From, or the original sender of a forward.
    pub sender: Option<Mailbox>,
    pub classification: Classification,
    pub authenticity: Authenticity,
    pub findings: Vec<MessageFinding>,
}

/// What preparing needs to know besides the bytes.
pub struct PrepareContext<'a> {
    pub settings: &'a IntakeSettings,
    pub law_enforcement: &'a LawEnforcementDomains,
    pub received_on: NaiveDate,
    /// Whether to read text out of PDF attachments (off only in fuzzing).
    pub pdf_text: bool,
}

/// Parses, classifies and assesses a message.
pub fn prepare(raw: &[u8], context: &PrepareContext<'_>) -> Prepared {
    let settings = context.settings;
    if raw.len() > settings.max_message_bytes {
        let reason = format!(
            "the message is {} bytes, over the {}-byte limit (intake.max_message_bytes): stored raw, not \
             parsed",
            raw.len(),
            settings.max_message_bytes
        );
        let finding =
            MessageFinding { kind: "message_oversize", severity: "warning", message: reason.clone() };
        return Prepared::Triage { reason, parsed: None, findings: vec![finding] };
    }
    let limits =
        ParseLimits { max_attachment_bytes: settings.max_attachment_bytes, pdf_text: context.pdf_text };
    let parsed = match parse_message(raw, limits) {
        Ok(parsed) => parsed,
        Err(reason) => return Prepared::Triage { reason, parsed: None, findings: Vec::new() },
    };
    if let Some(automated) = parsed.automated {
        let reason = match automated {
            Automated::AutoReply => "an automatic reply (Auto-Submitted or X-Autoreply header)",
            Automated::Bulk => "bulk or list mail (Precedence, List-Id or List-Unsubscribe header)",
        };
        return Prepared::Triage {
            reason: reason.into(),
            parsed: Some(Box::new(parsed)),
            findings: Vec::new(),
        };
    }
    Prepared::Request(Box::new(request(parsed, context)))
}

/// Classifies and assesses a parsed message as a request (also for one triage held back, when
/// a person decides it is one).
pub fn request(parsed: ParsedMessage, context: &PrepareContext<'_>) -> Request {
    let sender =
        parsed.forwarded.as_ref().and_then(|f| f.original_from.clone()).or_else(|| parsed.from.clone());
    let attachments: Vec<AttachmentText<'_>> = parsed
        .attachments
        .iter()
        .filter_map(|a| a.text.as_deref().map(|text| AttachmentText { name: &a.name, text }))
        .collect();
    let text = MessageText {
        subject: &parsed.subject,
        body: &parsed.body_text,
        attachments: &attachments,
        from_name: sender.as_ref().and_then(|s| s.name.as_deref()),
        from_address: sender.as_ref().map(|s| s.address.as_str()),
        received_on: context.received_on,
    };
    let mut classification = classify(&text, context.law_enforcement);
    drop_own_addresses(&mut classification, &parsed);
    let from = parsed.from.as_ref().and_then(|f| EmailAddress::parse(&f.address).ok());
    let auth_results: Vec<&str> = parsed.authentication_results.iter().map(String::as_str).collect();
    let reply_to: Vec<&str> = parsed.reply_to.iter().map(String::as_str).collect();
    let authenticity = assess(
        &MessageHeaders { authentication_results: &auth_results, from: from.as_ref(), reply_to: &reply_to },
        &AuthenticityPolicy {
            trusted_authserv_ids: &context.settings.trusted_authserv_ids,
            law_enforcement: context.law_enforcement,
        },
    );
    let findings = findings(&parsed, &classification, &authenticity, context.settings);
    Request { parsed, sender, classification, authenticity, findings }
}

/// The organisation's own mailboxes (the recipients) and their domains appear in quoted replies
/// and signatures, and the requester's own addresses in signatures: never what a request is about.
fn drop_own_addresses(classification: &mut Classification, parsed: &ParsedMessage) {
    let own_domains: Vec<&str> =
        parsed.recipients.iter().filter_map(|a| a.rsplit_once('@').map(|(_, d)| d)).collect();
    // The requester's own addresses (a free-mail Reply-To, the From) are contact details.
    let requester: Vec<String> = parsed
        .reply_to
        .iter()
        .chain(parsed.from.as_ref().map(|f| &f.address))
        .map(|a| a.to_lowercase())
        .collect();
    classification.identifiers.retain(|guess| {
        let normalized = guess.value.normalized().to_lowercase();
        let domain = normalized.rsplit_once('@').map_or(normalized.as_str(), |(_, d)| d);
        let own = own_domains.iter().any(|own| domain == *own || domain.ends_with(&format!(".{own}")));
        !own && !requester.contains(&normalized)
    });
}

fn findings(
    parsed: &ParsedMessage,
    classification: &Classification,
    authenticity: &Authenticity,
    settings: &IntakeSettings,
) -> Vec<MessageFinding> {
    let mut found: Vec<MessageFinding> = authenticity
        .findings
        .iter()
        .map(|f| MessageFinding { kind: f.kind, severity: f.severity, message: f.message.clone() })
        .collect();
    if let Some(forward) = &parsed.forwarded {
        let original =
            forward.original_from.as_ref().map_or("an unnamed sender".to_owned(), |m| m.address.clone());
        found.push(MessageFinding {
            kind: "forwarded",
            severity: "warning",
            message: format!(
                "forwarded by {}: the original from {original} cannot be authenticated from a forward; \
                 verify it with the agency",
                parsed.from.as_ref().map_or("someone", |m| m.address.as_str())
            ),
        });
    }
    for attachment in parsed.attachments.iter().filter(|a| a.oversize) {
        found.push(MessageFinding {
            kind: "attachment_oversize",
            severity: "warning",
            message: format!(
                "attachment {} is {} bytes, over the {}-byte limit (intake.max_attachment_bytes): kept only in \
                 the raw message",
                attachment.name,
                attachment.size,
                settings.max_attachment_bytes
            ),
        });
    }
    for problem in &parsed.problems {
        found.push(MessageFinding { kind: "mime_damaged", severity: "warning", message: problem.clone() });
    }
    if classification.process_kind.is_none()
        && classification.emergency.is_none()
        && classification.preservation.is_none()
        && classification.ndo.is_none()
    {
        found.push(MessageFinding {
            kind: "process_unrecognised",
            severity: "warning",
            message: "intake could not tell what kind of legal process this is: record it by hand".into(),
        });
    }
    found
}
