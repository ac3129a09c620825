//! Intake triage: the messages intake could not file (newest first, page by page), one message
//! shown safely (headers and text escaped, never its HTML; the view audited), and the two ways
//! out of triage: open a case from the message, or file it on a case that exists.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::{FieldErrors, PageError, SignedIn, blocking, check_csrf, claims_of, redirect, render, signed_in};
use crate::app::AppState;
use crate::domain::reference::CaseReference;
use crate::intake::IntakeContext;
use crate::intake::resolve::{Resolution, resolve_triaged};
use crate::intake::review::{list_messages, view_message};
use crate::storage::DbConnection;
use crate::workflows::WorkflowError;

const PAGE_SIZE: i64 = 50;
const STATUSES: [&str; 4] = ["triage", "duplicate", "stored", "filed"];

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// `triage` (default), `duplicate`, `stored` or `filed`.
    #[serde(default)]
    pub status: String,
    /// The last message of the previous page: its arrival time and id.
    #[serde(default)]
    pub before: String,
    #[serde(default)]
    pub before_id: String,
}

/// One row of the list.
#[derive(Serialize)]
struct Row {
    id: String,
    received_at: String,
    from: Option<String>,
    subject: Option<String>,
    reason: Option<String>,
    case: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let status = match query.status.as_str() {
        "" => "triage",
        s => STATUSES
            .into_iter()
            .find(|known| *known == s)
            .ok_or_else(|| PageError::BadRequest("that status is not one lert knows".into()))?,
    };
    let before = match (query.before.as_str(), query.before_id.as_str()) {
        ("", _) => None,
        (at, id) => {
            let at = DateTime::parse_from_rfc3339(at)
                .map_err(|_| PageError::BadRequest("that page is not one lert knows".into()))?;
            Some((at.with_timezone(&Utc).naive_utc(), id.to_owned()))
        }
    };
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let (me, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, state2.clock.now())?;
        me.actor.require(me.actor.role.can_read(), "read intake")?;
        let messages = list_messages(conn, &me.actor, status, before, PAGE_SIZE)?;
        let next_page = (messages.len() as i64 == PAGE_SIZE).then(|| {
            let last = &messages[messages.len() - 1];
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs([
                    ("status", status),
                    ("before", last.received_at.to_rfc3339().as_str()),
                    ("before_id", last.id.as_str()),
                ])
                .finish()
        });
        let rows: Vec<Row> = messages
            .into_iter()
            .map(|m| Row {
                id: m.id,
                received_at: m.received_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                from: m.from,
                subject: m.subject,
                reason: m.triage_reason,
                case: m.case,
            })
            .collect();
        let mut context = Context::new();
        context.insert("title", "Intake");
        context.insert("status", status);
        context.insert("statuses", &STATUSES);
        context.insert("messages", &rows);
        context.insert("next_page", &next_page);
        Ok((me, context))
    })
    .await?;
    render(&state, "intake.html", &me, context)
}

pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let id = path.into_inner();
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let (me, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, state2.clock.now())?;
        let context = message_context(conn, &state2, &me, &id, &AttachForm::default(), &FieldErrors::new())?;
        Ok((me, context))
    })
    .await?;
    render(&state, "intake_message.html", &me, context)
}

/// An attachment as the message page lists it.
#[derive(Serialize)]
struct Attachment {
    name: String,
    size_bytes: i64,
    content_type: String,
}

/// What the message page shows, with the attach form as posted and its errors.
fn message_context(
    conn: &mut DbConnection,
    state: &AppState,
    me: &SignedIn,
    id: &str,
    form: &AttachForm,
    errors: &FieldErrors,
) -> Result<Context, PageError> {
    me.actor.require(me.actor.role.can_read(), "read intake")?;
    let message = view_message(conn, state.storage.blobs.as_ref(), state.clock.now(), &me.actor, id)?;
    let attachments: Vec<Attachment> = message.message.summary["attachments"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|a| Attachment {
                    name: a["name"].as_str().unwrap_or("(unnamed)").to_owned(),
                    size_bytes: a["size_bytes"].as_i64().unwrap_or(0),
                    content_type: a["content_type"].as_str().unwrap_or("").to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut context = Context::new();
    let subject = message.message.subject.clone().filter(|s| !s.trim().is_empty());
    context.insert("title", &format!("Message: {}", subject.as_deref().unwrap_or("(no subject)")));
    context.insert("received_at", &message.message.received_at.format("%Y-%m-%d %H:%M UTC").to_string());
    context.insert("message", &message);
    context.insert("attachments", &attachments);
    context.insert("can_file", &(me.actor.role.can_edit_cases() && message.message.status == "triage"));
    context.insert("form", form);
    context.insert("errors", errors);
    Ok(context)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AttachForm {
    #[serde(default)]
    pub csrf: String,
    /// The case to file on (the attach form only).
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// Opens a new case from a message in triage; to the case when done.
pub async fn open(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<AttachForm>,
) -> Result<HttpResponse, PageError> {
    file(state, request, path.into_inner(), form.into_inner(), false).await
}

/// Files a message in triage on an existing case; to the case when done.
pub async fn attach(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<AttachForm>,
) -> Result<HttpResponse, PageError> {
    file(state, request, path.into_inner(), form.into_inner(), true).await
}

/// Filed (to the case's page), or refused with the message page shown again.
enum Filing {
    Done(String),
    Refused(SignedIn, StatusCode, Context),
}

async fn file(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: String,
    form: AttachForm,
    on_existing: bool,
) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let outcome = blocking(&state, move |conn| {
        let now = state2.clock.now();
        let me = signed_in(conn, &state2, claims, now)?;
        check_csrf(&state2, &me, &form.csrf)?;
        me.actor.require(me.actor.role.can_edit_cases(), "file messages from triage")?;
        // Which form's errors are shown: the attach form's fields, or the open form's.
        let (field, confirm_field) =
            if on_existing { ("reference", "confirm") } else { ("open", "open_confirm") };
        let mut errors = FieldErrors::new();
        let reference = if on_existing {
            match CaseReference::parse(form.reference.trim()) {
                Ok(reference) => Some(reference),
                Err(_) => {
                    errors.insert("reference", "Enter a case reference such as LE-2026-0001.".into());
                    None
                }
            }
        } else {
            None
        };
        if form.confirm.is_none() {
            errors.insert(
                confirm_field,
                "Tick “I confirm”: a filed message cannot be put back in triage.".into(),
            );
        }
        let status = if errors.is_empty() {
            let context = IntakeContext {
                blobs: state2.storage.blobs.as_ref(),
                clocks: &state2.clocks,
                settings: &state2.settings.intake,
            };
            let resolution = match &reference {
                Some(reference) => Resolution::OnCase(reference),
                None => Resolution::NewCase,
            };
            match resolve_triaged(conn, context, now, &me.actor, &id, resolution) {
                Ok(resolved) => return Ok(Filing::Done(format!("/cases/{}", resolved.case))),
                Err(WorkflowError::Invalid(m)) => {
                    errors.insert(field, m);
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                Err(WorkflowError::Conflict(m)) => {
                    errors.insert(field, m);
                    StatusCode::CONFLICT
                }
                Err(other) => return Err(other.into()),
            }
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let context = message_context(conn, &state2, &me, &id, &form, &errors)?;
        Ok(Filing::Refused(me, status, context))
    })
    .await?;
    match outcome {
        Filing::Done(case_page) => Ok(redirect(&case_page)),
        Filing::Refused(me, status, context) => {
            let mut response = render(&state, "intake_message.html", &me, context)?;
            *response.status_mut() = status;
            Ok(response)
        }
    }
}
