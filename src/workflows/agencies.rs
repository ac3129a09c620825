//! Agencies that send legal process, and the people there lert corresponds with.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::{Actor, WorkflowError, new_id};
use crate::domain::email_address::EmailAddress;
use crate::domain::phone::PhoneNumber;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::{AgencyContactRow, AgencyRow};
use crate::storage::schema::{agencies, agency_contacts};
use crate::storage::sql_functions::lower;
use crate::storage::{DbConnection, write_tx};

/// A validated agency as a request names it.
#[derive(Debug, Clone)]
pub struct AgencyInput {
    pub name: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    pub contact: Option<ContactInput>,
}

#[derive(Debug, Clone)]
pub struct ContactInput {
    pub name: String,
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
}

/// Validates an ISO 3166-1 alpha-2 country code.
pub fn parse_country(raw: &str) -> Result<String, WorkflowError> {
    let code = raw.trim().to_ascii_uppercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(WorkflowError::Invalid(format!("country {raw:?} must be a two-letter ISO 3166 code such as US")))
    }
}

/// Finds the agency by name (case-insensitive) or creates it, and records the contact if new.
/// Runs inside the caller's transaction; returns the agency id.
pub(crate) fn find_or_create(
    conn: &mut DbConnection,
    at: DateTime<Utc>,
    actor: &Actor,
    input: &AgencyInput,
) -> Result<String, WorkflowError> {
    let existing: Option<AgencyRow> = agencies::table
        .filter(lower(agencies::name).eq(lower(&input.name)))
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()?;
    let agency_id = match existing {
        Some(agency) => agency.id,
        None => {
            let row = AgencyRow {
                id: new_id(),
                name: input.name.clone(),
                country: input.country.clone(),
                created_at: at.naive_utc(),
            };
            diesel::insert_into(agencies::table).values(&row).execute(conn)?;
            audit::append(
                conn,
                at,
                AuditEntry {
                    actor: &actor.label,
                    action: "agency.created",
                    case_id: None,
                    details: json!({ "agency_id": row.id, "name": row.name, "country": row.country }),
                },
            )?;
            row.id
        }
    };
    if let Some(contact) = &input.contact {
        add_contact_if_new(conn, at, &agency_id, contact)?;
    }
    Ok(agency_id)
}

fn add_contact_if_new(
    conn: &mut DbConnection,
    at: DateTime<Utc>,
    agency_id: &str,
    contact: &ContactInput,
) -> Result<(), WorkflowError> {
    let known: i64 = agency_contacts::table
        .filter(agency_contacts::agency_id.eq(agency_id))
        .filter(agency_contacts::name.eq(&contact.name))
        .count()
        .get_result(conn)?;
    if known == 0 {
        let row = AgencyContactRow {
            id: new_id(),
            agency_id: agency_id.to_owned(),
            name: contact.name.clone(),
            email: contact.email.as_ref().map(|e| e.as_str().to_owned()),
            phone: contact.phone.as_ref().map(|p| p.as_str().to_owned()),
            created_at: at.naive_utc(),
        };
        diesel::insert_into(agency_contacts::table).values(&row).execute(conn)?;
    }
    Ok(())
}

/// Creates (or finds) an agency on its own.
pub fn register(
    conn: &mut DbConnection,
    at: DateTime<Utc>,
    actor: &Actor,
    input: &AgencyInput,
) -> Result<String, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "register agencies")?;
    write_tx(conn, |conn| find_or_create(conn, at, actor, input))
}

/// Every agency, by name (the dashboard's new-case form picks from them).
pub fn list(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<AgencyRow>, WorkflowError> {
    actor.require(actor.role.can_read(), "read agencies")?;
    Ok(agencies::table.order(agencies::name.asc()).select(AgencyRow::as_select()).load(conn)?)
}
