//! The demo's records database: an account behind every identifier the demo cases name, with
//! contacts, certificates and API logs, so a production can be made for any demo case.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::identifier::{Identifier, TargetKind};
use crate::productions::records_db::fill::{Filled, fill_for};
use crate::productions::records_db::{RecordsDb, SourceError};
use crate::storage::DbConnection;
use crate::storage::schema::targets;

/// Fills the records database at `url` (creating its tables) for every target in lert's
/// database, plus `api_log_rows` log entries for the first one (benchmarks).
pub fn seed_records(
    conn: &mut DbConnection,
    url: &str,
    now: DateTime<Utc>,
    api_log_rows: u64,
    seed: u64,
) -> Result<Filled, SourceError> {
    let rows: Vec<(String, String)> = targets::table
        .filter(targets::withdrawn_at.is_null())
        .order((targets::created_at.asc(), targets::id.asc()))
        .select((targets::kind, targets::normalized))
        .load(conn)?;
    let identifiers: Vec<Identifier> = rows
        .iter()
        .filter_map(|(kind, value)| Identifier::parse(TargetKind::parse(kind).ok()?, value).ok())
        .collect();
    let mut records = RecordsDb::open(url)?;
    records.create_schema()?;
    fill_for(&mut records, &identifiers, now, api_log_rows, seed)
}
