//! How errors become HTTP responses.
//!
//! Policy: handlers return `ApiError`. Errors the caller can fix (bad input, missing or
//! forbidden things, conflicts) carry a message written for them and map to a 4xx. Everything
//! else is lert's fault: its cause is logged with its chain and the caller sees only
//! "internal error" with a 500. No error message ever includes document contents.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

use crate::storage::StorageError;
use crate::storage::blobs::BlobError;
use crate::workflows::WorkflowError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("a valid API token is required (Authorization: Bearer lert_...)")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for a person to read.
    pub error: String,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = format!("{cause:#}"), "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, ApiError::Unauthorized) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(ErrorBody { error: self.to_string() })
    }
}

impl From<WorkflowError> for ApiError {
    fn from(error: WorkflowError) -> Self {
        match error {
            WorkflowError::Invalid(message) => ApiError::Unprocessable(message),
            WorkflowError::NotFound(message) => ApiError::NotFound(message),
            WorkflowError::Conflict(message) => ApiError::Conflict(message),
            WorkflowError::Forbidden(message) => ApiError::Forbidden(message),
            WorkflowError::Storage(e) => ApiError::Internal(e.into()),
            WorkflowError::Blob(e) => ApiError::Internal(e.into()),
            WorkflowError::Render(e) => ApiError::Internal(e.into()),
            WorkflowError::Bundle(message) => ApiError::Internal(anyhow::anyhow!(message)),
        }
    }
}

impl From<crate::intake::IntakeError> for ApiError {
    fn from(error: crate::intake::IntakeError) -> Self {
        match error {
            crate::intake::IntakeError::Workflow(e) => e.into(),
        }
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        ApiError::Internal(error.into())
    }
}

impl From<BlobError> for ApiError {
    fn from(error: BlobError) -> Self {
        ApiError::Internal(error.into())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        ApiError::Internal(error.into())
    }
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default().limit(limit).error_handler(|error, _req: &HttpRequest| {
        match error {
            JsonPayloadError::Overflow { limit } | JsonPayloadError::OverflowKnownLength { limit, .. } => {
                ApiError::PayloadTooLarge(format!("the JSON body is larger than {limit} bytes"))
            }
            JsonPayloadError::ContentType => {
                ApiError::BadRequest("the body must be JSON (Content-Type: application/json)".into())
            }
            JsonPayloadError::Deserialize(e) => ApiError::BadRequest(format!("invalid JSON body: {e}")),
            other => ApiError::BadRequest(format!("invalid JSON body: {other}")),
        }
        .into()
    })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req: &HttpRequest| {
        let message = match error {
            QueryPayloadError::Deserialize(e) => format!("invalid query string: {e}"),
            other => format!("invalid query string: {other}"),
        };
        ApiError::BadRequest(message).into()
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error: PathError, _req: &HttpRequest| {
        ApiError::NotFound(format!("no such resource: {error}")).into()
    })
}
