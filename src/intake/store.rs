//! Raw first: the exact bytes of an arriving message go to the blob store and its row is
//! committed before anything reads them, so nothing that arrives is lost.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::IntakeError;
use super::parse::header_message_id;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::blobs::{BlobStore, sha256_hex};
use crate::storage::rows::InboundMessageRow;
use crate::storage::schema::inbound_messages;
use crate::storage::{DbConnection, inbound_queries, write_tx};
use crate::workflows::new_id;

/// Where a message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Maildir,
    Imap,
    Pipe,
    Upload,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Maildir => "maildir",
            Source::Imap => "imap",
            Source::Pipe => "pipe",
            Source::Upload => "upload",
        }
    }
}

/// A message as it arrives.
#[derive(Debug, Clone, Copy)]
pub struct Arrival<'a> {
    pub source: Source,
    /// The Maildir file name, IMAP mailbox and UID, or uploader; for operators tracing a message.
    pub source_ref: Option<&'a str>,
    pub received_at: DateTime<Utc>,
    pub raw: &'a [u8],
}

pub enum Stored {
    New(InboundMessageRow),
    /// The same bytes were stored before.
    AlreadyImported(InboundMessageRow),
}

/// Stores the bytes and commits the row; the same bytes twice return the first row.
pub fn store_raw(
    conn: &mut DbConnection,
    blobs: &dyn BlobStore,
    now: DateTime<Utc>,
    arrival: Arrival<'_>,
) -> Result<Stored, IntakeError> {
    let digest = sha256_hex(arrival.raw);
    if let Some(row) = inbound_queries::find_by_sha256(conn, &digest)? {
        return Ok(Stored::AlreadyImported(row));
    }
    blobs.put_digested(&digest, arrival.raw)?;
    let mut stored = commit_rows(conn, now, vec![new_row(&arrival, digest)])?;
    Ok(stored.remove(0))
}

/// The row of a message about to be stored.
pub(super) fn new_row(arrival: &Arrival<'_>, digest: String) -> InboundMessageRow {
    InboundMessageRow {
        id: new_id(),
        source: arrival.source.as_str().to_owned(),
        source_ref: arrival.source_ref.map(|r| r.chars().take(500).collect()),
        sha256: digest,
        size_bytes: i64::try_from(arrival.raw.len()).unwrap_or(i64::MAX),
        message_id: header_message_id(arrival.raw),
        received_at: arrival.received_at.naive_utc(),
        status: "stored".to_owned(),
        case_id: None,
        duplicate_of: None,
        triage_reason: None,
        subject: None,
        from_address: None,
        summary: None,
        // Set to the commit's time by `commit_rows`.
        created_at: arrival.received_at.naive_utc(),
        processed_at: None,
    }
}

/// Commits the rows of messages whose bytes are in the blob store, in one transaction with
/// their audit events. A row whose bytes another importer stored meanwhile comes back as
/// `AlreadyImported`.
pub(super) fn commit_rows(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    rows: Vec<InboundMessageRow>,
) -> Result<Vec<Stored>, IntakeError> {
    let result = write_tx(conn, |conn| -> Result<Vec<Stored>, IntakeError> {
        let mut stored = Vec::with_capacity(rows.len());
        let mut events = Vec::new();
        for mut row in rows.iter().cloned() {
            if let Some(existing) = inbound_queries::find_by_sha256(conn, &row.sha256)? {
                stored.push(Stored::AlreadyImported(existing));
                continue;
            }
            row.created_at = now.naive_utc();
            diesel::insert_into(inbound_messages::table).values(&row).execute(conn)?;
            events.push(json!({
                "message": row.id,
                "source": row.source,
                "sha256": row.sha256,
                "size_bytes": row.size_bytes,
            }));
            stored.push(Stored::New(row));
        }
        let entries = events
            .into_iter()
            .map(|details| AuditEntry {
                actor: "system:intake",
                action: "intake.stored",
                case_id: None,
                details,
            })
            .collect();
        audit::append_all(conn, now, entries)?;
        Ok(stored)
    });
    match result {
        // Two importers raced on the same bytes (the unique digest refused the second): the
        // first one's rows stand, and this batch is retried one by one.
        Err(error) if is_unique_violation(&error) && rows.len() > 1 => {
            let mut stored = Vec::with_capacity(rows.len());
            for row in rows {
                stored.extend(commit_rows(conn, now, vec![row])?);
            }
            Ok(stored)
        }
        Err(error) if is_unique_violation(&error) => {
            let existing = inbound_queries::find_by_sha256(conn, &rows[0].sha256)?
                .ok_or_else(|| crate::workflows::WorkflowError::Conflict("the message vanished".into()))?;
            Ok(vec![Stored::AlreadyImported(existing)])
        }
        other => other,
    }
}

fn is_unique_violation(error: &IntakeError) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    matches!(
        error,
        IntakeError::Workflow(crate::workflows::WorkflowError::Storage(
            crate::storage::StorageError::Database(Error::DatabaseError(
                DatabaseErrorKind::UniqueViolation,
                _
            ))
        ))
    )
}
