//! Bearer-token authentication for the JSON API.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use super::api::blocking;
use super::error::ApiError;
use crate::app::AppState;
use crate::workflows::Actor;
use crate::workflows::users::authenticate_token;

/// The user behind a valid `Authorization: Bearer lert_...` header. A handler that takes this
/// cannot run unauthenticated; role checks happen in the workflow it calls.
#[derive(Debug, Clone)]
pub struct ApiUser(pub Actor);

impl FromRequest for ApiUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<ApiUser, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut actix_web::dev::Payload) -> Self::Future {
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|token| token.trim().to_owned());
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let (Some(token), Some(state)) = (token, state) else {
                return Err(ApiError::Unauthorized);
            };
            let actor = blocking(&state, move |conn| Ok(authenticate_token(conn, &token)?)).await?;
            actor.map(ApiUser).ok_or(ApiError::Unauthorized)
        })
    }
}
