//! Row structs as the tables hold them. Repositories parse these into domain values again.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::StorageError;
use crate::domain::data_category::DataCategory;

use super::schema::{
    agencies, agency_contacts, api_tokens, audit_events, calendar_feeds, cases, deadlines, documents, flags,
    inbound_messages, intake_guesses, legal_processes, message_findings, ndos, preservation_renewals,
    preservations, targets, users,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub role: String,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: String,
    pub user_id: String,
    pub label: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A personal calendar feed; the token itself is never stored, only its SHA-256.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_feeds)]
pub struct CalendarFeedRow {
    pub id: String,
    pub user_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agencies)]
pub struct AgencyRow {
    pub id: String,
    pub name: String,
    pub country: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agency_contacts)]
pub struct AgencyContactRow {
    pub id: String,
    pub agency_id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub status: String,
    pub agency_id: Option<String>,
    pub assignee_id: Option<String>,
    pub received_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The columns a case list shows.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
pub struct CaseListRow {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub status: String,
    pub received_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = legal_processes)]
pub struct LegalProcessRow {
    pub id: String,
    pub case_id: String,
    pub kind: String,
    pub issuing_authority: Option<String>,
    pub agent_name: Option<String>,
    pub agent_email: Option<String>,
    pub agent_phone: Option<String>,
    pub docket_number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub return_by: Option<NaiveDate>,
    pub requested_from: Option<NaiveDate>,
    pub requested_to: Option<NaiveDate>,
    /// JSON array of data category names.
    pub data_categories: String,
    pub created_at: NaiveDateTime,
    /// "Within N days of service", when the process says so instead of giving a return date.
    pub respond_within_days: Option<i32>,
}

impl LegalProcessRow {
    /// The requested data categories, parsed again from their JSON column.
    pub fn parsed_data_categories(&self) -> Result<Vec<DataCategory>, StorageError> {
        let corrupt = |e: String| StorageError::Corrupt(format!("process {}: {e}", self.id));
        let names: Vec<String> =
            serde_json::from_str(&self.data_categories).map_err(|e| corrupt(e.to_string()))?;
        names.iter().map(|name| DataCategory::parse(name).map_err(|e| corrupt(e.to_string()))).collect()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = targets)]
pub struct TargetRow {
    pub id: String,
    pub case_id: String,
    pub kind: String,
    pub raw: String,
    pub normalized: String,
    pub created_at: NaiveDateTime,
    /// The subscriber's contact email, from the account's records, for notices.
    pub contact_email: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = documents)]
pub struct DocumentRow {
    pub id: String,
    pub case_id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Option<String>,
    pub created_at: NaiveDateTime,
    /// The email the document arrived attached to, for documents intake stored.
    pub inbound_message_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEventRow {
    pub seq: i64,
    pub id: String,
    pub occurred_at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub case_id: Option<String>,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_events)]
pub struct NewAuditEventRow {
    pub id: String,
    pub occurred_at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub case_id: Option<String>,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = preservations)]
pub struct PreservationRow {
    pub id: String,
    pub case_id: String,
    pub received_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub renewals: i32,
    /// Placed by lert when a request for logs was recorded, not by an agency's request.
    pub automatic: bool,
    /// The case whose formal process holds this preservation until it closes.
    pub held_by_case_id: Option<String>,
    pub released_on: Option<NaiveDate>,
    pub released_by: Option<String>,
    pub release_note: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = preservation_renewals)]
pub struct PreservationRenewalRow {
    pub id: String,
    pub preservation_id: String,
    pub received_on: NaiveDate,
    pub previous_expires_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub statutory: bool,
    pub approved_by: Option<String>,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ndos)]
pub struct NdoRow {
    pub id: String,
    pub case_id: String,
    pub signed_on: NaiveDate,
    pub received_on: NaiveDate,
    /// fixed_end, duration or until_further_order.
    pub term: String,
    pub ends_on: Option<NaiveDate>,
    pub duration_amount: Option<i32>,
    pub duration_unit: Option<String>,
    pub extends_ndo_id: Option<String>,
    pub vacated_on: Option<NaiveDate>,
    pub docket_number: Option<String>,
    pub covers_process_id: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = deadlines)]
pub struct DeadlineRow {
    pub id: String,
    pub case_id: String,
    pub kind: String,
    pub source_id: Option<String>,
    pub due_on: NaiveDate,
    pub trail: String,
    pub created_at: NaiveDateTime,
    pub superseded_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = flags)]
pub struct FlagRow {
    pub id: String,
    pub case_id: String,
    pub kind: String,
    /// info, warning or blocking.
    pub severity: String,
    pub message: String,
    pub source_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub superseded_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = inbound_messages)]
pub struct InboundMessageRow {
    pub id: String,
    pub source: String,
    pub source_ref: Option<String>,
    pub sha256: String,
    pub size_bytes: i64,
    pub message_id: Option<String>,
    pub received_at: NaiveDateTime,
    pub status: String,
    pub case_id: Option<String>,
    pub duplicate_of: Option<String>,
    pub triage_reason: Option<String>,
    pub subject: Option<String>,
    pub from_address: Option<String>,
    /// JSON: what parsing found (parts, attachments, authenticity), for the legal team.
    pub summary: Option<String>,
    pub created_at: NaiveDateTime,
    pub processed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = intake_guesses)]
pub struct IntakeGuessRow {
    pub id: String,
    pub inbound_message_id: String,
    pub case_id: String,
    pub field: String,
    /// JSON of the proposed value.
    pub value: String,
    pub evidence_phrase: String,
    /// JSON of the evidence location (`{"part":"subject"}`, `{"part":"attachment","name":...}`).
    pub evidence_location: String,
    pub confidence: String,
    /// The record the guess filled in (a process, target, agency, NDO or preservation id).
    pub applied_to: Option<String>,
    pub status: String,
    pub corrected_value: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = message_findings)]
pub struct MessageFindingRow {
    pub id: String,
    pub inbound_message_id: String,
    pub kind: String,
    pub severity: String,
    pub message: String,
    pub created_at: NaiveDateTime,
}
