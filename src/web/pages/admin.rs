//! The administrators' pages: users and roles, API tokens, the effective settings with secrets
//! hidden, and previews of the emails lert sends. Every route here is for administrators only
//! and refuses anyone else with 403 before it reads or changes anything.

pub mod settings;
pub mod templates;
pub mod tokens;
pub mod users;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use tera::Context;

use super::session::Claims;
use super::{PageError, SignedIn, blocking, claims_of, render, signed_in};
use crate::app::AppState;
use crate::storage::DbConnection;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin", web::get().to(index))
        .route("/admin/users", web::get().to(users::list))
        .route("/admin/users", web::post().to(users::add))
        .route("/admin/users/{email}/role", web::post().to(users::change_role))
        .route("/admin/users/{email}/disable", web::post().to(users::disable))
        .route("/admin/users/{email}/enable", web::post().to(users::enable))
        .route("/admin/users/{email}/password", web::post().to(users::set_password))
        .route("/admin/users/{email}/tokens", web::get().to(tokens::list))
        .route("/admin/users/{email}/tokens", web::post().to(tokens::create))
        .route("/admin/users/{email}/tokens/{id}/revoke", web::post().to(tokens::revoke))
        .route("/admin/settings", web::get().to(settings::show))
        .route("/admin/templates", web::get().to(templates::list))
        .route("/admin/templates/{name}", web::get().to(templates::show))
        .route("/admin/templates/{name}/html", web::get().to(templates::html));
}

/// The signed-in user, if they are an administrator; 403 for anyone else.
pub fn admin_only(
    conn: &mut DbConnection,
    state: &AppState,
    claims: Option<Claims>,
) -> Result<SignedIn, PageError> {
    let me = signed_in(conn, state, claims, state.clock.now())?;
    if !me.actor.role.can_manage_users() {
        return Err(PageError::Forbidden("only administrators may use the admin pages".into()));
    }
    Ok(me)
}

/// Checks the session is an administrator's, then renders a page that needs no database work.
pub async fn admin_page(
    state: &web::Data<AppState>,
    request: &HttpRequest,
    template: &str,
    context: Context,
) -> Result<HttpResponse, PageError> {
    let me = signed_in_admin(state, request).await?;
    render(state, template, &me, context)
}

pub async fn signed_in_admin(
    state: &web::Data<AppState>,
    request: &HttpRequest,
) -> Result<SignedIn, PageError> {
    let claims = claims_of(state, request);
    let state2 = state.clone();
    blocking(state, move |conn| admin_only(conn, &state2, claims)).await
}

async fn index(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, PageError> {
    let mut context = Context::new();
    context.insert("title", "Admin");
    admin_page(&state, &request, "admin.html", context).await
}

/// An email as a path segment of a link (an address may hold `/`, `?`, `#` or `%`).
pub fn path_segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A stored instant as the pages show it (UTC).
pub fn minute(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}
