//! Counsel's case forms through the dashboard: production decisions and deliveries, drafted
//! replies read, edited and sent, cancelled or retried; and every case form against every role.

use serde_json::{Value, json};

use crate::dashboard::{browser, page};
use crate::dashboard_case_forms::{case_json, counts, done, post, refused};
use crate::helpers::{TestApp, spawn_app, subpoena_case};
use lert::domain::role::Role;

/// A case whose process lacks what a request needs, so lert drafts a deficiency reply; returns
/// the case's reference and the draft's id.
async fn deficient_case(app: &TestApp) -> (String, String) {
    let mut body = subpoena_case();
    body["process"]["agent_phone"] = Value::Null;
    body["process"]["issuing_authority"] = Value::Null;
    let opened = app.create_case(&body).await;
    let id = opened["id"].as_str().unwrap();
    let draft = app
        .outbox()
        .into_iter()
        .find(|r| r.case_id.as_deref() == Some(id) && r.status == "draft")
        .expect("a drafted reply");
    (opened["reference"].as_str().unwrap().to_owned(), draft.id)
}

fn status_of(app: &TestApp, id: &str) -> String {
    lert::storage::outbox::find(&mut app.conn(), id).unwrap().unwrap().status
}

/// An approved court-order case with its first production generated.
async fn produced_once(app: &TestApp) -> String {
    let reference = app.create_case(&crate::productions::court_order_case()).await["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    crate::productions::approve(app, &reference).await;
    app.post_ok(&format!("/api/v1/cases/{reference}/productions"), &json!({}), 201).await;
    reference
}

#[tokio::test]
async fn counsel_decides_what_a_production_holds_and_records_its_delivery() {
    let app = spawn_app().await;
    crate::productions::fill_records(&app);
    let (session, csrf) = crate::dashboard::session_as(&app, Role::Counsel).await;
    let csrf = csrf.as_str();
    let reference = produced_once(&app).await;
    let case_path = format!("/cases/{reference}");
    let decisions = format!("{case_path}/decisions");

    let bad =
        [("csrf", csrf), ("subject", "backups"), ("decision", "produce"), ("reason", " "), ("cost", "12.5")];
    let html = refused(&app, &session, &decisions, &bad, 422, "decide-reason-error").await;
    assert!(html.contains("value=\"12.5\""), "re-filled");
    let bad_cost = [
        ("csrf", csrf),
        ("subject", "category:api_logs"),
        ("decision", "withhold"),
        ("reason", "r"),
        ("cost", "5"),
    ];
    refused(&app, &session, &decisions, &bad_cost, 422, "decide-cost-error").await;
    let good = [
        ("csrf", csrf),
        ("subject", "backups"),
        ("decision", "produce"),
        ("reason", "<script>alert('reason')</script> the order reaches back"),
        ("cost", "1,250.00"),
    ];
    done(&app, &session, &decisions, &good).await;
    let case = case_json(&app, &reference).await;
    assert_eq!(case["productions"]["decisions"][0]["cost_cents"], 125_000);
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(html.contains("&lt;script&gt;alert(") && !html.contains("<script>alert"), "decisions escaped");

    let deliveries = format!("{case_path}/deliveries");
    let unconfirmed =
        [("csrf", csrf), ("version", "1"), ("method", "secure_portal"), ("recipient", "SA Whitfield")];
    refused(&app, &session, &deliveries, &unconfirmed, 422, "delivery-confirm-error").await;
    let bad = [("csrf", csrf), ("version", "1"), ("method", "pigeon"), ("recipient", ""), ("confirm", "yes")];
    let html = refused(&app, &session, &deliveries, &bad, 422, "delivery-recipient-error").await;
    assert!(html.contains("id=\"delivery-method-error\""));
    let future = [
        ("csrf", csrf),
        ("version", "1"),
        ("method", "email"),
        ("recipient", "SA"),
        ("delivered_at", "2027-01-01T09:00"),
        ("confirm", "yes"),
    ];
    let before = counts(&app);
    assert_eq!(post(&app, &session, &deliveries, &future).await.status(), 422, "the workflow's refusal");
    assert_eq!(counts(&app), before);
    let good = [
        ("csrf", csrf),
        ("version", "1"),
        ("method", "secure_portal"),
        ("recipient", "SA Whitfield"),
        ("confirm", "yes"),
    ];
    done(&app, &session, &deliveries, &good).await;
    let case = case_json(&app, &reference).await;
    assert_eq!(case["status"], "produced", "the first delivery marks the case produced");
    assert_eq!(case["productions"]["versions"][0]["deliveries"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn counsel_reads_edits_and_sends_a_drafted_reply_or_cancels_or_retries_one() {
    let app = spawn_app().await;
    let (session, csrf) = crate::dashboard::session_as(&app, Role::Counsel).await;
    let csrf = csrf.as_str();
    let (reference, draft) = deficient_case(&app).await;
    let case_path = format!("/cases/{reference}");
    // A subject with markup in it is shown as text.
    app.execute(&format!(
        "UPDATE outbox_contents SET subject = '<script>alert(''subject'')</script>' WHERE outbox_id = '{draft}'"
    ));
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(html.contains("&lt;script&gt;alert(") && !html.contains("<script>alert"), "subject escaped");
    assert!(html.contains(&format!("id=\"send-{draft}-body_text\"")), "the text is there to edit");
    let analyst = crate::dashboard::session_as(&app, Role::Analyst).await;
    let as_analyst = page(&app, &case_path, &analyst.0).await.text().await.unwrap();
    assert!(!as_analyst.contains("/replies/send"), "only counsel sends");

    let send = format!("{case_path}/replies/send");
    let bad = [
        ("csrf", csrf),
        ("id", draft.as_str()),
        ("subject", ""),
        ("body_text", "Dear agent"),
        ("confirm", "yes"),
    ];
    let html = refused(&app, &session, &send, &bad, 422, &format!("send-{draft}-subject-error")).await;
    assert!(html.contains("Dear agent"), "the edited text is kept");
    let unconfirmed =
        [("csrf", csrf), ("id", draft.as_str()), ("subject", "Your request"), ("body_text", "Dear agent")];
    refused(&app, &session, &send, &unconfirmed, 422, &format!("send-{draft}-confirm-error")).await;
    let forged =
        [("csrf", "00"), ("id", draft.as_str()), ("subject", "S"), ("body_text", "B"), ("confirm", "yes")];
    assert_eq!(post(&app, &session, &send, &forged).await.status(), 403);
    assert_eq!(status_of(&app, &draft), "draft");
    let good = [
        ("csrf", csrf),
        ("id", draft.as_str()),
        ("subject", "Your request"),
        ("body_text", "Dear agent,\r\nplease."),
        ("confirm", "yes"),
    ];
    done(&app, &session, &send, &good).await;
    assert_eq!(status_of(&app, &draft), "scheduled");
    let content = lert::storage::outbox::content(&mut app.conn(), &draft).unwrap();
    assert_eq!(
        (content.subject.as_str(), content.body_text.as_str()),
        ("Your request", "Dear agent,\nplease.")
    );

    let (other, second) = deficient_case(&app).await;
    let cancel = format!("/cases/{other}/replies/cancel");
    let no_reason = [("csrf", csrf), ("id", second.as_str()), ("reason", ""), ("confirm", "yes")];
    refused(&app, &session, &cancel, &no_reason, 422, &format!("cancel-{second}-reason-error")).await;
    // A form acts only on the case's own mail.
    let elsewhere = [("csrf", csrf), ("id", second.as_str()), ("reason", "duplicate"), ("confirm", "yes")];
    assert_eq!(post(&app, &session, &format!("{case_path}/replies/cancel"), &elsewhere).await.status(), 404);
    done(&app, &session, &cancel, &elsewhere).await;
    assert_eq!(status_of(&app, &second), "cancelled");

    app.execute(&format!(
        "UPDATE outbox SET status = 'failed', last_error = 'SMTP 554' WHERE id = '{draft}'"
    ));
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(html.contains("SMTP 554") && html.contains("/replies/retry"));
    done(&app, &session, &format!("{case_path}/replies/retry"), &[("csrf", csrf), ("id", draft.as_str())])
        .await;
    assert_eq!(status_of(&app, &draft), "scheduled");
}

type Call = (&'static str, String, Vec<(&'static str, String)>, Role, u16);

#[tokio::test]
async fn every_case_form_gives_each_role_exactly_what_it_should() {
    let app = spawn_app().await;
    crate::productions::fill_records(&app);
    for role in Role::ALL {
        let (session, csrf) = crate::dashboard::session_as(&app, role).await;
        let open = app.create_case(&subpoena_case()).await;
        let reference = open["reference"].as_str().unwrap().to_owned();
        let holder = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
        let target = open["targets"][0]["id"].as_str().unwrap().to_owned();
        let with_preservation = app
            .post_ok(
                &format!("/api/v1/cases/{reference}/preservations"),
                &json!({ "received_on": "2026-06-01" }),
                201,
            )
            .await;
        let preservation = with_preservation["preservations"][0]["id"].as_str().unwrap().to_owned();
        // A case naming an identifier no other case names, so its preservation may be released.
        let mut lone = subpoena_case();
        lone["targets"] = json!([{ "kind": "domain", "value": format!("{}.example", role.as_str()) }]);
        let lone = app.create_case(&lone).await["reference"].as_str().unwrap().to_owned();
        let lone_case = app
            .post_ok(
                &format!("/api/v1/cases/{lone}/preservations"),
                &json!({ "received_on": "2026-06-01" }),
                201,
            )
            .await;
        let lone_preservation = lone_case["preservations"][0]["id"].as_str().unwrap().to_owned();
        let order = json!({ "signed_on": "2026-06-01", "received_on": "2026-06-02", "term": { "fixed_end": "2026-09-30" } });
        app.post_ok(&format!("/api/v1/cases/{reference}/ndos"), &order, 201).await;
        let ndos = app.post_ok(&format!("/api/v1/cases/{reference}/ndos"), &order, 201).await;
        let (first_ndo, second_ndo) = (
            ndos["ndos"][0]["id"].as_str().unwrap().to_owned(),
            ndos["ndos"][1]["id"].as_str().unwrap().to_owned(),
        );
        let produced = produced_once(&app).await;
        let (replied, draft) = deficient_case(&app).await;
        let (cancelled, to_cancel) = deficient_case(&app).await;
        let (retried, failed) = deficient_case(&app).await;
        app.execute(&format!("UPDATE outbox SET status = 'failed' WHERE id = '{failed}'"));

        let case = |path: &str| format!("/cases/{reference}/{path}");
        let calls: Vec<Call> = vec![
            ("GET", "/cases/new".into(), vec![], Role::Analyst, 200),
            ("POST", "/cases".into(), vec![("title", "By hand".into())], Role::Analyst, 303),
            ("POST", case("assignee"), vec![("assignee", String::new())], Role::Analyst, 303),
            ("POST", case("processes"), vec![("kind", "other".into())], Role::Analyst, 303),
            (
                "POST",
                case("targets"),
                vec![("kind", "ip".into()), ("value", "192.0.2.9".into())],
                Role::Analyst,
                303,
            ),
            (
                "POST",
                case("targets/contact"),
                vec![("target", target), ("contact_email", "s@example.org".into())],
                Role::Analyst,
                303,
            ),
            ("POST", case("preservations"), vec![("received_on", "2026-06-02".into())], Role::Analyst, 303),
            (
                "POST",
                case("preservations/renew"),
                vec![("preservation", preservation.clone()), ("received_on", "2026-06-05".into())],
                Role::Analyst,
                303,
            ),
            (
                "POST",
                case("preservations/hold"),
                vec![("preservation", preservation), ("holder", holder)],
                Role::Analyst,
                303,
            ),
            (
                "POST",
                format!("/cases/{lone}/preservations/release"),
                vec![("preservation", lone_preservation), ("note", "done".into()), ("confirm", "yes".into())],
                Role::Counsel,
                303,
            ),
            (
                "POST",
                case("ndos/extend"),
                vec![
                    ("ndo", first_ndo),
                    ("signed_on", "2026-06-03".into()),
                    ("received_on", "2026-06-04".into()),
                    ("term", "until_further_order".into()),
                ],
                Role::Analyst,
                303,
            ),
            (
                "POST",
                case("ndos/vacate"),
                vec![("ndo", second_ndo), ("vacated_on", "2026-06-05".into()), ("confirm", "yes".into())],
                Role::Analyst,
                303,
            ),
            (
                "POST",
                case("decisions"),
                vec![
                    ("subject", "category:api_logs".into()),
                    ("decision", "withhold".into()),
                    ("reason", "not asked".into()),
                ],
                Role::Counsel,
                303,
            ),
            (
                "POST",
                format!("/cases/{produced}/deliveries"),
                vec![
                    ("version", "1".into()),
                    ("method", "email".into()),
                    ("recipient", "SA".into()),
                    ("confirm", "yes".into()),
                ],
                Role::Counsel,
                303,
            ),
            (
                "POST",
                format!("/cases/{replied}/replies/send"),
                vec![
                    ("id", draft),
                    ("subject", "S".into()),
                    ("body_text", "B".into()),
                    ("confirm", "yes".into()),
                ],
                Role::Counsel,
                303,
            ),
            (
                "POST",
                format!("/cases/{cancelled}/replies/cancel"),
                vec![("id", to_cancel), ("reason", "dup".into()), ("confirm", "yes".into())],
                Role::Counsel,
                303,
            ),
            ("POST", format!("/cases/{retried}/replies/retry"), vec![("id", failed)], Role::Counsel, 303),
        ];
        for (method, path, mut fields, needed, success) in calls {
            fields.push(("csrf", csrf.clone()));
            let send = |cookie: Option<&str>| {
                let mut request = match method {
                    "GET" => browser().get(app.url(&path)),
                    _ => browser().post(app.url(&path)).form(&fields),
                };
                if let Some(cookie) = cookie {
                    request = request.header("Cookie", cookie.to_owned());
                }
                request.send()
            };
            let anonymous = send(None).await.unwrap();
            assert_eq!(anonymous.status(), 303, "{method} {path} without a session");
            assert_eq!(anonymous.headers()["location"], "/signin");
            let before = counts(&app);
            let response = send(Some(&session)).await.unwrap();
            let expected = if role >= needed { success } else { 403 };
            let status = response.status().as_u16();
            assert_eq!(
                status,
                expected,
                "{method} {path} as {}: {}",
                role.as_str(),
                response.text().await.unwrap()
            );
            if expected == 403 {
                assert_eq!(counts(&app), before, "{method} {path} refused changes nothing");
            }
        }
    }
}
