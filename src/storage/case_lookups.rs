//! Small lookups intake and the scheduler need about a case.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::{cases, legal_processes, preservations, targets};
use crate::domain::process_kind::ProcessKind;

/// The kinds of the case's processes (unparseable kinds are skipped).
pub fn process_kinds(conn: &mut DbConnection, case_id: &str) -> QueryResult<Vec<ProcessKind>> {
    let kinds: Vec<String> = legal_processes::table
        .filter(legal_processes::case_id.eq(case_id))
        .select(legal_processes::kind)
        .load(conn)?;
    Ok(kinds.iter().filter_map(|k| ProcessKind::parse(k).ok()).collect())
}

pub fn process_kinds_by_reference(conn: &mut DbConnection, reference: &str) -> QueryResult<Vec<ProcessKind>> {
    let kinds: Vec<String> = legal_processes::table
        .inner_join(cases::table)
        .filter(cases::reference.eq(reference))
        .select(legal_processes::kind)
        .load(conn)?;
    Ok(kinds.iter().filter_map(|k| ProcessKind::parse(k).ok()).collect())
}

/// The process a case was opened with.
pub fn first_process_id(conn: &mut DbConnection, reference: &str) -> QueryResult<Option<String>> {
    legal_processes::table
        .inner_join(cases::table)
        .filter(cases::reference.eq(reference))
        .order((legal_processes::created_at, legal_processes::id))
        .select(legal_processes::id)
        .first(conn)
        .optional()
}

/// The case's most recent unreleased preservation, the one a renewal extends.
pub fn live_preservation_of_case(conn: &mut DbConnection, reference: &str) -> QueryResult<Option<String>> {
    preservations::table
        .inner_join(cases::table.on(cases::id.eq(preservations::case_id)))
        .filter(cases::reference.eq(reference))
        .filter(preservations::released_on.is_null())
        .order((preservations::expires_on.desc(), preservations::id))
        .select(preservations::id)
        .first(conn)
        .optional()
}

/// The case whose unreleased preservation covers one of these identifiers (normalised forms),
/// the most recently received first: where a renewal of that preservation belongs.
pub fn case_preserving(conn: &mut DbConnection, normalized: &[String]) -> QueryResult<Option<String>> {
    if normalized.is_empty() {
        return Ok(None);
    }
    preservations::table
        .inner_join(targets::table.on(targets::case_id.eq(preservations::case_id)))
        .filter(targets::normalized.eq_any(normalized))
        .filter(targets::withdrawn_at.is_null())
        .filter(preservations::released_on.is_null())
        .order((preservations::received_on.desc(), preservations::id))
        .select(preservations::case_id)
        .first(conn)
        .optional()
}

/// The human reference of a case, by id.
pub fn reference_of(conn: &mut DbConnection, case_id: &str) -> QueryResult<String> {
    cases::table.find(case_id).select(cases::reference).first(conn)
}
