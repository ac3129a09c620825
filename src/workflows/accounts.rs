//! Looking after accounts once they exist: roles, disabling and enabling, passwords (an
//! administrator's reset and a user's own change), and API tokens listed and revoked. Each step
//! is audited and ends the sessions it should, so a changed account cannot keep old access.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::users::{check_password, find_user, hash_password};
use super::{Actor, WorkflowError};
use crate::domain::role::Role;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::{ApiTokenRow, UserRow};
use crate::storage::schema::{api_tokens, users};
use crate::storage::{DbConnection, write_tx};

/// Gives a user another role. The last enabled administrator keeps theirs.
pub fn set_role(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    email: &str,
    role: Role,
) -> Result<UserRow, WorkflowError> {
    actor.require(actor.role.can_manage_users(), "change roles")?;
    write_tx(conn, |conn| {
        let mut user = find_user(conn, email)?;
        if user.role == role.as_str() {
            return Ok(user);
        }
        if user.role == Role::Admin.as_str() && !user.disabled && other_admins(conn, &user.id)? == 0 {
            return Err(WorkflowError::Conflict(format!(
                "{} is the last administrator; make someone else an administrator first",
                user.email
            )));
        }
        diesel::update(users::table.find(&user.id)).set(users::role.eq(role.as_str())).execute(conn)?;
        record(
            conn,
            now,
            actor,
            "user.role_changed",
            json!({ "user_id": user.id, "email": user.email, "from": user.role, "to": role.as_str() }),
        )?;
        user.role = role.as_str().to_owned();
        Ok(user)
    })
}

/// Disables or enables a user. Disabling ends their sessions and revokes their API tokens (an
/// account enabled again starts with no tokens); nobody may disable themself or the last
/// enabled administrator.
pub fn set_disabled(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    email: &str,
    disabled: bool,
) -> Result<UserRow, WorkflowError> {
    actor.require(actor.role.can_manage_users(), "disable or enable users")?;
    write_tx(conn, |conn| {
        let mut user = find_user(conn, email)?;
        if user.disabled == disabled {
            return Ok(user);
        }
        if !disabled {
            diesel::update(users::table.find(&user.id)).set(users::disabled.eq(false)).execute(conn)?;
            record(conn, now, actor, "user.enabled", json!({ "user_id": user.id, "email": user.email }))?;
            user.disabled = false;
            return Ok(user);
        }
        if actor.user_id.as_deref() == Some(user.id.as_str()) {
            return Err(WorkflowError::Conflict("you cannot disable your own account".into()));
        }
        if user.role == Role::Admin.as_str() && other_admins(conn, &user.id)? == 0 {
            return Err(WorkflowError::Conflict(format!("{} is the last administrator", user.email)));
        }
        diesel::update(users::table.find(&user.id))
            .set((users::disabled.eq(true), users::session_epoch.eq(users::session_epoch + 1)))
            .execute(conn)?;
        let revoked = diesel::update(
            api_tokens::table
                .filter(api_tokens::user_id.eq(&user.id))
                .filter(api_tokens::revoked_at.is_null()),
        )
        .set(api_tokens::revoked_at.eq(now.naive_utc()))
        .execute(conn)?;
        record(
            conn,
            now,
            actor,
            "user.disabled",
            json!({ "user_id": user.id, "email": user.email, "sessions_ended": true, "tokens_revoked": revoked }),
        )?;
        user.disabled = true;
        Ok(user)
    })
}

/// An administrator sets a user's password; every session of that user ends.
pub fn set_password(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    email: &str,
    password: &str,
) -> Result<(), WorkflowError> {
    actor.require(actor.role.can_manage_users(), "set other users' passwords")?;
    check_password(password)?;
    let hash = hash_password(password)?;
    write_tx(conn, |conn| {
        let user = find_user(conn, email)?;
        replace_password(conn, &user.id, &hash)?;
        record(conn, now, actor, "user.password_set", json!({ "user_id": user.id, "email": user.email }))
    })
}

/// What a change of one's own password did.
#[derive(Debug, PartialEq, Eq)]
pub enum OwnPasswordChange {
    /// Changed; every session ended, and `epoch` is the one a new session must carry.
    Changed { epoch: i64 },
    /// The current password given was not the user's: nothing changed.
    WrongCurrent,
}

/// A signed-in user changes their own password, proving they know the current one.
pub fn change_own_password(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    current: &str,
    new: &str,
) -> Result<OwnPasswordChange, WorkflowError> {
    let user_id = actor.user_id.as_deref().ok_or_else(|| WorkflowError::Forbidden("not a user".into()))?;
    check_password(new)?;
    let hash = hash_password(new)?;
    write_tx(conn, |conn| {
        let stored: String = users::table
            .find(user_id)
            .select(users::password_hash)
            .first(conn)
            .optional()?
            .ok_or_else(|| WorkflowError::NotFound("no such user".into()))?;
        let parsed = PasswordHash::new(&stored).map_err(WorkflowError::corrupt)?;
        if Argon2::default().verify_password(current.as_bytes(), &parsed).is_err() {
            // Someone holding a session is guessing the password behind it: leave a trace.
            record(conn, now, actor, "user.password_change_refused", json!({ "user_id": user_id }))?;
            return Ok(OwnPasswordChange::WrongCurrent);
        }
        let epoch = replace_password(conn, user_id, &hash)?;
        record(conn, now, actor, "user.password_set", json!({ "user_id": user_id, "own": true }))?;
        Ok(OwnPasswordChange::Changed { epoch })
    })
}

/// A user ends every session of theirs ("sign out everywhere"); returns the epoch a new session
/// for the browser that asked must carry.
pub fn end_own_sessions(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<i64, WorkflowError> {
    let user_id = actor.user_id.as_deref().ok_or_else(|| WorkflowError::Forbidden("not a user".into()))?;
    write_tx(conn, |conn| {
        super::signin::end_sessions(conn, now, actor, user_id)?;
        Ok(users::table.find(user_id).select(users::session_epoch).first(conn)?)
    })
}

/// A user's API tokens, newest first (their hashes stay in the row; callers never show them).
pub fn list_tokens(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &str,
) -> Result<Vec<ApiTokenRow>, WorkflowError> {
    actor.require(actor.role.can_manage_users(), "list API tokens")?;
    let user = find_user(conn, email)?;
    Ok(api_tokens::table
        .filter(api_tokens::user_id.eq(&user.id))
        .order((api_tokens::created_at.desc(), api_tokens::id.desc()))
        .select(ApiTokenRow::as_select())
        .load(conn)?)
}

/// Revokes one of a user's API tokens; it stops working at once.
pub fn revoke_token(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    email: &str,
    token_id: &str,
) -> Result<(), WorkflowError> {
    actor.require(actor.role.can_manage_users(), "revoke API tokens")?;
    write_tx(conn, |conn| {
        let user = find_user(conn, email)?;
        let revoked_at: Option<Option<chrono::NaiveDateTime>> = api_tokens::table
            .filter(api_tokens::id.eq(token_id))
            .filter(api_tokens::user_id.eq(&user.id))
            .select(api_tokens::revoked_at)
            .first(conn)
            .optional()?;
        match revoked_at {
            None => return Err(WorkflowError::NotFound(format!("{} has no token {token_id:?}", user.email))),
            Some(Some(_)) => return Err(WorkflowError::Conflict("that token is already revoked".into())),
            Some(None) => {}
        }
        diesel::update(api_tokens::table.find(token_id))
            .set(api_tokens::revoked_at.eq(now.naive_utc()))
            .execute(conn)?;
        record(conn, now, actor, "token.revoked", json!({ "token_id": token_id, "user_id": user.id }))
    })
}

/// Enabled administrators other than `user_id`.
fn other_admins(conn: &mut DbConnection, user_id: &str) -> Result<i64, WorkflowError> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin.as_str()))
        .filter(users::disabled.eq(false))
        .filter(users::id.ne(user_id))
        .count()
        .get_result(conn)?)
}

/// Stores a new password hash and moves the session epoch on (ending every session); returns
/// the new epoch.
fn replace_password(conn: &mut DbConnection, user_id: &str, hash: &str) -> Result<i64, WorkflowError> {
    diesel::update(users::table.find(user_id))
        .set((users::password_hash.eq(hash), users::session_epoch.eq(users::session_epoch + 1)))
        .execute(conn)?;
    Ok(users::table.find(user_id).select(users::session_epoch).first(conn)?)
}

fn record(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    action: &str,
    details: serde_json::Value,
) -> Result<(), WorkflowError> {
    audit::append(conn, now, AuditEntry { actor: &actor.label, action, case_id: None, details })?;
    Ok(())
}
