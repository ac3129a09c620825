//! A year of simulated time, ticked every hour against a real SMTP sink: cases with and without
//! NDOs, an extension, a vacatur, an emergency, an order recorded after approval, a preservation
//! and its renewal. Every notice must go out on its day, none while an NDO is in force, none
//! twice; the digest goes out once a day and agents' heads-ups once per reminder.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Timelike, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_with};
use crate::smtp_sink::SmtpSink;
use lert::domain::ndo::{NdoOrder, NdoPolicy, assess};
use lert::storage::rows::NdoRow;
use lert::storage::schema::ndos;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

async fn open(app: &TestApp, name: &str, kind: &str, now: DateTime<Utc>) -> String {
    let body = json!({
        "title": format!("case {name}"),
        "received_at": now,
        "agency": { "name": "Federal Bureau of Investigation", "country": "US" },
        "process": {
            "kind": kind, "issuing_authority": "Grand Jury, N.D. Cal.", "agent_name": "Dana Whitfield",
            "agent_email": "dwhitfield@fbi.gov", "agent_phone": "+1 415 555 0143",
            "respond_within_days": 14, "data_categories": ["account_registration"]
        },
        "targets": [{ "kind": "domain", "value": format!("{name}.example") }]
    });
    let case = app.create_case(&body).await;
    let reference = case["reference"].as_str().unwrap().to_owned();
    let target = case["targets"][0]["id"].as_str().unwrap();
    let path = format!("/api/v1/cases/{reference}/targets/{target}/contact");
    let response = app
        .client
        .put(app.url(&path))
        .bearer_auth(&app.admin_token)
        .json(&json!({ "contact_email": format!("owner-{name}@example.net") }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    reference
}

async fn post(app: &TestApp, path: String, body: Value) -> Value {
    let response = app.post_json(&path, &app.admin_token, &body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "POST {path}: {status} {text}");
    serde_json::from_str(&text).unwrap()
}

async fn move_to(app: &TestApp, reference: &str, statuses: &[&str]) {
    for status in statuses {
        post(app, format!("/api/v1/cases/{reference}/status"), json!({ "status": status })).await;
    }
}

async fn ndo(app: &TestApp, reference: &str, body: Value) -> String {
    let case = post(app, format!("/api/v1/cases/{reference}/ndos"), body).await;
    case["ndos"].as_array().unwrap().last().unwrap()["id"].as_str().unwrap().to_owned()
}

/// Whether any of the case's recorded orders was in force on `day`.
fn in_force(app: &TestApp, case_id: &str, day: NaiveDate) -> bool {
    let rows: Vec<NdoRow> = ndos::table
        .filter(ndos::case_id.eq(case_id))
        .select(NdoRow::as_select())
        .load(&mut *app.conn())
        .unwrap();
    if rows.is_empty() {
        return false;
    }
    let orders: Vec<NdoOrder> = rows
        .iter()
        .map(|row| NdoOrder {
            id: row.id.clone(),
            signed_on: row.signed_on,
            received_on: row.received_on,
            term: lert::storage::clock_queries::ndo_term(row).unwrap(),
            extends: row.extends_ndo_id.clone(),
            vacated_on: row.vacated_on,
        })
        .collect();
    assess(&orders, &NdoPolicy::default()).unwrap().in_force_on(day)
}

#[tokio::test]
async fn a_year_of_hourly_ticks_sends_every_notice_on_its_day_and_none_under_an_order() {
    let Some(sink) = SmtpSink::start() else { return };
    let mut app = spawn_with(Backend::Sqlite, |settings| {
        settings.mail.transport = "smtp".into();
        settings.mail.smtp_url = lert::config::Secret::new(sink.url());
        settings.mail.digest_recipients = vec!["legal@isrg.example".into()];
        settings.mail.ndo_headsup_to_agent = true;
    })
    .await;
    // Long stretches of ticking outlast the server's keep-alive: a fresh connection per request.
    app.client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let scheduler = app.scheduler();
    let start = Utc.with_ymd_and_hms(2026, 6, 5, 0, 0, 0).unwrap();
    let mut references: HashMap<&str, String> = HashMap::new();
    let mut orders: HashMap<&str, String> = HashMap::new();
    let mut totals = (0, 0);
    for hour in 0..365 * 24 {
        let now = start + TimeDelta::hours(hour);
        app.clock.set(now);
        let day = now.date_naive().to_string();
        match (day.as_str(), now.hour()) {
            ("2026-06-05", 10) => {
                references.insert("plain", open(&app, "plain", "criminal_subpoena", now).await);
            }
            ("2026-06-05", 11) => {
                let reference = open(&app, "ndo", "court_order_2703d", now).await;
                ndo(&app, &reference, json!({ "signed_on": "2026-06-01", "received_on": "2026-06-05", "term": { "fixed_end": "2026-09-30" } })).await;
                references.insert("ndo", reference);
            }
            ("2026-06-05", 12) => {
                let reference = open(&app, "extended", "search_warrant", now).await;
                let order = ndo(&app, &reference, json!({ "signed_on": "2026-06-01", "received_on": "2026-06-05", "term": { "fixed_end": "2026-08-31" } })).await;
                orders.insert("extended", order);
                references.insert("extended", reference);
            }
            ("2026-06-05", 13) => {
                let reference = open(&app, "vacated", "search_warrant", now).await;
                let order = ndo(&app, &reference, json!({ "signed_on": "2026-06-01", "received_on": "2026-06-05", "term": "until_further_order" })).await;
                orders.insert("vacated", order);
                references.insert("vacated", reference);
            }
            ("2026-06-05", 14) => {
                let reference = open(&app, "preserved", "preservation_request", now).await;
                let case = post(
                    &app,
                    format!("/api/v1/cases/{reference}/preservations"),
                    json!({ "received_on": "2026-06-05" }),
                )
                .await;
                orders.insert("preserved", case["preservations"][0]["id"].as_str().unwrap().to_owned());
                references.insert("preserved", reference);
            }
            ("2026-06-06", 10) => {
                for name in ["ndo", "extended", "vacated"] {
                    move_to(&app, &references[name], &["in_review", "approved", "produced"]).await;
                }
            }
            ("2026-06-07", 10) => move_to(&app, &references["plain"], &["in_review", "approved"]).await,
            ("2026-06-15", 9) => move_to(&app, &references["plain"], &["produced", "closed"]).await,
            ("2026-06-15", 10) => {
                references.insert("emergency", open(&app, "emergency", "emergency_request", now).await);
            }
            ("2026-06-15", 11) => {
                move_to(&app, &references["emergency"], &["in_review", "approved", "produced"]).await
            }
            ("2026-07-01", 10) => {
                // Approved, and in the same hour (before any tick) an order arrives.
                let reference = open(&app, "late-order", "criminal_subpoena", now).await;
                move_to(&app, &reference, &["in_review", "approved"]).await;
                ndo(&app, &reference, json!({ "signed_on": "2026-06-30", "received_on": "2026-07-01", "term": { "fixed_end": "2026-10-15" } })).await;
                references.insert("late-order", reference);
            }
            ("2026-08-20", 10) => {
                let (reference, order) = (&references["extended"], &orders["extended"]);
                post(&app, format!("/api/v1/cases/{reference}/ndos/{order}/extensions"),
                    json!({ "signed_on": "2026-08-19", "received_on": "2026-08-20", "term": { "fixed_end": "2026-12-31" } })).await;
            }
            ("2026-08-25", 10) => {
                let (reference, preservation) = (&references["preserved"], &orders["preserved"]);
                post(
                    &app,
                    format!("/api/v1/cases/{reference}/preservations/{preservation}/renewals"),
                    json!({ "received_on": "2026-08-25" }),
                )
                .await;
            }
            ("2027-02-15", 14) => {
                let (reference, order) = (&references["vacated"], &orders["vacated"]);
                post(
                    &app,
                    format!("/api/v1/cases/{reference}/ndos/{order}/vacatur"),
                    json!({ "vacated_on": "2027-02-15" }),
                )
                .await;
            }
            _ => {}
        }
        let report = scheduler.tick(&mut app.conn(), now).unwrap();
        assert!(report.errors.is_empty(), "{now}: {report:?}");
        totals = (totals.0 + report.sent, totals.1 + report.claimed);
    }

    let expected = [
        ("plain", "subscriber_notice", "2026-06-07"),
        ("ndo", "delayed_notice", "2026-10-01"),
        ("extended", "delayed_notice", "2027-01-01"),
        ("vacated", "delayed_notice", "2027-02-15"),
        ("emergency", "subscriber_notice", "2026-06-15"),
        // Never produced: once its order ends, it is an ordinary notice before production.
        ("late-order", "subscriber_notice", "2026-10-16"),
    ];
    let rows = app.outbox();
    let case_ids: HashMap<String, String> = {
        use lert::storage::schema::cases;
        cases::table
            .select((cases::reference, cases::id))
            .load(&mut *app.conn())
            .unwrap()
            .into_iter()
            .collect()
    };
    let deliveries: HashMap<String, usize> =
        sink.received().into_iter().fold(HashMap::new(), |mut seen, mail| {
            *seen.entry(mail.message_id.unwrap()).or_default() += 1;
            seen
        });
    for (name, kind, on) in expected {
        let case_id = &case_ids[&references[name]];
        let notices: Vec<_> = rows
            .iter()
            .filter(|r| r.case_id.as_ref() == Some(case_id) && r.kind.ends_with("notice"))
            .collect();
        assert_eq!(notices.len(), 1, "{name}: {notices:#?}");
        let notice = notices[0];
        assert_eq!((notice.kind.as_str(), notice.status.as_str()), (kind, "sent"), "{name}");
        let sent_on = notice.sent_at.unwrap().date();
        assert_eq!(sent_on, date(on), "{name} went out on the wrong day");
        assert!(!in_force(&app, case_id, sent_on), "{name} went out while an order was in force");
        assert_eq!(deliveries.get(&notice.message_id), Some(&1), "{name} delivered once");
    }

    let digests: Vec<_> = rows.iter().filter(|r| r.kind == "digest").collect();
    assert_eq!(digests.len(), 365, "one digest a day");
    let mut digest_days: Vec<NaiveDate> = digests.iter().map(|r| r.sent_at.unwrap().date()).collect();
    digest_days.dedup();
    assert_eq!(digest_days.len(), 365);
    assert!(digests.iter().all(|r| r.sent_at.unwrap().hour() == 8), "at the digest hour");

    // Heads-ups to the agent at each NDO reminder (30 and 7 days before an order ends), never
    // after the order ended: two for each order, except the one extended after its first
    // reminder and before its second (that reminder then fell 7 days before the new end).
    let headsups: Vec<_> = rows.iter().filter(|r| r.kind == "ndo_headsup").collect();
    for row in &headsups {
        assert_eq!(row.status, "sent");
        let case_id = row.case_id.as_ref().unwrap();
        assert!(in_force(&app, case_id, row.sent_at.unwrap().date()), "a heads-up after its order ended");
    }
    let headsup_days: Vec<(String, u32, u32)> = headsups
        .iter()
        .map(|r| (r.case_id.clone().unwrap(), r.sent_at.unwrap().month(), r.sent_at.unwrap().day()))
        .collect();
    assert_eq!(headsups.len(), 7, "30 and 7 days before each end date: {headsup_days:?}");

    // The approved but never produced case's response date passed: one alert, not one a day.
    let late_order = &case_ids[&references["late-order"]];
    let overdue: Vec<_> = rows.iter().filter(|r| r.kind == "alert_overdue").collect();
    assert_eq!(overdue.iter().filter(|r| r.case_id.as_ref() == Some(late_order)).count(), 1, "{overdue:#?}");
    let mut occasions: Vec<&str> = overdue.iter().map(|r| r.dedupe_key.as_str()).collect();
    occasions.dedup();
    assert_eq!(occasions.len(), overdue.len());

    assert!(deliveries.values().all(|&n| n == 1), "no email delivered twice");
    assert_eq!(deliveries.len(), rows.iter().filter(|r| r.status == "sent").count());
    assert_eq!(totals.0, deliveries.len());
    eprintln!("a year of hourly ticks: {} ticks, {} emails sent, {} claims", 365 * 24, totals.0, totals.1);
}
