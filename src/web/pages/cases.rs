//! A case's page: its summary, clocks with their trails, processes, targets, preservations,
//! orders, notices, flags, documents, productions and audit timeline, read through the same
//! audited view as the API.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use tera::Context;

use super::{PageError, blocking, claims_of, render, signed_in};
use crate::app::AppState;
use crate::domain::reference::CaseReference;
use crate::storage::audit;
use crate::storage::case_json::CaseJson;
use crate::workflows::cases::view_case;

/// One line of the audit timeline, newest first.
#[derive(Serialize)]
struct Event {
    at: String,
    actor: String,
    action: String,
    details: String,
}

pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let reference = CaseReference::parse(&path).map_err(|e| PageError::NotFound(e.to_string()))?;
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let (me, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        let detail = view_case(conn, now, &me.actor, &reference)?;
        let case_id = detail.case.id.clone();
        let case = CaseJson::from_detail(detail, state2.clocks.date_of(now))?;
        let events: Vec<Event> = audit::for_case(conn, &case_id)?
            .into_iter()
            .rev()
            .map(|row| Event {
                at: row.occurred_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                actor: row.actor,
                action: row.action,
                details: row.details,
            })
            .collect();
        let mut context = Context::new();
        context.insert("title", &format!("{} {}", case.reference, case.title));
        context.insert("case", &case);
        context.insert("events", &events);
        Ok((me, context))
    })
    .await?;
    render(&state, "case.html", &me, context)
}
