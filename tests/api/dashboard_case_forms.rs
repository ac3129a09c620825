//! The case forms through the dashboard as a browser posts them: a case opened by hand, and
//! processes, targets, contacts, preservations and orders added from the case page; each with a
//! bad input shown beside its field and nothing changed, confirm boxes, CSRF and escaping.

use serde_json::{Value, json};

use crate::dashboard::{browser, page};
use crate::helpers::{TestApp, spawn_app, subpoena_case, test_apps};
use lert::domain::role::Role;

/// Posts a form as a browser does, with the session's cookie.
pub(crate) async fn post(
    app: &TestApp,
    session: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    browser().post(app.url(path)).header("Cookie", session.to_owned()).form(fields).send().await.unwrap()
}

/// Every table's row count but the audit trail's (a view of the case page is audited).
pub(crate) fn counts(app: &TestApp) -> Vec<(String, i64)> {
    app.row_counts().into_iter().filter(|(table, _)| table != "audit_events").collect()
}

pub(crate) async fn case_json(app: &TestApp, reference: &str) -> Value {
    app.get(&format!("/api/v1/cases/{reference}"), &app.admin_token).await.json().await.unwrap()
}

/// Posts a bad form: refused with `status`, the error beside the field with this id, nothing
/// changed.
pub(crate) async fn refused(
    app: &TestApp,
    session: &str,
    path: &str,
    fields: &[(&str, &str)],
    status: u16,
    error_id: &str,
) -> String {
    let before = counts(app);
    let response = post(app, session, path, fields).await;
    assert_eq!(response.status().as_u16(), status, "{path} {fields:?}");
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("id=\"{error_id}\"")), "{error_id} in {html}");
    assert_eq!(counts(app), before, "{path} changed nothing");
    html
}

pub(crate) async fn done(app: &TestApp, session: &str, path: &str, fields: &[(&str, &str)]) {
    let response = post(app, session, path, fields).await;
    let status = response.status().as_u16();
    assert_eq!(status, 303, "{path} {fields:?}: {}", response.text().await.unwrap());
}

#[tokio::test]
async fn an_analyst_opens_a_case_by_hand_with_its_agency_process_and_targets() {
    for app in test_apps().await {
        let (session, csrf) = crate::dashboard::session_as(&app, Role::Analyst).await;
        let cases = page(&app, "/cases", &session).await.text().await.unwrap();
        assert!(cases.contains("href=\"/cases/new\""), "a New case link for analysts");
        let form = page(&app, "/cases/new", &session).await;
        assert_eq!(form.status(), 200);
        let form = form.text().await.unwrap();
        assert!(form.contains("<title>") && form.contains("value=\"2026-06-05\""), "received now by default");
        assert!(form.contains("for=\"process-kind\"") && form.contains("name=\"category_api_logs\""));

        let bad = [
            ("csrf", csrf.as_str()),
            ("title", ""),
            ("received_on", "2026-06-05"),
            ("received_time", "09:00"),
            ("agency_name", "<script>alert('agency')</script>"),
            ("agency_country", "USA"),
            ("kind", "criminal_subpoena"),
            ("agent_email", "not an address"),
            ("targets", "domain example.com\nplanet mars"),
        ];
        let before = counts(&app);
        let response = post(&app, &session, "/cases", &bad).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        for id in [
            "case-title-error",
            "case-agency_country-error",
            "process-agent_email-error",
            "case-targets-error",
        ] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
        }
        assert!(html.contains("Line 2:"), "the bad target line is named");
        assert!(
            html.contains("&lt;script&gt;alert(") && !html.contains("<script>alert"),
            "re-filled, escaped"
        );
        assert!(html.contains("planet mars"), "the targets are filled in again");
        assert_eq!(counts(&app), before, "nothing opened");
        let forged = post(&app, &session, "/cases", &[("csrf", "00"), ("title", "Forged")]).await;
        assert_eq!(forged.status(), 403);
        assert_eq!(counts(&app), before, "no token, no case");

        let good = [
            ("csrf", csrf.as_str()),
            ("title", "Subpoena typed in by hand"),
            ("received_on", "2026-06-05"),
            ("received_time", "09:00"),
            ("agency_name", "<script>alert('agency')</script>"),
            ("agency_country", "us"),
            ("kind", "criminal_subpoena"),
            ("docket_number", "26-GJ-0999"),
            ("issued_on", "2026-06-01"),
            ("served_on", "2026-06-04"),
            ("agent_name", "Dana Whitfield"),
            ("agent_email", "dwhitfield@fbi.gov"),
            ("requested_from", "2026-03-01"),
            ("requested_to", "2026-05-31"),
            ("category_account_registration", "yes"),
            ("category_api_logs", "yes"),
            ("targets", "domain Example.COM.\r\n\r\nemail someone@example.com\r\n"),
        ];
        let response = post(&app, &session, "/cases", &good).await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let reference = location.strip_prefix("/cases/").expect("to the new case").to_owned();
        let case = case_json(&app, &reference).await;
        assert_eq!(case["title"], "Subpoena typed in by hand");
        assert_eq!(case["received_at"], "2026-06-05T09:00:00Z", "the organisation's zone is UTC in tests");
        assert_eq!(case["agency"]["country"], "US");
        assert_eq!(case["processes"][0]["kind"], "criminal_subpoena");
        assert_eq!(case["processes"][0]["docket_number"], "26-GJ-0999");
        assert_eq!(case["processes"][0]["data_categories"], json!(["account_registration", "api_logs"]));
        assert_eq!(case["targets"].as_array().unwrap().len(), 2);
        let html = page(&app, &location, &session).await.text().await.unwrap();
        assert!(html.contains("&lt;script&gt;alert(") && !html.contains("<script>alert"), "agency escaped");

        // An agency lert knows is picked from the list.
        let agency_id = case["agency"]["id"].as_str().unwrap();
        let picked =
            [("csrf", csrf.as_str()), ("title", "Second request"), ("agency", agency_id), ("targets", "")];
        done(&app, &session, "/cases", &picked).await;
        let viewer = crate::dashboard::session_as(&app, Role::Viewer).await;
        assert!(!page(&app, "/cases", &viewer.0).await.text().await.unwrap().contains("/cases/new"));
    }
}

#[tokio::test]
async fn processes_targets_and_contacts_are_added_from_the_case_page() {
    let app = spawn_app().await;
    let (session, csrf) = crate::dashboard::session_as(&app, Role::Analyst).await;
    let reference = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let case_path = format!("/cases/{reference}");
    let csrf = csrf.as_str();

    let processes = format!("{case_path}/processes");
    let bad =
        [("csrf", csrf), ("kind", "search_warrant"), ("issued_on", "June 1"), ("category_contents", "yes")];
    let html = refused(&app, &session, &processes, &bad, 422, "process-issued_on-error").await;
    assert!(html.contains("name=\"category_contents\" value=\"yes\" checked"), "the form is re-filled");
    refused(&app, &session, &processes, &[("csrf", csrf), ("kind", "")], 422, "process-kind-error").await;
    let good = [
        ("csrf", csrf),
        ("kind", "search_warrant"),
        ("issued_on", "2026-06-02"),
        ("category_contents", "yes"),
    ];
    done(&app, &session, &processes, &good).await;
    let case = case_json(&app, &reference).await;
    assert_eq!(case["processes"][1]["kind"], "search_warrant");
    assert_eq!(case["processes"][1]["data_categories"], json!(["contents"]));

    let targets = format!("{case_path}/targets");
    let xss = [("csrf", csrf), ("kind", "domain"), ("value", "<script>alert(1)</script>")];
    let html = refused(&app, &session, &targets, &xss, 422, "target-value-error").await;
    assert!(html.contains("&lt;script&gt;alert(1)") && !html.contains("<script>alert"), "escaped");
    refused(
        &app,
        &session,
        &targets,
        &[("csrf", csrf), ("kind", "planet"), ("value", "x")],
        422,
        "target-kind-error",
    )
    .await;
    done(&app, &session, &targets, &[("csrf", csrf), ("kind", "ip"), ("value", "192.0.2.7")]).await;
    let duplicate = [("csrf", csrf), ("kind", "ip"), ("value", "192.0.2.7")];
    let before = counts(&app);
    assert_eq!(post(&app, &session, &targets, &duplicate).await.status(), 409, "the same target twice");
    assert_eq!(counts(&app), before);
    let case = case_json(&app, &reference).await;
    let target = case["targets"].as_array().unwrap().iter().find(|t| t["raw"] == "192.0.2.7").unwrap();
    let target_id = target["id"].as_str().unwrap();

    let contact = format!("{case_path}/targets/contact");
    let bad = [("csrf", csrf), ("target", target_id), ("contact_email", "nobody")];
    refused(&app, &session, &contact, &bad, 422, &format!("contact-{target_id}-contact_email-error")).await;
    done(
        &app,
        &session,
        &contact,
        &[("csrf", csrf), ("target", target_id), ("contact_email", "sub@example.org")],
    )
    .await;
    let case = case_json(&app, &reference).await;
    let target = case["targets"].as_array().unwrap().iter().find(|t| t["id"] == target_id).unwrap();
    assert_eq!(target["contact_email"], "sub@example.org");

    let assignee = format!("{case_path}/assignee");
    refused(
        &app,
        &session,
        &assignee,
        &[("csrf", csrf), ("assignee", "nobody@lert.test")],
        422,
        "assignee-error",
    )
    .await;
}

#[tokio::test]
async fn preservations_are_recorded_renewed_linked_and_released_from_the_case_page() {
    let app = spawn_app().await;
    let (session, csrf) = crate::dashboard::session_as(&app, Role::Counsel).await;
    let csrf = csrf.as_str();
    let reference = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let holder = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let case_path = format!("/cases/{reference}");

    let record = format!("{case_path}/preservations");
    refused(
        &app,
        &session,
        &record,
        &[("csrf", csrf), ("received_on", "soon")],
        422,
        "preserve-received_on-error",
    )
    .await;
    done(&app, &session, &record, &[("csrf", csrf), ("received_on", "2026-06-01")]).await;
    let case = case_json(&app, &reference).await;
    let id = case["preservations"][0]["id"].as_str().unwrap().to_owned();
    let id = id.as_str();
    assert_eq!(case["preservations"][0]["expires_on"], "2026-08-30");

    let renew = format!("{case_path}/preservations/renew");
    let bad = [("csrf", csrf), ("preservation", id), ("received_on", "")];
    refused(&app, &session, &renew, &bad, 422, &format!("renew-{id}-received_on-error")).await;
    done(&app, &session, &renew, &[("csrf", csrf), ("preservation", id), ("received_on", "2026-06-05")])
        .await;
    assert_eq!(case_json(&app, &reference).await["preservations"][0]["renewals"], 1);

    let release = format!("{case_path}/preservations/release");
    let unconfirmed = [("csrf", csrf), ("preservation", id), ("note", "no longer needed")];
    refused(&app, &session, &release, &unconfirmed, 422, &format!("release-{id}-confirm-error")).await;

    let hold = format!("{case_path}/preservations/hold");
    let bad = [("csrf", csrf), ("preservation", id), ("holder", "LE-2026-9999")];
    refused(&app, &session, &hold, &bad, 422, &format!("hold-{id}-holder-error")).await;
    done(&app, &session, &hold, &[("csrf", csrf), ("preservation", id), ("holder", &holder)]).await;
    assert_eq!(case_json(&app, &reference).await["preservations"][0]["held_by"], holder.as_str());

    let confirmed = [("csrf", csrf), ("preservation", id), ("note", "no longer needed"), ("confirm", "yes")];
    let before = counts(&app);
    let response = post(&app, &session, &release, &confirmed).await;
    assert_eq!(response.status(), 409, "held for an open case");
    assert!(response.text().await.unwrap().contains(&format!("held for {holder}")));
    assert_eq!(counts(&app), before);
    let forged = [("csrf", "00"), ("preservation", id), ("note", "n"), ("confirm", "yes")];
    assert_eq!(post(&app, &session, &release, &forged).await.status(), 403);
}

#[tokio::test]
async fn an_order_is_extended_and_vacated_from_the_case_page() {
    let app = spawn_app().await;
    let (session, csrf) = crate::dashboard::session_as(&app, Role::Analyst).await;
    let csrf = csrf.as_str();
    let reference = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let case_path = format!("/cases/{reference}");
    let order = json!({ "signed_on": "2026-06-01", "received_on": "2026-06-02", "term": { "fixed_end": "2026-09-30" } });
    let case = app.post_ok(&format!("/api/v1/cases/{reference}/ndos"), &order, 201).await;
    let id = case["ndos"][0]["id"].as_str().unwrap().to_owned();
    let id = id.as_str();

    let extend = format!("{case_path}/ndos/extend");
    let bad = [
        ("csrf", csrf),
        ("ndo", id),
        ("signed_on", ""),
        ("received_on", "2026-06-04"),
        ("term", "fixed_end"),
        ("ends_on", "2026-12-31"),
    ];
    let html = refused(&app, &session, &extend, &bad, 422, &format!("extend-{id}-signed_on-error")).await;
    assert!(html.contains("value=\"2026-12-31\""), "re-filled");
    let good = [
        ("csrf", csrf),
        ("ndo", id),
        ("signed_on", "2026-06-03"),
        ("received_on", "2026-06-04"),
        ("term", "fixed_end"),
        ("ends_on", "2026-12-31"),
    ];
    done(&app, &session, &extend, &good).await;
    let case = case_json(&app, &reference).await;
    assert_eq!(case["ndos"].as_array().unwrap().len(), 2);
    assert_eq!(case["notice"]["notice_due"], "2027-01-01", "the notice clock moved");

    let vacate = format!("{case_path}/ndos/vacate");
    let extension = case["ndos"].as_array().unwrap().iter().find(|n| n["extends"] == id).unwrap();
    let extension = extension["id"].as_str().unwrap().to_owned();
    let unconfirmed = [("csrf", csrf), ("ndo", extension.as_str()), ("vacated_on", "2026-06-05")];
    refused(&app, &session, &vacate, &unconfirmed, 422, &format!("vacate-{extension}-confirm-error")).await;
    let bad = [("csrf", csrf), ("ndo", extension.as_str()), ("vacated_on", "tomorrow"), ("confirm", "yes")];
    refused(&app, &session, &vacate, &bad, 422, &format!("vacate-{extension}-vacated_on-error")).await;
    let good =
        [("csrf", csrf), ("ndo", extension.as_str()), ("vacated_on", "2026-06-05"), ("confirm", "yes")];
    done(&app, &session, &vacate, &good).await;
    let case = case_json(&app, &reference).await;
    let vacated = case["ndos"].as_array().unwrap().iter().find(|n| n["id"] == extension.as_str()).unwrap();
    assert_eq!(vacated["vacated_on"], "2026-06-05");
}
