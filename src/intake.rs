//! Intake: every email that reaches the law-enforcement mailbox becomes a case, joins one, or
//! waits in triage, with nothing lost and nothing filed twice.
//!
//! Raw first: the exact bytes go to the blob store and an `inbound_messages` row is committed
//! before any parsing (`store`). Filing (`file`) then parses, classifies and records the result in
//! a second transaction that settles the row only if it is still `stored`, so a crash between
//! the two leaves a pending message that `file_pending` finishes, and two importers never file
//! one message twice. Sources (Maildir, IMAP, the MTA pipe, uploads) all call [`ingest`].

pub mod apply;
pub mod authenticity;
pub mod batch;
pub mod categories;
pub mod classify;
pub mod file;
pub mod forward;
pub mod guesses;
pub mod imap;
pub mod imap_source;
pub mod maildir;
pub mod parse;
pub mod pdf_content;
pub mod pdf_text;
pub mod prepare;
pub mod resolve;
pub mod review;
pub mod store;
pub mod thread;
pub mod watcher;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::intake::IntakeSettings;
use crate::storage::DbConnection;
use crate::storage::blobs::BlobStore;
use crate::storage::inbound_queries;
use crate::workflows::WorkflowError;
use crate::workflows::clocks::Clocks;

pub use store::{Arrival, Source};

/// What intake works with besides the connection.
#[derive(Clone, Copy)]
pub struct IntakeContext<'a> {
    pub blobs: &'a dyn BlobStore,
    pub clocks: &'a Clocks,
    pub settings: &'a IntakeSettings,
}

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
}

impl From<diesel::result::Error> for IntakeError {
    fn from(error: diesel::result::Error) -> Self {
        IntakeError::Workflow(error.into())
    }
}

impl From<crate::storage::blobs::BlobError> for IntakeError {
    fn from(error: crate::storage::blobs::BlobError) -> Self {
        IntakeError::Workflow(error.into())
    }
}

/// What became of one arriving message; printed as JSON by `lert intake eml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngestOutcome {
    /// The inbound message's id.
    pub message: String,
    /// `filed`, `triage`, `duplicate` (a second delivery of a filed Message-ID) or `stored`.
    pub status: String,
    /// The case it opened or joined, if any.
    pub case: Option<String>,
    /// The same bytes were imported before; nothing changed.
    pub already_imported: bool,
    /// Why it waits in triage.
    pub triage_reason: Option<String>,
}

/// Stores a message raw, then files it. Importing the same bytes again changes nothing, unless
/// the first import stopped before filing: then this one files it.
pub fn ingest(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: DateTime<Utc>,
    arrival: Arrival<'_>,
) -> Result<IngestOutcome, IntakeError> {
    let raw = arrival.raw;
    match store::store_raw(conn, context.blobs, now, arrival)? {
        // Stored before but never filed (a crash between the two steps): file it now.
        store::Stored::AlreadyImported(row) if row.status == "stored" => {
            file::file_message(conn, context, now, &row, raw)
        }
        store::Stored::AlreadyImported(row) => file::outcome_of(conn, &row, true),
        store::Stored::New(row) => file::file_message(conn, context, now, &row, raw),
    }
}

/// Files every message stored but not yet filed (after a crash or a failure), oldest first.
/// Returns how many it filed.
pub fn file_pending(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: DateTime<Utc>,
) -> Result<usize, IntakeError> {
    let mut filed = 0;
    loop {
        let batch = inbound_queries::pending(conn, 100)?;
        if batch.is_empty() {
            return Ok(filed);
        }
        for row in batch {
            let raw = context.blobs.get(&row.sha256)?;
            file::file_message(conn, context, now, &row, &raw)?;
            filed += 1;
        }
    }
}
