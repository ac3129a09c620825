//! Signing in and out. A sign-in issues a new session (a new session id, so a cookie planted
//! before it is worth nothing after); signing out clears the cookie and ends the session.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::TimeDelta;
use serde::Deserialize;
use tera::Context;

use super::session::{COOKIE, Claims, SIGNIN_COOKIE};
use super::{PageError, blocking, claims_of, page_response, redirect, secure_cookie, signed_in};
use crate::app::AppState;
use crate::workflows::signin::{SigninOutcome, Throttle, end_sessions, sign_in};

pub async fn form(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, PageError> {
    // Already signed in: straight to Today.
    if let Some(claims) = claims_of(&state, &request) {
        let (state2, now) = (state.clone(), state.clock.now());
        if blocking(&state, move |conn| signed_in(conn, &state2, Some(claims), now)).await.is_ok() {
            return Ok(redirect("/"));
        }
    }
    Ok(signin_page(&state, &request, StatusCode::OK, "", None))
}

/// The sign-in form, with a fresh form cookie and its CSRF token.
fn signin_page(
    state: &AppState,
    request: &HttpRequest,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> HttpResponse {
    let form_id = state.sessions.new_session_id();
    let mut context = Context::new();
    context.insert("title", "Sign in");
    context.insert("email", email);
    context.insert("error", &error);
    context.insert("csrf", &state.sessions.csrf_token_for(&form_id));
    let body = state.pages.render("signin.html", &context).unwrap_or_else(|e| format!("{e:?}"));
    let mut response = page_response(status, body);
    let secure = if secure_cookie(state, request) { "; Secure" } else { "" };
    let cookie =
        format!("{SIGNIN_COOKIE}={form_id}; Path=/signin; HttpOnly; SameSite=Strict; Max-Age=3600{secure}");
    if let Ok(value) = header::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[derive(Debug, Deserialize)]
pub struct SigninForm {
    pub email: String,
    pub password: String,
    pub csrf: String,
}

pub async fn submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<SigninForm>,
) -> Result<HttpResponse, PageError> {
    let SigninForm { email, password, csrf } = form.into_inner();
    let form_id = super::cookie_value(&request, SIGNIN_COOKIE).unwrap_or_default();
    if !state.sessions.csrf_ok_for(&form_id, &csrf) {
        return Ok(signin_page(
            &state,
            &request,
            StatusCode::FORBIDDEN,
            &email,
            Some("The sign-in form expired. Please sign in again."),
        ));
    }
    let client = request.peer_addr().map(|a| a.ip().to_string());
    let dashboard = &state.settings.dashboard;
    let throttle = Throttle {
        max_failures: dashboard.max_failed_signins,
        lockout: TimeDelta::minutes(i64::from(dashboard.lockout_minutes)),
    };
    let now = state.clock.now();
    let address = email.clone();
    let outcome = blocking(&state, move |conn| {
        Ok(sign_in(conn, now, throttle, &address, &password, client.as_deref())?)
    })
    .await?;
    match outcome {
        SigninOutcome::SignedIn { actor, epoch } => {
            let claims = Claims {
                user_id: actor.user_id.clone().unwrap_or_default(),
                epoch,
                issued_at: now.timestamp(),
                session_id: state.sessions.new_session_id(),
            };
            let cookie = session_cookie(
                &state.sessions.seal(&claims),
                secure_cookie(&state, &request),
                dashboard.session_hours,
            );
            let mut response = redirect("/");
            response.headers_mut().insert(
                header::SET_COOKIE,
                header::HeaderValue::from_str(&cookie).map_err(|e| PageError::Internal(e.to_string()))?,
            );
            Ok(response)
        }
        SigninOutcome::Refused => Ok(signin_page(
            &state,
            &request,
            StatusCode::UNAUTHORIZED,
            &email,
            Some("That email and password do not match an account."),
        )),
        SigninOutcome::Locked { until } => {
            let message = format!("Too many failed sign-ins. Try again after {} UTC.", until.format("%H:%M"));
            Ok(signin_page(&state, &request, StatusCode::TOO_MANY_REQUESTS, &email, Some(&message)))
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// Ends this user's sessions (every browser they signed in with) and clears the cookie.
pub async fn sign_out(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let token = form.into_inner().csrf;
    blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        super::check_csrf(&state2, &me, &token)?;
        let user_id = me.actor.user_id.clone().unwrap_or_default();
        Ok(end_sessions(conn, now, &me.actor, &user_id)?)
    })
    .await?;
    let mut response = redirect("/signin");
    let cleared = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    response.headers_mut().insert(
        header::SET_COOKIE,
        header::HeaderValue::from_str(&cleared).map_err(|e| PageError::Internal(e.to_string()))?,
    );
    Ok(response)
}

pub(super) fn session_cookie(value: &str, secure: bool, hours: u32) -> String {
    let max_age = u64::from(hours) * 3600;
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}
