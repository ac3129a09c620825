//! What needs the legal team's attention today: overdue and upcoming deadlines, expiring
//! preservations and orders, held notices and failing mail. One reading serves the daily digest
//! and the dashboard's Today page, so both always say the same thing.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use serde::Serialize;

use crate::domain::outbox::OutboxKind;
use crate::domain::response::DeadlineKind;
use crate::storage::DbConnection;
use crate::storage::schema::{cases, deadlines, outbox};
use crate::workflows::WorkflowError;
use crate::workflows::clocks::Clocks;
use crate::workflows::outbox::long_date;

/// Items listed per section at most.
const SECTION_LIMIT: i64 = 50;
/// How far ahead "expiring" looks.
pub const EXPIRING_DAYS: u64 = 14;

/// Deadlines that ask for action: alerted when passed, listed as overdue.
pub const ACTION_KINDS: [DeadlineKind; 3] =
    [DeadlineKind::ResponseDue, DeadlineKind::EmergencyFollowUp, DeadlineKind::NdoReview];

/// Statuses in which a response is still owed.
pub const UNANSWERED: [&str; 4] = ["received", "in_review", "awaiting_information", "approved"];

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub reference: String,
    pub what: String,
    pub due_on: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    pub overdue: Vec<Item>,
    pub due_today: Vec<Item>,
    pub due_this_week: Vec<Item>,
    pub expiring: Vec<Item>,
    pub notices_held: Vec<Item>,
    pub mail_failing: Vec<Item>,
}

pub fn attention(
    conn: &mut DbConnection,
    clocks: &Clocks,
    today: NaiveDate,
) -> Result<Attention, WorkflowError> {
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
    Ok(Attention {
        overdue,
        due_today: deadline_items(conn, &upcoming_kinds, Some(today), today + Days::new(1), None)?,
        due_this_week: deadline_items(
            conn,
            &upcoming_kinds,
            Some(today + Days::new(1)),
            week_end + Days::new(1),
            None,
        )?,
        expiring: deadline_items(conn, &expiries, Some(today), today + Days::new(EXPIRING_DAYS + 1), None)?,
        notices_held: outbox_items(conn, clocks, &["held"], &["subscriber_notice", "delayed_notice"])?,
        mail_failing: outbox_items(conn, clocks, &["failed"], &[])?,
    })
}

/// The text with every word that looks like an email address replaced, for the team's eyes.
pub fn redact_addresses(text: &str) -> String {
    text.split(' ')
        .map(|word| if word.contains('@') { "[address]" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
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
        // Found through the cases in these statuses (few, and indexed) rather than by walking
        // every deadline before the day, most of which belong to closed cases.
        let owed = diesel::alias!(cases as owed);
        let in_status =
            owed.filter(owed.field(cases::status).eq_any(statuses.to_vec())).select(owed.field(cases::id));
        query = query.filter(deadlines::case_id.eq_any(in_status));
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
