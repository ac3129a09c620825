//! `lert intake eml` (the MTA pipe) and `lert intake maildir`: mail into cases from a terminal
//! or an MTA. Exit codes follow sysexits so an MTA retries what can be retried: 0 stored, 75 a
//! temporary failure (the database or the disk), 2 bad input.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::CliError;
use crate::app::Storage;
use crate::clock::Clock;
use crate::config::Settings;
use crate::intake::maildir::{MaildirError, import_new};
use crate::intake::{Arrival, IntakeContext, IntakeError, Source, ingest};
use crate::workflows::clocks::Clocks;

/// Reads one message from FILE or `-` (standard input), stores and files it; prints the outcome.
pub fn eml(
    storage: &Storage,
    settings: &Settings,
    clock: &dyn Clock,
    clocks: &Clocks,
    file: &str,
    received_at: Option<&str>,
) -> Result<String, CliError> {
    let received_at = match received_at {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| CliError::Usage(format!("--received-at {text:?} is not an RFC 3339 time")))?,
        None => clock.now(),
    };
    let raw = read_message(file)?;
    let context = IntakeContext { blobs: storage.blobs.as_ref(), clocks, settings: &settings.intake };
    let mut conn = storage.pool.get().map_err(|e| CliError::TempFail(e.into()))?;
    let source_ref = if file == "-" { None } else { Some(file) };
    let outcome = ingest(
        &mut conn,
        context,
        clock.now(),
        Arrival { source: Source::Pipe, source_ref, received_at, raw: &raw },
    )
    .map_err(temp_fail)?;
    serde_json::to_string(&outcome).map_err(|e| CliError::Failed(e.into()))
}

/// Imports the Maildir's new messages once, or keeps watching it.
pub fn maildir(
    storage: &Storage,
    settings: &Settings,
    clock: &dyn Clock,
    clocks: &Clocks,
    dir: &Path,
    once: bool,
) -> Result<String, CliError> {
    let context = IntakeContext { blobs: storage.blobs.as_ref(), clocks, settings: &settings.intake };
    loop {
        let mut conn = storage.pool.get()?;
        let report = import_new(&mut conn, context, || clock.now(), dir).map_err(|e| match e {
            MaildirError::NotAMaildir(_) => CliError::Usage(e.to_string()),
            other => CliError::Failed(other.into()),
        })?;
        let line = serde_json::to_string(&report).map_err(|e| CliError::Failed(e.into()))?;
        if once {
            return Ok(line);
        }
        if report != Default::default() {
            println!("{line}");
        }
        std::thread::sleep(Duration::from_secs(settings.intake.poll_seconds));
    }
}

/// The whole message, however large: an oversize message is stored raw, never truncated.
fn read_message(file: &str) -> Result<Vec<u8>, CliError> {
    let mut raw = Vec::new();
    let result = if file == "-" {
        std::io::stdin().lock().read_to_end(&mut raw)
    } else {
        let mut handle =
            std::fs::File::open(file).map_err(|e| CliError::Usage(format!("cannot read {file}: {e}")))?;
        handle.read_to_end(&mut raw)
    };
    result.map_err(|e| CliError::TempFail(anyhow::anyhow!("reading the message: {e}")))?;
    if raw.is_empty() {
        return Err(CliError::Usage("the message is empty".into()));
    }
    Ok(raw)
}

fn temp_fail(error: IntakeError) -> CliError {
    CliError::TempFail(error.into())
}
