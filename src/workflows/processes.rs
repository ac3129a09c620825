//! Recording the legal process a case is built on (subpoena, order, warrant, ...).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::cases::find_open_case;
use super::clocks::{Clocks, after_change};
use super::{Actor, WorkflowError, new_id};
use crate::domain::data_category::DataCategory;
use crate::domain::email_address::EmailAddress;
use crate::domain::phone::PhoneNumber;
use crate::domain::process_kind::ProcessKind;
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::LegalProcessRow;
use crate::storage::schema::legal_processes;
use crate::storage::{DbConnection, write_tx};

/// A validated legal process. `requested_from <= requested_to` is guaranteed by `new`.
#[derive(Debug, Clone)]
pub struct NewProcess {
    pub kind: ProcessKind,
    pub issuing_authority: Option<String>,
    pub agent_name: Option<String>,
    pub agent_email: Option<EmailAddress>,
    pub agent_phone: Option<PhoneNumber>,
    pub docket_number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub return_by: Option<NaiveDate>,
    /// "Within N days of service" (0..=365), when the process gives no return date.
    pub respond_within_days: Option<u32>,
    requested_range: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    pub data_categories: Vec<DataCategory>,
}

impl NewProcess {
    pub fn new(kind: ProcessKind) -> NewProcess {
        NewProcess {
            kind,
            issuing_authority: None,
            agent_name: None,
            agent_email: None,
            agent_phone: None,
            docket_number: None,
            issued_on: None,
            served_on: None,
            return_by: None,
            respond_within_days: None,
            requested_range: None,
            data_categories: Vec::new(),
        }
    }

    /// Sets the requested date range, refusing one that ends before it starts.
    pub fn with_requested_range(
        mut self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<NewProcess, WorkflowError> {
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(WorkflowError::Invalid(format!(
                "the requested date range ends ({to}) before it starts ({from})"
            )));
        }
        self.requested_range = Some((from, to));
        Ok(self)
    }

    pub fn requested_from(&self) -> Option<NaiveDate> {
        self.requested_range.and_then(|(from, _)| from)
    }

    pub fn requested_to(&self) -> Option<NaiveDate> {
        self.requested_range.and_then(|(_, to)| to)
    }
}

/// Adds a process to an open case.
pub fn record_process(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    process: &NewProcess,
) -> Result<String, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "record legal process")?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let id = insert_process(conn, now, actor, &case.id, process)?;
        after_change(conn, now, clocks, actor, &case.id)?;
        Ok(id)
    })
}

/// Inserts within the caller's transaction; returns the process id.
pub(crate) fn insert_process(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    case_id: &str,
    process: &NewProcess,
) -> Result<String, WorkflowError> {
    let categories: Vec<&str> = process.data_categories.iter().map(|c| c.as_str()).collect();
    let row = LegalProcessRow {
        id: new_id(),
        case_id: case_id.to_owned(),
        kind: process.kind.as_str().to_owned(),
        issuing_authority: process.issuing_authority.clone(),
        agent_name: process.agent_name.clone(),
        agent_email: process.agent_email.as_ref().map(|e| e.as_str().to_owned()),
        agent_phone: process.agent_phone.as_ref().map(|p| p.as_str().to_owned()),
        docket_number: process.docket_number.clone(),
        issued_on: process.issued_on,
        served_on: process.served_on,
        return_by: process.return_by,
        requested_from: process.requested_from(),
        requested_to: process.requested_to(),
        data_categories: serde_json::to_string(&categories).expect("strings serialise"),
        created_at: now.naive_utc(),
        respond_within_days: process.respond_within_days.map(|d| i32::try_from(d).unwrap_or(i32::MAX)),
    };
    diesel::insert_into(legal_processes::table).values(&row).execute(conn)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: &actor.label,
            action: "process.recorded",
            case_id: Some(case_id),
            details: json!({
                "process_id": row.id,
                "kind": row.kind,
                "docket_number": row.docket_number,
                "requested_from": row.requested_from,
                "requested_to": row.requested_to,
                "data_categories": categories,
            }),
        },
    )?;
    Ok(row.id)
}
