//! The intake loop `lert serve` runs: every `intake.poll_seconds` it imports the watched
//! Maildir and polls the IMAP mailbox, each on its own thread so a slow server cannot delay the
//! other. Logs carry counts and errors, never message contents.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::IntakeContext;
use super::imap_source::{client_settings, poll_once};
use super::maildir::import_new;
use crate::app::Storage;
use crate::clock::Clock;
use crate::config::Settings;
use crate::workflows::clocks::Clocks;

/// The running intake threads; dropping it stops them after their current pass.
pub struct IntakeWatcher {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Drop for IntakeWatcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Starts a thread per configured source; none when neither a Maildir nor IMAP is configured.
pub fn start(
    storage: &Storage,
    settings: &Settings,
    clock: Arc<dyn Clock>,
    clocks: Arc<Clocks>,
) -> IntakeWatcher {
    let stop = Arc::new(AtomicBool::new(false));
    let mut threads = Vec::new();
    let every = Duration::from_secs(settings.intake.poll_seconds);
    if let Some(dir) = settings.intake.maildir.clone() {
        let pass =
            source_pass(storage, settings, &clock, &clocks, move |conn, context, now| {
                match import_new(conn, context, now, &dir) {
                    Ok(report) if report != Default::default() => tracing::info!(?report, "maildir imported"),
                    Ok(_) => {}
                    Err(error) => tracing::error!(%error, "maildir intake failed"),
                }
            });
        threads.push(spawn("intake-maildir", stop.clone(), every, pass));
    }
    if let Some(imap) = &settings.intake.imap {
        let client = client_settings(imap);
        let pass =
            source_pass(storage, settings, &clock, &clocks, move |conn, context, now| {
                match poll_once(conn, context, &now, &client) {
                    Ok(report) if report.fetched > 0 || !report.failed.is_empty() => {
                        tracing::info!(
                            fetched = report.fetched,
                            stored = report.stored,
                            failed = report.failed.len(),
                            "imap polled"
                        )
                    }
                    Ok(_) => {}
                    Err(error) => tracing::error!(%error, "imap intake failed"),
                }
            });
        threads.push(spawn("intake-imap", stop.clone(), every, pass));
    }
    IntakeWatcher { stop, threads }
}

type Pass = Box<dyn FnMut() + Send>;

fn source_pass(
    storage: &Storage,
    settings: &Settings,
    clock: &Arc<dyn Clock>,
    clocks: &Arc<Clocks>,
    mut work: impl FnMut(
        &mut crate::storage::DbConnection,
        IntakeContext<'_>,
        &dyn Fn() -> chrono::DateTime<chrono::Utc>,
    ) + Send
    + 'static,
) -> Pass {
    let (storage, intake, clock, clocks) =
        (storage.clone(), settings.intake.clone(), clock.clone(), clocks.clone());
    Box::new(move || {
        let mut conn = match storage.pool.get() {
            Ok(conn) => conn,
            Err(error) => return tracing::error!(%error, "intake cannot reach the database"),
        };
        let context = IntakeContext { blobs: storage.blobs.as_ref(), clocks: &clocks, settings: &intake };
        let now = || clock.now();
        work(&mut conn, context, &now);
    })
}

fn spawn(name: &str, stop: Arc<AtomicBool>, every: Duration, mut pass: Pass) -> JoinHandle<()> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                pass();
                // Sleep in short steps so a shutdown does not wait a whole interval.
                while started.elapsed() < every && !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100).min(every));
                }
            }
        })
        .expect("the intake thread starts")
}
