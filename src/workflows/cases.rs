//! Opening cases, moving them through their status machine, assigning them, and audited views.

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::agencies::{AgencyInput, find_or_create};
use super::clocks::{Clocks, after_change, recompute};
use super::processes::{NewProcess, insert_process};
use super::targets::insert_target;
use super::{Actor, WorkflowError, new_id};
use crate::domain::case_status::{CaseStatus, check_transition};
use crate::domain::identifier::Identifier;
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::case_queries::{self, CaseDetail};
use crate::storage::rows::CaseRow;
use crate::storage::schema::{cases, preservations, users};
use crate::storage::{DbConnection, counters, write_tx};

/// A validated new case.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub title: String,
    /// When the request arrived; defaults to now.
    pub received_at: Option<DateTime<Utc>>,
    pub agency: Option<AgencyInput>,
    pub process: Option<NewProcess>,
    pub targets: Vec<Identifier>,
}

/// How far in the future a stated receipt time may be (clock skew between machines).
const RECEIPT_SKEW: TimeDelta = TimeDelta::minutes(5);

/// Opens a case in `received` with its first process and targets, numbered `LE-<year>-<n>` in
/// the organisation's time zone.
pub fn open_case(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    input: NewCase,
) -> Result<CaseReference, WorkflowError> {
    let agent = input.process.as_ref().map(|p| (p.agent_email.clone(), p.agent_name.clone()));
    write_tx(conn, |conn| {
        let (reference, case_id) = insert_case(conn, now, clocks, actor, input)?;
        after_change(conn, now, clocks, actor, &case_id)?;
        if let Some((email, name)) = &agent {
            let email = email.as_ref().map(|e| e.as_str());
            super::agency_mail::acknowledge(conn, now, clocks, actor, &case_id, email, name.as_deref())?;
        }
        Ok(reference)
    })
}

/// `open_case` without the clock recompute, inside the caller's transaction, for a caller that
/// adds more to the case and recomputes once at the end (intake). Returns the reference and id.
pub(crate) fn insert_case(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    input: NewCase,
) -> Result<(CaseReference, String), WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "open cases")?;
    let received_at = input.received_at.unwrap_or(now);
    if received_at > now + RECEIPT_SKEW {
        return Err(WorkflowError::Invalid("received_at is in the future".into()));
    }
    let year = now.with_timezone(&clocks.tz).year();
    let sequence = counters::next_value(conn, &format!("case_reference:{year}"))?;
    let sequence = u32::try_from(sequence)
        .map_err(|_| WorkflowError::Conflict("the case reference counter is exhausted".into()))?;
    let reference = CaseReference::new(year, sequence).map_err(|e| WorkflowError::Conflict(e.to_string()))?;
    let agency_id = match &input.agency {
        Some(agency) => Some(find_or_create(conn, now, actor, agency)?),
        None => None,
    };
    let row = CaseRow {
        id: new_id(),
        reference: reference.as_str().to_owned(),
        title: input.title.clone(),
        status: CaseStatus::Received.as_str().to_owned(),
        agency_id,
        assignee_id: None,
        received_at: received_at.naive_utc(),
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
    };
    diesel::insert_into(cases::table).values(&row).execute(conn)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: &actor.label,
            action: "case.opened",
            case_id: Some(&row.id),
            details: json!({ "reference": row.reference, "received_at": received_at }),
        },
    )?;
    if let Some(process) = &input.process {
        insert_process(conn, now, actor, &row.id, process)?;
    }
    for target in &input.targets {
        insert_target(conn, now, actor, &row.id, target)?;
    }
    Ok((reference, row.id))
}

/// Loads an open-or-closed case for a change, by reference.
pub(crate) fn find_case(
    conn: &mut DbConnection,
    reference: &CaseReference,
) -> Result<CaseRow, WorkflowError> {
    case_queries::find_by_reference(conn, reference.as_str())?
        .ok_or_else(|| WorkflowError::NotFound(format!("case {reference} was not found")))
}

/// The id of a case, by reference.
pub fn case_id_of(conn: &mut DbConnection, reference: &CaseReference) -> Result<String, WorkflowError> {
    Ok(find_case(conn, reference)?.id)
}

/// Like `find_case`, but refuses cases that are closed, rejected or withdrawn.
pub(crate) fn find_open_case(
    conn: &mut DbConnection,
    reference: &CaseReference,
) -> Result<CaseRow, WorkflowError> {
    let case = find_case(conn, reference)?;
    let status = parse_status(&case)?;
    if status.is_open() {
        Ok(case)
    } else {
        Err(WorkflowError::Conflict(format!("case {reference} is {}; reopen it first", status.as_str())))
    }
}

fn parse_status(case: &CaseRow) -> Result<CaseStatus, WorkflowError> {
    CaseStatus::parse(&case.status).map_err(WorkflowError::corrupt)
}

/// Moves a case to `to` if the status machine and the actor's role allow it.
pub fn change_status(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    to: CaseStatus,
    note: Option<String>,
) -> Result<CaseStatus, WorkflowError> {
    write_tx(conn, |conn| {
        let case = find_case(conn, reference)?;
        let from = parse_status(&case)?;
        check_transition(from, to, actor.role).map_err(|e| match e {
            crate::domain::case_status::TransitionError::Forbidden { .. } => {
                WorkflowError::Forbidden(e.to_string())
            }
            _ => WorkflowError::Conflict(e.to_string()),
        })?;
        // Conditional on the status we checked, so a concurrent change cannot be overwritten.
        let changed = diesel::update(cases::table.find(&case.id).filter(cases::status.eq(from.as_str())))
            .set((cases::status.eq(to.as_str()), cases::updated_at.eq(now.naive_utc())))
            .execute(conn)?;
        if changed == 0 {
            return Err(WorkflowError::Conflict(format!(
                "case {reference} changed meanwhile; reload and retry"
            )));
        }
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "case.status_changed",
                case_id: Some(&case.id),
                details: json!({ "from": from.as_str(), "to": to.as_str(), "note": note }),
            },
        )?;
        match (from, to) {
            (_, CaseStatus::Produced) => {
                super::notices::check_production_allowed(conn, now, clocks, &case.id)?
            }
            (CaseStatus::Approved, CaseStatus::InReview | CaseStatus::Withdrawn) => {
                let why = "the approval was withdrawn before production";
                super::notices::cancel_pending_notices(conn, now, actor, &case.id, why)?;
            }
            _ => {}
        }
        // Notices are created on approval, and an emergency's notice is released by production.
        if matches!(to, CaseStatus::Approved | CaseStatus::Produced) {
            super::notices::sync_notices(conn, now, clocks, actor, &case.id)?;
        }
        // Preservations held for this case are held only while it is open.
        let holding_for: Vec<String> = preservations::table
            .filter(preservations::held_by_case_id.eq(&case.id))
            .select(preservations::case_id)
            .distinct()
            .load(conn)?;
        for preserved_case in holding_for {
            recompute(conn, now, clocks, actor, &preserved_case)?;
        }
        Ok(to)
    })
}

/// Assigns the case to a user who can work on it, or unassigns it with `None`.
pub fn assign(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    assignee_email: Option<&str>,
) -> Result<(), WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "assign cases")?;
    write_tx(conn, |conn| {
        let case = find_case(conn, reference)?;
        let assignee_id = match assignee_email {
            None => None,
            Some(email) => Some(assignable_user(conn, email)?),
        };
        diesel::update(cases::table.find(&case.id))
            .set((cases::assignee_id.eq(&assignee_id), cases::updated_at.eq(now.naive_utc())))
            .execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "case.assigned",
                case_id: Some(&case.id),
                details: json!({ "assignee": assignee_email }),
            },
        )?;
        Ok(())
    })
}

fn assignable_user(conn: &mut DbConnection, email: &str) -> Result<String, WorkflowError> {
    let user: Option<(String, String, bool)> = users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .select((users::id, users::role, users::disabled))
        .first(conn)
        .optional()?;
    match user {
        None => Err(WorkflowError::Invalid(format!("no user has the email {email:?}"))),
        Some((_, _, true)) => Err(WorkflowError::Invalid(format!("user {email:?} is disabled"))),
        Some((_, role, _)) if role == "viewer" => {
            Err(WorkflowError::Invalid(format!("user {email:?} is a viewer and cannot work on cases")))
        }
        Some((id, _, _)) => Ok(id),
    }
}

/// Reads a whole case and records that `actor` viewed it.
pub fn view_case(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
) -> Result<CaseDetail, WorkflowError> {
    actor.require(actor.role.can_read(), "read cases")?;
    write_tx(conn, |conn| {
        let detail = case_queries::load_detail(conn, reference.as_str())?
            .ok_or_else(|| WorkflowError::NotFound(format!("case {reference} was not found")))?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "case.viewed",
                case_id: Some(&detail.case.id),
                details: json!({}),
            },
        )?;
        Ok(detail)
    })
}
