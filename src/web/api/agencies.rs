//! Agency endpoints: the agencies lert knows and their contacts.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;

use super::blocking;
use super::inputs::AgencyRequest;
use crate::app::AppState;
use crate::storage::case_json::AgencyJson;
use crate::storage::rows::AgencyRow;
use crate::storage::schema::agencies;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::workflows::agencies::register;

/// Lists agencies by name.
#[utoipa::path(get, path = "/api/v1/agencies", tag = "agencies",
    responses((status = 200, body = [AgencyJson])), security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, user: ApiUser) -> Result<web::Json<Vec<AgencyJson>>, ApiError> {
    let rows = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        actor.require(actor.role.can_read(), "read agencies")?;
        Ok(agencies::table.order(agencies::name.asc()).select(AgencyRow::as_select()).load(conn)?)
    })
    .await?;
    Ok(web::Json(rows.into_iter().map(AgencyJson::from_row).collect()))
}

/// Registers an agency (or returns the existing one of that name).
#[utoipa::path(post, path = "/api/v1/agencies", tag = "agencies", request_body = AgencyRequest,
    responses((status = 201, body = AgencyJson), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<AgencyRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner().parse()?;
    let clock = state.clock.clone();
    let agency = blocking(&state, move |conn| {
        let actor = user.authenticate(conn)?;
        let id = register(conn, clock.now(), &actor, &input)?;
        Ok(agencies::table.find(id).select(AgencyRow::as_select()).first(conn)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(AgencyJson::from_row(agency)))
}
