//! The categories of records a certificate authority like ISRG holds about a subscriber, so a
//! request, a production and the field-level gating all name the same records the same way.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

/// A category of records an agency can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DataCategory {
    /// The ACME account: account id, registration date and registration IP.
    AccountRegistration,
    /// The optional contact email address given for the account.
    ContactEmail,
    /// API transaction logs (only the last 90 days are readily searchable).
    ApiLogs,
    /// The certificates issued to the account.
    Certificates,
    /// Contents: anything that needs a search warrant.
    Contents,
    /// Records that fit none of the categories above.
    OtherRecords,
}

/// The text given is not the name of a data category.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown data category \"{given}\": expected one of {}", DataCategory::names())]
pub struct UnknownDataCategory {
    pub given: String,
}

impl DataCategory {
    /// Every category, in the order a form should offer them.
    pub const ALL: [DataCategory; 6] = [
        DataCategory::AccountRegistration,
        DataCategory::ContactEmail,
        DataCategory::ApiLogs,
        DataCategory::Certificates,
        DataCategory::Contents,
        DataCategory::OtherRecords,
    ];

    /// Parses a category name ("api_logs"); surrounding spaces and letter case are ignored.
    pub fn parse(value: &str) -> Result<DataCategory, UnknownDataCategory> {
        let wanted = value.trim();
        DataCategory::ALL
            .into_iter()
            .find(|category| category.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownDataCategory { given: value.to_owned() })
    }

    /// The stable snake_case name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DataCategory::AccountRegistration => "account_registration",
            DataCategory::ContactEmail => "contact_email",
            DataCategory::ApiLogs => "api_logs",
            DataCategory::Certificates => "certificates",
            DataCategory::Contents => "contents",
            DataCategory::OtherRecords => "other_records",
        }
    }

    /// The name the legal team reads on screens and in letters.
    pub fn label(self) -> &'static str {
        match self {
            DataCategory::AccountRegistration => {
                "Account registration (account ID, registration date and IP)"
            }
            DataCategory::ContactEmail => "Contact email address",
            DataCategory::ApiLogs => "API transaction logs",
            DataCategory::Certificates => "Certificates issued",
            DataCategory::Contents => "Contents",
            DataCategory::OtherRecords => "Other records",
        }
    }

    fn names() -> String {
        let names: Vec<&str> = DataCategory::ALL.iter().map(|c| c.as_str()).collect();
        names.join(", ")
    }
}

impl std::fmt::Display for DataCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::DataCategory;

    #[test]
    fn every_category_parses_from_its_own_name() {
        for category in DataCategory::ALL {
            assert_eq!(DataCategory::parse(category.as_str()), Ok(category));
        }
    }

    #[test]
    fn serde_name_matches_as_str_for_every_category() {
        for category in DataCategory::ALL {
            let json = serde_json::to_string(&category).unwrap();
            assert_eq!(json, format!("\"{}\"", category.as_str()));
            assert_eq!(serde_json::from_str::<DataCategory>(&json).unwrap(), category);
        }
    }

    #[test]
    fn api_logs_are_labelled_as_transaction_logs() {
        assert_eq!(DataCategory::ApiLogs.label(), "API transaction logs");
    }

    #[test]
    fn unknown_category_error_lists_the_valid_categories() {
        let message = DataCategory::parse("logs").unwrap_err().to_string();

        assert_eq!(
            message,
            "unknown data category \"logs\": expected one of account_registration, \
             contact_email, api_logs, certificates, contents, other_records"
        );
    }
}
