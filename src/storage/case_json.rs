//! Cases as JSON (API responses and `lert case show --json`). Rows are parsed again on the way
//! out, so a value the database should never hold is an error here, not a surprise for a client.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::StorageError;
use super::case_queries::{CaseDetail, CaseSummary};
use super::outbox_json::OutboxJson;
use super::production_json::ProductionsJson;
use super::rows::{AgencyRow, DocumentRow, LegalProcessRow, TargetRow};
use crate::domain::case_status::CaseStatus;
use crate::domain::data_category::DataCategory;
use crate::domain::identifier::TargetKind;
use crate::domain::process_kind::ProcessKind;

pub mod clocks;

use clocks::{DeadlineJson, FlagJson, NdoJson, NoticeJson, PreservationJson, clocks_json};

fn corrupt(error: impl ToString) -> StorageError {
    StorageError::Corrupt(error.to_string())
}

pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseJson {
    pub id: String,
    /// e.g. LE-2026-0042.
    pub reference: String,
    pub title: String,
    pub status: CaseStatus,
    pub received_at: DateTime<Utc>,
    pub agency: Option<AgencyJson>,
    /// Email of the assigned member of the legal team.
    pub assignee: Option<String>,
    pub processes: Vec<ProcessJson>,
    pub targets: Vec<TargetJson>,
    pub documents: Vec<DocumentJson>,
    /// Current deadlines, soonest first, each with its trail.
    pub deadlines: Vec<DeadlineJson>,
    pub preservations: Vec<PreservationJson>,
    pub ndos: Vec<NdoJson>,
    /// Whether the subscriber may be told, and from when.
    pub notice: NoticeJson,
    /// The subscriber notices lert has created for the case, oldest first.
    pub notices: Vec<OutboxJson>,
    /// Counsel's production decisions, attached record exports and bundle versions.
    pub productions: ProductionsJson,
    /// Sufficiency, lookback, tier and order findings.
    pub flags: Vec<FlagJson>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyJson {
    pub id: String,
    pub name: String,
    pub country: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessJson {
    pub id: String,
    pub kind: ProcessKind,
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
    /// "Within N days of service", when the process gives no return date.
    pub respond_within_days: Option<i32>,
    pub data_categories: Vec<DataCategory>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TargetJson {
    pub id: String,
    pub kind: TargetKind,
    /// As the request gave it.
    pub raw: String,
    /// The form lert matches on.
    pub normalized: String,
    /// The subscriber's contact email for notices, once recorded.
    pub contact_email: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentJson {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummaryJson {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub status: CaseStatus,
    pub received_at: DateTime<Utc>,
    pub agency: Option<String>,
    pub assignee: Option<String>,
    pub process_kinds: Vec<ProcessKind>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    pub cases: Vec<CaseSummaryJson>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl CaseJson {
    /// `today` is the organisation's date: it decides whether a preservation has expired and
    /// whether notice is still blocked.
    pub fn from_detail(detail: CaseDetail, today: NaiveDate) -> Result<CaseJson, StorageError> {
        let CaseDetail {
            case,
            agency,
            assignee_email,
            processes,
            targets,
            documents,
            clocks,
            notices,
            productions,
        } = detail;
        let clocks = clocks_json(clocks, today)?;
        Ok(CaseJson {
            deadlines: clocks.deadlines,
            preservations: clocks.preservations,
            ndos: clocks.ndos,
            notice: clocks.notice,
            notices: notices.iter().map(OutboxJson::from_row).collect(),
            productions,
            flags: clocks.flags,
            status: CaseStatus::parse(&case.status).map_err(corrupt)?,
            agency: agency.map(AgencyJson::from_row),
            assignee: assignee_email,
            processes: processes.into_iter().map(ProcessJson::from_row).collect::<Result<_, _>>()?,
            targets: targets.into_iter().map(TargetJson::from_row).collect::<Result<_, _>>()?,
            documents: documents.into_iter().map(DocumentJson::from_row).collect(),
            received_at: utc(case.received_at),
            created_at: utc(case.created_at),
            updated_at: utc(case.updated_at),
            id: case.id,
            reference: case.reference,
            title: case.title,
        })
    }
}

impl AgencyJson {
    pub fn from_row(row: AgencyRow) -> AgencyJson {
        AgencyJson { id: row.id, name: row.name, country: row.country }
    }
}

impl ProcessJson {
    fn from_row(row: LegalProcessRow) -> Result<ProcessJson, StorageError> {
        let data_categories = row.parsed_data_categories()?;
        Ok(ProcessJson {
            kind: ProcessKind::parse(&row.kind).map_err(corrupt)?,
            data_categories,
            recorded_at: utc(row.created_at),
            id: row.id,
            issuing_authority: row.issuing_authority,
            agent_name: row.agent_name,
            agent_email: row.agent_email,
            agent_phone: row.agent_phone,
            docket_number: row.docket_number,
            issued_on: row.issued_on,
            served_on: row.served_on,
            return_by: row.return_by,
            requested_from: row.requested_from,
            requested_to: row.requested_to,
            respond_within_days: row.respond_within_days,
        })
    }
}

impl TargetJson {
    fn from_row(row: TargetRow) -> Result<TargetJson, StorageError> {
        Ok(TargetJson {
            kind: TargetKind::parse(&row.kind).map_err(corrupt)?,
            id: row.id,
            raw: row.raw,
            normalized: row.normalized,
            contact_email: row.contact_email,
        })
    }
}

impl DocumentJson {
    pub fn from_row(row: DocumentRow) -> DocumentJson {
        DocumentJson {
            uploaded_at: utc(row.created_at),
            id: row.id,
            filename: row.filename,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
        }
    }
}

impl CaseSummaryJson {
    pub fn from_summary(summary: CaseSummary) -> Result<CaseSummaryJson, StorageError> {
        let CaseSummary { case, agency_name, assignee_email, process_kinds } = summary;
        Ok(CaseSummaryJson {
            status: CaseStatus::parse(&case.status).map_err(corrupt)?,
            process_kinds: process_kinds
                .iter()
                .map(|k| ProcessKind::parse(k))
                .collect::<Result<_, _>>()
                .map_err(corrupt)?,
            received_at: utc(case.received_at),
            agency: agency_name,
            assignee: assignee_email,
            id: case.id,
            reference: case.reference,
            title: case.title,
        })
    }
}
