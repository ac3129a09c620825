//! Scheduler tick cost: one tick over an outbox of `total` scheduled emails of which `due` are
//! due, on SQLite, sending through the stub transport (what is measured is lert's work: the claim
//! queries, leases, building each MIME message and recording it sent). The figures for several
//! totals and due counts show that a tick's time follows the due rows, not the table.
//! `cargo bench --bench tick`; docs/PERFORMANCE.md.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use lert::app::Storage;
use lert::config::Settings;
use lert::domain::outbox::{OutboxKind, OutboxStatus};
use lert::mail::templates::Rendered;
use lert::mail::transport::MailTransport;
use lert::scheduler::Scheduler;
use lert::scheduler::marks;
use lert::storage::DbConnection;
use lert::workflows::outbox::{Email, new_row};

fn seed(conn: &mut DbConnection, settings: &Settings, now: DateTime<Utc>, total: usize, due: usize) {
    let outgoing = lert::mail::Outgoing::new(&settings.mail).unwrap();
    let text = "Thank you for your request. Our reference is LE-2026-0042.\n".repeat(20);
    let html = format!("<!DOCTYPE html><html><body><p>{}</p></body></html>", text.replace('\n', "<br>"));
    let rows: Vec<_> = (0..total)
        .map(|n| {
            // The due ones are a minute late; the rest spread over the next year.
            let at = if n < due {
                now - TimeDelta::minutes(1)
            } else {
                now + TimeDelta::minutes(1 + (n as i64 % 525_600))
            };
            let email = Email {
                kind: OutboxKind::AgencyAck,
                case_id: None,
                target_id: None,
                dedupe_key: format!("bench:{n}"),
                recipient: Some(format!("agent{n}@agency.example")),
                in_reply_to: None,
                status: OutboxStatus::Scheduled,
                scheduled_for: Some(at),
                rendered: Rendered {
                    subject: format!("Acknowledgement {n} [LE-2026-0042]"),
                    text: text.clone(),
                    html: html.clone(),
                },
            };
            new_row(now, &outgoing, email)
        })
        .collect();
    for chunk in rows.chunks(10_000) {
        lert::storage::write_tx(conn, |conn| lert::storage::outbox::insert_many(conn, chunk)).unwrap();
    }
    // Today's daily work is done, as it would be on a running system: the tick measured is the
    // one that runs every minute.
    let today = now.date_naive();
    for mark in
        [marks::RECOMPUTED_ON, marks::DIGEST_SENT_ON, marks::OVERDUE_SCANNED_ON, marks::HEADSUPS_SCANNED_ON]
    {
        marks::set_date(conn, now, mark, today).unwrap();
    }
}

fn run(total: usize, due: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings { data_dir: dir.path().join("data"), ..Settings::default() };
    settings.mail.transport = "stub".into();
    let storage = Storage::open(&settings).unwrap();
    let mut conn = storage.pool.get().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
    let started = Instant::now();
    seed(&mut conn, &settings, now, total, due);
    let seeded = started.elapsed();
    let transport = MailTransport::from_settings(&settings.mail, &settings.data_dir).unwrap();
    let scheduler = Scheduler::new(Arc::new(settings.clocks_in_force().unwrap()), transport);
    let started = Instant::now();
    let report = scheduler.tick(&mut conn, now).unwrap();
    let elapsed = started.elapsed();
    assert_eq!(report.sent, due, "{report:?}");
    // A second tick with nothing due: the cost of the every-minute tick on a quiet system.
    let started = Instant::now();
    let idle = scheduler.tick(&mut conn, now + TimeDelta::seconds(30)).unwrap();
    let idle_elapsed = started.elapsed();
    assert_eq!(idle.claimed, 0);
    println!(
        "total {total:>7}  due {due:>5}  tick {:>7.1} ms  ({:>5.0} µs per email)  idle tick {:>5.2} ms  (seeding {:.1} s)",
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e6 / due.max(1) as f64,
        idle_elapsed.as_secs_f64() * 1e3,
        seeded.as_secs_f64()
    );
}

fn main() {
    println!("SQLite, stub transport, {} cores", std::thread::available_parallelism().map_or(1, |n| n.get()));
    for (total, due) in [(10_000, 1_000), (100_000, 100), (100_000, 1_000), (100_000, 3_000)] {
        run(total, due);
    }
}
