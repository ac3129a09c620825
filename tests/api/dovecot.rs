//! A throwaway Dovecot IMAP server per test, so the IMAP intake is tested against a real server
//! (implicit TLS, real UIDVALIDITY, flags, MOVE) instead of a mock that agrees with our own bugs.
//!
//! Each instance lives entirely in its own temporary directory (config, certificates, sockets,
//! state, logs, Maildir) and listens on a free loopback port, so tests run in parallel and no
//! system configuration is read or written. Messages are put in and inspected with `doveadm`,
//! which goes through Dovecot's own storage code and so never disagrees with the running server.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const DOVECOT: &str = "/usr/sbin/dovecot";
const DOVEADM: &str = "/usr/bin/doveadm";
const STARTUP_DEADLINE: Duration = Duration::from_secs(15);
const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(5);
const PORT_ATTEMPTS: usize = 3;
const TEST_USER: &str = "lert-intake";
const TEST_PASSWORD: &str = "correct horse battery staple";

/// A running Dovecot; stopped and deleted when dropped.
pub struct Dovecot {
    pub host: String,
    /// Implicit TLS (the IMAPS listener).
    pub port: u16,
    /// Plain IMAP that must be upgraded with STARTTLS before login.
    pub starttls_port: u16,
    /// PEM of the test CA that signed the server certificate.
    pub ca_file: PathBuf,
    pub user: String,
    pub password: String,
    child: Child,
    dir: tempfile::TempDir,
}

/// Who the Dovecot processes run as: root needs real unprivileged accounts, a normal user is all.
struct Accounts {
    internal_user: String,
    internal_group: String,
    login_user: String,
    mail_user: String,
    mail_group: String,
}

impl Dovecot {
    /// Starts a fresh server, or returns `None` (after saying why) when Dovecot is not installed.
    pub fn start() -> Option<Dovecot> {
        Self::start_with_settings("")
    }

    /// Like [`Dovecot::start`], but announcing exactly `capabilities` after login (e.g. without
    /// MOVE or UIDPLUS, to exercise a client's fallbacks).
    pub fn start_with_imap_capability(capabilities: &str) -> Option<Dovecot> {
        Self::start_with_settings(&format!("imap_capability = {capabilities}\n"))
    }

    fn start_with_settings(extra_settings: &str) -> Option<Dovecot> {
        if !Path::new(DOVECOT).exists() || !Path::new(DOVEADM).exists() {
            eprintln!("skipping: {DOVECOT} or {DOVEADM} is not installed (apt-get install -y dovecot-imapd)");
            return None;
        }
        let dir = tempfile::Builder::new().prefix("lert-dovecot-").tempdir().expect("create temp dir");
        let accounts = accounts_for(dir.path());
        prepare_directories(dir.path());
        generate_certificates(dir.path());
        write_passwd(dir.path());
        let (child, port, starttls_port) = launch(dir.path(), &accounts, extra_settings);
        Some(Dovecot {
            host: "127.0.0.1".to_owned(),
            port,
            starttls_port,
            ca_file: dir.path().join("ca.pem"),
            user: TEST_USER.to_owned(),
            password: TEST_PASSWORD.to_owned(),
            child,
            dir,
        })
    }

    /// Puts one message (exact bytes; use CRLF line ends as IMAP serves them) into `mailbox`.
    pub fn deliver(&self, mailbox: &str, raw: &[u8]) {
        if !mailbox.eq_ignore_ascii_case("INBOX") {
            self.ensure_mailbox(mailbox);
        }
        let mut child = self
            .doveadm(&["save", "-u", &self.user, "-m", mailbox])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn doveadm save");
        child.stdin.take().expect("doveadm stdin").write_all(raw).expect("write message to doveadm");
        let output = child.wait_with_output().expect("wait for doveadm save");
        self.expect_success("doveadm save", &output);
    }

    /// The flags of every message in `mailbox`, in UID order (`\Recent` left out: it depends on
    /// which session looked first).
    pub fn flags_of_all(&self, mailbox: &str) -> Vec<Vec<String>> {
        let rows = self.doveadm_table(&["fetch", "-u", &self.user, "flags", "mailbox", mailbox]);
        rows.iter()
            .map(|row| row.split_whitespace().filter(|flag| *flag != "\\Recent").map(str::to_owned).collect())
            .collect()
    }

    /// How many messages `mailbox` holds; 0 when it does not exist.
    pub fn count(&self, mailbox: &str) -> usize {
        let output =
            self.run_doveadm(&["-f", "tab", "mailbox", "status", "-u", &self.user, "messages", mailbox]);
        if !output.status.success() {
            return 0;
        }
        let rows = table_rows(&output.stdout);
        // Rows are "<mailbox>\t<messages>".
        let first = rows.first().unwrap_or_else(|| panic!("doveadm mailbox status printed nothing"));
        let messages = first.rsplit('\t').next().unwrap_or_default();
        messages.trim().parse().unwrap_or_else(|_| panic!("doveadm printed a bad message count: {first:?}"))
    }

    /// Dovecot's log so far, for failure messages.
    pub fn log(&self) -> String {
        read_logs(self.dir.path())
    }

    fn ensure_mailbox(&self, mailbox: &str) {
        // Fails harmlessly when the mailbox exists already.
        let _ = self.run_doveadm(&["mailbox", "create", "-u", &self.user, mailbox]);
    }

    fn doveadm_table(&self, args: &[&str]) -> Vec<String> {
        let mut full = vec!["-f", "tab"];
        full.extend_from_slice(args);
        let output = self.run_doveadm(&full);
        self.expect_success("doveadm", &output);
        table_rows(&output.stdout)
    }

    fn run_doveadm(&self, args: &[&str]) -> Output {
        self.doveadm(args).output().expect("run doveadm")
    }

    fn doveadm(&self, args: &[&str]) -> Command {
        let mut command = Command::new(DOVEADM);
        command.arg("-c").arg(config_path(self.dir.path())).args(args);
        command
    }

    fn expect_success(&self, what: &str, output: &Output) {
        assert!(
            output.status.success(),
            "{what} failed ({}): {}\n--- dovecot log ---\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr),
            self.log()
        );
    }

    /// SIGTERM lets the master stop its children; SIGKILL is the fallback.
    fn stop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + SHUTDOWN_DEADLINE;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

fn config_path(dir: &Path) -> PathBuf {
    dir.join("dovecot.conf")
}

/// Root must hand each Dovecot role to an unprivileged account the Debian package creates
/// (`dovecot`, `dovenull`) and keep mail away from uid 0; a normal user runs everything as itself.
fn accounts_for(dir: &Path) -> Accounts {
    let uid = std::fs::metadata(dir).expect("stat temp dir").uid();
    if uid == 0 {
        return Accounts {
            internal_user: "dovecot".into(),
            internal_group: "dovecot".into(),
            login_user: "dovenull".into(),
            mail_user: "nobody".into(),
            mail_group: "nogroup".into(),
        };
    }
    let user = id_output("-un");
    let group = id_output("-gn");
    Accounts {
        internal_user: user.clone(),
        internal_group: group.clone(),
        login_user: user.clone(),
        mail_user: user,
        mail_group: group,
    }
}

fn id_output(flag: &str) -> String {
    let output = Command::new("id").arg(flag).output().expect("run id");
    assert!(output.status.success(), "id {flag} failed");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The mail home is world-writable (sticky, like /tmp) so the mail user can create its Maildir
/// whatever account that is; the temp dir itself must be traversable by Dovecot's own accounts.
fn prepare_directories(dir: &Path) {
    set_mode(dir, 0o755);
    for sub in ["run", "state"] {
        std::fs::create_dir(dir.join(sub)).expect("create dovecot dir");
    }
    let home = dir.join("home");
    std::fs::create_dir(&home).expect("create mail home");
    set_mode(&home, 0o1777);
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A test CA and a server certificate it signs (a self-signed leaf would be rejected by webpki,
/// which refuses a CA certificate used as an end-entity certificate).
fn generate_certificates(dir: &Path) {
    let extensions = "basicConstraints=critical,CA:FALSE\n\
                      keyUsage=critical,digitalSignature\n\
                      extendedKeyUsage=serverAuth\n\
                      subjectAltName=IP:127.0.0.1,DNS:localhost\n";
    std::fs::write(dir.join("leaf.ext"), extensions).expect("write openssl extensions");
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    openssl(
        dir,
        &[&["req", "-x509"], &ec[..], &["-keyout", "ca.key", "-out", "ca.pem"]].concat(),
        "/CN=lert test CA",
    );
    openssl(
        dir,
        &[&["req", "-new"], &ec[..], &["-keyout", "key.pem", "-out", "leaf.csr"]].concat(),
        "/CN=localhost",
    );
    let sign = [
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-set_serial",
        "2",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
        "-out",
        "cert.pem",
    ];
    run_openssl(dir, &sign);
    set_mode(&dir.join("key.pem"), 0o644);
}

fn openssl(dir: &Path, args: &[&str], subject: &str) {
    let mut full = args.to_vec();
    full.extend_from_slice(&["-days", "2", "-subj", subject]);
    run_openssl(dir, &full);
}

fn run_openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").args(args).current_dir(dir).output().expect("run openssl");
    assert!(
        output.status.success(),
        "openssl {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn write_passwd(dir: &Path) {
    let line = format!("{TEST_USER}:{{PLAIN}}{TEST_PASSWORD}::::::\n");
    let path = dir.join("passwd");
    std::fs::write(&path, line).expect("write passwd file");
    set_mode(&path, 0o644);
}

/// Two distinct ports that were free a moment ago (both held while probing, so they differ).
fn two_free_ports() -> (u16, u16) {
    let first = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let second = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    (port_of(&first), port_of(&second))
}

fn port_of(listener: &TcpListener) -> u16 {
    listener.local_addr().expect("local addr").port()
}

fn render_config(dir: &Path, port: u16, starttls_port: u16, accounts: &Accounts) -> String {
    let d = dir.display();
    let mut conf = String::new();
    let _ = write!(
        conf,
        r#"# Generated by lert's test harness; nothing here touches the system's Dovecot.
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
debug_log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
ssl = required
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={d}/home/%u
}}
first_valid_uid = 1
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
"#,
        internal_user = accounts.internal_user,
        internal_group = accounts.internal_group,
        login_user = accounts.login_user,
        mail_user = accounts.mail_user,
        mail_group = accounts.mail_group,
    );
    conf
}

/// Starts Dovecot on fresh ports and waits until it listens; returns it with its two ports.
fn launch(dir: &Path, accounts: &Accounts, extra_settings: &str) -> (Child, u16, u16) {
    for _attempt in 0..PORT_ATTEMPTS {
        let (port, starttls_port) = two_free_ports();
        let config = render_config(dir, port, starttls_port, accounts) + extra_settings;
        std::fs::write(config_path(dir), config).expect("write dovecot.conf");
        let mut child = spawn_dovecot(dir);
        match wait_until_listening(&mut child, port, dir) {
            Startup::Listening => return (child, port, starttls_port),
            Startup::PortTaken => continue,
        }
    }
    panic!("dovecot found its port taken {PORT_ATTEMPTS} times:\n{}", read_logs(dir));
}

fn spawn_dovecot(dir: &Path) -> Child {
    let _ = std::fs::remove_file(dir.join("dovecot.log"));
    let stderr = std::fs::File::create(dir.join("stderr.log")).expect("create stderr log");
    Command::new(DOVECOT)
        .arg("-F")
        .arg("-c")
        .arg(config_path(dir))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("spawn dovecot")
}

fn read_logs(dir: &Path) -> String {
    let log = std::fs::read_to_string(dir.join("dovecot.log")).unwrap_or_default();
    let stderr = std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default();
    format!("{log}{stderr}")
}

/// How a start attempt ended (other failures panic with the log).
enum Startup {
    Listening,
    /// Another test grabbed a port between our probe and Dovecot's bind: try other ports.
    PortTaken,
}

fn wait_until_listening(child: &mut Child, port: u16, dir: &Path) -> Startup {
    let deadline = Instant::now() + STARTUP_DEADLINE;
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Startup::Listening;
        }
        if let Ok(Some(status)) = child.try_wait() {
            let log = read_logs(dir);
            if log.contains("Address already in use") {
                return Startup::PortTaken;
            }
            panic!("dovecot exited during startup ({status}):\n{log}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "dovecot did not listen on 127.0.0.1:{port} within {STARTUP_DEADLINE:?}:\n{}",
                read_logs(dir)
            );
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Rows of `doveadm -f tab` output without the header line.
fn table_rows(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout).lines().skip(1).map(str::to_owned).collect()
}
