//! The administration pages and My account as a browser uses them: users added, re-roled,
//! disabled and enabled (their sessions and tokens stopping at once), passwords set and changed,
//! API tokens shown once and revoked. The settings and email previews are in
//! dashboard_admin_views, the role matrix and CSRF refusals in dashboard_admin_guards.

use diesel::RunQueryDsl;
use lert::domain::role::Role;
use serde_json::Value;

use crate::dashboard::{browser, csrf_in, page, pair, session_as, set_cookie, sign_in};
use crate::helpers::{ADMIN_EMAIL, TestApp, spawn_app, test_apps};

pub(crate) const PASSWORD: &str = "a long enough password";

pub(crate) async fn post(
    app: &TestApp,
    path: &str,
    session: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    browser().post(app.url(path)).header("Cookie", session).form(fields).send().await.unwrap()
}

pub(crate) async fn admin_session(app: &TestApp) -> (String, String) {
    let session =
        pair(&set_cookie(&sign_in(app, ADMIN_EMAIL, &app.admin_password).await, "lert_session").unwrap());
    let csrf = csrf_in(&page(app, "/admin/users", &session).await.text().await.unwrap());
    (session, csrf)
}

/// Signs in through the form: the session cookie pair, or `None` when refused.
pub(crate) async fn session_of(app: &TestApp, email: &str, password: &str) -> Option<String> {
    set_cookie(&sign_in(app, email, password).await, "lert_session").map(|c| pair(&c))
}

pub(crate) fn audited(app: &TestApp, action: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM audit_events WHERE action = '{action}'");
    diesel::dsl::sql::<diesel::sql_types::BigInt>(&sql).get_result(&mut *app.conn()).unwrap()
}

pub(crate) fn user_json(users: &Value, email: &str) -> Value {
    users.as_array().unwrap().iter().find(|u| u["email"] == email).cloned().unwrap_or(Value::Null)
}

pub(crate) async fn api_users(app: &TestApp) -> Value {
    app.get("/api/v1/users", &app.admin_token).await.json().await.unwrap()
}

pub(crate) fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start} in {html}")) + start.len();
    &html[from..from + html[from..].find(end).unwrap()]
}

#[tokio::test]
async fn users_are_added_re_roled_disabled_and_enabled_from_the_page() {
    for app in test_apps().await {
        let (admin, csrf) = admin_session(&app).await;
        let add = |email: &'static str, password: &'static str| {
            let (app, admin, csrf) = (&app, admin.clone(), csrf.clone());
            async move {
                post(
                    app,
                    "/admin/users",
                    &admin,
                    &[("csrf", &csrf), ("email", email), ("role", "viewer"), ("password", password)],
                )
                .await
            }
        };
        assert_eq!(add("dana@lert.test", PASSWORD).await.status(), 303);
        let dana = session_of(&app, "dana@lert.test", PASSWORD).await.expect("the new user signs in");
        assert_eq!(page(&app, "/", &dana).await.status(), 200);
        assert_eq!(audited(&app, "user.created"), 2, "the first admin and dana");

        let short = add("short@lert.test", "too short").await;
        assert_eq!(short.status(), 422);
        let html = short.text().await.unwrap();
        assert!(html.contains("id=\"add-password-error\"") && html.contains("at least 12"), "{html}");
        assert!(html.contains("value=\"short@lert.test\""), "the form is filled again: {html}");
        let taken = add("dana@lert.test", PASSWORD).await;
        assert_eq!(taken.status(), 409);
        assert!(taken.text().await.unwrap().contains("id=\"add-email-error\""));
        let bad = add("not an address", PASSWORD).await;
        assert_eq!(bad.status(), 422);

        let generated = add("gen@lert.test", "").await;
        assert_eq!(generated.status(), 200);
        assert_eq!(generated.headers()["cache-control"], "no-store");
        let html = generated.text().await.unwrap();
        let password = between(&html, "<code id=\"generated-password\">", "</code>").to_owned();
        assert!(password.len() >= 12);
        assert!(session_of(&app, "gen@lert.test", &password).await.is_some(), "the generated password works");
        let listing = page(&app, "/admin/users", &admin).await.text().await.unwrap();
        assert!(!listing.contains(&password), "shown only once");

        let role =
            post(&app, "/admin/users/dana@lert.test/role", &admin, &[("csrf", &csrf), ("role", "analyst")])
                .await;
        assert_eq!(role.status(), 303);
        assert_eq!(user_json(&api_users(&app).await, "dana@lert.test")["role"], "analyst");
        assert_eq!(audited(&app, "user.role_changed"), 1);

        let token = {
            let mut conn = app.conn();
            let system = lert::workflows::Actor::system("test");
            lert::workflows::users::create_token(
                &mut conn,
                crate::helpers::test_now(),
                &system,
                "dana@lert.test",
                "script",
            )
            .unwrap()
        };
        assert_eq!(app.get("/api/v1/cases", &token).await.status(), 200);

        let unconfirmed = post(&app, "/admin/users/dana@lert.test/disable", &admin, &[("csrf", &csrf)]).await;
        assert_eq!(unconfirmed.status(), 422);
        assert!(unconfirmed.text().await.unwrap().contains("I confirm"));
        assert_eq!(page(&app, "/", &dana).await.status(), 200, "nothing happened");

        let disabled =
            post(&app, "/admin/users/dana@lert.test/disable", &admin, &[("csrf", &csrf), ("confirm", "yes")])
                .await;
        assert_eq!(disabled.status(), 303);
        let gone = page(&app, "/", &dana).await;
        assert_eq!(gone.status(), 303, "a disabled user's session ends");
        assert_eq!(gone.headers()["location"], "/signin");
        assert_eq!(app.get("/api/v1/cases", &token).await.status(), 401, "and their token stops");
        assert!(session_of(&app, "dana@lert.test", PASSWORD).await.is_none(), "and they cannot sign in");
        assert_eq!(user_json(&api_users(&app).await, "dana@lert.test")["disabled"], true);

        let enabled = post(&app, "/admin/users/dana@lert.test/enable", &admin, &[("csrf", &csrf)]).await;
        assert_eq!(enabled.status(), 303);
        assert!(session_of(&app, "dana@lert.test", PASSWORD).await.is_some(), "enabled: signs in again");
        assert_eq!(page(&app, "/", &dana).await.status(), 303, "the old session stays ended");
        assert_eq!(app.get("/api/v1/cases", &token).await.status(), 401, "tokens stay revoked");
        assert_eq!((audited(&app, "user.disabled"), audited(&app, "user.enabled")), (1, 1));

        let myself = post(
            &app,
            &format!("/admin/users/{ADMIN_EMAIL}/disable"),
            &admin,
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
        assert_eq!(myself.status(), 409);
        assert!(myself.text().await.unwrap().contains("you cannot disable your own account"));
        let demote = post(
            &app,
            &format!("/admin/users/{ADMIN_EMAIL}/role"),
            &admin,
            &[("csrf", &csrf), ("role", "viewer")],
        )
        .await;
        assert_eq!(demote.status(), 409);
        assert!(demote.text().await.unwrap().contains("the last administrator"));
        assert_eq!(page(&app, "/admin", &admin).await.status(), 200, "still an administrator");
        // An address with characters that need escaping in HTML and encoding in a path.
        assert_eq!(add("o'brien&co@lert.test", PASSWORD).await.status(), 303);
        let listing = page(&app, "/admin/users", &admin).await.text().await.unwrap();
        assert!(listing.contains("<td>o&#x27;brien&amp;co@lert.test</td>"), "{listing}");
        let link = "/admin/users/o%27brien%26co%40lert.test/role";
        assert!(listing.contains(&format!("action=\"{link}\"")), "{listing}");
        assert_eq!(post(&app, link, &admin, &[("csrf", &csrf), ("role", "counsel")]).await.status(), 303);
        assert_eq!(user_json(&api_users(&app).await, "o'brien&co@lert.test")["role"], "counsel");
        let unknown = post(&app, "/admin/users/nobody@lert.test/enable", &admin, &[("csrf", &csrf)]).await;
        assert_eq!(unknown.status(), 404);
    }
}

#[tokio::test]
async fn an_admin_setting_a_password_ends_that_users_sessions() {
    let app = spawn_app().await;
    let (admin, csrf) = admin_session(&app).await;
    let (viewer, _) = session_as(&app, Role::Viewer).await;
    let email = {
        let html = page(&app, "/account", &viewer).await.text().await.unwrap();
        between(&html, "<dt>Email</dt><dd>", "</dd>").to_owned()
    };
    let path = format!("/admin/users/{email}/password");
    let short = post(&app, &path, &admin, &[("csrf", &csrf), ("password", "short")]).await;
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains("at least 12"));
    assert_eq!(page(&app, "/", &viewer).await.status(), 200, "a refused reset changes nothing");

    let set = post(&app, &path, &admin, &[("csrf", &csrf), ("password", "another long password")]).await;
    assert_eq!(set.status(), 303);
    assert_eq!(page(&app, "/", &viewer).await.status(), 303, "their session ended");
    assert!(session_of(&app, &email, PASSWORD).await.is_none(), "the old password is refused");
    assert!(session_of(&app, &email, "another long password").await.is_some());
    assert_eq!(audited(&app, "user.password_set"), 1);
}

#[tokio::test]
async fn changing_my_password_keeps_this_browser_signed_in_and_ends_the_others() {
    for app in test_apps().await {
        let (here, csrf) = session_as(&app, Role::Analyst).await;
        let html = page(&app, "/account", &here).await.text().await.unwrap();
        assert!(
            html.contains("<title>My account · lert</title>") && html.contains("<dd>analyst</dd>"),
            "{html}"
        );
        let email = between(&html, "<dt>Email</dt><dd>", "</dd>").to_owned();
        let elsewhere = session_of(&app, &email, PASSWORD).await.unwrap();

        let change = |current: &'static str, new: &'static str, repeat: &'static str| {
            let (app, here, csrf) = (&app, here.clone(), csrf.clone());
            async move {
                post(
                    app,
                    "/account/password",
                    &here,
                    &[("csrf", &csrf), ("current", current), ("new", new), ("repeat", repeat)],
                )
                .await
            }
        };
        let wrong = change("not my password", "a brand new password", "a brand new password").await;
        assert_eq!(wrong.status(), 422);
        let html = wrong.text().await.unwrap();
        assert!(html.contains("id=\"current-error\">That is not your current password."), "{html}");
        assert_eq!(audited(&app, "user.password_change_refused"), 1);
        let mismatch = change(PASSWORD, "a brand new password", "a brand new passw0rd").await;
        assert_eq!(mismatch.status(), 422);
        assert!(mismatch.text().await.unwrap().contains("id=\"repeat-error\">The two new passwords differ."));
        let short = change(PASSWORD, "short", "short").await;
        assert_eq!(short.status(), 422);
        assert!(short.text().await.unwrap().contains("id=\"new-error\""));
        assert_eq!(page(&app, "/", &elsewhere).await.status(), 200, "refusals change nothing");

        let changed = change(PASSWORD, "a brand new password", "a brand new password").await;
        assert_eq!(changed.status(), 303);
        assert_eq!(changed.headers()["location"], "/account?done=password");
        let renewed = pair(&set_cookie(&changed, "lert_session").expect("a fresh session for this browser"));
        let shown = page(&app, "/account?done=password", &renewed).await;
        assert_eq!(shown.status(), 200, "still signed in here");
        assert!(shown.text().await.unwrap().contains("Your password is changed"));
        assert_eq!(page(&app, "/", &elsewhere).await.status(), 303, "the other browser's session ended");
        assert_eq!(page(&app, "/", &here).await.status(), 303, "the old cookie is worth nothing");
        assert!(session_of(&app, &email, PASSWORD).await.is_none());

        // Sign out everywhere else.
        let other = session_of(&app, &email, "a brand new password").await.unwrap();
        let csrf = csrf_in(&page(&app, "/account", &renewed).await.text().await.unwrap());
        let ended = post(&app, "/account/sessions", &renewed, &[("csrf", &csrf)]).await;
        assert_eq!(ended.status(), 303);
        let kept = pair(&set_cookie(&ended, "lert_session").unwrap());
        assert_eq!(page(&app, "/account", &kept).await.status(), 200);
        assert_eq!(page(&app, "/", &other).await.status(), 303);
        assert_eq!(audited(&app, "user.sessions_ended"), 1);
    }
}

#[tokio::test]
async fn a_token_is_shown_once_works_and_stops_when_revoked_and_its_label_is_escaped() {
    for app in test_apps().await {
        let (admin, csrf) = admin_session(&app).await;
        let email = "robot@lert.test";
        let add = [("csrf", csrf.as_str()), ("email", email), ("role", "viewer"), ("password", PASSWORD)];
        assert_eq!(post(&app, "/admin/users", &admin, &add).await.status(), 303);
        let tokens_path = format!("/admin/users/{email}/tokens");
        assert_eq!(page(&app, &tokens_path, &admin).await.status(), 200);

        let empty = post(&app, &tokens_path, &admin, &[("csrf", &csrf), ("label", "  ")]).await;
        assert_eq!(empty.status(), 422);
        assert!(empty.text().await.unwrap().contains("id=\"token-label-error\""));

        let label = "<script>alert('label')</script>";
        let created = post(&app, &tokens_path, &admin, &[("csrf", &csrf), ("label", label)]).await;
        assert_eq!(created.status(), 200);
        assert_eq!(created.headers()["cache-control"], "no-store");
        let html = created.text().await.unwrap();
        let token = between(&html, "<code id=\"new-token\">", "</code>").to_owned();
        assert!(token.starts_with("lert_"));
        assert!(!html.contains("<script>alert"), "the label is escaped: {html}");
        assert!(html.contains("&lt;script&gt;alert(&#x27;label&#x27;)&lt;&#x2F;script&gt;"));
        let listing = page(&app, &tokens_path, &admin).await.text().await.unwrap();
        assert!(!listing.contains(&token), "shown only once");
        assert_eq!(app.get("/api/v1/cases", &token).await.status(), 200, "it authenticates the API");

        let listed: Value =
            app.get(&format!("/api/v1/users/{email}/tokens"), &app.admin_token).await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert!(!listed.to_string().contains(&token[5..]), "never the secret: {listed}");
        let id = listed[0]["id"].as_str().unwrap().to_owned();
        let revoke_path = format!("{tokens_path}/{id}/revoke");
        let unconfirmed = post(&app, &revoke_path, &admin, &[("csrf", &csrf)]).await;
        assert_eq!(unconfirmed.status(), 422);
        assert_eq!(app.get("/api/v1/cases", &token).await.status(), 200, "still works");
        assert_eq!(
            post(&app, &revoke_path, &admin, &[("csrf", &csrf), ("confirm", "yes")]).await.status(),
            303
        );
        assert_eq!(app.get("/api/v1/cases", &token).await.status(), 401);
        assert_eq!(
            post(&app, &revoke_path, &admin, &[("csrf", &csrf), ("confirm", "yes")]).await.status(),
            409
        );
        let listed: Value =
            app.get(&format!("/api/v1/users/{email}/tokens"), &app.admin_token).await.json().await.unwrap();
        assert!(listed[0]["revoked_at"].is_string(), "{listed}");
        assert_eq!(audited(&app, "token.revoked"), 1);
    }
}
