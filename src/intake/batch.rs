//! Importing many messages at once (a Maildir's backlog): the raw bytes of all are stored and
//! their rows committed together before any is parsed, then worker threads parse while this
//! thread files each message (in arrival order, a savepoint each) and the filings commit together. Same guarantees as one message at a
//! time (raw first, each message filed once), with one commit per step instead of per message.

use chrono::{DateTime, Utc};

use super::file::{file_prepared, outcome_of, prepare_stored, store_attachments};
use super::prepare::Prepared;
use super::store::{Arrival, Stored, commit_rows, new_row};
use super::{IngestOutcome, IntakeContext, IntakeError};
use crate::storage::blobs::sha256_hex;
use crate::storage::rows::InboundMessageRow;
use crate::storage::{DbConnection, inbound_queries, write_tx};
use crate::workflows::WorkflowError;

/// Stores and files `arrivals`; the outcomes come back in the same order.
pub fn ingest_batch(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: DateTime<Utc>,
    arrivals: &[Arrival<'_>],
) -> Result<Vec<IngestOutcome>, IntakeError> {
    let digests: Vec<String> = parallel_map(arrivals, |arrival| sha256_hex(arrival.raw));
    let mut outcomes: Vec<Option<IngestOutcome>> = vec![None; arrivals.len()];
    let mut fresh: Vec<(usize, InboundMessageRow)> = Vec::new();
    for (index, (arrival, digest)) in arrivals.iter().zip(&digests).enumerate() {
        match inbound_queries::find_by_sha256(conn, digest)? {
            Some(row) => outcomes[index] = Some(outcome_of(conn, &row, true)?),
            // The same bytes twice within the batch: the second is a repeat of the first.
            None if fresh.iter().any(|(_, row)| &row.sha256 == digest) => {}
            None => fresh.push((index, new_row(arrival, digest.clone()))),
        }
    }
    let puts: Vec<Result<(), _>> =
        parallel_map(&fresh, |(index, row)| context.blobs.put_digested(&row.sha256, arrivals[*index].raw));
    for put in puts {
        put?;
    }
    let stored = commit_rows(conn, now, fresh.iter().map(|(_, row)| row.clone()).collect())?;
    let mut to_file: Vec<(usize, InboundMessageRow)> = Vec::new();
    for ((index, _), stored) in fresh.iter().zip(stored) {
        match stored {
            Stored::New(row) => to_file.push((*index, row)),
            Stored::AlreadyImported(row) => outcomes[*index] = Some(outcome_of(conn, &row, true)?),
        }
    }
    // Parsing runs on worker threads while this thread files, in arrival order, what they finish.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let filed = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, Result<Prepared, IntakeError>)>();
        for _ in 0..workers() {
            let (sender, next, to_file) = (sender.clone(), &next, &to_file);
            scope.spawn(move || {
                loop {
                    let position = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((index, row)) = to_file.get(position) else { break };
                    let prepared = prepare_stored(context, row, arrivals[*index].raw);
                    let prepared = store_attachments(context, &prepared).map(|()| prepared);
                    if sender.send((position, prepared)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        write_tx(conn, |conn| -> Result<Vec<(usize, IngestOutcome)>, IntakeError> {
            let mut waiting: std::collections::BTreeMap<usize, Result<Prepared, IntakeError>> =
                Default::default();
            let mut filed = Vec::with_capacity(to_file.len());
            for (position, (index, row)) in to_file.iter().enumerate() {
                let prepared = loop {
                    if let Some(prepared) = waiting.remove(&position) {
                        break prepared;
                    }
                    let (done, prepared) = receiver.recv().map_err(|_| {
                        WorkflowError::Conflict(
                            "an intake worker stopped before parsing every message".into(),
                        )
                    })?;
                    waiting.insert(done, prepared);
                };
                filed.push((*index, file_prepared(conn, context, now, row, &prepared?)?));
            }
            Ok(filed)
        })
    })?;
    for (index, outcome) in filed {
        outcomes[index] = Some(outcome);
    }
    // A repeat within the batch reports what its first copy became.
    for index in 0..arrivals.len() {
        if outcomes[index].is_none() {
            let row = inbound_queries::find_by_sha256(conn, &digests[index])?
                .ok_or_else(|| WorkflowError::Conflict("a message of the batch was not stored".to_owned()))?;
            outcomes[index] = Some(outcome_of(conn, &row, true)?);
        }
    }
    Ok(outcomes.into_iter().flatten().collect())
}

/// Threads that parse while the importing thread files: every core but one, at least one.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).saturating_sub(1).max(1)
}

/// `work` over `items` on every core, results in order.
fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(&work).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&work).collect::<Vec<R>>()))
            .collect();
        handles.into_iter().flat_map(|handle| handle.join().expect("an intake worker panicked")).collect()
    })
}
