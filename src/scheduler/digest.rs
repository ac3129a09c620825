//! The legal team's daily digest: what is overdue, due today and this week, which preservations
//! and NDOs expire soon, and which notices are held or mail is failing. Queued once per local day
//! after `mail.digest_hour`, to each digest recipient.

use chrono::{DateTime, Timelike, Utc};
use serde_json::json;

use super::marks;
use crate::domain::outbox::OutboxKind;
use crate::storage::DbConnection;
use crate::workflows::WorkflowError;
use crate::workflows::attention::{Attention, attention};
use crate::workflows::clocks::Clocks;
use crate::workflows::outbox::long_date;
use crate::workflows::team_mail::to_legal_team;

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
    let Attention { overdue, due_today, due_this_week, expiring, notices_held, mail_failing } =
        attention(conn, clocks, today)?;
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
