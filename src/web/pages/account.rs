//! My account, for every signed-in user: who they are, a form to change their password (the
//! current one proves it is them), and "sign out everywhere else". Both end every session of the
//! user, then give this browser a fresh one so the person who asked stays signed in here.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::session::Claims;
use super::signin::session_cookie;
use super::{
    FieldErrors, PageError, blocking, check_csrf, claims_of, redirect, render, secure_cookie, signed_in,
};
use crate::app::AppState;
use crate::workflows::WorkflowError;
use crate::workflows::accounts::{OwnPasswordChange, change_own_password, end_own_sessions};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account", web::get().to(show))
        .route("/account/password", web::post().to(change_password))
        .route("/account/sessions", web::post().to(sign_out_elsewhere));
}

#[derive(Debug, Deserialize)]
pub struct Done {
    #[serde(default)]
    pub done: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct PasswordForm {
    #[serde(default, skip_serializing)]
    pub csrf: String,
    #[serde(default, skip_serializing)]
    pub current: String,
    #[serde(default, skip_serializing)]
    pub new: String,
    #[serde(default, skip_serializing)]
    pub repeat: String,
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

fn account_context(notice: Option<&str>, errors: &FieldErrors) -> Context {
    let mut context = Context::new();
    context.insert("title", "My account");
    context.insert("notice", &notice);
    context.insert("errors", errors);
    context
}

pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let me = blocking(&state, move |conn| signed_in(conn, &state2, claims, state2.clock.now())).await?;
    let notice = match query.done.as_str() {
        "password" => Some("Your password is changed. Your other sessions have ended."),
        "sessions" => Some("Your other sessions have ended; you are still signed in here."),
        _ => None,
    };
    render(&state, "account.html", &me, account_context(notice, &FieldErrors::new()))
}

pub async fn change_password(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let outcome = blocking(&state, move |conn| {
        let now = state2.clock.now();
        let me = signed_in(conn, &state2, claims, now)?;
        check_csrf(&state2, &me, &form.csrf)?;
        let mut errors = FieldErrors::new();
        if form.current.is_empty() {
            errors.insert("current", "Enter your current password.".into());
        }
        if form.new != form.repeat {
            errors.insert("repeat", "The two new passwords differ.".into());
        }
        if errors.is_empty() {
            match change_own_password(conn, now, &me.actor, &form.current, &form.new) {
                Ok(OwnPasswordChange::Changed { epoch }) => return Ok(Ok((me.claims.user_id, epoch))),
                Ok(OwnPasswordChange::WrongCurrent) => {
                    errors.insert("current", "That is not your current password.".into());
                }
                Err(WorkflowError::Invalid(m)) => {
                    errors.insert("new", m);
                }
                Err(other) => return Err(other.into()),
            }
        }
        Ok(Err((me, errors)))
    })
    .await?;
    match outcome {
        Ok((user_id, epoch)) => fresh_session(&state, &request, user_id, epoch, "/account?done=password"),
        Err((me, errors)) => {
            let mut response = render(&state, "account.html", &me, account_context(None, &errors))?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

pub async fn sign_out_elsewhere(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let (user_id, epoch) = blocking(&state, move |conn| {
        let now = state2.clock.now();
        let me = signed_in(conn, &state2, claims, now)?;
        check_csrf(&state2, &me, &form.csrf)?;
        Ok((me.claims.user_id.clone(), end_own_sessions(conn, now, &me.actor)?))
    })
    .await?;
    fresh_session(&state, &request, user_id, epoch, "/account?done=sessions")
}

/// Redirects with a new session cookie for this browser (a new session id, the new epoch), as
/// signing in does.
fn fresh_session(
    state: &AppState,
    request: &HttpRequest,
    user_id: String,
    epoch: i64,
    to: &str,
) -> Result<HttpResponse, PageError> {
    let claims = Claims {
        user_id,
        epoch,
        issued_at: state.clock.now().timestamp(),
        session_id: state.sessions.new_session_id(),
    };
    let cookie = session_cookie(
        &state.sessions.seal(&claims),
        secure_cookie(state, request),
        state.settings.dashboard.session_hours,
    );
    let mut response = redirect(to);
    response.headers_mut().insert(
        header::SET_COOKIE,
        header::HeaderValue::from_str(&cookie).map_err(|e| PageError::Internal(e.to_string()))?,
    );
    Ok(response)
}
