//! The dashboard over HTTP as a browser sees it: signing in (CSRF-protected, throttled, audited),
//! the session cookie, Today and a case page with what they must show and escape, the security
//! headers, and signing out ending the session.

use serde_json::json;

use crate::helpers::{ADMIN_EMAIL, TestApp, spawn_app, subpoena_case};

/// A browser without redirects or a cookie jar: the tests look at every hop.
pub(crate) fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub(crate) fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

pub(crate) fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

pub(crate) fn csrf_in(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[start..].split('"').next().unwrap().to_owned()
}

/// Signs in through the form; returns the session cookie pair (`lert_session=...`).
pub(crate) async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    let client = browser();
    let form = client.get(app.url("/signin")).send().await.unwrap();
    let form_cookie = pair(&set_cookie(&form, "lert_signin").expect("the form's cookie"));
    let csrf = csrf_in(&form.text().await.unwrap());
    client
        .post(app.url("/signin"))
        .header("Cookie", form_cookie)
        .form(&[("email", email), ("password", password), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
}

/// A user of the given role, signed in through the form: the session cookie pair and a CSRF
/// token for its forms.
pub(crate) async fn session_as(app: &TestApp, role: lert::domain::role::Role) -> (String, String) {
    let email = format!("{}-{}@lert.test", role.as_str(), uuid::Uuid::now_v7().simple());
    {
        let mut conn = app.conn();
        let address = lert::domain::email_address::EmailAddress::parse(&email).unwrap();
        let system = lert::workflows::Actor::system("test");
        lert::workflows::users::add_user(
            &mut conn,
            crate::helpers::test_now(),
            &system,
            &address,
            role,
            Some("a long enough password"),
        )
        .unwrap();
    }
    let signed_in = sign_in(app, &email, "a long enough password").await;
    let session = pair(&set_cookie(&signed_in, "lert_session").expect("a session cookie"));
    let home = page(app, "/", &session).await.text().await.unwrap();
    (session, csrf_in(&home))
}

pub(crate) async fn page(app: &TestApp, path: &str, session: &str) -> reqwest::Response {
    browser().get(app.url(path)).header("Cookie", session).send().await.unwrap()
}

#[tokio::test]
async fn signing_in_shows_today_and_cases_escaped_and_signing_out_ends_the_session() {
    let app = spawn_app().await;
    let mut emergency = subpoena_case();
    emergency["title"] = json!("<script>alert('title')</script> & co");
    emergency["process"]["kind"] = json!("emergency_request");
    let case = app.create_case(&emergency).await;
    let reference = case["reference"].as_str().unwrap().to_owned();

    let anonymous = page(&app, "/", "").await;
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/signin");

    let form = browser().get(app.url("/signin")).send().await.unwrap();
    let csp = form.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(form.headers()["x-content-type-options"], "nosniff");
    assert!(form.headers().contains_key("referrer-policy"));

    let signed_in = sign_in(&app, ADMIN_EMAIL, &app.admin_password).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(signed_in.headers()["location"], "/");
    let cookie = set_cookie(&signed_in, "lert_session").expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let session = pair(&cookie);

    let today = page(&app, "/", &session).await;
    assert_eq!(today.status(), 200);
    let html = today.text().await.unwrap();
    assert!(html.contains("<title>Today · lert</title>"));
    assert!(
        html.contains("Emergency requests") && html.contains(&format!("href=\"/cases/{reference}\"")),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "a title is escaped");
    assert!(html.contains("&lt;script&gt;alert(&#x27;title&#x27;)&lt;&#x2F;script&gt; &amp; co"), "{html}");

    let shown = page(&app, &format!("/cases/{reference}"), &session).await;
    assert_eq!(shown.status(), 200);
    let html = shown.text().await.unwrap();
    assert!(html.contains(&reference) && html.contains("emergency_request"));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("case.viewed"), "the view is in the timeline it shows");
    let counted = ["today", "tomorrow", "in "].iter().any(|c| html.contains(&format!("</td><td>{c}")));
    assert!(html.contains("<th scope=\"col\">When</th>") && counted, "deadlines count down: {html}");
    assert_eq!(page(&app, "/cases/LE-2026-9999", &session).await.status(), 404);

    let html = page(&app, "/", &session).await.text().await.unwrap();
    let csrf = csrf_in(&html);
    let without = browser()
        .post(app.url("/signout"))
        .header("Cookie", &session)
        .form(&[("csrf", "0000")])
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 403, "a form post without its token is refused");
    assert_eq!(page(&app, "/", &session).await.status(), 200, "and changed nothing");
    let out = browser()
        .post(app.url("/signout"))
        .header("Cookie", &session)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert!(set_cookie(&out, "lert_session").unwrap().contains("Max-Age=0"));
    assert_eq!(page(&app, "/", &session).await.status(), 303, "the old cookie no longer signs anyone in");

    let trail: Vec<String> = {
        use diesel::RunQueryDsl;
        let mut conn = app.conn();
        diesel::dsl::sql::<diesel::sql_types::Text>("SELECT action FROM audit_events WHERE action LIKE 'signin.%' OR action = 'user.sessions_ended' ORDER BY seq")
            .load(&mut *conn)
            .unwrap()
    };
    assert_eq!(trail, ["signin.succeeded", "user.sessions_ended"]);
}

#[tokio::test]
async fn a_forged_or_missing_form_token_and_repeated_failures_keep_people_out() {
    let app = spawn_app().await;
    let client = browser();
    let forged = client
        .post(app.url("/signin"))
        .form(&[("email", ADMIN_EMAIL), ("password", app.admin_password.as_str()), ("csrf", "00")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(set_cookie(&forged, "lert_session").is_none());

    let wrong = sign_in(&app, ADMIN_EMAIL, "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert!(wrong.text().await.unwrap().contains("do not match"));
    let unknown = sign_in(&app, "nobody@lert.test", "whatever it is").await;
    assert_eq!(unknown.status(), 401, "an unknown email reads the same as a wrong password");
    for _ in 0..4 {
        assert_eq!(sign_in(&app, ADMIN_EMAIL, "still wrong").await.status(), 401);
    }
    let locked = sign_in(&app, ADMIN_EMAIL, &app.admin_password).await;
    assert_eq!(locked.status(), 429, "five failures lock the account even for the right password");
    assert!(locked.text().await.unwrap().contains("Too many failed sign-ins"));
    app.clock.set(crate::helpers::test_now() + chrono::TimeDelta::minutes(16));
    assert_eq!(sign_in(&app, ADMIN_EMAIL, &app.admin_password).await.status(), 303, "the lock lifts");
}

#[tokio::test]
async fn the_case_list_searches_filters_sorts_and_pages() {
    for backend in crate::helpers::backends() {
        list_cases_on(crate::helpers::spawn(backend).await).await;
    }
}

async fn list_cases_on(app: TestApp) {
    let mut first = subpoena_case();
    first["title"] = json!("Warrant for the <b>bold</b> account");
    first["process"]["kind"] = json!("search_warrant");
    first["targets"] = json!([{ "kind": "domain", "value": "needle.example" }]);
    let first = app.create_case(&first).await["reference"].as_str().unwrap().to_owned();
    for n in 0..51 {
        let mut other = subpoena_case();
        other["title"] = json!(format!("Subpoena number {n}"));
        other["received_at"] = json!(format!("2026-05-{:02}T10:00:00Z", 1 + n % 28));
        app.create_case(&other).await;
    }
    let session =
        pair(&set_cookie(&sign_in(&app, ADMIN_EMAIL, &app.admin_password).await, "lert_session").unwrap());
    let list = |query: &'static str| {
        let session = session.clone();
        let app = &app;
        async move {
            let response = page(app, &format!("/cases{query}"), &session).await;
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, html) = list("?q=NEEDLE.example").await;
    assert_eq!(status, 200);
    assert!(html.contains(&first) && !html.contains("Subpoena number"), "a target matches: {html}");
    assert!(html.contains("Warrant for the &lt;b&gt;bold&lt;&#x2F;b&gt; account"), "escaped");
    let (_, html) = list("?kind=search_warrant").await;
    assert_eq!(html.matches("href=\"/cases/LE-").count(), 1);
    let (_, html) = list("?q=number%207").await;
    assert_eq!(html.matches("href=\"/cases/LE-").count(), 1, "title search");

    let (_, html) = list("").await;
    assert_eq!(html.matches("href=\"/cases/LE-").count(), 50, "a page of 50");
    let next = html
        .split("href=\"/cases?")
        .nth(1)
        .expect("a next page link")
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let response = page(&app, &format!("/cases?{next}"), &session).await;
    let rest = response.text().await.unwrap();
    assert_eq!(rest.matches("href=\"/cases/LE-").count(), 2, "the other two");
    assert!(!rest.contains("rel=\"next\""));

    let (_, newest) = list("?sort=newest").await;
    let (_, oldest) = list("?sort=oldest").await;
    let first_row =
        |html: &str| html.split("href=\"/cases/LE-").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert_ne!(first_row(&newest), first_row(&oldest));
    assert!(oldest.contains("2026-05-01"));

    assert_eq!(list("?status=lost").await.0, 400);
    assert_eq!(list("?after=garbage").await.0, 400);
    assert_eq!(page(&app, "/cases", "").await.status(), 303, "signed-in users only");
}

/// Today is kept in memory between readings; any write in between is seen at once.
#[tokio::test]
async fn today_shows_a_change_made_after_it_was_last_read() {
    let app = spawn_app().await;
    let (session, _) = session_as(&app, lert::domain::role::Role::Viewer).await;
    let before = page(&app, "/", &session).await.text().await.unwrap();
    assert!(!before.contains("Emergency requests"), "{before}");
    assert_eq!(page(&app, "/", &session).await.text().await.unwrap(), before, "read twice, the same");
    let mut emergency = subpoena_case();
    emergency["title"] = json!("Emergency: kept readings are refreshed");
    emergency["process"]["kind"] = json!("emergency_request");
    let reference = app.create_case(&emergency).await["reference"].as_str().unwrap().to_owned();
    let after = page(&app, "/", &session).await.text().await.unwrap();
    assert!(after.contains("Emergency requests") && after.contains(&reference), "{after}");
}
