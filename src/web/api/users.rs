//! User administration: list and create users, change roles, disable and enable them, issue,
//! list and revoke API tokens. Administrators only.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::blocking;
use super::inputs::{CreateTokenRequest, CreateUserRequest};
use crate::app::AppState;
use crate::domain::email_address::EmailAddress;
use crate::domain::role::Role;
use crate::domain::text::{NAME_MAX, parse_text};
use crate::storage::case_json::utc;
use crate::storage::rows::UserRow;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::workflows::accounts;
use crate::workflows::users::{add_user, create_token as issue_token, list_users};

#[derive(Debug, Serialize, ToSchema)]
pub struct UserJson {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Only when lert generated the password: shown this once, never stored in clear.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_password: Option<String>,
}

impl UserJson {
    fn from_row(row: UserRow, generated_password: Option<String>) -> Result<UserJson, ApiError> {
        Ok(UserJson {
            role: Role::parse(&row.role).map_err(|e| ApiError::Internal(e.into()))?,
            created_at: utc(row.created_at),
            id: row.id,
            email: row.email,
            disabled: row.disabled,
            generated_password,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenJson {
    /// The bearer token, shown this once; lert keeps only its hash.
    pub token: String,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = [UserJson]), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, user: ApiUser) -> Result<web::Json<Vec<UserJson>>, ApiError> {
    let rows = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(list_users(conn, &actor)?)
    })
    .await?;
    Ok(web::Json(rows.into_iter().map(|row| UserJson::from_row(row, None)).collect::<Result<_, _>>()?))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUserRequest,
    responses((status = 201, body = UserJson), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let email = EmailAddress::parse(&body.email).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let clock = state.clock.clone();
    let created = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(add_user(conn, clock.now(), &actor, &email, body.role, body.password.as_deref())?)
    })
    .await?;
    Ok(HttpResponse::Created().json(UserJson::from_row(created.user, created.generated_password)?))
}

#[utoipa::path(post, path = "/api/v1/users/{email}/tokens", tag = "users", request_body = CreateTokenRequest,
    params(("email" = String, Path)),
    responses((status = 201, body = TokenJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_token(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<CreateTokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let label =
        parse_text("label", &body.label, NAME_MAX).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let email = path.into_inner();
    let clock = state.clock.clone();
    let token = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(issue_token(conn, clock.now(), &actor, &email, &label)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(TokenJson { token }))
}

#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRoleRequest {
    pub role: Role,
}

/// An API token as listed: never its secret (lert has only its hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenInfoJson {
    pub id: String,
    pub label: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[utoipa::path(put, path = "/api/v1/users/{email}/role", tag = "users", request_body = SetRoleRequest,
    params(("email" = String, Path)),
    responses((status = 200, body = UserJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "the last administrator keeps the role", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_role(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<SetRoleRequest>,
) -> Result<web::Json<UserJson>, ApiError> {
    let (email, role, clock) = (path.into_inner(), body.into_inner().role, state.clock.clone());
    let row = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(accounts::set_role(conn, clock.now(), &actor, &email, role)?)
    })
    .await?;
    Ok(web::Json(UserJson::from_row(row, None)?))
}

#[utoipa::path(post, path = "/api/v1/users/{email}/disable", tag = "users", params(("email" = String, Path)),
    description = "Ends the user's sessions and revokes their API tokens.",
    responses((status = 200, body = UserJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "yourself, or the last administrator", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn disable(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<UserJson>, ApiError> {
    set_disabled(state, user, path.into_inner(), true).await
}

#[utoipa::path(post, path = "/api/v1/users/{email}/enable", tag = "users", params(("email" = String, Path)),
    responses((status = 200, body = UserJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn enable(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<UserJson>, ApiError> {
    set_disabled(state, user, path.into_inner(), false).await
}

async fn set_disabled(
    state: web::Data<AppState>,
    user: ApiUser,
    email: String,
    disabled: bool,
) -> Result<web::Json<UserJson>, ApiError> {
    let clock = state.clock.clone();
    let row = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(accounts::set_disabled(conn, clock.now(), &actor, &email, disabled)?)
    })
    .await?;
    Ok(web::Json(UserJson::from_row(row, None)?))
}

#[utoipa::path(get, path = "/api/v1/users/{email}/tokens", tag = "users", params(("email" = String, Path)),
    responses((status = 200, body = [TokenInfoJson]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_tokens(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<Vec<TokenInfoJson>>, ApiError> {
    let email = path.into_inner();
    let rows = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(accounts::list_tokens(conn, &actor, &email)?)
    })
    .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|row| TokenInfoJson {
                id: row.id,
                label: row.label,
                created_at: utc(row.created_at),
                revoked_at: row.revoked_at.map(utc),
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/users/{email}/tokens/{id}/revoke", tag = "users",
    params(("email" = String, Path), ("id" = String, Path)),
    responses((status = 204, description = "revoked; the token stops working at once"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "already revoked", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn revoke_token(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let ((email, id), clock) = (path.into_inner(), state.clock.clone());
    blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(accounts::revoke_token(conn, clock.now(), &actor, &email, &id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
