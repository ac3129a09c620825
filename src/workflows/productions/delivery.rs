//! Reading a bundle back (counsel and admins only, every download audited) and recording how,
//! when, to whom and by whom it was delivered. The first delivery of an approved case marks it
//! produced, through the same status change (and notice hold) as any other.

use std::io::Read;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use serde_json::json;

use crate::domain::case_status::CaseStatus;
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::blobs::BlobStore;
use crate::storage::production_rows::{DeliveryRow, ProductionRow};
use crate::storage::rows::CaseRow;
use crate::storage::schema::{production_deliveries, productions};
use crate::storage::{DbConnection, write_tx};
use crate::workflows::cases::{change_status, find_case};
use crate::workflows::clocks::Clocks;
use crate::workflows::{Actor, WorkflowError, new_id};

pub const METHODS: [&str; 6] =
    ["secure_portal", "secure_link", "email", "physical_media", "in_person", "other"];

#[derive(Debug, Clone)]
pub struct NewDelivery {
    /// One of `METHODS`.
    pub method: String,
    /// Who received it: a person, an address, a portal's case number.
    pub recipient: String,
    /// Default: now.
    pub delivered_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
}

fn find_production(
    conn: &mut DbConnection,
    reference: &CaseReference,
    version: i32,
) -> Result<(CaseRow, ProductionRow), WorkflowError> {
    let case = find_case(conn, reference)?;
    let production = productions::table
        .filter(productions::case_id.eq(&case.id))
        .filter(productions::version.eq(version))
        .select(ProductionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            WorkflowError::NotFound(format!("case {reference} has no production version {version}"))
        })?;
    Ok((case, production))
}

/// The bundle's bytes as a verified stream (a changed blob fails at its end), after recording
/// the download.
pub fn open_bundle(
    conn: &mut DbConnection,
    blobs: &dyn BlobStore,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    version: i32,
) -> Result<(ProductionRow, Box<dyn Read + Send>), WorkflowError> {
    actor.require(actor.role >= Role::Counsel, "download productions")?;
    write_tx(conn, |conn| {
        let (case, production) = find_production(conn, reference, version)?;
        let reader = blobs.open(&production.bundle_sha256)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "production.downloaded",
                case_id: Some(&case.id),
                details: json!({
                    "production_id": production.id,
                    "version": production.version,
                    "bundle_sha256": production.bundle_sha256,
                }),
            },
        )?;
        Ok((production, reader))
    })
}

/// Records a delivery of `version`; an approved case becomes produced.
pub fn record_delivery(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    version: i32,
    delivery: &NewDelivery,
) -> Result<DeliveryRow, WorkflowError> {
    actor.require(actor.role.can_approve(), "record deliveries")?;
    if !METHODS.contains(&delivery.method.as_str()) {
        return Err(WorkflowError::Invalid(format!(
            "method {:?} must be one of {}",
            delivery.method,
            METHODS.join(", ")
        )));
    }
    let recipient = delivery.recipient.trim();
    if recipient.is_empty() || recipient.chars().count() > 500 {
        return Err(WorkflowError::Invalid("recipient must be 1 to 500 characters".into()));
    }
    let note = delivery.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 2000) {
        return Err(WorkflowError::Invalid("the note is longer than 2000 characters".into()));
    }
    let delivered_at = delivery.delivered_at.unwrap_or(now);
    // A clock a few minutes fast on the client is not a delivery in the future.
    if delivered_at > now + TimeDelta::minutes(5) {
        return Err(WorkflowError::Invalid("delivered_at is in the future".into()));
    }
    write_tx(conn, |conn| {
        let (case, production) = find_production(conn, reference, version)?;
        if delivered_at < production.generated_at.and_utc() {
            return Err(WorkflowError::Invalid(format!(
                "delivered_at is before version {version} was generated ({})",
                production.generated_at.and_utc().to_rfc3339()
            )));
        }
        let status = CaseStatus::parse(&case.status).map_err(WorkflowError::corrupt)?;
        match status {
            CaseStatus::Approved => {
                change_status(
                    conn,
                    now,
                    clocks,
                    actor,
                    reference,
                    CaseStatus::Produced,
                    Some(format!("production version {version} delivered")),
                )?;
            }
            CaseStatus::Produced | CaseStatus::Closed => {}
            other => {
                return Err(WorkflowError::Conflict(format!(
                    "case {reference} is {}; a production is delivered only for an approved case",
                    other.as_str()
                )));
            }
        }
        let row = DeliveryRow {
            id: new_id(),
            production_id: production.id.clone(),
            method: delivery.method.clone(),
            recipient: recipient.to_owned(),
            delivered_at: delivered_at.naive_utc(),
            note: note.map(str::to_owned),
            recorded_by: actor.label.clone(),
            recorded_at: now.naive_utc(),
        };
        diesel::insert_into(production_deliveries::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "production.delivered",
                case_id: Some(&case.id),
                details: json!({
                    "production_id": production.id,
                    "version": version,
                    "delivery_id": row.id,
                    "method": row.method,
                    "delivered_at": delivered_at.to_rfc3339(),
                }),
            },
        )?;
        Ok(row)
    })
}
