//! Claiming due email and sending it. A claim is a conditional update inside one write
//! transaction (plus `FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent instances take
//! different rows), giving the instance a lease; the send happens outside any transaction; the
//! result is recorded only by the lease's owner. A subscriber notice is checked against every
//! NDO of its case inside the claiming transaction and is re-planned instead of claimed if one
//! is in force.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;

use super::{Scheduler, TickReport};
use crate::domain::outbox::{OutboxKind, OutboxStatus, retry_delay};
use crate::mail::message;
use crate::storage::outbox::OutboxRow;
use crate::storage::schema::outbox;
use crate::storage::{DbConnection, write_tx};
use crate::workflows::notices::sync_notices;
use crate::workflows::team_mail::to_legal_team;
use crate::workflows::{Actor, WorkflowError};

/// Rows claimed per transaction at most.
const MAX_BATCH: i64 = 25;

/// Claims and sends due email until none is due or `limit` rows were handled.
///
/// `now` decides what is due. Leases are reckoned from `now` plus the time this tick has already
/// spent, so a long tick never hands out a lease that is already running out; and a batch is
/// small enough that every send in it can time out within the lease.
pub(super) fn send_due(
    scheduler: &Scheduler,
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: usize,
    report: &mut TickReport,
) -> Result<(), WorkflowError> {
    let started = std::time::Instant::now();
    let timeout = i64::try_from(scheduler.clocks.mail.settings.smtp_timeout_seconds).unwrap_or(30).max(1);
    let batch_size = (scheduler.lease_seconds() / (2 * timeout)).clamp(1, MAX_BATCH);
    while report.claimed < limit {
        let elapsed = TimeDelta::from_std(started.elapsed()).unwrap_or_default();
        let batch =
            write_tx(conn, |conn| claim_batch(scheduler, conn, now, now + elapsed, batch_size, report))?;
        if batch.is_empty() {
            break;
        }
        report.claimed += batch.len();
        for row in batch {
            deliver(scheduler, conn, now, row, report)?;
        }
    }
    Ok(())
}

/// Rows due at `now`, and rows whose lease ran out before `lease_clock`.
fn due_ids(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    lease_clock: DateTime<Utc>,
    batch: i64,
) -> QueryResult<Vec<String>> {
    let at = now.naive_utc();
    let lease_at = lease_clock.naive_utc();
    let scheduled = outbox::table
        .filter(outbox::status.eq("scheduled"))
        .filter(outbox::scheduled_for.le(at))
        .order(outbox::scheduled_for.asc())
        .select(outbox::id)
        .limit(batch);
    let expired = outbox::table
        .filter(outbox::status.eq("sending"))
        .filter(outbox::lease_until.lt(lease_at))
        .order(outbox::lease_until.asc())
        .select(outbox::id)
        .limit(batch);
    let mut ids: Vec<String> = match conn {
        DbConnection::Postgres(pg) => scheduled.for_update().skip_locked().load(pg)?,
        DbConnection::Sqlite(lite) => scheduled.load(lite)?,
    };
    if (ids.len() as i64) < batch {
        let more: Vec<String> = match conn {
            DbConnection::Postgres(pg) => expired.for_update().skip_locked().load(pg)?,
            DbConnection::Sqlite(lite) => expired.load(lite)?,
        };
        ids.extend(more);
    }
    Ok(ids)
}

fn claim_batch(
    scheduler: &Scheduler,
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    lease_clock: DateTime<Utc>,
    batch: i64,
    report: &mut TickReport,
) -> Result<Vec<OutboxRow>, WorkflowError> {
    let at = now.naive_utc();
    let lease_at = lease_clock.naive_utc();
    let lease_until = lease_at + TimeDelta::seconds(scheduler.lease_seconds());
    let mut claimed = Vec::new();
    for id in due_ids(conn, now, lease_clock, batch)? {
        let mut row: OutboxRow = outbox::table.find(&id).select(OutboxRow::as_select()).first(conn)?;
        let kind = OutboxKind::parse(&row.kind).map_err(|e| WorkflowError::corrupt(e.to_string()))?;
        if kind.is_subscriber_notice()
            && let Some(case_id) = row.case_id.clone()
        {
            // Plan the notice again as of now: an order that arrived since holds it back, and an
            // order that ended before production makes it an ordinary notice with its objection
            // period. A notice reclaimed from a dead instance goes back to the schedule first.
            diesel::update(outbox::table.find(&id).filter(outbox::status.eq("sending")))
                .set((
                    outbox::status.eq("scheduled"),
                    outbox::lease_owner.eq(None::<String>),
                    outbox::lease_until.eq(None::<chrono::NaiveDateTime>),
                ))
                .execute(conn)?;
            let sync = sync_notices(conn, now, &scheduler.clocks, &Actor::system("scheduler"), &case_id)?;
            row = outbox::table.find(&id).select(OutboxRow::as_select()).first(conn)?;
            if sync.blocked_by_order {
                report.held_by_ndo += 1;
                continue;
            }
            if row.status != "scheduled" || row.scheduled_for.is_none_or(|due| due > at) {
                continue;
            }
        }
        let changed = diesel::update(
            outbox::table.find(&id).filter(
                (outbox::status.eq("scheduled").and(outbox::scheduled_for.le(at)))
                    .or(outbox::status.eq("sending").and(outbox::lease_until.lt(lease_at))),
            ),
        )
        .set((
            outbox::status.eq(OutboxStatus::Sending.as_str()),
            outbox::lease_owner.eq(&scheduler.owner),
            outbox::lease_until.eq(lease_until),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::updated_at.eq(at),
        ))
        .execute(conn)?;
        if changed == 1 {
            if row.status == "sending" {
                report.reclaimed += 1;
            }
            claimed.push(OutboxRow { attempts: row.attempts + 1, ..row });
        }
    }
    Ok(claimed)
}

fn deliver(
    scheduler: &Scheduler,
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    row: OutboxRow,
    report: &mut TickReport,
) -> Result<(), WorkflowError> {
    let content = crate::storage::outbox::content(conn, &row.id)?;
    let outcome = message::build(&scheduler.clocks.mail, &row, &content, now)
        .map_err(|why| crate::mail::transport::SendFailure { permanent: true, message: why })
        .and_then(|message| scheduler.transport.send(&message, &row.message_id));
    write_tx(conn, |conn| {
        let mine = outbox::table
            .find(&row.id)
            .filter(outbox::status.eq("sending"))
            .filter(outbox::lease_owner.eq(&scheduler.owner));
        let at = now.naive_utc();
        match &outcome {
            Ok(()) => {
                let changed = diesel::update(mine)
                    .set((
                        outbox::status.eq(OutboxStatus::Sent.as_str()),
                        outbox::sent_at.eq(at),
                        outbox::last_error.eq(None::<String>),
                        outbox::lease_owner.eq(None::<String>),
                        outbox::lease_until.eq(None::<chrono::NaiveDateTime>),
                        outbox::updated_at.eq(at),
                    ))
                    .execute(conn)?;
                if changed == 1 {
                    report.sent += 1;
                    if row.case_id.is_some() {
                        // A notice or a reply that went out is part of the case's record.
                        crate::storage::audit::append(
                            conn,
                            now,
                            crate::storage::audit::AuditEntry {
                                actor: "system:scheduler",
                                action: "mail.sent",
                                case_id: row.case_id.as_deref(),
                                details: serde_json::json!({ "outbox_id": row.id, "kind": row.kind, "attempt": row.attempts }),
                            },
                        )?;
                    }
                } else {
                    report.lease_lost += 1;
                }
            }
            Err(failure) => {
                let give_up = failure.permanent || row.attempts >= scheduler.max_attempts();
                let (status, next) = if give_up {
                    (OutboxStatus::Failed, None)
                } else {
                    (OutboxStatus::Scheduled, Some(at + retry_delay(row.attempts as u32)))
                };
                let changed = diesel::update(mine)
                    .set((
                        outbox::status.eq(status.as_str()),
                        outbox::scheduled_for.eq(next.or(row.scheduled_for)),
                        outbox::last_error.eq(&failure.message),
                        outbox::lease_owner.eq(None::<String>),
                        outbox::lease_until.eq(None::<chrono::NaiveDateTime>),
                        outbox::updated_at.eq(at),
                    ))
                    .execute(conn)?;
                if changed == 0 {
                    report.lease_lost += 1;
                    return Ok(());
                }
                // Ids and kinds only: the error text may quote an address.
                tracing::warn!(outbox_id = %row.id, kind = %row.kind, attempts = row.attempts, permanent = failure.permanent, gave_up = give_up, "sending an email failed");
                report.errors.push(format!(
                    "{} ({}): attempt {} failed{}",
                    row.id,
                    row.kind,
                    row.attempts,
                    if give_up { "; gave up" } else { "" }
                ));
                if give_up {
                    report.failed += 1;
                    alert_failure(scheduler, conn, now, &row, &failure.message)?;
                } else {
                    report.retrying += 1;
                }
            }
        }
        Ok(())
    })
}

/// Tells the legal team an email was given up on, unless it was itself mail to the team.
fn alert_failure(
    scheduler: &Scheduler,
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    row: &OutboxRow,
    error: &str,
) -> Result<(), WorkflowError> {
    let kind = OutboxKind::parse(&row.kind).map_err(|e| WorkflowError::corrupt(e.to_string()))?;
    if kind.is_internal() {
        return Ok(());
    }
    let reference = match &row.case_id {
        Some(id) => Some((id.clone(), crate::storage::case_lookups::reference_of(conn, id)?)),
        None => None,
    };
    let extra = serde_json::json!({
        "mail_kind": kind.label(),
        "attempts": row.attempts,
        "last_error": redact_addresses(error),
        "outbox_id": row.id,
    });
    let case = reference.as_ref().map(|(id, reference)| (id.as_str(), reference.as_str()));
    let occasion = format!("alert_mail_failed:{}:{}", row.id, row.updated_at.and_utc().timestamp());
    to_legal_team(conn, now, &scheduler.clocks, OutboxKind::AlertMailFailed, case, &occasion, extra)?;
    Ok(())
}

pub(super) use crate::workflows::attention::redact_addresses;

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_are_kept_out_of_alerts() {
        assert_eq!(
            super::redact_addresses("550 5.1.1 <alice@example.org>: Recipient address rejected"),
            "550 5.1.1 [address] Recipient address rejected"
        );
    }
}
