//! The team's calendar: every open case's deadlines by month for the dashboard, and personal
//! feeds, a secret URL per user that calendar apps poll, created, replaced, revoked and read.
//!
//! A feed's token is the only credential a calendar app has, so it is treated like an API
//! token: 32 random bytes, shown once, stored only as its SHA-256. A feed dies with its user's
//! account (disabled users' feeds answer nothing) but not with their sessions: signing out ends
//! every session, and a calendar app should not lose the feed each time someone signs out.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use ring::rand::{SecureRandom, SystemRandom};
use serde::Serialize;
use serde_json::json;

use super::attention::{ACTION_KINDS, UNANSWERED};
use super::clocks::Clocks;
use super::users::token_hash;
use super::{Actor, WorkflowError, new_id};
use crate::domain::month::Month;
use crate::domain::response::DeadlineKind;
use crate::domain::role::Role;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::clock_queries::{DeadlineOfCase, deadlines_between};
use crate::storage::rows::CalendarFeedRow;
use crate::storage::schema::{calendar_feeds, users};
use crate::storage::{DbConnection, write_tx};

/// Deadlines one month shows at most (far more than a real month holds).
pub const MONTH_LIMIT: i64 = 2000;
/// Events one feed holds at most.
pub const FEED_LIMIT: i64 = 5000;
/// How far back a feed reaches, so recent deadlines stay in people's calendars.
pub const FEED_DAYS_BACK: u64 = 30;
/// A token is 32 bytes in unpadded base64url.
const TOKEN_CHARS: usize = 43;

/// A deadline as the calendar shows it: no subscriber data, no target identifiers, no title.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarDeadline {
    pub id: String,
    pub reference: String,
    pub kind: String,
    /// "Response due".
    pub label: String,
    pub due_on: NaiveDate,
    /// An action still owed whose day has passed (as the Today page counts overdue).
    pub overdue: bool,
}

/// One month's deadlines, soonest first; `truncated` if there were more than `MONTH_LIMIT`.
#[derive(Debug, Clone)]
pub struct MonthDeadlines {
    pub deadlines: Vec<CalendarDeadline>,
    pub truncated: bool,
}

/// Every current deadline of open cases due in `month`.
pub fn month_deadlines(
    conn: &mut DbConnection,
    actor: &Actor,
    month: Month,
    today: NaiveDate,
) -> Result<MonthDeadlines, WorkflowError> {
    actor.require(actor.role.can_read(), "read deadlines")?;
    let rows = deadlines_between(conn, month.first_day(), month.last_day(), None, true, MONTH_LIMIT + 1)?;
    let truncated = rows.len() as i64 > MONTH_LIMIT;
    let deadlines = rows.into_iter().take(MONTH_LIMIT as usize).map(|row| calendar_deadline(row, today));
    Ok(MonthDeadlines { deadlines: deadlines.collect(), truncated })
}

fn calendar_deadline(row: DeadlineOfCase, today: NaiveDate) -> CalendarDeadline {
    let kind = DeadlineKind::parse(&row.deadline.kind).ok();
    let due_on = row.deadline.due_on;
    let overdue = due_on < today
        && match kind {
            Some(DeadlineKind::NdoReview) => true,
            Some(kind) if ACTION_KINDS.contains(&kind) => UNANSWERED.contains(&row.status.as_str()),
            _ => false,
        };
    CalendarDeadline {
        id: row.deadline.id,
        reference: row.reference,
        label: kind.map_or_else(|| row.deadline.kind.clone(), |k| k.label().to_owned()),
        kind: row.deadline.kind,
        due_on,
        overdue,
    }
}

/// Creates the actor's feed, revoking any feed they had; returns the token (shown once, only
/// its hash is kept).
pub fn create_feed(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<String, WorkflowError> {
    actor.require(actor.role.can_read(), "subscribe to the calendar")?;
    let user_id = own_user(actor)?;
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| WorkflowError::corrupt("the system's random number generator failed"))?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    write_tx(conn, |conn| {
        let replaced = revoke_live(conn, now, user_id)?;
        let row = CalendarFeedRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            token_hash: token_hash(&token),
            created_at: now.naive_utc(),
            revoked_at: None,
        };
        diesel::insert_into(calendar_feeds::table).values(&row).execute(conn)?;
        let details = json!({ "feed_id": row.id, "user_id": user_id, "replaced": replaced > 0 });
        record(conn, now, actor, "calendar.feed_created", details)?;
        Ok(token)
    })
}

/// Revokes the actor's feed; returns whether they had one.
pub fn revoke_feed(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<bool, WorkflowError> {
    let user_id = own_user(actor)?;
    write_tx(conn, |conn| {
        let revoked = revoke_live(conn, now, user_id)?;
        if revoked > 0 {
            record(conn, now, actor, "calendar.feed_revoked", json!({ "user_id": user_id }))?;
        }
        Ok(revoked > 0)
    })
}

/// When the actor's live feed was created, if they have one.
pub fn live_feed_since(
    conn: &mut DbConnection,
    actor: &Actor,
) -> Result<Option<NaiveDateTime>, WorkflowError> {
    let Some(user_id) = actor.user_id.as_deref() else { return Ok(None) };
    Ok(calendar_feeds::table
        .filter(calendar_feeds::user_id.eq(user_id))
        .filter(calendar_feeds::revoked_at.is_null())
        .select(calendar_feeds::created_at)
        .first(conn)
        .optional()?)
}

/// The user a feed token belongs to, if the feed is live and the user enabled.
pub fn feed_owner(conn: &mut DbConnection, token: &str) -> Result<Option<Actor>, WorkflowError> {
    let well_formed = token.len() == TOKEN_CHARS
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Ok(None);
    }
    let owner: Option<(String, String, String)> = calendar_feeds::table
        .inner_join(users::table)
        .filter(calendar_feeds::token_hash.eq(token_hash(token)))
        .filter(calendar_feeds::revoked_at.is_null())
        .filter(users::disabled.eq(false))
        .select((users::id, users::email, users::role))
        .first(conn)
        .optional()?;
    owner
        .map(|(id, email, role)| {
            let role = Role::parse(&role).map_err(WorkflowError::corrupt)?;
            Ok(Actor { user_id: Some(id), label: email, role })
        })
        .transpose()
}

/// What a feed holds: every open case's deadlines from `FEED_DAYS_BACK` days ago onwards.
/// Each read is audited as the feed's owner (calendar apps poll every few hours at most).
pub fn feed_deadlines(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    owner: &Actor,
) -> Result<Vec<CalendarDeadline>, WorkflowError> {
    owner.require(owner.role.can_read(), "read deadlines")?;
    let today = clocks.date_of(now);
    let from = today - Days::new(FEED_DAYS_BACK);
    let to = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
    let rows = deadlines_between(conn, from, to, None, true, FEED_LIMIT)?;
    let deadlines: Vec<CalendarDeadline> =
        rows.into_iter().map(|row| calendar_deadline(row, today)).collect();
    write_tx(conn, |conn| {
        let details = json!({ "user_id": owner.user_id, "events": deadlines.len() });
        record(conn, now, owner, "calendar.feed_read", details)
    })?;
    Ok(deadlines)
}

fn own_user(actor: &Actor) -> Result<&str, WorkflowError> {
    actor
        .user_id
        .as_deref()
        .ok_or_else(|| WorkflowError::Invalid("only a user of lert can have a calendar feed".into()))
}

fn revoke_live(conn: &mut DbConnection, now: DateTime<Utc>, user_id: &str) -> QueryResult<usize> {
    diesel::update(
        calendar_feeds::table
            .filter(calendar_feeds::user_id.eq(user_id))
            .filter(calendar_feeds::revoked_at.is_null()),
    )
    .set(calendar_feeds::revoked_at.eq(Some(now.naive_utc())))
    .execute(conn)
}

fn record(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    action: &str,
    details: serde_json::Value,
) -> QueryResult<()> {
    audit::append(conn, now, AuditEntry { actor: &actor.label, action, case_id: None, details })
}
