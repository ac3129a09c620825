//! Inbound messages and intake guesses as JSON, for the API and the CLI.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::case_json::utc;
use super::rows::{InboundMessageRow, IntakeGuessRow, MessageFindingRow};

#[derive(Debug, Serialize, ToSchema)]
pub struct InboundMessageJson {
    pub id: String,
    /// `maildir`, `imap`, `pipe` or `upload`.
    pub source: String,
    pub received_at: DateTime<Utc>,
    /// `stored` (not yet filed), `filed`, `triage` or `duplicate`.
    pub status: String,
    /// The case reference it was filed on, if any.
    pub case: Option<String>,
    pub duplicate_of: Option<String>,
    pub triage_reason: Option<String>,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub from: Option<String>,
    pub size_bytes: i64,
    pub sha256: String,
    pub findings: Vec<MessageFindingJson>,
    /// What parsing found: attachments, authenticity results, forward, damage.
    #[schema(value_type = Object)]
    pub summary: Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageFindingJson {
    pub kind: String,
    /// `info`, `warning` or `blocking`.
    pub severity: String,
    pub message: String,
}

impl InboundMessageJson {
    pub fn from_row(row: InboundMessageRow, case: Option<String>, findings: Vec<MessageFindingRow>) -> Self {
        InboundMessageJson {
            id: row.id,
            source: row.source,
            received_at: utc(row.received_at),
            status: row.status,
            case,
            duplicate_of: row.duplicate_of,
            triage_reason: row.triage_reason,
            message_id: row.message_id,
            subject: row.subject,
            from: row.from_address,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            findings: findings
                .into_iter()
                .map(|f| MessageFindingJson { kind: f.kind, severity: f.severity, message: f.message })
                .collect(),
            summary: row.summary.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or(Value::Null),
        }
    }
}

/// One field intake proposed, with its evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeGuessJson {
    pub id: String,
    /// The inbound message it was read from.
    pub message: String,
    /// `process_kind`, `return_by`, `identifier`, `agency`, ...
    pub field: String,
    #[schema(value_type = Object)]
    pub value: Value,
    pub evidence: EvidenceJson,
    /// `high`, `medium` or `low`; high and medium guesses were applied to the case.
    pub confidence: String,
    /// The record the guess filled in, if it was applied.
    pub applied_to: Option<String>,
    /// `proposed`, `confirmed`, `corrected` or `rejected`.
    pub status: String,
    #[schema(value_type = Object)]
    pub corrected_value: Option<Value>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceJson {
    /// The words the guess rests on, as they appear.
    pub phrase: String,
    /// Where: `{"part":"subject"}`, `{"part":"body"}`, `{"part":"attachment","name":"subpoena.pdf"}`,
    /// `{"part":"sender"}`.
    #[schema(value_type = Object)]
    pub location: Value,
}

impl IntakeGuessJson {
    pub fn from_row(row: IntakeGuessRow) -> Self {
        let json = |text: &str| serde_json::from_str(text).unwrap_or(Value::Null);
        IntakeGuessJson {
            id: row.id,
            message: row.inbound_message_id,
            field: row.field,
            value: json(&row.value),
            evidence: EvidenceJson { phrase: row.evidence_phrase, location: json(&row.evidence_location) },
            confidence: row.confidence,
            applied_to: row.applied_to,
            status: row.status,
            corrected_value: row.corrected_value.as_deref().map(json),
            decided_at: row.decided_at.map(utc),
        }
    }
}

/// A case's mail and what intake read from it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseIntakeJson {
    pub messages: Vec<InboundMessageJson>,
    pub guesses: Vec<IntakeGuessJson>,
}
