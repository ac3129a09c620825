//! Subscriber notices end to end through the API and the scheduler: created on approval, held by
//! NDOs, moved by extensions, released by vacaturs, never sent while an order is in force, and the
//! objection period holding production.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, backends, spawn_with, subpoena_case};

async fn status(app: &TestApp, reference: &str, to: &str) -> reqwest::Response {
    app.post_json(&format!("/api/v1/cases/{reference}/status"), &app.admin_token, &json!({ "status": to }))
        .await
}

async fn approve(app: &TestApp, reference: &str) -> Value {
    for to in ["in_review", "approved"] {
        let response = status(app, reference, to).await;
        assert!(response.status().is_success(), "{to}: {}", response.text().await.unwrap());
    }
    case(app, reference).await
}

async fn case(app: &TestApp, reference: &str) -> Value {
    app.get(&format!("/api/v1/cases/{reference}"), &app.admin_token).await.json().await.unwrap()
}

/// Records `contact` on every target whose raw value contains `matching`.
async fn set_contact(app: &TestApp, case: &Value, matching: &str, contact: &str) {
    let reference = case["reference"].as_str().unwrap();
    for target in case["targets"].as_array().unwrap() {
        if target["raw"].as_str().unwrap().contains(matching) {
            let path =
                format!("/api/v1/cases/{reference}/targets/{}/contact", target["id"].as_str().unwrap());
            let response = app
                .client
                .put(app.url(&path))
                .bearer_auth(&app.admin_token)
                .json(&json!({ "contact_email": contact }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        }
    }
}

fn notices(case: &Value) -> Vec<Value> {
    case["notices"].as_array().unwrap().clone()
}

async fn spawn(backend: crate::helpers::Backend) -> TestApp {
    spawn_with(backend, |settings| settings.mail.alert_recipients = vec!["legal@isrg.example".into()]).await
}

#[tokio::test]
async fn approval_notifies_each_contact_and_production_waits_out_the_objection_period() {
    for backend in backends() {
        let app = spawn(backend).await;
        let opened = app.create_case(&subpoena_case()).await;
        let reference = opened["reference"].as_str().unwrap().to_owned();
        // Two identifiers of one subscriber, and an account with no contact email on file.
        set_contact(&app, &opened, "xample", "Owner@Example.net").await;
        let approved = approve(&app, &reference).await;
        let rows = notices(&approved);
        assert_eq!(rows.len(), 2, "{rows:#?}");
        let notice = rows.iter().find(|n| n["to"] == "owner@example.net").expect("one notice per contact");
        assert_eq!(
            (notice["kind"].as_str(), notice["status"].as_str()),
            (Some("subscriber_notice"), Some("scheduled"))
        );
        assert!(rows.iter().any(|n| n["status"] == "no_contact" && n["to"].is_null()), "{rows:#?}");

        let refused = status(&app, &reference, "produced").await;
        assert_eq!(refused.status(), 409);
        assert!(refused.text().await.unwrap().contains("has not gone out"));

        let report = app.tick_at(lert::clock::Clock::now(app.clock.as_ref()));
        assert_eq!(report.sent, 2, "the notice and the agency's acknowledgement: {report:?}");
        let sent = app
            .outbox()
            .into_iter()
            .find(|r| r.kind == "subscriber_notice" && r.recipient.is_some())
            .unwrap();
        assert_eq!(sent.status, "sent");
        let body = lert::storage::outbox::content(&mut app.conn(), &sent.id).unwrap();
        assert!(
            body.body_text.contains("Friday 12 June 2026"),
            "objection deadline in the notice:\n{}",
            body.body_text
        );
        assert!(body.body_text.contains("example.com") && body.body_text.contains(&reference));

        let refused = status(&app, &reference, "produced").await;
        assert_eq!(refused.status(), 409);
        assert!(refused.text().await.unwrap().contains("production from 2026-06-13"));
        // The notice asks for objections by 12 June: that day still belongs to the subscriber.
        app.set_today("2026-06-12");
        assert_eq!(status(&app, &reference, "produced").await.status(), 409);
        app.set_today("2026-06-13");
        assert_eq!(status(&app, &reference, "produced").await.status(), 200);
        // Nothing is sent twice however often the scheduler runs.
        assert_eq!(app.tick_at(lert::clock::Clock::now(app.clock.as_ref())).sent, 0);
    }
}

#[tokio::test]
async fn an_ndo_delays_the_notice_an_extension_moves_it_and_a_vacatur_releases_it() {
    for backend in backends() {
        let app = spawn(backend).await;
        let opened = app.create_case(&subpoena_case()).await;
        let reference = opened["reference"].as_str().unwrap().to_owned();
        set_contact(&app, &opened, "Example.COM", "owner@example.net").await;
        let ndo = app
            .post_ok(
                &format!("/api/v1/cases/{reference}/ndos"),
                &json!({ "signed_on": "2026-06-01", "received_on": "2026-06-05", "term": { "fixed_end": "2026-09-30" } }),
                201,
            )
            .await;
        let first_order = ndo["ndos"][0]["id"].as_str().unwrap().to_owned();
        let approved = approve(&app, &reference).await;
        let notice = &notices(&approved)[0];
        assert_eq!(notice["kind"], "delayed_notice");
        assert_eq!(
            notice["scheduled_for"], "2026-10-01T09:00:00Z",
            "the day after the order ends, at notice_hour"
        );
        // No pre-production notice, so production is not held.
        assert_eq!(status(&app, &reference, "produced").await.status(), 200);
        assert_eq!(
            app.tick_at(Utc.with_ymd_and_hms(2026, 9, 30, 23, 0, 0).unwrap()).sent,
            1,
            "only the acknowledgement"
        );

        app.set_today("2026-09-20");
        let extended = app
            .post_ok(
                &format!("/api/v1/cases/{reference}/ndos/{first_order}/extensions"),
                &json!({ "signed_on": "2026-09-18", "received_on": "2026-09-20", "term": { "fixed_end": "2026-12-31" } }),
                201,
            )
            .await;
        assert_eq!(notices(&extended)[0]["scheduled_for"], "2027-01-01T09:00:00Z");
        assert_eq!(app.tick_at(Utc.with_ymd_and_hms(2026, 10, 1, 10, 0, 0).unwrap()).sent, 0);

        app.set_today("2026-11-02");
        let mut last = Value::Null;
        for order in extended["ndos"].as_array().unwrap() {
            let path = format!("/api/v1/cases/{reference}/ndos/{}/vacatur", order["id"].as_str().unwrap());
            let response =
                app.post_json(&path, &app.admin_token, &json!({ "vacated_on": "2026-11-02" })).await;
            assert_eq!(response.status(), 200);
            last = response.json().await.unwrap();
        }
        assert_eq!(notices(&last)[0]["scheduled_for"], "2026-11-02T16:00:00Z", "a vacatur makes it due now");
        let report = app.tick_at(lert::clock::Clock::now(app.clock.as_ref()));
        assert_eq!(report.sent, 1, "{report:?}");
        let body = lert::storage::outbox::content(&mut app.conn(), notices(&last)[0]["id"].as_str().unwrap())
            .unwrap();
        assert!(body.body_text.contains("We produced records"), "{}", body.body_text);
        assert!(!body.body_text.contains("not produced"), "re-rendered once the case was produced");
    }
}

#[tokio::test]
async fn a_notice_is_rechecked_against_the_orders_when_claimed() {
    for backend in backends() {
        let app = spawn(backend).await;
        let opened = app.create_case(&subpoena_case()).await;
        let reference = opened["reference"].as_str().unwrap().to_owned();
        set_contact(&app, &opened, "Example.COM", "owner@example.net").await;
        approve(&app, &reference).await;
        // An order lands in the database without the workflow that would re-plan the notice (a
        // second instance mid-change, a restore): the claim must still refuse to send.
        let case_id = opened["id"].as_str().unwrap();
        app.execute(&format!(
            "INSERT INTO ndos (id, case_id, signed_on, received_on, term, ends_on, created_at) \
             VALUES ('raced-order', '{case_id}', '2026-06-05', '2026-06-05', 'fixed_end', '2026-08-31', '2026-06-05 16:00:00')"
        ));
        let report = app.tick_at(lert::clock::Clock::now(app.clock.as_ref()));
        assert_eq!(report.held_by_ndo, 1, "{report:?}");
        let notice = app.outbox().into_iter().find(|r| r.kind.ends_with("notice")).unwrap();
        assert_eq!((notice.kind.as_str(), notice.status.as_str()), ("delayed_notice", "scheduled"));
        assert_eq!(notice.scheduled_for.unwrap().to_string(), "2026-09-01 09:00:00");
    }
}

#[tokio::test]
async fn an_emergency_notice_follows_the_disclosure_and_withdrawn_approvals_cancel_notices() {
    for backend in backends() {
        let app = spawn(backend).await;
        let mut body = subpoena_case();
        body["process"]["kind"] = json!("emergency_request");
        let opened = app.create_case(&body).await;
        let reference = opened["reference"].as_str().unwrap().to_owned();
        let alerts: Vec<_> = app.outbox().into_iter().filter(|r| r.kind == "alert_emergency").collect();
        assert_eq!(alerts.len(), 1, "the legal team is alerted at once");
        assert_eq!(alerts[0].recipient.as_deref(), Some("legal@isrg.example"));
        set_contact(&app, &opened, "Example.COM", "owner@example.net").await;
        let approved = approve(&app, &reference).await;
        assert_eq!(notices(&approved)[0]["status"], "held", "notice waits for the disclosure");
        assert_eq!(status(&app, &reference, "produced").await.status(), 200, "an emergency is not held");
        let produced = case(&app, &reference).await;
        assert_eq!(notices(&produced)[0]["status"], "scheduled");
        app.tick_at(lert::clock::Clock::now(app.clock.as_ref()));
        let notice = app.outbox().into_iter().find(|r| r.kind == "subscriber_notice").unwrap();
        assert_eq!(notice.status, "sent");
        let text = lert::storage::outbox::content(&mut app.conn(), &notice.id).unwrap().body_text;
        assert!(text.contains("disclosed records"), "{text}");

        // A second case: approval withdrawn before production cancels what had not gone out.
        let other = app.create_case(&subpoena_case()).await;
        let other_reference = other["reference"].as_str().unwrap().to_owned();
        set_contact(&app, &other, "Example.COM", "owner@example.net").await;
        approve(&app, &other_reference).await;
        assert_eq!(status(&app, &other_reference, "in_review").await.status(), 200);
        let withdrawn = case(&app, &other_reference).await;
        assert_eq!(notices(&withdrawn)[0]["status"], "cancelled");
        // Approved again: the notice is due again.
        assert_eq!(status(&app, &other_reference, "approved").await.status(), 200);
        let again: Vec<Value> =
            notices(&case(&app, &other_reference).await).into_iter().filter(|n| !n["to"].is_null()).collect();
        assert_eq!(again.len(), 2, "{again:#?}");
        assert_eq!(
            (again[1]["status"].as_str(), again[1]["to"].as_str()),
            (Some("scheduled"), Some("owner@example.net"))
        );
        // A corrected contact email replaces the queued notice rather than adding a second.
        set_contact(&app, &other, "Example.COM", "new-owner@example.net").await;
        let corrected = notices(&case(&app, &other_reference).await);
        let pending: Vec<_> = corrected.iter().filter(|n| n["status"] == "scheduled").collect();
        assert_eq!(pending.len(), 1, "{corrected:#?}");
        assert_eq!(pending[0]["to"], "new-owner@example.net");
    }
}

#[tokio::test]
async fn an_order_that_ended_before_approval_leaves_an_ordinary_notice_and_objection_period() {
    for backend in backends() {
        let app = spawn(backend).await;
        let opened = app.create_case(&subpoena_case()).await;
        let reference = opened["reference"].as_str().unwrap().to_owned();
        set_contact(&app, &opened, "Example.COM", "owner@example.net").await;
        app.post_ok(
            &format!("/api/v1/cases/{reference}/ndos"),
            &json!({ "signed_on": "2026-05-01", "received_on": "2026-06-05", "term": { "fixed_end": "2026-06-03" } }),
            201,
        )
        .await;
        let approved = approve(&app, &reference).await;
        assert_eq!(notices(&approved)[0]["kind"], "subscriber_notice");
        app.tick_at(lert::clock::Clock::now(app.clock.as_ref()));
        let refused = status(&app, &reference, "produced").await;
        assert_eq!(refused.status(), 409, "the objection period applies");
    }
}
