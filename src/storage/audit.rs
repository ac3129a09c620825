//! The append-only, hash-chained audit trail: every change and every view of a case.
//!
//! Each event's hash covers the previous event's hash and its own fields, so editing, deleting
//! or reordering any event breaks the chain from that point, and `verify` names where.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::DbConnection;
use super::rows::{AuditEventRow, NewAuditEventRow};
use super::schema::audit_events;

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event about to be appended.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub case_id: Option<&'a str>,
    pub details: serde_json::Value,
}

/// Appends one event. Must run inside a write transaction.
pub fn append(conn: &mut DbConnection, at: DateTime<Utc>, entry: AuditEntry<'_>) -> QueryResult<()> {
    append_all(conn, at, vec![entry])
}

/// Appends events in order, chained, in as few statements as possible (bulk loaders). Must run
/// inside a write transaction; on PostgreSQL an advisory lock held to commit keeps the chain
/// linear when several instances write at once (SQLite's `BEGIN IMMEDIATE` already does).
pub fn append_all(
    conn: &mut DbConnection,
    at: DateTime<Utc>,
    entries: Vec<AuditEntry<'_>>,
) -> QueryResult<()> {
    if let DbConnection::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7365540)").execute(c)?;
    }
    let mut prev_hash: String = audit_events::table
        .select(audit_events::hash)
        .order(audit_events::seq.desc())
        .first(conn)
        .optional()?
        .unwrap_or_else(|| GENESIS_HASH.to_owned());
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        let row = seal(prev_hash, uuid::Uuid::now_v7().to_string(), at.naive_utc(), entry);
        prev_hash = row.hash.clone();
        rows.push(row);
    }
    super::bulk::insert_audit_events(conn, &rows)
}

fn seal(prev_hash: String, id: String, at: NaiveDateTime, entry: AuditEntry<'_>) -> NewAuditEventRow {
    let details = entry.details.to_string();
    let hash = chain_hash(&prev_hash, &id, at, entry.actor, entry.action, entry.case_id, &details);
    NewAuditEventRow {
        id,
        occurred_at: at,
        actor: entry.actor.to_owned(),
        action: entry.action.to_owned(),
        case_id: entry.case_id.map(str::to_owned),
        details,
        prev_hash,
        hash,
    }
}

fn chain_hash(
    prev_hash: &str,
    id: &str,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    case_id: Option<&str>,
    details: &str,
) -> String {
    // A JSON array keeps field boundaries unambiguous.
    let at = at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let material = serde_json::json!([prev_hash, id, at, actor, action, case_id, details]);
    hex::encode(Sha256::digest(material.to_string().as_bytes()))
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChainReport {
    pub events: u64,
    pub first_broken: Option<BrokenLink>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BrokenLink {
    pub seq: i64,
    pub id: String,
    pub reason: String,
}

/// Walks every event in order, recomputing each hash and checking each link.
pub fn verify(conn: &mut DbConnection) -> QueryResult<ChainReport> {
    let mut expected_prev = GENESIS_HASH.to_owned();
    let mut after_seq = i64::MIN;
    let mut events = 0_u64;
    loop {
        let batch: Vec<AuditEventRow> = audit_events::table
            .filter(audit_events::seq.gt(after_seq))
            .order(audit_events::seq.asc())
            .limit(2000)
            .select(AuditEventRow::as_select())
            .load(conn)?;
        let Some(last) = batch.last() else { break };
        after_seq = last.seq;
        for event in &batch {
            events += 1;
            if let Some(reason) = check_event(event, &expected_prev) {
                let first_broken = Some(BrokenLink { seq: event.seq, id: event.id.clone(), reason });
                return Ok(ChainReport { events, first_broken });
            }
            expected_prev.clone_from(&event.hash);
        }
    }
    Ok(ChainReport { events, first_broken: None })
}

fn check_event(event: &AuditEventRow, expected_prev: &str) -> Option<String> {
    if event.prev_hash != expected_prev {
        return Some("its prev_hash does not match the hash of the event before it (an event was removed or reordered)".to_owned());
    }
    let actual = chain_hash(
        &event.prev_hash,
        &event.id,
        event.occurred_at,
        &event.actor,
        &event.action,
        event.case_id.as_deref(),
        &event.details,
    );
    (actual != event.hash).then(|| "its contents do not match its hash (the event was edited)".to_owned())
}

/// A case's events, oldest first.
pub fn for_case(conn: &mut DbConnection, case_id: &str) -> QueryResult<Vec<AuditEventRow>> {
    audit_events::table
        .filter(audit_events::case_id.eq(case_id))
        .order(audit_events::seq.asc())
        .select(AuditEventRow::as_select())
        .load(conn)
}
