//! Documents attached to a case (the process itself, correspondence, exports), kept as blobs.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::cases::{find_case, find_open_case};
use super::{Actor, WorkflowError, new_id};
use crate::domain::file_name::{media_type_for, sanitize_file_name};
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::blobs::BlobStore;
use crate::storage::rows::DocumentRow;
use crate::storage::schema::documents;
use crate::storage::{DbConnection, write_tx};

/// An upload as received; `attach_document` validates it.
#[derive(Debug)]
pub struct Upload<'a> {
    pub file_name: &'a str,
    pub content_type: Option<&'a str>,
    pub bytes: &'a [u8],
}

/// Stores the bytes in the blob store, then records the document. A blob left behind by a
/// failed transaction is harmless: blobs are content-addressed and only rows make them visible.
pub fn attach_document(
    conn: &mut DbConnection,
    blobs: &dyn BlobStore,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    upload: Upload<'_>,
) -> Result<DocumentRow, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "attach documents")?;
    let file_name = sanitize_file_name(upload.file_name)
        .ok_or_else(|| WorkflowError::Invalid("the file name is empty or unusable".into()))?;
    if upload.bytes.is_empty() {
        return Err(WorkflowError::Invalid("the document is empty".into()));
    }
    find_open_case(conn, reference)?;
    let digest = blobs.put(upload.bytes)?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let row = DocumentRow {
            id: new_id(),
            case_id: case.id.clone(),
            content_type: media_type_for(&file_name, upload.content_type),
            filename: file_name.clone(),
            size_bytes: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
            sha256: digest.clone(),
            uploaded_by: actor.user_id.clone(),
            created_at: now.naive_utc(),
            inbound_message_id: None,
        };
        diesel::insert_into(documents::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "document.attached",
                case_id: Some(&case.id),
                details: json!({ "document_id": row.id, "sha256": row.sha256, "size_bytes": row.size_bytes }),
            },
        )?;
        Ok(row)
    })
}

/// Reads a document's bytes (verified against their digest) and records the download.
pub fn download_document(
    conn: &mut DbConnection,
    blobs: &dyn BlobStore,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    document_id: &str,
) -> Result<(DocumentRow, Vec<u8>), WorkflowError> {
    actor.require(actor.role.can_read(), "read documents")?;
    write_tx(conn, |conn| {
        let case = find_case(conn, reference)?;
        let row: DocumentRow = documents::table
            .filter(documents::id.eq(document_id))
            .filter(documents::case_id.eq(&case.id))
            .select(DocumentRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                WorkflowError::NotFound(format!("case {reference} has no document {document_id}"))
            })?;
        let bytes = blobs.get(&row.sha256)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "document.downloaded",
                case_id: Some(&case.id),
                details: json!({ "document_id": row.id }),
            },
        )?;
        Ok((row, bytes))
    })
}
