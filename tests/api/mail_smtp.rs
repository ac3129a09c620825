//! Outbound mail against a real SMTP server (the aiosmtpd sink): what arrives and with which
//! headers, retries with backoff when the server refuses, and failures that stay visible.

use std::time::Duration;

use chrono::{DateTime, TimeDelta};
use mail_parser::MessageParser;
use serde_json::json;

use crate::helpers::{Backend, TestApp, spawn_with, subpoena_case, test_now};
use crate::smtp_sink::{SinkOptions, SmtpSink};

async fn smtp_app(url: String, configure: impl FnOnce(&mut lert::config::Settings)) -> TestApp {
    spawn_with(Backend::Sqlite, move |settings| {
        settings.mail.transport = "smtp".into();
        settings.mail.smtp_url = lert::config::Secret::new(url);
        settings.mail.smtp_timeout_seconds = 5;
        settings.mail.from = "ISRG Legal <legal@isrg.example>".into();
        settings.mail.reply_to = "law-enforcement@isrg.example".into();
        settings.mail.organisation = "Internet Security Research Group".into();
        settings.mail.alert_recipients = vec!["counsel@isrg.example".into()];
        configure(settings);
    })
    .await
}

#[tokio::test]
async fn an_acknowledgement_arrives_with_its_headers_and_both_parts() {
    let Some(sink) = SmtpSink::start() else { return };
    let app = smtp_app(sink.url(), |_| {}).await;
    let opened = app.create_case(&subpoena_case()).await;
    let reference = opened["reference"].as_str().unwrap();
    let report = app.tick_at(test_now());
    assert_eq!(report.sent, 1, "{report:?}");
    let received = sink.wait_for(1, Duration::from_secs(5));
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    let row = app.outbox().into_iter().find(|r| r.kind == "agency_ack").unwrap();
    assert_eq!(mail.rcpt_tos, ["dwhitfield@fbi.gov"]);
    assert!(mail.file.exists());
    assert_eq!(mail.mail_from, "legal@isrg.example");
    assert_eq!(
        mail.message_id.as_deref(),
        Some(row.message_id.as_str()),
        "the outbox's Message-ID is the one sent"
    );

    let parsed = MessageParser::default().parse(&mail.raw).unwrap();
    assert_eq!(parsed.from().unwrap().first().unwrap().name(), Some("ISRG Legal"));
    assert_eq!(parsed.reply_to().unwrap().first().unwrap().address(), Some("law-enforcement@isrg.example"));
    assert!(parsed.subject().unwrap().contains(reference), "{:?}", parsed.subject());
    let sent_at = DateTime::from_timestamp(parsed.date().unwrap().to_timestamp(), 0).unwrap();
    assert_eq!(sent_at, test_now(), "dated by lert's clock");
    let text = parsed.body_text(0).unwrap();
    assert!(text.contains(reference) && text.contains("Internet Security Research Group"), "{text}");
    let html = parsed.body_html(0).unwrap();
    assert!(html.contains(reference) && html.contains("<!DOCTYPE html>"), "{html}");
    let raw = String::from_utf8_lossy(&mail.raw).to_lowercase();
    assert!(raw.contains("content-type: multipart/alternative"), "{raw}");
    // Sent once: another tick finds nothing due.
    assert_eq!(app.tick_at(test_now() + TimeDelta::hours(1)).claimed, 0);
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn a_refusing_server_is_retried_with_backoff_then_the_email_fails_visibly_and_is_retryable() {
    let Some(refusing) = SmtpSink::start_with(SinkOptions { refuse_rate: 1.0, ..SinkOptions::default() })
    else {
        return;
    };
    let app = smtp_app(refusing.url(), |settings| settings.mail.max_attempts = 3).await;
    app.create_case(&subpoena_case()).await;
    let mut now = test_now();
    let first = app.tick_at(now);
    assert_eq!((first.claimed, first.retrying, first.sent), (1, 1, 0), "{first:?}");
    let ack = || app.outbox().into_iter().find(|r| r.kind == "agency_ack").unwrap();
    assert_eq!(ack().status, "scheduled");
    assert!(ack().last_error.unwrap().contains("451"), "{:?}", ack().last_error);
    assert_eq!(
        ack().scheduled_for.unwrap().and_utc(),
        now + TimeDelta::minutes(1),
        "the first retry waits a minute"
    );
    // Not due again before its backoff has passed.
    assert_eq!(app.tick_at(now + TimeDelta::seconds(30)).claimed, 0);
    now += TimeDelta::minutes(1);
    assert_eq!(app.tick_at(now).retrying, 1);
    assert_eq!(ack().scheduled_for.unwrap().and_utc(), now + TimeDelta::minutes(5));
    now += TimeDelta::minutes(5);
    let last = app.tick_at(now);
    assert_eq!(last.failed, 1, "{last:?}");
    let failed = ack();
    assert_eq!((failed.status.as_str(), failed.attempts), ("failed", 3));
    assert!(refusing.refused_count() >= 3, "every attempt reached the server");
    // The legal team is told (by mail that itself may fail, and then stays failed quietly).
    let alerts: Vec<_> = app.outbox().into_iter().filter(|r| r.kind == "alert_mail_failed").collect();
    assert_eq!(alerts.len(), 1);
    let alert_text = lert::storage::outbox::content(&mut app.conn(), &alerts[0].id).unwrap().body_text;
    assert!(alert_text.contains(&failed.id) && !alert_text.contains("dwhitfield"), "{alert_text}");
    let listed: Vec<serde_json::Value> =
        app.get("/api/v1/outbox?status=failed", &app.admin_token).await.json().await.unwrap();
    assert!(listed.iter().any(|r| r["id"] == failed.id.as_str()), "failed mail stays visible");

    // Once the server is fixed, counsel retries and it goes out.
    let Some(working) = SmtpSink::start() else { return };
    let retried = app.post_ok(&format!("/api/v1/outbox/{}/retry", failed.id), &json!({}), 200).await;
    assert_eq!((retried["status"].as_str(), retried["attempts"].as_i64()), (Some("scheduled"), Some(0)));
    let mut settings = app.settings.clone();
    settings.mail.smtp_url = lert::config::Secret::new(working.url());
    let transport =
        lert::mail::transport::MailTransport::from_settings(&settings.mail, &settings.data_dir).unwrap();
    let scheduler =
        lert::scheduler::Scheduler::new(std::sync::Arc::new(settings.clocks_in_force().unwrap()), transport);
    let report = scheduler.tick(&mut app.conn(), now + TimeDelta::minutes(1)).unwrap();
    assert!(report.sent >= 1, "{report:?}");
    assert_eq!(ack().status, "sent");
    assert!(working.received().iter().any(|m| m.rcpt_tos == ["dwhitfield@fbi.gov"]));
}

#[tokio::test]
async fn bad_credentials_fail_at_once_and_an_unreachable_server_keeps_retrying() {
    let auth = Some(("lert".to_owned(), "right password".to_owned()));
    let Some(sink) = SmtpSink::start_with(SinkOptions { auth, ..SinkOptions::default() }) else { return };
    let app = smtp_app(sink.url(), |settings| {
        settings.mail.smtp_username = "lert".into();
        settings.mail.smtp_password = lert::config::Secret::new("wrong password");
    })
    .await;
    app.create_case(&subpoena_case()).await;
    let report = app.tick_at(test_now());
    // A refused login is permanent: the acknowledgement fails at once, and so does the alert
    // about it, which raises no alert of its own.
    assert_eq!(report.failed, 2, "{report:?}");
    assert_eq!(app.outbox().len(), 2);
    let ack = app.outbox().into_iter().find(|r| r.kind == "agency_ack").unwrap();
    assert_eq!(ack.status, "failed");
    assert!(ack.last_error.as_deref().unwrap().contains("535"), "{:?}", ack.last_error);
    assert!(sink.received().is_empty());

    // Nothing listens on the port: a transient failure, retried, never lost.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = smtp_app(format!("smtp://127.0.0.1:{closed}"), |_| {}).await;
    app.create_case(&subpoena_case()).await;
    let report = app.tick_at(test_now());
    assert_eq!((report.retrying, report.failed), (1, 0), "{report:?}");
    let ack = app.outbox().into_iter().find(|r| r.kind == "agency_ack").unwrap();
    assert_eq!(ack.status, "scheduled");
    assert!(ack.last_error.is_some());
}

#[test]
fn malformed_mail_settings_stop_lert_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (vec![("LERT_MAIL__TRANSPORT", "smtp"), ("LERT_MAIL__SMTP_URL", "smtp//no-scheme")], "mail.smtp_url"),
        (
            vec![("LERT_MAIL__TRANSPORT", "smtp"), ("LERT_MAIL__SMTP_URL", "smtp://mail.example.org")],
            "in clear",
        ),
        (vec![("LERT_MAIL__TRANSPORT", "smtp")], "mail.smtp_url is required"),
        (vec![("LERT_MAIL__TRANSPORT", "carrier-pigeon")], "mail.transport"),
        (vec![("LERT_MAIL__FROM", "not an address")], "mail.from"),
    ];
    for (env, expected) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_lert"))
            .arg("tick")
            .current_dir(dir.path())
            .env_remove("LERT_DATABASE_URL")
            .env("LERT_DATA_DIR", dir.path().join("data"))
            .envs(env.clone())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{env:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{env:?}: {stderr}");
    }
}

#[tokio::test]
async fn serve_runs_the_scheduler_on_its_interval() {
    let Some(sink) = SmtpSink::start() else { return };
    let app = smtp_app(sink.url(), |settings| settings.mail.tick_seconds = 1).await;
    app.create_case(&subpoena_case()).await;
    // No tick from the test: the application's own scheduler thread sends the acknowledgement.
    let received = sink.wait_for(1, Duration::from_secs(20));
    assert_eq!(received.len(), 1, "the running server sent the acknowledgement");
    assert_eq!(received[0].rcpt_tos, ["dwhitfield@fbi.gov"]);
}
