//! Bearer-token authentication for the JSON API.
//!
//! The extractor only takes the token from the header; the check runs at the start of the
//! handler's database work, so a request makes one trip to the blocking pool, not two.

use std::future::{Ready, ready};

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use super::api::blocking;
use super::error::ApiError;
use crate::app::AppState;
use crate::storage::DbConnection;
use crate::workflows::Actor;
use crate::workflows::users::authenticate_token;

/// The `Authorization: Bearer lert_...` credentials of a request, not yet checked. Every API
/// handler takes one and calls `authenticate` before anything else; role checks happen in the
/// workflow it then calls.
#[derive(Debug, Clone)]
pub struct ApiUser {
    token: Option<String>,
}

impl FromRequest for ApiUser {
    type Error = ApiError;
    type Future = Ready<Result<ApiUser, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut actix_web::dev::Payload) -> Self::Future {
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_owned());
        ready(Ok(ApiUser { token }))
    }
}

impl ApiUser {
    /// The acting user, or 401 for a missing, unknown or revoked token or a disabled user.
    pub fn authenticate(&self, conn: &mut DbConnection) -> Result<Actor, ApiError> {
        let token = self.token.as_deref().ok_or(ApiError::Unauthorized)?;
        authenticate_token(conn, token)?.ok_or(ApiError::Unauthorized)
    }

    /// `authenticate` in a trip of its own, for handlers that must refuse a stranger before
    /// reading a large body.
    pub async fn authenticate_now(&self, state: &AppState) -> Result<Actor, ApiError> {
        let user = self.clone();
        blocking(state, move |conn| user.authenticate(conn)).await
    }
}
