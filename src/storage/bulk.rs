//! Multi-row inserts for bulk loaders (demo data, intake's targets and guesses). MultiConnection has no
//! batch insert, so each function matches on the backend; slices keep every statement under
//! PostgreSQL's 65,535 bind parameters.

use diesel::prelude::*;

use super::DbConnection;
use super::rows::{
    CaseRow, DeadlineRow, FlagRow, IntakeGuessRow, LegalProcessRow, NdoRow, NewAuditEventRow,
    PreservationRow, TargetRow,
};
use super::schema::{
    audit_events, cases, deadlines, flags, intake_guesses, legal_processes, ndos, preservations, targets,
};

const ROWS_PER_STATEMENT: usize = 500;

pub fn insert_cases(conn: &mut DbConnection, rows: &[CaseRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(cases::table).values(slice).execute(c)?,
            DbConnection::Postgres(c) => diesel::insert_into(cases::table).values(slice).execute(c)?,
        };
    }
    Ok(())
}

pub fn insert_processes(conn: &mut DbConnection, rows: &[LegalProcessRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => {
                diesel::insert_into(legal_processes::table).values(slice).execute(c)?
            }
            DbConnection::Postgres(c) => {
                diesel::insert_into(legal_processes::table).values(slice).execute(c)?
            }
        };
    }
    Ok(())
}

pub fn insert_targets(conn: &mut DbConnection, rows: &[TargetRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(targets::table).values(slice).execute(c)?,
            DbConnection::Postgres(c) => diesel::insert_into(targets::table).values(slice).execute(c)?,
        };
    }
    Ok(())
}

pub fn insert_intake_guesses(conn: &mut DbConnection, rows: &[IntakeGuessRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(intake_guesses::table).values(slice).execute(c)?,
            DbConnection::Postgres(c) => {
                diesel::insert_into(intake_guesses::table).values(slice).execute(c)?
            }
        };
    }
    Ok(())
}

/// Inserts already sealed, chained events (see `audit::append_all`).
pub(super) fn insert_audit_events(conn: &mut DbConnection, rows: &[NewAuditEventRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(audit_events::table).values(slice).execute(c)?,
            DbConnection::Postgres(c) => diesel::insert_into(audit_events::table).values(slice).execute(c)?,
        };
    }
    Ok(())
}

pub fn insert_preservations(conn: &mut DbConnection, rows: &[PreservationRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(preservations::table).values(slice).execute(c)?,
            DbConnection::Postgres(c) => {
                diesel::insert_into(preservations::table).values(slice).execute(c)?
            }
        };
    }
    Ok(())
}

pub fn insert_ndos(conn: &mut DbConnection, rows: &[NdoRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(ndos::table).values(slice).execute(c)?,
            DbConnection::Postgres(c) => diesel::insert_into(ndos::table).values(slice).execute(c)?,
        };
    }
    Ok(())
}

pub fn insert_deadlines(conn: &mut DbConnection, rows: &[DeadlineRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(deadlines::table).values(slice).execute(c)?,
            DbConnection::Postgres(c) => diesel::insert_into(deadlines::table).values(slice).execute(c)?,
        };
    }
    Ok(())
}

pub fn insert_flags(conn: &mut DbConnection, rows: &[FlagRow]) -> QueryResult<()> {
    for slice in rows.chunks(ROWS_PER_STATEMENT) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(flags::table).values(slice).execute(c)?,
            DbConnection::Postgres(c) => diesel::insert_into(flags::table).values(slice).execute(c)?,
        };
    }
    Ok(())
}
