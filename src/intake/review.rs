//! Reading the mail intake stored: the triage list, one message with its text (audited, since
//! it holds case data), and a case's messages with the guesses read from them.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::parse::{ParseLimits, parse_message};
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::blobs::BlobStore;
use crate::storage::intake_json::{CaseIntakeJson, InboundMessageJson, IntakeGuessJson};
use crate::storage::rows::{InboundMessageRow, IntakeGuessRow, MessageFindingRow};
use crate::storage::schema::{intake_guesses, message_findings};
use crate::storage::{DbConnection, case_queries, inbound_queries, write_tx};
use crate::workflows::cases::find_case;
use crate::workflows::{Actor, WorkflowError};

/// A message with the text a person reads: its headers and body as plain text (never HTML).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct MessageText {
    #[serde(flatten)]
    pub message: InboundMessageJson,
    /// Header lines as received, unfolded.
    pub headers: Vec<(String, String)>,
    /// The body as text; an HTML-only body reduced to text.
    pub text: Option<String>,
}

/// Messages with a status, newest first.
pub fn list_messages(
    conn: &mut DbConnection,
    actor: &Actor,
    status: &str,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> Result<Vec<InboundMessageJson>, WorkflowError> {
    actor.require(actor.role.can_read(), "read intake")?;
    if !matches!(status, "stored" | "filed" | "triage" | "duplicate") {
        return Err(WorkflowError::Invalid(format!(
            "status {status:?} is not one of stored, filed, triage, duplicate"
        )));
    }
    let rows = inbound_queries::with_status(conn, status, before, limit)?;
    rows.into_iter().map(|row| to_json(conn, row)).collect()
}

/// One message with its headers and text; the view is audited.
pub fn view_message(
    conn: &mut DbConnection,
    blobs: &dyn BlobStore,
    now: DateTime<Utc>,
    actor: &Actor,
    id: &str,
) -> Result<MessageText, WorkflowError> {
    actor.require(actor.role.can_read(), "read intake")?;
    write_tx(conn, |conn| {
        let row = inbound_queries::find(conn, id)?
            .ok_or_else(|| WorkflowError::NotFound(format!("no inbound message {id}")))?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "intake.message_viewed",
                case_id: row.case_id.as_deref(),
                details: json!({ "message": row.id }),
            },
        )?;
        let raw = blobs.get(&row.sha256)?;
        let (headers, text) = readable(&raw);
        Ok(MessageText { message: to_json(conn, row)?, headers, text })
    })
}

/// A case's messages and guesses, oldest first; the view is audited like any case view.
pub fn case_intake(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
) -> Result<CaseIntakeJson, WorkflowError> {
    actor.require(actor.role.can_read(), "read cases")?;
    write_tx(conn, |conn| {
        let case = find_case(conn, reference)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "case.viewed",
                case_id: Some(&case.id),
                details: json!({}),
            },
        )?;
        intake_of_case(conn, &case.id)
    })
}

/// A case's messages and guesses, oldest first, for a caller that has already audited the case
/// view (the case page).
pub fn intake_of_case(conn: &mut DbConnection, case_id: &str) -> Result<CaseIntakeJson, WorkflowError> {
    let rows = inbound_queries::of_case(conn, case_id)?;
    let messages = rows.into_iter().map(|row| to_json(conn, row)).collect::<Result<_, _>>()?;
    let guesses: Vec<IntakeGuessRow> = intake_guesses::table
        .filter(intake_guesses::case_id.eq(case_id))
        .order((intake_guesses::created_at, intake_guesses::id))
        .select(IntakeGuessRow::as_select())
        .load(conn)?;
    Ok(CaseIntakeJson { messages, guesses: guesses.into_iter().map(IntakeGuessJson::from_row).collect() })
}

fn to_json(conn: &mut DbConnection, row: InboundMessageRow) -> Result<InboundMessageJson, WorkflowError> {
    let case = match &row.case_id {
        Some(id) => case_queries::find_by_id(conn, id)?.map(|c| c.reference),
        None => None,
    };
    let findings: Vec<MessageFindingRow> = message_findings::table
        .filter(message_findings::inbound_message_id.eq(&row.id))
        .order((message_findings::created_at, message_findings::id))
        .select(MessageFindingRow::as_select())
        .load(conn)?;
    Ok(InboundMessageJson::from_row(row, case, findings))
}

/// Headers and text of a raw message, for a person to read; a message that does not parse
/// still shows its first bytes as text.
fn readable(raw: &[u8]) -> (Vec<(String, String)>, Option<String>) {
    const SHOWN_BYTES: usize = 64 * 1024;
    let limits = ParseLimits { max_attachment_bytes: 0, pdf_text: false };
    match parse_message(raw, limits) {
        Ok(parsed) => (parsed.headers, Some(parsed.body_text)),
        Err(_) => {
            let shown = &raw[..raw.len().min(SHOWN_BYTES)];
            (Vec::new(), Some(String::from_utf8_lossy(shown).into_owned()))
        }
    }
}
