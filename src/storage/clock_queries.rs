//! Read models for the clocks: a case's preservations, orders, current deadlines and flags, and
//! the deadlines of all cases between two dates.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::rows::{DeadlineRow, FlagRow, NdoRow, PreservationRenewalRow, PreservationRow};
use super::schema::{cases, deadlines, flags, ndos, preservation_renewals, preservations};
use super::{DbConnection, StorageError};
use crate::domain::case_status::CaseStatus;
use crate::domain::ndo::{DurationUnit, NdoTerm};

/// A preservation with its renewals and, if it is held, the holding case's reference and status.
#[derive(Debug, Clone)]
pub struct PreservationDetail {
    pub preservation: PreservationRow,
    pub renewals: Vec<PreservationRenewalRow>,
    pub held_by: Option<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct CaseClocks {
    pub preservations: Vec<PreservationDetail>,
    pub ndos: Vec<NdoRow>,
    /// Current (not superseded) deadlines, soonest first.
    pub deadlines: Vec<DeadlineRow>,
    /// Current (not superseded) flags, oldest first.
    pub flags: Vec<FlagRow>,
}

pub fn load_case_clocks(conn: &mut DbConnection, case_id: &str) -> QueryResult<CaseClocks> {
    let rows: Vec<PreservationRow> = preservations::table
        .filter(preservations::case_id.eq(case_id))
        .order((preservations::received_on.asc(), preservations::id.asc()))
        .select(PreservationRow::as_select())
        .load(conn)?;
    let mut preservations = Vec::with_capacity(rows.len());
    for preservation in rows {
        let renewals = preservation_renewals::table
            .filter(preservation_renewals::preservation_id.eq(&preservation.id))
            .order((preservation_renewals::created_at.asc(), preservation_renewals::id.asc()))
            .select(PreservationRenewalRow::as_select())
            .load(conn)?;
        let held_by = match &preservation.held_by_case_id {
            Some(id) => {
                cases::table.find(id).select((cases::reference, cases::status)).first(conn).optional()?
            }
            None => None,
        };
        preservations.push(PreservationDetail { preservation, renewals, held_by });
    }
    let ndos = ndos::table
        .filter(ndos::case_id.eq(case_id))
        .order((ndos::created_at.asc(), ndos::id.asc()))
        .select(NdoRow::as_select())
        .load(conn)?;
    let deadlines = deadlines::table
        .filter(deadlines::case_id.eq(case_id))
        .filter(deadlines::superseded_at.is_null())
        .order((deadlines::due_on.asc(), deadlines::kind.asc()))
        .select(DeadlineRow::as_select())
        .load(conn)?;
    let flags = flags::table
        .filter(flags::case_id.eq(case_id))
        .filter(flags::superseded_at.is_null())
        .order((flags::created_at.asc(), flags::id.asc()))
        .select(FlagRow::as_select())
        .load(conn)?;
    Ok(CaseClocks { preservations, ndos, deadlines, flags })
}

/// A deadline with the case it belongs to.
#[derive(Debug, Clone)]
pub struct DeadlineOfCase {
    pub deadline: DeadlineRow,
    pub reference: String,
    pub title: String,
    pub status: String,
}

/// Current deadlines due in [from, to] across all cases (only open ones if `open_cases_only`),
/// soonest first (at most `limit`).
pub fn deadlines_between(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
    kind: Option<&str>,
    open_cases_only: bool,
    limit: i64,
) -> QueryResult<Vec<DeadlineOfCase>> {
    let mut query = deadlines::table
        .inner_join(cases::table)
        .filter(deadlines::superseded_at.is_null())
        .filter(deadlines::due_on.ge(from))
        .filter(deadlines::due_on.le(to))
        .select((DeadlineRow::as_select(), cases::reference, cases::title, cases::status))
        .order((deadlines::due_on.asc(), cases::reference.asc(), deadlines::kind.asc()))
        .limit(limit)
        .into_boxed::<<DbConnection as Connection>::Backend>();
    if let Some(kind) = kind {
        query = query.filter(deadlines::kind.eq(kind.to_owned()));
    }
    if open_cases_only {
        let open: Vec<&str> =
            CaseStatus::ALL.iter().filter(|status| status.is_open()).map(|status| status.as_str()).collect();
        query = query.filter(cases::status.eq_any(open));
    }
    let rows: Vec<(DeadlineRow, String, String, String)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(deadline, reference, title, status)| DeadlineOfCase { deadline, reference, title, status })
        .collect())
}

/// The term an order row stores in three columns (kept consistent by the table's constraints).
pub fn ndo_term(row: &NdoRow) -> Result<NdoTerm, StorageError> {
    let corrupt = |what: String| StorageError::Corrupt(format!("ndo {}: {what}", row.id));
    match (row.term.as_str(), row.ends_on, row.duration_amount, row.duration_unit.as_deref()) {
        ("fixed_end", Some(ends_on), _, _) => Ok(NdoTerm::FixedEnd(ends_on)),
        ("duration", _, Some(amount), Some(unit)) => {
            let unit = match unit {
                "days" => DurationUnit::Days,
                "months" => DurationUnit::Months,
                "years" => DurationUnit::Years,
                other => return Err(corrupt(format!("duration unit {other:?}"))),
            };
            let amount = u32::try_from(amount).map_err(|e| corrupt(e.to_string()))?;
            NdoTerm::duration(amount, unit).map_err(|e| corrupt(e.to_string()))
        }
        ("until_further_order", _, _, _) => Ok(NdoTerm::UntilFurtherOrder),
        _ => Err(corrupt("unreadable term".into())),
    }
}
