//! Reading what the clock rules need about one case from the database, parsed into domain values.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::Clocks;
use super::derive::{
    CaseFacts, MessageFindingFacts, NdoFacts, PreservationFacts, ProcessFacts, RelatedPreservation,
};
use crate::domain::case_status::CaseStatus;
use crate::domain::email_address::EmailAddress;
use crate::domain::ndo::NdoOrder;
use crate::domain::process_kind::ProcessKind;
use crate::storage::DbConnection;
use crate::storage::clock_queries::ndo_term;
use crate::storage::rows::{CaseRow, LegalProcessRow, NdoRow, PreservationRenewalRow, PreservationRow};
use crate::storage::schema::{
    agencies, cases, inbound_messages, legal_processes, message_findings, ndos, preservation_renewals,
    preservations, targets,
};
use crate::workflows::WorkflowError;

fn message_findings_of(
    conn: &mut DbConnection,
    case_id: &str,
) -> Result<Vec<MessageFindingFacts>, WorkflowError> {
    let rows: Vec<(String, String, String, String)> = message_findings::table
        .inner_join(inbound_messages::table)
        .filter(inbound_messages::case_id.eq(case_id))
        .order((message_findings::created_at, message_findings::id))
        .select((
            message_findings::inbound_message_id,
            message_findings::kind,
            message_findings::severity,
            message_findings::message,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(message_id, kind, severity, message)| MessageFindingFacts {
            message_id,
            kind,
            severity,
            message,
        })
        .collect())
}

pub(crate) fn load(
    conn: &mut DbConnection,
    clocks: &Clocks,
    case_id: &str,
) -> Result<CaseFacts, WorkflowError> {
    let case: CaseRow = cases::table.find(case_id).select(CaseRow::as_select()).first(conn)?;
    let country = match &case.agency_id {
        Some(id) => agencies::table.find(id).select(agencies::country).first::<String>(conn).optional()?,
        None => None,
    };
    let identifiers: Vec<String> = targets::table
        .filter(targets::case_id.eq(case_id))
        .filter(targets::withdrawn_at.is_null())
        .select(targets::normalized)
        .load(conn)?;
    let processes: Vec<LegalProcessRow> = legal_processes::table
        .filter(legal_processes::case_id.eq(case_id))
        .order((legal_processes::created_at.asc(), legal_processes::id.asc()))
        .select(LegalProcessRow::as_select())
        .load(conn)?;
    Ok(CaseFacts {
        received_on: clocks.date_of(case.received_at.and_utc()),
        country,
        identifiers: identifiers.len(),
        processes: processes
            .into_iter()
            .map(|row| {
                // The process a case is opened with arrived with the case.
                let received_on = if row.created_at <= case.created_at {
                    clocks.date_of(case.received_at.and_utc())
                } else {
                    clocks.date_of(row.created_at.and_utc())
                };
                process_facts(row, received_on)
            })
            .collect::<Result<_, _>>()?,
        preservations: preservation_facts(conn, case_id)?,
        related_preservations: related_preservations(conn, case_id, &identifiers)?,
        ndos: ndo_facts(conn, case_id)?,
        message_findings: message_findings_of(conn, case_id)?,
    })
}

pub(crate) fn process_facts(
    row: LegalProcessRow,
    received_on: NaiveDate,
) -> Result<ProcessFacts, WorkflowError> {
    let categories = row.parsed_data_categories()?;
    Ok(ProcessFacts {
        kind: ProcessKind::parse(&row.kind).map_err(WorkflowError::corrupt)?,
        categories,
        // An address that no longer parses is treated as absent: the sufficiency check then
        // says the sender is unknown rather than failing the whole case.
        agent_email: row.agent_email.as_deref().and_then(|e| EmailAddress::parse(e).ok()),
        respond_within_days: row.respond_within_days.and_then(|d| u32::try_from(d).ok()),
        received_on,
        id: row.id,
        issuing_authority: row.issuing_authority,
        agent_name: row.agent_name,
        agent_phone: row.agent_phone,
        docket_number: row.docket_number,
        issued_on: row.issued_on,
        served_on: row.served_on,
        return_by: row.return_by,
        requested_from: row.requested_from,
        requested_to: row.requested_to,
    })
}

fn preservation_facts(
    conn: &mut DbConnection,
    case_id: &str,
) -> Result<Vec<PreservationFacts>, WorkflowError> {
    let rows: Vec<PreservationRow> = preservations::table
        .filter(preservations::case_id.eq(case_id))
        .order((preservations::received_on.asc(), preservations::id.asc()))
        .select(PreservationRow::as_select())
        .load(conn)?;
    let mut facts = Vec::with_capacity(rows.len());
    for row in rows {
        let renewals: Vec<PreservationRenewalRow> = preservation_renewals::table
            .filter(preservation_renewals::preservation_id.eq(&row.id))
            .order((preservation_renewals::created_at.asc(), preservation_renewals::id.asc()))
            .select(PreservationRenewalRow::as_select())
            .load(conn)?;
        let held_by = match &row.held_by_case_id {
            Some(holder) => open_case_reference(conn, holder)?,
            None => None,
        };
        facts.push(PreservationFacts {
            id: row.id,
            received_on: row.received_on,
            expires_on: row.expires_on,
            renewals: renewals.iter().map(|r| (r.received_on, !r.statutory)).collect(),
            released: row.released_on.is_some(),
            held_by,
        });
    }
    Ok(facts)
}

/// The reference of the case if it is still open.
pub(crate) fn open_case_reference(
    conn: &mut DbConnection,
    case_id: &str,
) -> Result<Option<String>, WorkflowError> {
    let (reference, status): (String, String) =
        cases::table.find(case_id).select((cases::reference, cases::status)).first(conn)?;
    let open = CaseStatus::parse(&status).map_err(WorkflowError::corrupt)?.is_open();
    Ok(open.then_some(reference))
}

/// Every unreleased preservation of any of the case's identifiers, on any case including this
/// one, as (received on, last day, held): the candidates for each request's lookback anchor.
fn related_preservations(
    conn: &mut DbConnection,
    case_id: &str,
    identifiers: &[String],
) -> Result<Vec<RelatedPreservation>, WorkflowError> {
    let related_cases = targets::table
        .filter(targets::normalized.eq_any(identifiers))
        .filter(targets::withdrawn_at.is_null())
        .select(targets::case_id);
    let rows: Vec<(NaiveDate, NaiveDate, Option<String>)> = preservations::table
        .filter(preservations::released_on.is_null())
        .filter(preservations::case_id.eq(case_id).or(preservations::case_id.eq_any(related_cases)))
        .select((preservations::received_on, preservations::expires_on, preservations::held_by_case_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(received_on, expires_on, held_by)| RelatedPreservation {
            received_on,
            expires_on,
            held: held_by.is_some(),
        })
        .collect())
}
pub(crate) fn ndo_facts(conn: &mut DbConnection, case_id: &str) -> Result<Vec<NdoFacts>, WorkflowError> {
    let rows: Vec<NdoRow> = ndos::table
        .filter(ndos::case_id.eq(case_id))
        .order((ndos::created_at.asc(), ndos::id.asc()))
        .select(NdoRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            Ok(NdoFacts {
                order: NdoOrder {
                    term: ndo_term(&row)?,
                    id: row.id,
                    signed_on: row.signed_on,
                    received_on: row.received_on,
                    extends: row.extends_ndo_id,
                    vacated_on: row.vacated_on,
                },
                covers_process_id: row.covers_process_id,
            })
        })
        .collect()
}
