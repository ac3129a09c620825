//! Mail to agencies: the acknowledgement when a request is logged (not to doubtful senders), and
//! the replies lert drafts for counsel (deficient request, lookback narrowing, MLAT route), which
//! only counsel can send, edited or as drafted.

use serde_json::{Value, json};

use crate::helpers::{TestApp, backends, spawn, spawn_with, subpoena_case, test_now};
use crate::intake::{fixture, trust_fixture_mta, upload};
use lert::domain::role::Role;

fn kinds_of(app: &TestApp, case_id: &str) -> Vec<(String, String)> {
    app.outbox()
        .into_iter()
        .filter(|r| r.case_id.as_deref() == Some(case_id))
        .map(|r| (r.kind, r.status))
        .collect()
}

async fn case_id(app: &TestApp, reference: &str) -> String {
    let case: Value =
        app.get(&format!("/api/v1/cases/{reference}"), &app.admin_token).await.json().await.unwrap();
    case["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_logged_request_is_acknowledged_in_its_thread_but_a_doubtful_sender_is_not() {
    for backend in backends() {
        let app = spawn_with(backend, trust_fixture_mta).await;
        app.set_today("2026-11-26");
        let (status, filed) = upload(&app, fixture("01-grand-jury-subpoena.eml")).await;
        assert_eq!(status, 201, "{filed}");
        let reference = filed["case"].as_str().unwrap();
        let id = case_id(&app, reference).await;
        let ack =
            app.outbox().into_iter().find(|r| r.case_id.as_deref() == Some(&id) && r.kind == "agency_ack");
        let ack = ack.expect("the request is acknowledged");
        let content = lert::storage::outbox::content(&mut app.conn(), &ack.id).unwrap();
        assert!(content.in_reply_to.is_some(), "the acknowledgement answers the agency's email");
        assert!(content.subject.contains(reference) && content.body_text.contains(reference));

        let (_, lookalike) = upload(&app, fixture("09-lookalike-domain.eml")).await;
        let doubtful = case_id(&app, lookalike["case"].as_str().unwrap()).await;
        assert!(
            !kinds_of(&app, &doubtful).iter().any(|(kind, _)| kind == "agency_ack"),
            "no acknowledgement to a look-alike domain"
        );

        // Without a trusted MTA every message lacks verified authentication results; that alone
        // does not make the sender doubtful.
        let untrusting = spawn(backend).await;
        untrusting.set_today("2026-11-26");
        let (_, filed) = upload(&untrusting, fixture("01-grand-jury-subpoena.eml")).await;
        let id = case_id(&untrusting, filed["case"].as_str().unwrap()).await;
        assert!(kinds_of(&untrusting, &id).iter().any(|(kind, _)| kind == "agency_ack"));
    }
}

#[tokio::test]
async fn counsel_reviews_and_sends_a_drafted_deficiency_reply() {
    for backend in backends() {
        let app = spawn(backend).await;
        let mut body = subpoena_case();
        body["process"]["agent_phone"] = Value::Null;
        body["process"]["issuing_authority"] = Value::Null;
        let opened = app.create_case(&body).await;
        let id = opened["id"].as_str().unwrap();
        let draft = app
            .outbox()
            .into_iter()
            .find(|r| r.case_id.as_deref() == Some(id) && r.kind == "reply_deficient");
        let draft = draft.expect("a deficiency reply is drafted");
        assert_eq!(
            (draft.status.as_str(), draft.recipient.as_deref()),
            ("draft", Some("dwhitfield@fbi.gov"))
        );
        let text = lert::storage::outbox::content(&mut app.conn(), &draft.id).unwrap().body_text;
        assert!(
            text.contains("a direct contact phone number") && text.contains("issued the process"),
            "{text}"
        );
        // Drafts are never sent by the scheduler on their own.
        app.tick_at(test_now());
        assert_eq!(lert::storage::outbox::find(&mut app.conn(), &draft.id).unwrap().unwrap().status, "draft");

        let path = format!("/api/v1/outbox/{}/send", draft.id);
        let analyst = app.token_for(Role::Analyst);
        assert_eq!(app.post_json(&path, &analyst, &json!({})).await.status(), 403);
        let bad = app.post_raw(&path, &app.admin_token, "{\"body\": \"typo\"}").await;
        assert_eq!(bad.status(), 400, "an unknown field is refused, not ignored");
        let bad = app.post_json(&path, &app.admin_token, &json!({ "to": "not an address" })).await;
        assert_eq!(bad.status(), 422);
        assert_eq!(lert::storage::outbox::find(&mut app.conn(), &draft.id).unwrap().unwrap().status, "draft");

        let edited = "Dear Agent Whitfield,\n\nPlease resend the subpoena with the issuing court and a direct phone number.\n";
        let sent = app
            .post_ok(
                &path,
                &json!({ "subject": "Your subpoena: two items missing", "body_text": edited }),
                200,
            )
            .await;
        assert_eq!(
            (sent["status"].as_str(), sent["subject"].as_str()),
            (Some("scheduled"), Some("Your subpoena: two items missing"))
        );
        assert_eq!(sent["body_text"], edited);
        assert!(sent["body_html"].as_str().unwrap().contains("Dear Agent Whitfield"));
        assert_eq!(app.tick_at(test_now()).sent, 1);
        assert_eq!(app.post_json(&path, &app.admin_token, &json!({})).await.status(), 409, "sent once");
    }
}

#[tokio::test]
async fn lookback_and_foreign_requests_get_their_own_drafts() {
    let app = spawn(crate::helpers::Backend::Sqlite).await;
    let mut logs = subpoena_case();
    logs["process"]["kind"] = json!("court_order_2703d");
    logs["process"]["data_categories"] = json!(["api_logs"]);
    logs["process"]["requested_from"] = json!("2025-01-01");
    let opened = app.create_case(&logs).await;
    let drafts = kinds_of(&app, opened["id"].as_str().unwrap());
    assert!(drafts.contains(&("reply_lookback".into(), "draft".into())), "{drafts:?} {}", opened["flags"]);
    let draft = app.outbox().into_iter().find(|r| r.kind == "reply_lookback").unwrap();
    let text = lert::storage::outbox::content(&mut app.conn(), &draft.id).unwrap().body_text;
    assert!(text.contains("Wednesday 1 January 2025") && text.contains("2706"), "{text}");

    let mut foreign = subpoena_case();
    foreign["agency"] = json!({ "name": "Bundeskriminalamt", "country": "DE" });
    let opened = app.create_case(&foreign).await;
    let drafts = kinds_of(&app, opened["id"].as_str().unwrap());
    assert!(drafts.contains(&("reply_mlat".into(), "draft".into())), "{drafts:?}");
    assert!(
        !drafts.iter().any(|(kind, _)| kind == "reply_deficient"),
        "declined, not asked to complete: {drafts:?}"
    );
}
