//! Outgoing email: list and read it, counsel's review of drafted replies (send or cancel),
//! retrying failed mail, and recording a subscriber's contact email on a target.

use actix_web::web;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::blocking;
use super::cases::{current_case, parse_reference};
use crate::app::AppState;
use crate::domain::outbox::{OutboxKind, OutboxStatus};
use crate::storage::case_json::CaseJson;
use crate::storage::case_lookups::reference_of;
use crate::storage::outbox::content;
use crate::storage::outbox_json::{OutboxDetailJson, OutboxJson};
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::workflows::outbox::{
    DraftEdits, OutboxFilter, cancel, list as list_outbox, load, retry, send_draft,
};
use crate::workflows::targets::set_contact_email;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// draft, held, scheduled, sending, sent, failed, no_contact or cancelled.
    pub status: Option<String>,
    pub kind: Option<String>,
    /// Only this case's email, e.g. LE-2026-0042.
    pub case: Option<String>,
    /// 1 to 1000, default 100.
    pub limit: Option<i64>,
}

/// Outgoing email, newest first.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "mail", params(OutboxQuery),
    responses((status = 200, body = [OutboxJson]), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    user: ApiUser,
    query: web::Query<OutboxQuery>,
) -> Result<web::Json<Vec<OutboxJson>>, ApiError> {
    let query = query.into_inner();
    let status = query.status.as_deref().map(OutboxStatus::parse).transpose().map_err(unprocessable)?;
    let kind = query.kind.as_deref().map(OutboxKind::parse).transpose().map_err(unprocessable)?;
    let case = query.case.as_deref().map(parse_reference).transpose()?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::Unprocessable("limit must be 1 to 1000".into()));
    }
    let rows = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        let case_id = match case {
            Some(reference) => Some(crate::workflows::cases::case_id_of(conn, &reference)?),
            None => None,
        };
        Ok(list_outbox(conn, &actor, &OutboxFilter { status, kind, case_id, limit })?)
    })
    .await?;
    Ok(web::Json(rows.iter().map(OutboxJson::from_row).collect()))
}

/// One email with its subject and bodies.
#[utoipa::path(get, path = "/api/v1/outbox/{id}", tag = "mail", params(("id" = String, Path)),
    responses((status = 200, body = OutboxDetailJson), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn show(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<OutboxDetailJson>, ApiError> {
    let id = path.into_inner();
    let detail = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        actor.require(actor.role.can_read(), "read the outbox")?;
        detail(conn, &id)
    })
    .await?;
    Ok(web::Json(detail))
}

fn detail(conn: &mut crate::storage::DbConnection, id: &str) -> Result<OutboxDetailJson, ApiError> {
    let row = load(conn, id)?;
    let reference = row.case_id.as_deref().map(|case_id| reference_of(conn, case_id)).transpose()?;
    let content = content(conn, id)?;
    Ok(OutboxDetailJson::new(&row, content, reference))
}

/// Counsel's edits to a drafted reply; every field is optional (`{}` sends it as drafted).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendDraftBody {
    pub to: Option<String>,
    pub subject: Option<String>,
    /// Replaces both the text and (as preformatted text) the HTML part.
    pub body_text: Option<String>,
}

/// Counsel sends a drafted reply, as drafted or edited.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/send", tag = "mail", params(("id" = String, Path)),
    request_body = SendDraftBody,
    responses((status = 200, body = OutboxDetailJson), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn send(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<SendDraftBody>,
) -> Result<web::Json<OutboxDetailJson>, ApiError> {
    let id = path.into_inner();
    let body = body.into_inner();
    let edits = DraftEdits { recipient: body.to, subject: body.subject, body_text: body.body_text };
    let clock = state.clock.clone();
    let detail = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        send_draft(conn, clock.now(), &actor, &id, edits)?;
        detail(conn, &id)
    })
    .await?;
    Ok(web::Json(detail))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    pub reason: String,
}

/// Counsel cancels an email that has not gone out (a draft, a held or scheduled notice, or a
/// failed email), with a reason.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/cancel", tag = "mail", params(("id" = String, Path)),
    request_body = CancelBody,
    responses((status = 200, body = OutboxDetailJson), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn cancel_email(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<CancelBody>,
) -> Result<web::Json<OutboxDetailJson>, ApiError> {
    let id = path.into_inner();
    let clock = state.clock.clone();
    let detail = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        cancel(conn, clock.now(), &actor, &id, &body.reason)?;
        detail(conn, &id)
    })
    .await?;
    Ok(web::Json(detail))
}

/// Schedules a failed email again, now, with its attempts reset.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", tag = "mail", params(("id" = String, Path)),
    responses((status = 200, body = OutboxDetailJson), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn retry_email(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<OutboxDetailJson>, ApiError> {
    let id = path.into_inner();
    let clock = state.clock.clone();
    let detail = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        retry(conn, clock.now(), &actor, &id)?;
        detail(conn, &id)
    })
    .await?;
    Ok(web::Json(detail))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    /// The subscriber's contact email from the account's records; null clears it.
    pub contact_email: Option<String>,
}

/// Records the contact email of the subscriber behind a target, for notices.
#[utoipa::path(put, path = "/api/v1/cases/{reference}/targets/{id}/contact", tag = "mail",
    params(("reference" = String, Path), ("id" = String, Path)), request_body = ContactBody,
    responses((status = 200, body = CaseJson), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_contact(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<ContactBody>,
) -> Result<web::Json<CaseJson>, ApiError> {
    let (reference, target_id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        set_contact_email(
            conn,
            clock.now(),
            &clocks,
            &actor,
            &reference,
            &target_id,
            body.contact_email.as_deref(),
        )?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(web::Json(case))
}

fn unprocessable(error: impl std::fmt::Display) -> ApiError {
    ApiError::Unprocessable(error.to_string())
}
