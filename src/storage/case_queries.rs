//! Read models for cases: one case in full, and filtered, keyset-paginated lists.

use chrono::NaiveDateTime;
use diesel::dsl::exists;
use diesel::prelude::*;

use super::DbConnection;
use super::clock_queries::{CaseClocks, load_case_clocks};
use super::rows::{AgencyRow, CaseListRow, CaseRow, DocumentRow, LegalProcessRow, TargetRow};
use super::schema::{agencies, cases, documents, flags, legal_processes, targets, users};
use super::sql_functions::lower;

type Db = <DbConnection as Connection>::Backend;

pub fn find_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<CaseRow>> {
    cases::table.find(id).select(CaseRow::as_select()).first(conn).optional()
}

pub fn find_by_reference(conn: &mut DbConnection, reference: &str) -> QueryResult<Option<CaseRow>> {
    cases::table.filter(cases::reference.eq(reference)).select(CaseRow::as_select()).first(conn).optional()
}

/// A case with everything recorded on it.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    pub case: CaseRow,
    pub agency: Option<AgencyRow>,
    pub assignee_email: Option<String>,
    pub processes: Vec<LegalProcessRow>,
    pub targets: Vec<TargetRow>,
    pub documents: Vec<DocumentRow>,
    pub clocks: CaseClocks,
    /// Subscriber notices, oldest first.
    pub notices: Vec<super::outbox::OutboxRow>,
    pub productions: super::production_json::ProductionsJson,
}

pub fn load_detail(conn: &mut DbConnection, reference: &str) -> QueryResult<Option<CaseDetail>> {
    let Some(case) = find_by_reference(conn, reference)? else { return Ok(None) };
    let agency = match &case.agency_id {
        Some(id) => agencies::table.find(id).select(AgencyRow::as_select()).first(conn).optional()?,
        None => None,
    };
    let assignee_email = match &case.assignee_id {
        Some(id) => users::table.find(id).select(users::email).first(conn).optional()?,
        None => None,
    };
    let processes = legal_processes::table
        .filter(legal_processes::case_id.eq(&case.id))
        .order((legal_processes::created_at.asc(), legal_processes::id.asc()))
        .select(LegalProcessRow::as_select())
        .load(conn)?;
    let targets = targets::table
        .filter(targets::case_id.eq(&case.id))
        .filter(targets::withdrawn_at.is_null())
        .order((targets::created_at.asc(), targets::id.asc()))
        .select(TargetRow::as_select())
        .load(conn)?;
    let documents = documents::table
        .filter(documents::case_id.eq(&case.id))
        .order((documents::created_at.asc(), documents::id.asc()))
        .select(DocumentRow::as_select())
        .load(conn)?;
    let clocks = load_case_clocks(conn, &case.id)?;
    let notices = super::outbox::of_case(conn, &case.id, &["subscriber_notice", "delayed_notice"])?;
    let productions = super::production_json::ProductionsJson::load(conn, &case.id, &case.reference)?;
    Ok(Some(CaseDetail {
        case,
        agency,
        assignee_email,
        processes,
        targets,
        documents,
        clocks,
        notices,
        productions,
    }))
}

/// Filters for the case list; every field is already validated.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Words found in the reference, the title, the agency's name or a target (case-insensitive).
    pub text: Option<String>,
    /// The assignee's email; `Some("")` for unassigned cases.
    pub assignee: Option<String>,
    /// A current flag of this kind (e.g. `lookback_exceeded`).
    pub flag: Option<String>,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
    pub status: Option<String>,
    pub kind: Option<String>,
    /// An agency id or its exact name (case-insensitive).
    pub agency: Option<String>,
    /// A normalised identifier.
    pub identifier: Option<String>,
    pub received_from: Option<NaiveDateTime>,
    pub received_before: Option<NaiveDateTime>,
    pub after: Option<Cursor>,
    pub limit: i64,
}

/// Position after the last row of a page: by receipt, ties broken by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub received_at: NaiveDateTime,
    pub id: String,
}

impl Cursor {
    /// `<microseconds>~<id>`, as the API and the dashboard pass it.
    pub fn token(&self) -> String {
        format!("{}~{}", self.received_at.and_utc().timestamp_micros(), self.id)
    }

    pub fn parse(raw: &str) -> Option<Cursor> {
        let (micros, id) = raw.split_once('~')?;
        let received_at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
        (!id.is_empty() && id.len() <= 64).then(|| Cursor { received_at, id: id.to_owned() })
    }
}

#[derive(Debug, Clone)]
pub struct CaseSummary {
    pub case: CaseListRow,
    pub agency_name: Option<String>,
    pub assignee_email: Option<String>,
    pub process_kinds: Vec<String>,
}

/// One page of cases, newest first, and the cursor for the next page if there is one.
pub fn list(conn: &mut DbConnection, filter: &CaseFilter) -> QueryResult<(Vec<CaseSummary>, Option<Cursor>)> {
    let mut query = cases::table
        .left_join(agencies::table)
        .left_join(users::table)
        .select((CaseListRow::as_select(), agencies::name.nullable(), users::email.nullable()))
        .into_boxed::<Db>();
    if let Some(status) = &filter.status {
        query = query.filter(cases::status.eq(status.clone()));
    }
    if let Some(kind) = &filter.kind {
        // Correlated, so the scan in received order stops after a page of matches instead of
        // first collecting every case of a common kind.
        query = query.filter(exists(
            legal_processes::table
                .filter(legal_processes::case_id.eq(cases::id))
                .filter(legal_processes::kind.eq(kind.clone())),
        ));
    }
    if let Some(agency) = &filter.agency {
        let named: Vec<String> = agencies::table
            .filter(agencies::id.eq(agency).or(lower(agencies::name).eq(lower(agency))))
            .select(agencies::id)
            .load(conn)?;
        query = query.filter(cases::agency_id.eq_any(named));
    }
    if let Some(identifier) = &filter.identifier {
        let with_target = targets::table
            .filter(targets::normalized.eq(identifier.clone()))
            .filter(targets::withdrawn_at.is_null())
            .select(targets::case_id);
        query = query.filter(cases::id.eq_any(with_target));
    }
    if let Some(from) = filter.received_from {
        query = query.filter(cases::received_at.ge(from));
    }
    if let Some(before) = filter.received_before {
        query = query.filter(cases::received_at.lt(before));
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        // Correlated, so a narrowing filter (a status, say) leaves only its cases' targets to read.
        let in_targets = exists(
            targets::table
                .filter(targets::case_id.eq(cases::id))
                .filter(lower(targets::raw).like(pattern.clone()).escape('\\'))
                .filter(targets::withdrawn_at.is_null()),
        );
        query = query.filter(
            lower(cases::reference)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(cases::title).like(pattern.clone()).escape('\\'))
                .or(lower(agencies::name.nullable().assume_not_null()).like(pattern.clone()).escape('\\'))
                .or(in_targets),
        );
    }
    match filter.assignee.as_deref() {
        Some("") => query = query.filter(cases::assignee_id.is_null()),
        Some(email) => {
            query = query.filter(lower(users::email.nullable().assume_not_null()).eq(email.to_lowercase()))
        }
        None => {}
    }
    if let Some(flag) = &filter.flag {
        query = query.filter(exists(
            flags::table
                .filter(flags::case_id.eq(cases::id))
                .filter(flags::kind.eq(flag.clone()))
                .filter(flags::superseded_at.is_null()),
        ));
    }
    if let Some(after) = &filter.after {
        query = if filter.oldest_first {
            query.filter(
                cases::received_at
                    .gt(after.received_at)
                    .or(cases::received_at.eq(after.received_at).and(cases::id.gt(after.id.clone()))),
            )
        } else {
            query.filter(
                cases::received_at
                    .lt(after.received_at)
                    .or(cases::received_at.eq(after.received_at).and(cases::id.lt(after.id.clone()))),
            )
        };
    }
    query = if filter.oldest_first {
        query.order((cases::received_at.asc(), cases::id.asc()))
    } else {
        query.order((cases::received_at.desc(), cases::id.desc()))
    };
    let mut rows: Vec<(CaseListRow, Option<String>, Option<String>)> =
        query.limit(filter.limit + 1).load(conn)?;
    let next = if rows.len() as i64 > filter.limit {
        rows.truncate(filter.limit as usize);
        rows.last().map(|(case, _, _)| Cursor { received_at: case.received_at, id: case.id.clone() })
    } else {
        None
    };
    let ids: Vec<&str> = rows.iter().map(|(case, _, _)| case.id.as_str()).collect();
    let kinds: Vec<(String, String)> = legal_processes::table
        .filter(legal_processes::case_id.eq_any(&ids))
        .order((legal_processes::case_id, legal_processes::created_at))
        .select((legal_processes::case_id, legal_processes::kind))
        .load(conn)?;
    let summaries = rows
        .into_iter()
        .map(|(case, agency_name, assignee_email)| {
            let process_kinds =
                kinds.iter().filter(|(id, _)| *id == case.id).map(|(_, k)| k.clone()).collect();
            CaseSummary { case, agency_name, assignee_email, process_kinds }
        })
        .collect();
    Ok((summaries, next))
}

fn escape_like(value: &str) -> String {
    value.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
