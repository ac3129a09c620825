//! A throwaway SMTP server per test, so outbound mail is tested against a real SMTP conversation
//! (EHLO, AUTH, 4xx refusals, dot-stuffing) instead of a mock that agrees with our own bugs.
//!
//! The server is `tests/tools/smtp_sink.py` (Python's aiosmtpd). Each instance listens on a free
//! loopback port and keeps everything in its own temporary directory: every accepted message is
//! written there, fsynced and logged before the client sees 250, so a test reads what arrived
//! straight from disk with no race against the server. Optionally it refuses a seeded share of
//! messages with 451 (to test retries) or demands AUTH (to test credentials).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/smtp_sink.py");
const STARTUP_DEADLINE: Duration = Duration::from_secs(15);
const POLL_INTERVAL: Duration = Duration::from_millis(20);
/// Set by CI, where a missing sink must fail the run rather than quietly skip the mail tests.
const REQUIRE_VAR: &str = "LERT_TEST_REQUIRE_SMTP_SINK";

/// A running SMTP sink; killed and its directory deleted when dropped.
pub struct SmtpSink {
    pub host: String,
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

/// How a sink behaves; the default accepts everything from anyone.
#[derive(Debug, Clone)]
pub struct SinkOptions {
    /// Probability (0..=1) that a message is answered `451 4.3.0` and not stored.
    pub refuse_rate: f64,
    /// Seeds the refusals, so a test sees the same accept/refuse sequence every run.
    pub seed: u64,
    /// When set, MAIL is refused until the client authenticates (PLAIN or LOGIN, no TLS needed)
    /// with this user and password; other credentials get 535.
    pub auth: Option<(String, String)>,
}

impl Default for SinkOptions {
    fn default() -> Self {
        SinkOptions { refuse_rate: 0.0, seed: 1, auth: None }
    }
}

/// One message the sink accepted, in arrival order.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// Where the sink stored it (inside its temporary directory).
    pub file: PathBuf,
    /// The exact DATA bytes, dot-stuffing removed, line ends as sent.
    pub raw: Vec<u8>,
    /// The envelope sender (MAIL FROM), without angle brackets.
    pub mail_from: String,
    /// The envelope recipients (RCPT TO), in the order given.
    pub rcpt_tos: Vec<String>,
    /// The Message-ID header's value (unfolded, with its angle brackets), if the message had one.
    pub message_id: Option<String>,
}

impl SmtpSink {
    /// Starts a sink that accepts everything, or returns `None` (after saying why on stderr) when
    /// python3 or aiosmtpd is missing and `LERT_TEST_REQUIRE_SMTP_SINK=1` is not set.
    pub fn start() -> Option<SmtpSink> {
        Self::start_with(SinkOptions::default())
    }

    /// Like [`SmtpSink::start`], with refusals or AUTH as `options` say.
    pub fn start_with(options: SinkOptions) -> Option<SmtpSink> {
        if let Err(reason) = check_python() {
            if std::env::var(REQUIRE_VAR).is_ok_and(|value| value == "1") {
                panic!("{REQUIRE_VAR}=1 but the SMTP sink cannot run: {reason}");
            }
            eprintln!("skipping: {reason}");
            return None;
        }
        let dir = tempfile::Builder::new().prefix("lert-smtp-sink-").tempdir().expect("create temp dir");
        let mut command = Command::new("python3");
        command
            .arg(SCRIPT)
            .arg("--dir")
            .arg(dir.path())
            .args(["--host", "127.0.0.1", "--port", "0"])
            .arg("--refuse-rate")
            .arg(options.refuse_rate.to_string())
            .arg("--seed")
            .arg(options.seed.to_string());
        if let Some((user, password)) = &options.auth {
            command.arg("--auth").arg(format!("{user}:{password}"));
        }
        let stderr = std::fs::File::create(dir.path().join("stderr.log")).expect("create stderr log");
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("spawn smtp_sink.py");
        let mut sink = SmtpSink { host: "127.0.0.1".to_owned(), port: 0, dir, child };
        sink.port = sink.wait_for_port();
        Some(sink)
    }

    /// `smtp://127.0.0.1:PORT`: plain SMTP, for tests only.
    pub fn url(&self) -> String {
        format!("smtp://{}:{}", self.host, self.port)
    }

    /// Every message accepted so far, in arrival order.
    pub fn received(&self) -> Vec<ReceivedMail> {
        let log = std::fs::read_to_string(self.dir.path().join("log.jsonl")).unwrap_or_default();
        // Only newline-terminated lines: the last one may still be being written.
        let complete = &log[..log.rfind('\n').map_or(0, |end| end + 1)];
        complete.lines().map(|line| self.parse_log_line(line)).collect()
    }

    /// Polls until at least `count` messages arrived or `timeout` passed, and returns them all;
    /// on timeout that is fewer than `count`, so assert on the length.
    pub fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + timeout;
        loop {
            let mails = self.received();
            if mails.len() >= count || Instant::now() >= deadline {
                return mails;
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// How many messages the sink has refused with 451 so far.
    pub fn refused_count(&self) -> usize {
        let refused = std::fs::read_to_string(self.dir.path().join("refused.jsonl")).unwrap_or_default();
        refused.matches('\n').count()
    }

    fn parse_log_line(&self, line: &str) -> ReceivedMail {
        let entry: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|error| panic!("bad sink log line {line:?}: {error}"));
        let text = |key: &str| entry[key].as_str().map(str::to_owned);
        let file = self.dir.path().join(text("file").expect("log line without file"));
        let raw = std::fs::read(&file).unwrap_or_else(|error| panic!("read {}: {error}", file.display()));
        let rcpt_tos = entry["rcpt_tos"].as_array().expect("log line without rcpt_tos");
        ReceivedMail {
            raw,
            file,
            mail_from: text("mail_from").unwrap_or_default(),
            rcpt_tos: rcpt_tos.iter().map(|r| r.as_str().expect("recipient").to_owned()).collect(),
            message_id: text("message_id"),
        }
    }

    /// The port the sink wrote once listening; panics with its stderr if it died or took too long.
    fn wait_for_port(&mut self) -> u16 {
        let deadline = Instant::now() + STARTUP_DEADLINE;
        let port_file = self.dir.path().join("port");
        loop {
            // Written atomically, so whatever is there is complete.
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                return text.trim().parse().unwrap_or_else(|_| panic!("bad port file: {text:?}"));
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("smtp_sink.py exited during startup ({status}):\n{}", read_stderr(self.dir.path()));
            }
            if Instant::now() > deadline {
                panic!(
                    "smtp_sink.py did not listen within {STARTUP_DEADLINE:?}:\n{}",
                    read_stderr(self.dir.path())
                );
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }
}

impl Drop for SmtpSink {
    /// Everything the sink kept is on disk already, so a plain kill loses nothing.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why the sink cannot run here, if it cannot.
fn check_python() -> Result<(), String> {
    match Command::new("python3").args(["-c", "import aiosmtpd"]).output() {
        Err(error) => Err(format!("python3 cannot be run ({error}); install python3")),
        Ok(output) if !output.status.success() => Err(format!(
            "python3 cannot import aiosmtpd (python3 -m pip install aiosmtpd): {}",
            String::from_utf8_lossy(&output.stderr).lines().last().unwrap_or_default()
        )),
        Ok(_) => Ok(()),
    }
}

fn read_stderr(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default()
}
