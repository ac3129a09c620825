//! The users page: every account with its role and state, a form to add one, and per user the
//! forms to change the role, disable (with the "I confirm" box) or enable, and set a password.
//! A refusal shows the page again with the reason beside the user it concerns.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::{admin_only, minute, path_segment};
use crate::app::AppState;
use crate::domain::email_address::EmailAddress;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::web::pages::{
    FieldErrors, PageError, SignedIn, blocking, check_csrf, claims_of, redirect, render,
};
use crate::workflows::WorkflowError;
use crate::workflows::accounts;
use crate::workflows::users::{add_user, list_users};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AddUserForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    /// Empty: lert generates one and shows it once.
    #[serde(default, skip_serializing)]
    pub password: String,
}

#[derive(Debug, Deserialize)]
pub struct UserActionForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

#[derive(Serialize)]
struct UserLine {
    email: String,
    path: String,
    role: String,
    disabled: bool,
    created: String,
    is_me: bool,
}

/// A refusal about one user, shown in that user's row.
#[derive(Serialize)]
struct RowError {
    email: String,
    message: String,
}

/// What the page shows besides the list: the add form refilled with its errors, a refusal, or
/// a generated password to show this once.
#[derive(Default)]
struct Extras {
    form: AddUserForm,
    errors: FieldErrors,
    row_error: Option<RowError>,
    created: Option<(String, String)>,
}

fn users_context(conn: &mut DbConnection, me: &SignedIn, extras: Extras) -> Result<Context, PageError> {
    let lines: Vec<UserLine> = list_users(conn, &me.actor)?
        .into_iter()
        .map(|user| UserLine {
            path: path_segment(&user.email),
            is_me: me.actor.user_id.as_deref() == Some(user.id.as_str()),
            created: minute(user.created_at),
            email: user.email,
            role: user.role,
            disabled: user.disabled,
        })
        .collect();
    let mut context = Context::new();
    context.insert("title", "Admin · Users");
    context.insert("users", &lines);
    context.insert("roles", &Role::ALL.map(Role::as_str));
    context.insert("add_form", &extras.form);
    context.insert("add_errors", &extras.errors);
    context.insert("row_error", &extras.row_error);
    if let Some((email, password)) = &extras.created {
        context.insert("created", &serde_json::json!({ "email": email, "password": password }));
    }
    Ok(context)
}

/// Runs an admin's form work; shows the users page with `status` when it returns extras.
async fn users_page<F>(
    state: web::Data<AppState>,
    request: HttpRequest,
    work: F,
) -> Result<HttpResponse, PageError>
where
    F: FnOnce(&mut DbConnection, &AppState, &SignedIn) -> Result<Option<(StatusCode, Extras)>, PageError>
        + Send
        + 'static,
{
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let shown = blocking(&state, move |conn| {
        let me = admin_only(conn, &state2, claims)?;
        match work(conn, &state2, &me)? {
            None => Ok(None),
            Some((status, extras)) => Ok(Some((status, users_context(conn, &me, extras)?, me))),
        }
    })
    .await?;
    match shown {
        None => Ok(redirect("/admin/users")),
        Some((status, context, me)) => {
            let mut response = render(&state, "admin_users.html", &me, context)?;
            *response.status_mut() = status;
            if status == StatusCode::OK {
                // A generated password is on this page: keep it out of every cache.
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            }
            Ok(response)
        }
    }
}

pub async fn list(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, PageError> {
    users_page(state, request, |_, _, _| Ok(Some((StatusCode::OK, Extras::default())))).await
}

pub async fn add(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<AddUserForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    users_page(state, request, move |conn, state, me| {
        check_csrf(state, me, &form.csrf)?;
        let mut errors = FieldErrors::new();
        let email = EmailAddress::parse(&form.email).map_err(|e| errors.insert("email", e.to_string())).ok();
        let role = Role::parse(&form.role).map_err(|_| errors.insert("role", "Choose a role.".into())).ok();
        let (Some(email), Some(role)) = (email, role) else {
            return Ok(Some((
                StatusCode::UNPROCESSABLE_ENTITY,
                Extras { form, errors, ..Extras::default() },
            )));
        };
        let password = Some(form.password.as_str()).filter(|p| !p.is_empty());
        let (status, field, message) =
            match add_user(conn, state.clock.now(), &me.actor, &email, role, password) {
                Ok(created) => {
                    return Ok(created.generated_password.map(|password| {
                        let created = Some((created.user.email, password));
                        (StatusCode::OK, Extras { created, ..Extras::default() })
                    }));
                }
                Err(WorkflowError::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, "password", m),
                Err(WorkflowError::Conflict(m)) => (StatusCode::CONFLICT, "email", m),
                Err(other) => return Err(other.into()),
            };
        errors.insert(field, message);
        Ok(Some((status, Extras { form, errors, ..Extras::default() })))
    })
    .await
}

/// One of the per-user forms: CSRF checked, then `work`; a refusal is shown in the user's row.
async fn user_action<F>(
    state: web::Data<AppState>,
    request: HttpRequest,
    email: String,
    form: UserActionForm,
    work: F,
) -> Result<HttpResponse, PageError>
where
    F: FnOnce(&mut DbConnection, &AppState, &SignedIn, &UserActionForm) -> Result<(), WorkflowError>
        + Send
        + 'static,
{
    users_page(state, request, move |conn, state, me| {
        check_csrf(state, me, &form.csrf)?;
        let (status, message) = match work(conn, state, me, &form) {
            Ok(()) => return Ok(None),
            Err(WorkflowError::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, m),
            Err(WorkflowError::Conflict(m)) => (StatusCode::CONFLICT, m),
            Err(other) => return Err(other.into()),
        };
        let row_error = Some(RowError { email, message });
        Ok(Some((status, Extras { row_error, ..Extras::default() })))
    })
    .await
}

pub async fn change_role(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<UserActionForm>,
) -> Result<HttpResponse, PageError> {
    let email = path.into_inner();
    let target = email.clone();
    user_action(state, request, email, form.into_inner(), move |conn, state, me, form| {
        let role = Role::parse(&form.role).map_err(|_| WorkflowError::Invalid("Choose a role.".into()))?;
        accounts::set_role(conn, state.clock.now(), &me.actor, &target, role).map(drop)
    })
    .await
}

pub async fn disable(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<UserActionForm>,
) -> Result<HttpResponse, PageError> {
    let email = path.into_inner();
    let target = email.clone();
    user_action(state, request, email, form.into_inner(), move |conn, state, me, form| {
        if form.confirm.is_none() {
            return Err(WorkflowError::Invalid(
                "Tick “I confirm” to disable: their sessions end and their API tokens are revoked.".into(),
            ));
        }
        accounts::set_disabled(conn, state.clock.now(), &me.actor, &target, true).map(drop)
    })
    .await
}

pub async fn enable(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<UserActionForm>,
) -> Result<HttpResponse, PageError> {
    let email = path.into_inner();
    let target = email.clone();
    user_action(state, request, email, form.into_inner(), move |conn, state, me, _| {
        accounts::set_disabled(conn, state.clock.now(), &me.actor, &target, false).map(drop)
    })
    .await
}

pub async fn set_password(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<UserActionForm>,
) -> Result<HttpResponse, PageError> {
    let email = path.into_inner();
    let target = email.clone();
    user_action(state, request, email, form.into_inner(), move |conn, state, me, form| {
        accounts::set_password(conn, state.clock.now(), &me.actor, &target, &form.password)
    })
    .await
}
