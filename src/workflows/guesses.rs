//! The legal team's review of what intake proposed: confirm a guess, correct it, or reject it.
//! A correction or rejection changes the record the guess filled in (the process, a target, the
//! agency) in the same transaction, and the audit trail keeps the old and the new value.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};

use super::agencies::{AgencyInput, find_or_create, parse_country};
use super::cases::find_open_case;
use super::clocks::{Clocks, after_change};
use super::targets::insert_target;
use super::{Actor, WorkflowError};
use crate::domain::data_category::DataCategory;
use crate::domain::email_address::EmailAddress;
use crate::domain::identifier::Identifier;
use crate::domain::phone::PhoneNumber;
use crate::domain::process_kind::ProcessKind;
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::{CaseRow, IntakeGuessRow};
use crate::storage::schema::{agencies, cases, intake_guesses, legal_processes, targets};
use crate::storage::{DbConnection, case_lookups, write_tx};

/// What the legal team decided about one guess.
#[derive(Debug, Clone, PartialEq)]
pub enum GuessDecision {
    Confirm,
    /// The right value, in the guess's own JSON shape (a date, a string, `{"kind","raw"}`, ...).
    Correct(Value),
    Reject,
}

impl GuessDecision {
    fn status(&self) -> &'static str {
        match self {
            GuessDecision::Confirm => "confirmed",
            GuessDecision::Correct(_) => "corrected",
            GuessDecision::Reject => "rejected",
        }
    }
}

/// Records the decision and applies it to the case.
pub fn decide_guess(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    guess_id: &str,
    decision: GuessDecision,
) -> Result<IntakeGuessRow, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "review intake guesses")?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let guess: IntakeGuessRow = intake_guesses::table
            .filter(intake_guesses::id.eq(guess_id))
            .filter(intake_guesses::case_id.eq(&case.id))
            .select(IntakeGuessRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                WorkflowError::NotFound(format!("case {reference} has no intake guess {guess_id}"))
            })?;
        if guess.status != "proposed" {
            return Err(WorkflowError::Conflict(format!("this guess was already {}", guess.status)));
        }
        let applied_to = apply(conn, now, actor, &case, &guess, &decision)?;
        let corrected = match &decision {
            GuessDecision::Correct(value) => Some(value.to_string()),
            _ => None,
        };
        diesel::update(intake_guesses::table.find(&guess.id))
            .set((
                intake_guesses::status.eq(decision.status()),
                intake_guesses::corrected_value.eq(&corrected),
                intake_guesses::applied_to.eq(&applied_to),
                intake_guesses::decided_by.eq(&actor.user_id),
                intake_guesses::decided_at.eq(Some(now.naive_utc())),
            ))
            .execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: match decision {
                    GuessDecision::Confirm => "intake.guess_confirmed",
                    GuessDecision::Correct(_) => "intake.guess_corrected",
                    GuessDecision::Reject => "intake.guess_rejected",
                },
                case_id: Some(&case.id),
                details: json!({
                    "guess_id": guess.id,
                    "field": guess.field,
                    "proposed": serde_json::from_str::<Value>(&guess.value).unwrap_or(Value::Null),
                    "corrected": match &decision { GuessDecision::Correct(v) => v.clone(), _ => Value::Null },
                }),
            },
        )?;
        after_change(conn, now, clocks, actor, &case.id)?;
        Ok(IntakeGuessRow {
            status: decision.status().to_owned(),
            corrected_value: corrected,
            applied_to,
            decided_by: actor.user_id.clone(),
            decided_at: Some(now.naive_utc()),
            ..guess
        })
    })
}

/// Applies the decision to the record; returns what the guess now points at.
fn apply(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    case: &CaseRow,
    guess: &IntakeGuessRow,
    decision: &GuessDecision,
) -> Result<Option<String>, WorkflowError> {
    let proposed: Value = serde_json::from_str(&guess.value).unwrap_or(Value::Null);
    let value = match decision {
        GuessDecision::Correct(value) => Some(value.clone()),
        GuessDecision::Confirm => Some(proposed),
        GuessDecision::Reject => None,
    };
    match guess.field.as_str() {
        "identifier" => apply_identifier(conn, now, actor, case, guess, value),
        "agency" | "country" => apply_agency(conn, now, actor, case, &guess.field, value),
        "emergency" | "preservation" | "ndo" => match decision {
            GuessDecision::Confirm => Ok(guess.applied_to.clone()),
            _ => Err(WorkflowError::Conflict(format!(
                "a {} guess is changed through its own actions (process kind, preservation release, NDO \
                 vacatur or extension), not by correcting the guess",
                guess.field
            ))),
        },
        field => {
            let process_id = match &guess.applied_to {
                Some(id) => id.clone(),
                None => case_lookups::first_process_id(conn, &case.reference)?.ok_or_else(|| {
                    WorkflowError::Conflict("the case has no process yet: record one first".into())
                })?,
            };
            apply_process_field(conn, &process_id, field, value, &guess.value)?;
            Ok(Some(process_id))
        }
    }
}

fn apply_identifier(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    case: &CaseRow,
    guess: &IntakeGuessRow,
    value: Option<Value>,
) -> Result<Option<String>, WorkflowError> {
    match (value, &guess.applied_to) {
        (None, Some(target_id)) => {
            diesel::update(targets::table.find(target_id).filter(targets::case_id.eq(&case.id)))
                .set(targets::withdrawn_at.eq(Some(now.naive_utc())))
                .execute(conn)?;
            Ok(None)
        }
        (None, None) => Ok(None),
        (Some(value), applied) => {
            let identifier: Identifier = serde_json::from_value(value)
                .map_err(|e| WorkflowError::Invalid(format!("the identifier is not valid: {e}")))?;
            match applied {
                Some(target_id) => {
                    diesel::update(targets::table.find(target_id).filter(targets::case_id.eq(&case.id)))
                        .set((
                            targets::kind.eq(identifier.kind().as_str()),
                            targets::raw.eq(identifier.raw()),
                            targets::normalized.eq(identifier.normalized()),
                        ))
                        .execute(conn)?;
                    Ok(Some(target_id.clone()))
                }
                None => Ok(Some(insert_target(conn, now, actor, &case.id, &identifier)?)),
            }
        }
    }
}

fn apply_agency(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    case: &CaseRow,
    field: &str,
    value: Option<Value>,
) -> Result<Option<String>, WorkflowError> {
    let Some(value) = value else {
        if field == "agency" {
            diesel::update(cases::table.find(&case.id))
                .set(cases::agency_id.eq(None::<String>))
                .execute(conn)?;
        }
        return Ok(None);
    };
    let text =
        value.as_str().ok_or_else(|| WorkflowError::Invalid(format!("the {field} must be a string")))?;
    let current: Option<(String, String)> = match &case.agency_id {
        Some(id) => {
            agencies::table.find(id).select((agencies::name, agencies::country)).first(conn).optional()?
        }
        None => None,
    };
    if field == "country" {
        // The agency is one record for every case: a wrong country is corrected on it.
        let (Some(agency_id), Some(_)) = (&case.agency_id, current) else {
            return Err(WorkflowError::Conflict("the case has no agency to set a country on".into()));
        };
        let country = parse_country(text)?;
        diesel::update(agencies::table.find(agency_id)).set(agencies::country.eq(&country)).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "agency.updated",
                case_id: Some(&case.id),
                details: json!({ "agency_id": agency_id, "country": country }),
            },
        )?;
        return Ok(Some(agency_id.clone()));
    }
    let Some((_, country)) = current else {
        return Err(WorkflowError::Conflict(
            "the agency's country is not known: record the agency by hand, then correct its name".into(),
        ));
    };
    let name = text.trim().to_owned();
    if name.is_empty() {
        return Err(WorkflowError::Invalid("the agency name is empty".into()));
    }
    let agency_id = find_or_create(conn, now, actor, &AgencyInput { name, country, contact: None })?;
    diesel::update(cases::table.find(&case.id)).set(cases::agency_id.eq(&agency_id)).execute(conn)?;
    Ok(Some(agency_id))
}

/// Writes one corrected (or cleared) field on a process row.
fn apply_process_field(
    conn: &mut DbConnection,
    process_id: &str,
    field: &str,
    value: Option<Value>,
    proposed: &str,
) -> Result<(), WorkflowError> {
    let target = legal_processes::table.find(process_id);
    let invalid = |what: &str| WorkflowError::Invalid(format!("{field}: {what}"));
    let text = |v: &Option<Value>| -> Result<Option<String>, WorkflowError> {
        match v {
            None => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().chars().take(500).collect())),
            Some(_) => Err(invalid("expected a non-empty string")),
        }
    };
    let date = |v: &Option<Value>| -> Result<Option<NaiveDate>, WorkflowError> {
        v.clone()
            .map(serde_json::from_value::<NaiveDate>)
            .transpose()
            .map_err(|_| invalid("expected a date such as 2026-12-10"))
    };
    match field {
        "process_kind" => {
            let kind =
                value.ok_or_else(|| invalid("a process kind cannot be removed; correct it instead"))?;
            let kind =
                kind.as_str().map(ProcessKind::parse).ok_or_else(|| invalid("expected a kind name"))?;
            let kind = kind.map_err(|e| WorkflowError::Invalid(e.to_string()))?;
            diesel::update(target).set(legal_processes::kind.eq(kind.as_str())).execute(conn)?;
        }
        "agent_name" => {
            diesel::update(target).set(legal_processes::agent_name.eq(text(&value)?)).execute(conn)?;
        }
        "issuing_authority" => {
            diesel::update(target).set(legal_processes::issuing_authority.eq(text(&value)?)).execute(conn)?;
        }
        "docket_number" => {
            diesel::update(target).set(legal_processes::docket_number.eq(text(&value)?)).execute(conn)?;
        }
        "agent_phone" => {
            let phone = text(&value)?
                .map(|p| PhoneNumber::parse(&p))
                .transpose()
                .map_err(|e| invalid(&e.to_string()))?;
            diesel::update(target)
                .set(legal_processes::agent_phone.eq(phone.map(|p| p.as_str().to_owned())))
                .execute(conn)?;
        }
        "agent_email" => {
            let email = text(&value)?
                .map(|e| EmailAddress::parse(&e))
                .transpose()
                .map_err(|e| invalid(&e.to_string()))?;
            diesel::update(target)
                .set(legal_processes::agent_email.eq(email.map(|e| e.as_str().to_owned())))
                .execute(conn)?;
        }
        "return_by" => {
            diesel::update(target).set(legal_processes::return_by.eq(date(&value)?)).execute(conn)?;
        }
        "served_on" => {
            diesel::update(target).set(legal_processes::served_on.eq(date(&value)?)).execute(conn)?;
        }
        "respond_within_days" => {
            let days = value
                .map(|v| {
                    v.as_i64()
                        .filter(|d| (0..=365).contains(d))
                        .ok_or_else(|| invalid("expected 0 to 365 days"))
                })
                .transpose()?;
            diesel::update(target)
                .set(legal_processes::respond_within_days.eq(days.map(|d| i32::try_from(d).unwrap_or(0))))
                .execute(conn)?;
        }
        "requested_range" => {
            let (from, to) = match value {
                None => (None, None),
                Some(v) => {
                    let from = date(&v.get("from").cloned().filter(|f| !f.is_null()))?;
                    let to = date(&v.get("to").cloned().filter(|t| !t.is_null()))?;
                    if let (Some(f), Some(t)) = (from, to)
                        && t < f
                    {
                        return Err(invalid("the range ends before it starts"));
                    }
                    (from, to)
                }
            };
            diesel::update(target)
                .set((legal_processes::requested_from.eq(from), legal_processes::requested_to.eq(to)))
                .execute(conn)?;
        }
        "data_category" => {
            let stored: String = target.select(legal_processes::data_categories).first(conn)?;
            let mut categories: Vec<String> = serde_json::from_str(&stored).unwrap_or_default();
            let old: Option<String> = serde_json::from_str(proposed).ok();
            categories.retain(|c| Some(c) != old.as_ref());
            if let Some(v) = value {
                let name = v.as_str().ok_or_else(|| invalid("expected a category name"))?;
                let category =
                    DataCategory::parse(name).map_err(|e| WorkflowError::Invalid(e.to_string()))?;
                if !categories.iter().any(|c| c == category.as_str()) {
                    categories.push(category.as_str().to_owned());
                }
            }
            let json = serde_json::to_string(&categories).unwrap_or_else(|_| "[]".into());
            diesel::update(target).set(legal_processes::data_categories.eq(json)).execute(conn)?;
        }
        other => {
            return Err(WorkflowError::Invalid(format!(
                "intake guesses of {other:?} cannot be changed here"
            )));
        }
    }
    Ok(())
}
