//! lert's side of the IMAP source: the configured mailbox, a sink that stores and files each
//! message, and the cursor (UIDVALIDITY, last UID) kept in the database so restarts resume.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::imap::{
    AfterImport, ImapCursor, ImapError, ImapSecurity, ImapSettings, ImapSink, PollReport, poll,
};
use super::{Arrival, IntakeContext, Source, ingest};
use crate::config::intake::ImapSetting;
use crate::storage::schema::imap_cursors;
use crate::storage::{DbConnection, write_tx};

/// The client settings the configuration describes (validated at load).
pub fn client_settings(setting: &ImapSetting) -> ImapSettings {
    ImapSettings {
        host: setting.host.clone(),
        port: setting.port,
        security: if setting.security == "starttls" { ImapSecurity::Starttls } else { ImapSecurity::Tls },
        username: setting.username.clone(),
        password: setting.password.expose().to_owned(),
        mailbox: setting.mailbox.clone(),
        after_import: if setting.after_import == "move" {
            AfterImport::Move { folder: setting.move_to.clone() }
        } else {
            AfterImport::Flag
        },
        ca_file: setting.ca_file.clone(),
        timeout: Duration::from_secs(setting.timeout_seconds),
    }
}

/// Polls the mailbox once on a runtime of its own (the caller's thread may block on the
/// database inside the sink).
pub fn poll_once(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: &dyn Fn() -> DateTime<Utc>,
    settings: &ImapSettings,
) -> Result<PollReport, ImapError> {
    let key = mailbox_key(settings);
    let cursor = load_cursor(conn, &key).map_err(|e| protocol_error(settings, e))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
        ImapError::Connect { addr: format!("{}:{}", settings.host, settings.port), source: e }
    })?;
    let mut sink = LertSink { conn, context, now, key, mailbox: settings.mailbox.clone() };
    runtime.block_on(poll(settings, cursor, &mut sink))
}

struct LertSink<'c, 'a> {
    conn: &'c mut DbConnection,
    context: IntakeContext<'a>,
    now: &'c dyn Fn() -> DateTime<Utc>,
    key: String,
    mailbox: String,
}

impl ImapSink for LertSink<'_, '_> {
    fn store(&mut self, uid: u32, raw: &[u8], delivered_at: Option<DateTime<Utc>>) -> Result<(), String> {
        let now = (self.now)();
        let source_ref = format!("{}:{uid}", self.mailbox);
        // Received when the server received it, not when lert got round to fetching it.
        let received_at = delivered_at.map_or(now, |at| at.min(now));
        let arrival = Arrival { source: Source::Imap, source_ref: Some(&source_ref), received_at, raw };
        ingest(self.conn, self.context, now, arrival).map(|_| ()).map_err(|e| e.to_string())
    }

    fn save_cursor(&mut self, cursor: ImapCursor) -> Result<(), String> {
        save_cursor(self.conn, &self.key, cursor, (self.now)()).map_err(|e| e.to_string())
    }
}

/// One cursor per account and mailbox.
fn mailbox_key(settings: &ImapSettings) -> String {
    format!("{}@{}:{}/{}", settings.username, settings.host, settings.port, settings.mailbox)
}

fn load_cursor(conn: &mut DbConnection, key: &str) -> QueryResult<Option<ImapCursor>> {
    let row: Option<(i64, i64)> = imap_cursors::table
        .find(key)
        .select((imap_cursors::uid_validity, imap_cursors::last_uid))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(validity, last)| {
        Some(ImapCursor { uid_validity: u32::try_from(validity).ok()?, last_uid: u32::try_from(last).ok()? })
    }))
}

fn save_cursor(
    conn: &mut DbConnection,
    key: &str,
    cursor: ImapCursor,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    write_tx(conn, |conn| {
        let values = (
            imap_cursors::uid_validity.eq(i64::from(cursor.uid_validity)),
            imap_cursors::last_uid.eq(i64::from(cursor.last_uid)),
            imap_cursors::updated_at.eq(now.naive_utc()),
        );
        // No upsert on MultiConnection: update, then insert if there was nothing to update.
        let updated = diesel::update(imap_cursors::table.find(key)).set(values).execute(conn)?;
        if updated == 0 {
            diesel::insert_into(imap_cursors::table)
                .values((imap_cursors::mailbox_key.eq(key), values.0, values.1, values.2))
                .execute(conn)?;
        }
        Ok(())
    })
}

fn protocol_error(settings: &ImapSettings, error: diesel::result::Error) -> ImapError {
    ImapError::Protocol {
        addr: format!("{}:{}", settings.host, settings.port),
        step: "reading lert's IMAP position",
        detail: error.to_string(),
    }
}
