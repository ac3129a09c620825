//! People who use lert: accounts with roles, argon2id passwords, and API tokens stored hashed.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Actor, WorkflowError, new_id};
use crate::domain::email_address::EmailAddress;
use crate::domain::role::Role;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::{ApiTokenRow, UserRow};
use crate::storage::schema::{api_tokens, users};
use crate::storage::{DbConnection, write_tx};

pub const MIN_PASSWORD_CHARS: usize = 12;

/// A created user, with the generated password when none was supplied (shown once, never stored).
#[derive(Debug)]
pub struct CreatedUser {
    pub user: UserRow,
    pub generated_password: Option<String>,
}

/// Creates a user. Only administrators (or lert itself, from the CLI) may.
pub fn add_user(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    email: &EmailAddress,
    role: Role,
    password: Option<&str>,
) -> Result<CreatedUser, WorkflowError> {
    actor.require(actor.role.can_manage_users(), "manage users")?;
    let generated_password = match password {
        Some(password) => {
            check_password(password)?;
            None
        }
        None => Some(generate_password()),
    };
    let password_hash = hash_password(password.or(generated_password.as_deref()).unwrap_or_default())?;
    write_tx(conn, |conn| {
        let email = email.normalized_for_matching();
        let taken: i64 = users::table.filter(users::email.eq(&email)).count().get_result(conn)?;
        if taken > 0 {
            return Err(WorkflowError::Conflict(format!("a user with the email {email} already exists")));
        }
        let user = UserRow {
            id: new_id(),
            email,
            role: role.as_str().to_owned(),
            password_hash,
            disabled: false,
            created_at: now.naive_utc(),
        };
        diesel::insert_into(users::table).values(&user).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "user.created",
                case_id: None,
                details: json!({ "user_id": user.id, "email": user.email, "role": user.role }),
            },
        )?;
        Ok(CreatedUser { user, generated_password })
    })
}

/// On a first start with no users, creates an administrator and returns its one-time password.
pub fn ensure_first_admin(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    email: &EmailAddress,
) -> Result<Option<CreatedUser>, WorkflowError> {
    let existing: i64 = users::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(None);
    }
    match add_user(conn, now, &Actor::system("first-start"), email, Role::Admin, None) {
        Ok(created) => Ok(Some(created)),
        // Another instance created it at the same moment.
        Err(WorkflowError::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Issues an API token for the user and returns it; only its SHA-256 is stored.
pub fn create_token(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    email: &str,
    label: &str,
) -> Result<String, WorkflowError> {
    actor.require(actor.role.can_manage_users(), "issue API tokens")?;
    let token = format!("lert_{}", hex::encode(rand::rng().random::<[u8; 32]>()));
    write_tx(conn, |conn| {
        let user = find_user(conn, email)?;
        if user.disabled {
            return Err(WorkflowError::Conflict(format!("user {} is disabled", user.email)));
        }
        let row = ApiTokenRow {
            id: new_id(),
            user_id: user.id.clone(),
            label: label.to_owned(),
            token_hash: token_hash(&token),
            created_at: now.naive_utc(),
            revoked_at: None,
        };
        diesel::insert_into(api_tokens::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "token.created",
                case_id: None,
                details: json!({ "token_id": row.id, "user_id": user.id, "label": label }),
            },
        )?;
        Ok(token)
    })
}

/// The acting user behind a bearer token, if the token is live and its user enabled.
pub fn authenticate_token(conn: &mut DbConnection, token: &str) -> Result<Option<Actor>, WorkflowError> {
    if !token.starts_with("lert_") || token.len() > 100 {
        return Ok(None);
    }
    let user: Option<UserRow> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash(token)))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::disabled.eq(false))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    user.map(actor_for).transpose()
}

/// Checks an email and password; `None` for any mismatch (without saying which).
pub fn authenticate_password(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
) -> Result<Option<Actor>, WorkflowError> {
    let user: Option<UserRow> = users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .filter(users::disabled.eq(false))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    let Some(user) = user else { return Ok(None) };
    let parsed = PasswordHash::new(&user.password_hash).map_err(WorkflowError::corrupt)?;
    if Argon2::default().verify_password(password.as_bytes(), &parsed).is_err() {
        return Ok(None);
    }
    actor_for(user).map(Some)
}

pub(super) fn actor_for(user: UserRow) -> Result<Actor, WorkflowError> {
    let role = Role::parse(&user.role).map_err(WorkflowError::corrupt)?;
    Ok(Actor { user_id: Some(user.id), label: user.email, role })
}

/// The enabled user with this email as an actor, for commands run on their behalf.
pub fn actor_by_email(conn: &mut DbConnection, email: &str) -> Result<Actor, WorkflowError> {
    let user = find_user(conn, email)?;
    if user.disabled {
        return Err(WorkflowError::Forbidden(format!("user {} is disabled", user.email)));
    }
    actor_for(user)
}

pub fn find_user(conn: &mut DbConnection, email: &str) -> Result<UserRow, WorkflowError> {
    users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| WorkflowError::NotFound(format!("no user has the email {email:?}")))
}

pub fn list_users(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<UserRow>, WorkflowError> {
    actor.require(actor.role.can_manage_users(), "list users")?;
    Ok(users::table.order(users::email.asc()).select(UserRow::as_select()).load(conn)?)
}

pub(super) fn check_password(password: &str) -> Result<(), WorkflowError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(WorkflowError::Invalid(format!(
            "a password needs at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if password.len() > 1024 {
        return Err(WorkflowError::Invalid("a password may have at most 1024 bytes".into()));
    }
    Ok(())
}

fn generate_password() -> String {
    rand::rng().sample_iter(&Alphanumeric).take(24).map(char::from).collect()
}

pub(super) fn hash_password(password: &str) -> Result<String, WorkflowError> {
    let salt = SaltString::encode_b64(&rand::rng().random::<[u8; 16]>())
        .map_err(|e| WorkflowError::Invalid(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| WorkflowError::Invalid(e.to_string()))
}

/// How a secret token is stored (API tokens, calendar feeds): its SHA-256 in hex.
pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
