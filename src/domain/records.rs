//! The records a provider like ISRG keeps about an account, as its privacy policy lists them:
//! the account (created when, from which IP), its contact emails, API transaction log entries,
//! and the certificates issued. One validated type per kind, so a records database, an uploaded
//! export and a production bundle all mean the same thing by a row (docs/RECORDS.md).
//!
//! Rows arrive as text fields (a CSV row, or a JSON object flattened to text) and are validated
//! field by field; every problem in a row is reported, not just the first.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

use crate::domain::data_category::DataCategory;
use crate::domain::email_address::EmailAddress;
use crate::domain::identifier::Domain;
use crate::domain::identifier::account::AccountId;
use crate::domain::identifier::cert_serial::CertSerial;
use crate::domain::identifier::ip::IpAddress;

/// The kinds of records, each a table in a records database and a file in a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Accounts,
    ContactEmails,
    ApiLog,
    Certificates,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] =
        [RecordKind::Accounts, RecordKind::ContactEmails, RecordKind::ApiLog, RecordKind::Certificates];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Accounts => "accounts",
            RecordKind::ContactEmails => "contact_emails",
            RecordKind::ApiLog => "api_log",
            RecordKind::Certificates => "certificates",
        }
    }

    pub fn parse(value: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|kind| kind.as_str() == value.trim())
    }

    /// The data category a request names to ask for these records.
    pub fn category(self) -> DataCategory {
        match self {
            RecordKind::Accounts => DataCategory::AccountRegistration,
            RecordKind::ContactEmails => DataCategory::ContactEmail,
            RecordKind::ApiLog => DataCategory::ApiLogs,
            RecordKind::Certificates => DataCategory::Certificates,
        }
    }

    /// The columns, in the order exports and bundles write them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            RecordKind::Accounts => &["account_id", "created_at", "registration_ip"],
            RecordKind::ContactEmails => &["account_id", "email", "added_at", "removed_at"],
            RecordKind::ApiLog => &["at", "account_id", "endpoint", "domains", "client_ip"],
            RecordKind::Certificates => &["serial", "account_id", "names", "not_before", "not_after"],
        }
    }

    /// Columns that may be empty.
    fn optional(self, column: &str) -> bool {
        matches!(
            (self, column),
            (RecordKind::ContactEmails, "removed_at") | (RecordKind::ApiLog, "account_id" | "domains")
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountRecord {
    pub account_id: AccountId,
    pub created_at: DateTime<Utc>,
    pub registration_ip: IpAddress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactEmailRecord {
    pub account_id: AccountId,
    pub email: EmailAddress,
    pub added_at: DateTime<Utc>,
    /// When the subscriber removed it; absent while it is current.
    pub removed_at: Option<DateTime<Utc>>,
}

/// One API request. Requests made before an account exists (new-account) have no account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiLogRecord {
    pub at: DateTime<Utc>,
    pub account_id: Option<AccountId>,
    /// The ACME resource, e.g. `new-order`, `finalize`, `revoke-cert`.
    pub endpoint: String,
    pub domains: Vec<Domain>,
    pub client_ip: IpAddress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRecord {
    pub serial: CertSerial,
    pub account_id: AccountId,
    pub names: Vec<Domain>,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

/// A validated record of any kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Record {
    Account(AccountRecord),
    ContactEmail(ContactEmailRecord),
    ApiLog(ApiLogRecord),
    Certificate(CertificateRecord),
}

/// What is wrong with one field of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

/// Validates one row of `kind`, given as text by column name (`None` or blank: absent). Returns
/// every problem in the row.
pub fn validate<'a>(
    kind: RecordKind,
    field: impl Fn(&str) -> Option<&'a str>,
) -> Result<Record, Vec<FieldProblem>> {
    let mut row = Row { kind, field: &field, problems: Vec::new() };
    let record = build(&mut row);
    match (record, row.problems.is_empty()) {
        (Some(record), true) => Ok(record),
        _ => Err(row.problems),
    }
}

/// The record, if every field parsed; problems are collected on `row` either way.
fn build<'a, F: Fn(&str) -> Option<&'a str>>(row: &mut Row<'_, F>) -> Option<Record> {
    match row.kind {
        RecordKind::Accounts => {
            let (account_id, created_at, registration_ip) =
                (row.account("account_id"), row.time("created_at"), row.ip("registration_ip"));
            Some(Record::Account(AccountRecord {
                account_id: account_id?,
                created_at: created_at?,
                registration_ip: registration_ip?,
            }))
        }
        RecordKind::ContactEmails => {
            let (account_id, email, added_at, removed_at) = (
                row.account("account_id"),
                row.email("email"),
                row.time("added_at"),
                row.optional_time("removed_at"),
            );
            if let (Some(added), Some(Some(removed))) = (added_at, removed_at)
                && removed < added
            {
                row.problem("removed_at", "is before added_at".into());
            }
            Some(Record::ContactEmail(ContactEmailRecord {
                account_id: account_id?,
                email: email?,
                added_at: added_at?,
                removed_at: removed_at?,
            }))
        }
        RecordKind::ApiLog => {
            let at = row.time("at");
            let account_id = row.optional_account("account_id");
            let endpoint = row.text("endpoint");
            let domains = row.domains("domains");
            let client_ip = row.ip("client_ip");
            Some(Record::ApiLog(ApiLogRecord {
                at: at?,
                account_id: account_id?,
                endpoint: endpoint?,
                domains: domains?,
                client_ip: client_ip?,
            }))
        }
        RecordKind::Certificates => {
            let serial = row.serial("serial");
            let account_id = row.account("account_id");
            let names = row.domains("names");
            let (not_before, not_after) = (row.time("not_before"), row.time("not_after"));
            if let (Some(before), Some(after)) = (not_before, not_after)
                && after < before
            {
                row.problem("not_after", "is before not_before".into());
            }
            if names.as_ref().is_some_and(Vec::is_empty) {
                row.problem("names", "a certificate names at least one domain".into());
            }
            Some(Record::Certificate(CertificateRecord {
                serial: serial?,
                account_id: account_id?,
                names: names?,
                not_before: not_before?,
                not_after: not_after?,
            }))
        }
    }
}

/// A timestamp as records are kept: RFC 3339 with an offset, or `YYYY-MM-DD HH:MM:SS[.ffffff]`
/// taken as UTC; stored in UTC to the microsecond.
pub fn parse_time(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    let parsed = DateTime::parse_from_rfc3339(value).map(|t| t.with_timezone(&Utc)).ok().or_else(|| {
        chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S%.f").ok().map(|t| t.and_utc())
    })?;
    Some(parsed.trunc_subsecs(6))
}

struct Row<'f, F> {
    kind: RecordKind,
    field: &'f F,
    problems: Vec<FieldProblem>,
}

impl<'a, F: Fn(&str) -> Option<&'a str>> Row<'_, F> {
    fn problem(&mut self, field: &'static str, message: String) {
        self.problems.push(FieldProblem { field, message });
    }

    /// The field's text, or a problem if a required field is blank. `Some(None)`: blank, allowed.
    fn value(&mut self, name: &'static str) -> Option<Option<&'a str>> {
        match (self.field)(name).map(str::trim).filter(|v| !v.is_empty()) {
            Some(value) => Some(Some(value)),
            None if self.kind.optional(name) => Some(None),
            None => {
                self.problem(name, "is required".into());
                None
            }
        }
    }

    fn parsed<T, E: std::fmt::Display>(
        &mut self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        match self.value(name)? {
            None => Some(None),
            Some(text) => match parse(text) {
                Ok(value) => Some(Some(value)),
                Err(error) => {
                    self.problem(name, error.to_string());
                    None
                }
            },
        }
    }

    fn text(&mut self, name: &'static str) -> Option<String> {
        self.value(name)?.map(str::to_owned)
    }

    fn optional_time(&mut self, name: &'static str) -> Option<Option<DateTime<Utc>>> {
        self.parsed(name, |v| {
            parse_time(v).ok_or(format!("\"{v}\" is not a time such as 2026-06-05T16:00:00Z"))
        })
    }

    fn time(&mut self, name: &'static str) -> Option<DateTime<Utc>> {
        self.optional_time(name)?
    }

    fn optional_account(&mut self, name: &'static str) -> Option<Option<AccountId>> {
        self.parsed(name, AccountId::parse)
    }

    fn account(&mut self, name: &'static str) -> Option<AccountId> {
        self.optional_account(name)?
    }

    fn ip(&mut self, name: &'static str) -> Option<IpAddress> {
        self.parsed(name, IpAddress::parse)?
    }

    fn email(&mut self, name: &'static str) -> Option<EmailAddress> {
        self.parsed(name, EmailAddress::parse)?
    }

    fn serial(&mut self, name: &'static str) -> Option<CertSerial> {
        self.parsed(name, CertSerial::parse)?
    }

    /// Domain names separated by spaces or commas.
    fn domains(&mut self, name: &'static str) -> Option<Vec<Domain>> {
        let parsed = self.parsed(name, |text| {
            text.split([' ', ','])
                .filter(|part| !part.is_empty())
                .map(Domain::parse)
                .collect::<Result<Vec<Domain>, _>>()
        })?;
        Some(parsed.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests;
