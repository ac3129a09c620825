//! The identifiers a request is about: accounts, emails, domains, IPs, certificate serials.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::cases::find_open_case;
use super::clocks::{Clocks, after_change};
use super::{Actor, WorkflowError, new_id};
use crate::domain::identifier::Identifier;
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::TargetRow;
use crate::storage::schema::targets;
use crate::storage::{DbConnection, write_tx};

/// Adds a target to an open case; the same identifier twice is a conflict.
pub fn add_target(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    target: &Identifier,
) -> Result<String, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "add targets")?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let id = insert_target(conn, now, actor, &case.id, target)?;
        after_change(conn, now, clocks, actor, &case.id)?;
        Ok(id)
    })
}

/// Inserts within the caller's transaction; returns the target id.
pub(crate) fn insert_target(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    case_id: &str,
    target: &Identifier,
) -> Result<String, WorkflowError> {
    let duplicate: i64 = targets::table
        .filter(targets::case_id.eq(case_id))
        .filter(targets::kind.eq(target.kind().as_str()))
        .filter(targets::normalized.eq(target.normalized()))
        .filter(targets::withdrawn_at.is_null())
        .count()
        .get_result(conn)?;
    if duplicate > 0 {
        return Err(WorkflowError::Conflict(format!(
            "the case already has the {} {}",
            target.kind().as_str(),
            target.normalized()
        )));
    }
    let row = target_row(now, case_id, target);
    diesel::insert_into(targets::table).values(&row).execute(conn)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: &actor.label,
            action: "target.added",
            case_id: Some(case_id),
            details: json!({ "target_id": row.id, "kind": row.kind, "normalized": row.normalized }),
        },
    )?;
    Ok(row.id)
}

/// Adds many targets in the caller's transaction (intake's list of identifiers): one query for
/// the case's existing targets, multi-row inserts, one chained audit append. Returns each
/// input's new target id, or `None` when the case already had it. The caller recomputes.
pub(crate) fn insert_targets(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    case_id: &str,
    wanted: &[Identifier],
) -> Result<Vec<Option<String>>, WorkflowError> {
    let existing: Vec<(String, String)> = targets::table
        .filter(targets::case_id.eq(case_id))
        .filter(targets::withdrawn_at.is_null())
        .select((targets::kind, targets::normalized))
        .load(conn)?;
    let mut seen: std::collections::HashSet<(String, String)> = existing.into_iter().collect();
    let mut rows = Vec::new();
    let ids = wanted
        .iter()
        .map(|target| {
            let key = (target.kind().as_str().to_owned(), target.normalized().to_owned());
            if !seen.insert(key) {
                return None;
            }
            let row = target_row(now, case_id, target);
            let id = row.id.clone();
            rows.push(row);
            Some(id)
        })
        .collect();
    crate::storage::bulk::insert_targets(conn, &rows)?;
    let entries = rows
        .iter()
        .map(|row| AuditEntry {
            actor: &actor.label,
            action: "target.added",
            case_id: Some(case_id),
            details: json!({ "target_id": row.id, "kind": row.kind, "normalized": row.normalized }),
        })
        .collect();
    audit::append_all(conn, now, entries)?;
    Ok(ids)
}

fn target_row(now: DateTime<Utc>, case_id: &str, target: &Identifier) -> TargetRow {
    TargetRow {
        id: new_id(),
        case_id: case_id.to_owned(),
        kind: target.kind().as_str().to_owned(),
        raw: target.raw().to_owned(),
        normalized: target.normalized().to_owned(),
        created_at: now.naive_utc(),
        contact_email: None,
    }
}

/// Records (or clears, with `None`) the contact email of the subscriber behind a target, from the
/// account's records, so notices can reach them. A `no_contact` notice for the target is then
/// superseded by a real one if a production is approved.
pub fn set_contact_email(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    target_id: &str,
    contact: Option<&str>,
) -> Result<(), WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "record subscriber contacts")?;
    let contact = match contact.map(str::trim).filter(|c| !c.is_empty()) {
        Some(address) => Some(
            crate::domain::email_address::EmailAddress::parse(address)
                .map_err(|e| WorkflowError::Invalid(format!("contact_email: {e}")))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    write_tx(conn, |conn| {
        let case = super::cases::find_case(conn, reference)?;
        let changed = diesel::update(
            targets::table
                .find(target_id)
                .filter(targets::case_id.eq(&case.id))
                .filter(targets::withdrawn_at.is_null()),
        )
        .set(targets::contact_email.eq(&contact))
        .execute(conn)?;
        if changed == 0 {
            return Err(WorkflowError::NotFound(format!("case {reference} has no target {target_id}")));
        }
        if contact.is_some() {
            use crate::storage::schema::outbox;
            diesel::update(
                outbox::table.filter(outbox::target_id.eq(target_id)).filter(outbox::status.eq("no_contact")),
            )
            .set((
                outbox::status.eq("cancelled"),
                // Frees the key: if the contact is cleared again, a new no_contact record is made.
                outbox::dedupe_key.eq(outbox::dedupe_key.concat(":cancelled:").concat(outbox::id)),
                outbox::last_error.eq("superseded: a contact email was recorded for the subscriber"),
                outbox::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        }
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "target.contact_recorded",
                case_id: Some(&case.id),
                details: json!({ "target": target_id, "has_contact": contact.is_some() }),
            },
        )?;
        after_change(conn, now, clocks, actor, &case.id)?;
        Ok(())
    })
}
