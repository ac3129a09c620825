//! Time-driven mail the clocks call for: an alert to the legal team when a deadline passes with
//! the case still unanswered, and (by setting) a heads-up to the agent at each NDO reminder that
//! notice will go out unless the order is extended.
//!
//! Each scan covers the days since the last one (a mark), so its cost follows the days elapsed,
//! not the size of the deadline table, and a day missed while lert was down is still covered.

use chrono::{DateTime, Days, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::marks;
use crate::domain::outbox::{OutboxKind, OutboxStatus};
use crate::domain::response::DeadlineKind;
use crate::storage::DbConnection;
use crate::storage::schema::{cases, deadlines, legal_processes};
use crate::workflows::clocks::Clocks;
use crate::workflows::outbox::{Email, enqueue, long_date, template_context};
use crate::workflows::team_mail::to_legal_team;
use crate::workflows::{Actor, WorkflowError};

/// How far back the first scan on a new installation looks.
const FIRST_SCAN_DAYS: u64 = 7;

pub(super) use crate::workflows::attention::{ACTION_KINDS, UNANSWERED};

fn scan_start(conn: &mut DbConnection, mark: &str, today: NaiveDate) -> QueryResult<NaiveDate> {
    Ok(marks::date(conn, mark)?.unwrap_or_else(|| today - Days::new(FIRST_SCAN_DAYS)))
}

/// Queues an alert for each action deadline that fell due since the last scan and is still owed.
pub(super) fn queue_overdue(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
) -> Result<usize, WorkflowError> {
    let today = clocks.date_of(now);
    let since = scan_start(conn, marks::OVERDUE_SCANNED_ON, today)?;
    if since >= today {
        return Ok(0);
    }
    let kinds: Vec<&str> = ACTION_KINDS.iter().map(|k| k.as_str()).collect();
    let passed: Vec<(String, String, String, NaiveDate, String, String)> = deadlines::table
        .inner_join(cases::table)
        .filter(deadlines::superseded_at.is_null())
        .filter(deadlines::due_on.ge(since))
        .filter(deadlines::due_on.lt(today))
        .filter(deadlines::kind.eq_any(&kinds))
        .select((
            cases::id,
            cases::reference,
            deadlines::kind,
            deadlines::due_on,
            deadlines::trail,
            cases::status,
        ))
        // Oldest first, whatever index the planner walks.
        .order((deadlines::due_on.asc(), cases::reference.asc(), deadlines::kind.asc()))
        .load(conn)?;
    let mut queued = 0;
    for (case_id, reference, kind, due_on, trail, status) in passed {
        let owed = kind == DeadlineKind::NdoReview.as_str() || UNANSWERED.contains(&status.as_str());
        if !owed {
            continue;
        }
        let what = DeadlineKind::parse(&kind).map_or(kind.clone(), |k| k.label().to_owned());
        let extra = json!({ "what": what, "due_on": long_date(due_on), "trail": trail });
        let occasion = format!("alert_overdue:{case_id}:{kind}:{due_on}");
        queued += to_legal_team(
            conn,
            now,
            clocks,
            OutboxKind::AlertOverdue,
            Some((&case_id, &reference)),
            &occasion,
            extra,
        )?;
    }
    marks::set_date(conn, now, marks::OVERDUE_SCANNED_ON, today)?;
    Ok(queued)
}

/// At each NDO reminder since the last scan, tells the agent that notice will go out unless the
/// order is extended (`mail.ndo_headsup_to_agent`).
pub(super) fn queue_ndo_headsups(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
) -> Result<usize, WorkflowError> {
    if !clocks.mail.settings.ndo_headsup_to_agent {
        return Ok(0);
    }
    let today = clocks.date_of(now);
    let since = scan_start(conn, marks::HEADSUPS_SCANNED_ON, today)?;
    if since > today {
        return Ok(0);
    }
    let reminders: Vec<(String, String, NaiveDate)> = deadlines::table
        .inner_join(cases::table)
        .filter(deadlines::superseded_at.is_null())
        .filter(deadlines::kind.eq(DeadlineKind::NdoReminder.as_str()))
        .filter(deadlines::due_on.gt(since).or(deadlines::due_on.eq(today)))
        .filter(deadlines::due_on.le(today))
        .select((cases::id, cases::reference, deadlines::due_on))
        .load(conn)?;
    let mut queued = 0;
    for (case_id, reference, due_on) in reminders {
        queued += usize::from(headsup(conn, now, clocks, &case_id, &reference, due_on)?);
    }
    marks::set_date(conn, now, marks::HEADSUPS_SCANNED_ON, today)?;
    Ok(queued)
}

fn headsup(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    case_id: &str,
    reference: &str,
    reminder_on: NaiveDate,
) -> Result<bool, WorkflowError> {
    let current = |conn: &mut DbConnection, kind: DeadlineKind| -> QueryResult<Option<NaiveDate>> {
        deadlines::table
            .filter(deadlines::case_id.eq(case_id))
            .filter(deadlines::superseded_at.is_null())
            .filter(deadlines::kind.eq(kind.as_str()))
            .filter(deadlines::due_on.ge(reminder_on))
            .select(deadlines::due_on)
            .order(deadlines::due_on.asc())
            .first(conn)
            .optional()
    };
    let (Some(last_day), Some(notice_on)) =
        (current(conn, DeadlineKind::NdoExpiry)?, current(conn, DeadlineKind::DelayedNotice)?)
    else {
        return Ok(false);
    };
    let agent: Option<(Option<String>, Option<String>)> = legal_processes::table
        .filter(legal_processes::case_id.eq(case_id))
        .filter(legal_processes::agent_email.is_not_null())
        .order((legal_processes::created_at.asc(), legal_processes::id.asc()))
        .select((legal_processes::agent_email, legal_processes::agent_name))
        .first(conn)
        .optional()?;
    let Some((Some(agent_email), agent_name)) = agent else {
        return Ok(false);
    };
    let context = template_context(
        &clocks.mail,
        Some(reference),
        json!({
            "agent_name": agent_name.unwrap_or_default(),
            "ndo_last_day": long_date(last_day),
            "notice_on": long_date(notice_on),
        }),
    );
    let email = Email {
        kind: OutboxKind::NdoHeadsup,
        case_id: Some(case_id.to_owned()),
        target_id: None,
        dedupe_key: format!("ndo_headsup:{case_id}:{reminder_on}"),
        recipient: Some(agent_email),
        in_reply_to: None,
        status: OutboxStatus::Scheduled,
        scheduled_for: Some(now),
        rendered: clocks.mail.templates.render(OutboxKind::NdoHeadsup, &context)?,
    };
    Ok(enqueue(conn, now, &clocks.mail, &Actor::system("scheduler"), email)?.is_some())
}
