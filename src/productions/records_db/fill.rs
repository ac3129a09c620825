//! Synthetic records for demos and benchmarks: accounts, contact emails, certificates and API
//! log entries that the given identifiers lead to (so `lert demo`'s cases have records to
//! produce), and optionally a large log for one account (the bundle benchmark). Reserved names
//! and documentation IP ranges only.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use super::schema::{accounts, api_log, certificates, contact_emails};
use super::{RecordsDb, SourceError};
use crate::domain::identifier::{Identifier, TargetKind};
use crate::storage::DbConnection;

const ENDPOINTS: [&str; 6] = ["new-nonce", "new-order", "authz", "challenge", "finalize", "cert"];
const ROWS_PER_STATEMENT: usize = 1_000;
/// Each account's ordinary traffic: a few weeks of requests, some older than the lookback window.
const LOG_ROWS_PER_ACCOUNT: u64 = 12;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Filled {
    pub accounts: u64,
    pub contact_emails: u64,
    pub certificates: u64,
    pub api_log_rows: u64,
}

/// Fills `db` with an account per identifier (by its kind: the account itself, one using the
/// email as contact, one issued a certificate for the domain or with the serial, one registered
/// from the IP), each with a few weeks of API log entries; then `extra_log_rows` more entries for
/// the first account, spread over the 90 days before `now`.
pub fn fill_for(
    db: &mut RecordsDb,
    identifiers: &[Identifier],
    now: DateTime<Utc>,
    extra_log_rows: u64,
    seed: u64,
) -> Result<Filled, SourceError> {
    // One transaction: thousands of small inserts commit once.
    crate::storage::write_tx(db.connection(), |conn| fill_inner(conn, identifiers, now, extra_log_rows, seed))
}

fn fill_inner(
    conn: &mut DbConnection,
    identifiers: &[Identifier],
    now: DateTime<Utc>,
    extra_log_rows: u64,
    seed: u64,
) -> Result<Filled, SourceError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut filled = Filled::default();
    let mut first_account = None;
    let mut seen = std::collections::HashSet::new();
    let first_fill = certificates::table.count().get_result::<i64>(conn)? == 0;
    for (index, identifier) in identifiers.iter().enumerate() {
        let account_id = match identifier.kind() {
            TargetKind::AccountId => identifier.normalized().to_owned(),
            _ => (900_000_000 + index as u64).to_string(),
        };
        first_account.get_or_insert_with(|| account_id.clone());
        let created = now - TimeDelta::days(rng.random_range(200..2_000));
        let registration_ip = match identifier.kind() {
            TargetKind::Ip => identifier.normalized().to_owned(),
            _ => format!("198.51.100.{}", rng.random_range(1..255)),
        };
        if !seen.insert((identifier.kind(), identifier.normalized().to_owned())) {
            continue; // named twice
        }
        let exists: i64 =
            accounts::table.filter(accounts::account_id.eq(&account_id)).count().get_result(conn)?;
        // Domains and serials are found by scanning certificates: into an empty database (the
        // usual first fill) only the indexed kinds need looking up.
        let indexed = matches!(identifier.kind(), TargetKind::AccountId | TargetKind::Email | TargetKind::Ip);
        let look_up = indexed || !first_fill;
        if exists > 0 || (look_up && !super::accounts_of(conn, std::slice::from_ref(identifier))?.is_empty())
        {
            // The identifier already leads to an account (a second fill).
            continue;
        }
        diesel::insert_into(accounts::table)
            .values((
                accounts::account_id.eq(&account_id),
                accounts::created_at.eq(created.naive_utc()),
                accounts::registration_ip.eq(&registration_ip),
            ))
            .execute(conn)?;
        filled.accounts += 1;
        let contact = match identifier.kind() {
            TargetKind::Email => identifier.normalized().to_owned(),
            _ => format!("owner-{account_id}@example.net"),
        };
        diesel::insert_into(contact_emails::table)
            .values((
                contact_emails::account_id.eq(&account_id),
                contact_emails::email.eq(&contact),
                contact_emails::added_at.eq(created.naive_utc()),
            ))
            .execute(conn)?;
        filled.contact_emails += 1;
        let (serial, names) = match identifier.kind() {
            TargetKind::Domain => (
                format!("{:x}{:08x}", 0x3a0 + index, rng.random::<u32>()),
                identifier.normalized().to_owned(),
            ),
            TargetKind::CertSerial => {
                (identifier.normalized().to_owned(), format!("host{index}.example.com"))
            }
            _ => {
                (format!("{:x}{:08x}", 0x4b0 + index, rng.random::<u32>()), format!("www{index}.example.org"))
            }
        };
        let issued = now - TimeDelta::days(rng.random_range(1..80));
        diesel::insert_into(certificates::table)
            .values((
                certificates::serial.eq(&serial),
                certificates::account_id.eq(&account_id),
                certificates::names.eq(&names),
                certificates::not_before.eq(issued.naive_utc()),
                certificates::not_after.eq((issued + TimeDelta::days(90)).naive_utc()),
            ))
            .execute(conn)?;
        filled.certificates += 1;
        let first_name = names.split(' ').next().unwrap_or_default().to_owned();
        filled.api_log_rows +=
            insert_log(conn, &mut rng, &account_id, &first_name, now, 120, LOG_ROWS_PER_ACCOUNT)?;
    }
    if let Some(account_id) = first_account.filter(|_| extra_log_rows > 0) {
        filled.api_log_rows +=
            insert_log(conn, &mut rng, &account_id, "bulk.example.com", now, 90, extra_log_rows)?;
    }
    Ok(filled)
}

/// `rows` log entries for `account_id` at random instants in the `days` before `now`.
fn insert_log(
    conn: &mut DbConnection,
    rng: &mut StdRng,
    account_id: &str,
    domain: &str,
    now: DateTime<Utc>,
    days: i64,
    rows: u64,
) -> Result<u64, SourceError> {
    let span = days * 86_400;
    let mut remaining = rows;
    while remaining > 0 {
        let batch = remaining.min(ROWS_PER_STATEMENT as u64);
        let values: Vec<_> = (0..batch)
            .map(|_| {
                let at = now - TimeDelta::seconds(rng.random_range(0..span));
                (
                    api_log::at.eq(at.naive_utc()),
                    api_log::account_id.eq(Some(account_id.to_owned())),
                    api_log::endpoint.eq(ENDPOINTS[rng.random_range(0..ENDPOINTS.len())]),
                    api_log::domains.eq(domain.to_owned()),
                    api_log::client_ip.eq(format!("203.0.113.{}", rng.random_range(1..255))),
                )
            })
            .collect();
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(api_log::table).values(values).execute(c)?,
            DbConnection::Postgres(c) => diesel::insert_into(api_log::table).values(values).execute(c)?,
        };
        remaining -= batch;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::TimeZone;

    use super::*;
    use crate::domain::records::RecordKind;

    #[test]
    fn every_identifier_leads_to_an_account_with_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut db =
            RecordsDb::open(&format!("sqlite://{}", dir.path().join("records.db").display())).unwrap();
        db.create_schema().unwrap();
        let identifiers: Vec<Identifier> = [
            (TargetKind::AccountId, "12345"),
            (TargetKind::Email, "someone@example.com"),
            (TargetKind::Domain, "example.com"),
            (TargetKind::Ip, "192.0.2.77"),
            (TargetKind::CertSerial, "03:a1:b2:c3:d4:e5:f6:07"),
        ]
        .into_iter()
        .map(|(kind, value)| Identifier::parse(kind, value).unwrap())
        .collect();
        let now = Utc.with_ymd_and_hms(2026, 6, 5, 16, 0, 0).unwrap();
        let filled = fill_for(&mut db, &identifiers, now, 2_500, 7).unwrap();
        assert_eq!(
            (filled.accounts, filled.certificates, filled.api_log_rows),
            (5, 5, 5 * LOG_ROWS_PER_ACCOUNT + 2_500)
        );
        for identifier in &identifiers {
            assert_eq!(db.accounts_for(std::slice::from_ref(identifier)).unwrap().len(), 1, "{identifier:?}");
        }
        let first: BTreeSet<String> = ["12345".to_owned()].into_iter().collect();
        let rows = db.stream(RecordKind::ApiLog, &first, None, &mut |_| Ok(())).unwrap();
        assert_eq!(rows, LOG_ROWS_PER_ACCOUNT + 2_500);
        // A second fill adds nothing for accounts already there.
        assert_eq!(fill_for(&mut db, &identifiers[..1], now, 0, 8).unwrap(), Filled::default());
    }
}
