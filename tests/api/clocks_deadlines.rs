//! Response deadlines, lookback, tiers and sufficiency flags, and the deadline list.

use serde_json::{Value, json};

use crate::helpers::{Backend, spawn_with, subpoena_case, test_apps};

pub fn deadline<'a>(case: &'a Value, kind: &str) -> Vec<&'a Value> {
    case["deadlines"].as_array().unwrap().iter().filter(|d| d["kind"] == kind).collect()
}

pub fn flag_kinds(case: &Value) -> Vec<String> {
    case["flags"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap().to_owned()).collect()
}

fn flag<'a>(case: &'a Value, kind: &str) -> &'a Value {
    case["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} flag"))
}

fn within_14_days_of_service() -> Value {
    let mut body = subpoena_case();
    body["process"]["served_on"] = json!("2026-06-05");
    body["process"]["return_by"] = Value::Null;
    body["process"]["respond_within_days"] = json!(14);
    body
}

#[tokio::test]
async fn within_n_days_rolls_past_juneteenth_with_its_trail_and_sets_an_internal_target() {
    for app in test_apps().await {
        let case = app.create_case(&within_14_days_of_service()).await;
        let due = deadline(&case, "response_due");
        assert_eq!(due.len(), 1, "{:?}", app.backend);
        assert_eq!(due[0]["due_on"], "2026-06-22");
        assert_eq!(
            due[0]["trail"],
            "served 2026-06-05; +14 calendar days = 2026-06-19, Juneteenth; rolled to Mon 2026-06-22"
        );
        let target = deadline(&case, "internal_target");
        assert_eq!(target[0]["due_on"], "2026-06-16");
        assert_eq!(
            target[0]["trail"],
            "due 2026-06-22; -3 business days (skipping Juneteenth on Fri 2026-06-19) = Tue 2026-06-16"
        );
        assert!(
            case["flags"].as_array().unwrap().is_empty(),
            "a complete subpoena has no flags: {}",
            case["flags"]
        );
    }
}

#[tokio::test]
async fn a_fixed_return_date_on_a_weekend_is_kept_and_flagged() {
    for app in test_apps().await {
        let mut body = subpoena_case();
        body["process"]["return_by"] = json!("2026-06-21");
        let case = app.create_case(&body).await;
        assert_eq!(deadline(&case, "response_due")[0]["due_on"], "2026-06-21");
        let warning = flag(&case, "date_warning");
        assert!(warning["message"].as_str().unwrap().contains("Sunday"), "{warning}");
    }
}

#[tokio::test]
async fn office_closures_from_settings_move_a_deadline() {
    let app = spawn_with(Backend::Sqlite, |settings| {
        settings.clocks.closures = vec![lert::config::clocks::ClosureSetting {
            date: "2026-06-22".parse().unwrap(),
            reason: "Office closure".into(),
        }];
    })
    .await;
    let case = app.create_case(&within_14_days_of_service()).await;
    let due = deadline(&case, "response_due");
    assert_eq!(due[0]["due_on"], "2026-06-23");
    assert!(due[0]["trail"].as_str().unwrap().ends_with("rolled to Tue 2026-06-23"), "{}", due[0]["trail"]);
}

#[tokio::test]
async fn a_subpoena_for_old_logs_is_flagged_and_preserved_automatically() {
    for app in test_apps().await {
        let mut body = subpoena_case();
        body["process"]["data_categories"] = json!(["api_logs"]);
        body["process"]["requested_from"] = json!("2026-01-01");
        let case = app.create_case(&body).await;

        let lookback = flag(&case, "lookback_exceeded");
        let message = lookback["message"].as_str().unwrap();
        assert!(message.contains("logs before 2026-03-06"), "{message}");
        assert!(message.contains("the last unavailable day is 2026-03-05"), "{message}");
        let mismatch = flag(&case, "category_mismatch");
        assert!(
            mismatch["message"].as_str().unwrap().contains("api_logs needs a 2703(d) court order"),
            "{mismatch}"
        );

        let preservation = &case["preservations"][0];
        assert_eq!(preservation["automatic"], true);
        assert_eq!(preservation["received_on"], "2026-06-04");
        assert_eq!(preservation["expires_on"], "2026-09-02");
        assert_eq!(deadline(&case, "preservation_expiry")[0]["due_on"], "2026-09-02");
    }
}

async fn preserve_example_com(app: &crate::helpers::TestApp, received_on: &str) {
    app.set_today(received_on);
    let earlier = app
        .create_case(&json!({
            "title": "Preservation request",
            "received_at": format!("{received_on}T10:00:00Z"),
            "process": { "kind": "preservation_request" },
            "targets": [{ "kind": "domain", "value": "example.com" }]
        }))
        .await;
    let reference = earlier["reference"].as_str().unwrap();
    app.post_ok(
        &format!("/api/v1/cases/{reference}/preservations"),
        &json!({ "received_on": received_on }),
        201,
    )
    .await;
    app.set_today("2026-06-05");
}

fn order_for_logs_since(from: &str) -> Value {
    let mut body = subpoena_case();
    body["process"]["kind"] = json!("court_order_2703d");
    body["process"]["data_categories"] = json!(["api_logs"]);
    body["process"]["requested_from"] = json!(from);
    body
}

#[tokio::test]
async fn an_earlier_preservation_of_the_same_identifier_anchors_the_lookback() {
    for app in test_apps().await {
        // Received 2026-04-01, it preserves until 2026-06-30: logs from 2026-01-01 are kept.
        preserve_example_com(&app, "2026-04-01").await;
        let case = app.create_case(&order_for_logs_since("2026-01-01")).await;
        assert!(!flag_kinds(&case).contains(&"lookback_exceeded".to_owned()), "{}", case["flags"]);
    }
}

#[tokio::test]
async fn a_preservation_that_expired_before_the_request_does_not_anchor_it() {
    for app in test_apps().await {
        // Received 2026-02-01, it lapsed on 2026-05-02, before the order of 2026-06-04 arrived.
        preserve_example_com(&app, "2026-02-01").await;
        let case = app.create_case(&order_for_logs_since("2025-11-03")).await;
        let lookback = flag(&case, "lookback_exceeded");
        assert!(lookback["message"].as_str().unwrap().contains("logs before 2026-03-06"), "{lookback}");
    }
}

#[tokio::test]
async fn the_automatic_preservation_can_be_switched_off() {
    let app =
        spawn_with(Backend::Sqlite, |settings| settings.clocks.auto_preserve_log_requests = false).await;
    let mut body = subpoena_case();
    body["process"]["data_categories"] = json!(["api_logs"]);
    let case = app.create_case(&body).await;
    assert!(case["preservations"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn deficient_foreign_and_emergency_requests_are_flagged_with_reasons() {
    for app in test_apps().await {
        let mut body = subpoena_case();
        body["process"]["agent_phone"] = Value::Null;
        body["process"]["agent_email"] = json!("detective.smith@gmail.com");
        let deficient = app.create_case(&body).await;
        let kinds = flag_kinds(&deficient);
        assert!(kinds.contains(&"insufficient_direct_phone".to_owned()), "{kinds:?}");
        let sender = flag(&deficient, "insufficient_law_enforcement_sender");
        assert!(sender["message"].as_str().unwrap().contains("free mail"), "{sender}");

        let foreign = app
            .create_case(&json!({
                "title": "Request from the Bundeskriminalamt",
                "agency": { "name": "Bundeskriminalamt", "country": "DE" },
                "process": { "kind": "other", "served_on": "2026-06-03", "respond_within_days": 10 },
                "targets": [{ "kind": "ip", "value": "192.0.2.10" }]
            }))
            .await;
        assert!(flag_kinds(&foreign).contains(&"mlat_route".to_owned()));
        assert!(deadline(&foreign, "response_due").is_empty(), "no production deadline on the MLAT route");

        let emergency = app
            .create_case(&json!({
                "title": "EMERGENCY DISCLOSURE REQUEST",
                "received_at": "2026-06-05T02:00:00Z",
                "process": { "kind": "emergency_request" },
                "targets": [{ "kind": "email", "value": "victim@example.com" }]
            }))
            .await;
        let follow_up = deadline(&emergency, "emergency_follow_up");
        assert_eq!(follow_up[0]["due_on"], "2026-07-05");
        assert_eq!(flag(&emergency, "emergency_verification")["severity"], "blocking");
    }
}

#[tokio::test]
async fn deadlines_across_cases_come_soonest_first() {
    for app in test_apps().await {
        let first = app.create_case(&within_14_days_of_service()).await;
        let mut body = subpoena_case();
        body["process"]["return_by"] = json!("2026-06-10");
        let second = app.create_case(&body).await;
        let list: Value = app
            .get("/api/v1/deadlines?from=2026-06-01&to=2026-06-30&kind=response_due", &app.admin_token)
            .await
            .json()
            .await
            .unwrap();
        let rows: Vec<(&str, &str)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["reference"].as_str().unwrap(), d["due_on"].as_str().unwrap()))
            .collect();
        assert_eq!(
            rows,
            [
                (second["reference"].as_str().unwrap(), "2026-06-10"),
                (first["reference"].as_str().unwrap(), "2026-06-22")
            ]
        );
        let bad = app.get("/api/v1/deadlines?from=2026-06-30&to=2026-06-01", &app.admin_token).await;
        assert_eq!(bad.status(), 422);
    }
}

#[tokio::test]
async fn receipt_dates_are_counted_in_the_organisations_time_zone() {
    let app = spawn_with(Backend::Sqlite, |settings| settings.timezone = "America/Los_Angeles".into()).await;
    // 06:30 UTC on 5 June is 23:30 on 4 June in San Francisco.
    let case = app
        .create_case(&json!({
            "title": "EMERGENCY DISCLOSURE REQUEST",
            "received_at": "2026-06-05T06:30:00Z",
            "process": { "kind": "emergency_request" }
        }))
        .await;
    let follow_up = deadline(&case, "emergency_follow_up");
    assert_eq!(
        follow_up[0]["trail"],
        "emergency request received 2026-06-04; +30 calendar days = 2026-07-04"
    );
}

#[tokio::test]
async fn a_later_request_for_logs_is_preserved_from_the_day_it_arrives() {
    for app in test_apps().await {
        app.set_today("2026-06-01");
        let case = app
            .create_case(&json!({
                "title": "EMERGENCY DISCLOSURE REQUEST",
                "received_at": "2026-06-01T09:00:00Z",
                "process": { "kind": "emergency_request" },
                "targets": [{ "kind": "email", "value": "victim@example.com" }]
            }))
            .await;
        assert!(case["preservations"].as_array().unwrap().is_empty());
        let reference = case["reference"].as_str().unwrap();
        app.set_today("2026-09-15");
        let order = json!({ "kind": "court_order_2703d", "data_categories": ["api_logs"], "requested_from": "2026-06-01" });
        let case = app.post_ok(&format!("/api/v1/cases/{reference}/processes"), &order, 201).await;
        let preservation = &case["preservations"][0];
        assert_eq!(preservation["received_on"], "2026-09-15", "dated from the order, not the case");
        assert_eq!(preservation["expires_on"], "2026-12-14");
        assert_eq!(preservation["status"], "active");
        let lookback =
            case["flags"].as_array().unwrap().iter().find(|f| f["kind"] == "lookback_exceeded").unwrap();
        assert!(lookback["message"].as_str().unwrap().contains("logs before 2026-06-17"), "{lookback}");
    }
}

#[tokio::test]
async fn agencies_in_us_territories_are_not_foreign() {
    for app in test_apps().await {
        let mut body = within_14_days_of_service();
        body["agency"]["name"] = json!("Puerto Rico Police Bureau");
        body["agency"]["country"] = json!("PR");
        let case = app.create_case(&body).await;
        assert!(!flag_kinds(&case).contains(&"mlat_route".to_owned()), "{}", case["flags"]);
        assert_eq!(deadline(&case, "response_due")[0]["due_on"], "2026-06-22");
    }
}
