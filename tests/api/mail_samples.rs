//! The sample renders in docs/email-samples/: one email of every kind, made by the real
//! workflows and scheduler from a small scenario, so the samples show exactly what lert sends.
//! The test fails when a template or a workflow changes what an email says and the samples were
//! not regenerated (`LERT_UPDATE_SAMPLES=1 cargo test mail_samples`).

use std::path::Path;

use chrono::{TimeDelta, TimeZone, Utc};
use serde_json::json;

use crate::helpers::{Backend, TestApp, spawn_with, subpoena_case};
use lert::domain::outbox::OutboxKind;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/email-samples");

async fn post(app: &TestApp, path: String, body: serde_json::Value) -> serde_json::Value {
    let response = app.post_json(&path, &app.admin_token, &body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "POST {path}: {status} {text}");
    serde_json::from_str(&text).unwrap()
}

async fn approve(app: &TestApp, reference: &str, also: &[&str]) {
    for status in ["in_review", "approved"].iter().chain(also) {
        post(app, format!("/api/v1/cases/{reference}/status"), json!({ "status": status })).await;
    }
}

async fn contact(app: &TestApp, case: &serde_json::Value) {
    let reference = case["reference"].as_str().unwrap();
    let target = case["targets"][0]["id"].as_str().unwrap();
    let response = app
        .client
        .put(app.url(&format!("/api/v1/cases/{reference}/targets/{target}/contact")))
        .bearer_auth(&app.admin_token)
        .json(&json!({ "contact_email": "owner@example.net" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

/// Ids differ on every run; the samples show a fixed one.
fn without_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c.is_ascii_hexdigit()) {
        out.push_str(&rest[..at]);
        let candidate: String = rest[at..].chars().take(36).collect();
        let is_uuid = candidate.len() == 36
            && candidate
                .char_indices()
                .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() });
        if is_uuid {
            out.push_str("0193a6f0-0000-7000-8000-000000000000");
            rest = &rest[at + 36..];
        } else {
            let end = rest[at..].find(|c: char| !c.is_ascii_hexdigit()).map_or(rest.len(), |n| at + n);
            out.push_str(&rest[at..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_documented_samples_are_what_lert_sends() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = spawn_with(Backend::Sqlite, |settings| {
        let mail = &mut settings.mail;
        mail.from = "ISRG Law Enforcement Response <law-enforcement@isrg.example>".into();
        mail.organisation = "Internet Security Research Group".into();
        mail.postal_address = "548 Market St, PMB 77519\nSan Francisco, CA 94104-5401".into();
        mail.website = "https://www.abetterinternet.org".into();
        mail.dashboard_url = "https://lert.isrg.example".into();
        mail.digest_recipients = vec!["legal@isrg.example".into()];
        mail.ndo_headsup_to_agent = true;
        // Every send fails (nothing listens), so the failed-mail alert has something to report.
        mail.transport = "smtp".into();
        mail.smtp_url = lert::config::Secret::new(format!("smtp://127.0.0.1:{closed}"));
        mail.max_attempts = 1;
    })
    .await;
    // Notice before production, and a delayed notice after an order that ends on 30 September.
    let plain = app.create_case(&subpoena_case()).await;
    contact(&app, &plain).await;
    approve(&app, plain["reference"].as_str().unwrap(), &[]).await;
    let mut warrant = subpoena_case();
    warrant["process"]["kind"] = json!("search_warrant");
    let silenced = app.create_case(&warrant).await;
    contact(&app, &silenced).await;
    let reference = silenced["reference"].as_str().unwrap();
    post(&app, format!("/api/v1/cases/{reference}/ndos"),
        json!({ "signed_on": "2026-06-01", "received_on": "2026-06-05", "term": { "fixed_end": "2026-09-30" } })).await;
    approve(&app, reference, &["produced"]).await;
    // The three drafted replies, and an emergency.
    let mut deficient = subpoena_case();
    deficient["process"]["agent_phone"] = serde_json::Value::Null;
    deficient["process"]["issuing_authority"] = serde_json::Value::Null;
    app.create_case(&deficient).await;
    let mut logs = subpoena_case();
    logs["process"]["kind"] = json!("court_order_2703d");
    logs["process"]["data_categories"] = json!(["api_logs"]);
    logs["process"]["requested_from"] = json!("2025-11-01");
    app.create_case(&logs).await;
    let mut foreign = subpoena_case();
    foreign["agency"] = json!({ "name": "Bundeskriminalamt", "country": "DE" });
    foreign["process"]["agent_name"] = json!("Sabine Krüger");
    foreign["process"]["agent_email"] = json!("sabine.krueger@bka.bund.de");
    app.create_case(&foreign).await;
    let mut emergency = subpoena_case();
    emergency["process"]["kind"] = json!("emergency_request");
    app.create_case(&emergency).await;
    // Ticks: sending (which fails), the digest, an overdue response, the NDO heads-up.
    let scheduler = app.scheduler();
    let start = Utc.with_ymd_and_hms(2026, 6, 5, 16, 0, 0).unwrap();
    for at in [start, start + TimeDelta::days(1), Utc.with_ymd_and_hms(2026, 8, 31, 9, 0, 0).unwrap()] {
        scheduler.tick(&mut app.conn(), at).unwrap();
    }

    let update = std::env::var("LERT_UPDATE_SAMPLES").is_ok();
    let rows = app.outbox();
    let mut stale = Vec::new();
    for kind in OutboxKind::ALL {
        // The last digest has the most in it; of the rest, the first of each kind.
        let mut of_kind = rows.iter().filter(|r| r.kind == kind.as_str());
        let row = if kind == OutboxKind::Digest { of_kind.next_back() } else { of_kind.next() };
        let row = row.unwrap_or_else(|| panic!("no {} was made", kind.as_str()));
        let content = lert::storage::outbox::content(&mut app.conn(), &row.id).unwrap();
        for (suffix, text) in
            [("subject", content.subject), ("txt", content.body_text), ("html", content.body_html)]
        {
            let path = Path::new(SAMPLES).join(format!("{}.{suffix}", kind.as_str()));
            let text = without_ids(&text);
            if update {
                std::fs::create_dir_all(SAMPLES).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(stale.is_empty(), "regenerate with LERT_UPDATE_SAMPLES=1 cargo test mail_samples: {stale:#?}");
}
