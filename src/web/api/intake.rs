//! Intake endpoints: upload a raw message, list triage, read one message, a case's mail and
//! guesses, and confirm, correct or reject a guess.

use actix_web::{HttpResponse, Resource, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::cases::parse_reference;
use super::{blocking, read_limited};
use crate::app::AppState;
use crate::intake::resolve::{Resolution, Resolved, resolve_triaged};
use crate::intake::review::{MessageText, case_intake, list_messages, view_message};
use crate::intake::{Arrival, IngestOutcome, IntakeContext, Source, ingest};
use crate::storage::intake_json::{CaseIntakeJson, InboundMessageJson, IntakeGuessJson};
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::workflows::guesses::{GuessDecision, decide_guess};

/// The upload route, limited to `intake.max_message_bytes`.
pub fn upload_resource() -> Resource {
    web::resource("/intake/messages").route(web::post().to(upload)).route(web::get().to(list))
}

/// Imports one raw message (RFC 5322 bytes, e.g. a saved `.eml`) as if it had arrived by mail.
/// 201 with the outcome; 200 when the same bytes were imported before (nothing changes).
#[utoipa::path(post, path = "/api/v1/intake/messages", tag = "intake",
    request_body(content = Vec<u8>, content_type = "message/rfc822"),
    responses((status = 201, body = IngestOutcomeJson), (status = 200, body = IngestOutcomeJson),
        (status = 413, body = ErrorBody), (status = 400, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn upload(
    state: web::Data<AppState>,
    user: ApiUser,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let actor = user.authenticate_now(&state).await?;
    actor.require(actor.role.can_edit_cases(), "import mail").map_err(ApiError::from)?;
    let limit = state.settings.intake.max_message_bytes;
    let bytes = read_limited(payload, limit, "the message", " (intake.max_message_bytes)").await?;
    if bytes.is_empty() {
        return Err(ApiError::BadRequest("the message is empty".into()));
    }
    let app = state.clone();
    let outcome = blocking(&state, move |conn| {
        let context = IntakeContext {
            blobs: app.storage.blobs.as_ref(),
            clocks: &app.clocks,
            settings: &app.settings.intake,
        };
        let now = app.clock.now();
        let arrival =
            Arrival { source: Source::Upload, source_ref: Some(&actor.label), received_at: now, raw: &bytes };
        Ok(ingest(conn, context, now, arrival)?)
    })
    .await?;
    let mut response = if outcome.already_imported { HttpResponse::Ok() } else { HttpResponse::Created() };
    Ok(response.json(IngestOutcomeJson::from(outcome)))
}

/// What became of an imported message.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct IngestOutcomeJson {
    pub message: String,
    /// `filed`, `triage`, `duplicate` or `stored`.
    pub status: String,
    pub case: Option<String>,
    pub already_imported: bool,
    pub triage_reason: Option<String>,
}

impl From<IngestOutcome> for IngestOutcomeJson {
    fn from(o: IngestOutcome) -> Self {
        IngestOutcomeJson {
            message: o.message,
            status: o.status,
            case: o.case,
            already_imported: o.already_imported,
            triage_reason: o.triage_reason,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `triage` (default), `filed`, `duplicate` or `stored`.
    pub status: Option<String>,
    /// Only messages received before this time (the last one of the previous page)...
    pub before: Option<DateTime<Utc>>,
    /// ...and, at that same time, with an id before this one.
    pub before_id: Option<String>,
    /// 1 to 200, default 50.
    pub limit: Option<i64>,
}

/// Lists inbound messages by status, newest first: by default the triage queue.
#[utoipa::path(get, path = "/api/v1/intake/messages", tag = "intake", params(ListQuery),
    responses((status = 200, body = Vec<InboundMessageJson>), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    user: ApiUser,
    query: web::Query<ListQuery>,
) -> Result<web::Json<Vec<InboundMessageJson>>, ApiError> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::Unprocessable("limit must be between 1 and 200".into()));
    }
    let before = match (query.before, query.before_id) {
        (Some(at), Some(id)) => Some((at.naive_utc(), id)),
        (Some(at), None) => Some((at.naive_utc(), String::from("\u{10FFFF}"))),
        (None, Some(_)) => return Err(ApiError::Unprocessable("before_id needs before".into())),
        (None, None) => None,
    };
    let status = query.status.unwrap_or_else(|| "triage".into());
    let messages = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(list_messages(conn, &actor, &status, before, limit)?)
    })
    .await?;
    Ok(web::Json(messages))
}

/// One message with its headers and plain text (never HTML); the view is audited.
#[utoipa::path(get, path = "/api/v1/intake/messages/{id}", tag = "intake", params(("id" = String, Path)),
    responses((status = 200, body = MessageText), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<MessageText>, ApiError> {
    let id = path.into_inner();
    let (clock, blobs) = (state.clock.clone(), state.storage.blobs.clone());
    let message = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(view_message(conn, blobs.as_ref(), clock.now(), &actor, &id)?)
    })
    .await?;
    Ok(web::Json(message))
}

/// A case's messages and the fields intake read from them, with evidence.
#[utoipa::path(get, path = "/api/v1/cases/{reference}/intake", tag = "intake", params(("reference" = String, Path)),
    responses((status = 200, body = CaseIntakeJson), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn of_case(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<CaseIntakeJson>, ApiError> {
    let reference = parse_reference(&path)?;
    let clock = state.clock.clone();
    let intake = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(case_intake(conn, clock.now(), &actor, &reference)?)
    })
    .await?;
    Ok(web::Json(intake))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Decision {
    Confirm,
    Correct,
    Reject,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuessDecisionRequest {
    pub decision: Decision,
    /// The right value for `correct`, in the guess's own shape.
    #[schema(value_type = Object)]
    pub value: Option<Value>,
}

/// Confirms, corrects or rejects one guess; a correction or rejection changes the case.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/intake/guesses/{id}", tag = "intake",
    params(("reference" = String, Path), ("id" = String, Path)), request_body = GuessDecisionRequest,
    responses((status = 200, body = IntakeGuessJson), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn decide(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<GuessDecisionRequest>,
) -> Result<web::Json<IntakeGuessJson>, ApiError> {
    let (reference, guess_id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let body = body.into_inner();
    let decision = match (body.decision, body.value) {
        (Decision::Confirm, None) => GuessDecision::Confirm,
        (Decision::Reject, None) => GuessDecision::Reject,
        (Decision::Correct, Some(value)) => GuessDecision::Correct(value),
        (Decision::Correct, None) => {
            return Err(ApiError::Unprocessable("a correction needs a value".into()));
        }
        (_, Some(_)) => return Err(ApiError::Unprocessable("only a correction takes a value".into())),
    };
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let row = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(decide_guess(conn, clock.now(), &clocks, &actor, &reference, &guess_id, decision)?)
    })
    .await?;
    Ok(web::Json(IntakeGuessJson::from_row(row)))
}

/// Where a message waiting in triage goes: an existing case, or (without one) a new case.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileTriagedRequest {
    /// The case to file it on; absent to open a new case from the message.
    pub reference: Option<String>,
}

/// Takes a message out of triage: files it on the case named, or opens a new case from it (its
/// attachments become documents, its guesses are recorded). 201 with where it went; 409 when
/// the message is no longer in triage; 422 for an unknown case.
#[utoipa::path(post, path = "/api/v1/intake/messages/{id}/case", tag = "intake", params(("id" = String, Path)),
    request_body(content = Option<FileTriagedRequest>, description = "optional; an empty body opens a new case"),
    responses((status = 201, body = Resolved), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn file_triaged(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let request: FileTriagedRequest = if body.iter().all(u8::is_ascii_whitespace) {
        FileTriagedRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::BadRequest(format!("the body is not valid: {e}")))?
    };
    let reference = match request.reference.as_deref().map(str::trim) {
        Some(text) => Some(
            crate::domain::reference::CaseReference::parse(text)
                .map_err(|e| ApiError::Unprocessable(format!("reference: {e}")))?,
        ),
        None => None,
    };
    let app = state.clone();
    let resolved = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        let context = IntakeContext {
            blobs: app.storage.blobs.as_ref(),
            clocks: &app.clocks,
            settings: &app.settings.intake,
        };
        let resolution = match &reference {
            Some(reference) => Resolution::OnCase(reference),
            None => Resolution::NewCase,
        };
        Ok(resolve_triaged(conn, context, app.clock.now(), &actor, &id, resolution)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(resolved))
}
