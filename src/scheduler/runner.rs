//! The loop `lert serve` runs around `Scheduler::tick`: one thread, one tick every
//! `mail.tick_seconds`, logging counts (never addresses or contents).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Scheduler;
use crate::app::Storage;
use crate::clock::Clock;

/// The running scheduler thread; dropping it stops the thread after its current tick.
pub struct SchedulerLoop {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for SchedulerLoop {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub fn start(
    storage: &Storage,
    clock: Arc<dyn Clock>,
    scheduler: Scheduler,
    every: Duration,
) -> SchedulerLoop {
    let stop = Arc::new(AtomicBool::new(false));
    let storage = storage.clone();
    let stopping = stop.clone();
    let thread = std::thread::Builder::new()
        .name("scheduler".to_owned())
        .spawn(move || {
            // On this thread, so a server that does not answer cannot delay the start. Not fatal:
            // the server may come up later, and every email waits in the outbox.
            if let Err(problem) = scheduler.transport.check() {
                tracing::warn!(%problem, "the SMTP server cannot be reached now; mail waits in the outbox and is retried");
            }
            while !stopping.load(Ordering::Relaxed) {
                let started = Instant::now();
                match storage.pool.get() {
                    Ok(mut conn) => match scheduler.tick(&mut conn, clock.now()) {
                        Ok(report) if report.claimed > 0 || report.recomputed_cases.is_some() => {
                            tracing::info!(
                                sent = report.sent,
                                retrying = report.retrying,
                                failed = report.failed,
                                held_by_ndo = report.held_by_ndo,
                                recomputed = report.recomputed_cases,
                                "scheduler tick"
                            )
                        }
                        Ok(_) => {}
                        Err(error) => tracing::error!(%error, "scheduler tick failed"),
                    },
                    Err(error) => tracing::error!(%error, "the scheduler cannot reach the database"),
                }
                while started.elapsed() < every && !stopping.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100).min(every));
                }
            }
        })
        .expect("the scheduler thread starts");
    SchedulerLoop { stop, thread: Some(thread) }
}
