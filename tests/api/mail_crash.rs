//! Crash safety of sending: `lert tick` processes are killed (SIGKILL) at random points while a
//! sink accepts some messages and refuses others; afterwards every email was delivered. And two
//! `lert tick` processes at once on PostgreSQL send every email exactly once.
//!
//! SMTP cannot be made exactly-once (RFC 1047): once the client has sent the end of the data, the
//! server stores the message whether or not the client lives to read the 250, and a kill between
//! that moment and lert's commit leaves the server with the message and lert not knowing. The
//! lease expires and the email is sent again, with the same Message-ID. lert sends one message at
//! a time, so each killed process can leave at most one such message: the test counts duplicates
//! and checks there are no more than kills.

use std::collections::HashMap;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use rand::{Rng, SeedableRng};

use crate::helpers::{PostgresDatabase, connect, test_now};
use crate::smtp_sink::{SinkOptions, SmtpSink};
use lert::domain::outbox::{OutboxKind, OutboxStatus};
use lert::mail::Outgoing;
use lert::mail::templates::Rendered;
use lert::storage::DbConnection;
use lert::workflows::outbox::{Email, new_row};

/// Queues `count` acknowledgements, due at `now`, straight into the outbox.
fn seed(conn: &mut DbConnection, count: usize, now: DateTime<Utc>) -> Vec<String> {
    let outgoing = Outgoing::default();
    let rows: Vec<_> = (0..count)
        .map(|n| {
            let email = Email {
                kind: OutboxKind::AgencyAck,
                case_id: None,
                target_id: None,
                dedupe_key: format!("crash-test:{n}"),
                recipient: Some(format!("agent{n}@agency.example")),
                in_reply_to: None,
                status: OutboxStatus::Scheduled,
                scheduled_for: Some(now),
                rendered: Rendered {
                    subject: format!("Acknowledgement {n}"),
                    text: format!("Message {n}\n"),
                    html: format!("<p>Message {n}</p>"),
                },
            };
            new_row(now, &outgoing, email)
        })
        .collect();
    lert::storage::outbox::insert_many(conn, &rows).unwrap();
    rows.into_iter().map(|(row, _)| row.message_id).collect()
}

fn lert(data: &std::path::Path, database_url: Option<&str>, sink: &SmtpSink) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lert"));
    command
        .current_dir(data)
        .env("LERT_DATA_DIR", data.join("data"))
        .env("LERT_LOG_LEVEL", "error")
        .env("LERT_MAIL__TRANSPORT", "smtp")
        .env("LERT_MAIL__SMTP_URL", sink.url())
        .env("LERT_MAIL__SMTP_TIMEOUT_SECONDS", "5")
        .env("LERT_MAIL__LEASE_SECONDS", "60")
        .env("LERT_MAIL__MAX_ATTEMPTS", "50")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match database_url {
        Some(url) => command.env("LERT_DATABASE_URL", url),
        None => command.env_remove("LERT_DATABASE_URL"),
    };
    command
}

fn tick(command: &mut Command, now: DateTime<Utc>) -> Output {
    let output = command.args(["tick", "--now", &now.to_rfc3339()]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

fn statuses(conn: &mut DbConnection) -> HashMap<String, i64> {
    use diesel::prelude::*;
    use lert::storage::schema::outbox;
    outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)
        .unwrap()
        .into_iter()
        .collect()
}

/// Deliveries per Message-ID.
fn deliveries(sink: &SmtpSink) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for mail in sink.received() {
        *seen.entry(mail.message_id.expect("every email has a Message-ID")).or_default() += 1;
    }
    seen
}

#[test]
fn killing_tick_at_random_points_loses_no_email() {
    const EMAILS: usize = 150;
    let Some(sink) = SmtpSink::start_with(SinkOptions { refuse_rate: 0.2, seed: 5, auth: None }) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let migrate = lert(dir.path(), None, &sink).arg("migrate").output().unwrap();
    assert!(migrate.status.success(), "{}", String::from_utf8_lossy(&migrate.stderr));
    let db = format!("sqlite://{}", dir.path().join("data/lert.db").display());
    let mut conn = connect(&db);
    let message_ids = seed(&mut conn, EMAILS, test_now());

    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let mut now = test_now();
    let mut kills = 0;
    for _ in 0..40 {
        // Past the lease (60 s) and the first backoffs, so killed and refused rows are due again.
        now += TimeDelta::minutes(2);
        let mut child =
            lert(dir.path(), None, &sink).args(["tick", "--now", &now.to_rfc3339()]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(20..400)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
    }
    // Then uninterrupted ticks, an hour apart, until nothing is left to send.
    let deadline = Instant::now() + Duration::from_secs(120);
    while statuses(&mut conn).get("sent").copied().unwrap_or(0) < EMAILS as i64 && Instant::now() < deadline {
        now += TimeDelta::hours(1);
        tick(&mut lert(dir.path(), None, &sink), now);
    }

    assert_eq!(statuses(&mut conn), HashMap::from([("sent".to_owned(), EMAILS as i64)]));
    let delivered = deliveries(&sink);
    for id in &message_ids {
        assert!(delivered.contains_key(id), "{id} was never delivered");
    }
    assert_eq!(delivered.len(), EMAILS, "nothing but the seeded email was sent");
    let duplicates: usize = delivered.values().map(|n| n - 1).sum();
    eprintln!(
        "mail crash test: {kills} kills, {} refusals, {EMAILS} emails, {duplicates} duplicate deliveries",
        sink.refused_count()
    );
    assert!(duplicates <= kills, "a duplicate needs a kill between the server's 250 and the commit");
}

#[test]
fn two_ticks_at_once_on_postgres_send_every_email_once() {
    if std::env::var("LERT_TEST_POSTGRES_URL").is_err() {
        eprintln!("skipped: LERT_TEST_POSTGRES_URL is not set");
        return;
    }
    const EMAILS: usize = 300;
    let Some(sink) = SmtpSink::start() else { return };
    let database = PostgresDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    let migrate = lert(dir.path(), Some(&database.url), &sink).arg("migrate").output().unwrap();
    assert!(migrate.status.success(), "{}", String::from_utf8_lossy(&migrate.stderr));
    let mut conn = connect(&database.url);
    seed(&mut conn, EMAILS, test_now());

    let now = test_now() + TimeDelta::minutes(1);
    let spawn = || {
        lert(dir.path(), Some(&database.url), &sink)
            .args(["tick", "--now", &now.to_rfc3339()])
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let reports: Vec<serde_json::Value> = [first, second]
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            serde_json::from_slice(&output.stdout).unwrap()
        })
        .collect();
    let sent: i64 = reports.iter().map(|r| r["sent"].as_i64().unwrap()).sum();
    eprintln!("two ticks on PostgreSQL: {} and {} sent", reports[0]["sent"], reports[1]["sent"]);
    assert_eq!(sent, EMAILS as i64, "{reports:?}");
    assert_eq!(statuses(&mut conn), HashMap::from([("sent".to_owned(), EMAILS as i64)]));
    let delivered = deliveries(&sink);
    assert_eq!(delivered.len(), EMAILS);
    assert!(delivered.values().all(|&n| n == 1), "an email was sent twice");
}
