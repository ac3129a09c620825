//! The JSON API under `/api/v1`: one module per resource, all behind bearer tokens.

pub mod agencies;
pub mod cases;
pub mod clocks;
pub mod documents;
pub mod inputs;
pub mod intake;
pub mod outbox;
pub mod productions;
pub mod users;

use actix_web::web;

use super::error::ApiError;
use crate::app::AppState;
use crate::storage::DbConnection;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/cases", web::get().to(cases::list))
        .route("/cases", web::post().to(cases::create))
        .route("/cases/{reference}", web::get().to(cases::show))
        .route("/cases/{reference}/status", web::post().to(cases::change_status))
        .route("/cases/{reference}/assignee", web::put().to(cases::assign))
        .route("/cases/{reference}/processes", web::post().to(cases::add_process))
        .route("/cases/{reference}/targets", web::post().to(cases::add_target))
        .route("/cases/{reference}/audit", web::get().to(cases::audit_trail))
        .route("/cases/{reference}/preservations", web::post().to(clocks::add_preservation))
        .route("/cases/{reference}/preservations/{id}/renewals", web::post().to(clocks::renew))
        .route("/cases/{reference}/preservations/{id}/hold", web::post().to(clocks::hold))
        .route("/cases/{reference}/preservations/{id}/release", web::post().to(clocks::release))
        .route("/cases/{reference}/ndos", web::post().to(clocks::add_ndo))
        .route("/cases/{reference}/ndos/{id}/extensions", web::post().to(clocks::extend))
        .route("/cases/{reference}/ndos/{id}/vacatur", web::post().to(clocks::vacate))
        .route("/deadlines", web::get().to(clocks::deadlines))
        .service(documents::upload_resource())
        .route("/cases/{reference}/documents/{id}", web::get().to(documents::download))
        .service(intake::upload_resource())
        .route("/intake/messages/{id}", web::get().to(intake::show))
        .route("/intake/messages/{id}/case", web::post().to(intake::file_triaged))
        .route("/cases/{reference}/intake", web::get().to(intake::of_case))
        .route("/cases/{reference}/intake/guesses/{id}", web::post().to(intake::decide))
        .route("/outbox", web::get().to(outbox::list))
        .route("/outbox/{id}", web::get().to(outbox::show))
        .route("/outbox/{id}/send", web::post().to(outbox::send))
        .route("/outbox/{id}/cancel", web::post().to(outbox::cancel_email))
        .route("/outbox/{id}/retry", web::post().to(outbox::retry_email))
        .route("/cases/{reference}/targets/{id}/contact", web::put().to(outbox::set_contact))
        .route("/cases/{reference}/productions", web::get().to(productions::list))
        .route("/cases/{reference}/productions", web::post().to(productions::generate))
        .route("/cases/{reference}/productions/decisions", web::put().to(productions::set_decision))
        .route("/cases/{reference}/productions/{version}/bundle", web::get().to(productions::download))
        .route("/cases/{reference}/productions/{version}/deliveries", web::post().to(productions::deliver))
        .service(productions::export_resource())
        .route("/cases/{reference}/exports/{id}/withdraw", web::post().to(productions::withdraw))
        .route("/agencies", web::get().to(agencies::list))
        .route("/agencies", web::post().to(agencies::create))
        .route("/users", web::get().to(users::list))
        .route("/users", web::post().to(users::create))
        .route("/users/{email}/tokens", web::post().to(users::create_token))
        .route("/users/{email}/tokens", web::get().to(users::list_tokens))
        .route("/users/{email}/tokens/{id}/revoke", web::post().to(users::revoke_token))
        .route("/users/{email}/role", web::put().to(users::set_role))
        .route("/users/{email}/disable", web::post().to(users::disable))
        .route("/users/{email}/enable", web::post().to(users::enable));
}

/// Runs database work on the blocking thread pool with a pooled connection.
pub async fn blocking<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
{
    let pool = state.storage.pool.clone();
    web::block(move || {
        let mut conn = pool.get().map_err(|e| ApiError::Internal(e.into()))?;
        work(&mut conn)
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?
}

/// Reads a raw request body of at most `limit` bytes; `what` names it in errors ("the document").
/// `setting` names the limit for the operator, if a setting sets it.
pub(crate) async fn read_limited(
    payload: web::Payload,
    limit: usize,
    what: &str,
    setting: &str,
) -> Result<web::Bytes, ApiError> {
    match payload.to_bytes_limited(limit).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(ApiError::BadRequest(format!("could not read {what}: {e}"))),
        Err(_) => Err(ApiError::PayloadTooLarge(format!("{what} is larger than {limit} bytes{setting}"))),
    }
}
