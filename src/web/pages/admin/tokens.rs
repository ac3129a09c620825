//! A user's API tokens: listed by label and dates (never the secret, which lert does not keep),
//! a form to issue one, shown once on the page that answers it, and revocation behind the
//! "I confirm" box.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::{admin_only, minute, path_segment};
use crate::app::AppState;
use crate::domain::text::{NAME_MAX, parse_text};
use crate::storage::DbConnection;
use crate::web::pages::{
    FieldErrors, PageError, SignedIn, blocking, check_csrf, claims_of, redirect, render,
};
use crate::workflows::WorkflowError;
use crate::workflows::accounts::{list_tokens, revoke_token};
use crate::workflows::users::{create_token, find_user};

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

#[derive(Serialize)]
struct TokenLine {
    id: String,
    label: String,
    created: String,
    revoked: Option<String>,
}

/// What the page shows besides the list.
#[derive(Default)]
struct Extras {
    label: String,
    errors: FieldErrors,
    new_token: Option<String>,
}

fn tokens_context(
    conn: &mut DbConnection,
    me: &SignedIn,
    email: &str,
    extras: Extras,
) -> Result<Context, PageError> {
    let user = find_user(conn, email)?;
    let tokens: Vec<TokenLine> = list_tokens(conn, &me.actor, &user.email)?
        .into_iter()
        .map(|row| TokenLine {
            id: row.id,
            label: row.label,
            created: minute(row.created_at),
            revoked: row.revoked_at.map(minute),
        })
        .collect();
    let mut context = Context::new();
    context.insert("title", &format!("Admin · API tokens of {}", user.email));
    context.insert("user", &serde_json::json!({ "email": user.email, "path": path_segment(&user.email), "disabled": user.disabled }));
    context.insert("tokens", &tokens);
    context.insert("label", &extras.label);
    context.insert("errors", &extras.errors);
    context.insert("new_token", &extras.new_token);
    Ok(context)
}

/// Runs an admin's work on the tokens of `email`; shows the page with `status` when it returns
/// extras, else redirects back to it.
async fn tokens_page<F>(
    state: web::Data<AppState>,
    request: HttpRequest,
    email: String,
    work: F,
) -> Result<HttpResponse, PageError>
where
    F: FnOnce(
            &mut DbConnection,
            &AppState,
            &SignedIn,
            &str,
        ) -> Result<Option<(StatusCode, Extras)>, PageError>
        + Send
        + 'static,
{
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let back = format!("/admin/users/{}/tokens", path_segment(&email));
    let shown = blocking(&state, move |conn| {
        let me = admin_only(conn, &state2, claims)?;
        match work(conn, &state2, &me, &email)? {
            None => Ok(None),
            Some((status, extras)) => Ok(Some((status, tokens_context(conn, &me, &email, extras)?, me))),
        }
    })
    .await?;
    match shown {
        None => Ok(redirect(&back)),
        Some((status, context, me)) => {
            let mut response = render(&state, "admin_tokens.html", &me, context)?;
            *response.status_mut() = status;
            // A new token may be on this page: keep it out of every cache.
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            Ok(response)
        }
    }
}

pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    tokens_page(state, request, path.into_inner(), |_, _, _, _| Ok(Some((StatusCode::OK, Extras::default()))))
        .await
}

/// Issues a token and shows it this once (200, not a redirect: it is nowhere to be read again).
pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<TokenForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    tokens_page(state, request, path.into_inner(), move |conn, state, me, email| {
        check_csrf(state, me, &form.csrf)?;
        let label = match parse_text("label", &form.label, NAME_MAX) {
            Ok(label) => label,
            Err(e) => {
                let errors = FieldErrors::from([("label", e.to_string())]);
                return Ok(Some((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Extras { label: form.label, errors, ..Extras::default() },
                )));
            }
        };
        match create_token(conn, state.clock.now(), &me.actor, email, &label) {
            Ok(token) => Ok(Some((StatusCode::OK, Extras { new_token: Some(token), ..Extras::default() }))),
            Err(WorkflowError::Conflict(m)) => {
                let errors = FieldErrors::from([("label", m)]);
                Ok(Some((StatusCode::CONFLICT, Extras { label, errors, ..Extras::default() })))
            }
            Err(other) => Err(other.into()),
        }
    })
    .await
}

pub async fn revoke(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<TokenForm>,
) -> Result<HttpResponse, PageError> {
    let (email, id) = path.into_inner();
    let form = form.into_inner();
    tokens_page(state, request, email, move |conn, state, me, email| {
        check_csrf(state, me, &form.csrf)?;
        let refusal = if form.confirm.is_none() {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Tick “I confirm” to revoke the token: it stops working at once.".to_owned(),
            )
        } else {
            match revoke_token(conn, state.clock.now(), &me.actor, email, &id) {
                Ok(()) => return Ok(None),
                Err(WorkflowError::Conflict(m)) => (StatusCode::CONFLICT, m),
                Err(other) => return Err(other.into()),
            }
        };
        let errors = FieldErrors::from([("form", refusal.1)]);
        Ok(Some((refusal.0, Extras { errors, ..Extras::default() })))
    })
    .await
}
