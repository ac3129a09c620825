//! Every workflow from the case page, one form per module: each is a `CaseForm` (a parse and a
//! workflow call) served by `forms::post`; this module routes them and gives the case page what
//! their markup needs (empty forms, choices, the drafted replies).

pub mod assign;
pub mod ndo;
pub mod preservation;
pub mod process;
pub mod production;
pub mod reply;
pub mod target;

use actix_web::web;
use serde::Serialize;
use tera::Context;

use super::forms::{post, show_blank};
use super::{PageError, SignedIn};
use crate::domain::data_category::DataCategory;
use crate::domain::identifier::TargetKind;
use crate::domain::process_kind::ProcessKind;
use crate::storage::DbConnection;
use crate::workflows::productions::delivery::METHODS;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/cases/{reference}/assignee", web::post().to(post::<assign::AssignForm>))
        .route("/cases/{reference}/processes", web::post().to(post::<process::ProcessForm>))
        .route("/cases/{reference}/targets", web::post().to(post::<target::TargetForm>))
        .route("/cases/{reference}/targets/contact", web::post().to(post::<target::ContactForm>))
        .route("/cases/{reference}/preservations", web::post().to(post::<preservation::PreserveForm>))
        .route("/cases/{reference}/preservations/renew", web::post().to(post::<preservation::RenewForm>))
        .route("/cases/{reference}/preservations/hold", web::post().to(post::<preservation::HoldForm>))
        .route("/cases/{reference}/preservations/release", web::post().to(post::<preservation::ReleaseForm>))
        .route("/cases/{reference}/ndos/extend", web::post().to(post::<ndo::ExtendForm>))
        .route("/cases/{reference}/ndos/vacate", web::post().to(post::<ndo::VacateForm>))
        .route("/cases/{reference}/decisions", web::post().to(post::<production::DecideForm>))
        .route("/cases/{reference}/deliveries", web::post().to(post::<production::DeliveryForm>))
        .route("/cases/{reference}/replies/send", web::post().to(post::<reply::SendForm>))
        .route("/cases/{reference}/replies/cancel", web::post().to(post::<reply::CancelForm>))
        .route("/cases/{reference}/replies/retry", web::post().to(post::<reply::RetryForm>));
}

/// A choice in a select: its value and what the user reads.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The kinds of process and the data categories, for the process fields.
pub fn process_choices(context: &mut Context) {
    let kinds: Vec<Choice> = ProcessKind::ALL
        .iter()
        .map(|k| Choice { value: k.as_str().to_owned(), label: k.label().to_owned() })
        .collect();
    let categories: Vec<&str> = DataCategory::ALL.iter().map(|c| c.as_str()).collect();
    context.insert("process_kinds", &kinds);
    context.insert("data_categories", &categories);
}

/// What the case page's forms need besides the case: each form empty, the choices, and (for
/// those who may read them) the case's drafted and failed replies.
pub fn add_to_context(
    conn: &mut DbConnection,
    me: &SignedIn,
    case_id: &str,
    context: &mut Context,
) -> Result<(), PageError> {
    show_blank::<assign::AssignForm>(context);
    show_blank::<process::ProcessForm>(context);
    show_blank::<target::TargetForm>(context);
    show_blank::<target::ContactForm>(context);
    show_blank::<preservation::PreserveForm>(context);
    show_blank::<preservation::RenewForm>(context);
    show_blank::<preservation::HoldForm>(context);
    show_blank::<preservation::ReleaseForm>(context);
    show_blank::<ndo::ExtendForm>(context);
    show_blank::<ndo::VacateForm>(context);
    show_blank::<production::DecideForm>(context);
    show_blank::<production::DeliveryForm>(context);
    show_blank::<reply::SendForm>(context);
    show_blank::<reply::CancelForm>(context);
    show_blank::<reply::RetryForm>(context);
    context.insert("no_errors", &crate::web::pages::FieldErrors::new());
    let blank_order = super::ndo_form::NdoForm { term: "fixed_end".into(), ..Default::default() };
    context.insert("blank_extend", &ndo::ExtendForm { ndo: String::new(), order: blank_order });
    process_choices(context);
    let target_kinds: Vec<Choice> = TargetKind::ALL
        .iter()
        .map(|k| Choice { value: k.as_str().to_owned(), label: k.label().to_owned() })
        .collect();
    context.insert("target_kinds", &target_kinds);
    context.insert("delivery_methods", &METHODS);
    context.insert("is_counsel", &me.actor.role.can_approve());
    context.insert("replies", &reply::replies(conn, &me.actor, case_id)?);
    Ok(())
}
