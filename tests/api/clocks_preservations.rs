//! Preservations: 90 days, one statutory renewal, counsel for more, holds and releases.

use lert::domain::role::Role;
use serde_json::{Value, json};

use crate::clocks_deadlines::deadline;
use crate::helpers::{TestApp, test_apps};

async fn preservation_case(app: &TestApp, received_at: &str, domain: &str) -> (String, String) {
    let case = app
        .create_case(&json!({
            "title": "2703(f) preservation request",
            "received_at": received_at,
            "process": { "kind": "preservation_request" },
            "targets": [{ "kind": "domain", "value": domain }]
        }))
        .await;
    let reference = case["reference"].as_str().unwrap().to_owned();
    let received_on = &received_at[..10];
    let case = app
        .post_ok(
            &format!("/api/v1/cases/{reference}/preservations"),
            &json!({ "received_on": received_on }),
            201,
        )
        .await;
    (reference, case["preservations"][0]["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn the_legal_worked_example_renews_from_the_current_expiry() {
    for app in test_apps().await {
        app.set_today("2026-01-02");
        let (reference, id) = preservation_case(&app, "2026-01-02T15:00:00Z", "example.com").await;
        let case = app
            .get(&format!("/api/v1/cases/{reference}"), &app.admin_token)
            .await
            .json::<Value>()
            .await
            .unwrap();
        assert_eq!(case["preservations"][0]["expires_on"], "2026-04-02");
        assert_eq!(
            deadline(&case, "preservation_expiry")[0]["trail"],
            "received 2026-01-02; +90 calendar days = 2026-04-02"
        );
        let reminders: Vec<&str> =
            deadline(&case, "preservation_reminder").iter().map(|d| d["due_on"].as_str().unwrap()).collect();
        assert_eq!(reminders, ["2026-03-19", "2026-03-30"]);

        app.set_today("2026-03-20");
        let renewed = app
            .post_ok(
                &format!("/api/v1/cases/{reference}/preservations/{id}/renewals"),
                &json!({ "received_on": "2026-03-20" }),
                201,
            )
            .await;
        assert_eq!(renewed["preservations"][0]["expires_on"], "2026-07-01");
        assert_eq!(renewed["preservations"][0]["renewals"], 1);
        let expiry = deadline(&renewed, "preservation_expiry");
        assert_eq!(expiry.len(), 1, "the old expiry is superseded");
        assert_eq!(
            expiry[0]["trail"],
            "received 2026-01-02; +90 calendar days = 2026-04-02; \
             renewal received 2026-03-20, before expiry 2026-04-02; 2026-04-02 +90 calendar days = 2026-07-01"
        );
    }
}

#[tokio::test]
async fn a_second_renewal_needs_counsel_and_a_late_one_is_refused() {
    for app in test_apps().await {
        app.set_today("2026-01-02");
        let (reference, id) = preservation_case(&app, "2026-01-02T15:00:00Z", "example.com").await;
        let path = format!("/api/v1/cases/{reference}/preservations/{id}/renewals");
        app.set_today("2026-03-20");
        app.post_ok(&path, &json!({ "received_on": "2026-03-20" }), 201).await;

        let analyst = app.token_for(Role::Analyst);
        let before = app.row_counts();
        let unapproved = app.post_json(&path, &analyst, &json!({ "received_on": "2026-03-20" })).await;
        assert_eq!(unapproved.status(), 409);
        assert!(unapproved.text().await.unwrap().contains("counsel's recorded approval"));
        let self_approved = app
            .post_json(&path, &analyst, &json!({ "received_on": "2026-03-20", "counsel_approval": true }))
            .await;
        assert_eq!(self_approved.status(), 403);
        assert_eq!(app.row_counts(), before, "refused renewals change nothing");

        let counsel = app.token_for(Role::Counsel);
        let approved = app
            .post_json(&path, &counsel, &json!({ "received_on": "2026-03-20", "counsel_approval": true }))
            .await;
        assert_eq!(approved.status(), 201);
        let case: Value = approved.json().await.unwrap();
        assert_eq!(case["preservations"][0]["expires_on"], "2026-09-29");
        assert_eq!(case["preservations"][0]["renewal_history"][1]["statutory"], false);

        app.set_today("2026-10-15");
        let before = app.row_counts();
        let late = app
            .post_json(&path, &counsel, &json!({ "received_on": "2026-10-10", "counsel_approval": true }))
            .await;
        assert_eq!(late.status(), 409);
        assert!(late.text().await.unwrap().contains("record it as a new preservation"));
        let unknown = app
            .post_json(
                &format!("/api/v1/cases/{reference}/preservations/nope/renewals"),
                &app.admin_token,
                &json!({ "received_on": "2026-10-10" }),
            )
            .await;
        assert_eq!(unknown.status(), 404);
        assert_eq!(app.row_counts(), before);
    }
}

#[tokio::test]
async fn a_held_preservation_is_released_only_by_counsel_after_every_matter_closes() {
    for app in test_apps().await {
        let (preserved, id) = preservation_case(&app, "2026-06-01T15:00:00Z", "example.com").await;
        let subpoena = app.create_case(&crate::helpers::subpoena_case()).await;
        let holder = subpoena["reference"].as_str().unwrap();
        let held = app
            .post_ok(
                &format!("/api/v1/cases/{preserved}/preservations/{id}/hold"),
                &json!({ "case": holder }),
                200,
            )
            .await;
        assert_eq!(held["preservations"][0]["status"], "held");
        assert_eq!(held["preservations"][0]["held_by"], holder);
        assert!(
            deadline(&held, "preservation_expiry").is_empty(),
            "a held preservation has no expiry to act on"
        );

        let release = format!("/api/v1/cases/{preserved}/preservations/{id}/release");
        let note = json!({ "note": "matter concluded" });
        let analyst = app.post_json(&release, &app.token_for(Role::Analyst), &note).await;
        assert_eq!(analyst.status(), 403);
        let counsel = app.token_for(Role::Counsel);
        let before = app.row_counts();
        let while_held = app.post_json(&release, &counsel, &note).await;
        assert_eq!(while_held.status(), 409);
        assert!(while_held.text().await.unwrap().contains(&format!("held for {holder}")));
        assert_eq!(app.row_counts(), before, "a refused release changes nothing");

        for to in ["in_review", "approved", "produced", "closed"] {
            app.post_ok(&format!("/api/v1/cases/{holder}/status"), &json!({ "status": to }), 200).await;
        }
        let other = app.create_case(&json!({ "title": "another matter", "targets": [{ "kind": "domain", "value": "EXAMPLE.com" }] })).await;
        let other_ref = other["reference"].as_str().unwrap();
        let while_other_open = app.post_json(&release, &counsel, &note).await;
        assert_eq!(while_other_open.status(), 409);
        assert!(
            while_other_open
                .text()
                .await
                .unwrap()
                .contains(&format!("{other_ref} is open and also names example.com"))
        );

        app.post_ok(&format!("/api/v1/cases/{other_ref}/status"), &json!({ "status": "withdrawn" }), 200)
            .await;
        let released = app.post_json(&release, &counsel, &note).await;
        assert_eq!(released.status(), 200);
        let case: Value = released.json().await.unwrap();
        assert_eq!(case["preservations"][0]["status"], "released");
        assert!(deadline(&case, "preservation_expiry").is_empty());
    }
}

#[tokio::test]
async fn an_expired_preservation_cannot_be_revived_by_a_hold() {
    for app in test_apps().await {
        app.set_today("2026-01-02");
        let (preserved, id) = preservation_case(&app, "2026-01-02T15:00:00Z", "example.com").await;
        app.set_today("2026-06-05");
        let holder = app.create_case(&crate::helpers::subpoena_case()).await;
        let before = app.row_counts();
        let hold = app
            .post_json(
                &format!("/api/v1/cases/{preserved}/preservations/{id}/hold"),
                &app.admin_token,
                &json!({ "case": holder["reference"] }),
            )
            .await;
        assert_eq!(hold.status(), 409);
        assert!(hold.text().await.unwrap().contains("expired on 2026-04-02; record a new preservation"));
        assert_eq!(app.row_counts(), before);
    }
}

#[tokio::test]
async fn recomputing_every_case_catches_up_with_today_and_is_idempotent() {
    use lert::clock::Clock;
    use lert::workflows::clocks::{Clocks, recompute_all};
    for app in test_apps().await {
        app.set_today("2026-01-02");
        let (reference, _) = preservation_case(&app, "2026-01-02T15:00:00Z", "example.com").await;
        app.set_today("2026-05-01");
        let lert = lert::workflows::Actor::system("test");
        let first = recompute_all(&mut app.conn(), app.clock.now(), &Clocks::default(), &lert).unwrap();
        assert_eq!((first.cases, first.cases_changed, first.totals.flags_added), (1, 1, 1));
        let case: Value =
            app.get(&format!("/api/v1/cases/{reference}"), &app.admin_token).await.json().await.unwrap();
        let expired =
            case["flags"].as_array().unwrap().iter().find(|f| f["kind"] == "preservation_expired").unwrap();
        assert_eq!(
            expired["message"],
            "expired on 2026-04-02; the data preserved is no longer held for this request"
        );
        let again = recompute_all(&mut app.conn(), app.clock.now(), &Clocks::default(), &lert).unwrap();
        assert_eq!(again.cases_changed, 0, "nothing changes twice");
    }
}
