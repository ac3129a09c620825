//! The scheduler: `Scheduler::tick` does all work that is due at an instant, idempotently, and
//! reports what it did. `lert serve` calls it on an interval; `lert tick [--now T]` calls it once.
//!
//! A tick: queues overdue alerts, NDO heads-ups and the daily digest, claims and sends due email,
//! and once per local day recomputes every case's clocks (dates that depend on today). Every
//! enqueue is idempotent by dedupe key and every claim is leased, so ticks may overlap, repeat,
//! or die half-way, on one instance or several, without losing or doubling an email.

mod alerts;
mod digest;
pub mod marks;
pub mod runner;
mod send;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::mail::transport::MailTransport;
use crate::storage::{DbConnection, write_tx};
use crate::workflows::clocks::{Clocks, recompute_all};
use crate::workflows::{Actor, WorkflowError};

/// Emails handled per tick at most, so one tick cannot run unbounded; the rest wait for the next.
const MAX_SENDS_PER_TICK: usize = 5_000;

/// What one tick did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct TickReport {
    pub now: DateTime<Utc>,
    /// Cases recomputed by the once-a-day pass, when this tick ran it.
    pub recomputed_cases: Option<u64>,
    pub queued_digests: usize,
    pub queued_overdue_alerts: usize,
    pub queued_ndo_headsups: usize,
    /// Rows claimed for sending (including ones reclaimed after a lease expired).
    pub claimed: usize,
    /// Claimed rows another instance had leased and not finished (it died or stalled).
    pub reclaimed: usize,
    pub sent: usize,
    /// Failed attempts that will be retried after a backoff.
    pub retrying: usize,
    /// Rows given up on (marked failed; the legal team alerted).
    pub failed: usize,
    /// Subscriber notices found blocked by an NDO when claimed, and re-planned instead.
    pub held_by_ndo: usize,
    /// Sends whose result could not be recorded because the lease had passed to another instance.
    pub lease_lost: usize,
    /// One line per failed attempt: outbox id, kind, attempt (never an address).
    pub errors: Vec<String>,
}

/// The scheduler of one lert instance.
pub struct Scheduler {
    pub clocks: Arc<Clocks>,
    pub transport: MailTransport,
    /// Names this instance in leases: host, process and a random part.
    pub owner: String,
}

impl Scheduler {
    pub fn new(clocks: Arc<Clocks>, transport: MailTransport) -> Scheduler {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "lert".to_owned());
        let owner = format!("{host}:{}:{}", std::process::id(), crate::workflows::new_id());
        Scheduler { clocks, transport, owner }
    }

    fn lease_seconds(&self) -> i64 {
        i64::try_from(self.clocks.mail.settings.lease_seconds).unwrap_or(300)
    }

    fn max_attempts(&self) -> i32 {
        i32::try_from(self.clocks.mail.settings.max_attempts).unwrap_or(8)
    }

    /// Does everything due at `now`.
    pub fn tick(&self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<TickReport, WorkflowError> {
        let mut report = TickReport { now, ..TickReport::default() };
        let today = self.clocks.date_of(now);
        report.queued_overdue_alerts = write_tx(conn, |conn| alerts::queue_overdue(conn, now, &self.clocks))?;
        report.queued_ndo_headsups =
            write_tx(conn, |conn| alerts::queue_ndo_headsups(conn, now, &self.clocks))?;
        report.queued_digests = write_tx(conn, |conn| digest::queue_digest(conn, now, &self.clocks))?;
        send::send_due(self, conn, now, MAX_SENDS_PER_TICK, &mut report)?;
        // Last, so a long recompute of a large database never holds back mail that is due. The
        // mark is claimed first, so of several instances one recomputes; if it dies half-way,
        // the rest waits for tomorrow (every change recomputes its own case meanwhile).
        if marks::date(conn, marks::RECOMPUTED_ON)?.is_none_or(|done| done < today)
            && write_tx(conn, |conn| marks::claim_date(conn, now, marks::RECOMPUTED_ON, today))?
        {
            let lert = Actor::system("scheduler");
            let all = recompute_all(conn, now, &self.clocks, &lert)?;
            report.recomputed_cases = Some(all.cases);
        }
        Ok(report)
    }
}
