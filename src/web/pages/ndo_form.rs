//! The case page's form for a non-disclosure order: the dates and the term as the order states
//! them, each field checked and its error shown beside it; a good order is recorded through the
//! same workflow as the API's, which moves the subscriber-notice clock at once.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::cases::case_context;
use super::{FieldErrors, PageError, blocking, check_csrf, claims_of, redirect, render, signed_in};
use crate::app::AppState;
use crate::domain::ndo::{DurationUnit, NdoTerm};
use crate::domain::reference::CaseReference;
use crate::workflows::WorkflowError;
use crate::workflows::ndos::{NewNdo, record_ndo};

/// The form as posted, kept to fill the form again when something is wrong.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NdoForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub signed_on: String,
    #[serde(default)]
    pub received_on: String,
    /// fixed_end, duration or until_further_order.
    #[serde(default)]
    pub term: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub amount: String,
    /// days, months or years.
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub docket_number: String,
}

impl NdoForm {
    pub(crate) fn parse(&self) -> Result<NewNdo, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut date = |field: &'static str, text: &str| super::forms::date(&mut errors, field, text);
        let signed_on = date("signed_on", &self.signed_on);
        let received_on = date("received_on", &self.received_on);
        let term = match self.term.as_str() {
            "fixed_end" => date("ends_on", &self.ends_on).map(NdoTerm::FixedEnd),
            "until_further_order" => Some(NdoTerm::UntilFurtherOrder),
            "duration" => {
                let unit = match self.unit.as_str() {
                    "days" => Some(DurationUnit::Days),
                    "months" => Some(DurationUnit::Months),
                    "years" => Some(DurationUnit::Years),
                    _ => {
                        errors.insert("unit", "Choose days, months or years.".to_owned());
                        None
                    }
                };
                match (self.amount.trim().parse::<u32>(), unit) {
                    (Ok(amount), Some(unit)) => match NdoTerm::duration(amount, unit) {
                        Ok(term) => Some(term),
                        Err(error) => {
                            errors.insert("amount", error.to_string());
                            None
                        }
                    },
                    (Err(_), _) => {
                        errors.insert("amount", "Enter a whole number.".to_owned());
                        None
                    }
                    _ => None,
                }
            }
            _ => {
                errors.insert("term", "Choose how long the order lasts.".to_owned());
                None
            }
        };
        let docket = self.docket_number.trim();
        if docket.chars().count() > 200 {
            errors.insert("docket_number", "At most 200 characters.".to_owned());
        }
        match (signed_on, received_on, term) {
            (Some(signed_on), Some(received_on), Some(term)) if errors.is_empty() => Ok(NewNdo {
                signed_on,
                received_on,
                term,
                docket_number: Some(docket.to_owned()).filter(|d| !d.is_empty()),
                covers_process_id: None,
            }),
            _ => Err(errors),
        }
    }
}

pub async fn add(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<NdoForm>,
) -> Result<HttpResponse, PageError> {
    let reference = CaseReference::parse(&path).map_err(|e| PageError::NotFound(e.to_string()))?;
    let form = form.into_inner();
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let back = format!("/cases/{reference}#ndos");
    let refused = blocking(&state, move |conn| {
        let now = state2.clock.now();
        let me = signed_in(conn, &state2, claims, now)?;
        check_csrf(&state2, &me, &form.csrf)?;
        let errors = match form.parse() {
            Ok(order) => match record_ndo(conn, now, &state2.clocks, &me.actor, &reference, &order) {
                Ok(_) => return Ok(None),
                Err(WorkflowError::Invalid(m) | WorkflowError::Conflict(m)) => {
                    FieldErrors::from([("form", m)])
                }
                Err(other) => return Err(other.into()),
            },
            Err(errors) => errors,
        };
        let mut context = case_context(conn, &state2, &me, &reference, None)?;
        context.insert("ndo_form", &form);
        context.insert("ndo_errors", &errors);
        Ok(Some((me, context)))
    })
    .await?;
    match refused {
        None => Ok(redirect(&back)),
        Some((me, context)) => {
            let mut response = render(&state, "case.html", &me, context)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(term: &str) -> NdoForm {
        NdoForm {
            signed_on: "2026-06-01".into(),
            received_on: "2026-06-02".into(),
            term: term.into(),
            ends_on: "2026-12-01".into(),
            amount: "6".into(),
            unit: "months".into(),
            ..NdoForm::default()
        }
    }

    #[test]
    fn each_term_parses_and_each_bad_field_is_named() {
        assert_eq!(form("fixed_end").parse().unwrap().term, NdoTerm::FixedEnd("2026-12-01".parse().unwrap()));
        assert!(matches!(form("duration").parse().unwrap().term, NdoTerm::Duration { amount: 6, .. }));
        assert_eq!(form("until_further_order").parse().unwrap().term, NdoTerm::UntilFurtherOrder);
        let bad = NdoForm { signed_on: "June 1".into(), amount: "six".into(), ..form("duration") };
        let errors = bad.parse().unwrap_err();
        assert_eq!(errors.keys().copied().collect::<Vec<_>>(), ["amount", "signed_on"]);
        assert!(form("forever").parse().unwrap_err().contains_key("term"));
    }
}
