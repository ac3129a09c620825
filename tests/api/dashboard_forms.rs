//! The case page's forms through the dashboard as a browser posts them: status moves and
//! productions, orders, assignment and preservations, what a viewer may not do, and every page
//! and form against every role.

use serde_json::json;

use crate::dashboard::{browser, csrf_in, page, pair, set_cookie, sign_in};
use crate::helpers::{ADMIN_EMAIL, TestApp, spawn_app, subpoena_case};

/// The token of the first form on a page.
async fn form_token(app: &TestApp, path: &str, session: &str) -> String {
    csrf_in(&page(app, path, session).await.text().await.unwrap())
}

#[tokio::test]
async fn counsel_approves_produces_and_downloads_from_the_case_page() {
    let app = spawn_app().await;
    crate::productions::fill_records(&app);
    let case = app.create_case(&crate::productions::court_order_case()).await;
    let reference = case["reference"].as_str().unwrap().to_owned();
    let session =
        pair(&set_cookie(&sign_in(&app, ADMIN_EMAIL, &app.admin_password).await, "lert_session").unwrap());
    let case_path = format!("/cases/{reference}");
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let session = session.clone();
        let url = app.url(&path);
        async move { browser().post(url).header("Cookie", session).form(&fields).send().await.unwrap() }
    };

    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(!html.contains("Generate production"), "not before approval");
    let csrf = form_token(&app, &case_path, &session).await;
    let moved =
        post(format!("{case_path}/status"), vec![("csrf", csrf.clone()), ("to", "in_review".into())]).await;
    assert_eq!(moved.status(), 303);
    assert_eq!(moved.headers()["location"], case_path.as_str());
    let forged =
        post(format!("{case_path}/status"), vec![("csrf", "00".into()), ("to", "approved".into())]).await;
    assert_eq!(forged.status(), 403, "no token, no change");
    let shown: serde_json::Value =
        app.get(&format!("/api/v1/cases/{reference}"), &app.admin_token).await.json().await.unwrap();
    assert_eq!(shown["status"], "in_review");
    assert_eq!(
        post(format!("{case_path}/status"), vec![("csrf", csrf.clone()), ("to", "approved".into())])
            .await
            .status(),
        303
    );

    let unconfirmed = post(format!("{case_path}/productions"), vec![("csrf", csrf.clone())]).await;
    assert_eq!(unconfirmed.status(), 422);
    assert!(unconfirmed.text().await.unwrap().contains("I confirm"));
    let short = post(
        format!("{case_path}/productions"),
        vec![("csrf", csrf.clone()), ("confirm", "yes".into()), ("password", "short".into())],
    )
    .await;
    assert_eq!(short.status(), 422);
    assert!(
        short.text().await.unwrap().contains("at least 12 characters"),
        "the refusal is shown on the case"
    );
    let made =
        post(format!("{case_path}/productions"), vec![("csrf", csrf.clone()), ("confirm", "yes".into())])
            .await;
    assert_eq!(made.status(), 303);
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    let link = format!("/cases/{reference}/productions/1/bundle");
    assert!(html.contains(&link), "{html}");
    let zip = page(&app, &link, &session).await;
    assert_eq!(zip.status(), 200);
    assert!(zip.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let bytes = zip.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK");

    let produced =
        post(format!("{case_path}/status"), vec![("csrf", csrf.clone()), ("to", "produced".into())]).await;
    assert_eq!(produced.status(), 422, "producing needs the confirmation box");
    assert_eq!(
        post(
            format!("{case_path}/status"),
            vec![("csrf", csrf), ("to", "produced".into()), ("confirm", "yes".into())]
        )
        .await
        .status(),
        303
    );
}

#[tokio::test]
async fn viewers_see_cases_but_cannot_act_or_download() {
    let app = spawn_app().await;
    let reference = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let viewer = lert::domain::email_address::EmailAddress::parse("viewer@lert.test").unwrap();
    {
        let mut conn = app.conn();
        lert::workflows::users::add_user(
            &mut conn,
            crate::helpers::test_now(),
            &lert::workflows::Actor::system("test"),
            &viewer,
            lert::domain::role::Role::Viewer,
            Some("a viewer's long password"),
        )
        .unwrap();
    }
    let session = pair(
        &set_cookie(&sign_in(&app, "viewer@lert.test", "a viewer's long password").await, "lert_session")
            .unwrap(),
    );
    let case_path = format!("/cases/{reference}");
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(!html.contains("name=\"to\""), "no status forms for a viewer");
    assert!(!html.contains("Generate production"));
    let csrf = csrf_in(&html);
    let tried = browser()
        .post(app.url(&format!("{case_path}/status")))
        .header("Cookie", &session)
        .form(&[("csrf", csrf.as_str()), ("to", "in_review")])
        .send()
        .await
        .unwrap();
    assert_eq!(tried.status(), 403);
    assert_eq!(page(&app, &format!("{case_path}/productions/1/bundle"), &session).await.status(), 403);
}

#[tokio::test]
async fn an_order_recorded_on_the_case_page_moves_the_notice_clock_and_bad_fields_are_named() {
    let app = spawn_app().await;
    let reference = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let session =
        pair(&set_cookie(&sign_in(&app, ADMIN_EMAIL, &app.admin_password).await, "lert_session").unwrap());
    let case_path = format!("/cases/{reference}");
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(html.contains("<dt>Subscriber notice</dt><dd>no_order"), "{html}");
    let csrf = csrf_in(&html);
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let url = app.url(&format!("{case_path}/ndos"));
        let (session, csrf) = (session.clone(), csrf.clone());
        async move {
            let mut fields: Vec<(&str, String)> =
                fields.into_iter().map(|(k, v)| (k, v.to_owned())).collect();
            fields.push(("csrf", csrf));
            browser().post(url).header("Cookie", session).form(&fields).send().await.unwrap()
        }
    };
    let before = app.row_counts();
    let bad = post(vec![
        ("signed_on", "June 1"),
        ("received_on", "2026-06-02"),
        ("term", "duration"),
        ("amount", "six"),
        ("unit", "months"),
    ])
    .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("id=\"ndo-signed_on-error\">Enter a date such as 2026-06-01."), "{html}");
    assert!(html.contains("id=\"ndo-amount-error\">Enter a whole number."));
    assert!(html.contains("value=\"June 1\""), "what was typed is kept");
    let ends_before = post(vec![
        ("signed_on", "2026-06-01"),
        ("received_on", "2026-06-02"),
        ("term", "fixed_end"),
        ("ends_on", "2026-05-01"),
    ])
    .await;
    assert_eq!(ends_before.status(), 422);
    // Showing the form again is an audited view of the case; nothing else may change.
    let changed: Vec<_> =
        app.row_counts().into_iter().zip(&before).filter(|(now, was)| now != *was).collect();
    assert!(changed.iter().all(|((table, _), _)| table == "audit_events"), "{changed:?}");
    let orders: i64 = {
        use diesel::RunQueryDsl;
        diesel::dsl::sql::<diesel::sql_types::BigInt>("SELECT COUNT(*) FROM ndos")
            .get_result(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(orders, 0, "a refused order records nothing");

    let good = post(vec![
        ("signed_on", "2026-06-01"),
        ("received_on", "2026-06-02"),
        ("term", "fixed_end"),
        ("ends_on", "2026-12-01"),
        ("docket_number", "26-MJ-0142"),
    ])
    .await;
    assert_eq!(good.status(), 303);
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(html.contains("ends 2026-12-01"), "{html}");
    assert!(
        html.contains("<dt>Subscriber notice</dt><dd>blocked_until, due 2026-12-02"),
        "the notice clock moved: {html}"
    );
}

#[tokio::test]
async fn a_case_is_assigned_and_a_preservation_recorded_from_its_page() {
    let app = spawn_app().await;
    let reference = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let session =
        pair(&set_cookie(&sign_in(&app, ADMIN_EMAIL, &app.admin_password).await, "lert_session").unwrap());
    let case_path = format!("/cases/{reference}");
    let csrf = form_token(&app, &case_path, &session).await;
    let post = |action: &'static str, field: &'static str, value: &'static str| {
        let url = app.url(&format!("{case_path}/{action}"));
        let (session, csrf) = (session.clone(), csrf.clone());
        async move {
            browser()
                .post(url)
                .header("Cookie", session)
                .form(&[("csrf", csrf.as_str()), (field, value)])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(post("assignee", "assignee", ADMIN_EMAIL).await.status(), 303);
    let unknown = post("assignee", "assignee", "nobody@lert.test").await;
    assert_eq!(unknown.status(), 422);
    assert!(
        unknown.text().await.unwrap().contains("no user has the email"),
        "the reason is shown on the case"
    );
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(html.contains(&format!("<dt>Assignee</dt><dd>{ADMIN_EMAIL}")), "{html}");

    let bad = post("preservations", "received_on", "yesterday").await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("id=\"preserve-received_on-error\""), "beside the field");
    assert_eq!(post("preservations", "received_on", "2026-06-01").await.status(), 303);
    let html = page(&app, &case_path, &session).await.text().await.unwrap();
    assert!(html.contains("received 2026-06-01, expires 2026-08-30"), "{html}");
}

/// A route to try: method, path, form fields, whether the role may, and its success status.
type Call = (&'static str, String, Vec<(&'static str, String)>, bool, u16);

/// Every dashboard route with every role, and without a session: each gets what the roles say.
#[tokio::test]
async fn every_page_and_form_gives_each_role_exactly_what_it_should() {
    use lert::domain::role::Role;
    let app = spawn_app().await;
    crate::productions::fill_records(&app);
    for role in Role::ALL {
        let (session, csrf) = crate::dashboard::session_as(&app, role).await;
        // A case to act on, and an approved one with a first production to produce and download.
        let open = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
        let approved = app.create_case(&crate::productions::court_order_case()).await["reference"]
            .as_str()
            .unwrap()
            .to_owned();
        crate::productions::approve(&app, &approved).await;
        app.post_ok(&format!("/api/v1/cases/{approved}/productions"), &json!({}), 201).await;
        let at_least = |needed: Role| role >= needed;
        let calls: Vec<Call> = vec![
            ("GET", "/".into(), vec![], true, 200),
            ("GET", "/cases".into(), vec![], true, 200),
            ("GET", format!("/cases/{open}"), vec![], true, 200),
            (
                "POST",
                format!("/cases/{open}/status"),
                vec![("to", "in_review".into())],
                at_least(Role::Analyst),
                303,
            ),
            (
                "POST",
                format!("/cases/{open}/assignee"),
                vec![("assignee", String::new())],
                at_least(Role::Analyst),
                303,
            ),
            (
                "POST",
                format!("/cases/{open}/preservations"),
                vec![("received_on", "2026-06-01".into())],
                at_least(Role::Analyst),
                303,
            ),
            (
                "POST",
                format!("/cases/{open}/ndos"),
                vec![
                    ("signed_on", "2026-06-01".into()),
                    ("received_on", "2026-06-02".into()),
                    ("term", "until_further_order".into()),
                ],
                at_least(Role::Analyst),
                303,
            ),
            (
                "POST",
                format!("/cases/{approved}/productions"),
                vec![("confirm", "yes".into())],
                at_least(Role::Counsel),
                303,
            ),
            ("GET", format!("/cases/{approved}/productions/1/bundle"), vec![], at_least(Role::Counsel), 200),
        ];
        for (method, path, mut fields, allowed, success) in calls {
            let send = |cookie: Option<&str>, fields: &Vec<(&str, String)>| {
                let mut request = match method {
                    "GET" => browser().get(app.url(&path)),
                    _ => browser().post(app.url(&path)).form(fields),
                };
                if let Some(cookie) = cookie {
                    request = request.header("Cookie", cookie.to_owned());
                }
                request.send()
            };
            fields.push(("csrf", csrf.clone()));
            let anonymous = send(None, &fields).await.unwrap();
            assert_eq!(anonymous.status(), 303, "{method} {path} without a session");
            assert_eq!(anonymous.headers()["location"], "/signin");
            let response = send(Some(&session), &fields).await.unwrap();
            let expected = if allowed { success } else { 403 };
            assert_eq!(response.status().as_u16(), expected, "{method} {path} as {}", role.as_str());
        }
    }
}
