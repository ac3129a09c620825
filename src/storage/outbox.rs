//! The outbox: every email as a row before it is sent. The state the scheduler scans and updates
//! (`outbox`) is kept apart from what the email says (`outbox_contents`). Inserting is idempotent
//! on the row's dedupe key, so the scheduler and the workflows may ask for the same email again
//! and again (every tick, every recompute) and it is written once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{outbox, outbox_contents};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub kind: String,
    pub case_id: Option<String>,
    pub target_id: Option<String>,
    pub dedupe_key: String,
    pub recipient: Option<String>,
    pub message_id: String,
    pub status: String,
    pub scheduled_for: Option<NaiveDateTime>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub lease_owner: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = outbox_contents, treat_none_as_null = true)]
pub struct OutboxContent {
    pub outbox_id: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub in_reply_to: Option<String>,
    pub approved_by: Option<String>,
}

/// Inserts the email unless a row with its dedupe key exists; returns whether it was inserted.
/// `ON CONFLICT DO NOTHING` rather than a failed insert, which would abort a PostgreSQL
/// transaction.
pub fn insert_if_new(conn: &mut DbConnection, row: &OutboxRow, content: &OutboxContent) -> QueryResult<bool> {
    let inserted = match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(outbox::table)
            .values(row)
            .on_conflict(outbox::dedupe_key)
            .do_nothing()
            .execute(c)?,
        DbConnection::Postgres(c) => diesel::insert_into(outbox::table)
            .values(row)
            .on_conflict(outbox::dedupe_key)
            .do_nothing()
            .execute(c)?,
    };
    if inserted == 1 {
        diesel::insert_into(outbox_contents::table).values(content).execute(conn)?;
    }
    Ok(inserted == 1)
}

/// Multi-row insert for benchmarks and demo data (no dedupe check: the caller's keys are new).
pub fn insert_many(conn: &mut DbConnection, rows: &[(OutboxRow, OutboxContent)]) -> QueryResult<()> {
    for slice in rows.chunks(100) {
        let states: Vec<&OutboxRow> = slice.iter().map(|(row, _)| row).collect();
        let contents: Vec<&OutboxContent> = slice.iter().map(|(_, content)| content).collect();
        match conn {
            DbConnection::Sqlite(c) => {
                diesel::insert_into(outbox::table).values(states).execute(c)?;
                diesel::insert_into(outbox_contents::table).values(contents).execute(c)?;
            }
            DbConnection::Postgres(c) => {
                diesel::insert_into(outbox::table).values(states).execute(c)?;
                diesel::insert_into(outbox_contents::table).values(contents).execute(c)?;
            }
        }
    }
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<OutboxRow>> {
    outbox::table.find(id).select(OutboxRow::as_select()).first(conn).optional()
}

pub fn content(conn: &mut DbConnection, id: &str) -> QueryResult<OutboxContent> {
    outbox_contents::table.find(id).select(OutboxContent::as_select()).first(conn)
}

/// Replaces what a (not yet sent) email says.
pub fn set_content(conn: &mut DbConnection, content: &OutboxContent) -> QueryResult<()> {
    diesel::update(outbox_contents::table.find(&content.outbox_id)).set(content).execute(conn)?;
    Ok(())
}

/// A case's rows of the given kinds, oldest first.
pub fn of_case(conn: &mut DbConnection, case_id: &str, kinds: &[&str]) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::case_id.eq(case_id))
        .filter(outbox::kind.eq_any(kinds))
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .select(OutboxRow::as_select())
        .load(conn)
}
