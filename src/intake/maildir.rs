//! The Maildir source: the MTA delivers into `new/`; lert imports each message and then moves
//! it to `cur/`. A message is moved only after it is committed, so a crash at any point leaves it
//! in `new/` to be imported again, which the content digest turns into a no-op.

use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use maildir::Maildir;
use serde::Serialize;

use super::{Arrival, IntakeContext, IntakeError, Source, file_pending, ingest};
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
        let delivered = std::fs::metadata(entry.path()).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
        entries.push((delivered, entry.id().to_owned(), entry.path().clone()));
    }
    entries.sort();
    for (delivered, id, path) in entries {
        let raw = match std::fs::read(&path) {
            Ok(raw) => raw,
            // Another importer moved it meanwhile.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&path, e)),
        };
        let at = now();
        let received_at = DateTime::<Utc>::from(delivered).min(at);
        let outcome =
            ingest(conn, context, at, Arrival { source: Source::Maildir, source_ref: Some(&id), received_at, raw: &raw })?;
        if outcome.already_imported {
            report.already_imported += 1;
        } else {
            report.imported += 1;
            match outcome.status.as_str() {
                "filed" => report.filed += 1,
                "triage" => report.triage += 1,
                "duplicate" => report.duplicates += 1,
                _ => {}
            }
        }
        match maildir.move_new_to_cur_with_flags(&id, "S") {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path, e)),
        }
    }
    Ok(report)
}
