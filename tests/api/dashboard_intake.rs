//! The dashboard's intake triage and the case page's mail: hostile messages shown escaped (never
//! their HTML), messages taken out of triage onto a new or an existing case exactly once,
//! intake guesses decided from the case page, documents served inline or as downloads, and
//! every route giving each role exactly what it should.

use lert::domain::role::Role;
use serde_json::{Value, json};

use crate::dashboard::{browser, page, session_as};
use crate::helpers::{TestApp, spawn_app, test_apps};

/// A list mail (so intake holds it in triage) from an agent, unique per `tag`, with a plain
/// text body, an extra header, and optionally one attachment (name, media type, contents).
fn bulk_mail(tag: &str, subject: &str, body: &str, attachment: Option<(&str, &str, &str)>) -> Vec<u8> {
    let mut mail = format!(
        "From: Dana Whitfield <dmwhitfield@fbi.gov>\r\nTo: law-enforcement@example-trust.test\r\n\
         Subject: {subject}\r\nMessage-ID: <{tag}@fbi.gov>\r\nDate: Fri, 5 Jun 2026 10:00:00 -0400\r\n\
         List-Id: <updates.{tag}.example>\r\nX-Note: <script>alert('header')</script>\r\nMIME-Version: 1.0\r\n"
    );
    match attachment {
        None => mail.push_str(&format!("Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n")),
        Some((name, media_type, contents)) => mail.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b-{tag}\"\r\n\r\n--b-{tag}\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n--b-{tag}\r\n\
             Content-Type: {media_type}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\r\n\
             {contents}\r\n--b-{tag}--\r\n"
        )),
    }
    mail.into_bytes()
}

/// Uploads a message that waits in triage; returns its id.
async fn triaged(app: &TestApp, raw: Vec<u8>) -> String {
    let (status, outcome) = crate::intake::upload(app, raw).await;
    assert_eq!(status, 201, "{outcome}");
    assert_eq!(outcome["status"], "triage", "{outcome}");
    outcome["message"].as_str().unwrap().to_owned()
}

async fn message_json(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/v1/intake/messages/{id}"), &app.admin_token).await.json().await.unwrap()
}

async fn post(app: &TestApp, path: &str, session: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    browser().post(app.url(path)).header("Cookie", session).form(fields).send().await.unwrap()
}

#[tokio::test]
async fn a_hostile_message_in_triage_is_shown_escaped_and_never_as_html() {
    let app = spawn_app().await;
    let (session, _) = session_as(&app, Role::Viewer).await;
    let plain = triaged(
        &app,
        bulk_mail(
            "hostile",
            "<script>alert('subject')</script>",
            "Hello <script>alert('body')</script>",
            Some(("a&b<i>.txt", "text/plain", "<script>alert('file')</script>")),
        ),
    )
    .await;
    let html_only = triaged(
        &app,
        b"From: someone@example.net\r\nSubject: html only\r\nMessage-ID: <html-only@example.net>\r\n\
          List-Id: <news.example.net>\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n\
          <p>Hello <b>bold</b></p><script>alert('html')</script><img src=x onerror=alert(1)>\r\n"
            .to_vec(),
    )
    .await;

    let list = page(&app, "/intake", &session).await;
    assert_eq!(list.status(), 200);
    let html = list.text().await.unwrap();
    assert!(html.contains("<title>Intake · lert</title>"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#x27;subject&#x27;)"), "{html}");
    assert!(html.contains(&format!("href=\"/intake/{plain}\"")) && html.contains("bulk"), "{html}");

    let shown = page(&app, &format!("/intake/{plain}"), &session).await;
    assert_eq!(shown.status(), 200);
    let html = shown.text().await.unwrap();
    assert!(!html.contains("<script>"), "nothing the message says is markup: {html}");
    for escaped in ["alert(&#x27;subject&#x27;)", "alert(&#x27;body&#x27;)", "alert(&#x27;header&#x27;)"] {
        assert!(html.contains(escaped), "{escaped} in {html}");
    }
    assert!(html.contains("a&amp;b_i_.txt"), "the attachment's name, escaped: {html}");
    assert!(html.contains("href=\"/intake\""), "a way back");
    assert!(!html.contains("I confirm: open a new case"), "a viewer gets no filing forms");

    let html = page(&app, &format!("/intake/{html_only}"), &session).await.text().await.unwrap();
    assert!(html.contains("Hello") && html.contains("bold"), "{html}");
    for markup in ["<b>bold", "<p>Hello", "<img", "<script>"] {
        assert!(!html.contains(markup), "{markup} in {html}");
    }
    let viewed: i64 = {
        use diesel::prelude::*;
        use lert::storage::schema::audit_events;
        audit_events::table
            .filter(audit_events::action.eq("intake.message_viewed"))
            .count()
            .get_result(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(viewed, 2, "each view is audited");
    assert_eq!(page(&app, "/intake/no-such-message", &session).await.status(), 404);
    assert_eq!(page(&app, "/intake?status=bogus", &session).await.status(), 400);
}

#[tokio::test]
async fn a_triaged_message_opens_a_case_or_joins_one_exactly_once() {
    for app in test_apps().await {
        let (session, csrf) = session_as(&app, Role::Analyst).await;
        let order = triaged(
            &app,
            bulk_mail(
                "open-me",
                "Order <script>x</script> 2026",
                "Please see the attached order.",
                Some(("order.pdf", "application/pdf", "%PDF-1.4 order")),
            ),
        )
        .await;
        let notes = triaged(
            &app,
            bulk_mail("attach-me", "Notes", "Our notes.", Some(("notes.csv", "text/csv", "a,b\n1,2"))),
        )
        .await;
        let open = format!("/intake/{order}/open");

        let before = app.row_counts();
        let forged = post(&app, &open, &session, &[("csrf", "forged"), ("confirm", "yes")]).await;
        assert_eq!(forged.status(), 403, "a post without its token is refused");
        assert_eq!(app.row_counts(), before, "and changes nothing");
        let unconfirmed = post(&app, &open, &session, &[("csrf", &csrf)]).await;
        assert_eq!(unconfirmed.status(), 422);
        assert!(unconfirmed.text().await.unwrap().contains("id=\"open-confirm-error\""));
        assert_eq!(message_json(&app, &order).await["status"], "triage");

        let opened = post(&app, &open, &session, &[("csrf", &csrf), ("confirm", "yes")]).await;
        assert_eq!(opened.status(), 303);
        let case_page = opened.headers()["location"].to_str().unwrap().to_owned();
        let reference = case_page.trim_start_matches("/cases/").to_owned();
        let message = message_json(&app, &order).await;
        assert_eq!(
            (message["status"].as_str(), message["case"].as_str()),
            (Some("filed"), Some(&*reference))
        );
        let case = crate::intake::case_json(&app, &reference).await;
        assert_eq!(case["title"], "Order <script>x</script> 2026");
        assert_eq!(case["documents"][0]["filename"], "order.pdf");
        let again = post(&app, &open, &session, &[("csrf", &csrf), ("confirm", "yes")]).await;
        assert_eq!(again.status(), 409, "a filed message is filed once");

        let attach = format!("/intake/{notes}/attach");
        let unknown = post(
            &app,
            &attach,
            &session,
            &[("csrf", &csrf), ("confirm", "yes"), ("reference", "LE-2099-9999")],
        )
        .await;
        assert_eq!(unknown.status(), 422);
        let html = unknown.text().await.unwrap();
        assert!(html.contains("id=\"attach-reference-error\"") && html.contains("LE-2099-9999"), "{html}");
        assert_eq!(message_json(&app, &notes).await["status"], "triage", "nothing changed");
        let filed =
            post(&app, &attach, &session, &[("csrf", &csrf), ("confirm", "yes"), ("reference", &reference)])
                .await;
        assert_eq!(filed.status(), 303);
        assert_eq!(filed.headers()["location"], case_page.as_str());
        assert_eq!(message_json(&app, &notes).await["case"], reference.as_str());
        let case = crate::intake::case_json(&app, &reference).await;
        let documents = case["documents"].as_array().unwrap();
        let names: Vec<&str> = documents.iter().map(|d| d["filename"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"order.pdf") && names.contains(&"notes.csv"), "{names:?}");

        let html = page(&app, &case_page, &session).await.text().await.unwrap();
        assert!(html.contains("intake.opened_case") && html.contains("intake.attached"), "audited: {html}");
        assert!(html.contains("Conversation with the agency"));
        assert!(
            html.contains(&format!("href=\"/intake/{order}\""))
                && html.contains(&format!("href=\"/intake/{notes}\""))
        );
        assert!(!html.contains("<script>x"), "{html}");

        for document in documents {
            let path = format!("{case_page}/documents/{}", document["id"].as_str().unwrap());
            let served = page(&app, &path, &session).await;
            assert_eq!(served.status(), 200);
            let header = |name: &str| served.headers()[name].to_str().unwrap().to_owned();
            assert_eq!(header("x-content-type-options"), "nosniff");
            assert_eq!(header("content-security-policy"), "sandbox; default-src 'none'");
            if document["filename"] == "order.pdf" {
                assert_eq!(header("content-type"), "application/pdf");
                assert!(header("content-disposition").starts_with("inline; filename=\"order.pdf\""));
                assert_eq!(served.bytes().await.unwrap().as_ref(), b"%PDF-1.4 order");
            } else {
                assert_eq!(header("content-type"), "application/octet-stream");
                assert!(header("content-disposition").starts_with("attachment; filename=\"notes.csv\""));
            }
            assert!(html.contains(&format!("href=\"{path}\"")), "the case page links {path}");
        }
        assert_eq!(page(&app, &format!("{case_page}/documents/nope"), &session).await.status(), 404);

        // A name stored before file names were cleaned: safe in the header, escaped on the page.
        let hostile = documents[0]["id"].as_str().unwrap();
        app.execute(&format!(
            "UPDATE documents SET filename = 'a\"b\n<script>alert(1)</script>.pdf' WHERE id = '{hostile}'"
        ));
        let html = page(&app, &case_page, &session).await.text().await.unwrap();
        assert!(!html.contains("<script>alert(1)") && html.contains("&lt;script&gt;alert(1)"), "{html}");
        let served = page(&app, &format!("{case_page}/documents/{hostile}"), &session).await;
        let header = served.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(
            !header.contains('<') && !header.contains('\n') && header.matches('"').count() == 2,
            "{header}"
        );
    }
}

#[tokio::test]
async fn the_api_files_a_message_that_is_not_even_mail_on_a_new_case() {
    for app in test_apps().await {
        let id = triaged(&app, crate::intake::fixture("19-undecodable.bin")).await;
        let path = format!("/api/v1/intake/messages/{id}/case");
        let viewer = app.token_for(Role::Viewer);
        assert_eq!(app.post_json(&path, &viewer, &json!({})).await.status(), 403);
        let unknown = app.post_json(&path, &app.admin_token, &json!({ "reference": "LE-2099-9999" })).await;
        assert_eq!(unknown.status(), 422);
        assert_eq!(message_json(&app, &id).await["status"], "triage");
        let opened = app.post_ok(&path, &json!({}), 201).await;
        assert_eq!(opened["opened"], true);
        let case = crate::intake::case_json(&app, opened["case"].as_str().unwrap()).await;
        assert_eq!(case["title"], "(a message lert could not read)");
        assert_eq!(app.post_json(&path, &app.admin_token, &json!({})).await.status(), 409);
        let other = triaged(&app, bulk_mail("api-attach", "More", "More.", None)).await;
        let joined = app
            .post_ok(
                &format!("/api/v1/intake/messages/{other}/case"),
                &json!({ "reference": opened["case"] }),
                201,
            )
            .await;
        assert_eq!((&joined["case"], &joined["opened"]), (&opened["case"], &json!(false)));
    }
}

/// A request intake files on a case of its own (with guesses), unique per `tag`.
async fn filed_case(app: &TestApp, tag: &str) -> (String, Value) {
    let raw = format!(
        "From: Dana Whitfield <dmwhitfield@fbi.gov>\r\nTo: law-enforcement@example-trust.test\r\n\
         Subject: Grand Jury Subpoena {tag}\r\nMessage-ID: <{tag}@fbi.gov>\r\n\
         Date: Fri, 5 Jun 2026 10:00:00 -0400\r\n\r\nPlease find a grand jury subpoena for the \
         subscriber information of account ID 1482093311, returnable on or before July 10, 2026.\r\n\
         Agent Dana Whitfield, phone (215) 555-0143.\r\n"
    );
    let (status, outcome) = crate::intake::upload(app, raw.into_bytes()).await;
    assert_eq!(status, 201, "{outcome}");
    let reference = outcome["case"].as_str().unwrap().to_owned();
    let intake = crate::intake::case_intake(app, &reference).await;
    (reference, intake["guesses"].clone())
}

fn guess_of<'a>(guesses: &'a Value, field: &str) -> &'a str {
    guesses
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["field"] == field)
        .unwrap_or_else(|| panic!("{field}: {guesses}"))["id"]
        .as_str()
        .unwrap()
}

#[tokio::test]
async fn guesses_are_confirmed_corrected_and_rejected_from_the_case_page() {
    let app = spawn_app().await;
    let (session, csrf) = session_as(&app, Role::Analyst).await;
    let (reference, guesses) = filed_case(&app, "guesses").await;
    let html = page(&app, &format!("/cases/{reference}"), &session).await.text().await.unwrap();
    assert!(html.contains("Intake guesses to review") && html.contains("return_by"), "{html}");
    let path = |id: &str| format!("/cases/{reference}/guesses/{id}");
    let (return_by, identifier, served_on) =
        (guess_of(&guesses, "return_by"), guess_of(&guesses, "identifier"), guess_of(&guesses, "served_on"));

    let before = app.row_counts();
    let forged = post(&app, &path(return_by), &session, &[("csrf", "forged"), ("decision", "confirm")]).await;
    assert_eq!(forged.status(), 403);
    assert_eq!(app.row_counts(), before);

    let bad = post(
        &app,
        &path(return_by),
        &session,
        &[("csrf", &csrf), ("decision", "correct"), ("value", "soon")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(
        html.contains(&format!("id=\"guess-{return_by}-error\"")) && html.contains("value=\"soon\""),
        "{html}"
    );

    let corrected = post(
        &app,
        &path(return_by),
        &session,
        &[("csrf", &csrf), ("decision", "correct"), ("value", "2026-07-20")],
    )
    .await;
    assert_eq!(corrected.status(), 303);
    assert_eq!(corrected.headers()["location"].to_str().unwrap(), format!("/cases/{reference}#guesses"));
    let rejected = post(&app, &path(identifier), &session, &[("csrf", &csrf), ("decision", "reject")]).await;
    assert_eq!(rejected.status(), 303);
    let confirmed = post(&app, &path(served_on), &session, &[("csrf", &csrf), ("decision", "confirm")]).await;
    assert_eq!(confirmed.status(), 303);
    let again = post(&app, &path(served_on), &session, &[("csrf", &csrf), ("decision", "confirm")]).await;
    assert_eq!(again.status(), 409);

    let intake = crate::intake::case_intake(&app, &reference).await;
    let status_of = |id: &str| {
        intake["guesses"].as_array().unwrap().iter().find(|g| g["id"] == id).unwrap()["status"].clone()
    };
    assert_eq!(
        (status_of(return_by), status_of(identifier), status_of(served_on)),
        (json!("corrected"), json!("rejected"), json!("confirmed"))
    );
    let case = crate::intake::case_json(&app, &reference).await;
    assert_eq!(case["processes"][0]["return_by"], "2026-07-20", "{case}");
    let html = page(&app, &format!("/cases/{reference}"), &session).await.text().await.unwrap();
    assert!(
        !html.contains(&format!("action=\"/cases/{reference}/guesses/{served_on}\"")),
        "decided guesses leave the list"
    );
}

/// Method, path, form fields, whether the role may, and the status when it may.
type Call = (&'static str, String, Vec<(&'static str, String)>, bool, u16);

#[tokio::test]
async fn every_intake_route_gives_each_role_exactly_what_it_should() {
    let app = spawn_app().await;
    for role in Role::ALL {
        let (session, csrf) = session_as(&app, role).await;
        let tag = role.as_str();
        let to_open = triaged(&app, bulk_mail(&format!("open-{tag}"), "Open", "Open me.", None)).await;
        let to_attach =
            triaged(&app, bulk_mail(&format!("attach-{tag}"), "Attach", "Attach me.", None)).await;
        let (reference, guesses) = filed_case(&app, &format!("matrix-{tag}")).await;
        let guess = guess_of(&guesses, "served_on").to_owned();
        let document = {
            let response = app
                .client
                .post(app.url(&format!("/api/v1/cases/{reference}/documents?filename=order.pdf")))
                .bearer_auth(&app.admin_token)
                .body("%PDF-1.4 order")
                .send()
                .await
                .unwrap();
            response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
        };
        let at_least = |needed: Role| role >= needed;
        let confirm = ("confirm", "yes".to_owned());
        let calls: Vec<Call> = vec![
            ("GET", "/intake".into(), vec![], true, 200),
            ("GET", "/intake?status=filed".into(), vec![], true, 200),
            ("GET", format!("/intake/{to_open}"), vec![], true, 200),
            ("POST", format!("/intake/{to_open}/open"), vec![confirm.clone()], at_least(Role::Analyst), 303),
            (
                "POST",
                format!("/intake/{to_attach}/attach"),
                vec![confirm, ("reference", reference.clone())],
                at_least(Role::Analyst),
                303,
            ),
            (
                "POST",
                format!("/cases/{reference}/guesses/{guess}"),
                vec![("decision", "confirm".into())],
                at_least(Role::Analyst),
                303,
            ),
            ("GET", format!("/cases/{reference}/documents/{document}"), vec![], true, 200),
        ];
        for (method, path, mut fields, allowed, success) in calls {
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
            let before = app.row_counts();
            let response = send(Some(&session)).await.unwrap();
            let expected = if allowed { success } else { 403 };
            assert_eq!(response.status().as_u16(), expected, "{method} {path} as {}", role.as_str());
            if !allowed {
                assert_eq!(app.row_counts(), before, "{method} {path} refused changed nothing");
            }
        }
    }
}
