//! `lert intake eml` as an MTA pipes into it, and `lert intake maildir`: exit codes an MTA
//! understands, and messages moved to `cur/` only once stored.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::intake::fixture;

fn lert(data: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lert"));
    command
        .current_dir(data)
        .env_remove("LERT_DATABASE_URL")
        .env("LERT_DATA_DIR", data.join("data"))
        .env("LERT_LOG_LEVEL", "warn");
    command
}

fn pipe(mut command: Command, input: &[u8]) -> std::process::Output {
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_mta_pipe_stores_files_and_reports_json_and_a_second_delivery_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = lert(dir.path());
    command.args(["intake", "eml", "-", "--received-at", "2026-11-20T15:04:05Z"]);
    let output = pipe(command, &fixture("04-preservation-request.eml"));
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let outcome: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(outcome["status"], "filed");
    assert_eq!(outcome["case"], "LE-2026-0001");
    let mut again = lert(dir.path());
    again.args(["intake", "eml", "-"]);
    let output = pipe(again, &fixture("04-preservation-request.eml"));
    let outcome: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (outcome["already_imported"].as_bool(), outcome["case"].as_str()),
        (Some(true), Some("LE-2026-0001"))
    );
}

#[test]
fn an_empty_message_is_refused_with_exit_2_and_a_dead_database_asks_the_mta_to_retry() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = lert(dir.path());
    command.args(["intake", "eml", "-"]);
    let output = pipe(command, b"");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);

    let mut command = lert(dir.path());
    command.args(["intake", "eml", "-"]).env("LERT_DATABASE_URL", "postgres://lert@127.0.0.1:1/lert");
    let output = pipe(command, &fixture("04-preservation-request.eml"));
    assert_eq!(output.status.code(), Some(75), "EX_TEMPFAIL: {}", String::from_utf8_lossy(&output.stderr));
}

/// A Maildir with `new/`, `cur/` and `tmp/`.
pub fn maildir(root: &std::path::Path) -> std::path::PathBuf {
    let dir = root.join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    dir
}

pub fn count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

#[test]
fn a_maildir_pass_imports_new_messages_and_moves_them_to_cur() {
    let dir = tempfile::tempdir().unwrap();
    let mail = maildir(dir.path());
    for (n, name) in
        ["03-search-warrant.eml", "06-emergency-request.eml", "19-undecodable.bin"].iter().enumerate()
    {
        std::fs::write(mail.join("new").join(format!("17000000{n}.M1P1.mx")), fixture(name)).unwrap();
    }
    let output = lert(dir.path()).args(["intake", "maildir"]).arg(&mail).arg("--once").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (report["imported"].as_u64(), report["filed"].as_u64(), report["triage"].as_u64()),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!((count(&mail.join("new")), count(&mail.join("cur"))), (0, 3));
    let not_a_maildir =
        lert(dir.path()).args(["intake", "maildir", "/nonexistent", "--once"]).output().unwrap();
    assert_eq!(not_a_maildir.status.code(), Some(2));
}
