//! Document upload (size-limited, raw body) and download (always as an attachment).

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, Resource, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::cases::parse_reference;
use super::{blocking, read_limited};
use crate::app::AppState;
use crate::storage::case_json::DocumentJson;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::workflows::documents::{Upload, attach_document, download_document};

/// The upload route, with its own body limit (the documents limit, not the JSON one).
pub fn upload_resource() -> Resource {
    web::resource("/cases/{reference}/documents").route(web::post().to(upload))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The file's name, e.g. subpoena.pdf.
    pub filename: String,
}

/// Attaches a document: the request body is the file, its name in `?filename=`.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/documents", tag = "documents",
    params(("reference" = String, Path), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = DocumentJson), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn upload(
    state: web::Data<AppState>,
    user: ApiUser,
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<UploadQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let actor = user.authenticate_now(&state).await?;
    let reference = parse_reference(&path)?;
    let limit = state.settings.max_document_bytes;
    let bytes = read_limited(payload, limit, "the document", "").await?;
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let file_name = query.into_inner().filename;
    let (clock, blobs) = (state.clock.clone(), state.storage.blobs.clone());
    let row = blocking(&state, move |conn| {
        let upload = Upload { file_name: &file_name, content_type: content_type.as_deref(), bytes: &bytes };
        Ok(attach_document(conn, blobs.as_ref(), clock.now(), &actor, &reference, upload)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(DocumentJson::from_row(row)))
}

/// Downloads a document as an attachment (never rendered inline by the API); audited.
#[utoipa::path(get, path = "/api/v1/cases/{reference}/documents/{id}", tag = "documents",
    params(("reference" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn download(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (reference, document_id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let (clock, blobs) = (state.clock.clone(), state.storage.blobs.clone());
    let (row, bytes) = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(download_document(conn, blobs.as_ref(), clock.now(), &actor, &reference, &document_id)?)
    })
    .await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(row.filename)],
    };
    Ok(HttpResponse::Ok()
        .content_type(row.content_type)
        .insert_header(disposition)
        .insert_header(("X-Content-Sha256", row.sha256))
        .body(bytes))
}
