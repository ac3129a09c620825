//! Operator commands: users, tokens, audit verification, demo data.

use std::io::Read;

use crate::app::Storage;
use crate::clock::Clock;
use crate::domain::email_address::EmailAddress;
use crate::domain::role::Role;
use crate::storage::audit;
use crate::workflows::Actor;
use crate::workflows::users::{add_user, create_token};

use super::CliError;

/// `lert user add`: prints the generated password once when none came on stdin.
pub fn user_add(
    storage: &Storage,
    clock: &dyn Clock,
    email: &str,
    role: &str,
    password_stdin: bool,
) -> Result<String, CliError> {
    let email = EmailAddress::parse(email).map_err(|e| CliError::Usage(e.to_string()))?;
    let role = Role::parse(role).map_err(|e| CliError::Usage(e.to_string()))?;
    let password = if password_stdin { Some(read_password_from_stdin()?) } else { None };
    let mut conn = storage.pool.get()?;
    let created = add_user(&mut conn, clock.now(), &Actor::system("cli"), &email, role, password.as_deref())?;
    Ok(match created.generated_password {
        Some(password) => format!(
            "created {} ({}); its password, shown only now: {password}",
            created.user.email, created.user.role
        ),
        None => format!("created {} ({})", created.user.email, created.user.role),
    })
}

fn read_password_from_stdin() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(4096)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Usage(format!("cannot read the password from stdin: {e}")))?;
    let text =
        String::from_utf8(bytes).map_err(|_| CliError::Usage("the password on stdin is not UTF-8".into()))?;
    Ok(text.trim_end_matches(['\r', '\n']).to_owned())
}

/// `lert token create`: prints the token, which is never shown again.
pub fn token_create(
    storage: &Storage,
    clock: &dyn Clock,
    email: &str,
    label: &str,
) -> Result<String, CliError> {
    let mut conn = storage.pool.get()?;
    Ok(create_token(&mut conn, clock.now(), &Actor::system("cli"), email, label)?)
}

/// `lert audit verify`: JSON report; an error when the chain is broken.
pub fn audit_verify(storage: &Storage) -> Result<String, CliError> {
    let mut conn = storage.pool.get()?;
    let report = audit::verify(&mut conn)?;
    let json = serde_json::to_string(&report).map_err(anyhow::Error::from)?;
    match report.first_broken {
        None => Ok(json),
        Some(broken) => {
            println!("{json}");
            Err(CliError::Failed(anyhow::anyhow!(
                "audit chain broken at event {} (id {}): {}",
                broken.seq,
                broken.id,
                broken.reason
            )))
        }
    }
}

/// `lert demo`: seeds synthetic cases; prints what it made as JSON.
pub fn demo(
    storage: &Storage,
    clock: &dyn Clock,
    clocks: &crate::workflows::clocks::Clocks,
    records_url: &str,
    cases: u64,
    api_log_rows: u64,
    seed: u64,
) -> Result<String, CliError> {
    if cases == 0 || cases > 10_000_000 {
        return Err(CliError::Usage("--cases must be between 1 and 10000000".into()));
    }
    if api_log_rows > 100_000_000 {
        return Err(CliError::Usage("--api-log-rows must be at most 100000000".into()));
    }
    let mut conn = storage.pool.get()?;
    let report = crate::demo::seed(&mut conn, clock.now(), clocks, cases, seed)?;
    let records = crate::demo::records::seed_records(&mut conn, records_url, clock.now(), api_log_rows, seed)
        .map_err(|e| CliError::Failed(anyhow::anyhow!(e)))?;
    let both = serde_json::json!({ "cases": report.cases, "agencies": report.agencies, "targets": report.targets, "records": records });
    Ok(serde_json::to_string(&both).map_err(anyhow::Error::from)?)
}
