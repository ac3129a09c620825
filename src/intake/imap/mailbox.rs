//! The commands run inside the selected mailbox: find new UIDs, fetch one message, mark or move it.
//!
//! Each is one small timed step so a poll holds at most one message in memory and a slow or
//! silent server ends the poll with an error instead of hanging it.

use async_imap::types::Fetch;
use futures_util::TryStreamExt;

use super::transport::{Context, TlsSession};
use super::{AfterImport, ImapError};

/// The keyword that marks a message as imported in [`AfterImport::Flag`] mode.
const IMPORTED_KEYWORD: &str = "$LertImported";

/// Selects the configured mailbox and returns its UIDVALIDITY.
pub(super) async fn select(ctx: &Context<'_>, session: &mut TlsSession) -> Result<u32, ImapError> {
    let name = ctx.settings.mailbox.as_str();
    let mailbox_error =
        |detail: String| ImapError::Mailbox { addr: ctx.addr.clone(), mailbox: name.to_owned(), detail };
    let selected = ctx.timed("selecting the mailbox", async {
        session.select(name).await.map_err(|error| mailbox_error(ctx.describe_imap(&error)))
    });
    let selected = selected.await?;
    selected.uid_validity.ok_or_else(|| mailbox_error("the server reported no UIDVALIDITY".to_owned()))
}

/// UIDs above `last_uid`, ascending; in Flag mode without those already marked imported.
pub(super) async fn uids_after(
    ctx: &Context<'_>,
    session: &mut TlsSession,
    last_uid: u32,
) -> Result<Vec<u32>, ImapError> {
    let Some(first) = last_uid.checked_add(1) else {
        return Ok(Vec::new());
    };
    let query = match ctx.settings.after_import {
        AfterImport::Flag => format!("UID {first}:* UNKEYWORD {IMPORTED_KEYWORD}"),
        AfterImport::Move { .. } => format!("UID {first}:*"),
    };
    let found = ctx.command("searching for new messages", session.uid_search(query)).await?;
    // `n:*` always matches the highest UID, even when that is not above `n`.
    let mut uids: Vec<u32> = found.into_iter().filter(|uid| *uid > last_uid).collect();
    uids.sort_unstable();
    Ok(uids)
}

/// One downloaded message, exactly as the server holds it.
pub(super) struct RawMessage {
    fetch: Fetch,
}

impl RawMessage {
    pub fn bytes(&self) -> &[u8] {
        // Only built from a fetch that carries a body (see `fetch_message`).
        self.fetch.body().unwrap_or_default()
    }

    /// When the server received it (IMAP INTERNALDATE): the legal day of receipt, even when lert
    /// fetches it later.
    pub fn delivered_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.fetch.internal_date().map(|at| at.with_timezone(&chrono::Utc))
    }
}

/// Downloads one message without setting `\Seen`; `None` if it was expunged meanwhile.
pub(super) async fn fetch_message(
    ctx: &Context<'_>,
    session: &mut TlsSession,
    uid: u32,
) -> Result<Option<RawMessage>, ImapError> {
    let fetched = ctx.command("fetching a message", async {
        let mut responses = session.uid_fetch(uid.to_string(), "(INTERNALDATE BODY.PEEK[])").await?;
        let mut found = None;
        // Read to the end even after a match so the next command starts on a clean stream.
        while let Some(fetch) = responses.try_next().await? {
            if fetch.uid == Some(uid) && fetch.body().is_some() {
                found = Some(fetch);
            }
        }
        Ok(found)
    });
    let found = fetched.await?;
    drop_unsolicited(session);
    Ok(found.map(|fetch| RawMessage { fetch }))
}

/// How an imported message is marked on the server, decided once per poll.
pub(super) enum Marker {
    Flag,
    Move { folder: String, method: MoveMethod },
}

/// The best way this server offers to move a message.
pub(super) enum MoveMethod {
    /// RFC 6851 `UID MOVE`: atomic.
    Move,
    /// UIDPLUS: copy, then delete and expunge just that UID.
    CopyThenUidExpunge,
    /// Copy, then delete and expunge (also expunges others' `\Deleted` messages: RFC 3501 only).
    CopyThenExpunge,
}

impl Marker {
    /// Reads the server's capabilities and creates the target folder when moving.
    pub async fn prepare(ctx: &Context<'_>, session: &mut TlsSession) -> Result<Self, ImapError> {
        let AfterImport::Move { folder } = &ctx.settings.after_import else {
            return Ok(Marker::Flag);
        };
        let capabilities = ctx.command("reading capabilities", session.capabilities()).await?;
        let method = if capabilities.has_str("MOVE") {
            MoveMethod::Move
        } else if capabilities.has_str("UIDPLUS") {
            MoveMethod::CopyThenUidExpunge
        } else {
            MoveMethod::CopyThenExpunge
        };
        ensure_folder(ctx, session, folder).await?;
        Ok(Marker::Move { folder: folder.clone(), method })
    }

    /// Marks message `uid` as imported (flags it, or moves it away).
    pub async fn mark(&self, ctx: &Context<'_>, session: &mut TlsSession, uid: u32) -> Result<(), ImapError> {
        let uid_set = uid.to_string();
        let result = match self {
            Marker::Flag => flag_imported(ctx, session, &uid_set).await,
            Marker::Move { folder, method: MoveMethod::Move } => {
                ctx.command("moving a message", session.uid_mv(&uid_set, folder)).await
            }
            Marker::Move { folder, method } => {
                copy_then_expunge(ctx, session, &uid_set, folder, method).await
            }
        };
        drop_unsolicited(session);
        result
    }
}

async fn flag_imported(ctx: &Context<'_>, session: &mut TlsSession, uid_set: &str) -> Result<(), ImapError> {
    let flags = format!("+FLAGS (\\Seen {IMPORTED_KEYWORD})");
    ctx.command("flagging a message as imported", async {
        let updates = session.uid_store(uid_set, flags).await?;
        updates.try_collect::<Vec<_>>().await.map(drop)
    })
    .await
}

async fn copy_then_expunge(
    ctx: &Context<'_>,
    session: &mut TlsSession,
    uid_set: &str,
    folder: &str,
    method: &MoveMethod,
) -> Result<(), ImapError> {
    ctx.command("copying a message", session.uid_copy(uid_set, folder)).await?;
    ctx.command("deleting a copied message", async {
        let updates = session.uid_store(uid_set, "+FLAGS.SILENT (\\Deleted)").await?;
        updates.try_collect::<Vec<_>>().await.map(drop)
    })
    .await?;
    ctx.command("expunging a copied message", async {
        match method {
            MoveMethod::CopyThenUidExpunge => {
                session.uid_expunge(uid_set).await?.try_collect::<Vec<_>>().await
            }
            _ => session.expunge().await?.try_collect::<Vec<_>>().await,
        }
        .map(drop)
    })
    .await
}

/// Creates `folder` unless LIST shows it exists already.
async fn ensure_folder(ctx: &Context<'_>, session: &mut TlsSession, folder: &str) -> Result<(), ImapError> {
    let existing = ctx
        .command("looking up the target folder", async {
            session.list(Some(""), Some(folder)).await?.try_collect::<Vec<_>>().await
        })
        .await?;
    if existing.iter().any(|name| name.name() == folder) {
        return Ok(());
    }
    tracing::info!(server = %ctx.addr, %folder, "creating IMAP folder for imported messages");
    ctx.command("creating the target folder", session.create(folder)).await
}

/// Status updates nobody here reads (EXISTS, EXPUNGE, flag changes) would otherwise pile up.
fn drop_unsolicited(session: &mut TlsSession) {
    while session.unsolicited_responses.try_recv().is_ok() {}
}
