//! The records database adapter: the provider's own records (docs/RECORDS.md), in SQLite or
//! PostgreSQL (a URL of the same form as lert's own database), read-only. It finds the accounts behind a
//! case's identifiers and streams one kind of records for those accounts, optionally inside a
//! time window, row by row: PostgreSQL in row-by-row mode, SQLite stepping its cursor, so a
//! million log rows never sit in memory at once.

pub mod fill;
mod rows;
mod schema;

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::pg::PgRowByRowLoadingMode;
use diesel::prelude::*;

use crate::domain::identifier::{Identifier, TargetKind};
use crate::domain::production_scope::TimeWindow;
use crate::domain::records::{Record, RecordKind};
use crate::storage::{DatabaseUrl, DbConnection};
use rows::{AccountRow, ApiLogRow, CertificateRow, ContactEmailRow, IntoRecord};
use schema::{accounts, api_log, certificates, contact_emails};

/// The statements that create an empty records database (for `lert demo` and tests).
pub const SCHEMA_SQL: &str = include_str!("records_db/schema.sql");

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("the records database cannot be opened: {0}")]
    Open(String),
    #[error("reading the records database: {0}")]
    Query(#[from] diesel::result::Error),
    /// A row the provider's database holds that is not a valid record; the production stops
    /// rather than leave it out silently.
    #[error("the records database holds an invalid {kind} row ({key}): {problem}")]
    InvalidRow { kind: &'static str, key: String, problem: String },
    #[error("{0}")]
    Consumer(String),
}

/// An open records database.
pub struct RecordsDb {
    conn: DbConnection,
}

impl RecordsDb {
    pub fn open(url: &str) -> Result<RecordsDb, SourceError> {
        let url = DatabaseUrl::parse(url).map_err(|e| SourceError::Open(e.to_string()))?;
        let conn = url.connect().map_err(|e| SourceError::Open(e.to_string()))?;
        Ok(RecordsDb { conn })
    }

    /// Creates the tables if they do not exist.
    pub fn create_schema(&mut self) -> Result<(), SourceError> {
        self.conn.batch_execute(SCHEMA_SQL)?;
        Ok(())
    }

    pub fn connection(&mut self) -> &mut DbConnection {
        &mut self.conn
    }

    /// The accounts the identifiers point at: an account id itself; the accounts that used an
    /// email address as a contact; those that were issued a certificate for a domain or with a
    /// serial; those registered from, or that made requests from, an IP address.
    pub fn accounts_for(&mut self, identifiers: &[Identifier]) -> Result<BTreeSet<String>, SourceError> {
        accounts_of(&mut self.conn, identifiers)
    }

    /// Streams the records of `kind` that belong to `accounts`, in time order, handing each to
    /// `sink`; for API logs and certificates only those inside `window` when one is given.
    /// Returns how many were handed on.
    pub fn stream(
        &mut self,
        kind: RecordKind,
        accounts: &BTreeSet<String>,
        window: Option<TimeWindow>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<u64, SourceError> {
        let ids: Vec<String> = accounts.iter().cloned().collect();
        let (from, until) = match window {
            Some(w) => (w.from.naive_utc(), w.until.naive_utc()),
            // Bounds every stored time sorts between, as text (SQLite) and as timestamps alike.
            None => (far_past(), far_future()),
        };
        match kind {
            RecordKind::Accounts => {
                let query = accounts::table
                    .filter(accounts::account_id.eq_any(ids))
                    .order(accounts::account_id.asc())
                    .select((accounts::account_id, accounts::created_at, accounts::registration_ip));
                each::<_, AccountRow>(&mut self.conn, query, sink)
            }
            RecordKind::ContactEmails => {
                let query = contact_emails::table
                    .filter(contact_emails::account_id.eq_any(ids))
                    .order((contact_emails::added_at.asc(), contact_emails::email.asc()))
                    .select((
                        contact_emails::account_id,
                        contact_emails::email,
                        contact_emails::added_at,
                        contact_emails::removed_at,
                    ));
                each::<_, ContactEmailRow>(&mut self.conn, query, sink)
            }
            RecordKind::ApiLog => {
                let query = api_log::table
                    .filter(api_log::account_id.eq_any(ids))
                    .filter(api_log::at.ge(from))
                    .filter(api_log::at.lt(until))
                    .order(api_log::at.asc())
                    .select((
                        api_log::at,
                        api_log::account_id,
                        api_log::endpoint,
                        api_log::domains,
                        api_log::client_ip,
                    ));
                each::<_, ApiLogRow>(&mut self.conn, query, sink)
            }
            RecordKind::Certificates => {
                let query = certificates::table
                    .filter(certificates::account_id.eq_any(ids))
                    .filter(certificates::not_before.ge(from))
                    .filter(certificates::not_before.lt(until))
                    .order((certificates::not_before.asc(), certificates::serial.asc()))
                    .select((
                        certificates::serial,
                        certificates::account_id,
                        certificates::names,
                        certificates::not_before,
                        certificates::not_after,
                    ));
                each::<_, CertificateRow>(&mut self.conn, query, sink)
            }
        }
    }
}

/// `RecordsDb::accounts_for` on a connection (fill uses it inside its transaction).
pub(super) fn accounts_of(
    conn: &mut DbConnection,
    identifiers: &[Identifier],
) -> Result<BTreeSet<String>, SourceError> {
    let mut found = BTreeSet::new();
    for identifier in identifiers {
        let value = identifier.normalized().to_owned();
        let ids: Vec<String> = match identifier.kind() {
            TargetKind::AccountId => accounts::table
                .filter(accounts::account_id.eq(&value))
                .select(accounts::account_id)
                .load(conn)?,
            TargetKind::Email => contact_emails::table
                .filter(contact_emails::email.eq(&value))
                .select(contact_emails::account_id)
                .distinct()
                .load(conn)?,
            TargetKind::Domain => certificates::table
                .filter(
                    (String::from(" ")
                        .into_sql::<diesel::sql_types::Text>()
                        .concat(certificates::names)
                        .concat(" "))
                    .like(format!("% {} %", escape_like(&value)))
                    .escape('\\'),
                )
                .select(certificates::account_id)
                .distinct()
                .load(conn)?,
            // Stored serials often keep their leading zeros (Boulder writes 36 hex digits).
            TargetKind::CertSerial => certificates::table
                .filter(
                    diesel::dsl::sql::<diesel::sql_types::Bool>("ltrim(lower(serial), '0') = ")
                        .bind::<diesel::sql_types::Text, _>(value.clone()),
                )
                .select(certificates::account_id)
                .load(conn)?,
            TargetKind::Ip => {
                let mut ids: Vec<String> = accounts::table
                    .filter(accounts::registration_ip.eq(&value))
                    .select(accounts::account_id)
                    .load(conn)?;
                let from_logs: Vec<Option<String>> = api_log::table
                    .filter(api_log::client_ip.eq(&value))
                    .filter(api_log::account_id.is_not_null())
                    .select(api_log::account_id)
                    .distinct()
                    .load(conn)?;
                ids.extend(from_logs.into_iter().flatten());
                ids
            }
        };
        found.extend(ids);
    }
    Ok(found)
}

/// Runs `query` on whichever backend, row by row.
fn each<Q, R>(
    conn: &mut DbConnection,
    query: Q,
    sink: &mut dyn FnMut(Record) -> Result<(), String>,
) -> Result<u64, SourceError>
where
    Q: diesel::query_dsl::LoadQuery<
            'static,
            diesel::SqliteConnection,
            R,
            diesel::connection::DefaultLoadingMode,
        > + diesel::query_dsl::LoadQuery<'static, diesel::PgConnection, R, PgRowByRowLoadingMode>,
    R: IntoRecord,
{
    let mut count = 0;
    let mut hand_on = |row: R| -> Result<(), SourceError> {
        sink(row.into_record()?).map_err(SourceError::Consumer)?;
        count += 1;
        Ok(())
    };
    match conn {
        DbConnection::Sqlite(lite) => {
            for row in query.load_iter::<R, diesel::connection::DefaultLoadingMode>(lite)? {
                hand_on(row?)?;
            }
        }
        DbConnection::Postgres(pg) => {
            for row in query.load_iter::<R, PgRowByRowLoadingMode>(pg)? {
                hand_on(row?)?;
            }
        }
    }
    Ok(count)
}

fn far_past() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(1, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("a valid date")
}

fn far_future() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .expect("a valid date")
}

fn escape_like(value: &str) -> String {
    value.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[cfg(test)]
mod tests;
