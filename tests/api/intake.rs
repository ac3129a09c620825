//! Intake end to end: messages uploaded through the API become cases, join cases or wait in
//! triage; nothing is lost and nothing is filed twice.

use serde_json::Value;

use crate::helpers::{TestApp, spawn_with, test_apps};

pub const TRUSTED_MTA: &str = "mx.example-trust.test";

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/mail/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The app as intake tests run it: today is 2026-11-26 and the fixtures' MTA is trusted.
pub async fn intake_apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for app in test_apps().await {
        app.set_today("2026-11-26");
        apps.push(app);
    }
    apps
}

pub fn trust_fixture_mta(settings: &mut lert::config::Settings) {
    settings.intake.trusted_authserv_ids = vec![TRUSTED_MTA.to_owned()];
}

/// Uploads raw bytes as the admin; returns (status, body).
pub async fn upload(app: &TestApp, raw: Vec<u8>) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/intake/messages"))
        .bearer_auth(&app.admin_token)
        .header("Content-Type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")))
}

/// Uploads a fixture and returns the outcome, asserting it was new.
pub async fn import(app: &TestApp, name: &str) -> Value {
    let (status, outcome) = upload(app, fixture(name)).await;
    assert_eq!(status, 201, "{name}: {outcome}");
    outcome
}

pub async fn case_json(app: &TestApp, reference: &str) -> Value {
    let response = app.get(&format!("/api/v1/cases/{reference}"), &app.admin_token).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub async fn case_intake(app: &TestApp, reference: &str) -> Value {
    let response = app.get(&format!("/api/v1/cases/{reference}/intake"), &app.admin_token).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub fn flag_kinds(case: &Value) -> Vec<String> {
    case["flags"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_same_bytes_twice_change_nothing() {
    for app in intake_apps().await {
        let first = import(&app, "03-search-warrant.eml").await;
        let before = app.row_counts();
        let (status, again) = upload(&app, fixture("03-search-warrant.eml")).await;
        assert_eq!(status, 200);
        assert_eq!(again["already_imported"], true);
        assert_eq!((&again["message"], &again["case"]), (&first["message"], &first["case"]));
        assert_eq!(app.row_counts(), before, "{:?}", app.backend);
    }
}

#[tokio::test]
async fn a_second_delivery_of_a_message_id_joins_the_first_and_opens_nothing() {
    for app in intake_apps().await {
        let first = import(&app, "03-search-warrant.eml").await;
        let mut redelivered =
            b"Received: from relay2.example-trust.test by mx.example-trust.test; Thu, 26 Nov 2026 \
                                09:00:00 +0000\r\n"
                .to_vec();
        redelivered.extend(fixture("03-search-warrant.eml"));
        let (status, second) = upload(&app, redelivered).await;
        assert_eq!(status, 201);
        assert_eq!(second["status"], "duplicate");
        assert_eq!(second["case"], first["case"]);
        let cases: Value = app.get("/api/v1/cases", &app.admin_token).await.json().await.unwrap();
        assert_eq!(cases["cases"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn what_is_not_mail_waits_in_triage_with_its_reason_and_its_bytes() {
    for app in intake_apps().await {
        let outcome = import(&app, "19-undecodable.bin").await;
        assert_eq!(outcome["status"], "triage");
        assert!(outcome["case"].is_null());
        assert!(outcome["triage_reason"].as_str().unwrap().contains("not an email"), "{outcome}");
        let triage: Value = app.get("/api/v1/intake/messages", &app.admin_token).await.json().await.unwrap();
        let listed = triage.as_array().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["id"], outcome["message"]);
        let id = outcome["message"].as_str().unwrap();
        let shown: Value =
            app.get(&format!("/api/v1/intake/messages/{id}"), &app.admin_token).await.json().await.unwrap();
        assert_eq!(shown["sha256"], lert::storage::blobs::sha256_hex(&fixture("19-undecodable.bin")));
        let raw = app.storage.blobs.get(shown["sha256"].as_str().unwrap()).unwrap();
        assert_eq!(raw, fixture("19-undecodable.bin"), "the exact bytes are kept");
    }
}

#[tokio::test]
async fn newsletters_and_auto_replies_go_to_triage_not_to_cases() {
    for app in intake_apps().await {
        let outcome = import(&app, "18-not-a-request.eml").await;
        assert_eq!(outcome["status"], "triage");
        assert!(outcome["triage_reason"].as_str().unwrap().contains("bulk"), "{outcome}");
    }
}

#[tokio::test]
async fn an_oversize_message_is_stored_whole_and_flagged_not_parsed() {
    let app = spawn_with(crate::helpers::Backend::Sqlite, |s| s.intake.max_message_bytes = 4096).await;
    app.set_today("2026-11-26");
    let raw = fixture("01-grand-jury-subpoena.eml");
    assert!(raw.len() > 4096);
    let (status, body) = upload(&app, raw.clone()).await;
    assert_eq!(status, 413, "the API refuses uploads over the limit: {body}");
    assert_eq!(app.row_counts().iter().find(|(t, _)| t == "inbound_messages").unwrap().1, 0);
    // From the mailbox, the same message is kept whole and sent to triage.
    let storage = &app.storage;
    let settings = &app.settings;
    let clocks = settings.clocks_in_force().unwrap();
    let context = lert::intake::IntakeContext {
        blobs: storage.blobs.as_ref(),
        clocks: &clocks,
        settings: &settings.intake,
    };
    let now = chrono::Utc::now();
    let arrival = lert::intake::Arrival {
        source: lert::intake::Source::Pipe,
        source_ref: None,
        received_at: now,
        raw: &raw,
    };
    let outcome = lert::intake::ingest(&mut app.conn(), context, now, arrival).unwrap();
    assert_eq!(outcome.status, "triage");
    assert!(outcome.triage_reason.unwrap().contains("over the 4096-byte limit"));
    let sha = lert::storage::blobs::sha256_hex(&raw);
    assert_eq!(storage.blobs.get(&sha).unwrap().len(), raw.len(), "stored whole, not truncated");
}

#[tokio::test]
async fn a_reply_joins_the_case_it_answers_and_its_ndo_blocks_notice() {
    for app in intake_apps().await {
        let order = import(&app, "02-2703d-order.eml").await;
        let reference = order["case"].as_str().unwrap().to_owned();
        let reply = import(&app, "08-ndo-reply.eml").await;
        assert_eq!(reply["status"], "filed");
        assert_eq!(reply["case"], reference.as_str(), "the reply joins the order's case");
        let case = case_json(&app, &reference).await;
        let ndos = case["ndos"].as_array().unwrap();
        assert_eq!(ndos.len(), 1, "{case}");
        assert_eq!(ndos[0]["signed_on"], "2026-11-12");
        assert_eq!(ndos[0]["expires_on"], "2027-11-12");
        assert_eq!(case["notice"]["state"], "blocked_until", "{}", case["notice"]);
        let intake = case_intake(&app, &reference).await;
        assert_eq!(intake["messages"].as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn a_subject_with_a_case_reference_joins_that_case() {
    for app in intake_apps().await {
        let warrant = import(&app, "03-search-warrant.eml").await;
        let reference = warrant["case"].as_str().unwrap();
        let message = format!(
            "From: Nadia Rahimi <nadia.rahimi@usss.dhs.gov>\r\nTo: law-enforcement@example-trust.test\r\n\
             Subject: Follow-up [{reference}]\r\nMessage-ID: <follow-up-1@usss.dhs.gov>\r\nDate: Thu, 26 Nov 2026 \
             08:00:00 -0500\r\n\r\nAny update on the warrant return?\r\n"
        );
        let outcome = import_bytes(&app, message.into_bytes()).await;
        assert_eq!(outcome["case"], reference);
        let cases: Value = app.get("/api/v1/cases", &app.admin_token).await.json().await.unwrap();
        assert_eq!(cases["cases"].as_array().unwrap().len(), 1);
    }
}

pub async fn import_bytes(app: &TestApp, raw: Vec<u8>) -> Value {
    let (status, outcome) = upload(app, raw).await;
    assert_eq!(status, 201, "{outcome}");
    outcome
}

#[tokio::test]
async fn a_viewer_cannot_import_and_an_empty_upload_is_refused() {
    for app in intake_apps().await {
        let viewer = app.token_for(lert::domain::role::Role::Viewer);
        let response = app
            .client
            .post(app.url("/api/v1/intake/messages"))
            .bearer_auth(&viewer)
            .body(fixture("03-search-warrant.eml"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        let (status, body) = upload(&app, Vec::new()).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(app.row_counts().iter().find(|(t, _)| t == "inbound_messages").unwrap().1, 0);
    }
}

fn guess<'a>(intake: &'a Value, field: &str, value: &str) -> &'a Value {
    intake["guesses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["field"] == field && g["value"].to_string().contains(value))
        .unwrap_or_else(|| panic!("no {field} guess with {value}: {intake}"))
}

#[tokio::test]
async fn the_legal_team_confirms_corrects_and_rejects_guesses_and_each_decision_is_audited() {
    for app in intake_apps().await {
        let reference = import(&app, "02-2703d-order.eml").await["case"].as_str().unwrap().to_owned();
        let intake = case_intake(&app, &reference).await;
        let within = guess(&intake, "respond_within_days", "14");
        assert_eq!(within["evidence"]["phrase"], "within fourteen (14) days");
        assert_eq!(within["confidence"], "high");
        let decide = |id: &Value, body: Value| {
            let path = format!("/api/v1/cases/{reference}/intake/guesses/{}", id.as_str().unwrap());
            let app = &app;
            async move {
                let response = app.post_json(&path, &app.admin_token, &body).await;
                (response.status().as_u16(), response.json::<Value>().await.unwrap())
            }
        };
        let (status, corrected) =
            decide(&within["id"], serde_json::json!({ "decision": "correct", "value": 21 })).await;
        assert_eq!((status, &corrected["status"]), (200, &Value::from("corrected")), "{corrected}");
        let ip = guess(&intake, "identifier", "203.0.113.77");
        let (status, _) = decide(&ip["id"], serde_json::json!({ "decision": "reject" })).await;
        assert_eq!(status, 200);
        let agent = guess(&intake, "agent_name", "Ortega");
        assert_eq!(decide(&agent["id"], serde_json::json!({ "decision": "confirm" })).await.0, 200);
        let (again, body) = decide(&agent["id"], serde_json::json!({ "decision": "reject" })).await;
        assert_eq!(again, 409, "a decided guess stays decided: {body}");

        let case = case_json(&app, &reference).await;
        assert_eq!(case["processes"][0]["respond_within_days"], 21);
        let targets: Vec<&str> =
            case["targets"].as_array().unwrap().iter().map(|t| t["normalized"].as_str().unwrap()).collect();
        assert_eq!(targets, ["2290417765"], "the rejected IP is withdrawn");
        let audit: Value = app
            .get(&format!("/api/v1/cases/{reference}/audit"), &app.admin_token)
            .await
            .json()
            .await
            .unwrap();
        let correction = audit
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "intake.guess_corrected")
            .expect("the correction is audited");
        assert_eq!(
            (&correction["details"]["proposed"], &correction["details"]["corrected"]),
            (&Value::from(14), &Value::from(21))
        );
        assert!(audit.as_array().unwrap().iter().any(|e| e["action"] == "intake.guess_rejected"));
    }
}

#[tokio::test]
async fn authenticity_evidence_from_the_trusted_mta_flags_a_fake_and_never_rejects_it() {
    let app = spawn_with(crate::helpers::Backend::Sqlite, trust_fixture_mta).await;
    app.set_today("2026-11-26");
    let outcome = import(&app, "09-lookalike-domain.eml").await;
    assert_eq!(outcome["status"], "filed", "flagged, not rejected");
    let reference = outcome["case"].as_str().unwrap();
    let case = case_json(&app, reference).await;
    let blocking: Vec<&str> = case["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "blocking")
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    for kind in ["dmarc_failed", "sender_look_alike", "reply_to_differs"] {
        assert!(blocking.contains(&kind), "{kind} not among {blocking:?}");
    }
    let intake = case_intake(&app, reference).await;
    let authenticity = &intake["messages"][0]["summary"]["authenticity"];
    assert_eq!(authenticity["authserv_id"], TRUSTED_MTA);
    assert_eq!(authenticity["ignored_headers"], 1, "the forged mx.fbi.gov header is ignored");

    // Without a trusted authserv-id nothing is believed: the results are missing, not passed.
    let untrusting = spawn_with(crate::helpers::Backend::Sqlite, |_| {}).await;
    untrusting.set_today("2026-11-26");
    let outcome = import(&untrusting, "01-grand-jury-subpoena.eml").await;
    let case = case_json(&untrusting, outcome["case"].as_str().unwrap()).await;
    assert!(flag_kinds(&case).contains(&"auth_results_missing".to_owned()), "{:?}", flag_kinds(&case));
}

#[tokio::test]
async fn a_message_stored_but_never_filed_is_filed_when_it_arrives_again() {
    for app in intake_apps().await {
        let raw = fixture("06-emergency-request.eml");
        // The app's clock, not the machine's: a receipt after the app's now would be refused.
        let now = lert::clock::Clock::now(app.clock.as_ref());
        let arrival = lert::intake::Arrival {
            source: lert::intake::Source::Pipe,
            source_ref: None,
            received_at: now,
            raw: &raw,
        };
        // As if the importer died right after the raw-first commit.
        let stored =
            lert::intake::store::store_raw(&mut app.conn(), app.storage.blobs.as_ref(), now, arrival)
                .unwrap();
        assert!(matches!(stored, lert::intake::store::Stored::New(_)));
        let (status, outcome) = upload(&app, raw).await;
        assert_eq!(status, 201, "{outcome}");
        assert_eq!(
            (outcome["status"].as_str(), outcome["already_imported"].as_bool()),
            (Some("filed"), Some(false))
        );
        assert!(outcome["case"].is_string());
    }
}

#[tokio::test]
async fn correcting_the_country_of_a_foreign_agency_changes_the_agency() {
    let app = spawn_with(crate::helpers::Backend::Sqlite, trust_fixture_mta).await;
    app.set_today("2026-11-26");
    let reference = import(&app, "07-foreign-police-request.eml").await["case"].as_str().unwrap().to_owned();
    assert_eq!(case_json(&app, &reference).await["agency"]["country"], "DE");
    let intake = case_intake(&app, &reference).await;
    let country = guess(&intake, "country", "DE");
    let path = format!("/api/v1/cases/{reference}/intake/guesses/{}", country["id"].as_str().unwrap());
    let response = app
        .post_json(&path, &app.admin_token, &serde_json::json!({ "decision": "correct", "value": "AT" }))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(case_json(&app, &reference).await["agency"]["country"], "AT");
}

#[tokio::test]
async fn an_attachment_over_the_limit_stays_in_the_raw_message_and_flags_the_case() {
    let app = spawn_with(crate::helpers::Backend::Sqlite, |settings| {
        trust_fixture_mta(settings);
        settings.intake.max_attachment_bytes = 16 * 1024;
    })
    .await;
    app.set_today("2026-11-26");
    let outcome = import(&app, "01-grand-jury-subpoena.eml").await;
    assert_eq!(outcome["status"], "filed");
    let case = case_json(&app, outcome["case"].as_str().unwrap()).await;
    assert!(case["documents"].as_array().unwrap().is_empty(), "the 83 KB PDF is not a document: {case}");
    let flag = case["flags"].as_array().unwrap().iter().find(|f| f["kind"] == "attachment_oversize").unwrap();
    assert!(flag["message"].as_str().unwrap().contains("subpoena.pdf"), "{flag}");
    let raw = app
        .storage
        .blobs
        .get(&lert::storage::blobs::sha256_hex(&fixture("01-grand-jury-subpoena.eml")))
        .unwrap();
    assert_eq!(raw, fixture("01-grand-jury-subpoena.eml"), "the attachment is kept inside the raw message");
}
