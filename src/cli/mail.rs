//! `lert tick` (all due work once, as JSON) and `lert outbox` (what lert has queued, sent or
//! failed to send, and retrying what failed once its cause is fixed).

use chrono::{DateTime, Utc};

use super::CliError;
use crate::app::Storage;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::outbox::{OutboxKind, OutboxStatus};
use crate::mail::transport::MailTransport;
use crate::scheduler::Scheduler;
use crate::workflows::Actor;
use crate::workflows::clocks::Clocks;
use crate::workflows::outbox::{OutboxFilter, failed_ids, list, retry};

/// Runs one tick at `--now` (default: the real time) and prints the report.
pub fn tick(
    storage: &Storage,
    settings: &Settings,
    clock: &dyn Clock,
    clocks: Clocks,
    now: Option<&str>,
) -> Result<String, CliError> {
    let now = match now {
        Some(text) => {
            let at = parse_time("--now", text)?;
            // A tick in the future would send mail that is not yet due, for real.
            if at > clock.now() + chrono::TimeDelta::minutes(5) {
                return Err(CliError::Usage(format!(
                    "--now {text} is in the future; lert sends only what is due"
                )));
            }
            at
        }
        None => clock.now(),
    };
    let transport =
        MailTransport::from_settings(&settings.mail, &settings.data_dir).map_err(CliError::Usage)?;
    let scheduler = Scheduler::new(std::sync::Arc::new(clocks), transport);
    let mut conn = storage.pool.get().map_err(|e| CliError::Failed(e.into()))?;
    let report = scheduler.tick(&mut conn, now)?;
    Ok(serde_json::to_string(&report).map_err(anyhow::Error::from)?)
}

/// Lists the outbox, newest first: one line per email, or JSON. Recipients are shown: the
/// operator is reading the outbox on purpose.
pub fn outbox_list(
    storage: &Storage,
    status: Option<&str>,
    kind: Option<&str>,
    limit: i64,
    json: bool,
) -> Result<String, CliError> {
    let filter = OutboxFilter {
        status: status.map(OutboxStatus::parse).transpose().map_err(|e| CliError::Usage(e.to_string()))?,
        kind: kind.map(OutboxKind::parse).transpose().map_err(|e| CliError::Usage(e.to_string()))?,
        case_id: None,
        limit,
    };
    let mut conn = storage.pool.get().map_err(|e| CliError::Failed(e.into()))?;
    let rows = list(&mut conn, &Actor::system("cli"), &filter)?;
    if json {
        let items: Vec<_> = rows.iter().map(crate::storage::outbox_json::OutboxJson::from_row).collect();
        return Ok(serde_json::to_string_pretty(&items).map_err(anyhow::Error::from)?);
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let when = row.sent_at.or(row.scheduled_for).map(|t| t.format("%Y-%m-%d %H:%M").to_string());
            format!(
                "{}  {:<10} {:<18} attempts {}  {}  {}",
                row.id,
                row.status,
                row.kind,
                row.attempts,
                when.unwrap_or_else(|| "-".into()),
                row.last_error.as_deref().unwrap_or_default()
            )
        })
        .collect();
    Ok(if lines.is_empty() { "no email matches".to_owned() } else { lines.join("\n") })
}

/// Schedules failed email again: one by id, or every failed one.
pub fn outbox_retry(
    storage: &Storage,
    clock: &dyn Clock,
    id: Option<&str>,
    all_failed: bool,
) -> Result<String, CliError> {
    let mut conn = storage.pool.get().map_err(|e| CliError::Failed(e.into()))?;
    let ids = match (id, all_failed) {
        (Some(id), false) => vec![id.to_owned()],
        (None, true) => failed_ids(&mut conn)?,
        _ => return Err(CliError::Usage("give an outbox id or --all-failed (not both)".into())),
    };
    let actor = Actor::system("cli");
    for id in &ids {
        retry(&mut conn, clock.now(), &actor, id)?;
    }
    Ok(format!("{} email(s) scheduled again", ids.len()))
}

fn parse_time(flag: &str, text: &str) -> Result<DateTime<Utc>, CliError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|_| {
        CliError::Usage(format!("{flag} {text:?} is not an RFC 3339 time such as 2026-11-26T09:00:00Z"))
    })
}
