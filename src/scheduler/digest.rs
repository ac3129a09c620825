//! The legal team's daily digest: what is overdue, due today and this week, which preservations
//! and NDOs expire soon, and which notices are held or mail is failing. Queued once per local day
//! after `mail.digest_hour`, to each digest recipient.

use chrono::{DateTime, Days, NaiveDate, Timelike, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::alerts::{ACTION_KINDS, UNANSWERED};
use super::marks;
use super::send::redact_addresses;
use crate::domain::outbox::OutboxKind;
use crate::domain::response::DeadlineKind;
use crate::storage::DbConnection;
use crate::storage::schema::{cases, deadlines, outbox};
use crate::workflows::WorkflowError;
use crate::workflows::clocks::Clocks;
use crate::workflows::outbox::long_date;
use crate::workflows::team_mail::to_legal_team;

/// Items listed per section at most.
const SECTION_LIMIT: i64 = 50;
/// How far ahead "expiring" looks.
const EXPIRING_DAYS: u64 = 14;

#[derive(Debug, Serialize)]
struct Item {
    reference: String,
    what: String,
    due_on: String,
    detail: String,
}

pub(super) fn queue_digest(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
) -> Result<usize, WorkflowError> {
    let settings = &clocks.mail.settings;
    let local = now.with_timezone(&clocks.tz);
    let today = local.date_naive();
    if settings.digest_recipients.is_empty()
        || local.hour() < settings.digest_hour
        || marks::date(conn, marks::DIGEST_SENT_ON)?.is_some_and(|sent| sent >= today)
    {
        return Ok(0);
    }
    let action: Vec<&str> = ACTION_KINDS.iter().map(|k| k.as_str()).collect();
    let expiries = [DeadlineKind::PreservationExpiry.as_str(), DeadlineKind::NdoExpiry.as_str()];
    let reminders = [DeadlineKind::PreservationReminder.as_str(), DeadlineKind::NdoReminder.as_str()];
    let week_end = today + Days::new(7);
    // Responses are overdue only while unanswered; a review of an order is due whatever the case's status.
    let responses: Vec<&str> =
        action.iter().copied().filter(|k| *k != DeadlineKind::NdoReview.as_str()).collect();
    let mut overdue = deadline_items(conn, &responses, None, today, Some(&UNANSWERED))?;
    overdue.extend(deadline_items(conn, &[DeadlineKind::NdoReview.as_str()], None, today, None)?);
    let mut not_listed: Vec<&str> = reminders.to_vec();
    not_listed.extend(expiries);
    let upcoming_kinds: Vec<&str> =
        DeadlineKind::ALL.iter().map(|k| k.as_str()).filter(|k| !not_listed.contains(k)).collect();
    let due_today = deadline_items(conn, &upcoming_kinds, Some(today), today + Days::new(1), None)?;
    let due_this_week =
        deadline_items(conn, &upcoming_kinds, Some(today + Days::new(1)), week_end + Days::new(1), None)?;
    let expiring = deadline_items(conn, &expiries, Some(today), today + Days::new(EXPIRING_DAYS + 1), None)?;
    let notices_held = outbox_items(conn, clocks, &["held"], &["subscriber_notice", "delayed_notice"])?;
    let mail_failing = outbox_items(conn, clocks, &["failed"], &[])?;
    let extra = json!({
        "date": long_date(today),
        "dashboard_url": settings.dashboard_url,
        "overdue": overdue,
        "due_today": due_today,
        "due_this_week": due_this_week,
        "expiring": expiring,
        "notices_held": notices_held,
        "mail_failing": mail_failing,
    });
    let occasion = format!("digest:{today}");
    let queued = to_legal_team(conn, now, clocks, OutboxKind::Digest, None, &occasion, extra)?;
    marks::set_date(conn, now, marks::DIGEST_SENT_ON, today)?;
    Ok(queued)
}

/// Current deadlines of `kinds` due in [from, before), oldest first; `statuses` limits the cases.
fn deadline_items(
    conn: &mut DbConnection,
    kinds: &[&str],
    from: Option<NaiveDate>,
    before: NaiveDate,
    statuses: Option<&[&str]>,
) -> Result<Vec<Item>, WorkflowError> {
    let mut query = deadlines::table
        .inner_join(cases::table)
        .filter(deadlines::superseded_at.is_null())
        .filter(deadlines::kind.eq_any(kinds))
        .filter(deadlines::due_on.lt(before))
        .filter(cases::status.ne_all(["closed", "rejected", "withdrawn"]))
        .select((cases::reference, deadlines::kind, deadlines::due_on, deadlines::trail))
        .order((deadlines::due_on.asc(), cases::reference.asc(), deadlines::kind.asc()))
        .limit(SECTION_LIMIT)
        .into_boxed();
    if let Some(from) = from {
        query = query.filter(deadlines::due_on.ge(from));
    }
    if let Some(statuses) = statuses {
        query = query.filter(cases::status.eq_any(statuses.to_vec()));
    }
    let rows: Vec<(String, String, NaiveDate, String)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(reference, kind, due_on, trail)| Item {
            reference,
            what: DeadlineKind::parse(&kind).map_or(kind, |k| k.label().to_owned()),
            due_on: long_date(due_on),
            detail: trail,
        })
        .collect())
}

/// An outbox row as the digest lists it: case reference, kind, when due, last change, error.
type OutboxLine =
    (Option<String>, String, Option<chrono::NaiveDateTime>, chrono::NaiveDateTime, Option<String>);

/// Outbox rows in `statuses` (of `kinds`, if any given), with the case they belong to.
fn outbox_items(
    conn: &mut DbConnection,
    clocks: &Clocks,
    statuses: &[&str],
    kinds: &[&str],
) -> Result<Vec<Item>, WorkflowError> {
    let mut query = outbox::table
        .left_join(cases::table)
        .filter(outbox::status.eq_any(statuses.to_vec()))
        .select((
            cases::reference.nullable(),
            outbox::kind,
            outbox::scheduled_for,
            outbox::updated_at,
            outbox::last_error,
        ))
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .limit(SECTION_LIMIT)
        .into_boxed();
    if !kinds.is_empty() {
        query = query.filter(outbox::kind.eq_any(kinds.to_vec()));
    }
    let rows: Vec<OutboxLine> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(reference, kind, scheduled_for, updated_at, last_error)| Item {
            reference: reference.unwrap_or_default(),
            what: OutboxKind::parse(&kind).map_or(kind, |k| k.label().to_owned()),
            due_on: long_date(clocks.date_of(scheduled_for.unwrap_or(updated_at).and_utc())),
            detail: last_error.as_deref().map(redact_addresses).unwrap_or_default(),
        })
        .collect())
}
