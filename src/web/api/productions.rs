//! Productions over the API: counsel's decisions, engineers' record exports, generating a bundle
//! version, downloading it (counsel and admins; audited) and recording its delivery.

use std::io::{Read, Write};

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, Resource, web};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::blocking;
use super::cases::parse_reference;
use crate::app::AppState;
use crate::domain::records::RecordKind;
use crate::productions::upload::{RowError, UploadFormat};
use crate::storage::production_json::{
    DecisionJson, DeliveryJson, ProductionJson, ProductionsJson, RecordExportJson, bundle_file_name,
};
use crate::storage::production_rows::files_of;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::workflows::productions::decisions::{Decision, Subject, decide};
use crate::workflows::productions::delivery::{NewDelivery, open_bundle, record_delivery};
use crate::workflows::productions::exports::{ExportFile, attach_export, withdraw_export};
use crate::workflows::productions::generate::{
    GenerateOptions, Producer, SourceChoice, make, prepare, record,
};

/// A case's productions: decisions, attached exports and every bundle version.
#[utoipa::path(get, path = "/api/v1/cases/{reference}/productions", tag = "productions",
    params(("reference" = String, Path)),
    responses((status = 200, body = ProductionsJson), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<ProductionsJson>, ApiError> {
    let reference = parse_reference(&path)?;
    let json = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        actor.require(actor.role.can_read(), "read productions")?;
        let case_id = crate::workflows::cases::case_id_of(conn, &reference)?;
        Ok(ProductionsJson::load(conn, &case_id, reference.as_str())
            .map_err(crate::storage::StorageError::from)?)
    })
    .await?;
    Ok(web::Json(json))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// `target:<target id>`, `category:<data category>` or `backups`.
    pub subject: String,
    /// produce or withhold.
    pub decision: String,
    pub reason: String,
    /// The cost of a backup retrieval, in cents.
    pub cost_cents: Option<i64>,
}

/// Records counsel's decision on one subject (replacing the previous one; both stay audited).
#[utoipa::path(put, path = "/api/v1/cases/{reference}/productions/decisions", tag = "productions",
    params(("reference" = String, Path)), request_body = DecisionInput,
    responses((status = 200, body = DecisionJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn set_decision(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    input: web::Json<DecisionInput>,
) -> Result<web::Json<DecisionJson>, ApiError> {
    let reference = parse_reference(&path)?;
    let input = input.into_inner();
    let subject = Subject::parse(&input.subject).map_err(ApiError::Unprocessable)?;
    let produce = match input.decision.as_str() {
        "produce" => true,
        "withhold" => false,
        other => {
            return Err(ApiError::Unprocessable(format!("decision {other:?} must be produce or withhold")));
        }
    };
    let decision = Decision { subject, produce, reason: input.reason, cost_cents: input.cost_cents };
    let clock = state.clock.clone();
    let row = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(decide(conn, clock.now(), &actor, &reference, &decision)?)
    })
    .await?;
    Ok(web::Json(DecisionJson::from_row(row)))
}

/// The export upload route, with its own body limit (`productions.max_export_bytes`).
pub fn export_resource() -> Resource {
    web::resource("/cases/{reference}/exports").route(web::post().to(attach))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// accounts, contact_emails, api_log or certificates.
    pub kind: String,
    /// The file's name, e.g. api_log.csv; its extension gives the format unless `format` does.
    pub filename: String,
    /// csv or jsonl.
    pub format: Option<String>,
}

/// An export with bad rows: every one, by line and field; nothing was stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct RejectedExport {
    pub error: String,
    pub rows: u64,
    pub valid: u64,
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<RowError>,
}

/// Attaches a records export (CSV with a header, or JSON Lines) to the case for its productions.
/// The body is the file. Every row is validated; one bad row refuses the file.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/exports", tag = "productions",
    params(("reference" = String, Path), ExportQuery),
    request_body(content = Vec<u8>, content_type = "text/csv"),
    responses((status = 201, body = RecordExportJson), (status = 413, body = ErrorBody),
        (status = 422, body = RejectedExport)), security(("bearer" = [])))]
pub async fn attach(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    query: web::Query<ExportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let actor = user.authenticate_now(&state).await?;
    let reference = parse_reference(&path)?;
    let query = query.into_inner();
    let kind = RecordKind::parse(&query.kind).ok_or_else(|| {
        ApiError::Unprocessable(format!(
            "kind {:?} must be accounts, contact_emails, api_log or certificates",
            query.kind
        ))
    })?;
    let format = match query.format.as_deref() {
        None => None,
        Some("csv") => Some(UploadFormat::Csv),
        Some("jsonl") => Some(UploadFormat::JsonLines),
        Some(other) => return Err(ApiError::Unprocessable(format!("format {other:?} must be csv or jsonl"))),
    };
    let limit = state.settings.productions.max_export_bytes;
    let work = state.settings.data_dir.join("work");
    std::fs::create_dir_all(&work).map_err(|e| ApiError::Internal(e.into()))?;
    let mut file = tempfile::NamedTempFile::new_in(&work).map_err(|e| ApiError::Internal(e.into()))?;
    let mut received: u64 = 0;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("could not read the export: {e}")))?;
        received += chunk.len() as u64;
        if received > limit {
            return Err(ApiError::PayloadTooLarge(format!(
                "the export is larger than {limit} bytes (productions.max_export_bytes)"
            )));
        }
        file.write_all(&chunk).map_err(|e| ApiError::Internal(e.into()))?;
    }
    file.flush().map_err(|e| ApiError::Internal(e.into()))?;
    let (clock, blobs) = (state.clock.clone(), state.storage.blobs.clone());
    let outcome = blocking(&state, move |conn| {
        let export = ExportFile { kind, format, file_name: &query.filename, path: file.path() };
        Ok(attach_export(conn, blobs.as_ref(), clock.now(), &actor, &reference, export)?)
    })
    .await?;
    match outcome {
        Ok(row) => Ok(HttpResponse::Created().json(RecordExportJson::from_row(row))),
        Err(rejected) => {
            let report = rejected.0;
            Ok(HttpResponse::UnprocessableEntity().json(RejectedExport {
                error: format!(
                    "{} of {} rows are not valid {} records; nothing was attached",
                    report.errors.len(),
                    report.rows,
                    kind.as_str()
                ),
                rows: report.rows,
                valid: report.valid,
                errors: report.errors,
            }))
        }
    }
}

/// Withdraws an attached export: later productions no longer read it.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/exports/{id}/withdraw", tag = "productions",
    params(("reference" = String, Path), ("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn withdraw(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (reference, id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let clock = state.clock.clone();
    blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(withdraw_export(conn, clock.now(), &actor, &reference, &id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateInput {
    /// Encrypts the ZIP with AES-256 (at least 12 characters); deliver it to the agency out of
    /// band. lert does not keep it.
    pub password: Option<String>,
    /// records_database or uploads; default: the attached exports if any, else the database.
    pub source: Option<String>,
}

/// Generates the case's next bundle version from its records source and counsel's decisions.
/// Refused (409) unless the case is approved or produced, or while a subscriber notice's hold runs.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/productions", tag = "productions",
    params(("reference" = String, Path)), request_body = GenerateInput,
    responses((status = 201, body = ProductionJson), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn generate(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    input: web::Json<GenerateInput>,
) -> Result<HttpResponse, ApiError> {
    let reference = parse_reference(&path)?;
    let input = input.into_inner();
    let source =
        input.source.as_deref().map(SourceChoice::parse).transpose().map_err(ApiError::Unprocessable)?;
    let options = GenerateOptions { password: input.password, source };
    let now = state.clock.now();
    let actor = user.authenticate_now(&state).await?;
    let prepared = {
        let (state2, actor, reference) = (state.clone(), actor.clone(), reference.clone());
        blocking(&state, move |conn| {
            let producer = Producer::new(state2.storage.blobs.as_ref(), &state2.clocks, &state2.settings);
            Ok(prepare(conn, &producer, now, &actor, &reference, &options)?)
        })
        .await?
    };
    // Assembling takes seconds for a large production: no pooled connection is held meanwhile.
    let state2 = state.clone();
    let (prepared, made) = web::block(move || {
        let producer = Producer::new(state2.storage.blobs.as_ref(), &state2.clocks, &state2.settings);
        make(&producer, &prepared).map(|made| (prepared, made))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))??;
    let state2 = state.clone();
    let json = blocking(&state, move |conn| {
        let producer = Producer::new(state2.storage.blobs.as_ref(), &state2.clocks, &state2.settings);
        let row = record(conn, &producer, now, &actor, &prepared, &made)?;
        let files = files_of(conn, &row.id).map_err(crate::storage::StorageError::from)?;
        Ok(ProductionJson::new(reference.as_str(), row, files, Vec::new()))
    })
    .await?;
    Ok(HttpResponse::Created().json(json))
}

/// Downloads a bundle version as a ZIP attachment (counsel and admins only; audited).
#[utoipa::path(get, path = "/api/v1/cases/{reference}/productions/{version}/bundle", tag = "productions",
    params(("reference" = String, Path), ("version" = i32, Path)),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn download(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (reference, version) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let (clock, blobs) = (state.clock.clone(), state.storage.blobs.clone());
    let name_ref = reference.clone();
    let (row, reader) = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(open_bundle(conn, blobs.as_ref(), clock.now(), &actor, &reference, version)?)
    })
    .await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(bundle_file_name(name_ref.as_str(), version))],
    };
    let size = u64::try_from(row.bundle_size).unwrap_or(0);
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(disposition)
        .insert_header(("X-Content-Sha256", row.bundle_sha256))
        .body(actix_web::body::SizedStream::new(size, chunks(reader))))
}

/// The reader's bytes in 256 KiB chunks, each read on the blocking pool; a corrupted blob ends
/// the stream with an error (the client sees a truncated download, never altered bytes).
pub(crate) fn chunks(
    reader: Box<dyn Read + Send>,
) -> impl futures_util::Stream<Item = Result<web::Bytes, actix_web::Error>> {
    futures_util::stream::unfold(Some(reader), |reader| async move {
        let mut reader = reader?;
        let result = web::block(move || {
            let mut buffer = vec![0u8; 256 * 1024];
            let read = reader.read(&mut buffer)?;
            buffer.truncate(read);
            Ok::<_, std::io::Error>((buffer, reader))
        })
        .await;
        match result {
            Ok(Ok((buffer, _))) if buffer.is_empty() => None,
            Ok(Ok((buffer, reader))) => Some((Ok(web::Bytes::from(buffer)), Some(reader))),
            Ok(Err(error)) => {
                tracing::error!(%error, "a production bundle could not be read");
                Some((Err(actix_web::error::ErrorInternalServerError("bundle unreadable")), None))
            }
            Err(error) => Some((Err(actix_web::error::ErrorInternalServerError(error)), None)),
        }
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryInput {
    /// secure_portal, secure_link, email, physical_media, in_person or other.
    pub method: String,
    /// Who received it.
    pub recipient: String,
    /// Default: now.
    pub delivered_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
}

/// Records a delivery of a bundle version; the first delivery of an approved case marks it produced.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/productions/{version}/deliveries", tag = "productions",
    params(("reference" = String, Path), ("version" = i32, Path)), request_body = DeliveryInput,
    responses((status = 201, body = DeliveryJson), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn deliver(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, i32)>,
    input: web::Json<DeliveryInput>,
) -> Result<HttpResponse, ApiError> {
    let (reference, version) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let input = input.into_inner();
    let delivery = NewDelivery {
        method: input.method,
        recipient: input.recipient,
        delivered_at: input.delivered_at,
        note: input.note,
    };
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let row = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        Ok(record_delivery(conn, clock.now(), &clocks, &actor, &reference, version, &delivery)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(DeliveryJson::from_row(row)))
}
