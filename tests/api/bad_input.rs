//! Bad input gets a clear 4xx and changes nothing.

use serde_json::{Value, json};

use crate::helpers::{TestApp, subpoena_case, test_apps};

async fn assert_refused(app: &TestApp, response: reqwest::Response, status: u16, needle: &str) {
    assert_eq!(response.status(), status, "{:?}", app.backend);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.unwrap();
    let message = body["error"].as_str().unwrap();
    assert!(message.contains(needle), "expected {needle:?} in {message:?}");
}

fn with_process(field: &str, value: Value) -> Value {
    let mut body = subpoena_case();
    body["process"][field] = value;
    body
}

#[tokio::test]
async fn malformed_and_invalid_case_bodies_are_refused_and_change_nothing() {
    for app in test_apps().await {
        let before = app.row_counts();
        let token = app.admin_token.clone();
        let cases: Vec<(reqwest::Response, u16, &str)> = vec![
            (app.post_raw("/api/v1/cases", &token, "{\"title\": ").await, 400, "invalid JSON body"),
            (app.post_raw("/api/v1/cases", &token, vec![0xff, 0xfe, 0x00]).await, 400, "invalid JSON body"),
            (
                app.post_json("/api/v1/cases", &token, &with_process("kind", json!("letter_from_mars")))
                    .await,
                400,
                "unknown variant `letter_from_mars`",
            ),
            (
                app.post_json("/api/v1/cases", &token, &with_process("served_on", json!("2026-02-30"))).await,
                400,
                "invalid JSON body",
            ),
            (
                app.post_json("/api/v1/cases", &token, &with_process("requested_to", json!("2026-01-01")))
                    .await,
                422,
                "ends (2026-01-01) before it starts (2026-03-01)",
            ),
            (
                app.post_json("/api/v1/cases", &token, &with_process("served_on", json!("2026-05-01"))).await,
                422,
                "served_on (2026-05-01) is before issued_on",
            ),
            (
                app.post_json("/api/v1/cases", &token, &json!({ "title": "x", "colour": "red" })).await,
                400,
                "unknown field `colour`",
            ),
            (
                app.post_json("/api/v1/cases", &token, &json!({ "title": "x".repeat(501) })).await,
                422,
                "title is too long",
            ),
            (app.post_json("/api/v1/cases", &token, &json!({ "title": "   " })).await, 422, "title"),
            (
                app.post_json(
                    "/api/v1/cases",
                    &token,
                    &json!({ "title": "x", "targets": [{ "kind": "ip", "value": "10.0.0.0/8" }] }),
                )
                .await,
                422,
                "range",
            ),
            (
                app.post_json(
                    "/api/v1/cases",
                    &token,
                    &json!({ "title": "x", "targets": [{ "kind": "domain", "value": "exa mple.com" }] }),
                )
                .await,
                422,
                "exa mple.com",
            ),
            (
                app.post_json(
                    "/api/v1/cases",
                    &token,
                    &json!({ "title": "x", "received_at": "2027-01-01T00:00:00Z" }),
                )
                .await,
                422,
                "in the future",
            ),
            (
                app.post_json(
                    "/api/v1/cases",
                    &token,
                    &json!({ "title": "x", "agency": { "name": "A", "country": "USA" } }),
                )
                .await,
                422,
                "two-letter",
            ),
            (
                app.post_json("/api/v1/cases", &token, &with_process("agent_phone", json!("call me maybe")))
                    .await,
                422,
                "phone number",
            ),
            (
                app.post_raw("/api/v1/cases", &token, format!("{{\"title\": \"{}\"}}", "x".repeat(20_000)))
                    .await,
                413,
                "larger than",
            ),
        ];
        for (response, status, needle) in cases {
            assert_refused(&app, response, status, needle).await;
        }
        assert_eq!(app.row_counts(), before, "a refused request changed the database");
    }
}

#[tokio::test]
async fn bad_queries_and_references_are_clear_errors() {
    for app in test_apps().await {
        let token = app.admin_token.clone();
        assert_refused(&app, app.get("/api/v1/cases?status=lost", &token).await, 400, "invalid query string")
            .await;
        assert_refused(&app, app.get("/api/v1/cases?sort=asc", &token).await, 400, "unknown field `sort`")
            .await;
        assert_refused(&app, app.get("/api/v1/cases?limit=1000", &token).await, 422, "limit").await;
        assert_refused(
            &app,
            app.get("/api/v1/cases?received_from=2026-06-02&received_to=2026-06-01", &token).await,
            422,
            "before received_from",
        )
        .await;
        assert_refused(&app, app.get("/api/v1/cases?cursor=garbage", &token).await, 400, "cursor").await;
        assert_refused(&app, app.get("/api/v1/cases/LE-2026-9999", &token).await, 404, "was not found").await;
        assert_refused(&app, app.get("/api/v1/cases/not-a-reference", &token).await, 404, "not-a-reference")
            .await;
    }
}

#[tokio::test]
async fn sql_and_html_in_text_are_stored_as_plain_text() {
    for app in test_apps().await {
        let title = "Robert'); DROP TABLE cases;-- <script>alert(1)</script>";
        let case = app
            .create_case(&json!({ "title": title, "agency": { "name": "<b>Agency</b>' OR 1=1 --" } }))
            .await;
        assert_eq!(case["title"], title);
        assert_eq!(case["agency"]["name"], "<b>Agency</b>' OR 1=1 --");
        let reference = case["reference"].as_str().unwrap();
        let shown = app.get(&format!("/api/v1/cases/{reference}"), &app.admin_token).await;
        assert_eq!(shown.headers()["content-type"], "application/json");
        assert_eq!(shown.json::<Value>().await.unwrap()["title"], title);
        assert!(app.row_counts().iter().any(|(table, count)| table == "cases" && *count == 1));
    }
}

#[tokio::test]
async fn a_bad_status_change_or_target_changes_nothing() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap();
        let before = app.row_counts();
        let status = app
            .post_json(
                &format!("/api/v1/cases/{reference}/status"),
                &app.admin_token,
                &json!({ "status": "closed" }),
            )
            .await;
        assert_refused(&app, status, 409, "cannot go from received to closed").await;
        let target = app
            .post_json(
                &format!("/api/v1/cases/{reference}/targets"),
                &app.admin_token,
                &json!({ "kind": "email", "value": "not-an-email" }),
            )
            .await;
        assert_refused(&app, target, 422, "not-an-email").await;
        assert_eq!(app.row_counts(), before);
    }
}
