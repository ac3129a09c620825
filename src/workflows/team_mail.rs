//! Mail to the legal team itself (alerts, the digest): one row per configured recipient, each
//! with its own dedupe key, so a recipient added later still gets the next one and nobody gets
//! the same alert twice.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::clocks::Clocks;
use super::outbox::{Email, enqueue, template_context};
use super::{Actor, WorkflowError};
use crate::domain::outbox::{OutboxKind, OutboxStatus};
use crate::storage::DbConnection;

/// Enqueues `kind` to every alert recipient (or, for the digest, every digest recipient), due
/// now. `dedupe` names the occasion (e.g. `alert_overdue:<deadline>`); returns how many were new.
pub(crate) fn to_legal_team(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    kind: OutboxKind,
    case: Option<(&str, &str)>,
    dedupe: &str,
    extra: Value,
) -> Result<usize, WorkflowError> {
    let settings = &clocks.mail.settings;
    let recipients = if kind == OutboxKind::Digest {
        settings.digest_recipients.as_slice()
    } else {
        settings.alert_recipients()
    };
    if recipients.is_empty() {
        return Ok(0);
    }
    let context = template_context(&clocks.mail, case.map(|(_, reference)| reference), extra);
    let rendered = clocks.mail.templates.render(kind, &context)?;
    let lert = Actor::system("scheduler");
    let mut queued = 0;
    for recipient in recipients {
        let email = Email {
            kind,
            case_id: case.map(|(id, _)| id.to_owned()),
            target_id: None,
            dedupe_key: format!("{dedupe}:{}", recipient.to_lowercase()),
            recipient: Some(recipient.clone()),
            in_reply_to: None,
            status: OutboxStatus::Scheduled,
            scheduled_for: Some(now),
            rendered: rendered.clone(),
        };
        queued += usize::from(enqueue(conn, now, &clocks.mail, &lert, email)?.is_some());
    }
    Ok(queued)
}
