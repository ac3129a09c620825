//! The case core through the API, on every backend.

use serde_json::json;

use crate::helpers::{subpoena_case, test_apps};

#[tokio::test]
async fn a_case_is_opened_with_its_process_agency_and_normalised_targets() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;

        assert_eq!(case["reference"], "LE-2026-0001", "{:?}", app.backend);
        assert_eq!(case["status"], "received");
        assert_eq!(case["received_at"], "2026-06-04T17:30:00Z");
        assert_eq!(case["agency"]["name"], "Federal Bureau of Investigation, San Francisco Field Office");
        let process = &case["processes"][0];
        assert_eq!(process["kind"], "criminal_subpoena");
        assert_eq!(process["docket_number"], "26-GJ-0142");
        assert_eq!(process["requested_from"], "2026-03-01");
        assert_eq!(process["data_categories"], json!(["account_registration", "contact_email"]));
        let normalized: Vec<&str> =
            case["targets"].as_array().unwrap().iter().map(|t| t["normalized"].as_str().unwrap()).collect();
        assert_eq!(normalized, ["example.com", "someone@example.com", "12345"]);
        assert_eq!(case["targets"][0]["raw"], "Example.COM.");
    }
}

#[tokio::test]
async fn references_count_up_within_the_year() {
    for app in test_apps().await {
        let first = app.create_case(&json!({ "title": "first" })).await;
        let second = app.create_case(&json!({ "title": "second" })).await;
        assert_eq!(first["reference"], "LE-2026-0001");
        assert_eq!(second["reference"], "LE-2026-0002");
    }
}

#[tokio::test]
async fn the_list_filters_by_status_kind_agency_identifier_and_dates() {
    for app in test_apps().await {
        let subpoena = app.create_case(&subpoena_case()).await;
        let warrant = app
            .create_case(&json!({
                "title": "Search warrant",
                "received_at": "2026-05-01T12:00:00Z",
                "agency": { "name": "Seattle Police Department" },
                "process": { "kind": "search_warrant" },
                "targets": [{ "kind": "ip", "value": "2001:DB8:0:0::1" }]
            }))
            .await;
        let refs = |page: serde_json::Value| -> Vec<String> {
            page["cases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["reference"].as_str().unwrap().to_owned())
                .collect()
        };
        let token = app.admin_token.clone();
        let list = |query: &'static str| {
            let app = &app;
            let token = token.clone();
            async move {
                let response = app.get(&format!("/api/v1/cases{query}"), &token).await;
                assert_eq!(response.status(), 200, "{query}");
                response.json::<serde_json::Value>().await.unwrap()
            }
        };
        let (s, w) = (subpoena["reference"].as_str().unwrap(), warrant["reference"].as_str().unwrap());
        assert_eq!(refs(list("").await), [s, w], "newest received first");
        assert_eq!(refs(list("?kind=search_warrant").await), [w]);
        assert_eq!(refs(list("?agency=seattle%20police%20department").await), [w]);
        assert_eq!(refs(list("?identifier=2001:db8::1").await), [w]);
        assert_eq!(refs(list("?identifier=EXAMPLE.com").await), [s]);
        assert_eq!(refs(list("?received_from=2026-06-01&received_to=2026-06-30").await), [s]);
        assert_eq!(refs(list("?received_to=2026-05-01").await), [w], "received_to is inclusive");
        assert!(refs(list("?status=closed").await).is_empty());
        let summary = &list("?kind=criminal_subpoena").await["cases"][0];
        assert_eq!(summary["process_kinds"], json!(["criminal_subpoena"]));
    }
}

#[tokio::test]
async fn pages_follow_the_cursor_without_gaps_or_repeats() {
    for app in test_apps().await {
        for day in 1..=7 {
            app.create_case(&json!({ "title": format!("case {day}"), "received_at": format!("2026-05-0{day}T09:00:00Z") }))
                .await;
        }
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let query = match &cursor {
                Some(c) => format!("/api/v1/cases?limit=3&cursor={c}"),
                None => "/api/v1/cases?limit=3".to_owned(),
            };
            let page: serde_json::Value = app.get(&query, &app.admin_token).await.json().await.unwrap();
            seen.extend(
                page["cases"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap().to_owned()),
            );
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        let expected: Vec<String> = (1..=7).rev().map(|d| format!("case {d}")).collect();
        assert_eq!(seen, expected);
    }
}

#[tokio::test]
async fn a_case_moves_only_along_legal_transitions() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap();
        let status = |to: &str| json!({ "status": to, "note": "reviewed" });
        let path = format!("/api/v1/cases/{reference}/status");

        let skipped = app.post_json(&path, &app.admin_token, &status("produced")).await;
        assert_eq!(skipped.status(), 409);
        let body: serde_json::Value = skipped.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("received"), "{body}");

        for to in ["in_review", "approved", "produced", "closed"] {
            let response = app.post_json(&path, &app.admin_token, &status(to)).await;
            assert_eq!(response.status(), 200, "to {to}");
            assert_eq!(response.json::<serde_json::Value>().await.unwrap()["status"], to);
        }
        let closed = app
            .post_json(
                &format!("/api/v1/cases/{reference}/targets"),
                &app.admin_token,
                &json!({ "kind": "domain", "value": "late.example" }),
            )
            .await;
        assert_eq!(closed.status(), 409, "a closed case takes no new targets");
    }
}

#[tokio::test]
async fn processes_and_targets_are_added_and_duplicates_refused() {
    for app in test_apps().await {
        let case = app.create_case(&json!({ "title": "preservation" })).await;
        let reference = case["reference"].as_str().unwrap();
        let added = app
            .post_json(
                &format!("/api/v1/cases/{reference}/processes"),
                &app.admin_token,
                &json!({ "kind": "preservation_request", "served_on": "2026-06-01" }),
            )
            .await;
        assert_eq!(added.status(), 201);
        let target = json!({ "kind": "cert_serial", "value": "03:A1:B2:C3" });
        let path = format!("/api/v1/cases/{reference}/targets");
        let first = app.post_json(&path, &app.admin_token, &target).await;
        assert_eq!(first.status(), 201);
        let body: serde_json::Value = first.json().await.unwrap();
        assert_eq!(body["targets"][0]["normalized"], "3a1b2c3");
        assert_eq!(body["processes"][0]["kind"], "preservation_request");
        let again = app
            .post_json(&path, &app.admin_token, &json!({ "kind": "cert_serial", "value": "3a1b2c3" }))
            .await;
        assert_eq!(again.status(), 409);
    }
}

#[tokio::test]
async fn cases_are_assigned_to_people_who_can_work_them() {
    for app in test_apps().await {
        let case = app.create_case(&json!({ "title": "assign me" })).await;
        let reference = case["reference"].as_str().unwrap();
        let path = app.url(&format!("/api/v1/cases/{reference}/assignee"));
        let assigned = app
            .client
            .put(&path)
            .bearer_auth(&app.admin_token)
            .json(&json!({ "assignee": crate::helpers::ADMIN_EMAIL }))
            .send()
            .await
            .unwrap();
        assert_eq!(assigned.status(), 200);
        assert_eq!(
            assigned.json::<serde_json::Value>().await.unwrap()["assignee"],
            crate::helpers::ADMIN_EMAIL
        );
        let nobody = app
            .client
            .put(&path)
            .bearer_auth(&app.admin_token)
            .json(&json!({ "assignee": "nobody@lert.test" }))
            .send()
            .await
            .unwrap();
        assert_eq!(nobody.status(), 422);
    }
}

#[tokio::test]
async fn references_restart_in_a_new_year_of_the_organisation() {
    for app in test_apps().await {
        app.create_case(&json!({ "title": "last of 2026" })).await;
        app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 1, 1, 0, 30, 0).unwrap());
        let case = app.create_case(&json!({ "title": "first of 2027" })).await;
        assert_eq!(case["reference"], "LE-2027-0001");
    }
}

#[tokio::test]
async fn the_first_administrator_signs_in_with_the_printed_password() {
    let app = crate::helpers::spawn_app().await;
    let mut conn = app.conn();
    let actor = lert::workflows::users::authenticate_password(
        &mut conn,
        crate::helpers::ADMIN_EMAIL,
        &app.admin_password,
    )
    .unwrap()
    .expect("the one-time password works");
    assert_eq!(actor.role, lert::domain::role::Role::Admin);
    let wrong = lert::workflows::users::authenticate_password(
        &mut conn,
        crate::helpers::ADMIN_EMAIL,
        "wrong password!",
    );
    assert!(wrong.unwrap().is_none());
}
