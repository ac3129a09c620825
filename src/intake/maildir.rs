//! The Maildir source: the MTA delivers into `new/`; lert imports each message and then moves
//! it to `cur/`. A message is moved only after it is committed, so a crash at any point leaves it
//! in `new/` to be imported again, which the content digest turns into a no-op. Messages are
//! imported in batches (`batch`): stored together, parsed on every core, filed together.

use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use maildir::Maildir;
use serde::Serialize;

use super::batch::ingest_batch;
use super::{Arrival, IngestOutcome, IntakeContext, IntakeError, Source, file_pending};
use crate::storage::DbConnection;

/// What one pass over the Maildir did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MaildirReport {
    /// Messages stored for the first time.
    pub imported: usize,
    /// Messages whose bytes were already stored (a re-run after a crash); moved to `cur/`.
    pub already_imported: usize,
    /// Of the imported: filed on a case, sent to triage, or a second delivery of a Message-ID.
    pub filed: usize,
    pub triage: usize,
    pub duplicates: usize,
    /// Stored earlier but not filed (interrupted), filed by this pass.
    pub recovered: usize,
}

/// Messages stored, parsed and filed together: one commit per step for the lot.
const BATCH: usize = 64;

impl MaildirReport {
    fn count(&mut self, outcome: &IngestOutcome) {
        if outcome.already_imported {
            self.already_imported += 1;
            return;
        }
        self.imported += 1;
        match outcome.status.as_str() {
            "filed" => self.filed += 1,
            "triage" => self.triage += 1,
            "duplicate" => self.duplicates += 1,
            _ => {}
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MaildirError {
    #[error("{0} is not a Maildir (it needs new/ and cur/ directories)")]
    NotAMaildir(String),
    #[error("reading {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Intake(#[from] IntakeError),
}

/// Imports every message in `new/`, moving each to `cur/` once it is committed.
pub fn import_new(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: impl Fn() -> DateTime<Utc>,
    dir: &Path,
) -> Result<MaildirReport, MaildirError> {
    if !dir.join("new").is_dir() || !dir.join("cur").is_dir() {
        return Err(MaildirError::NotAMaildir(dir.display().to_string()));
    }
    let mut report = MaildirReport { recovered: file_pending(conn, context, now())?, ..Default::default() };
    let maildir = Maildir::from(dir.to_path_buf());
    let io = |path: &Path, source| MaildirError::Io { path: path.display().to_string(), source };
    // Oldest delivery first, so cases are numbered in the order requests arrived.
    let mut entries: Vec<(SystemTime, String, std::path::PathBuf)> = Vec::new();
    for entry in maildir.list_new() {
        let entry = entry.map_err(|e| io(&dir.join("new"), e))?;
        let delivered =
            std::fs::metadata(entry.path()).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
        entries.push((delivered, entry.id().to_owned(), entry.path().clone()));
    }
    entries.sort();
    for batch in entries.chunks(BATCH) {
        let mut read = Vec::with_capacity(batch.len());
        for (delivered, id, path) in batch {
            match std::fs::read(path) {
                Ok(raw) => read.push((*delivered, id.as_str(), path, raw)),
                // Another importer moved it meanwhile.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(path, e)),
            }
        }
        let at = now();
        let arrivals: Vec<Arrival<'_>> = read
            .iter()
            .map(|(delivered, id, _, raw)| Arrival {
                source: Source::Maildir,
                source_ref: Some(id),
                received_at: DateTime::<Utc>::from(*delivered).min(at),
                raw,
            })
            .collect();
        let outcomes = ingest_batch(conn, context, at, &arrivals)?;
        for ((_, id, path, _), outcome) in read.iter().zip(outcomes) {
            report.count(&outcome);
            match maildir.move_new_to_cur_with_flags(id, "S") {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(path, e)),
            }
        }
    }
    Ok(report)
}
