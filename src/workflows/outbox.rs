//! Putting email into the outbox and the legal team's hands on it: enqueueing (idempotent by
//! dedupe key), counsel's review of drafted replies, cancelling, and retrying failed mail.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};

use super::{Actor, WorkflowError, new_id};
use crate::domain::email_address::EmailAddress;
use crate::domain::outbox::{OutboxKind, OutboxStatus};
use crate::mail::Outgoing;
use crate::mail::templates::{Rendered, html_for_text};
use crate::storage::audit::{self, AuditEntry};
use crate::storage::outbox::{self as outbox_rows, OutboxContent, OutboxRow};
use crate::storage::schema::outbox;
use crate::storage::{DbConnection, write_tx};

/// An email a workflow wants sent (or drafted, held, or recorded as undeliverable).
#[derive(Debug, Clone)]
pub struct Email {
    pub kind: OutboxKind,
    pub case_id: Option<String>,
    pub target_id: Option<String>,
    /// Names this email among all lert will ever send; asking again with it changes nothing.
    pub dedupe_key: String,
    pub recipient: Option<String>,
    pub in_reply_to: Option<String>,
    pub status: OutboxStatus,
    pub scheduled_for: Option<DateTime<Utc>>,
    pub rendered: Rendered,
}

/// Writes the email to the outbox unless one with its dedupe key exists. Returns the new row's id.
pub(crate) fn enqueue(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    outgoing: &Outgoing,
    actor: &Actor,
    email: Email,
) -> Result<Option<String>, WorkflowError> {
    let (row, content) = new_row(now, outgoing, email);
    if !outbox_rows::insert_if_new(conn, &row, &content)? {
        return Ok(None);
    }
    if row.case_id.is_some() {
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "mail.queued",
                case_id: row.case_id.as_deref(),
                details: json!({ "outbox_id": row.id, "kind": row.kind, "status": row.status }),
            },
        )?;
    }
    Ok(Some(row.id))
}

/// The rows for an email, with its id and the Message-ID every attempt will carry.
pub fn new_row(now: DateTime<Utc>, outgoing: &Outgoing, email: Email) -> (OutboxRow, OutboxContent) {
    let id = new_id();
    let content = OutboxContent {
        outbox_id: id.clone(),
        subject: email.rendered.subject,
        body_text: email.rendered.text,
        body_html: email.rendered.html,
        in_reply_to: email.in_reply_to,
        approved_by: None,
    };
    let row = OutboxRow {
        message_id: outgoing.message_id_for(&id),
        id,
        kind: email.kind.as_str().to_owned(),
        case_id: email.case_id,
        target_id: email.target_id,
        dedupe_key: email.dedupe_key,
        recipient: email.recipient,
        status: email.status.as_str().to_owned(),
        scheduled_for: email.scheduled_for.map(|at| at.naive_utc()),
        attempts: 0,
        last_error: None,
        lease_owner: None,
        lease_until: None,
        sent_at: None,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
    };
    (row, content)
}

/// Replaces what an unsent email says, if it changed; returns whether it did.
pub(crate) fn rewrite(conn: &mut DbConnection, id: &str, rendered: Rendered) -> Result<bool, WorkflowError> {
    let content = outbox_rows::content(conn, id)?;
    if content.subject == rendered.subject
        && content.body_text == rendered.text
        && content.body_html == rendered.html
    {
        return Ok(false);
    }
    let (subject, body_text, body_html) = (rendered.subject, rendered.text, rendered.html);
    outbox_rows::set_content(conn, &OutboxContent { subject, body_text, body_html, ..content })?;
    Ok(true)
}

/// The context every template receives, with `extra` merged in.
pub(crate) fn template_context(outgoing: &Outgoing, case_reference: Option<&str>, extra: Value) -> Value {
    let mut context = json!({ "org": outgoing.org, "case_reference": case_reference.unwrap_or_default() });
    if let (Value::Object(base), Value::Object(extra)) = (&mut context, extra) {
        base.extend(extra);
    }
    context
}

/// A legal date as the emails write it: "Thursday 26 November 2026".
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// Counsel's changes to a drafted reply before it goes out.
#[derive(Debug, Clone, Default)]
pub struct DraftEdits {
    pub recipient: Option<String>,
    pub subject: Option<String>,
    pub body_text: Option<String>,
}

/// Counsel approves a drafted reply (optionally edited): it is scheduled to go out now. An
/// edited text replaces the HTML part with the same text, so both parts say what counsel wrote.
pub fn send_draft(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    id: &str,
    edits: DraftEdits,
) -> Result<OutboxRow, WorkflowError> {
    actor.require(actor.role.can_approve(), "send drafted replies")?;
    write_tx(conn, |conn| {
        let row = load_in_status(conn, id, &[OutboxStatus::Draft])?;
        let recipient = match edits.recipient.as_deref().or(row.recipient.as_deref()) {
            Some(address) => EmailAddress::parse(address)
                .map_err(|e| WorkflowError::Invalid(format!("recipient: {e}")))?
                .as_str()
                .to_owned(),
            None => return Err(WorkflowError::Invalid("the draft has no recipient: give one".into())),
        };
        let current = outbox_rows::content(conn, id)?;
        let subject = edits.subject.unwrap_or(current.subject.clone());
        if subject.trim().is_empty() || subject.contains(['\r', '\n']) {
            return Err(WorkflowError::Invalid("subject must be one non-empty line".into()));
        }
        let (body_text, body_html) = match edits.body_text {
            Some(text) if text.trim().is_empty() => {
                return Err(WorkflowError::Invalid("body_text must not be empty".into()));
            }
            Some(text) => {
                let html = html_for_text(&text);
                (text, html)
            }
            None => (current.body_text.clone(), current.body_html.clone()),
        };
        outbox_rows::set_content(
            conn,
            &OutboxContent { subject, body_text, body_html, approved_by: actor.user_id.clone(), ..current },
        )?;
        diesel::update(outbox::table.find(id).filter(outbox::status.eq(OutboxStatus::Draft.as_str())))
            .set((
                outbox::status.eq(OutboxStatus::Scheduled.as_str()),
                outbox::recipient.eq(&recipient),
                outbox::scheduled_for.eq(now.naive_utc()),
                outbox::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        audit_change(conn, now, actor, &row, "mail.draft_approved")?;
        load(conn, id)
    })
}

/// Counsel cancels an email that has not gone out (a draft, a held or scheduled notice, a failed
/// row), with a reason; the row stays as history.
pub fn cancel(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<OutboxRow, WorkflowError> {
    actor.require(actor.role.can_approve(), "cancel outgoing mail")?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(WorkflowError::Invalid("a reason is required to cancel an email".into()));
    }
    write_tx(conn, |conn| {
        let allowed =
            [OutboxStatus::Draft, OutboxStatus::Held, OutboxStatus::Scheduled, OutboxStatus::Failed];
        let row = load_in_status(conn, id, &allowed)?;
        let changed = diesel::update(outbox::table.find(id).filter(outbox::status.eq(&row.status)))
            .set((
                outbox::status.eq(OutboxStatus::Cancelled.as_str()),
                outbox::last_error.eq(format!("cancelled: {reason}")),
                outbox::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        if changed == 0 {
            return Err(WorkflowError::Conflict("the email changed meanwhile; reload and retry".into()));
        }
        audit_change(conn, now, actor, &row, "mail.cancelled")?;
        load(conn, id)
    })
}

/// Schedules a failed email again, now, with its attempts reset: after the operator has fixed
/// what made it fail.
pub fn retry(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    id: &str,
) -> Result<OutboxRow, WorkflowError> {
    actor.require(actor.role.can_approve(), "retry failed mail")?;
    write_tx(conn, |conn| {
        let row = load_in_status(conn, id, &[OutboxStatus::Failed])?;
        diesel::update(outbox::table.find(id).filter(outbox::status.eq(OutboxStatus::Failed.as_str())))
            .set((
                outbox::status.eq(OutboxStatus::Scheduled.as_str()),
                outbox::scheduled_for.eq(now.naive_utc()),
                outbox::attempts.eq(0),
                outbox::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        audit_change(conn, now, actor, &row, "mail.retried")?;
        load(conn, id)
    })
}

/// Every failed email, for `lert outbox retry --all-failed`.
pub fn failed_ids(conn: &mut DbConnection) -> Result<Vec<String>, WorkflowError> {
    Ok(outbox::table
        .filter(outbox::status.eq(OutboxStatus::Failed.as_str()))
        .order(outbox::created_at.asc())
        .select(outbox::id)
        .load(conn)?)
}

/// Filters for listing the outbox.
#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    pub status: Option<OutboxStatus>,
    pub kind: Option<OutboxKind>,
    pub case_id: Option<String>,
    pub limit: i64,
}

pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    filter: &OutboxFilter,
) -> Result<Vec<OutboxRow>, WorkflowError> {
    actor.require(actor.role.can_read(), "read the outbox")?;
    let mut query = outbox::table.select(OutboxRow::as_select()).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(outbox::status.eq(status.as_str()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(outbox::kind.eq(kind.as_str()));
    }
    if let Some(case_id) = &filter.case_id {
        query = query.filter(outbox::case_id.eq(case_id));
    }
    let limit = if filter.limit <= 0 { 100 } else { filter.limit.min(1000) };
    Ok(query.order((outbox::created_at.desc(), outbox::id.desc())).limit(limit).load(conn)?)
}

pub fn load(conn: &mut DbConnection, id: &str) -> Result<OutboxRow, WorkflowError> {
    outbox_rows::find(conn, id)?.ok_or_else(|| WorkflowError::NotFound(format!("no outgoing email {id}")))
}

fn load_in_status(
    conn: &mut DbConnection,
    id: &str,
    allowed: &[OutboxStatus],
) -> Result<OutboxRow, WorkflowError> {
    let row = load(conn, id)?;
    if allowed.iter().any(|status| status.as_str() == row.status) {
        Ok(row)
    } else {
        let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
        Err(WorkflowError::Conflict(format!(
            "the email is {}; this needs it to be {}",
            row.status,
            names.join(" or ")
        )))
    }
}

fn audit_change(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    row: &OutboxRow,
    action: &str,
) -> Result<(), WorkflowError> {
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: &actor.label,
            action,
            case_id: row.case_id.as_deref(),
            details: json!({ "outbox_id": row.id, "kind": row.kind }),
        },
    )?;
    Ok(())
}
