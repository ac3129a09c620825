//! The notices' hold on a case: production waits for the objection period of a notice sent
//! before it (LEGAL.md 5), and notices not yet sent are cancelled when the approval they follow
//! is withdrawn or their address changes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::NOTICE_KINDS;
use crate::domain::notice::objection_deadline;
use crate::domain::outbox::{OutboxKind, OutboxStatus};
use crate::domain::process_kind::ProcessKind;
use crate::storage::DbConnection;
use crate::storage::outbox::{self as outbox_rows, OutboxRow};
use crate::storage::schema::{legal_processes, outbox};
use crate::workflows::clocks::Clocks;
use crate::workflows::{Actor, WorkflowError};

/// Refuses production while a pre-production notice has not gone out, or the objection period
/// of any notice sent before production is still running (LEGAL.md 5). Emergency disclosures are
/// not held: their notice follows. A delayed notice still waiting on a court order holds nothing.
pub(crate) fn check_production_allowed(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    case_id: &str,
) -> Result<(), WorkflowError> {
    let kinds: Vec<String> = legal_processes::table
        .filter(legal_processes::case_id.eq(case_id))
        .select(legal_processes::kind)
        .load(conn)?;
    if kinds.iter().any(|k| k == ProcessKind::EmergencyRequest.as_str()) {
        return Ok(());
    }
    let today = clocks.date_of(now);
    let objection_days = clocks.mail.settings.objection_days;
    for row in outbox_rows::of_case(conn, case_id, &NOTICE_KINDS)? {
        let pre_production = row.kind == OutboxKind::SubscriberNotice.as_str();
        match row.status.as_str() {
            "cancelled" | "no_contact" => {}
            "sent" => {
                let sent_on = clocks.date_of(row.sent_at.unwrap_or(row.updated_at).and_utc());
                let deadline = objection_deadline(sent_on, objection_days);
                if today <= deadline {
                    let from = deadline.succ_opt().unwrap_or(deadline);
                    return Err(WorkflowError::Conflict(format!(
                        "production waits for the subscriber's objection period: notice sent {sent_on}, objections until {deadline}, production from {from}"
                    )));
                }
            }
            _ if !pre_production => {}
            status => {
                return Err(WorkflowError::Conflict(format!(
                    "a subscriber notice is {status} and has not gone out; production waits for it (or counsel cancels it with a reason)"
                )));
            }
        }
    }
    Ok(())
}

/// Cancels the notices not yet sent when counsel withdraws an approval or the agency withdraws
/// the request before production. A later approval creates them afresh.
pub(crate) fn cancel_pending_notices(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    case_id: &str,
    why: &str,
) -> Result<usize, WorkflowError> {
    let rows = outbox_rows::of_case(conn, case_id, &NOTICE_KINDS)?;
    let mut cancelled = 0;
    for row in rows.iter().filter(|r| r.status == "held" || r.status == "scheduled") {
        cancelled += usize::from(cancel_row(conn, now, actor, row, why)?);
    }
    Ok(cancelled)
}

/// Cancels one pending notice, audited, and frees its dedupe key so the same notice can be
/// created again if the case calls for it later.
pub(super) fn cancel_row(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    row: &OutboxRow,
    why: &str,
) -> Result<bool, WorkflowError> {
    let changed = diesel::update(outbox::table.find(&row.id).filter(outbox::status.eq(&row.status)))
        .set((
            outbox::status.eq(OutboxStatus::Cancelled.as_str()),
            outbox::dedupe_key.eq(format!("{}:cancelled:{}", row.dedupe_key, row.id)),
            outbox::last_error.eq(format!("cancelled: {why}")),
            outbox::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    if changed == 1 {
        crate::storage::audit::append(
            conn,
            now,
            crate::storage::audit::AuditEntry {
                actor: &actor.label,
                action: "mail.cancelled",
                case_id: row.case_id.as_deref(),
                details: json!({ "outbox_id": row.id, "kind": row.kind, "why": why }),
            },
        )?;
    }
    Ok(changed == 1)
}
