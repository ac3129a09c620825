//! Clock endpoints: preservations (record, renew, hold, release), non-disclosure orders (record,
//! extend, vacate), and deadlines across cases.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::blocking;
use super::cases::{current_case, parse_reference};
use crate::app::AppState;
use crate::domain::ndo::NdoTerm;
use crate::domain::response::DeadlineKind;
use crate::domain::text::{NAME_MAX, NOTE_MAX, parse_optional_text, parse_text};
use crate::storage::case_json::CaseJson;
use crate::storage::case_json::clocks::DeadlineOfCaseJson;
use crate::storage::clock_queries::deadlines_between;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::workflows::ndos::{NewNdo, extend_ndo, record_ndo, vacate_ndo};
use crate::workflows::preservations::{
    RenewalRequest, hold_preservation, record_preservation, release_preservation, renew_preservation,
};

fn invalid(error: impl ToString) -> ApiError {
    ApiError::Unprocessable(error.to_string())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreservationRequest {
    /// The day the agency's 2703(f) request was received.
    pub received_on: NaiveDate,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewalBody {
    pub received_on: NaiveDate,
    /// Counsel's approval of a renewal beyond the statutory first; only counsel may send true.
    #[serde(default)]
    pub counsel_approval: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldBody {
    /// The case with formal process on the same identifiers, e.g. LE-2026-0042.
    pub case: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseBody {
    /// Counsel's reason, for the record.
    pub note: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NdoBody {
    pub signed_on: NaiveDate,
    pub received_on: NaiveDate,
    /// `{"fixed_end": "2026-09-30"}`, `{"duration": {"amount": 6, "unit": "months"}}` or
    /// `"until_further_order"`.
    pub term: NdoTerm,
    pub docket_number: Option<String>,
    /// The process on this case the order names.
    pub covers_process_id: Option<String>,
}

impl NdoBody {
    fn parse(self) -> Result<NewNdo, ApiError> {
        Ok(NewNdo {
            signed_on: self.signed_on,
            received_on: self.received_on,
            term: self.term,
            docket_number: parse_optional_text("docket_number", self.docket_number.as_deref(), NAME_MAX)
                .map_err(invalid)?,
            covers_process_id: self.covers_process_id,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VacaturBody {
    pub vacated_on: NaiveDate,
}

/// Records a preservation request on the case (expiry = receipt + 90 days).
#[utoipa::path(post, path = "/api/v1/cases/{reference}/preservations", tag = "clocks", request_body = PreservationRequest,
    params(("reference" = String, Path)),
    responses((status = 201, body = CaseJson), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn add_preservation(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<PreservationRequest>,
) -> Result<HttpResponse, ApiError> {
    let reference = parse_reference(&path)?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        record_preservation(conn, clock.now(), &clocks, &actor, &reference, body.received_on)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(HttpResponse::Created().json(case))
}

/// Renews a preservation by 90 days from its current expiry.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/preservations/{id}/renewals", tag = "clocks",
    request_body = RenewalBody, params(("reference" = String, Path), ("id" = String, Path)),
    responses((status = 201, body = CaseJson), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn renew(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<RenewalBody>,
) -> Result<HttpResponse, ApiError> {
    let (reference, id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let renewal = RenewalRequest { received_on: body.received_on, counsel_approval: body.counsel_approval };
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        renew_preservation(conn, clock.now(), &clocks, &actor, &reference, &id, renewal)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(HttpResponse::Created().json(case))
}

/// Holds a preservation for a case with formal process on the same identifiers.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/preservations/{id}/hold", tag = "clocks",
    request_body = HoldBody, params(("reference" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = CaseJson), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn hold(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<HoldBody>,
) -> Result<web::Json<CaseJson>, ApiError> {
    let (reference, id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let holder = crate::domain::reference::CaseReference::parse(&body.case).map_err(invalid)?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        hold_preservation(conn, clock.now(), &clocks, &actor, &reference, &id, &holder)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(web::Json(case))
}

/// Releases a preservation (counsel); refused while held or while another open case names the
/// same identifiers.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/preservations/{id}/release", tag = "clocks",
    request_body = ReleaseBody, params(("reference" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn release(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<ReleaseBody>,
) -> Result<web::Json<CaseJson>, ApiError> {
    let (reference, id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let note = parse_text("note", &body.note, NOTE_MAX).map_err(invalid)?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        release_preservation(conn, clock.now(), &clocks, &actor, &reference, &id, &note)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(web::Json(case))
}

/// Records a non-disclosure order (2705(b)).
#[utoipa::path(post, path = "/api/v1/cases/{reference}/ndos", tag = "clocks", request_body = NdoBody,
    params(("reference" = String, Path)),
    responses((status = 201, body = CaseJson), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn add_ndo(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
    body: web::Json<NdoBody>,
) -> Result<HttpResponse, ApiError> {
    let reference = parse_reference(&path)?;
    let order = body.into_inner().parse()?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        record_ndo(conn, clock.now(), &clocks, &actor, &reference, &order)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(HttpResponse::Created().json(case))
}

/// Records an order extending an earlier one (effective only if received by its last day).
#[utoipa::path(post, path = "/api/v1/cases/{reference}/ndos/{id}/extensions", tag = "clocks", request_body = NdoBody,
    params(("reference" = String, Path), ("id" = String, Path)),
    responses((status = 201, body = CaseJson), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn extend(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<NdoBody>,
) -> Result<HttpResponse, ApiError> {
    let (reference, id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let order = body.into_inner().parse()?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        extend_ndo(conn, clock.now(), &clocks, &actor, &reference, &id, &order)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(HttpResponse::Created().json(case))
}

/// Records that the court vacated an order: notice becomes due that day.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/ndos/{id}/vacatur", tag = "clocks", request_body = VacaturBody,
    params(("reference" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = CaseJson), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn vacate(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<VacaturBody>,
) -> Result<web::Json<CaseJson>, ApiError> {
    let (reference, id) = path.into_inner();
    let reference = parse_reference(&reference)?;
    let (clock, clocks) = (state.clock.clone(), state.clocks.clone());
    let case = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        vacate_ndo(conn, clock.now(), &clocks, &actor, &reference, &id, body.vacated_on)?;
        current_case(conn, clock.now(), &clocks, &actor, &reference)
    })
    .await?;
    Ok(web::Json(case))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeadlineQuery {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive); at most 400 days after `from`.
    pub to: NaiveDate,
    pub kind: Option<DeadlineKind>,
    /// 1 to 1000, default 200.
    pub limit: Option<u32>,
}

/// Deadlines of all cases due between two dates, soonest first.
#[utoipa::path(get, path = "/api/v1/deadlines", tag = "clocks", params(DeadlineQuery),
    responses((status = 200, body = [DeadlineOfCaseJson]), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn deadlines(
    state: web::Data<AppState>,
    user: ApiUser,
    query: web::Query<DeadlineQuery>,
) -> Result<web::Json<Vec<DeadlineOfCaseJson>>, ApiError> {
    let DeadlineQuery { from, to, kind, limit } = query.into_inner();
    if to < from || (to - from).num_days() > 400 {
        return Err(invalid("`to` must be on or after `from` and at most 400 days later"));
    }
    let limit = i64::from(limit.unwrap_or(200));
    if !(1..=1000).contains(&limit) {
        return Err(invalid("limit must be between 1 and 1000"));
    }
    let rows = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        actor.require(actor.role.can_read(), "read deadlines")?;
        let rows = deadlines_between(conn, from, to, kind.map(|k| k.as_str()), false, limit)?;
        rows.into_iter()
            .map(|row| Ok(DeadlineOfCaseJson::from_row(row)?))
            .collect::<Result<Vec<_>, ApiError>>()
    })
    .await?;
    Ok(web::Json(rows))
}
