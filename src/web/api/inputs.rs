//! Request bodies as the API accepts them, and their parsing into validated workflow inputs.
//! Unknown fields are refused so a typo never silently drops data.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::case_status::CaseStatus;
use crate::domain::data_category::DataCategory;
use crate::domain::email_address::EmailAddress;
use crate::domain::identifier::{Identifier, TargetKind};
use crate::domain::phone::PhoneNumber;
use crate::domain::process_kind::ProcessKind;
use crate::domain::role::Role;
use crate::domain::text::{LINE_MAX, NAME_MAX, NOTE_MAX, parse_optional_text, parse_text};
use crate::web::error::ApiError;
use crate::workflows::agencies::{AgencyInput, ContactInput, parse_country};
use crate::workflows::cases::NewCase;
use crate::workflows::processes::NewProcess;

fn invalid(error: impl ToString) -> ApiError {
    ApiError::Unprocessable(error.to_string())
}

/// A new case, optionally with its agency, first process and targets.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCaseRequest {
    /// A short description, e.g. "Grand jury subpoena re: example.com".
    pub title: String,
    /// When the request arrived (RFC 3339); defaults to now.
    pub received_at: Option<DateTime<Utc>>,
    pub agency: Option<AgencyRequest>,
    pub process: Option<ProcessRequest>,
    #[serde(default)]
    pub targets: Vec<TargetRequest>,
}

impl CreateCaseRequest {
    pub fn parse(self) -> Result<NewCase, ApiError> {
        if self.targets.len() > 1000 {
            return Err(invalid("at most 1000 targets may be given at once"));
        }
        Ok(NewCase {
            title: parse_text("title", &self.title, LINE_MAX).map_err(invalid)?,
            received_at: self.received_at,
            agency: self.agency.map(AgencyRequest::parse).transpose()?,
            process: self.process.map(ProcessRequest::parse).transpose()?,
            targets: self.targets.into_iter().map(TargetRequest::parse).collect::<Result<_, _>>()?,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgencyRequest {
    /// e.g. "Federal Bureau of Investigation, San Francisco Field Office".
    pub name: String,
    /// ISO 3166-1 alpha-2; defaults to US.
    pub country: Option<String>,
    pub contact: Option<ContactRequest>,
}

impl AgencyRequest {
    pub fn parse(self) -> Result<AgencyInput, ApiError> {
        self.check().map_err(|(_, error)| error)
    }

    /// `parse`, naming the field at fault (the dashboard shows the error beside it).
    pub fn check(self) -> Result<AgencyInput, (&'static str, ApiError)> {
        Ok(AgencyInput {
            name: parse_text("agency name", &self.name, NAME_MAX).map_err(|e| ("name", invalid(e)))?,
            country: parse_country(self.country.as_deref().unwrap_or("US"))
                .map_err(|e| ("country", ApiError::from(e)))?,
            contact: self.contact.map(ContactRequest::parse).transpose().map_err(|e| ("contact", e))?,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactRequest {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl ContactRequest {
    fn parse(self) -> Result<ContactInput, ApiError> {
        Ok(ContactInput {
            name: parse_text("contact name", &self.name, NAME_MAX).map_err(invalid)?,
            email: self.email.as_deref().map(EmailAddress::parse).transpose().map_err(invalid)?,
            phone: self.phone.as_deref().map(PhoneNumber::parse).transpose().map_err(invalid)?,
        })
    }
}

/// A legal process: what was served, by whom, and what it asks for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessRequest {
    pub kind: ProcessKind,
    pub issuing_authority: Option<String>,
    pub agent_name: Option<String>,
    pub agent_email: Option<String>,
    pub agent_phone: Option<String>,
    pub docket_number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    /// The return date the process names, if any.
    pub return_by: Option<NaiveDate>,
    /// "Within N days of service" (0 to 365), when the process gives no return date.
    pub respond_within_days: Option<u32>,
    pub requested_from: Option<NaiveDate>,
    pub requested_to: Option<NaiveDate>,
    #[serde(default)]
    pub data_categories: Vec<DataCategory>,
}

impl ProcessRequest {
    pub fn parse(self) -> Result<NewProcess, ApiError> {
        self.check().map_err(|(_, error)| error)
    }

    /// `parse`, naming the field at fault (the dashboard shows the error beside it).
    pub fn check(self) -> Result<NewProcess, (&'static str, ApiError)> {
        let at = |field: &'static str| move |error: ApiError| (field, error);
        let mut process = NewProcess::new(self.kind)
            .with_requested_range(self.requested_from, self.requested_to)
            .map_err(|e| ("requested_to", ApiError::from(e)))?;
        process.issuing_authority =
            parse_optional_text("issuing_authority", self.issuing_authority.as_deref(), NAME_MAX)
                .map_err(invalid)
                .map_err(at("issuing_authority"))?;
        process.agent_name = parse_optional_text("agent_name", self.agent_name.as_deref(), NAME_MAX)
            .map_err(invalid)
            .map_err(at("agent_name"))?;
        process.agent_email = self
            .agent_email
            .as_deref()
            .map(EmailAddress::parse)
            .transpose()
            .map_err(invalid)
            .map_err(at("agent_email"))?;
        process.agent_phone = self
            .agent_phone
            .as_deref()
            .map(PhoneNumber::parse)
            .transpose()
            .map_err(invalid)
            .map_err(at("agent_phone"))?;
        process.docket_number = parse_optional_text("docket_number", self.docket_number.as_deref(), NAME_MAX)
            .map_err(invalid)
            .map_err(at("docket_number"))?;
        if let (Some(issued), Some(served)) = (self.issued_on, self.served_on)
            && served < issued
        {
            return Err((
                "served_on",
                invalid(format!("served_on ({served}) is before issued_on ({issued})")),
            ));
        }
        process.issued_on = self.issued_on;
        process.served_on = self.served_on;
        process.return_by = self.return_by;
        if self.respond_within_days.is_some_and(|days| days > 365) {
            return Err(("respond_within_days", invalid("respond_within_days must be between 0 and 365")));
        }
        process.respond_within_days = self.respond_within_days;
        let mut categories = self.data_categories;
        categories.sort_by_key(|c| c.as_str());
        categories.dedup();
        process.data_categories = categories;
        Ok(process)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetRequest {
    pub kind: TargetKind,
    /// The identifier as the request gives it, e.g. "Example.COM." or "03:a1:...".
    pub value: String,
}

impl TargetRequest {
    pub fn parse(self) -> Result<Identifier, ApiError> {
        Identifier::parse(self.kind, &self.value).map_err(invalid)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChangeRequest {
    pub status: CaseStatus,
    /// Why, for the audit trail.
    pub note: Option<String>,
}

impl StatusChangeRequest {
    pub fn parse(self) -> Result<(CaseStatus, Option<String>), ApiError> {
        let note = parse_optional_text("note", self.note.as_deref(), NOTE_MAX).map_err(invalid)?;
        Ok((self.status, note))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The assignee's email, or null to unassign.
    pub assignee: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub email: String,
    pub role: Role,
    /// At least 12 characters; omit to have one generated and returned once.
    pub password: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    /// What the token is for, e.g. "intake script".
    pub label: String,
}
