//! Rows as the records database holds them, and their checked conversion into records: the
//! provider's data passes the same validation as an uploaded export.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::SourceError;
use crate::domain::email_address::EmailAddress;
use crate::domain::identifier::Domain;
use crate::domain::identifier::account::AccountId;
use crate::domain::identifier::cert_serial::CertSerial;
use crate::domain::identifier::ip::IpAddress;
use crate::domain::records::{AccountRecord, ApiLogRecord, CertificateRecord, ContactEmailRecord, Record};

pub trait IntoRecord {
    fn into_record(self) -> Result<Record, SourceError>;
}

#[derive(Debug, Queryable)]
pub struct AccountRow {
    pub account_id: String,
    pub created_at: NaiveDateTime,
    pub registration_ip: String,
}

#[derive(Debug, Queryable)]
pub struct ContactEmailRow {
    pub account_id: String,
    pub email: String,
    pub added_at: NaiveDateTime,
    pub removed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Queryable)]
pub struct ApiLogRow {
    pub at: NaiveDateTime,
    pub account_id: Option<String>,
    pub endpoint: String,
    pub domains: String,
    pub client_ip: String,
}

#[derive(Debug, Queryable)]
pub struct CertificateRow {
    pub serial: String,
    pub account_id: String,
    pub names: String,
    pub not_before: NaiveDateTime,
    pub not_after: NaiveDateTime,
}

fn invalid<'a>(kind: &'static str, key: &'a str) -> impl Fn(String) -> SourceError + 'a {
    move |problem| SourceError::InvalidRow { kind, key: key.to_owned(), problem }
}

fn domains(text: &str) -> Result<Vec<Domain>, String> {
    text.split_whitespace().map(|name| Domain::parse(name).map_err(|e| e.to_string())).collect()
}

impl IntoRecord for AccountRow {
    fn into_record(self) -> Result<Record, SourceError> {
        let bad = invalid("accounts", &self.account_id);
        Ok(Record::Account(AccountRecord {
            account_id: AccountId::parse(&self.account_id).map_err(|e| bad(e.to_string()))?,
            created_at: self.created_at.and_utc(),
            registration_ip: IpAddress::parse(&self.registration_ip).map_err(|e| bad(e.to_string()))?,
        }))
    }
}

impl IntoRecord for ContactEmailRow {
    fn into_record(self) -> Result<Record, SourceError> {
        let bad = invalid("contact_emails", &self.account_id);
        Ok(Record::ContactEmail(ContactEmailRecord {
            account_id: AccountId::parse(&self.account_id).map_err(|e| bad(e.to_string()))?,
            email: EmailAddress::parse(&self.email).map_err(|e| bad(e.to_string()))?,
            added_at: self.added_at.and_utc(),
            removed_at: self.removed_at.map(|at| at.and_utc()),
        }))
    }
}

impl IntoRecord for ApiLogRow {
    fn into_record(self) -> Result<Record, SourceError> {
        let key = format!("{} {}", self.at, self.account_id.as_deref().unwrap_or("-"));
        let bad = invalid("api_log", &key);
        Ok(Record::ApiLog(ApiLogRecord {
            at: self.at.and_utc(),
            account_id: self
                .account_id
                .as_deref()
                .map(AccountId::parse)
                .transpose()
                .map_err(|e| bad(e.to_string()))?,
            endpoint: self.endpoint,
            domains: domains(&self.domains).map_err(&bad)?,
            client_ip: IpAddress::parse(&self.client_ip).map_err(|e| bad(e.to_string()))?,
        }))
    }
}

impl IntoRecord for CertificateRow {
    fn into_record(self) -> Result<Record, SourceError> {
        let bad = invalid("certificates", &self.serial);
        Ok(Record::Certificate(CertificateRecord {
            serial: CertSerial::parse(&self.serial).map_err(|e| bad(e.to_string()))?,
            account_id: AccountId::parse(&self.account_id).map_err(|e| bad(e.to_string()))?,
            names: domains(&self.names).map_err(&bad)?,
            not_before: self.not_before.and_utc(),
            not_after: self.not_after.and_utc(),
        }))
    }
}
