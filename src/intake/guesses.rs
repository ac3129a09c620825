//! The fields intake proposes, one row each with its evidence and confidence, so the legal team
//! sees why every field was filled in and can confirm or correct it.

use chrono::{DateTime, Utc};
use diesel::QueryResult;
use serde::Serialize;
use serde_json::{Value, json};

use super::classify::{Classification, Confidence, Evidence, Guess, Location};
use crate::storage::DbConnection;
use crate::storage::rows::IntakeGuessRow;
use crate::workflows::new_id;

/// One proposed field before it is stored.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub field: &'static str,
    pub value: Value,
    pub evidence: Evidence,
    pub confidence: Confidence,
    /// The record the value was written to, when intake applied it.
    pub applied_to: Option<String>,
}

impl Proposal {
    pub fn new<T: Serialize>(field: &'static str, guess: &Guess<T>) -> Proposal {
        Proposal {
            field,
            value: serde_json::to_value(&guess.value).unwrap_or(Value::Null),
            evidence: guess.evidence.clone(),
            confidence: guess.confidence,
            applied_to: None,
        }
    }

    /// A fact read from the envelope rather than the text (the sender, the day it arrived).
    pub fn from_envelope(field: &'static str, value: Value, phrase: String) -> Proposal {
        Proposal {
            field,
            value,
            evidence: Evidence { phrase, location: Location::Sender },
            confidence: Confidence::High,
            applied_to: None,
        }
    }

    pub fn applied(mut self, to: impl Into<String>) -> Proposal {
        self.applied_to = Some(to.into());
        self
    }

    /// High and medium guesses are applied; low ones wait for the legal team.
    pub fn trusted(&self) -> bool {
        !matches!(self.confidence, Confidence::Low)
    }
}

/// Every field of the classification as a proposal (the identifiers one each).
pub fn proposals(classification: &Classification) -> Vec<Proposal> {
    let c = classification;
    let mut out = Vec::new();
    let mut push = |proposal: Option<Proposal>| out.extend(proposal);
    push(c.process_kind.as_ref().map(|g| Proposal::new("process_kind", g)));
    push(c.emergency.as_ref().map(|g| Proposal::new("emergency", g)));
    push(c.preservation.as_ref().map(|g| Proposal::new("preservation", g)));
    push(c.ndo.as_ref().map(|g| Proposal::new("ndo", g)));
    push(c.return_by.as_ref().map(|g| Proposal::new("return_by", g)));
    push(c.respond_within_days.as_ref().map(|g| Proposal::new("respond_within_days", g)));
    push(c.requested_range.as_ref().map(|g| Proposal::new("requested_range", g)));
    push(c.agency.as_ref().map(|g| Proposal::new("agency", g)));
    push(c.agent_name.as_ref().map(|g| Proposal::new("agent_name", g)));
    push(c.agent_phone.as_ref().map(|g| Proposal::new("agent_phone", g)));
    push(c.issuing_authority.as_ref().map(|g| Proposal::new("issuing_authority", g)));
    push(c.docket_number.as_ref().map(|g| Proposal::new("docket_number", g)));
    push(c.country.as_ref().map(|g| Proposal::new("country", g)));
    out.extend(c.identifiers.iter().map(|g| Proposal::new("identifier", g)));
    out
}

/// Stores the proposals of one message on its case.
pub fn insert(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    message_id: &str,
    case_id: &str,
    proposals: &[Proposal],
) -> QueryResult<()> {
    let rows: Vec<IntakeGuessRow> = proposals
        .iter()
        .map(|p| IntakeGuessRow {
            id: new_id(),
            inbound_message_id: message_id.to_owned(),
            case_id: case_id.to_owned(),
            field: p.field.to_owned(),
            value: p.value.to_string(),
            evidence_phrase: p.evidence.phrase.clone(),
            evidence_location: serde_json::to_string(&p.evidence.location)
                .unwrap_or_else(|_| json!({}).to_string()),
            confidence: confidence_name(&p.confidence).to_owned(),
            applied_to: p.applied_to.clone(),
            status: "proposed".to_owned(),
            corrected_value: None,
            decided_by: None,
            decided_at: None,
            created_at: now.naive_utc(),
        })
        .collect();
    crate::storage::bulk::insert_intake_guesses(conn, &rows)
}

pub fn confidence_name(confidence: &Confidence) -> &'static str {
    match confidence {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}
