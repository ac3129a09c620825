//! Record exports attached by engineers and productions made from them; and `lert bundle`, the
//! CLI equivalent, with an AES-256 password that 7-Zip needs to open the bundle.

use std::io::Read;
use std::process::Command;

use lert::domain::process_kind::ProcessKind;
use lert::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, backends, spawn, spawn_with, test_now};
use crate::productions::{approve, court_order_case, generate};

async fn attach(app: &TestApp, reference: &str, query: &str, token: &str, body: &str) -> reqwest::Response {
    let path = format!("/api/v1/cases/{reference}/exports?{query}");
    app.client.post(app.url(&path)).bearer_auth(token).body(body.to_owned()).send().await.unwrap()
}

fn unzip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

const LOG_JSONL: &str = concat!(
    r#"{"at":"2026-03-05T23:59:59Z","account_id":"12345","endpoint":"new-order","domains":["old.example"],"client_ip":"198.51.100.7"}"#,
    "\n",
    r#"{"at":"2026-03-06T00:00:00Z","account_id":"12345","endpoint":"new-order","domains":["edge.example"],"client_ip":"198.51.100.7"}"#,
    "\n",
    r#"{"at":"2026-05-01T10:00:00Z","account_id":"999","endpoint":"finalize","domains":["other.example"],"client_ip":"203.0.113.5"}"#,
    "\n",
);

#[tokio::test]
async fn bad_exports_are_refused_whole_with_every_bad_row_and_good_ones_feed_the_production() {
    for backend in backends() {
        let app = spawn(backend).await;
        let case = app.create_case(&court_order_case()).await;
        let reference = case["reference"].as_str().unwrap().to_owned();
        let analyst = app.token_for(Role::Analyst);
        let viewer = app.token_for(Role::Viewer);
        let before = app.row_counts();

        let bad = "account_id,created_at,registration_ip\n12345,2026-01-02T03:04:05Z,203.0.113.9\n\
                   ,yesterday,203.0.113.9\n777,2026-01-02T03:04:05Z,not-an-ip\n";
        let refused = attach(&app, &reference, "kind=accounts&filename=accounts.csv", &analyst, bad).await;
        assert_eq!(refused.status(), 422);
        let refused: Value = refused.json().await.unwrap();
        let lines: Vec<u64> =
            refused["errors"].as_array().unwrap().iter().map(|e| e["line"].as_u64().unwrap()).collect();
        assert_eq!(lines, [3, 3, 4], "{refused:#}");
        assert_eq!((refused["rows"].as_u64(), refused["valid"].as_u64()), (Some(3), Some(1)));
        let header =
            attach(&app, &reference, "kind=accounts&filename=a.csv", &analyst, "id,created\n1,2\n").await;
        assert_eq!(header.status(), 422);
        assert!(header.text().await.unwrap().contains("registration_ip"));
        let kind = attach(&app, &reference, "kind=payments&filename=a.csv", &analyst, bad).await;
        assert_eq!(kind.status(), 422);
        let forbidden = attach(&app, &reference, "kind=accounts&filename=a.csv", &viewer, bad).await;
        assert_eq!(forbidden.status(), 403);
        assert_eq!(app.row_counts(), before, "a refused export changes nothing");

        let good = "account_id,created_at,registration_ip\n12345,2026-01-02T03:04:05Z,203.0.113.9\n";
        let accounts = attach(&app, &reference, "kind=accounts&filename=accounts.csv", &analyst, good).await;
        assert_eq!(accounts.status(), 201);
        let logs = attach(&app, &reference, "kind=api_log&filename=logs.jsonl", &analyst, LOG_JSONL).await;
        assert_eq!(logs.status(), 201);
        let logs: Value = logs.json().await.unwrap();
        assert_eq!(logs["rows"], 3);

        approve(&app, &reference).await;
        let counsel = app.token_for(Role::Counsel);
        let made = generate(&app, &reference, &counsel, &json!({})).await;
        assert_eq!(made.status(), 201);
        let made: Value = made.json().await.unwrap();
        assert_eq!(made["source"], "uploads");
        assert_eq!(made["scope"]["rows"]["api_log"], 1);
        let bytes = app
            .get(&format!("/api/v1/cases/{reference}/productions/1/bundle"), &counsel)
            .await
            .bytes()
            .await
            .unwrap();
        let log = unzip_entry(&bytes, &format!("{reference}/api_log.csv"));
        assert!(log.contains("edge.example"), "{log}");
        assert!(!log.contains("old.example") && !log.contains("other.example"), "{log}");

        let withdraw = format!("/api/v1/cases/{reference}/exports/{}/withdraw", logs["id"].as_str().unwrap());
        assert_eq!(app.post_json(&withdraw, &analyst, &json!({})).await.status(), 204);
        assert_eq!(app.post_json(&withdraw, &analyst, &json!({})).await.status(), 404);
        let again: Value = generate(&app, &reference, &counsel, &json!({})).await.json().await.unwrap();
        assert_eq!(again["scope"]["rows"]["api_log"], 0, "a withdrawn export is not read");
        assert_ne!(again["bundle"]["sha256"], made["bundle"]["sha256"]);
        let from_database =
            generate(&app, &reference, &counsel, &json!({ "source": "records_database" })).await;
        assert_eq!(from_database.status(), 409, "no records database in this data dir");
        assert!(from_database.text().await.unwrap().contains("no records database"));
    }
}

#[tokio::test]
async fn an_export_over_the_limit_is_refused_before_it_is_read() {
    let app = spawn_with(Backend::Sqlite, |s| s.productions.max_export_bytes = 1024).await;
    let reference = app.create_case(&court_order_case()).await["reference"].as_str().unwrap().to_owned();
    let large = "account_id,created_at,registration_ip\n".to_owned()
        + &"12345,2026-01-02T03:04:05Z,203.0.113.9\n".repeat(40);
    let response = attach(&app, &reference, "kind=accounts&filename=a.csv", &app.admin_token, &large).await;
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("productions.max_export_bytes"));
}

fn seven_zip() -> Option<&'static str> {
    let found = ["7zz", "7z"].into_iter().find(|tool| Command::new(tool).arg("i").output().is_ok());
    if found.is_none() {
        eprintln!("skipped the 7-Zip checks: neither 7zz nor 7z is installed (.ci/run installs 7zip)");
    }
    found
}

#[test]
fn lert_bundle_writes_an_encrypted_bundle_and_refuses_bad_input_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let settings = lert::config::Settings { data_dir: data.clone(), ..Default::default() };
    let storage = lert::app::Storage::open(&settings).unwrap();
    let clocks = lert::workflows::clocks::Clocks::default();
    let actor = lert::workflows::Actor::system("test");
    let mut process = lert::workflows::processes::NewProcess::new(ProcessKind::CourtOrder2703d);
    process.data_categories = vec![
        lert::domain::data_category::DataCategory::AccountRegistration,
        lert::domain::data_category::DataCategory::ApiLogs,
    ];
    let target =
        lert::domain::identifier::Identifier::parse(lert::domain::identifier::TargetKind::AccountId, "12345")
            .unwrap();
    let now = chrono::Utc::now();
    let reference = {
        let mut conn = storage.pool.get().unwrap();
        let case = lert::workflows::cases::NewCase {
            title: "CLI bundle".into(),
            received_at: Some(now),
            agency: None,
            process: Some(process),
            targets: vec![target.clone()],
        };
        let reference = lert::workflows::cases::open_case(&mut conn, now, &clocks, &actor, case).unwrap();
        for to in
            [lert::domain::case_status::CaseStatus::InReview, lert::domain::case_status::CaseStatus::Approved]
        {
            lert::workflows::cases::change_status(&mut conn, now, &clocks, &actor, &reference, to, None)
                .unwrap();
        }
        reference
    };
    let mut records =
        lert::productions::records_db::RecordsDb::open(&settings.effective_records_database_url()).unwrap();
    records.create_schema().unwrap();
    lert::productions::records_db::fill::fill_for(&mut records, &[target], test_now(), 5, 1).unwrap();
    std::fs::write(dir.path().join("password"), "correct horse battery staple\n").unwrap();
    std::fs::write(dir.path().join("short"), "short\n").unwrap();

    let lert = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lert"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("LERT_DATABASE_URL")
            .env("LERT_DATA_DIR", &data)
            .env("LERT_LOG_LEVEL", "warn")
            .output()
            .unwrap()
    };
    let reference = reference.as_str().to_owned();
    let made = lert(&["bundle", &reference, "--out", "bundle.zip", "--password-file", "password"]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let made: Value = serde_json::from_slice(&made.stdout).unwrap();
    assert_eq!((made["version"].as_i64(), made["encrypted"].as_bool()), (Some(1), Some(true)));
    let bytes = std::fs::read(dir.path().join("bundle.zip")).unwrap();
    assert_eq!(lert::storage::blobs::sha256_hex(&bytes), made["bundle"]["sha256"].as_str().unwrap());
    if let Some(seven) = seven_zip() {
        let with = Command::new(seven)
            .args(["t", "-pcorrect horse battery staple", "bundle.zip"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(with.status.success(), "{}", String::from_utf8_lossy(&with.stdout));
        let without = Command::new(seven)
            .args(["t", "-pwrong", "bundle.zip"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(!without.status.success(), "a wrong password must not open the bundle");
    }

    let copy = lert(&["bundle", &reference, "--version", "1", "--out", "copy.zip"]);
    assert!(copy.status.success(), "{}", String::from_utf8_lossy(&copy.stderr));
    assert_eq!(std::fs::read(dir.path().join("copy.zip")).unwrap(), bytes);

    for (args, message) in [
        (vec!["bundle", &reference, "--out", "bundle.zip"], "exists"),
        (vec!["bundle", "LE-NOPE", "--out", "x.zip"], ""),
        (vec!["bundle", &reference, "--out", "y.zip", "--password-file", "short"], "at least 12"),
        (vec!["bundle", &reference, "--out", "z.zip", "--password-file", "missing"], "cannot read"),
        (vec!["bundle", &reference, "--out", "w.zip", "--source", "tape"], "records_database or uploads"),
        (vec!["bundle", &reference, "--version", "9", "--out", "v.zip"], "no production version 9"),
    ] {
        let output = lert(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: one line, got {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("y.zip").exists() && !dir.path().join("w.zip").exists());
}
