//! Subscriber notices (LEGAL.md 5): created when counsel approves a production, one per contact
//! email among the case's targets (or a `no_contact` record); rescheduled whenever the case's NDOs
//! change; and a production gate that holds production through the objection period.
//!
//! Every decision goes through `domain::notice::plan_notice`, here and again when the scheduler
//! claims a notice, so a notice can never be sent while an NDO is in force.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use diesel::prelude::*;
use serde_json::json;

mod production;

use production::cancel_row;
pub(crate) use production::{cancel_pending_notices, check_production_allowed};

use super::clocks::{Clocks, ndo_facts};
use super::outbox::{Email, enqueue, long_date, rewrite, template_context};
use super::{Actor, WorkflowError};
use crate::domain::case_status::CaseStatus;
use crate::domain::ndo::{NdoOrder, NoticeClock, assess};
use crate::domain::notice::{NoticeFacts, NoticePlan, NoticeTiming, objection_deadline, plan_notice};
use crate::domain::outbox::OutboxStatus;
use crate::domain::process_kind::ProcessKind;
use crate::mail::templates::Rendered;
use crate::storage::DbConnection;
use crate::storage::outbox::{self as outbox_rows, OutboxRow};
use crate::storage::schema::{agencies, cases, legal_processes, outbox, targets};

pub(crate) const NOTICE_KINDS: [&str; 2] = ["subscriber_notice", "delayed_notice"];

/// What a case's notices are written from.
struct NoticeCase {
    id: String,
    reference: String,
    status: CaseStatus,
    received_on: NaiveDate,
    agency_name: Option<String>,
    kinds: Vec<ProcessKind>,
    clock: NoticeClock,
}

impl NoticeCase {
    fn load(
        conn: &mut DbConnection,
        clocks: &Clocks,
        today: NaiveDate,
        case_id: &str,
    ) -> Result<NoticeCase, WorkflowError> {
        let (reference, status, received_at, agency_name): (
            String,
            String,
            chrono::NaiveDateTime,
            Option<String>,
        ) = cases::table
            .left_join(agencies::table)
            .filter(cases::id.eq(case_id))
            .select((cases::reference, cases::status, cases::received_at, agencies::name.nullable()))
            .first(conn)?;
        let kinds: Vec<String> = legal_processes::table
            .filter(legal_processes::case_id.eq(case_id))
            .order((legal_processes::created_at.asc(), legal_processes::id.asc()))
            .select(legal_processes::kind)
            .load(conn)?;
        let orders: Vec<NdoOrder> = ndo_facts(conn, case_id)?.into_iter().map(|n| n.order).collect();
        Ok(NoticeCase {
            id: case_id.to_owned(),
            reference,
            status: CaseStatus::parse(&status).map_err(WorkflowError::corrupt)?,
            received_on: clocks.date_of(received_at.and_utc()),
            agency_name,
            kinds: kinds
                .iter()
                .map(|k| ProcessKind::parse(k))
                .collect::<Result<_, _>>()
                .map_err(WorkflowError::corrupt)?,
            clock: notice_clock(&orders, clocks, today),
        })
    }

    fn plan(&self) -> NoticePlan {
        let facts = NoticeFacts {
            emergency: self.kinds.contains(&ProcessKind::EmergencyRequest),
            produced: matches!(self.status, CaseStatus::Produced | CaseStatus::Closed),
        };
        plan_notice(&self.clock, facts)
    }
}

/// The notice clock of a set of orders. Orders that do not add up block notice indefinitely:
/// the case carries an `ndo_invalid` flag for counsel, and silence is the safe side.
pub(crate) fn notice_clock(orders: &[NdoOrder], clocks: &Clocks, today: NaiveDate) -> NoticeClock {
    if orders.is_empty() {
        return NoticeClock::NoOrder;
    }
    match assess(orders, &clocks.policy.ndo) {
        Ok(assessment) => assessment.notice_clock(today),
        Err(_) => NoticeClock::BlockedIndefinitely { since: today },
    }
}

/// What a sync changed, and what it found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NoticeSync {
    pub created: usize,
    pub rescheduled: usize,
    /// An NDO forbids notice on the case today (the scheduler's claim-time check reads this).
    pub blocked_by_order: bool,
}

/// Brings a case's subscriber notices in line with the case: creates the missing ones once a
/// production is approved, and re-plans every notice not yet sent. Runs inside the caller's
/// transaction, after any change to the case and when the scheduler finds an NDO in force.
pub(crate) fn sync_notices(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    case_id: &str,
) -> Result<NoticeSync, WorkflowError> {
    let today = clocks.date_of(now);
    let existing = outbox_rows::of_case(conn, case_id, &NOTICE_KINDS)?;
    let approved = {
        let status: String = cases::table.find(case_id).select(cases::status).first(conn)?;
        matches!(status.as_str(), "approved" | "produced")
    };
    let pending =
        existing.iter().any(|row| OutboxStatus::parse(&row.status).is_ok_and(OutboxStatus::is_pending));
    if !approved && !pending {
        return Ok(NoticeSync::default());
    }
    let case = NoticeCase::load(conn, clocks, today, case_id)?;
    let plan = case.plan();
    let blocked_by_order =
        matches!(case.clock, NoticeClock::BlockedIndefinitely { .. } | NoticeClock::BlockedUntil { .. });
    let mut sync = NoticeSync { blocked_by_order, ..NoticeSync::default() };
    let recipients = recipients(conn, case_id)?;
    for row in
        existing.iter().filter(|row| OutboxStatus::parse(&row.status).is_ok_and(OutboxStatus::is_pending))
    {
        let recipient = recipients.iter().find(|r| r.contact.is_some() && r.contact == row.recipient);
        match recipient {
            None => {
                cancel_row(conn, now, actor, row, "the subscriber's contact email changed")?;
            }
            Some(recipient) => {
                let changed = replan(conn, now, clocks, &case, &plan, row, &recipient.identifiers)?;
                sync.rescheduled += usize::from(changed);
            }
        }
    }
    if approved {
        for recipient in recipients {
            sync.created += usize::from(create_notice(conn, now, clocks, actor, &case, &plan, recipient)?);
        }
    }
    Ok(sync)
}

/// One subscriber to notify: a contact email and the identifiers it covers, or a target with no
/// contact email.
struct Recipient {
    contact: Option<String>,
    target_id: Option<String>,
    identifiers: Vec<String>,
}

fn recipients(conn: &mut DbConnection, case_id: &str) -> Result<Vec<Recipient>, WorkflowError> {
    let rows: Vec<(String, String, Option<String>)> = targets::table
        .filter(targets::case_id.eq(case_id))
        .filter(targets::withdrawn_at.is_null())
        .order((targets::created_at.asc(), targets::id.asc()))
        .select((targets::id, targets::normalized, targets::contact_email))
        .load(conn)?;
    let mut by_contact: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut without = Vec::new();
    for (id, raw, contact) in rows {
        match contact {
            Some(contact) => by_contact.entry(contact.to_lowercase()).or_default().push(raw),
            None => without.push(Recipient { contact: None, target_id: Some(id), identifiers: vec![raw] }),
        }
    }
    let mut all: Vec<Recipient> = by_contact
        .into_iter()
        .map(|(contact, identifiers)| Recipient { contact: Some(contact), target_id: None, identifiers })
        .collect();
    all.extend(without);
    Ok(all)
}

fn create_notice(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    case: &NoticeCase,
    plan: &NoticePlan,
    recipient: Recipient,
) -> Result<bool, WorkflowError> {
    let dedupe_key = match (&recipient.contact, &recipient.target_id) {
        (Some(contact), _) => format!("notice:{}:{contact}", case.id),
        (None, Some(target)) => format!("notice:{}:target:{target}", case.id),
        (None, None) => return Ok(false),
    };
    let (status, scheduled_for) = match recipient.contact {
        Some(_) => timing(now, clocks, plan.when),
        None => (OutboxStatus::NoContact, None),
    };
    let rendered = render(clocks, case, plan, scheduled_for.unwrap_or(now), &recipient.identifiers)?;
    let email = Email {
        kind: plan.kind,
        case_id: Some(case.id.clone()),
        target_id: recipient.target_id,
        dedupe_key,
        recipient: recipient.contact,
        in_reply_to: None,
        status,
        scheduled_for,
        rendered,
    };
    Ok(enqueue(conn, now, &clocks.mail, actor, email)?.is_some())
}

/// Re-plans one pending notice; returns whether it changed.
fn replan(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    case: &NoticeCase,
    plan: &NoticePlan,
    row: &OutboxRow,
    identifiers: &[String],
) -> Result<bool, WorkflowError> {
    let (status, scheduled_for) = timing(now, clocks, plan.when);
    let scheduled_naive = scheduled_for.map(|at| at.naive_utc());
    // A notice due now that is already due, or waiting out a retry's backoff, stays as it is.
    let due_already = plan.when == NoticeTiming::Now
        && status == OutboxStatus::Scheduled
        && (row.attempts > 0 || row.scheduled_for.is_some_and(|at| at <= now.naive_utc()));
    let unchanged = row.kind == plan.kind.as_str()
        && row.status == status.as_str()
        && (due_already || row.scheduled_for == scheduled_naive);
    let send_at = if due_already {
        row.scheduled_for.map_or(now, |at| at.and_utc())
    } else {
        scheduled_for.unwrap_or(now)
    };
    let rendered = render(clocks, case, plan, send_at, identifiers)?;
    if unchanged {
        // The schedule stands; the words may not (the case was produced since, say).
        return rewrite(conn, &row.id, rendered);
    }
    let changed = diesel::update(outbox::table.find(&row.id).filter(outbox::status.eq(&row.status)))
        .set((
            outbox::kind.eq(plan.kind.as_str()),
            outbox::status.eq(status.as_str()),
            outbox::scheduled_for.eq(scheduled_naive),
            outbox::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    if changed == 1 {
        rewrite(conn, &row.id, rendered)?;
    }
    Ok(changed == 1)
}

/// The status and send time of a plan: a notice due on a day goes out at the configured hour,
/// local time, that day.
fn timing(now: DateTime<Utc>, clocks: &Clocks, when: NoticeTiming) -> (OutboxStatus, Option<DateTime<Utc>>) {
    match when {
        NoticeTiming::Now => (OutboxStatus::Scheduled, Some(now)),
        NoticeTiming::On(day) => {
            (OutboxStatus::Scheduled, Some(local_hour(clocks, day, clocks.mail.settings.notice_hour)))
        }
        NoticeTiming::UntilVacated | NoticeTiming::AfterProduction => (OutboxStatus::Held, None),
    }
}

/// `hour`:00 local time on `day`, in UTC; on a daylight-saving gap, the first instant after it.
fn local_hour(clocks: &Clocks, day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let naive = day.and_hms_opt(hour, 0, 0).expect("hours are validated 0-23");
    match clocks.tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(at) | chrono::LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        chrono::LocalResult::None => clocks
            .tz
            .from_local_datetime(&(naive + chrono::TimeDelta::hours(1)))
            .earliest()
            .map_or_else(|| naive.and_utc(), |at| at.with_timezone(&Utc)),
    }
}

fn render(
    clocks: &Clocks,
    case: &NoticeCase,
    plan: &NoticePlan,
    send_at: DateTime<Utc>,
    identifiers: &[String],
) -> Result<Rendered, WorkflowError> {
    let outgoing = &clocks.mail;
    let process = case.kinds.iter().find(|k| **k != ProcessKind::PreservationRequest).or(case.kinds.first());
    let process_label = process.map_or("legal process", |k| k.label()).to_lowercase();
    let emergency = case.kinds.contains(&ProcessKind::EmergencyRequest);
    let produced = matches!(case.status, CaseStatus::Produced | CaseStatus::Closed);
    let disclosed = emergency || produced;
    let (ndo_ended_on, vacated) = match &case.clock {
        NoticeClock::BlockedUntil { last_day, .. } => (long_date(*last_day), false),
        NoticeClock::Lifted { notice_due } => {
            let vacated = notice_due.trail.contains("vacated");
            (long_date(notice_due.date.pred_opt().unwrap_or(notice_due.date)), vacated)
        }
        _ => (String::new(), false),
    };
    let objection_days = outgoing.settings.objection_days;
    let deadline = if disclosed {
        String::new()
    } else {
        long_date(objection_deadline(clocks.date_of(send_at), objection_days))
    };
    let context = template_context(
        outgoing,
        Some(&case.reference),
        json!({
            "identifiers": identifiers,
            "process_label": process_label,
            "agency_name": case.agency_name.clone().unwrap_or_default(),
            "received_on": long_date(case.received_on),
            "emergency": emergency,
            "disclosed": disclosed,
            "objection_days": objection_days,
            "objection_deadline": deadline,
            "ndo_ended_on": ndo_ended_on,
            "vacated": vacated,
            "produced": produced,
        }),
    );
    Ok(outgoing.templates.render(plan.kind, &context)?)
}
