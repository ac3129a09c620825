//! Atomic counters (case reference sequences) that stay correct with several writers.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::counters::dsl::{counters, name, value};

/// Increments the named counter and returns its new value, creating it at 1. One upsert
/// statement, so two instances never hand out the same number. MultiConnection has no upsert,
/// hence the match on the backend.
pub fn next_value(conn: &mut DbConnection, counter: &str) -> QueryResult<i64> {
    let row = (name.eq(counter), value.eq(1_i64));
    match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(counters)
            .values(row)
            .on_conflict(name)
            .do_update()
            .set(value.eq(value + 1))
            .returning(value)
            .get_result(c),
        DbConnection::Postgres(c) => diesel::insert_into(counters)
            .values(row)
            .on_conflict(name)
            .do_update()
            .set(value.eq(value + 1))
            .returning(value)
            .get_result(c),
    }
}
