//! Case endpoints: create, list, show, change status, assign, add process, add target, audit.

use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::blocking;
use super::inputs::{AssignRequest, CreateCaseRequest, ProcessRequest, StatusChangeRequest, TargetRequest};
use crate::app::AppState;
use crate::domain::case_status::CaseStatus;
use crate::domain::identifier::Identifier;
use crate::domain::process_kind::ProcessKind;
use crate::domain::reference::CaseReference;
use crate::storage::audit;
use crate::storage::case_json::{CaseJson, CasePage, CaseSummaryJson, utc};
use crate::storage::case_queries::{self, CaseFilter, Cursor};
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::workflows::{cases, processes, targets};

/// The case as JSON after a change, recording the view like any other.
pub(crate) fn current_case(
    conn: &mut crate::storage::DbConnection,
    now: chrono::DateTime<chrono::Utc>,
    clocks: &crate::workflows::clocks::Clocks,
    actor: &crate::workflows::Actor,
    reference: &CaseReference,
) -> Result<CaseJson, ApiError> {
    let detail = cases::view_case(conn, now, actor, reference)?;
    Ok(CaseJson::from_detail(detail, clocks.date_of(now))?)
}

pub(crate) fn parse_reference(raw: &str) -> Result<CaseReference, ApiError> {
    CaseReference::parse(raw).map_err(|e| ApiError::NotFound(e.to_string()))
}

/// Opens a case.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = CreateCaseRequest,
    responses((status = 201, body = CaseJson), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<CreateCaseRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner().parse()?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        let reference = cases::open_case(conn, clock.now(), &clocks, &actor, input)?;
        let detail = cases::view_case(conn, clock.now(), &actor, &reference)?;
        Ok(CaseJson::from_detail(detail, clocks.date_of(clock.now()))?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/cases/{}", case.reference)))
        .json(case))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CaseListQuery {
    pub status: Option<CaseStatus>,
    /// Cases with at least one process of this kind.
    pub kind: Option<ProcessKind>,
    /// Agency id or exact name.
    pub agency: Option<String>,
    /// Any identifier (email, domain, IP, account, serial); matched in normalised form.
    pub identifier: Option<String>,
    /// First day received (inclusive), in the organisation's time zone.
    pub received_from: Option<NaiveDate>,
    /// Last day received (inclusive), in the organisation's time zone.
    pub received_to: Option<NaiveDate>,
    /// 1 to 200, default 50.
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

impl CaseListQuery {
    fn parse(self, tz: Tz) -> Result<CaseFilter, ApiError> {
        if let (Some(from), Some(to)) = (self.received_from, self.received_to)
            && to < from
        {
            return Err(ApiError::Unprocessable(format!(
                "received_to ({to}) is before received_from ({from})"
            )));
        }
        let limit = self.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            return Err(ApiError::Unprocessable("limit must be between 1 and 200".into()));
        }
        let identifier = match self.identifier.as_deref().map(str::trim) {
            Some(raw) if !raw.is_empty() => Some(
                Identifier::guess(raw)
                    .map(|i| i.normalized().to_owned())
                    .map_err(|e| ApiError::Unprocessable(e.to_string()))?,
            ),
            _ => None,
        };
        Ok(CaseFilter {
            status: self.status.map(|s| s.as_str().to_owned()),
            kind: self.kind.map(|k| k.as_str().to_owned()),
            agency: self.agency.filter(|a| !a.trim().is_empty()),
            identifier,
            received_from: self.received_from.map(|d| start_of_day(d, tz)).transpose()?,
            received_before: self
                .received_to
                .and_then(|d| d.succ_opt())
                .map(|d| start_of_day(d, tz))
                .transpose()?,
            after: self.cursor.as_deref().map(parse_cursor).transpose()?,
            limit: i64::from(limit),
            ..CaseFilter::default()
        })
    }
}

/// Midnight of `day` in the organisation's zone, as UTC (the earliest instant if DST skips it).
fn start_of_day(day: NaiveDate, tz: Tz) -> Result<NaiveDateTime, ApiError> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    tz.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(midnight + chrono::TimeDelta::hours(1))).earliest())
        .map(|t| t.naive_utc())
        .ok_or_else(|| ApiError::Unprocessable(format!("{day} has no midnight in {tz}")))
}

fn format_cursor(cursor: &Cursor) -> String {
    cursor.token()
}

fn parse_cursor(raw: &str) -> Result<Cursor, ApiError> {
    Cursor::parse(raw).ok_or_else(|| ApiError::BadRequest("cursor is not one this API returned".into()))
}

/// Lists cases, newest first, filtered and paginated by cursor.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseListQuery),
    responses((status = 200, body = CasePage), (status = 400, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    user: ApiUser,
    query: web::Query<CaseListQuery>,
) -> Result<web::Json<CasePage>, ApiError> {
    let filter = query.into_inner().parse(state.clocks.tz)?;
    let page = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        actor.require(actor.role.can_read(), "read cases")?;
        let (rows, next) = case_queries::list(conn, &filter)?;
        let cases = rows.into_iter().map(CaseSummaryJson::from_summary).collect::<Result<_, _>>()?;
        Ok(CasePage { cases, next_cursor: next.as_ref().map(format_cursor) })
    })
    .await?;
    Ok(web::Json(page))
}

/// Shows one case (the view is recorded in the audit trail).
#[utoipa::path(get, path = "/api/v1/cases/{reference}", tag = "cases",
    params(("reference" = String, Path, description = "e.g. LE-2026-0042")),
    responses((status = 200, body = CaseJson), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<CaseJson>, ApiError> {
    let reference = parse_reference(&path)?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(web::Json(case))
}

/// Moves a case through its status machine.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/status", tag = "cases", request_body = StatusChangeRequest,
    params(("reference" = String, Path)),
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn change_status(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<StatusChangeRequest>,
) -> Result<web::Json<CaseJson>, ApiError> {
    let reference = parse_reference(&path)?;
    let (to, note) = body.into_inner().parse()?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        cases::change_status(conn, clock.now(), &clocks, &actor, &reference, to, note)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(web::Json(case))
}

/// Assigns (or with null, unassigns) the case.
#[utoipa::path(put, path = "/api/v1/cases/{reference}/assignee", tag = "cases", request_body = AssignRequest,
    params(("reference" = String, Path)),
    responses((status = 200, body = CaseJson), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn assign(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<AssignRequest>,
) -> Result<web::Json<CaseJson>, ApiError> {
    let reference = parse_reference(&path)?;
    let assignee = body.into_inner().assignee;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        cases::assign(conn, clock.now(), &actor, &reference, assignee.as_deref())?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(web::Json(case))
}

/// Records another legal process on the case.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/processes", tag = "cases", request_body = ProcessRequest,
    params(("reference" = String, Path)),
    responses((status = 201, body = CaseJson), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_process(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<ProcessRequest>,
) -> Result<HttpResponse, ApiError> {
    let reference = parse_reference(&path)?;
    let process = body.into_inner().parse()?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        processes::record_process(conn, clock.now(), &clocks, &actor, &reference, &process)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(HttpResponse::Created().json(case))
}

/// Adds a target identifier to the case.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/targets", tag = "cases", request_body = TargetRequest,
    params(("reference" = String, Path)),
    responses((status = 201, body = CaseJson), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_target(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<TargetRequest>,
) -> Result<HttpResponse, ApiError> {
    let reference = parse_reference(&path)?;
    let target = body.into_inner().parse()?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        targets::add_target(conn, clock.now(), &clocks, &actor, &reference, &target)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(HttpResponse::Created().json(case))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventJson {
    pub seq: i64,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    pub action: String,
    pub details: serde_json::Value,
    pub hash: String,
}

/// The case's audit trail, oldest first (reading it is itself recorded).
#[utoipa::path(get, path = "/api/v1/cases/{reference}/audit", tag = "cases",
    params(("reference" = String, Path)),
    responses((status = 200, body = [AuditEventJson]), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn audit_trail(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<web::Json<Vec<AuditEventJson>>, ApiError> {
    let reference = parse_reference(&path)?;
    let clock = state.clock.clone();
    let events = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        let detail = cases::view_case(conn, clock.now(), &actor, &reference)?;
        let rows = audit::for_case(conn, &detail.case.id)?;
        Ok(rows
            .into_iter()
            .map(|row| AuditEventJson {
                seq: row.seq,
                occurred_at: utc(row.occurred_at),
                actor: row.actor,
                action: row.action,
                details: serde_json::from_str(&row.details).unwrap_or(serde_json::Value::Null),
                hash: row.hash,
            })
            .collect())
    })
    .await?;
    Ok(web::Json(events))
}
