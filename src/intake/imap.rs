//! IMAP intake: pulls new messages from a mailbox over TLS and hands their exact bytes to lert.
//!
//! Legal process often arrives by e-mail. This source polls one mailbox, remembers where it got
//! to (UIDVALIDITY + last UID, kept by lert through [`ImapSink::save_cursor`]) and marks or moves
//! what it imported, in an order that loses nothing on a crash: a message is stored before it is
//! marked, and the cursor moves only after both, so the worst case is storing it again (lert
//! deduplicates by content).

mod mailbox;
mod transport;

use std::path::PathBuf;
use std::time::Duration;

use self::mailbox::Marker;
use self::transport::Context;

/// How the connection is secured. Plaintext IMAP is deliberately not an option.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImapSecurity {
    /// TLS from the first byte (usually port 993).
    Tls,
    /// Plain connection upgraded with STARTTLS before anything else is sent (usually port 143).
    Starttls,
}

/// What happens to a message on the server once lert has stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterImport {
    /// Add `\Seen` and the keyword `$LertImported`; flagged messages are not imported again.
    Flag,
    /// Move it to `folder`, created when missing.
    Move { folder: String },
}

/// Where and how to poll.
#[derive(Clone)]
pub struct ImapSettings {
    pub host: String,
    pub port: u16,
    pub security: ImapSecurity,
    pub username: String,
    pub password: String,
    /// The mailbox to import from, e.g. "INBOX".
    pub mailbox: String,
    pub after_import: AfterImport,
    /// Extra trusted root certificates (PEM), e.g. a private or test CA.
    pub ca_file: Option<PathBuf>,
    /// Limit for each network operation (connect, handshake, each command).
    pub timeout: Duration,
}

/// Hand-written so that logging the settings can never print the password.
impl std::fmt::Debug for ImapSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImapSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("mailbox", &self.mailbox)
            .field("after_import", &self.after_import)
            .field("ca_file", &self.ca_file)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// How far the import got: UIDs are only meaningful together with the mailbox's UIDVALIDITY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImapCursor {
    pub uid_validity: u32,
    pub last_uid: u32,
}

/// What lert does with each message; called on the same thread, may block (database commit).
pub trait ImapSink {
    /// Store the exact bytes. Ok means committed durably (or already known: a duplicate).
    /// `delivered_at` is the server's INTERNALDATE, when it gave one.
    fn store(
        &mut self,
        uid: u32,
        raw: &[u8],
        delivered_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(), String>;
    /// Persist the cursor; called after each message is stored AND marked/moved.
    fn save_cursor(&mut self, cursor: ImapCursor) -> Result<(), String>;
}

/// What one poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PollReport {
    /// Messages downloaded.
    pub fetched: usize,
    /// Messages the sink accepted.
    pub stored: usize,
    /// The mailbox was new to us or recreated, so everything in it was considered again.
    pub uid_validity_changed: bool,
    /// The message the sink refused (UID, its reason); the poll stopped there.
    pub failed: Vec<(u32, String)>,
}

/// A poll that could not finish. Messages name the server; they never contain the password.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("cannot connect to IMAP server {addr}: {source}")]
    Connect {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("IMAP server {addr} did not answer within {timeout:?} while {step}")]
    Timeout { addr: String, step: &'static str, timeout: Duration },
    #[error("TLS with IMAP server {addr} failed: {detail}")]
    Tls { addr: String, detail: String },
    #[error("cannot use the CA file {path} for IMAP server {addr}: {detail}")]
    CaFile { addr: String, path: PathBuf, detail: String },
    #[error("IMAP server {addr} refused STARTTLS: {detail}")]
    StartTls { addr: String, detail: String },
    #[error("IMAP authentication failed at {addr} for user {user:?}: {detail}")]
    AuthenticationFailed { addr: String, user: String, detail: String },
    #[error("cannot open mailbox {mailbox:?} on IMAP server {addr}: {detail}")]
    Mailbox { addr: String, mailbox: String, detail: String },
    #[error("IMAP server {addr} failed while {step}: {detail}")]
    Protocol { addr: String, step: &'static str, detail: String },
    #[error("lert could not save its IMAP position (message UID {uid} from {addr}): {detail}")]
    SaveCursor { addr: String, uid: u32, detail: String },
}

/// Connects, imports every message newer than `cursor` in UID order, and logs out.
///
/// Stops at the first message the sink refuses (reported in [`PollReport::failed`]) so that it
/// is retried on the next poll; network and server failures end the poll with an [`ImapError`].
pub async fn poll(
    settings: &ImapSettings,
    cursor: Option<ImapCursor>,
    sink: &mut dyn ImapSink,
) -> Result<PollReport, ImapError> {
    let ctx = Context::new(settings);
    let mut session = transport::open_session(&ctx).await?;
    let outcome = import_new_messages(&ctx, &mut session, cursor, sink).await;
    transport::logout(&ctx, &mut session).await;
    if let Ok(report) = &outcome {
        tracing::info!(server = %ctx.addr, mailbox = %settings.mailbox, ?report, "IMAP poll finished");
    }
    outcome
}

async fn import_new_messages(
    ctx: &Context<'_>,
    session: &mut transport::TlsSession,
    cursor: Option<ImapCursor>,
    sink: &mut dyn ImapSink,
) -> Result<PollReport, ImapError> {
    let uid_validity = mailbox::select(ctx, session).await?;
    let mut report = PollReport::default();
    let last_uid = match cursor {
        Some(cursor) if cursor.uid_validity == uid_validity => cursor.last_uid,
        _ => {
            report.uid_validity_changed = true;
            restart_cursor(ctx, sink, cursor, uid_validity)?;
            0
        }
    };
    let uids = mailbox::uids_after(ctx, session, last_uid).await?;
    if uids.is_empty() {
        return Ok(report);
    }
    let marker = Marker::prepare(ctx, session).await?;
    for uid in uids {
        let imported = import_one(ctx, session, &marker, sink, &mut report, uid).await?;
        if !imported {
            break;
        }
        save_cursor(ctx, sink, ImapCursor { uid_validity, last_uid: uid }, uid)?;
    }
    Ok(report)
}

/// A new or recreated mailbox: everything in it counts as new (lert deduplicates re-imports).
fn restart_cursor(
    ctx: &Context<'_>,
    sink: &mut dyn ImapSink,
    old: Option<ImapCursor>,
    uid_validity: u32,
) -> Result<(), ImapError> {
    if let Some(old) = old {
        tracing::warn!(
            server = %ctx.addr, old = old.uid_validity, new = uid_validity,
            "IMAP UIDVALIDITY changed; considering every message in the mailbox again"
        );
    }
    save_cursor(ctx, sink, ImapCursor { uid_validity, last_uid: 0 }, 0)
}

/// Fetches, stores and marks one message. `Ok(false)` means the sink refused it: stop here.
async fn import_one(
    ctx: &Context<'_>,
    session: &mut transport::TlsSession,
    marker: &Marker,
    sink: &mut dyn ImapSink,
    report: &mut PollReport,
    uid: u32,
) -> Result<bool, ImapError> {
    let Some(message) = mailbox::fetch_message(ctx, session, uid).await? else {
        tracing::warn!(server = %ctx.addr, uid, "IMAP message vanished before it could be fetched");
        return Ok(true);
    };
    report.fetched += 1;
    if let Err(reason) = sink.store(uid, message.bytes(), message.delivered_at()) {
        tracing::warn!(server = %ctx.addr, uid, %reason, "lert could not store an IMAP message");
        report.failed.push((uid, reason));
        return Ok(false);
    }
    report.stored += 1;
    drop(message);
    marker.mark(ctx, session, uid).await?;
    Ok(true)
}

fn save_cursor(
    ctx: &Context<'_>,
    sink: &mut dyn ImapSink,
    cursor: ImapCursor,
    uid: u32,
) -> Result<(), ImapError> {
    sink.save_cursor(cursor).map_err(|detail| ImapError::SaveCursor { addr: ctx.addr.clone(), uid, detail })
}
