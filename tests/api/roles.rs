//! Every API route with every role: each gets exactly what the role rules say.

use lert::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, subpoena_case};

#[derive(Clone, Copy)]
enum Needs {
    Anyone,
    Analyst,
    Counsel,
    Admin,
}

impl Needs {
    fn allows(self, role: Role) -> bool {
        match self {
            Needs::Anyone => true,
            Needs::Analyst => role >= Role::Analyst,
            Needs::Counsel => role >= Role::Counsel,
            Needs::Admin => role == Role::Admin,
        }
    }
}

struct Call {
    method: &'static str,
    path: String,
    body: Option<Value>,
    needs: Needs,
    success: u16,
}

async fn send(app: &TestApp, call: &Call, token: Option<&str>) -> reqwest::Response {
    let url = app.url(&call.path);
    let mut request = match call.method {
        "GET" => app.client.get(url),
        "PUT" => app.client.put(url),
        _ => app.client.post(url),
    };
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if (call.path.ends_with("/intake/messages") || call.path.contains("/exports?")) && call.method == "POST" {
        return request
            .body(call.body.as_ref().and_then(Value::as_str).unwrap_or_default().to_owned())
            .send()
            .await
            .unwrap();
    }
    request = match (&call.body, call.path.contains("/documents?")) {
        (_, true) => request.body("%PDF-1.4 test"),
        (Some(body), false) => request.json(body),
        (None, false) => request,
    };
    request.send().await.unwrap()
}

/// What the calls act on: a case in review with a document, a preservation and an order.
struct Prepared {
    reference: String,
    document: String,
    preservation: String,
    ndo: String,
    /// An open case with formal process on other identifiers: holding for it is refused (422),
    /// which shows the role check passed. A successful hold is tested in clocks_preservations.
    unrelated: String,
    /// A message intake filed on a case of its own, and one of the guesses it made there.
    message: String,
    intake_case: String,
    guess: String,
    /// A list mail intake held in triage, for a person to file on a new case.
    triaged: String,
    /// A drafted reply (on the intake case), a failed and a scheduled email, and a target.
    draft: String,
    failed: String,
    scheduled: String,
    target: String,
    /// An approved case with an attached export and production version 1.
    produced: String,
    export: String,
    /// A viewer's account (email) for the user administration calls, and one of its API tokens.
    user: String,
    user_token: String,
}

/// An accounts export as an engineer attaches it.
const ACCOUNTS_CSV: &str = "account_id,created_at,registration_ip\n12345,2026-01-02T03:04:05Z,203.0.113.9\n";

async fn attach_export(app: &TestApp, reference: &str) -> Value {
    let path = format!("/api/v1/cases/{reference}/exports?kind=accounts&filename=accounts.csv");
    let response = app
        .client
        .post(app.url(&path))
        .bearer_auth(&app.admin_token)
        .body(ACCOUNTS_CSV)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// An approved subpoena case for account 12345 with an export and a first production.
async fn produced_case(app: &TestApp) -> (String, String) {
    let mut body = subpoena_case();
    body["targets"] = json!([{ "kind": "account_id", "value": "12345" }]);
    let reference = app.create_case(&body).await["reference"].as_str().unwrap().to_owned();
    for to in ["in_review", "approved"] {
        app.post_ok(&format!("/api/v1/cases/{reference}/status"), &json!({ "status": to }), 200).await;
    }
    let export = attach_export(app, &reference).await["id"].as_str().unwrap().to_owned();
    attach_export(app, &reference).await;
    app.post_ok(&format!("/api/v1/cases/{reference}/productions"), &json!({}), 201).await;
    (reference, export)
}

/// A small request as it arrives by mail, unique per `tag`.
fn mail(tag: &str) -> String {
    format!(
        "From: Dana Whitfield <dmwhitfield@fbi.gov>\r\nTo: law-enforcement@example-trust.test\r\n\
         Subject: Grand Jury Subpoena {tag}\r\nMessage-ID: <{tag}@fbi.gov>\r\n\
         Date: Fri, 5 Jun 2026 10:00:00 -0400\r\n\r\nPlease find a grand jury subpoena for the \
         subscriber information of account ID 1482093311, returnable on or before July 10, 2026.\r\n"
    )
}

/// A viewer with an API token, made directly: (email, token id).
fn managed_user(app: &TestApp, domain: &str) -> (String, String) {
    use lert::workflows::{Actor, accounts, users};
    let email = format!("managed@{domain}");
    let system = Actor::system("test");
    let mut conn = app.conn();
    let address = lert::domain::email_address::EmailAddress::parse(&email).unwrap();
    users::add_user(&mut conn, crate::helpers::test_now(), &system, &address, Role::Viewer, None).unwrap();
    users::create_token(&mut conn, crate::helpers::test_now(), &system, &email, "managed").unwrap();
    let token = accounts::list_tokens(&mut conn, &system, &email).unwrap().remove(0).id;
    (email, token)
}

async fn prepared_case(app: &TestApp, domain: &str) -> Prepared {
    let mut body = subpoena_case();
    body["targets"] = json!([{ "kind": "domain", "value": domain }]);
    let case = app.create_case(&body).await;
    let reference = case["reference"].as_str().unwrap().to_owned();
    let path = |what: &str| format!("/api/v1/cases/{reference}/{what}");
    let preservation =
        app.post_ok(&path("preservations"), &json!({ "received_on": "2026-06-01" }), 201).await;
    let ndo = app
        .post_ok(&path("ndos"), &json!({ "signed_on": "2026-06-01", "received_on": "2026-06-02", "term": { "fixed_end": "2026-12-01" } }), 201)
        .await;
    app.post_json(
        &format!("/api/v1/cases/{reference}/status"),
        &app.admin_token,
        &json!({ "status": "in_review" }),
    )
    .await;
    let document: Value = app
        .client
        .post(app.url(&format!("/api/v1/cases/{reference}/documents?filename=order.pdf")))
        .bearer_auth(&app.admin_token)
        .body("%PDF-1.4 order")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (status, filed) = crate::intake::upload(app, mail(&format!("prepared-{domain}")).into_bytes()).await;
    assert_eq!(status, 201, "{filed}");
    let intake_case = filed["case"].as_str().unwrap().to_owned();
    let bulk = mail(&format!("triaged-{domain}")).replace("Subject:", "List-Id: <news.example>\r\nSubject:");
    let (status, held) = crate::intake::upload(app, bulk.into_bytes()).await;
    assert_eq!((status, held["status"].as_str()), (201, Some("triage")), "{held}");
    let intake: Value =
        app.get(&format!("/api/v1/cases/{intake_case}/intake"), &app.admin_token).await.json().await.unwrap();
    let outbox = |query: String| async move {
        let rows: Value =
            app.get(&format!("/api/v1/outbox?{query}"), &app.admin_token).await.json().await.unwrap();
        rows[0]["id"].as_str().unwrap_or_else(|| panic!("no email for {query}: {rows}")).to_owned()
    };
    let draft = outbox(format!("case={intake_case}&status=draft")).await;
    let failed = outbox(format!("case={reference}&kind=agency_ack")).await;
    app.execute(&format!("UPDATE outbox SET status = 'failed', attempts = 8 WHERE id = '{failed}'"));
    let unrelated = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let scheduled = outbox(format!("case={unrelated}&kind=agency_ack")).await;
    let (produced, export) = produced_case(app).await;
    let (user, user_token) = managed_user(app, domain);
    Prepared {
        user,
        user_token,
        produced,
        export,
        draft,
        failed,
        scheduled,
        target: case["targets"][0]["id"].as_str().unwrap().to_owned(),
        message: filed["message"].as_str().unwrap().to_owned(),
        guess: intake["guesses"][0]["id"].as_str().unwrap().to_owned(),
        triaged: held["message"].as_str().unwrap().to_owned(),
        intake_case,
        document: document["id"].as_str().unwrap().to_owned(),
        preservation: preservation["preservations"][0]["id"].as_str().unwrap().to_owned(),
        ndo: ndo["ndos"][0]["id"].as_str().unwrap().to_owned(),
        unrelated,
        reference,
    }
}

fn calls(prepared: &Prepared, role: Role) -> Vec<Call> {
    let Prepared {
        reference,
        document,
        preservation,
        ndo,
        unrelated,
        message,
        intake_case,
        guess,
        triaged,
        draft,
        failed,
        scheduled,
        target,
        produced,
        export,
        user,
        user_token,
    } = prepared;
    let call = |method, path: String, body, needs, success| Call { method, path, body, needs, success };
    let order = json!({ "signed_on": "2026-06-03", "received_on": "2026-06-04", "term": { "fixed_end": "2026-12-31" } });
    vec![
        call(
            "POST",
            format!("/api/v1/cases/{reference}/preservations/{preservation}/hold"),
            Some(json!({ "case": unrelated })),
            Needs::Analyst,
            422,
        ),
        call("GET", "/api/v1/deadlines?from=2026-06-01&to=2026-12-31".into(), None, Needs::Anyone, 200),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/preservations/{preservation}/renewals"),
            Some(json!({ "received_on": "2026-06-05" })),
            Needs::Analyst,
            201,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/preservations"),
            Some(json!({ "received_on": "2026-06-02" })),
            Needs::Analyst,
            201,
        ),
        call("POST", format!("/api/v1/cases/{reference}/ndos"), Some(order.clone()), Needs::Analyst, 201),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/ndos/{ndo}/extensions"),
            Some(order),
            Needs::Analyst,
            201,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/ndos/{ndo}/vacatur"),
            Some(json!({ "vacated_on": "2026-06-05" })),
            Needs::Analyst,
            200,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/preservations/{preservation}/release"),
            Some(json!({ "note": "done" })),
            Needs::Counsel,
            200,
        ),
        call("GET", "/api/v1/cases".into(), None, Needs::Anyone, 200),
        call("GET", format!("/api/v1/cases/{reference}"), None, Needs::Anyone, 200),
        call("GET", format!("/api/v1/cases/{reference}/audit"), None, Needs::Anyone, 200),
        call("GET", format!("/api/v1/cases/{reference}/documents/{document}"), None, Needs::Anyone, 200),
        call("GET", "/api/v1/agencies".into(), None, Needs::Anyone, 200),
        call("POST", "/api/v1/cases".into(), Some(json!({ "title": "new" })), Needs::Analyst, 201),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/processes"),
            Some(json!({ "kind": "court_order_2703d" })),
            Needs::Analyst,
            201,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/targets"),
            Some(json!({ "kind": "ip", "value": "192.0.2.7" })),
            Needs::Analyst,
            201,
        ),
        call(
            "PUT",
            format!("/api/v1/cases/{reference}/assignee"),
            Some(json!({ "assignee": null })),
            Needs::Analyst,
            200,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/documents?filename=more.pdf"),
            None,
            Needs::Analyst,
            201,
        ),
        call(
            "POST",
            "/api/v1/agencies".into(),
            Some(json!({ "name": "Cook County Sheriff's Office" })),
            Needs::Analyst,
            201,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{reference}/status"),
            Some(json!({ "status": "approved" })),
            Needs::Counsel,
            200,
        ),
        call("GET", "/api/v1/intake/messages?status=filed".into(), None, Needs::Anyone, 200),
        call("GET", format!("/api/v1/intake/messages/{message}"), None, Needs::Anyone, 200),
        call("GET", format!("/api/v1/cases/{intake_case}/intake"), None, Needs::Anyone, 200),
        call(
            "POST",
            "/api/v1/intake/messages".into(),
            Some(Value::from(mail(&format!("upload-{}", role.as_str())))),
            Needs::Analyst,
            201,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{intake_case}/intake/guesses/{guess}"),
            Some(json!({ "decision": "confirm" })),
            Needs::Analyst,
            200,
        ),
        call("POST", format!("/api/v1/intake/messages/{triaged}/case"), None, Needs::Analyst, 201),
        call("GET", "/api/v1/outbox".into(), None, Needs::Anyone, 200),
        call("GET", format!("/api/v1/outbox/{draft}"), None, Needs::Anyone, 200),
        call("POST", format!("/api/v1/outbox/{draft}/send"), Some(json!({})), Needs::Counsel, 200),
        call("POST", format!("/api/v1/outbox/{failed}/retry"), None, Needs::Counsel, 200),
        call(
            "POST",
            format!("/api/v1/outbox/{scheduled}/cancel"),
            Some(json!({ "reason": "sent by hand" })),
            Needs::Counsel,
            200,
        ),
        call(
            "PUT",
            format!("/api/v1/cases/{reference}/targets/{target}/contact"),
            Some(json!({ "contact_email": "owner@example.net" })),
            Needs::Analyst,
            200,
        ),
        call("GET", format!("/api/v1/cases/{produced}/productions"), None, Needs::Anyone, 200),
        call(
            "PUT",
            format!("/api/v1/cases/{produced}/productions/decisions"),
            Some(
                json!({ "subject": "backups", "decision": "withhold", "reason": "not reasonably accessible" }),
            ),
            Needs::Counsel,
            200,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{produced}/exports?kind=accounts&filename=more.csv"),
            Some(Value::from(ACCOUNTS_CSV)),
            Needs::Analyst,
            201,
        ),
        call(
            "POST",
            format!("/api/v1/cases/{produced}/exports/{export}/withdraw"),
            None,
            Needs::Analyst,
            204,
        ),
        call("POST", format!("/api/v1/cases/{produced}/productions"), Some(json!({})), Needs::Counsel, 201),
        call("GET", format!("/api/v1/cases/{produced}/productions/1/bundle"), None, Needs::Counsel, 200),
        call(
            "POST",
            format!("/api/v1/cases/{produced}/productions/1/deliveries"),
            Some(json!({ "method": "email", "recipient": "dwhitfield@fbi.gov" })),
            Needs::Counsel,
            201,
        ),
        call("GET", "/api/v1/users".into(), None, Needs::Admin, 200),
        call(
            "POST",
            "/api/v1/users".into(),
            Some(json!({ "email": format!("new-{}@lert.test", role.as_str()), "role": "viewer" })),
            Needs::Admin,
            201,
        ),
        call(
            "POST",
            format!("/api/v1/users/{}/tokens", crate::helpers::ADMIN_EMAIL),
            Some(json!({ "label": "x" })),
            Needs::Admin,
            201,
        ),
        call("GET", format!("/api/v1/users/{user}/tokens"), None, Needs::Admin, 200),
        call("POST", format!("/api/v1/users/{user}/tokens/{user_token}/revoke"), None, Needs::Admin, 204),
        call(
            "PUT",
            format!("/api/v1/users/{user}/role"),
            Some(json!({ "role": "analyst" })),
            Needs::Admin,
            200,
        ),
        call("POST", format!("/api/v1/users/{user}/disable"), None, Needs::Admin, 200),
        call("POST", format!("/api/v1/users/{user}/enable"), None, Needs::Admin, 200),
    ]
}

#[tokio::test]
async fn every_route_gives_each_role_exactly_what_it_should() {
    let app = spawn_app().await;
    for role in Role::ALL {
        let token = app.token_for(role);
        let prepared = prepared_case(&app, &format!("{}.example", role.as_str())).await;
        for call in calls(&prepared, role) {
            let before = app.row_counts();
            let response = send(&app, &call, Some(&token)).await;
            let status = response.status().as_u16();
            if call.needs.allows(role) {
                assert_eq!(
                    status,
                    call.success,
                    "{} {} as {}: {}",
                    call.method,
                    call.path,
                    role.as_str(),
                    response.text().await.unwrap()
                );
            } else {
                assert_eq!(
                    status,
                    403,
                    "{} {} as {} should be forbidden",
                    call.method,
                    call.path,
                    role.as_str()
                );
                assert_eq!(app.row_counts(), before, "a forbidden call changed the database");
            }
        }
    }
}

#[tokio::test]
async fn every_api_route_needs_a_valid_token() {
    let app = spawn_app().await;
    let prepared = prepared_case(&app, "admin.example").await;
    for call in calls(&prepared, Role::Admin) {
        for token in [None, Some("lert_0000"), Some("not-a-token")] {
            let response = send(&app, &call, token).await;
            assert_eq!(response.status(), 401, "{} {} with {token:?}", call.method, call.path);
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
        }
    }
}
