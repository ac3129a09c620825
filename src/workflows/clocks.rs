//! Keeping each case's deadlines and flags true: after every change to a case's process,
//! targets, preservations or orders, `recompute` derives them again and records what changed.
//!
//! Derived rows are never deleted: a deadline or flag that no longer applies is marked
//! superseded, so the history of what lert showed stays in the database.

pub mod derive;
mod facts;

pub(crate) use facts::{load as case_facts, ndo_facts, open_case_reference, process_facts};

use std::collections::HashSet;
use std::hash::Hash;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use serde_json::json;

use super::{Actor, WorkflowError};
use crate::domain::clock_policy::ClockPolicy;
use crate::domain::lookback::requests_logs;
use crate::domain::preservation::preservation_expiry;
use crate::domain::process_kind::ProcessKind;
use crate::storage::DbConnection;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::{DeadlineRow, FlagRow};
use crate::storage::schema::{deadlines, flags};
use derive::{Derived, ReplyWanted, derive};

/// The organisation's time zone, clock policy and outgoing-mail rules: the rules in force,
/// shared by every workflow that changes a case.
#[derive(Debug, Clone)]
pub struct Clocks {
    pub tz: Tz,
    pub policy: ClockPolicy,
    /// How lert writes its notices, replies and reminders (`[mail]`).
    pub mail: std::sync::Arc<crate::mail::Outgoing>,
}

impl Clocks {
    /// The legal date of an instant: what day it is in the organisation's time zone.
    pub fn date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }
}

impl Default for Clocks {
    fn default() -> Clocks {
        Clocks { tz: chrono_tz::UTC, policy: ClockPolicy::default(), mail: Default::default() }
    }
}

/// What one recompute changed.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recomputed {
    pub deadlines_added: usize,
    pub deadlines_superseded: usize,
    pub flags_added: usize,
    pub flags_superseded: usize,
}

/// Run after any change to a case's clock inputs, inside the change's transaction: places the
/// automatic preservation a request for logs calls for, recomputes, then brings the case's mail
/// in line (drafted replies, the emergency alert, subscriber notices).
pub fn after_change(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    case_id: &str,
) -> Result<Recomputed, WorkflowError> {
    let facts = facts::load(conn, clocks, case_id)?;
    let placed =
        clocks.policy.auto_preserve_log_requests && preserve_logs_automatically(conn, now, &facts, case_id)?;
    // Read the facts again only if a preservation was just placed.
    let facts = if placed { facts::load(conn, clocks, case_id)? } else { facts };
    let (changes, replies) = recompute_from(conn, now, clocks, actor, case_id, &facts)?;
    super::agency_mail::after_change(conn, now, clocks, actor, case_id, &facts, &replies)?;
    super::notices::sync_notices(conn, now, clocks, actor, case_id)?;
    Ok(changes)
}

/// Logs age out of the 90-day window while a request waits for review (LEGAL.md 4), so a
/// request for logs on a case with no live preservation gets one, dated from the request.
/// Returns whether it placed any.
fn preserve_logs_automatically(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    facts: &derive::CaseFacts,
    case_id: &str,
) -> Result<bool, WorkflowError> {
    let mut log_requests: Vec<NaiveDate> = facts
        .processes
        .iter()
        .filter(|p| p.kind != ProcessKind::PreservationRequest && requests_logs(&p.categories))
        .map(|p| p.received_on)
        .collect();
    log_requests.sort();
    let mut placed: Vec<NaiveDate> = Vec::new();
    for requested_on in log_requests {
        let covered = facts
            .preservations
            .iter()
            .any(|p| p.received_on <= requested_on && p.preserves_on(requested_on))
            || placed.iter().any(|on| *on <= requested_on && preservation_expiry(*on).date >= requested_on);
        if !covered {
            let lert = Actor::system("automatic-preservation");
            super::preservations::insert_preservation(conn, now, &lert, case_id, requested_on, true)?;
            placed.push(requested_on);
        }
    }
    Ok(!placed.is_empty())
}

/// What `recompute_all` did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecomputedAll {
    pub cases: u64,
    pub cases_changed: u64,
    pub totals: Recomputed,
}

/// Recomputes every case, one transaction each: for dates that depend on today (an expired
/// preservation) and after a change of `[clocks]` settings. Until the scheduler runs it daily,
/// operators run `lert recompute`.
pub fn recompute_all(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
) -> Result<RecomputedAll, WorkflowError> {
    use crate::storage::schema::cases;
    let mut report = RecomputedAll::default();
    let mut after = String::new();
    loop {
        let ids: Vec<String> = cases::table
            .filter(cases::id.gt(&after))
            .order(cases::id.asc())
            .select(cases::id)
            .limit(500)
            .load(conn)?;
        let Some(last) = ids.last() else { break };
        after.clone_from(last);
        for id in ids {
            let changes = crate::storage::write_tx(conn, |conn| recompute(conn, now, clocks, actor, &id))?;
            report.cases += 1;
            if changes != Recomputed::default() {
                report.cases_changed += 1;
            }
            report.totals.deadlines_added += changes.deadlines_added;
            report.totals.deadlines_superseded += changes.deadlines_superseded;
            report.totals.flags_added += changes.flags_added;
            report.totals.flags_superseded += changes.flags_superseded;
        }
    }
    Ok(report)
}

/// Derives the case's deadlines and flags again and stores the difference, inside the caller's
/// transaction. Audited when anything changed.
pub fn recompute(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    case_id: &str,
) -> Result<Recomputed, WorkflowError> {
    let facts = facts::load(conn, clocks, case_id)?;
    Ok(recompute_from(conn, now, clocks, actor, case_id, &facts)?.0)
}

fn recompute_from(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    case_id: &str,
    facts: &derive::CaseFacts,
) -> Result<(Recomputed, Vec<ReplyWanted>), WorkflowError> {
    let mut derived = derive(facts, &clocks.policy, clocks.date_of(now));
    let replies = std::mem::take(&mut derived.replies);
    let changes = store(conn, now, case_id, derived)?;
    if changes != Recomputed::default() {
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "clocks.recomputed",
                case_id: Some(case_id),
                details: json!({
                    "deadlines_added": changes.deadlines_added,
                    "deadlines_superseded": changes.deadlines_superseded,
                    "flags_added": changes.flags_added,
                    "flags_superseded": changes.flags_superseded,
                }),
            },
        )?;
    }
    Ok((changes, replies))
}

fn store(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    case_id: &str,
    derived: Derived,
) -> Result<Recomputed, WorkflowError> {
    let at = now.naive_utc();
    let mut changes = Recomputed::default();

    let current: Vec<DeadlineRow> = deadlines::table
        .filter(deadlines::case_id.eq(case_id))
        .filter(deadlines::superseded_at.is_null())
        .select(DeadlineRow::as_select())
        .load(conn)?;
    let (stale, new) = differences(
        current
            .iter()
            .map(|r| (r.id.clone(), (r.kind.clone(), r.source_id.clone(), r.due_on, r.trail.clone()))),
        derived
            .deadlines
            .into_iter()
            .map(|d| ((d.kind.as_str().to_owned(), d.source_id.clone(), d.due.date, d.due.trail.clone()), d)),
    );
    for id in &stale {
        diesel::update(deadlines::table.find(id)).set(deadlines::superseded_at.eq(at)).execute(conn)?;
    }
    (changes.deadlines_superseded, changes.deadlines_added) = (stale.len(), new.len());
    for deadline in new {
        diesel::insert_into(deadlines::table).values(&deadline.into_row(case_id, at)).execute(conn)?;
    }

    let current: Vec<FlagRow> = flags::table
        .filter(flags::case_id.eq(case_id))
        .filter(flags::superseded_at.is_null())
        .select(FlagRow::as_select())
        .load(conn)?;
    let (stale, new) = differences(
        current.iter().map(|r| {
            (r.id.clone(), (r.kind.clone(), r.severity.clone(), r.message.clone(), r.source_id.clone()))
        }),
        derived
            .flags
            .into_iter()
            .map(|f| ((f.kind.clone(), f.severity.to_owned(), f.message.clone(), f.source_id.clone()), f)),
    );
    for id in &stale {
        diesel::update(flags::table.find(id)).set(flags::superseded_at.eq(at)).execute(conn)?;
    }
    (changes.flags_superseded, changes.flags_added) = (stale.len(), new.len());
    for flag in new {
        diesel::insert_into(flags::table).values(&flag.into_row(case_id, at)).execute(conn)?;
    }
    Ok(changes)
}

/// Compares stored rows (id, key) with wanted items (key, item): the ids to supersede (no longer
/// wanted, or duplicates) and the items to insert (not stored yet), each key kept once.
fn differences<K: Eq + Hash, T>(
    current: impl Iterator<Item = (String, K)>,
    wanted: impl Iterator<Item = (K, T)>,
) -> (Vec<String>, Vec<T>) {
    let wanted: Vec<(K, T)> = wanted.collect();
    let wanted_keys: HashSet<&K> = wanted.iter().map(|(key, _)| key).collect();
    let mut kept: HashSet<K> = HashSet::new();
    let mut stale = Vec::new();
    for (id, key) in current {
        if wanted_keys.contains(&key) && !kept.contains(&key) {
            kept.insert(key);
        } else {
            stale.push(id);
        }
    }
    let mut new = Vec::new();
    for (key, item) in wanted {
        if kept.insert(key) {
            new.push(item);
        }
    }
    (stale, new)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn differences_keep_matches_once_supersede_the_rest_and_insert_what_is_new() {
        let current = vec![("a".to_owned(), 1), ("b".to_owned(), 2), ("c".to_owned(), 2)];
        let wanted = vec![(2, "two"), (3, "three"), (3, "three again")];
        let (stale, new) = differences(current.into_iter(), wanted.into_iter());
        assert_eq!(stale, ["a", "c"]);
        assert_eq!(new, ["three"]);
    }

    fn los_angeles() -> Clocks {
        Clocks { tz: chrono_tz::America::Los_Angeles, ..Clocks::default() }
    }

    #[test]
    fn a_message_at_2330_in_san_francisco_is_received_that_day() {
        let at = Utc.with_ymd_and_hms(2026, 6, 5, 6, 30, 0).unwrap();
        assert_eq!(los_angeles().date_of(at), NaiveDate::from_ymd_opt(2026, 6, 4).unwrap());
        assert_eq!(Clocks::default().date_of(at), NaiveDate::from_ymd_opt(2026, 6, 5).unwrap());
    }

    #[test]
    fn legal_dates_follow_the_zone_across_daylight_saving_changes() {
        let clocks = los_angeles();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let cases = [
            // 2026-03-08: clocks go forward at 02:00 PST (10:00 UTC).
            (Utc.with_ymd_and_hms(2026, 3, 8, 7, 59, 0).unwrap(), day(2026, 3, 7)),
            (Utc.with_ymd_and_hms(2026, 3, 8, 8, 0, 0).unwrap(), day(2026, 3, 8)),
            (Utc.with_ymd_and_hms(2026, 3, 9, 6, 59, 0).unwrap(), day(2026, 3, 8)),
            (Utc.with_ymd_and_hms(2026, 3, 9, 7, 0, 0).unwrap(), day(2026, 3, 9)),
            // 2026-11-01: clocks go back at 02:00 PDT (09:00 UTC); the day has 25 hours.
            (Utc.with_ymd_and_hms(2026, 11, 1, 6, 59, 0).unwrap(), day(2026, 10, 31)),
            (Utc.with_ymd_and_hms(2026, 11, 1, 7, 0, 0).unwrap(), day(2026, 11, 1)),
            (Utc.with_ymd_and_hms(2026, 11, 2, 7, 59, 0).unwrap(), day(2026, 11, 1)),
            (Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap(), day(2026, 11, 2)),
        ];
        for (at, expected) in cases {
            assert_eq!(clocks.date_of(at), expected, "{at}");
        }
    }
}
