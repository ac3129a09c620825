//! Small named values the scheduler keeps between ticks: the last day it recomputed the clocks,
//! sent the digest, or scanned for overdue deadlines. Each is set in the same transaction as the
//! work it records, so a crash repeats the work (idempotently) rather than skipping it.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::storage::DbConnection;
use crate::storage::schema::scheduler_marks;

pub const RECOMPUTED_ON: &str = "clocks_recomputed_on";
pub const DIGEST_SENT_ON: &str = "digest_queued_on";
pub const OVERDUE_SCANNED_ON: &str = "overdue_scanned_on";
pub const HEADSUPS_SCANNED_ON: &str = "ndo_headsups_scanned_on";

pub fn date(conn: &mut DbConnection, name: &str) -> QueryResult<Option<NaiveDate>> {
    let value: Option<String> =
        scheduler_marks::table.find(name).select(scheduler_marks::value).first(conn).optional()?;
    Ok(value.and_then(|v| v.parse().ok()))
}

pub fn set_date(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    name: &str,
    value: NaiveDate,
) -> QueryResult<()> {
    // An upsert: two instances ticking at once may both set a mark for the first time.
    let row = (
        scheduler_marks::name.eq(name),
        scheduler_marks::value.eq(value.to_string()),
        scheduler_marks::updated_at.eq(now.naive_utc()),
    );
    let update =
        (scheduler_marks::value.eq(value.to_string()), scheduler_marks::updated_at.eq(now.naive_utc()));
    match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(scheduler_marks::table)
            .values(row)
            .on_conflict(scheduler_marks::name)
            .do_update()
            .set(update)
            .execute(c)?,
        DbConnection::Postgres(c) => diesel::insert_into(scheduler_marks::table)
            .values(row)
            .on_conflict(scheduler_marks::name)
            .do_update()
            .set(update)
            .execute(c)?,
    };
    Ok(())
}

/// Moves a mark to `today` unless it is there already; returns whether this call moved it, so
/// of several instances ticking at once exactly one does the day's work.
pub fn claim_date(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    name: &str,
    today: NaiveDate,
) -> QueryResult<bool> {
    let row = (
        scheduler_marks::name.eq(name),
        scheduler_marks::value.eq(today.to_string()),
        scheduler_marks::updated_at.eq(now.naive_utc()),
    );
    let inserted = match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(scheduler_marks::table)
            .values(row)
            .on_conflict(scheduler_marks::name)
            .do_nothing()
            .execute(c)?,
        DbConnection::Postgres(c) => diesel::insert_into(scheduler_marks::table)
            .values(row)
            .on_conflict(scheduler_marks::name)
            .do_nothing()
            .execute(c)?,
    };
    if inserted == 1 {
        return Ok(true);
    }
    // ISO dates compare as text.
    let moved = diesel::update(
        scheduler_marks::table.find(name).filter(scheduler_marks::value.lt(today.to_string())),
    )
    .set((scheduler_marks::value.eq(today.to_string()), scheduler_marks::updated_at.eq(now.naive_utc())))
    .execute(conn)?;
    Ok(moved == 1)
}
