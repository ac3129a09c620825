//! Non-disclosure orders: expiry, reminders, extensions, vacatur and the notice clock.

use serde_json::{Value, json};

use crate::clocks_deadlines::{deadline, flag_kinds};
use crate::helpers::{TestApp, subpoena_case, test_apps};

async fn ndo(app: &TestApp, reference: &str, body: Value) -> Value {
    app.post_ok(&format!("/api/v1/cases/{reference}/ndos"), &body, 201).await
}

fn dates(case: &Value, kind: &str) -> Vec<String> {
    deadline(case, kind).iter().map(|d| d["due_on"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_fixed_term_order_blocks_notice_until_the_day_after_it_ends() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap();
        let case = ndo(&app, reference, json!({ "signed_on": "2026-06-01", "received_on": "2026-06-02", "term": { "fixed_end": "2026-09-30" } })).await;
        assert_eq!(case["ndos"][0]["expires_on"], "2026-09-30");
        assert_eq!(dates(&case, "ndo_expiry"), ["2026-09-30"]);
        assert_eq!(dates(&case, "ndo_reminder"), ["2026-08-31", "2026-09-23"]);
        assert_eq!(dates(&case, "delayed_notice"), ["2026-10-01"]);
        assert_eq!(case["notice"]["state"], "blocked_until");
        assert_eq!(case["notice"]["notice_due"], "2026-10-01");
        assert!(case["notice"]["trail"].as_str().unwrap().ends_with("notice due the next day, 2026-10-01"));

        let order = case["ndos"][0]["id"].as_str().unwrap().to_owned();
        let extended = app
            .post_ok(
                &format!("/api/v1/cases/{reference}/ndos/{order}/extensions"),
                &json!({ "signed_on": "2026-06-04", "received_on": "2026-06-05", "term": { "duration": { "amount": 6, "unit": "months" } } }),
                201,
            )
            .await;
        assert_eq!(dates(&extended, "delayed_notice"), ["2026-12-05"], "the extension moves the notice");
        let extension = extended["ndos"][1]["id"].as_str().unwrap().to_owned();

        // Vacating the extension alone leaves the original order in force.
        let vacate = |id: &str| format!("/api/v1/cases/{reference}/ndos/{id}/vacatur");
        let partly = app.post_ok(&vacate(&extension), &json!({ "vacated_on": "2026-06-05" }), 200).await;
        assert_eq!(partly["notice"]["state"], "blocked_until");
        assert_eq!(partly["notice"]["notice_due"], "2026-10-01");
        let lifted = app.post_ok(&vacate(&order), &json!({ "vacated_on": "2026-06-05" }), 200).await;
        assert_eq!(lifted["notice"]["state"], "lifted");
        assert_eq!(lifted["notice"]["notice_due"], "2026-06-05");
        assert_eq!(dates(&lifted, "delayed_notice"), ["2026-06-05"]);
        assert!(dates(&lifted, "ndo_reminder").is_empty());
    }
}

#[tokio::test]
async fn durations_are_calendar_correct_and_open_ended_orders_get_reviews() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap();
        let month = ndo(&app, reference, json!({ "signed_on": "2026-01-31", "received_on": "2026-02-02", "term": { "duration": { "amount": 1, "unit": "months" } } })).await;
        assert_eq!(month["ndos"][0]["expires_on"], "2026-02-28");

        let other = app.create_case(&subpoena_case()).await;
        let other_ref = other["reference"].as_str().unwrap();
        let open_ended = ndo(
            &app,
            other_ref,
            json!({ "signed_on": "2026-06-01", "received_on": "2026-06-01", "term": "until_further_order" }),
        )
        .await;
        assert_eq!(open_ended["notice"]["state"], "blocked_indefinitely");
        assert_eq!(open_ended["ndos"][0]["indefinite"], true);
        let reviews = dates(&open_ended, "ndo_review");
        assert_eq!(&reviews[..2], ["2026-11-28", "2027-05-27"]);
        assert!(reviews.contains(&"2027-06-01".to_owned()), "the one-year review: {reviews:?}");
        assert!(flag_kinds(&open_ended).contains(&"ndo_no_end_date".to_owned()));
        assert!(dates(&open_ended, "delayed_notice").is_empty());
    }
}

#[tokio::test]
async fn long_orders_and_orders_on_bare_preservations_are_flagged() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let long = ndo(&app, case["reference"].as_str().unwrap(), json!({ "signed_on": "2026-06-01", "received_on": "2026-06-01", "term": { "fixed_end": "2027-12-31" } })).await;
        assert!(flag_kinds(&long).contains(&"ndo_longer_than_one_year".to_owned()));

        let bare = app
            .create_case(&json!({ "title": "preservation", "process": { "kind": "preservation_request" } }))
            .await;
        let flagged = ndo(&app, bare["reference"].as_str().unwrap(), json!({ "signed_on": "2026-06-01", "received_on": "2026-06-01", "term": { "fixed_end": "2026-12-01" } })).await;
        assert!(flag_kinds(&flagged).contains(&"ndo_without_formal_process".to_owned()));
    }
}

#[tokio::test]
async fn impossible_orders_are_refused_and_change_nothing() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap();
        let path = format!("/api/v1/cases/{reference}/ndos");
        let before = app.row_counts();
        let cases = [
            (
                json!({ "signed_on": "2026-06-01", "received_on": "2026-06-01", "term": { "fixed_end": "2026-05-01" } }),
                422,
                "before",
            ),
            (
                json!({ "signed_on": "2026-06-01", "received_on": "2026-05-30", "term": "until_further_order" }),
                422,
                "before the order was signed",
            ),
            (
                json!({ "signed_on": "2026-06-01", "received_on": "2026-06-01", "term": { "duration": { "amount": 0, "unit": "days" } } }),
                400,
                "invalid JSON body",
            ),
            (
                json!({ "signed_on": "2026-06-01", "received_on": "2026-06-01", "term": "forever" }),
                400,
                "invalid JSON body",
            ),
            (
                json!({ "signed_on": "2026-06-01", "received_on": "2026-06-01", "term": "until_further_order", "covers_process_id": "nope" }),
                422,
                "no process",
            ),
        ];
        for (body, status, needle) in cases {
            let response = app.post_json(&path, &app.admin_token, &body).await;
            assert_eq!(response.status(), status, "{body}");
            let text = response.text().await.unwrap();
            assert!(text.contains(needle), "{needle:?} not in {text}");
        }
        let vacate = app
            .post_json(
                &format!("/api/v1/cases/{reference}/ndos/nope/vacatur"),
                &app.admin_token,
                &json!({ "vacated_on": "2026-06-01" }),
            )
            .await;
        assert_eq!(vacate.status(), 404);
        assert_eq!(app.row_counts(), before);
    }
}

#[tokio::test]
async fn an_extension_received_after_the_order_ended_is_flagged_and_still_blocks_notice() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap();
        let case = ndo(&app, reference, json!({ "signed_on": "2026-06-01", "received_on": "2026-06-02", "term": { "fixed_end": "2026-09-30" } })).await;
        let order = case["ndos"][0]["id"].as_str().unwrap();
        app.set_today("2026-10-05");
        let late = app
            .post_ok(
                &format!("/api/v1/cases/{reference}/ndos/{order}/extensions"),
                &json!({ "signed_on": "2026-10-01", "received_on": "2026-10-02", "term": { "fixed_end": "2027-03-31" } }),
                201,
            )
            .await;
        let flag = late["flags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == "ndo_extension_after_expiry")
            .unwrap();
        assert_eq!(flag["severity"], "blocking");
        assert_eq!(late["notice"]["state"], "blocked_until", "the late order is still a court order");
        assert_eq!(late["notice"]["notice_due"], "2027-04-01");
    }
}

#[tokio::test]
async fn a_vacated_open_ended_order_shows_its_last_day() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap();
        let case = ndo(
            &app,
            reference,
            json!({ "signed_on": "2026-05-01", "received_on": "2026-05-01", "term": "until_further_order" }),
        )
        .await;
        let order = case["ndos"][0]["id"].as_str().unwrap();
        let vacated = app
            .post_ok(
                &format!("/api/v1/cases/{reference}/ndos/{order}/vacatur"),
                &json!({ "vacated_on": "2026-06-03" }),
                200,
            )
            .await;
        assert_eq!(vacated["ndos"][0]["indefinite"], false);
        assert_eq!(vacated["ndos"][0]["expires_on"], "2026-06-02");
        assert_eq!(vacated["notice"]["state"], "lifted");
        assert_eq!(vacated["notice"]["notice_due"], "2026-06-03");
        assert!(dates(&vacated, "ndo_review").is_empty(), "no reviews for a vacated order");
    }
}
