//! The IMAP source against a real Dovecot started per test: the client on its own, then lert
//! importing requests from the mailbox.

use std::time::{Duration, Instant};

use crate::dovecot::Dovecot;
use lert::intake::imap::{AfterImport, ImapCursor, ImapError, ImapSecurity, ImapSettings, ImapSink, poll};

/// Records what the source hands over; can be told to refuse one store call.
#[derive(Default)]
struct RecordingSink {
    stored: Vec<(u32, Vec<u8>)>,
    cursors: Vec<ImapCursor>,
    store_calls: usize,
    refuse_store_call: Option<usize>,
    delivered: Vec<Option<chrono::DateTime<chrono::Utc>>>,
}

impl RecordingSink {
    fn cursor(&self) -> Option<ImapCursor> {
        self.cursors.last().copied()
    }

    fn bodies(&self) -> Vec<Vec<u8>> {
        self.stored.iter().map(|(_, raw)| raw.clone()).collect()
    }
}

impl ImapSink for RecordingSink {
    fn store(
        &mut self,
        uid: u32,
        raw: &[u8],
        delivered_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(), String> {
        self.delivered.push(delivered_at);
        self.store_calls += 1;
        if self.refuse_store_call == Some(self.store_calls) {
            return Err("database is locked".to_owned());
        }
        self.stored.push((uid, raw.to_vec()));
        Ok(())
    }

    fn save_cursor(&mut self, cursor: ImapCursor) -> Result<(), String> {
        self.cursors.push(cursor);
        Ok(())
    }
}

fn settings(server: &Dovecot, after_import: AfterImport) -> ImapSettings {
    ImapSettings {
        host: server.host.clone(),
        port: server.port,
        security: ImapSecurity::Tls,
        username: server.user.clone(),
        password: server.password.clone(),
        mailbox: "INBOX".to_owned(),
        after_import,
        ca_file: Some(server.ca_file.clone()),
        timeout: Duration::from_secs(10),
    }
}

/// A CRLF message with 8-bit content, as a subpoena PDF notice might arrive.
fn message(n: usize) -> Vec<u8> {
    format!(
        "From: Officer Müller <officer{n}@police.example>\r\nTo: legal@service.example\r\n\
         Subject: Request {n}\r\nMessage-ID: <req-{n}@police.example>\r\n\
         Date: Mon, 2 Jun 2025 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\nPlease preserve account #{n} – Grüße.\r\n"
    )
    .into_bytes()
}

fn deliver(server: &Dovecot, numbers: std::ops::RangeInclusive<usize>) -> Vec<Vec<u8>> {
    numbers.map(message).inspect(|raw| server.deliver("INBOX", raw)).collect()
}

#[tokio::test]
async fn flag_mode_imports_exact_bytes_once_and_then_only_new_mail() {
    let Some(server) = Dovecot::start() else { return };
    let sent = deliver(&server, 1..=3);
    let settings = settings(&server, AfterImport::Flag);
    let mut sink = RecordingSink::default();

    let first = poll(&settings, None, &mut sink).await.expect("first poll");
    assert_eq!((first.fetched, first.stored, first.uid_validity_changed), (3, 3, true));
    let now = chrono::Utc::now();
    for delivered in &sink.delivered {
        let delivered = delivered.expect("the server's INTERNALDATE");
        assert!((now - delivered).num_seconds().abs() < 300, "delivered at {delivered}, now {now}");
    }
    assert_eq!(sink.bodies(), sent, "bytes differ from what was delivered");
    for flags in server.flags_of_all("INBOX") {
        assert!(
            flags.contains(&"\\Seen".to_owned()) && flags.contains(&"$LertImported".to_owned()),
            "{flags:?}"
        );
    }
    let cursor = sink.cursor().expect("cursor saved");
    assert_eq!(cursor.last_uid, 3);

    let second = poll(&settings, Some(cursor), &mut sink).await.expect("second poll");
    assert_eq!((second.fetched, second.uid_validity_changed), (0, false));

    let late = deliver(&server, 4..=4);
    let third = poll(&settings, sink.cursor(), &mut sink).await.expect("third poll");
    assert_eq!(third.stored, 1);
    assert_eq!(sink.stored.last().map(|(_, raw)| raw), late.first());
    assert_eq!(sink.cursor().map(|c| c.last_uid), Some(4));
}

#[tokio::test]
async fn flag_mode_skips_messages_already_marked_even_without_a_cursor() {
    let Some(server) = Dovecot::start() else { return };
    deliver(&server, 1..=2);
    let settings = settings(&server, AfterImport::Flag);
    poll(&settings, None, &mut RecordingSink::default()).await.expect("first poll");

    let forgetful = poll(&settings, None, &mut RecordingSink::default()).await.expect("poll without cursor");
    assert_eq!(forgetful.fetched, 0);
}

#[tokio::test]
async fn move_mode_moves_into_a_folder_it_creates() {
    let Some(server) = Dovecot::start() else { return };
    let sent = deliver(&server, 1..=3);
    let settings = settings(&server, AfterImport::Move { folder: "Imported".to_owned() });
    let mut sink = RecordingSink::default();

    let report = poll(&settings, None, &mut sink).await.expect("poll");
    assert_eq!(report.stored, 3);
    assert_eq!(sink.bodies(), sent);
    assert_eq!(server.count("INBOX"), 0);
    assert_eq!(server.count("Imported"), 3);

    deliver(&server, 4..=4);
    let again = poll(&settings, sink.cursor(), &mut sink).await.expect("poll with existing folder");
    assert_eq!(again.stored, 1);
    assert_eq!(server.count("Imported"), 4);
}

#[tokio::test]
async fn a_refused_message_stops_the_poll_and_is_retried_next_time() {
    let Some(server) = Dovecot::start() else { return };
    let sent = deliver(&server, 1..=3);
    let settings = settings(&server, AfterImport::Flag);
    let mut sink = RecordingSink { refuse_store_call: Some(2), ..RecordingSink::default() };

    let report = poll(&settings, None, &mut sink).await.expect("poll");
    assert_eq!(report.stored, 1);
    assert_eq!(report.failed, vec![(2, "database is locked".to_owned())]);
    assert_eq!(sink.cursor().map(|c| c.last_uid), Some(1));
    let flags = server.flags_of_all("INBOX");
    assert!(!flags[1].contains(&"$LertImported".to_owned()), "refused message was marked: {flags:?}");

    let retry = poll(&settings, sink.cursor(), &mut sink).await.expect("retry poll");
    assert_eq!((retry.stored, retry.failed.len()), (2, 0));
    assert_eq!(sink.bodies(), sent);
}

#[tokio::test]
async fn a_changed_uid_validity_fetches_everything_again() {
    let Some(server) = Dovecot::start() else { return };
    let sent = deliver(&server, 1..=3);
    let settings = settings(&server, AfterImport::Flag);
    let mut probe = RecordingSink { refuse_store_call: Some(1), ..RecordingSink::default() };
    poll(&settings, None, &mut probe).await.expect("probe poll");
    let uid_validity = probe.cursor().expect("cursor saved on first sight").uid_validity;
    // As if UIDs 1..=3 had been imported from an older mailbox of the same name.
    let stale = ImapCursor { uid_validity: uid_validity.wrapping_add(1), last_uid: 3 };
    let mut sink = RecordingSink::default();

    let report = poll(&settings, Some(stale), &mut sink).await.expect("poll");
    assert!(report.uid_validity_changed);
    assert_eq!(sink.bodies(), sent);
    assert_eq!(sink.cursor(), Some(ImapCursor { uid_validity, last_uid: 3 }));
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let mut settings = unreachable_settings(port);
    settings.timeout = Duration::from_millis(300);

    let error = poll(&settings, None, &mut RecordingSink::default()).await.expect_err("no answer");
    eprintln!("{error}");
    assert!(matches!(error, ImapError::Timeout { step: "negotiating TLS", .. }), "{error:?}");
    drop(listener);
}

#[tokio::test]
async fn starttls_imports_like_implicit_tls() {
    let Some(server) = Dovecot::start() else { return };
    let sent = deliver(&server, 1..=1);
    let mut settings = settings(&server, AfterImport::Flag);
    settings.security = ImapSecurity::Starttls;
    settings.port = server.starttls_port;
    let mut sink = RecordingSink::default();

    let report = poll(&settings, None, &mut sink).await.expect("poll over STARTTLS");
    assert_eq!(report.stored, 1);
    assert_eq!(sink.bodies(), sent);
}

#[tokio::test]
async fn a_wrong_password_names_the_server_but_not_the_password() {
    let Some(server) = Dovecot::start() else { return };
    let mut settings = settings(&server, AfterImport::Flag);
    settings.password = "hunter2-wrong".to_owned();

    let error = poll(&settings, None, &mut RecordingSink::default()).await.expect_err("login must fail");
    let text = error.to_string();
    eprintln!("{text}");
    assert!(matches!(error, ImapError::AuthenticationFailed { .. }), "{error:?}");
    assert!(text.contains(&format!("{}:{}", server.host, server.port)), "{text}");
    assert!(text.contains("authentication failed"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error() {
    let Some(server) = Dovecot::start() else { return };
    let mut settings = settings(&server, AfterImport::Flag);
    settings.ca_file = None;

    let error = poll(&settings, None, &mut RecordingSink::default()).await.expect_err("must not trust");
    eprintln!("{error}");
    assert!(matches!(error, ImapError::Tls { .. }), "{error:?}");
    assert!(error.to_string().contains("ca_file"), "{error}");
}

#[tokio::test]
async fn nothing_listening_is_a_quick_connection_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
    let settings = unreachable_settings(port);
    let started = Instant::now();

    let error = poll(&settings, None, &mut RecordingSink::default()).await.expect_err("nothing listens");
    eprintln!("{error}");
    assert!(matches!(error, ImapError::Connect { .. }), "{error:?}");
    assert!(error.to_string().contains(&format!("127.0.0.1:{port}")), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

fn unreachable_settings(port: u16) -> ImapSettings {
    ImapSettings {
        host: "127.0.0.1".to_owned(),
        port,
        security: ImapSecurity::Tls,
        username: "nobody".to_owned(),
        password: "secret".to_owned(),
        mailbox: "INBOX".to_owned(),
        after_import: AfterImport::Flag,
        ca_file: None,
        timeout: Duration::from_secs(10),
    }
}

#[tokio::test]
async fn a_missing_mailbox_is_named_in_the_error() {
    let Some(server) = Dovecot::start() else { return };
    let mut settings = settings(&server, AfterImport::Flag);
    settings.mailbox = "Subpoenas".to_owned();

    let error = poll(&settings, None, &mut RecordingSink::default()).await.expect_err("no such mailbox");
    eprintln!("{error}");
    assert!(matches!(error, ImapError::Mailbox { .. }), "{error:?}");
    assert!(error.to_string().contains("\"Subpoenas\""), "{error}");
}

/// Capabilities Dovecot 2.3 announces after login, less MOVE (and, for the oldest servers, UIDPLUS).
const WITHOUT_MOVE: &str =
    "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT UIDPLUS LIST-EXTENDED";
const WITHOUT_MOVE_OR_UIDPLUS: &str =
    "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT LIST-EXTENDED";

async fn assert_moves_without_the_move_command(capabilities: &str) {
    let Some(server) = Dovecot::start_with_imap_capability(capabilities) else { return };
    let sent = deliver(&server, 1..=2);
    let settings = settings(&server, AfterImport::Move { folder: "Imported".to_owned() });
    let mut sink = RecordingSink::default();

    let report = poll(&settings, None, &mut sink).await.expect("poll");
    assert_eq!(report.stored, 2);
    assert_eq!(sink.bodies(), sent);
    assert_eq!((server.count("INBOX"), server.count("Imported")), (0, 2));
}

#[tokio::test]
async fn move_mode_falls_back_to_copy_and_uid_expunge() {
    assert_moves_without_the_move_command(WITHOUT_MOVE).await;
}

#[tokio::test]
async fn move_mode_falls_back_to_copy_and_expunge() {
    assert_moves_without_the_move_command(WITHOUT_MOVE_OR_UIDPLUS).await;
}

/// `lert serve` with an IMAP mailbox configured: its intake thread files what arrives.
#[tokio::test]
async fn lert_serve_files_requests_arriving_in_the_imap_mailbox_exactly_once() {
    let Some(server) = Dovecot::start() else { return };
    let imap = lert::config::intake::ImapSetting {
        host: server.host.clone(),
        port: server.port,
        security: "tls".into(),
        username: server.user.clone(),
        password: lert::config::Secret::new(server.password.clone()),
        mailbox: "INBOX".into(),
        after_import: "flag".into(),
        move_to: "lert-imported".into(),
        ca_file: Some(server.ca_file.clone()),
        timeout_seconds: 10,
    };
    let app = crate::helpers::spawn_with(crate::helpers::Backend::Sqlite, |settings| {
        crate::intake::trust_fixture_mta(settings);
        settings.intake.poll_seconds = 1;
        settings.intake.imap = Some(imap);
    })
    .await;
    // lert's clock runs ahead of the server's, so the receipt time shows which one was used.
    // The mail arrives only once it does: the intake thread polls from the moment lert starts.
    app.set_today("2030-06-03");
    server.deliver("INBOX", &crate::intake::fixture("02-2703d-order.eml"));
    server.deliver("INBOX", &crate::intake::fixture("08-ndo-reply.eml"));
    server.deliver("INBOX", &crate::intake::fixture("19-undecodable.bin"));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let filed = loop {
        let filed: serde_json::Value =
            app.get("/api/v1/intake/messages?status=filed", &app.admin_token).await.json().await.unwrap();
        let triage: serde_json::Value =
            app.get("/api/v1/intake/messages", &app.admin_token).await.json().await.unwrap();
        if filed.as_array().unwrap().len() == 2 && triage.as_array().unwrap().len() == 1 {
            break filed;
        }
        assert!(std::time::Instant::now() < deadline, "not imported in time: {filed}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    for message in filed.as_array().unwrap() {
        let received: chrono::DateTime<chrono::Utc> =
            message["received_at"].as_str().unwrap().parse().unwrap();
        let delay = chrono::Utc::now() - received;
        assert!(
            delay.num_seconds().abs() < 300,
            "received when the server received it, not lert's now: {received}"
        );
    }
    let cases: Vec<&serde_json::Value> = filed.as_array().unwrap().iter().map(|m| &m["case"]).collect();
    assert_eq!(cases[0], cases[1], "the NDO reply joined the order's case");
    for flags in server.flags_of_all("INBOX") {
        assert!(flags.contains(&"$LertImported".to_owned()), "{flags:?}");
    }
    // Later polls fetch nothing again: still three messages stored.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let counts = app.row_counts();
    assert_eq!(counts.iter().find(|(t, _)| t == "inbound_messages").unwrap().1, 3);
}
