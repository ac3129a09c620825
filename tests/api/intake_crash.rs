//! Crash safety of intake: the Maildir importer is killed (SIGKILL) at random points while it
//! imports 500 messages, and restarted until the Maildir is empty. Afterwards every message is
//! stored exactly once, filed exactly once, and the audit chain is intact.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use rand::{Rng, SeedableRng};

use crate::intake::fixture;
use crate::intake_cli::{count, maildir};

const MESSAGES: usize = 500;
const FIXTURES: [&str; 12] = [
    "01-grand-jury-subpoena.eml",
    "02-2703d-order.eml",
    "03-search-warrant.eml",
    "04-preservation-request.eml",
    "06-emergency-request.eml",
    "07-foreign-police-request.eml",
    "09-lookalike-domain.eml",
    "11-html-only.eml",
    "12-base64-body.eml",
    "14-iso-8859-1-headers.eml",
    "18-not-a-request.eml",
    "19-undecodable.bin",
];

/// Message `n`: a corpus message with a Message-ID of its own (and so different bytes).
fn message(n: usize) -> Vec<u8> {
    let raw = fixture(FIXTURES[n % FIXTURES.len()]);
    let header_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0);
    let lower = raw[..header_end].to_ascii_lowercase();
    let unique = format!("Message-ID: <crash-{n}@lert.test>");
    match lower.windows(13).position(|w| w == b"\nmessage-id: ") {
        Some(at) => {
            let end = at + 1 + raw[at + 1..].iter().position(|&b| b == b'\r').unwrap();
            [&raw[..at + 1], unique.as_bytes(), &raw[end..]].concat()
        }
        // Not a mail (the binary garbage): make it unique all the same.
        None => [raw.as_slice(), format!("\n{unique}").as_bytes()].concat(),
    }
}

fn lert(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lert"));
    command
        .current_dir(dir)
        .env_remove("LERT_DATABASE_URL")
        .env("LERT_DATA_DIR", dir.join("data"))
        .env("LERT_LOG_LEVEL", "error")
        .env("LERT_INTAKE__POLL_SECONDS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn killing_the_maildir_importer_at_random_points_loses_and_duplicates_nothing() {
    let seed: u64 = std::env::var("LERT_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261126);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let mail = maildir(dir.path());
    let mut digests = Vec::new();
    for n in 0..MESSAGES {
        let raw = message(n);
        digests.push(lert::storage::blobs::sha256_hex(&raw));
        std::fs::write(mail.join("new").join(format!("{:010}.M{n}P1.mx", 1_790_000_000 + n)), raw).unwrap();
    }
    let mut kills = 0;
    let started = Instant::now();
    while count(&mail.join("new")) > 0 && started.elapsed() < Duration::from_secs(600) {
        let mut child = lert(dir.path()).args(["intake", "maildir"]).arg(&mail).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(20..400)));
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
    }
    let finish = lert(dir.path()).args(["intake", "maildir"]).arg(&mail).arg("--once").status().unwrap();
    assert!(finish.success());
    eprintln!("seed {seed}: {kills} kills while importing {MESSAGES} messages");
    assert!(kills >= 10, "the importer was killed only {kills} times; the test proves little");
    assert_eq!((count(&mail.join("new")), count(&mail.join("cur"))), (0, MESSAGES));

    let settings = lert::config::Settings { data_dir: dir.path().join("data"), ..Default::default() };
    let storage = lert::app::Storage::open(&settings).unwrap();
    let mut conn = storage.pool.get().unwrap();
    use lert::storage::schema::{audit_events, documents, inbound_messages};
    let stored: Vec<(String, String)> = inbound_messages::table
        .select((inbound_messages::sha256, inbound_messages::status))
        .load(&mut conn)
        .unwrap();
    assert_eq!(stored.len(), MESSAGES, "every message stored once");
    let mut stored_digests: Vec<&String> = stored.iter().map(|(sha, _)| sha).collect();
    stored_digests.sort();
    let mut expected: Vec<&String> = digests.iter().collect();
    expected.sort();
    assert_eq!(stored_digests, expected);
    assert!(stored.iter().all(|(_, status)| status != "stored"), "every message filed or in triage");
    let filed_events: i64 = audit_events::table
        .filter(audit_events::action.eq_any(["intake.filed", "intake.triaged", "intake.duplicate"]))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(filed_events, MESSAGES as i64, "each message filed exactly once");
    let attachments: Vec<(Option<String>, String)> =
        documents::table.select((documents::inbound_message_id, documents::sha256)).load(&mut conn).unwrap();
    let mut unique = attachments.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), attachments.len(), "no attachment stored twice for one message");
    let verify = lert(dir.path()).args(["audit", "verify"]).status().unwrap();
    assert!(verify.success(), "the audit chain is intact");
}
