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
    blobs.put(arrival.raw)?;
    let row = InboundMessageRow {
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
        created_at: now.naive_utc(),
        processed_at: None,
    };
    write_tx(conn, |conn| {
        // Another importer may have stored the same bytes since the check above.
        if let Some(existing) = inbound_queries::find_by_sha256(conn, &row.sha256)? {
            return Ok(Stored::AlreadyImported(existing));
        }
        diesel::insert_into(inbound_messages::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: "system:intake",
                action: "intake.stored",
                case_id: None,
                details: json!({
                    "message": row.id,
                    "source": row.source,
                    "sha256": row.sha256,
                    "size_bytes": row.size_bytes,
                }),
            },
        )?;
        Ok(Stored::New(row.clone()))
    })
}
