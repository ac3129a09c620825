//! Non-disclosure orders under 2705(b): record an order, its extensions and its vacatur.
//!
//! Every change is checked against the case's whole set of orders before it is stored, so an
//! order that cannot be read (ends before signing, an extension loop) never reaches the clocks.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::cases::find_open_case;
use super::clocks::{Clocks, after_change};
use super::{Actor, WorkflowError, new_id};
use crate::domain::ndo::{NdoOrder, NdoTerm, assess, order_expiry};
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::clock_queries::ndo_term;
use crate::storage::rows::{CaseRow, NdoRow};
use crate::storage::schema::{legal_processes, ndos};
use crate::storage::{DbConnection, write_tx};

/// A court order as the legal team reads it off the paper.
#[derive(Debug, Clone)]
pub struct NewNdo {
    pub signed_on: NaiveDate,
    pub received_on: NaiveDate,
    pub term: NdoTerm,
    pub docket_number: Option<String>,
    /// The process on the case the order names, when it names one.
    pub covers_process_id: Option<String>,
}

/// Records an order on the case.
pub fn record_ndo(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    order: &NewNdo,
) -> Result<String, WorkflowError> {
    store_order(conn, now, clocks, actor, reference, order, None)
}

/// Records an order extending `extended_id` (effective only if received by its last day).
pub fn extend_ndo(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    extended_id: &str,
    order: &NewNdo,
) -> Result<String, WorkflowError> {
    store_order(conn, now, clocks, actor, reference, order, Some(extended_id))
}

fn store_order(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    order: &NewNdo,
    extends: Option<&str>,
) -> Result<String, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "record non-disclosure orders")?;
    check_dates(order, clocks.date_of(now))?;
    order_expiry(order.signed_on, &order.term).map_err(|e| WorkflowError::Invalid(e.to_string()))?;
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        if let Some(extended) = extends {
            find_ndo(conn, &case, extended)?;
        }
        if let Some(process) = &order.covers_process_id {
            let known: i64 = legal_processes::table
                .filter(legal_processes::id.eq(process))
                .filter(legal_processes::case_id.eq(&case.id))
                .count()
                .get_result(conn)?;
            if known == 0 {
                return Err(WorkflowError::Invalid(format!("case {reference} has no process {process}")));
            }
        }
        let row = NdoRow {
            id: new_id(),
            case_id: case.id.clone(),
            signed_on: order.signed_on,
            received_on: order.received_on,
            term: term_name(&order.term).to_owned(),
            ends_on: match order.term {
                NdoTerm::FixedEnd(date) => Some(date),
                _ => None,
            },
            duration_amount: match order.term {
                NdoTerm::Duration { amount, .. } => Some(i32::try_from(amount).unwrap_or(i32::MAX)),
                _ => None,
            },
            duration_unit: match order.term {
                NdoTerm::Duration { unit, .. } => Some(unit.as_str().to_owned()),
                _ => None,
            },
            extends_ndo_id: extends.map(str::to_owned),
            vacated_on: None,
            docket_number: order.docket_number.clone(),
            covers_process_id: order.covers_process_id.clone(),
            created_at: now.naive_utc(),
        };
        check_orders_with(conn, clocks, &case, Some(&row), None)?;
        diesel::insert_into(ndos::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: if extends.is_some() { "ndo.extended" } else { "ndo.recorded" },
                case_id: Some(&case.id),
                details: json!({
                    "ndo_id": row.id,
                    "extends": extends,
                    "signed_on": row.signed_on,
                    "received_on": row.received_on,
                    "term": row.term,
                    "ends_on": row.ends_on,
                    "duration": row.duration_amount.map(|a| format!("{a} {}", row.duration_unit.clone().unwrap_or_default())),
                }),
            },
        )?;
        after_change(conn, now, clocks, actor, &case.id)?;
        Ok(row.id)
    })
}

/// Records that the court vacated the order on `vacated_on`: notice is then due that day.
pub fn vacate_ndo(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    reference: &CaseReference,
    ndo_id: &str,
    vacated_on: NaiveDate,
) -> Result<(), WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "record a vacatur")?;
    if vacated_on > clocks.date_of(now) {
        return Err(WorkflowError::Invalid(format!("vacated_on {vacated_on} is in the future")));
    }
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        let order = find_ndo(conn, &case, ndo_id)?;
        if let Some(already) = order.vacated_on {
            return Err(WorkflowError::Conflict(format!("the order was already vacated on {already}")));
        }
        check_orders_with(conn, clocks, &case, None, Some((ndo_id, vacated_on)))?;
        diesel::update(ndos::table.find(ndo_id)).set(ndos::vacated_on.eq(vacated_on)).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "ndo.vacated",
                case_id: Some(&case.id),
                details: json!({ "ndo_id": ndo_id, "vacated_on": vacated_on }),
            },
        )?;
        after_change(conn, now, clocks, actor, &case.id)?;
        Ok(())
    })
}

fn check_dates(order: &NewNdo, today: NaiveDate) -> Result<(), WorkflowError> {
    if order.received_on < order.signed_on {
        return Err(WorkflowError::Invalid(format!(
            "received_on ({}) is before the order was signed ({})",
            order.received_on, order.signed_on
        )));
    }
    if order.received_on > today {
        return Err(WorkflowError::Invalid(format!("received_on {} is in the future", order.received_on)));
    }
    Ok(())
}

fn term_name(term: &NdoTerm) -> &'static str {
    match term {
        NdoTerm::FixedEnd(_) => "fixed_end",
        NdoTerm::Duration { .. } => "duration",
        NdoTerm::UntilFurtherOrder => "until_further_order",
    }
}

fn find_ndo(conn: &mut DbConnection, case: &CaseRow, id: &str) -> Result<NdoRow, WorkflowError> {
    ndos::table
        .filter(ndos::id.eq(id))
        .filter(ndos::case_id.eq(&case.id))
        .select(NdoRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            WorkflowError::NotFound(format!("case {} has no non-disclosure order {id}", case.reference))
        })
}

/// Assesses the case's orders as they would be after the change, refusing a set that cannot be
/// read (an extension loop, a vacatur before signing).
fn check_orders_with(
    conn: &mut DbConnection,
    clocks: &Clocks,
    case: &CaseRow,
    added: Option<&NdoRow>,
    vacated: Option<(&str, NaiveDate)>,
) -> Result<(), WorkflowError> {
    let mut rows: Vec<NdoRow> = ndos::table
        .filter(ndos::case_id.eq(&case.id))
        .order(ndos::created_at.asc())
        .select(NdoRow::as_select())
        .load(conn)?;
    rows.extend(added.cloned());
    let mut orders = Vec::with_capacity(rows.len());
    for row in rows {
        let vacated_on = match vacated {
            Some((id, on)) if id == row.id => Some(on),
            _ => row.vacated_on,
        };
        orders.push(NdoOrder {
            term: ndo_term(&row)?,
            id: row.id,
            signed_on: row.signed_on,
            received_on: row.received_on,
            extends: row.extends_ndo_id,
            vacated_on,
        });
    }
    assess(&orders, &clocks.policy.ndo).map_err(|e| WorkflowError::Invalid(e.to_string()))?;
    Ok(())
}
