//! The `lert` binary as operators and scripts use it: output, JSON and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use lert::domain::process_kind::ProcessKind;
use lert::workflows::cases::{NewCase, open_case};
use lert::workflows::processes::NewProcess;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli { dir: tempfile::tempdir().unwrap() }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lert"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("LERT_DATABASE_URL")
            .env("LERT_DATA_DIR", self.dir.path().join("data"))
            .env("LERT_LOG_LEVEL", "warn");
        command
    }

    /// Opens a case in this CLI's data directory through the library, as intake would.
    fn open_case(
        &self,
        process: NewProcess,
        targets: Vec<lert::domain::identifier::Identifier>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> (lert::app::Storage, lert::domain::reference::CaseReference) {
        let settings =
            lert::config::Settings { data_dir: self.dir.path().join("data"), ..Default::default() };
        let storage = lert::app::Storage::open(&settings).unwrap();
        let case = NewCase {
            title: "Case".into(),
            received_at: Some(now),
            agency: None,
            process: Some(process),
            targets,
        };
        let reference = open_case(
            &mut storage.pool.get().unwrap(),
            now,
            &lert::workflows::clocks::Clocks::default(),
            &lert::workflows::Actor::system("test"),
            case,
        )
        .unwrap();
        (storage, reference)
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        child.wait_with_output().unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn users_tokens_demo_cases_and_audit_work_from_the_command_line() {
    let cli = Cli::new();
    assert!(cli.run(&["migrate"]).status.success());

    let added = cli.run(&["user", "add", "counsel@example.org", "--role", "counsel"]);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("password, shown only now: "));

    let piped = cli.run_with_stdin(
        &["user", "add", "analyst@example.org", "--role", "analyst", "--password-stdin"],
        b"correct horse battery staple\n",
    );
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(!stdout(&piped).contains("password"));

    let token = cli.run(&["token", "create", "counsel@example.org"]);
    assert!(stdout(&token).trim().starts_with("lert_"));

    let demo = cli.run(&["demo", "--cases", "40"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let report: serde_json::Value = serde_json::from_slice(&demo.stdout).unwrap();
    assert_eq!(report["cases"], 40);
    // The records database has an account behind every target of the demo cases (one account
    // can stand behind several: the same identifier in two cases, an IP its logs came from).
    let accounts = report["records"]["accounts"].as_u64().unwrap();
    assert!(accounts > 0 && accounts <= report["targets"].as_u64().unwrap(), "{report}");
    let records_url = format!("sqlite://{}", cli.dir.path().join("data/records.db").display());
    let mut records = lert::productions::records_db::RecordsDb::open(&records_url).unwrap();
    let first: serde_json::Value =
        serde_json::from_slice(&cli.run(&["case", "show", "LE-2026-0001", "--json"]).stdout).unwrap();
    for target in first["targets"].as_array().expect("the first demo case has targets") {
        let kind = lert::domain::identifier::TargetKind::parse(target["kind"].as_str().unwrap()).unwrap();
        let value = target["normalized"].as_str().unwrap();
        let identifier = lert::domain::identifier::Identifier::parse(kind, value).unwrap();
        assert!(!records.accounts_for(&[identifier]).unwrap().is_empty(), "{target}");
    }

    let again = cli.run(&["demo", "--cases", "40", "--seed", "7"]);
    assert!(again.status.success(), "a second demo run adds to the first: {}", stderr(&again));
    let all: serde_json::Value =
        serde_json::from_slice(&cli.run(&["case", "list", "--json", "--limit", "100"]).stdout).unwrap();
    let mut references: Vec<&str> =
        all.as_array().unwrap().iter().map(|c| c["reference"].as_str().unwrap()).collect();
    assert_eq!(references.len(), 80);
    references.sort_unstable();
    references.dedup();
    assert_eq!(references.len(), 80, "demo references are unique");

    let list = cli.run(&["case", "list", "--json", "--limit", "5", "--status", "CLOSED"]);
    let cases: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(cases.as_array().unwrap().len(), 5, "the status filter ignores case");
    assert!(cases.as_array().unwrap().iter().all(|c| c["status"] == "closed"));
    let reference = cases[0]["reference"].as_str().unwrap();

    let shown = cli.run(&["case", "show", reference, "--json"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let case: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(case["reference"], reference);
    assert!(!case["targets"].as_array().unwrap().is_empty());
    assert!(!case["deadlines"].as_array().unwrap().is_empty(), "demo cases have their clocks: {case}");
    assert!(!case["preservations"].as_array().unwrap().is_empty(), "demo log requests are preserved");
    let text = stdout(&cli.run(&["case", "show", reference]));
    assert!(text.starts_with(reference) && text.contains("target:"), "{text}");

    let recomputed = cli.run(&["recompute"]);
    assert!(recomputed.status.success(), "{}", stderr(&recomputed));
    let report: serde_json::Value = serde_json::from_slice(&recomputed.stdout).unwrap();
    assert_eq!(report["cases"], 80);
    assert_eq!(report["cases_changed"], 0, "demo clocks are what recompute derives: {report}");

    let verified = cli.run(&["audit", "verify"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    let report: serde_json::Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert!(report["first_broken"].is_null());
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let cli = Cli::new();
    let cases: Vec<(Vec<&str>, &[u8], &str)> = vec![
        (vec!["user", "add", "not-an-email", "--role", "admin"], b"", "not-an-email"),
        (vec!["user", "add", "a@example.org", "--role", "overlord"], b"", "overlord"),
        (
            vec!["user", "add", "a@example.org", "--role", "admin", "--password-stdin"],
            b"short",
            "at least 12",
        ),
        (
            vec!["user", "add", "a@example.org", "--role", "admin", "--password-stdin"],
            &[0xff, 0xfe, 0xfd, 0x00, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41],
            "not UTF-8",
        ),
        (vec!["token", "create", "nobody@example.org"], b"", "no user"),
        (vec!["case", "show", "LE-2026-0404"], b"", "was not found"),
        (vec!["case", "show", "bogus"], b"", "bogus"),
        (vec!["case", "list", "--status", "lost"], b"", "lost"),
        (vec!["demo", "--cases", "0"], b"", "--cases"),
    ];
    for (args, stdin, needle) in cases {
        let output = cli.run_with_stdin(&args, stdin);
        let error = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {error}");
        assert_eq!(error.trim_end().lines().count(), 1, "{args:?}: {error}");
        assert!(error.contains(needle), "{args:?}: {error}");
    }
    let users = cli.run(&["case", "list", "--json"]);
    assert_eq!(stdout(&users).trim(), "[]", "bad input created nothing");
}

#[test]
fn an_ambiguous_database_url_is_refused_at_start() {
    let cli = Cli::new();
    let output = cli.command(&["migrate"]).env("LERT_DATABASE_URL", "./lert.db").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("sqlite://PATH or postgres://"), "{}", stderr(&output));
}

#[test]
fn serve_prints_the_first_admin_password_once() {
    let cli = Cli::new();
    let mut child = cli
        .command(&["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = String::new();
    let mut buffer = [0_u8; 256];
    while !seen.contains("one-time password") {
        let n = std::io::Read::read(&mut stdout, &mut buffer).unwrap();
        if n == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(seen.contains("created the first administrator admin@lert.local"), "{seen}");
    let again = cli.run(&["user", "add", "admin@lert.local", "--role", "admin"]);
    assert_eq!(again.status.code(), Some(2), "the administrator exists now");
}

#[test]
fn case_show_and_deadlines_print_dates_with_their_trails() {
    let cli = Cli::new();
    let mut process = NewProcess::new(ProcessKind::CriminalSubpoena);
    process.served_on = Some("2026-06-05".parse().unwrap());
    process.respond_within_days = Some(14);
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 6, 5, 16, 0, 0).unwrap();
    let (_, reference) = cli.open_case(process, vec![], now);

    let shown = stdout(&cli.run(&["case", "show", reference.as_str()]));
    assert!(
        shown.contains("deadline:  2026-06-22 response_due  (served 2026-06-05; +14 calendar days = 2026-06-19, Juneteenth; rolled to Mon 2026-06-22)"),
        "{shown}"
    );
    assert!(shown.contains("flag:      [warning] insufficient_agent_name"), "{shown}");

    let listed = cli.run(&["deadlines", "--from", "2026-06-01", "--to", "2026-06-30", "--json"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let kinds: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["internal_target", "response_due"]);
    let bad = cli.run(&["deadlines", "--from", "June", "--to", "2026-06-30"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn preservations_and_orders_are_recorded_from_the_command_line() {
    let cli = Cli::new();
    assert!(cli.run(&["migrate"]).status.success());
    let mut process = NewProcess::new(ProcessKind::SearchWarrant);
    process.issued_on = Some("2026-01-05".parse().unwrap());
    let target = lert::domain::identifier::Identifier::parse(
        lert::domain::identifier::TargetKind::Domain,
        "example.org",
    );
    let (storage, reference) = cli.open_case(process, vec![target.unwrap()], chrono::Utc::now());
    let reference = reference.as_str();

    let preserved = cli.run(&["preservation", "add", reference, "--received-on", "2026-01-06"]);
    assert!(preserved.status.success(), "{}", stderr(&preserved));
    assert!(
        stdout(&preserved).contains("received 2026-01-06; +90 calendar days = 2026-04-06"),
        "{}",
        stdout(&preserved)
    );
    let id = stdout(&preserved)
        .lines()
        .find_map(|l| l.strip_prefix("preserved: ").map(|rest| rest.split(' ').next().unwrap().to_owned()))
        .unwrap();
    let renewed = cli.run(&["preservation", "renew", reference, &id, "--received-on", "2026-03-30"]);
    assert!(stdout(&renewed).contains("2026-04-06 +90 calendar days = 2026-07-05"), "{}", stdout(&renewed));
    let unnamed = cli.run(&[
        "preservation",
        "renew",
        reference,
        &id,
        "--received-on",
        "2026-03-30",
        "--counsel-approval",
    ]);
    assert_eq!(unnamed.status.code(), Some(2), "an approval must name its counsel");
    assert!(stderr(&unnamed).contains("--as EMAIL"), "{}", stderr(&unnamed));
    assert!(cli.run(&["user", "add", "analyst@example.org", "--role", "analyst"]).status.success());
    let renew_as = |who: &str| {
        cli.run(&[
            "preservation",
            "renew",
            reference,
            &id,
            "--received-on",
            "2026-03-30",
            "--counsel-approval",
            "--as",
            who,
        ])
    };
    let by_analyst = renew_as("analyst@example.org");
    assert_eq!(by_analyst.status.code(), Some(2), "an analyst cannot approve: {}", stderr(&by_analyst));
    assert!(cli.run(&["user", "add", "counsel@example.org", "--role", "counsel"]).status.success());
    let second = renew_as("counsel@example.org");
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stdout(&second).contains("expires 2026-10-03 renewals 2"), "{}", stdout(&second));
    assert!(!stdout(&second).contains("preservation_inconsistent"), "{}", stdout(&second));
    let approvers: Vec<Option<String>> = {
        use diesel::{QueryDsl, RunQueryDsl};
        use lert::storage::schema::preservation_renewals::dsl::{approved_by, preservation_renewals};
        preservation_renewals.select(approved_by).load(&mut *storage.pool.get().unwrap()).unwrap()
    };
    assert!(approvers.iter().any(Option::is_some), "the approving counsel is recorded: {approvers:?}");

    let ordered = cli.run(&[
        "ndo",
        "add",
        reference,
        "--signed-on",
        "2026-01-05",
        "--received-on",
        "2026-01-06",
        "--months",
        "6",
    ]);
    assert!(ordered.status.success(), "{}", stderr(&ordered));
    assert!(stdout(&ordered).contains("ndo_expiry  (order"), "{}", stdout(&ordered));
    let both = cli.run(&[
        "ndo",
        "add",
        reference,
        "--signed-on",
        "2026-01-05",
        "--received-on",
        "2026-01-06",
        "--months",
        "6",
        "--until-further-order",
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("exactly one of"), "{}", stderr(&both));
}
