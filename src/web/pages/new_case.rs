//! Opening a case by hand (analysts and up): the title, when it arrived, the agency (one lert
//! knows, or a new name and country), the first process and the targets, each field checked by
//! the API's own parsing and its error shown beside it; a new case opens at its page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::case_forms::process::ProcessFields;
use super::case_forms::production::local_time;
use super::case_forms::{Choice, process_choices, target};
use super::forms::optional;
use super::{FieldErrors, PageError, SignedIn, blocking, check_csrf, claims_of, redirect, render, signed_in};
use crate::app::AppState;
use crate::domain::text::{LINE_MAX, parse_text};
use crate::storage::DbConnection;
use crate::web::api::inputs::AgencyRequest;
use crate::workflows::WorkflowError;
use crate::workflows::agencies::{AgencyInput, list as agencies};
use crate::workflows::cases::{NewCase, open_case};

/// The form as posted, kept to fill it again.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NewCaseForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub title: String,
    /// The day and time it arrived, in the organisation's time zone; both empty is now.
    #[serde(default)]
    pub received_on: String,
    #[serde(default)]
    pub received_time: String,
    /// An existing agency's id, or empty.
    #[serde(default)]
    pub agency: String,
    /// A new agency's name and country, when it is not in the list.
    #[serde(default)]
    pub agency_name: String,
    #[serde(default)]
    pub agency_country: String,
    /// One per line: `kind identifier`.
    #[serde(default)]
    pub targets: String,
    #[serde(flatten)]
    pub process: ProcessFields,
}

impl NewCaseForm {
    fn parse(
        &self,
        conn: &mut DbConnection,
        me: &SignedIn,
        state: &AppState,
    ) -> Result<NewCase, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = parse_text("title", &self.title, LINE_MAX)
            .map_err(|e| errors.insert("title", e.to_string()))
            .ok();
        let received_at = self.received_at(state, &mut errors);
        let agency = self.agency(conn, me, &mut errors);
        let targets = target::parse_lines(&self.targets).map_err(|e| errors.insert("targets", e)).ok();
        let process = if self.process.is_blank() {
            None
        } else {
            self.process.parse().map_err(|e| errors.extend(e)).ok()
        };
        match (title, targets) {
            (Some(title), Some(targets)) if errors.is_empty() => {
                Ok(NewCase { title, received_at, agency, process, targets })
            }
            _ => Err(errors),
        }
    }

    fn received_at(&self, state: &AppState, errors: &mut FieldErrors) -> Option<DateTime<Utc>> {
        let (day, time) = (self.received_on.trim(), self.received_time.trim());
        if day.is_empty() && time.is_empty() {
            return None;
        }
        let time = if time.is_empty() { "00:00" } else { time };
        let at = local_time(&format!("{day}T{time}"), state.clocks.tz);
        if at.is_none() {
            errors.insert(
                "received_on",
                "Enter the day and time it arrived, such as 2026-06-01 and 14:30.".into(),
            );
        }
        at
    }

    fn agency(
        &self,
        conn: &mut DbConnection,
        me: &SignedIn,
        errors: &mut FieldErrors,
    ) -> Option<AgencyInput> {
        match (optional(&self.agency), optional(&self.agency_name)) {
            (None, None) => None,
            (Some(_), Some(_)) => {
                errors.insert("agency", "Pick an agency from the list or type a new one, not both.".into());
                None
            }
            (Some(id), None) => {
                let known = agencies(conn, &me.actor).ok()?.into_iter().find(|a| a.id == id);
                if known.is_none() {
                    errors.insert("agency", "Pick an agency from the list.".into());
                }
                known.map(|a| AgencyInput { name: a.name, country: a.country, contact: None })
            }
            (None, Some(name)) => {
                let country = optional(&self.agency_country);
                AgencyRequest { name, country, contact: None }
                    .check()
                    .map_err(|(field, e)| {
                        errors.insert(
                            if field == "country" { "agency_country" } else { "agency_name" },
                            e.to_string(),
                        )
                    })
                    .ok()
            }
        }
    }
}

fn form_context(
    conn: &mut DbConnection,
    me: &SignedIn,
    form: &NewCaseForm,
    errors: &FieldErrors,
) -> Result<Context, PageError> {
    let mut context = Context::new();
    context.insert("title", "New case");
    let known: Vec<Choice> = agencies(conn, &me.actor)?
        .into_iter()
        .map(|a| Choice { label: format!("{} ({})", a.name, a.country), value: a.id })
        .collect();
    context.insert("agencies", &known);
    context.insert("form", form);
    context.insert("errors", errors);
    // The process fields are the same partial as on the case page.
    context.insert("process_form", &form.process);
    context.insert("process_errors", errors);
    process_choices(&mut context);
    Ok(context)
}

fn may_open(me: &SignedIn) -> Result<(), PageError> {
    if me.actor.role.can_edit_cases() {
        Ok(())
    } else {
        Err(PageError::Forbidden("Your role may not open cases.".into()))
    }
}

/// `GET /cases/new`: the form, received now.
pub async fn form(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let (me, context) = blocking(&state, move |conn| {
        let now = state2.clock.now();
        let me = signed_in(conn, &state2, claims, now)?;
        may_open(&me)?;
        let local = now.with_timezone(&state2.clocks.tz);
        let blank = NewCaseForm {
            received_on: local.format("%Y-%m-%d").to_string(),
            received_time: local.format("%H:%M").to_string(),
            agency_country: "US".into(),
            ..NewCaseForm::default()
        };
        let context = form_context(conn, &me, &blank, &FieldErrors::new())?;
        Ok((me, context))
    })
    .await?;
    render(&state, "new_case.html", &me, context)
}

/// `POST /cases`: opens the case and goes to it, or shows the form again with the errors.
pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<NewCaseForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    // Opened: where it is; refused: the form again.
    let outcome: Result<String, (SignedIn, Context)> = blocking(&state, move |conn| {
        let now = state2.clock.now();
        let me = signed_in(conn, &state2, claims, now)?;
        may_open(&me)?;
        check_csrf(&state2, &me, &form.csrf)?;
        let errors = match form.parse(conn, &me, &state2) {
            Ok(case) => match open_case(conn, now, &state2.clocks, &me.actor, case) {
                Ok(reference) => return Ok(Ok(format!("/cases/{reference}"))),
                Err(WorkflowError::Invalid(m)) if m.contains("received_at") => {
                    FieldErrors::from([("received_on", "That is in the future.".to_owned())])
                }
                Err(WorkflowError::Invalid(m) | WorkflowError::Conflict(m)) => {
                    FieldErrors::from([("form", m)])
                }
                Err(other) => return Err(other.into()),
            },
            Err(errors) => errors,
        };
        let context = form_context(conn, &me, &form, &errors)?;
        Ok(Err((me, context)))
    })
    .await?;
    match outcome {
        Ok(opened) => Ok(redirect(&opened)),
        Err((me, context)) => {
            let mut response = render(&state, "new_case.html", &me, context)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}
