//! Previews of the emails lert sends, rendered by the mail code's own templates and context with
//! made-up sample data, so an administrator sees exactly what goes out. The HTML part is shown
//! as escaped source; to see it drawn it is served on its own under `Content-Security-Policy:
//! sandbox`, never inside a dashboard page.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use super::{admin_page, signed_in_admin};
use crate::app::AppState;
use crate::domain::outbox::OutboxKind;
use crate::mail::templates::Rendered;
use crate::web::pages::PageError;
use crate::workflows::outbox::template_context;

/// The drawn HTML part: no script, no plugins, no navigation, no requests anywhere.
const PREVIEW_CSP: &str = "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

#[derive(Serialize)]
struct KindLine {
    name: &'static str,
    label: &'static str,
}

pub async fn list(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, PageError> {
    let kinds: Vec<KindLine> = OutboxKind::ALL
        .into_iter()
        .map(|kind| KindLine { name: kind.as_str(), label: kind.label() })
        .collect();
    let mut context = Context::new();
    context.insert("title", "Admin · Email templates");
    context.insert("kinds", &kinds);
    admin_page(&state, &request, "admin_templates.html", context).await
}

pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let kind = kind_named(&path)?;
    let rendered = preview(&state, kind)?;
    let mut context = Context::new();
    context.insert("title", &format!("Admin · Email template {}", kind.as_str()));
    context.insert("kind", &KindLine { name: kind.as_str(), label: kind.label() });
    context.insert("email", &rendered);
    admin_page(&state, &request, "admin_template.html", context).await
}

/// The HTML part alone, sandboxed.
pub async fn html(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    signed_in_admin(&state, &request).await?;
    let rendered = preview(&state, kind_named(&path)?)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, PREVIEW_CSP))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(rendered.html))
}

fn kind_named(name: &str) -> Result<OutboxKind, PageError> {
    OutboxKind::parse(name).map_err(|_| PageError::NotFound(format!("lert sends no email called {name:?}")))
}

/// The email of `kind` as the mail code renders it, from sample data.
pub fn preview(state: &AppState, kind: OutboxKind) -> Result<Rendered, PageError> {
    let outgoing = &state.clocks.mail;
    let reference = (kind != OutboxKind::Digest).then_some("LE-2026-0042");
    let context = template_context(outgoing, reference, sample(kind));
    outgoing.templates.render(kind, &context).map_err(|e| PageError::Internal(e.to_string()))
}

/// Made-up data of the shape templates/email/README.md gives for each kind.
fn sample(kind: OutboxKind) -> Value {
    let item = |reference: &str, what: &str, due_on: &str, detail: &str| json!({ "reference": reference, "what": what, "due_on": due_on, "detail": detail });
    match kind {
        OutboxKind::SubscriberNotice | OutboxKind::DelayedNotice => json!({
            "identifiers": ["jane.doe@example.com"],
            "process_label": "subpoena",
            "agency_name": "Example County Sheriff's Office",
            "received_on": "Monday 1 June 2026",
            "emergency": false,
            "produced": kind == OutboxKind::DelayedNotice,
            "disclosed": kind == OutboxKind::DelayedNotice,
            "objection_days": 10,
            "objection_deadline": if kind == OutboxKind::DelayedNotice { "" } else { "Monday 15 June 2026" },
            "ndo_ended_on": if kind == OutboxKind::DelayedNotice { "Tuesday 1 December 2026" } else { "" },
            "vacated": false,
        }),
        OutboxKind::AgencyAck => json!({
            "agent_name": "Det. Dana Whitfield",
            "received_on": "Monday 1 June 2026",
            "subject": "Subpoena 24-117 for account records",
        }),
        OutboxKind::ReplyDeficient => json!({
            "agent_name": "Det. Dana Whitfield",
            "received_on": "Monday 1 June 2026",
            "missing": ["a direct contact phone number", "the issuing court"],
        }),
        OutboxKind::ReplyLookback => json!({
            "agent_name": "Det. Dana Whitfield",
            "received_on": "Monday 1 June 2026",
            "requested_from": "Thursday 1 January 2026",
            "window_start": "Wednesday 4 March 2026",
            "lookback_days": 90,
        }),
        OutboxKind::ReplyMlat => json!({
            "agent_name": "",
            "received_on": "Monday 1 June 2026",
            "country": "France",
        }),
        OutboxKind::NdoHeadsup => json!({
            "agent_name": "Det. Dana Whitfield",
            "ndo_last_day": "Tuesday 1 December 2026",
            "notice_on": "Wednesday 2 December 2026",
        }),
        OutboxKind::Digest => json!({
            "date": "Friday 5 June 2026",
            "dashboard_url": "https://lert.example.org/",
            "overdue": [item("LE-2026-0040", "Response due", "2026-06-04", "")],
            "due_today": [item("LE-2026-0042", "Internal target", "2026-06-05", "")],
            "due_this_week": [item("LE-2026-0043", "Response due", "2026-06-10", "")],
            "expiring": [item("LE-2026-0031", "Preservation expires", "2026-06-12", "no renewal yet")],
            "notices_held": [],
            "mail_failing": [item("LE-2026-0038", "subscriber notice", "2026-06-05", "connection refused")],
        }),
        OutboxKind::AlertEmergency => json!({
            "received_at": "2026-06-05 15:42 UTC",
            "agency_name": "Example County Sheriff's Office",
            "subject": "EMERGENCY disclosure request",
        }),
        OutboxKind::AlertOverdue => json!({
            "what": "Response due",
            "due_on": "2026-06-04",
            "trail": "served 2026-05-21; +14 calendar days = 2026-06-04",
        }),
        OutboxKind::AlertMailFailed => json!({
            "mail_kind": "subscriber notice",
            "attempts": 8,
            "last_error": "permanent error (550): mailbox unavailable",
            "outbox_id": "01a2179c-0000-7000-8000-000000000000",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_renders_from_its_sample() {
        let outgoing = crate::mail::Outgoing::default();
        for kind in OutboxKind::ALL {
            let context = template_context(&outgoing, Some("LE-2026-0042"), sample(kind));
            let rendered = outgoing.templates.render(kind, &context).unwrap();
            assert!(!rendered.subject.is_empty() && !rendered.text.is_empty(), "{kind:?}");
            assert!(rendered.html.contains("<!DOCTYPE html>"), "{kind:?}");
        }
    }
}
