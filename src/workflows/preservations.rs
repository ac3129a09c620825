//! Preservation requests under 2703(f): record, renew, hold for formal process, release.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::cases::{find_case, find_open_case};
use super::clocks::{Clocks, open_case_reference, recompute};
use super::{Actor, WorkflowError, new_id};
use crate::domain::compulsion::{Compulsion, compulsion};
use crate::domain::preservation::{preservation_expiry, renew};
use crate::domain::process_kind::ProcessKind;
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::{CaseRow, PreservationRenewalRow, PreservationRow};
use crate::storage::schema::{cases, legal_processes, preservation_renewals, preservations, targets};
use crate::storage::{DbConnection, write_tx};

/// Dates before this are typing mistakes, not preservation requests.
fn check_date(field: &str, date: NaiveDate, today: NaiveDate) -> Result<(), WorkflowError> {
    if date > today {
        return Err(WorkflowError::Invalid(format!("{field} {date} is in the future")));
    }
    if date < NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date") {
        return Err(WorkflowError::Invalid(format!("{field} {date} is before 2000")));
    }
    Ok(())
}

/// Records a preservation request received on `received_on`, covering the case's identifiers.
pub fn record_preservation(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    received_on: NaiveDate,
) -> Result<String, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "record preservations")?;
    check_date("received_on", received_on, clocks.date_of(now))?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let id = insert_preservation(conn, now, actor, &case.id, received_on, false)?;
        recompute(conn, now, clocks, actor, &case.id)?;
        Ok(id)
    })
}

pub(crate) fn insert_preservation(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    case_id: &str,
    received_on: NaiveDate,
    automatic: bool,
) -> Result<String, WorkflowError> {
    let expiry = preservation_expiry(received_on);
    let row = PreservationRow {
        id: new_id(),
        case_id: case_id.to_owned(),
        received_on,
        expires_on: expiry.date,
        renewals: 0,
        automatic,
        held_by_case_id: None,
        released_on: None,
        released_by: None,
        release_note: None,
        created_at: now.naive_utc(),
    };
    diesel::insert_into(preservations::table).values(&row).execute(conn)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: &actor.label,
            action: if automatic { "preservation.placed_automatically" } else { "preservation.recorded" },
            case_id: Some(case_id),
            details: json!({ "preservation_id": row.id, "received_on": received_on, "expires_on": expiry.date, "trail": expiry.trail }),
        },
    )?;
    Ok(row.id)
}

/// The case's preservation `id`, refusing one already released (record a new one instead).
fn find_live_preservation(
    conn: &mut DbConnection,
    case: &CaseRow,
    id: &str,
) -> Result<PreservationRow, WorkflowError> {
    let preservation: PreservationRow = preservations::table
        .filter(preservations::id.eq(id))
        .filter(preservations::case_id.eq(&case.id))
        .select(PreservationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            WorkflowError::NotFound(format!("case {} has no preservation {id}", case.reference))
        })?;
    match preservation.released_on {
        Some(on) => {
            Err(WorkflowError::Conflict(format!("the preservation was released on {on}; record a new one")))
        }
        None => Ok(preservation),
    }
}

/// A renewed preservation request as received.
#[derive(Debug, Clone, Copy)]
pub struct RenewalRequest {
    pub received_on: NaiveDate,
    /// Counsel approves a renewal beyond the statutory first (only counsel may set this).
    pub counsel_approval: bool,
}

/// Renews a preservation. A renewal after expiry is refused (record a new preservation); one
/// beyond the statutory first needs counsel's approval, recorded with the renewal.
pub fn renew_preservation(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    preservation_id: &str,
    renewal: RenewalRequest,
) -> Result<NaiveDate, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "renew preservations")?;
    let RenewalRequest { received_on, counsel_approval } = renewal;
    if counsel_approval {
        actor.require(actor.role.can_approve(), "approve a further renewal")?;
    }
    check_date("received_on", received_on, clocks.date_of(now))?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let current = find_live_preservation(conn, &case, preservation_id)?;
        let renewals_so_far = u32::try_from(current.renewals).unwrap_or(u32::MAX);
        let renewal = renew(current.expires_on, renewals_so_far, received_on, counsel_approval)
            .map_err(|refusal| WorkflowError::Conflict(refusal.to_string()))?;
        // Conditional on the expiry we read, so two renewals at once cannot both count.
        let updated = diesel::update(
            preservations::table.find(&current.id).filter(preservations::expires_on.eq(current.expires_on)),
        )
        .set((
            preservations::expires_on.eq(renewal.expires.date),
            preservations::renewals.eq(preservations::renewals + 1),
        ))
        .execute(conn)?;
        if updated == 0 {
            return Err(WorkflowError::Conflict(
                "the preservation changed meanwhile; reload and retry".into(),
            ));
        }
        let row = PreservationRenewalRow {
            id: new_id(),
            preservation_id: current.id.clone(),
            received_on,
            previous_expires_on: current.expires_on,
            expires_on: renewal.expires.date,
            statutory: renewal.statutory,
            approved_by: (!renewal.statutory).then(|| actor.user_id.clone()).flatten(),
            note: None,
            created_at: now.naive_utc(),
        };
        diesel::insert_into(preservation_renewals::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "preservation.renewed",
                case_id: Some(&case.id),
                details: json!({
                    "preservation_id": current.id,
                    "received_on": received_on,
                    "expires_on": renewal.expires.date,
                    "statutory": renewal.statutory,
                    "trail": renewal.expires.trail,
                }),
            },
        )?;
        recompute(conn, now, clocks, actor, &case.id)?;
        Ok(renewal.expires.date)
    })
}

/// Holds a preservation for a case with formal process on the same identifiers: it is kept until
/// that case closes.
pub fn hold_preservation(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    preservation_id: &str,
    holder: &CaseReference,
) -> Result<(), WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "link preservations")?;
    write_tx(conn, |conn| {
        let case = find_case(conn, reference)?;
        let preservation = find_live_preservation(conn, &case, preservation_id)?;
        let today = clocks.date_of(now);
        if preservation.expires_on < today && preservation.held_by_case_id.is_none() {
            return Err(WorkflowError::Conflict(format!(
                "the preservation expired on {}; record a new preservation instead",
                preservation.expires_on
            )));
        }
        let holding = find_open_case(conn, holder)?;
        if holding.id == case.id {
            return Err(WorkflowError::Invalid("a preservation cannot be held by its own case".into()));
        }
        if !has_formal_process(conn, &holding.id)? {
            return Err(WorkflowError::Invalid(format!(
                "{holder} has no warrant, subpoena or court order recorded"
            )));
        }
        if shared_identifiers(conn, &case.id, &holding.id)?.is_empty() {
            return Err(WorkflowError::Invalid(format!("{holder} names none of the preserved identifiers")));
        }
        diesel::update(preservations::table.find(&preservation.id))
            .set(preservations::held_by_case_id.eq(&holding.id))
            .execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "preservation.held",
                case_id: Some(&case.id),
                details: json!({ "preservation_id": preservation.id, "held_by": holding.reference }),
            },
        )?;
        recompute(conn, now, clocks, actor, &case.id)?;
        Ok(())
    })
}

fn has_formal_process(conn: &mut DbConnection, case_id: &str) -> Result<bool, WorkflowError> {
    let kinds: Vec<String> = legal_processes::table
        .filter(legal_processes::case_id.eq(case_id))
        .select(legal_processes::kind)
        .load(conn)?;
    Ok(kinds
        .iter()
        .filter_map(|k| ProcessKind::parse(k).ok())
        .any(|kind| matches!(compulsion(kind), Compulsion::Compels(_))))
}

fn shared_identifiers(
    conn: &mut DbConnection,
    case_id: &str,
    other_case_id: &str,
) -> Result<Vec<String>, WorkflowError> {
    let theirs = identifiers_of(conn, other_case_id)?;
    let mine = identifiers_of(conn, case_id)?;
    Ok(mine.into_iter().filter(|id| theirs.contains(id)).map(|(_, normalized)| normalized).collect())
}

/// Releases a preservation: counsel only, never while the case that holds it is open, and never
/// while another open matter names one of the same identifiers.
pub fn release_preservation(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    preservation_id: &str,
    note: &str,
) -> Result<(), WorkflowError> {
    actor.require(actor.role.can_approve(), "release preserved data (counsel's sign-off)")?;
    write_tx(conn, |conn| {
        let case = find_case(conn, reference)?;
        let preservation = find_live_preservation(conn, &case, preservation_id)?;
        if let Some(holder) = &preservation.held_by_case_id
            && let Some(open) = open_case_reference(conn, holder)?
        {
            return Err(WorkflowError::Conflict(format!("held for {open}, which is still open")));
        }
        if let Some((other, identifier)) = other_open_matter(conn, &case.id)? {
            return Err(WorkflowError::Conflict(format!("{other} is open and also names {identifier}")));
        }
        diesel::update(preservations::table.find(&preservation.id))
            .set((
                preservations::released_on.eq(clocks.date_of(now)),
                preservations::released_by.eq(&actor.user_id),
                preservations::release_note.eq(note),
            ))
            .execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "preservation.released",
                case_id: Some(&case.id),
                details: json!({ "preservation_id": preservation.id, "note": note }),
            },
        )?;
        recompute(conn, now, clocks, actor, &case.id)?;
        Ok(())
    })
}

/// Another open case naming one of this case's identifiers, with that identifier.
fn other_open_matter(
    conn: &mut DbConnection,
    case_id: &str,
) -> Result<Option<(String, String)>, WorkflowError> {
    let mine = identifiers_of(conn, case_id)?;
    let normalized: Vec<&str> = mine.iter().map(|(_, n)| n.as_str()).collect();
    let open: Vec<&str> = crate::domain::case_status::CaseStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    let candidates: Vec<(String, String, String)> = targets::table
        .inner_join(cases::table)
        .filter(targets::normalized.eq_any(normalized))
        .filter(targets::withdrawn_at.is_null())
        .filter(targets::case_id.ne(case_id))
        .filter(cases::status.eq_any(open))
        .select((cases::reference, targets::kind, targets::normalized))
        .order(cases::reference.asc())
        .load(conn)?;
    // The same text can be two identifiers (an account number and a serial): match the kind too.
    Ok(candidates
        .into_iter()
        .find(|(_, kind, normalized)| mine.iter().any(|(k, n)| k == kind && n == normalized))
        .map(|(reference, _, normalized)| (reference, normalized)))
}

/// A case's identifiers as (kind, normalized value).
fn identifiers_of(conn: &mut DbConnection, case_id: &str) -> Result<Vec<(String, String)>, WorkflowError> {
    Ok(targets::table
        .filter(targets::case_id.eq(case_id))
        .filter(targets::withdrawn_at.is_null())
        .select((targets::kind, targets::normalized))
        .load(conn)?)
}
