//! The effective settings page and the email previews: secrets hidden, the HTML part of an email
//! shown only as escaped source or on its own under a sandboxing policy.

use lert::config::Secret;

use crate::dashboard::page;
use crate::dashboard_admin::admin_session;
use crate::helpers::{Backend, spawn_app, spawn_with};

#[tokio::test]
async fn the_settings_page_hides_every_secret() {
    let session_key = "cd".repeat(32);
    let key = session_key.clone();
    let app = spawn_with(Backend::Sqlite, move |settings| {
        settings.mail.smtp_password = Secret::new("smtp-hunter2-secret");
        settings.dashboard.session_key = Secret::new(key);
    })
    .await;
    let (admin, _) = admin_session(&app).await;
    let response = page(&app, "/admin/settings", &admin).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(!html.contains("smtp-hunter2-secret") && !html.contains(&session_key), "{html}");
    assert!(html.contains("<code>smtp_password</code></td><td><code>••••</code>"), "{html}");
    assert!(html.contains("<code>session_key</code></td><td><code>••••</code>"), "{html}");
    assert!(html.contains("<code>first_admin_email</code></td><td><code>admin@lert.test</code>"), "{html}");
}

#[tokio::test]
async fn template_previews_show_the_real_email_escaped_and_the_html_only_sandboxed() {
    let app = spawn_app().await;
    let (admin, _) = admin_session(&app).await;
    let list = page(&app, "/admin/templates", &admin).await.text().await.unwrap();
    assert_eq!(list.matches("href=\"/admin/templates/").count(), 11, "{list}");
    let preview = page(&app, "/admin/templates/agency_ack", &admin).await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.unwrap();
    assert!(html.contains("LE-2026-0042"), "{html}");
    assert!(html.contains("&lt;!DOCTYPE html&gt;"), "the HTML part as escaped source: {html}");
    assert!(!html.contains("<!DOCTYPE html>") && !html.contains("<table"), "never rendered raw");
    let drawn = page(&app, "/admin/templates/agency_ack/html", &admin).await;
    assert_eq!(drawn.status(), 200);
    assert!(drawn.headers()["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
    assert!(drawn.text().await.unwrap().contains("<!DOCTYPE html>"));
    assert_eq!(page(&app, "/admin/templates/nonsense", &admin).await.status(), 404);
}
