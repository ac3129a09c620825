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
    let updated = diesel::update(scheduler_marks::table.find(name))
        .set((scheduler_marks::value.eq(value.to_string()), scheduler_marks::updated_at.eq(now.naive_utc())))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(scheduler_marks::table)
            .values((
                scheduler_marks::name.eq(name),
                scheduler_marks::value.eq(value.to_string()),
                scheduler_marks::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
    }
    Ok(())
}
