//! The case page's status moves, generating a production, and downloading one. Each checks the
//! session and its CSRF token; irreversible steps need the "I confirm" box. Success redirects
//! back to the case (post-redirect-get); a refusal shows the case again with the reason. The
//! other case forms are in case_forms/.

use actix_web::http::StatusCode;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::cases::{case_context, is_irreversible};
use super::{PageError, SignedIn, blocking, check_csrf, claims_of, redirect, render, signed_in};
use crate::app::AppState;
use crate::domain::case_status::CaseStatus;
use crate::domain::reference::CaseReference;
use crate::storage::production_json::bundle_file_name;
use crate::workflows::WorkflowError;
use crate::workflows::cases::change_status;
use crate::workflows::productions::delivery::open_bundle;
use crate::workflows::productions::generate::{GenerateOptions, Producer, generate_production};

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    pub csrf: String,
    pub to: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ProduceForm {
    pub csrf: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// What a form did: done (back to the case), or refused with a reason shown on the case page.
enum Outcome {
    Done,
    Refused(StatusCode, String),
}

fn refused(error: WorkflowError) -> Result<Outcome, PageError> {
    match error {
        WorkflowError::Invalid(m) => Ok(Outcome::Refused(StatusCode::UNPROCESSABLE_ENTITY, m)),
        WorkflowError::Conflict(m) => Ok(Outcome::Refused(StatusCode::CONFLICT, m)),
        WorkflowError::Forbidden(m) => Ok(Outcome::Refused(StatusCode::FORBIDDEN, m)),
        other => Err(other.into()),
    }
}

pub async fn change(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, PageError> {
    let reference = CaseReference::parse(&path).map_err(|e| PageError::NotFound(e.to_string()))?;
    let form = form.into_inner();
    act(state, request, reference, move |conn, state, me, reference| {
        check_csrf(state, me, &form.csrf)?;
        let to = CaseStatus::parse(&form.to).map_err(|e| PageError::BadRequest(e.to_string()))?;
        if is_irreversible(to) && form.confirm.is_none() {
            return Ok(Outcome::Refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("Tick “I confirm” to move the case to {}.", to.as_str()),
            ));
        }
        let note = Some(form.note.trim().to_owned()).filter(|n| !n.is_empty());
        match change_status(conn, state.clock.now(), &state.clocks, &me.actor, reference, to, note) {
            Ok(_) => Ok(Outcome::Done),
            Err(error) => refused(error),
        }
    })
    .await
}

pub async fn produce(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<ProduceForm>,
) -> Result<HttpResponse, PageError> {
    let reference = CaseReference::parse(&path).map_err(|e| PageError::NotFound(e.to_string()))?;
    let form = form.into_inner();
    act(state, request, reference, move |conn, state, me, reference| {
        check_csrf(state, me, &form.csrf)?;
        if form.confirm.is_none() {
            return Ok(Outcome::Refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Tick “I confirm” to generate a production: a version is kept for good once made.".into(),
            ));
        }
        let password = Some(form.password.clone()).filter(|p| !p.is_empty());
        let producer = Producer::new(state.storage.blobs.as_ref(), &state.clocks, &state.settings);
        let options = GenerateOptions { password, source: None };
        match generate_production(conn, &producer, state.clock.now(), &me.actor, reference, &options) {
            Ok(_) => Ok(Outcome::Done),
            Err(error) => refused(error),
        }
    })
    .await
}

/// Runs a form's work for the signed-in user; redirects to the case when done, or shows the
/// case with the reason it was refused.
async fn act<F>(
    state: web::Data<AppState>,
    request: HttpRequest,
    reference: CaseReference,
    work: F,
) -> Result<HttpResponse, PageError>
where
    F: FnOnce(
            &mut crate::storage::DbConnection,
            &AppState,
            &SignedIn,
            &CaseReference,
        ) -> Result<Outcome, PageError>
        + Send
        + 'static,
{
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let back = format!("/cases/{reference}");
    let result = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, state2.clock.now())?;
        match work(conn, &state2, &me, &reference)? {
            Outcome::Done => Ok(None),
            Outcome::Refused(status, message) => {
                let context = case_context(conn, &state2, &me, &reference, Some(message))?;
                Ok(Some((me, status, context)))
            }
        }
    })
    .await?;
    match result {
        None => Ok(redirect(&back)),
        Some((me, status, context)) => {
            let mut response = render(&state, "case.html", &me, context)?;
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

/// Downloads a production's bundle (counsel and admins; audited), streamed and verified.
pub async fn download(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, PageError> {
    let (reference, version) = path.into_inner();
    let reference = CaseReference::parse(&reference).map_err(|e| PageError::NotFound(e.to_string()))?;
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let name = bundle_file_name(reference.as_str(), version);
    let (row, reader) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, state2.clock.now())?;
        Ok(open_bundle(
            conn,
            state2.storage.blobs.as_ref(),
            state2.clock.now(),
            &me.actor,
            &reference,
            version,
        )?)
    })
    .await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(name)],
    };
    let size = u64::try_from(row.bundle_size).unwrap_or(0);
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(disposition)
        .insert_header(("X-Content-Sha256", row.bundle_sha256))
        .body(actix_web::body::SizedStream::new(size, crate::web::api::productions::chunks(reader))))
}
