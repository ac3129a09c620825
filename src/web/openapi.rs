//! The OpenAPI document for `/api/v1`, generated from the handlers' annotations.

use actix_web::web;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::api::{agencies, cases, clocks, documents, intake, outbox, productions, users};

#[derive(OpenApi)]
#[openapi(
    info(title = "lert API", description = "Law Enforcement Request Tracker: cases, legal process, targets, documents, intake, outgoing mail and productions."),
    paths(
        cases::create, cases::list, cases::show, cases::change_status, cases::assign,
        cases::add_process, cases::add_target, cases::audit_trail,
        clocks::add_preservation, clocks::renew, clocks::hold, clocks::release,
        clocks::add_ndo, clocks::extend, clocks::vacate, clocks::deadlines,
        documents::upload, documents::download,
        intake::upload, intake::list, intake::show, intake::of_case, intake::decide,
        intake::file_triaged,
        outbox::list, outbox::show, outbox::send, outbox::cancel_email, outbox::retry_email, outbox::set_contact,
        productions::list, productions::set_decision, productions::attach, productions::withdraw,
        productions::generate, productions::download, productions::deliver,
        agencies::list, agencies::create,
        users::list, users::create, users::create_token, users::list_tokens, users::revoke_token,
        users::set_role, users::disable, users::enable,
    ),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

pub async fn document() -> web::Json<utoipa::openapi::OpenApi> {
    web::Json(ApiDoc::openapi())
}
