//! A case's productions as JSON: counsel's decisions, the attached record exports, and each
//! bundle version with its files, digests and deliveries (`GET /cases/{ref}/productions`, and
//! the `productions` part of a case).

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::DbConnection;
use super::case_json::utc;
use super::production_rows::{
    DecisionRow, DeliveryRow, ProductionFileRow, ProductionRow, RecordUploadRow, current_uploads_of,
    decisions_of, deliveries_of, files_of, productions_of,
};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductionsJson {
    /// Standing decisions: `target:<id>`, `category:<name>` or `backups`.
    pub decisions: Vec<DecisionJson>,
    /// Exports engineers attached, not withdrawn.
    pub exports: Vec<RecordExportJson>,
    /// Bundles, newest version first.
    pub versions: Vec<ProductionJson>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionJson {
    pub subject: String,
    /// produce or withhold.
    pub decision: String,
    pub reason: String,
    /// Recorded cost of a backup retrieval, in cents.
    pub cost_cents: Option<i64>,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordExportJson {
    pub id: String,
    /// accounts, contact_emails, api_log or certificates.
    pub kind: String,
    /// csv or jsonl.
    pub format: String,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub rows: i64,
    pub uploaded_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductionJson {
    pub version: i32,
    /// records_database or uploads.
    pub source: String,
    /// The ZIP's file name, size and SHA-256 (recorded in the audit trail).
    pub bundle: FileJson,
    /// Whether the ZIP is AES-256 encrypted (the password is never stored).
    pub encrypted: bool,
    /// Every file inside the bundle, as the certification lists it.
    pub files: Vec<FileJson>,
    /// What was produced and withheld, the log window and the rows per kind.
    #[schema(value_type = Object)]
    pub scope: serde_json::Value,
    pub generated_by: String,
    pub generated_at: DateTime<Utc>,
    pub deliveries: Vec<DeliveryJson>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FileJson {
    pub name: String,
    pub size_bytes: i64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryJson {
    pub id: String,
    /// secure_portal, secure_link, email, physical_media, in_person or other.
    pub method: String,
    pub recipient: String,
    pub delivered_at: DateTime<Utc>,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// The name a bundle is downloaded under, e.g. `LE-2026-0042-production-2.zip`.
pub fn bundle_file_name(reference: &str, version: i32) -> String {
    format!("{reference}-production-{version}.zip")
}

impl ProductionsJson {
    pub fn load(
        conn: &mut DbConnection,
        case_id: &str,
        reference: &str,
    ) -> diesel::QueryResult<ProductionsJson> {
        let decisions = decisions_of(conn, case_id)?.into_iter().map(DecisionJson::from_row).collect();
        let exports =
            current_uploads_of(conn, case_id)?.into_iter().map(RecordExportJson::from_row).collect();
        let mut versions = Vec::new();
        for row in productions_of(conn, case_id)? {
            let files = files_of(conn, &row.id)?;
            let deliveries = deliveries_of(conn, &row.id)?;
            versions.push(ProductionJson::new(reference, row, files, deliveries));
        }
        Ok(ProductionsJson { decisions, exports, versions })
    }
}

impl DecisionJson {
    pub fn from_row(row: DecisionRow) -> DecisionJson {
        DecisionJson {
            subject: row.subject,
            decision: row.decision,
            reason: row.reason,
            cost_cents: row.cost_cents,
            decided_by: row.decided_by,
            decided_at: utc(row.decided_at),
        }
    }
}

impl RecordExportJson {
    pub fn from_row(row: RecordUploadRow) -> RecordExportJson {
        RecordExportJson {
            id: row.id,
            kind: row.kind,
            format: row.format,
            file_name: row.file_name,
            sha256: row.sha256,
            size_bytes: row.size_bytes,
            rows: row.rows,
            uploaded_by: row.uploaded_by,
            created_at: utc(row.created_at),
        }
    }
}

impl ProductionJson {
    pub fn new(
        reference: &str,
        row: ProductionRow,
        files: Vec<ProductionFileRow>,
        deliveries: Vec<DeliveryRow>,
    ) -> ProductionJson {
        ProductionJson {
            bundle: FileJson {
                name: bundle_file_name(reference, row.version),
                size_bytes: row.bundle_size,
                sha256: row.bundle_sha256,
            },
            version: row.version,
            source: row.source,
            encrypted: row.encrypted,
            files: files
                .into_iter()
                .map(|f| FileJson { name: f.name, size_bytes: f.size_bytes, sha256: f.sha256 })
                .collect(),
            // Written by lert as JSON; anything else would be a bug, shown as null rather than hidden.
            scope: serde_json::from_str(&row.scope).unwrap_or(serde_json::Value::Null),
            generated_by: row.generated_by,
            generated_at: utc(row.generated_at),
            deliveries: deliveries.into_iter().map(DeliveryJson::from_row).collect(),
        }
    }
}

impl DeliveryJson {
    pub fn from_row(row: DeliveryRow) -> DeliveryJson {
        DeliveryJson {
            id: row.id,
            method: row.method,
            recipient: row.recipient,
            delivered_at: utc(row.delivered_at),
            note: row.note,
            recorded_by: row.recorded_by,
            recorded_at: utc(row.recorded_at),
        }
    }
}
