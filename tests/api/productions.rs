//! Productions end to end through the API: counsel's decisions, a bundle made from the records
//! database, checked with the tools an agency would use (unzip, sha256sum, qpdf, pdftotext),
//! downloaded only by counsel and audited, regenerated as a new (identical) version, delivered,
//! and immutable in the database.

use std::path::Path;
use std::process::Command;

use diesel::RunQueryDsl;
use lert::domain::identifier::{Identifier, TargetKind};
use lert::domain::role::Role;
use lert::productions::records_db::RecordsDb;
use lert::productions::records_db::fill::fill_for;
use serde_json::{Value, json};

use crate::helpers::{TestApp, backends, spawn, subpoena_case, test_now};

/// A 2703(d) order for account records, contact emails and API logs of two accounts, received
/// 2026-06-04: logs reach back to 2026-03-06.
pub fn court_order_case() -> Value {
    let mut case = subpoena_case();
    case["title"] = json!("2703(d) order re: accounts 12345 and 777");
    case["process"]["kind"] = json!("court_order_2703d");
    case["process"]["docket_number"] = json!("26-MJ-0142");
    case["process"]["issuing_authority"] = json!("U.S. District Court, N.D. Cal.");
    case["process"]["requested_from"] = json!("2026-01-01");
    case["process"]["requested_to"] = json!("2026-06-04");
    case["process"]["data_categories"] = json!(["account_registration", "contact_email", "api_logs"]);
    case["targets"] = json!([
        { "kind": "account_id", "value": "12345" },
        { "kind": "account_id", "value": "777" }
    ]);
    case
}

/// The default records database with both accounts, and two log lines on the window's edge.
pub fn fill_records(app: &TestApp) {
    let url = app.settings.effective_records_database_url();
    let mut db = RecordsDb::open(&url).unwrap();
    db.create_schema().unwrap();
    let ids = ["12345", "777"].map(|id| Identifier::parse(TargetKind::AccountId, id).unwrap());
    fill_for(&mut db, &ids, test_now(), 40, 7).unwrap();
    diesel::sql_query(
        "INSERT INTO api_log (at, account_id, endpoint, domains, client_ip) VALUES \
         ('2026-03-05 23:59:59', '12345', 'new-order', 'before-window.example', '198.51.100.7'), \
         ('2026-03-06 00:00:00', '12345', 'new-order', 'window-edge.example', '198.51.100.7')",
    )
    .execute(db.connection())
    .unwrap();
}

pub async fn approve(app: &TestApp, reference: &str) {
    for to in ["in_review", "approved"] {
        app.post_ok(&format!("/api/v1/cases/{reference}/status"), &json!({ "status": to }), 200).await;
    }
}

pub async fn generate(app: &TestApp, reference: &str, token: &str, body: &Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/cases/{reference}/productions"), token, body).await
}

pub fn tool(name: &str) -> bool {
    let present =
        Command::new(name).arg("--version").output().is_ok() || Command::new(name).arg("-h").output().is_ok();
    if !present {
        eprintln!("{name} not installed: that check is skipped (.ci/run installs it)");
    }
    present
}

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).current_dir(dir).output().unwrap();
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn target_id(case: &Value, raw: &str) -> String {
    case["targets"].as_array().unwrap().iter().find(|t| t["raw"] == raw).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_production_is_scoped_verifiable_downloaded_by_counsel_only_and_immutable() {
    for backend in backends() {
        let app = spawn(backend).await;
        fill_records(&app);
        let case = app.create_case(&court_order_case()).await;
        let reference = case["reference"].as_str().unwrap().to_owned();
        let counsel = app.token_for(Role::Counsel);
        let analyst = app.token_for(Role::Analyst);

        let early = generate(&app, &reference, &counsel, &json!({})).await;
        assert_eq!(early.status(), 409, "not approved yet");
        assert!(early.text().await.unwrap().contains("approves a case before"));
        approve(&app, &reference).await;

        let decisions = format!("/api/v1/cases/{reference}/productions/decisions");
        let withhold = json!({
            "subject": format!("target:{}", target_id(&case, "777")),
            "decision": "withhold",
            "reason": "not named with particularity in the order"
        });
        let put = |token: &str, body: &Value| {
            app.client.put(app.url(&decisions)).bearer_auth(token.to_owned()).json(body).send()
        };
        assert_eq!(put(&analyst, &withhold).await.unwrap().status(), 403);
        let blank = json!({ "subject": "backups", "decision": "produce", "reason": "  " });
        assert_eq!(put(&counsel, &blank).await.unwrap().status(), 422);
        let decided = put(&counsel, &withhold).await.unwrap();
        assert_eq!(decided.status(), 200, "{}", decided.text().await.unwrap());

        assert_eq!(generate(&app, &reference, &analyst, &json!({})).await.status(), 403);
        let made = generate(&app, &reference, &counsel, &json!({})).await;
        assert_eq!(made.status(), 201);
        let made: Value = made.json().await.unwrap();
        assert_eq!(made["version"], 1);
        assert_eq!(made["source"], "records_database");
        let names: Vec<&str> =
            made["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        for expected in [
            "accounts.csv",
            "accounts.json",
            "contact_emails.csv",
            "api_log.csv",
            "api_log.json",
            "records-report.pdf",
            "cover-letter.pdf",
            "certification.pdf",
            "manifest.json",
        ] {
            assert!(names.contains(&expected), "{expected} missing from {names:?}");
        }
        assert_eq!(made["scope"]["window"], json!({ "first_day": "2026-03-06", "last_day": "2026-06-04" }));
        assert_eq!(
            made["scope"]["targets_withheld"][0]["reason"],
            "not named with particularity in the order"
        );

        let bundle_path = format!("/api/v1/cases/{reference}/productions/1/bundle");
        assert_eq!(app.get(&bundle_path, &analyst).await.status(), 403);
        let downloaded = app.get(&bundle_path, &counsel).await;
        assert_eq!(downloaded.status(), 200);
        assert_eq!(downloaded.headers()["content-type"], "application/zip");
        let disposition = downloaded.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(
            disposition.starts_with("attachment")
                && disposition.contains(&format!("{reference}-production-1.zip"))
        );
        let bytes = downloaded.bytes().await.unwrap();
        assert_eq!(lert::storage::blobs::sha256_hex(&bytes), made["bundle"]["sha256"].as_str().unwrap());

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bundle.zip"), &bytes).unwrap();
        if tool("unzip") {
            run(dir.path(), "unzip", &["-q", "bundle.zip"]);
            let folder = dir.path().join(&reference);
            let checked = run(&folder, "sha256sum", &["-c", "MANIFEST.sha256"]);
            assert!(checked.lines().all(|l| l.ends_with(": OK")), "{checked}");
            let log = std::fs::read_to_string(folder.join("api_log.csv")).unwrap();
            assert!(
                log.contains("2026-03-06T00:00:00Z") && log.contains("window-edge.example"),
                "the edge is in"
            );
            assert!(!log.contains("before-window.example"), "a second before the window is out");
            assert!(!log.contains(",777,"), "the withheld account's logs are out");
            let accounts = std::fs::read_to_string(folder.join("accounts.csv")).unwrap();
            assert_eq!(accounts.lines().count(), 2, "header and account 12345 only: {accounts}");
            if tool("qpdf") && tool("pdftotext") {
                for pdf in ["cover-letter.pdf", "certification.pdf", "records-report.pdf"] {
                    run(&folder, "qpdf", &["--check", pdf]);
                }
                let letter = run(&folder, "pdftotext", &["cover-letter.pdf", "-"]);
                assert!(
                    letter.contains(&reference) && letter.contains("Federal Bureau of Investigation"),
                    "{letter}"
                );
                assert!(letter.contains("not named with particularity"), "{letter}");
                let certification =
                    run(&folder, "pdftotext", &["-raw", "certification.pdf", "-"]).replace(['\n', ' '], "");
                for file in made["files"].as_array().unwrap() {
                    let name = file["name"].as_str().unwrap();
                    if name != "certification.pdf" && name != "manifest.json" {
                        assert!(certification.contains(file["sha256"].as_str().unwrap()), "{name}'s digest");
                    }
                }
            }
        }

        let again = generate(&app, &reference, &counsel, &json!({})).await;
        assert_eq!(again.status(), 201);
        let again: Value = again.json().await.unwrap();
        assert_eq!(again["version"], 2);
        assert_eq!(
            again["bundle"]["sha256"], made["bundle"]["sha256"],
            "the same input and date give the same bundle"
        );

        let delivery =
            json!({ "method": "secure_portal", "recipient": "FBI LEEP portal, request 26-MJ-0142" });
        let deliveries = format!("/api/v1/cases/{reference}/productions/2/deliveries");
        assert_eq!(app.post_json(&deliveries, &analyst, &delivery).await.status(), 403);
        let bad = json!({ "method": "carrier pigeon", "recipient": "SA Whitfield" });
        assert_eq!(app.post_json(&deliveries, &counsel, &bad).await.status(), 422);
        let delivered = app.post_json(&deliveries, &counsel, &delivery).await;
        assert_eq!(delivered.status(), 201, "{}", delivered.text().await.unwrap());
        let shown: Value =
            app.get(&format!("/api/v1/cases/{reference}"), &counsel).await.json().await.unwrap();
        assert_eq!(shown["status"], "produced", "the first delivery marks the case produced");
        let versions = shown["productions"]["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0]["deliveries"][0]["method"], "secure_portal");

        let trail: Value = app
            .get(&format!("/api/v1/cases/{reference}/audit"), &app.admin_token)
            .await
            .json()
            .await
            .unwrap();
        let actions: Vec<&Value> = trail.as_array().unwrap().iter().collect();
        let generated =
            actions.iter().find(|e| e["action"] == "production.generated").expect("generation audited");
        assert_eq!(generated["details"]["bundle_sha256"], made["bundle"]["sha256"]);
        assert_eq!(actions.iter().filter(|e| e["action"] == "production.downloaded").count(), 1);
        assert!(actions.iter().any(|e| e["action"] == "production.delivered"));
        assert!(actions.iter().any(|e| e["action"] == "production.decided"));

        let mut conn = app.conn();
        for statement in [
            "UPDATE productions SET bundle_sha256 = 'x'",
            "DELETE FROM production_files",
            "UPDATE production_deliveries SET recipient = 'someone else'",
        ] {
            let refused = diesel::sql_query(statement).execute(&mut *conn);
            assert!(refused.is_err(), "{statement} must be refused");
        }
    }
}

#[tokio::test]
async fn a_production_waits_for_the_subscriber_notice_and_its_objection_period() {
    let app = spawn(crate::helpers::Backend::Sqlite).await;
    fill_records(&app);
    let case = app.create_case(&court_order_case()).await;
    let reference = case["reference"].as_str().unwrap().to_owned();
    let contact = format!("/api/v1/cases/{reference}/targets/{}/contact", target_id(&case, "12345"));
    let set = app.client.put(app.url(&contact)).bearer_auth(&app.admin_token);
    assert_eq!(
        set.json(&json!({ "contact_email": "owner@example.net" })).send().await.unwrap().status(),
        200
    );
    approve(&app, &reference).await;
    let counsel = app.token_for(Role::Counsel);
    let held = generate(&app, &reference, &counsel, &json!({})).await;
    assert_eq!(held.status(), 409);
    assert!(held.text().await.unwrap().contains("has not gone out"));

    app.tick_at(test_now());
    let waiting = generate(&app, &reference, &counsel, &json!({})).await;
    assert_eq!(waiting.status(), 409);
    assert!(waiting.text().await.unwrap().contains("objection period"));
    app.set_today("2026-06-13");
    assert_eq!(generate(&app, &reference, &counsel, &json!({})).await.status(), 201);
}
