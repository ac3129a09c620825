//! The intake classifier: reads an agency's email after parsing and proposes the fields of a case,
//! each with the phrase that suggested it, where that phrase was, and a confidence, so the legal
//! team confirms or corrects guesses instead of retyping requests. Precision comes before recall:
//! a field is left empty rather than guessed from a weak or ambiguous cue.
//!
//! The work is linear in the size of the message: each text is capped, split into words once, and
//! every rule walks those words (see `source` and `phrase`).

mod agency;
mod agent;
mod authority;
mod country;
mod dates;
mod deadlines;
mod docket;
mod emergency;
mod evidence;
mod identifiers;
mod kind;
mod mention;
mod ndo;
mod numbers;
mod phone;
mod phrase;
mod preservation;
mod range;
mod sender;
mod source;
mod statute;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::identifier::Identifier;
use crate::domain::ndo::NdoTerm;
use crate::domain::phone::PhoneNumber;
use crate::domain::process_kind::ProcessKind;
use crate::domain::sufficiency::sender_domain::LawEnforcementDomains;
use crate::intake::classify::evidence::at_most;
use crate::intake::classify::sender::Sender;
use crate::intake::classify::source::Source;

/// The parsed email, as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageText<'a> {
    pub subject: &'a str,
    /// Plain text; HTML was already reduced to text.
    pub body: &'a str,
    /// Text extracted from PDF and text attachments.
    pub attachments: &'a [AttachmentText<'a>],
    /// The display name of From.
    pub from_name: Option<&'a str>,
    /// The addr-spec of From.
    pub from_address: Option<&'a str>,
    /// The day the message arrived, in the organisation's time zone.
    pub received_on: NaiveDate,
}

/// The text of one attachment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentText<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Where a phrase was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum Location {
    Subject,
    Body,
    Attachment {
        name: String,
    },
    /// The From display name or address.
    Sender,
}

/// The phrase that suggested a guess: the matched text as it appears, with runs of white space
/// collapsed to one space, at most 200 characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub phrase: String,
    pub location: Location,
}

/// How far the legal team can rely on a guess.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

/// One proposed field value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guess<T> {
    pub value: T,
    pub evidence: Evidence,
    pub confidence: Confidence,
}

/// What a preservation request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PreservationAsk {
    Initial,
    Renewal,
}

/// A non-disclosure order found in the message, with what could be read of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NdoMention {
    pub term: Option<NdoTerm>,
    pub signed_on: Option<NaiveDate>,
}

/// A requested date range; `from <= to` when both are known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The proposed fields of a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub process_kind: Option<Guess<ProcessKind>>,
    /// Some only when the message is an emergency request (the value is then `true`).
    pub emergency: Option<Guess<bool>>,
    pub preservation: Option<Guess<PreservationAsk>>,
    pub ndo: Option<Guess<NdoMention>>,
    pub return_by: Option<Guess<NaiveDate>>,
    /// 1 to 365.
    pub respond_within_days: Option<Guess<u32>>,
    pub requested_range: Option<Guess<DateRange>>,
    pub identifiers: Vec<Guess<Identifier>>,
    /// "Federal Bureau of Investigation", "Metropolitan Police Service".
    pub agency: Option<Guess<String>>,
    /// "Special Agent Dana Whitfield" gives "Dana Whitfield".
    pub agent_name: Option<Guess<String>>,
    pub agent_phone: Option<Guess<PhoneNumber>>,
    /// The court or office that issued the process.
    pub issuing_authority: Option<Guess<String>>,
    /// Case, docket or grand jury number.
    pub docket_number: Option<Guess<String>>,
    /// ISO 3166 alpha-2 code of a foreign origin ("DE", "GB"); None for the US or unknown.
    pub country: Option<Guess<String>>,
}

/// Proposes the fields of a case from a parsed message. `allow` tells which sender domains are
/// law enforcement, so that agents' own addresses are not proposed as targets.
pub fn classify(message: &MessageText<'_>, allow: &LawEnforcementDomains) -> Classification {
    let sender = Sender::of(message, allow);
    let mut sources = Vec::with_capacity(2 + message.attachments.len());
    sources.push(Source::new(Location::Subject, message.subject));
    sources.push(Source::new(Location::Body, message.body));
    for attachment in message.attachments {
        sources.push(Source::new(Location::Attachment { name: attachment.name.to_owned() }, attachment.text));
    }

    if is_reply(message.subject)
        && let Some(body) = sources.get_mut(1)
    {
        body.mark_reply_quote();
    }
    let country = country::guess(&sources, &sender);
    let day_first = country.as_ref().is_some_and(|guess| guess.confidence != Confidence::Low);
    for source in &mut sources {
        source.find_dates(day_first);
    }

    let emergency = emergency::guess(&sources);
    let ndo_cue = ndo::strongest_cue(&sources);
    let ndo_asserted = ndo_cue.as_ref().is_some_and(|cue| cue.confidence != Confidence::Low);
    let process_kind = kind::guess(&sources, emergency.as_ref(), country.as_ref(), ndo_asserted);
    let kind_value = process_kind.as_ref().map(|guess| guess.value);
    let preservation = preservation::guess(&sources, kind_value);
    let ndo = ndo_cue.map(|cue| ndo::mention(&sources, cue, kind_value, message.received_on));
    let (agent_name, agent_anchor) = agent::guess(&sources, &sender);
    let agency = agency::guess(&sources, &sender, agent_anchor);
    let issuing_authority = authority::guess(&sources).or_else(|| {
        let admin = process_kind.as_ref().filter(|guess| guess.value == ProcessKind::AdministrativeSubpoena);
        admin.zip(agency.clone()).map(|(kind, mut agency)| {
            agency.confidence = at_most(agency.confidence, kind.confidence);
            agency
        })
    });

    Classification {
        process_kind,
        emergency,
        preservation,
        ndo,
        return_by: deadlines::return_by(&sources, message.received_on),
        respond_within_days: deadlines::respond_within_days(&sources),
        requested_range: range::guess(&sources),
        identifiers: identifiers::guess(&sources, &sender, allow),
        agency,
        agent_name,
        agent_phone: phone::guess(&sources),
        issuing_authority,
        docket_number: docket::guess(&sources),
        country,
    }
}

/// "RE: ...", "AW: ..." (German), "SV: ..." (Nordic), "RV: ..." (Spanish): a reply, whose body
/// ends with the message it answers.
fn is_reply(subject: &str) -> bool {
    let subject = subject.trim_start().as_bytes();
    ["re:", "aw:", "sv:", "rv:", "antw:"].iter().any(|prefix| {
        subject.get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
    })
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
