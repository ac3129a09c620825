//! The administration pages and My account guarded: with every role, and without a session,
//! admins get every /admin route, everyone else 403 there and nothing written, everyone gets
//! /account; and a form posted without its CSRF token is refused and changes nothing.

use lert::domain::role::Role;

use crate::dashboard::{browser, csrf_in, page, pair, session_as, set_cookie};
use crate::dashboard_admin::{PASSWORD, admin_session, api_users, between, post, session_of};
use crate::helpers::{TestApp, spawn_app, test_now};

/// A route to try: method, path, form fields, whether the role may, and its success status.
type Call = (&'static str, String, Vec<(&'static str, String)>, bool, u16);

/// A viewer to act on, with one API token: (email, token id).
fn target_user(app: &TestApp, tag: &str) -> (String, String) {
    use lert::workflows::{Actor, accounts, users};
    let email = format!("target-{tag}@lert.test");
    let system = Actor::system("test");
    let mut conn = app.conn();
    let address = lert::domain::email_address::EmailAddress::parse(&email).unwrap();
    users::add_user(&mut conn, test_now(), &system, &address, Role::Viewer, None).unwrap();
    users::create_token(&mut conn, test_now(), &system, &email, "target").unwrap();
    let token = accounts::list_tokens(&mut conn, &system, &email).unwrap().remove(0).id;
    (email, token)
}

#[tokio::test]
async fn every_admin_and_account_route_gives_each_role_exactly_what_it_should() {
    let app = spawn_app().await;
    for role in Role::ALL {
        let (mut session, mut csrf) = session_as(&app, role).await;
        let (user, token) = target_user(&app, role.as_str());
        let admin = role == Role::Admin;
        let on = |what: &str| format!("/admin/users/{user}/{what}");
        let calls: Vec<Call> = vec![
            ("GET", "/admin".into(), vec![], admin, 200),
            ("GET", "/admin/users".into(), vec![], admin, 200),
            ("GET", on("tokens"), vec![], admin, 200),
            ("GET", "/admin/settings".into(), vec![], admin, 200),
            ("GET", "/admin/templates".into(), vec![], admin, 200),
            ("GET", "/admin/templates/digest".into(), vec![], admin, 200),
            ("GET", "/admin/templates/digest/html".into(), vec![], admin, 200),
            (
                "POST",
                "/admin/users".into(),
                vec![
                    ("email", format!("added-{}@lert.test", role.as_str())),
                    ("role", "viewer".into()),
                    ("password", "a long enough password".into()),
                ],
                admin,
                303,
            ),
            ("POST", on("role"), vec![("role", "analyst".into())], admin, 303),
            ("POST", on("password"), vec![("password", "another long password".into())], admin, 303),
            ("POST", on("tokens"), vec![("label", "matrix".into())], admin, 200),
            ("POST", on(&format!("tokens/{token}/revoke")), vec![("confirm", "yes".into())], admin, 303),
            ("POST", on("disable"), vec![("confirm", "yes".into())], admin, 303),
            ("POST", on("enable"), vec![], admin, 303),
            ("GET", "/account".into(), vec![], true, 200),
            (
                "POST",
                "/account/password".into(),
                vec![
                    ("current", "a long enough password".into()),
                    ("new", "a long enough password".into()),
                    ("repeat", "a long enough password".into()),
                ],
                true,
                303,
            ),
            ("POST", "/account/sessions".into(), vec![], true, 303),
        ];
        for (method, path, fields, allowed, success) in calls {
            let send = |cookie: Option<String>, csrf: &str| {
                let mut fields = fields.clone();
                fields.push(("csrf", csrf.to_owned()));
                let mut request = match method {
                    "GET" => browser().get(app.url(&path)),
                    _ => browser().post(app.url(&path)).form(&fields),
                };
                if let Some(cookie) = cookie {
                    request = request.header("Cookie", cookie);
                }
                request.send()
            };
            let anonymous = send(None, &csrf).await.unwrap();
            assert_eq!(anonymous.status(), 303, "{method} {path} without a session");
            assert_eq!(anonymous.headers()["location"], "/signin");
            let before = app.row_counts();
            let response = send(Some(session.clone()), &csrf).await.unwrap();
            let expected = if allowed { success } else { 403 };
            assert_eq!(response.status().as_u16(), expected, "{method} {path} as {}", role.as_str());
            if !allowed {
                assert_eq!(app.row_counts(), before, "{method} {path} as {} wrote something", role.as_str());
            } else if expected == 303 {
                assert_ne!(response.headers()["location"], "/signin", "{method} {path}");
            }
            // The account forms end the session and hand this browser a fresh one.
            if let Some(renewed) = set_cookie(&response, "lert_session") {
                session = pair(&renewed);
                csrf = csrf_in(&page(&app, "/account", &session).await.text().await.unwrap());
            }
        }
    }
}

#[tokio::test]
async fn admin_and_account_forms_without_the_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let (admin, _) = admin_session(&app).await;
    let (viewer, _) = session_as(&app, Role::Viewer).await;
    let email = {
        let html = page(&app, "/account", &viewer).await.text().await.unwrap();
        between(&html, "<dt>Email</dt><dd>", "</dd>").to_owned()
    };
    let token_id = {
        let mut conn = app.conn();
        let system = lert::workflows::Actor::system("test");
        lert::workflows::users::create_token(&mut conn, crate::helpers::test_now(), &system, &email, "x")
            .unwrap();
        lert::workflows::accounts::list_tokens(&mut conn, &system, &email).unwrap().remove(0).id
    };
    let before = app.row_counts();
    let users_before = api_users(&app).await;
    let admin_posts = [
        (
            "/admin/users".to_owned(),
            vec![("email", "csrf@lert.test"), ("role", "admin"), ("password", PASSWORD)],
        ),
        (format!("/admin/users/{email}/role"), vec![("role", "admin")]),
        (format!("/admin/users/{email}/disable"), vec![("confirm", "yes")]),
        (format!("/admin/users/{email}/password"), vec![("password", "a changed password!")]),
        (format!("/admin/users/{email}/tokens"), vec![("label", "forged")]),
        (format!("/admin/users/{email}/tokens/{token_id}/revoke"), vec![("confirm", "yes")]),
    ];
    let account_posts = [
        (
            "/account/password".to_owned(),
            vec![("current", PASSWORD), ("new", "a changed password!"), ("repeat", "a changed password!")],
        ),
        ("/account/sessions".to_owned(), vec![]),
    ];
    for (session, posts) in [(&admin, &admin_posts[..]), (&viewer, &account_posts[..])] {
        for (path, fields) in posts {
            for csrf in [None, Some("forged")] {
                let mut fields = fields.clone();
                if let Some(csrf) = csrf {
                    fields.push(("csrf", csrf));
                }
                let response = post(&app, path, session, &fields).await;
                assert_eq!(response.status(), 403, "{path} with {csrf:?}");
            }
        }
    }
    assert_eq!(app.row_counts(), before, "nothing was written, not even to the audit trail");
    assert_eq!(api_users(&app).await, users_before);
    assert_eq!(page(&app, "/", &viewer).await.status(), 200, "no session ended");
    assert!(session_of(&app, &email, PASSWORD).await.is_some(), "no password changed");
}
