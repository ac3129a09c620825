//! Signing in to the dashboard: the password checked in the same time whether or not the
//! account exists, failures counted per email and per client address, a lockout after too many,
//! and every attempt in the audit trail. A session stays good while the user's session epoch is
//! the one it was issued with.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::{Actor, WorkflowError};
use crate::domain::role::Role;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::schema::{signin_throttle, users};
use crate::storage::{DbConnection, write_tx};

/// The throttle's rules (`[dashboard]`).
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub max_failures: u32,
    pub lockout: TimeDelta,
}

#[derive(Debug)]
pub enum SigninOutcome {
    SignedIn {
        actor: Actor,
        epoch: i64,
    },
    /// Wrong email or password (which, not said).
    Refused,
    /// Too many failures: no password is checked until then.
    Locked {
        until: DateTime<Utc>,
    },
}

/// A hash to verify against when the account does not exist, so an unknown email takes as long
/// as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::encode_b64(b"lert-dummy-salt!").expect("a valid salt");
    Argon2::default().hash_password(b"not a password", &salt).expect("hashing works").to_string()
});

pub fn sign_in(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    throttle: Throttle,
    email: &str,
    password: &str,
    client: Option<&str>,
) -> Result<SigninOutcome, WorkflowError> {
    let email = email.trim().to_lowercase();
    let keys: Vec<(String, u32)> = std::iter::once((format!("email:{email}"), throttle.max_failures))
        .chain(client.map(|ip| (format!("ip:{ip}"), throttle.max_failures.saturating_mul(4))))
        .collect();
    write_tx(conn, |conn| {
        let locked: Option<chrono::NaiveDateTime> = signin_throttle::table
            .filter(signin_throttle::key.eq_any(keys.iter().map(|(k, _)| k.clone())))
            .filter(signin_throttle::locked_until.gt(now.naive_utc()))
            .select(signin_throttle::locked_until)
            .order(signin_throttle::locked_until.desc())
            .first::<Option<chrono::NaiveDateTime>>(conn)
            .optional()?
            .flatten();
        if let Some(until) = locked {
            record(conn, now, &email, "signin.locked", json!({ "until": until.and_utc().to_rfc3339() }))?;
            return Ok(SigninOutcome::Locked { until: until.and_utc() });
        }
        let user: Option<(String, String, String, bool, i64)> = users::table
            .filter(users::email.eq(&email))
            .select((users::id, users::role, users::password_hash, users::disabled, users::session_epoch))
            .first(conn)
            .optional()?;
        let hash = user.as_ref().map_or(DUMMY_HASH.as_str(), |u| u.2.as_str());
        let parsed = PasswordHash::new(hash).map_err(WorkflowError::corrupt)?;
        let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        match user {
            Some((id, role, _, false, epoch)) if matches => {
                diesel::delete(signin_throttle::table.filter(signin_throttle::key.eq(&keys[0].0)))
                    .execute(conn)?;
                let role = Role::parse(&role).map_err(WorkflowError::corrupt)?;
                record(conn, now, &email, "signin.succeeded", json!({ "client": client }))?;
                Ok(SigninOutcome::SignedIn {
                    actor: Actor { user_id: Some(id), label: email.clone(), role },
                    epoch,
                })
            }
            _ => {
                for (key, limit) in &keys {
                    count_failure(conn, now, throttle, key, *limit)?;
                }
                record(conn, now, &email, "signin.failed", json!({ "client": client }))?;
                Ok(SigninOutcome::Refused)
            }
        }
    })
}

/// The user a session names, if the session is still good: the user enabled, their epoch the
/// session's, and the session younger than `max_age`.
pub fn session_actor(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    user_id: &str,
    epoch: i64,
    issued_at: DateTime<Utc>,
    max_age: TimeDelta,
) -> Result<Option<Actor>, WorkflowError> {
    if issued_at + max_age <= now || issued_at > now + TimeDelta::minutes(5) {
        return Ok(None);
    }
    let user: Option<(String, String, bool, i64)> = users::table
        .find(user_id)
        .select((users::email, users::role, users::disabled, users::session_epoch))
        .first(conn)
        .optional()?;
    match user {
        Some((email, role, false, current)) if current == epoch => {
            let role = Role::parse(&role).map_err(WorkflowError::corrupt)?;
            Ok(Some(Actor { user_id: Some(user_id.to_owned()), label: email, role }))
        }
        _ => Ok(None),
    }
}

/// Ends every session of a user (sign out everywhere; also on disabling and password changes).
pub fn end_sessions(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    user_id: &str,
) -> Result<(), WorkflowError> {
    let own = actor.user_id.as_deref() == Some(user_id);
    actor.require(own || actor.role.can_manage_users(), "end another user's sessions")?;
    write_tx(conn, |conn| {
        let changed = diesel::update(users::table.find(user_id))
            .set(users::session_epoch.eq(users::session_epoch + 1))
            .execute(conn)?;
        if changed == 0 {
            return Err(WorkflowError::NotFound("no such user".into()));
        }
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "user.sessions_ended",
                case_id: None,
                details: json!({ "user_id": user_id }),
            },
        )?;
        Ok(())
    })
}

fn count_failure(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    throttle: Throttle,
    key: &str,
    limit: u32,
) -> Result<(), WorkflowError> {
    let current: Option<(i32, chrono::NaiveDateTime)> = signin_throttle::table
        .find(key)
        .select((signin_throttle::failures, signin_throttle::first_failure_at))
        .first(conn)
        .optional()?;
    let (failures, first) = match current {
        // Failures older than the lockout period no longer count.
        Some((n, first)) if first.and_utc() + throttle.lockout > now => (n + 1, first),
        _ => (1, now.naive_utc()),
    };
    let locked_until =
        (u32::try_from(failures).unwrap_or(u32::MAX) >= limit).then(|| (now + throttle.lockout).naive_utc());
    if current.is_some() {
        diesel::update(signin_throttle::table.find(key))
            .set((
                signin_throttle::failures.eq(failures),
                signin_throttle::first_failure_at.eq(first),
                signin_throttle::locked_until.eq(locked_until),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(signin_throttle::table)
            .values((
                signin_throttle::key.eq(key),
                signin_throttle::failures.eq(failures),
                signin_throttle::first_failure_at.eq(first),
                signin_throttle::locked_until.eq(locked_until),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn record(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    email: &str,
    action: &str,
    details: serde_json::Value,
) -> QueryResult<()> {
    audit::append(conn, now, AuditEntry { actor: email, action, case_id: None, details })
}
