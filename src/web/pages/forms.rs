//! What every case-page form shares, so each form is only a parse and a workflow call: the
//! session, the role refused before anything happens, the CSRF token, post-redirect-get on
//! success, and on a refusal the case page again with the form re-filled and each error beside
//! its field (`<NAME>_form` and `<NAME>_errors` in the template).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tera::Context;

use super::cases::case_context;
use super::{FieldErrors, PageError, blocking, check_csrf, claims_of, redirect, render, signed_in};
use crate::app::AppState;
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::workflows::{Actor, WorkflowError};

/// A form on the case page.
pub trait CaseForm: DeserializeOwned + Serialize + Default + Send + 'static {
    /// The template sees the form as `<NAME>_form` and its errors as `<NAME>_errors`.
    const NAME: &'static str;
    /// The section of the case page to come back to.
    const ANCHOR: &'static str;
    /// What the form does, for the refusal shown to a role that may not.
    const WHAT: &'static str;
    fn allowed(role: Role) -> bool;
    fn csrf(&self) -> &str;
    /// Parses what was posted and calls the workflow.
    fn submit(
        &self,
        conn: &mut DbConnection,
        state: &AppState,
        actor: &Actor,
        reference: &CaseReference,
    ) -> Result<(), Refused>;
}

/// Why a form did nothing: its own fields were wrong, or the workflow refused.
#[derive(Debug)]
pub enum Refused {
    Fields(FieldErrors),
    Workflow(WorkflowError),
}

impl From<FieldErrors> for Refused {
    fn from(errors: FieldErrors) -> Self {
        Refused::Fields(errors)
    }
}

impl From<WorkflowError> for Refused {
    fn from(error: WorkflowError) -> Self {
        Refused::Workflow(error)
    }
}

/// A refusal naming one field.
pub fn field(name: &'static str, message: impl Into<String>) -> Refused {
    Refused::Fields(FieldErrors::from([(name, message.into())]))
}

/// The "I confirm" box, checked on the server.
pub fn confirmed(confirm: &str, what: &str) -> Result<(), Refused> {
    if confirm.is_empty() {
        Err(field("confirm", format!("Tick “I confirm” to {what}.")))
    } else {
        Ok(())
    }
}

/// A required date (`YYYY-MM-DD`, as a date input sends it); the error goes beside `name`.
pub fn date(errors: &mut FieldErrors, name: &'static str, text: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(day) => Some(day),
        Err(_) => {
            errors.insert(name, "Enter a date such as 2026-06-01.".to_owned());
            None
        }
    }
}

/// An optional date: empty is none.
pub fn optional_date(errors: &mut FieldErrors, name: &'static str, text: &str) -> Option<NaiveDate> {
    if text.trim().is_empty() { None } else { date(errors, name, text) }
}

/// Text or none when only spaces were typed.
pub fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// How a workflow's refusal is shown: its message at the top of the form, with the policy's
/// status; an unknown thing or a forbidden act is an error page.
fn workflow_refusal(error: WorkflowError) -> Result<(StatusCode, FieldErrors), PageError> {
    match error {
        WorkflowError::Invalid(m) => Ok((StatusCode::UNPROCESSABLE_ENTITY, FieldErrors::from([("form", m)]))),
        WorkflowError::Conflict(m) => Ok((StatusCode::CONFLICT, FieldErrors::from([("form", m)]))),
        other => Err(other.into()),
    }
}

/// Puts a form's values and errors where the case page's template looks for them.
pub fn show<F: CaseForm>(context: &mut Context, form: &F, errors: &FieldErrors) {
    context.insert(format!("{}_form", F::NAME), form);
    context.insert(format!("{}_errors", F::NAME), errors);
}

/// The form empty, as the case page first shows it.
pub fn show_blank<F: CaseForm>(context: &mut Context) {
    show(context, &F::default(), &FieldErrors::new());
}

/// The route of every case-page form: `POST /cases/{reference}/…`.
pub async fn post<F: CaseForm>(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<F>,
) -> Result<HttpResponse, PageError> {
    let reference = CaseReference::parse(&path).map_err(|e| PageError::NotFound(e.to_string()))?;
    let form = form.into_inner();
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let back = format!("/cases/{reference}#{}", F::ANCHOR);
    let refused = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, state2.clock.now())?;
        if !F::allowed(me.actor.role) {
            return Err(PageError::Forbidden(format!("Your role may not {}.", F::WHAT)));
        }
        check_csrf(&state2, &me, form.csrf())?;
        let (status, errors) = match form.submit(conn, &state2, &me.actor, &reference) {
            Ok(()) => return Ok(None),
            Err(Refused::Fields(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
            Err(Refused::Workflow(error)) => workflow_refusal(error)?,
        };
        let mut context = case_context(conn, &state2, &me, &reference, None)?;
        show(&mut context, &form, &errors);
        Ok(Some((me, status, context)))
    })
    .await?;
    match refused {
        None => Ok(redirect(&back)),
        Some((me, status, context)) => {
            let mut response = render(&state, "case.html", &me, context)?;
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_named() {
        let mut errors = FieldErrors::new();
        assert_eq!(date(&mut errors, "on", "2026-06-01"), NaiveDate::from_ymd_opt(2026, 6, 1));
        assert_eq!(optional_date(&mut errors, "from", " "), None);
        assert!(errors.is_empty());
        assert_eq!(date(&mut errors, "on", "June 1"), None);
        assert_eq!(optional_date(&mut errors, "to", "1/6/26"), None);
        assert_eq!(errors.keys().copied().collect::<Vec<_>>(), ["on", "to"]);
        assert!(matches!(confirmed("", "release it"), Err(Refused::Fields(e)) if e.contains_key("confirm")));
        assert!(confirmed("yes", "release it").is_ok());
    }
}
