//! Record exports engineers attach to a case: each is read and validated row by row against the
//! records schema (docs/RECORDS.md) before it is kept; a file with any bad row is refused whole,
//! with every bad row reported, and nothing is stored.

use std::fs::File;
use std::path::Path;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use crate::domain::file_name::sanitize_file_name;
use crate::domain::records::RecordKind;
use crate::domain::reference::CaseReference;
use crate::productions::upload::{UploadError, UploadFormat, UploadReport, read_records};
use crate::storage::audit::{self, AuditEntry};
use crate::storage::blobs::BlobStore;
use crate::storage::production_rows::RecordUploadRow;
use crate::storage::schema::record_uploads;
use crate::storage::{DbConnection, write_tx};
use crate::workflows::cases::find_open_case;
use crate::workflows::{Actor, WorkflowError, new_id};

/// An export as received, already on disk (the API streams the body to a file).
pub struct ExportFile<'a> {
    pub kind: RecordKind,
    /// Default: from the file name's extension.
    pub format: Option<UploadFormat>,
    pub file_name: &'a str,
    pub path: &'a Path,
}

/// The export was read but has bad rows: every one, by line and field.
#[derive(Debug)]
pub struct Rejected(pub UploadReport);

/// Validates the export and keeps it for the case's productions; `Ok(Err(..))` when rows are bad.
pub fn attach_export(
    conn: &mut DbConnection,
    blobs: &dyn BlobStore,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    export: ExportFile<'_>,
) -> Result<Result<RecordUploadRow, Rejected>, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "attach record exports")?;
    let file_name = sanitize_file_name(export.file_name)
        .ok_or_else(|| WorkflowError::Invalid("the file name is empty or unusable".into()))?;
    let format = export.format.or_else(|| UploadFormat::from_file_name(&file_name)).ok_or_else(|| {
        WorkflowError::Invalid(format!(
            "{file_name:?}: name a .csv, .jsonl or .ndjson file, or give the format"
        ))
    })?;
    find_open_case(conn, reference)?;
    let reader = File::open(export.path).map_err(|e| WorkflowError::Bundle(e.to_string()))?;
    let report = read_records(export.kind, format, reader, |_| Ok(())).map_err(|error| match error {
        UploadError::Header(_) | UploadError::Read(_) => WorkflowError::Invalid(error.to_string()),
        UploadError::Consumer(message) => WorkflowError::Bundle(message),
    })?;
    if report.rows == 0 {
        return Err(WorkflowError::Invalid("the export holds no records".into()));
    }
    if !report.errors.is_empty() {
        return Ok(Err(Rejected(report)));
    }
    let (sha256, size) = blobs.put_file(export.path)?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let row = RecordUploadRow {
            id: new_id(),
            case_id: case.id.clone(),
            kind: export.kind.as_str().to_owned(),
            format: match format {
                UploadFormat::Csv => "csv",
                UploadFormat::JsonLines => "jsonl",
            }
            .to_owned(),
            file_name: file_name.clone(),
            sha256,
            size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
            rows: i64::try_from(report.rows).unwrap_or(i64::MAX),
            uploaded_by: actor.label.clone(),
            created_at: now.naive_utc(),
            withdrawn_at: None,
            withdrawn_by: None,
        };
        diesel::insert_into(record_uploads::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "records.attached",
                case_id: Some(&case.id),
                details: json!({
                    "export_id": row.id,
                    "kind": row.kind,
                    "rows": row.rows,
                    "sha256": row.sha256,
                    "size_bytes": row.size_bytes,
                }),
            },
        )?;
        Ok(Ok(row))
    })
}

/// Withdraws an attached export so later productions no longer read it (it stays on record).
pub fn withdraw_export(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    export_id: &str,
) -> Result<(), WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "withdraw record exports")?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let changed = diesel::update(
            record_uploads::table
                .filter(record_uploads::id.eq(export_id))
                .filter(record_uploads::case_id.eq(&case.id))
                .filter(record_uploads::withdrawn_at.is_null()),
        )
        .set((
            record_uploads::withdrawn_at.eq(now.naive_utc()),
            record_uploads::withdrawn_by.eq(&actor.label),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Err(WorkflowError::NotFound(format!(
                "case {reference} has no attached export {export_id} (or it was withdrawn)"
            )));
        }
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "records.withdrawn",
                case_id: Some(&case.id),
                details: json!({ "export_id": export_id }),
            },
        )?;
        Ok(())
    })
}
