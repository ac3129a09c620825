//! The `[productions]` settings: where the provider's records database is, and what every
//! bundle's cover letter and custodian's certification say about the organisation.

use serde::{Deserialize, Serialize};

use super::Secret;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProductionSettings {
    /// `sqlite://PATH` or `postgres://...` of the records database (docs/RECORDS.md); empty
    /// means `sqlite://<data_dir>/records.db`, which `lert demo` fills with synthetic records.
    pub records_database_url: Secret,
    /// Bates prefix of the records report's pages (`ACME-000001`); letters, digits, `-`, `_`.
    pub bates_prefix: String,
    /// Who signs the cover letter.
    pub signer_name: String,
    pub signer_title: String,
    /// The custodian of records who makes the certification (LEGAL.md 8).
    pub custodian_name: String,
    pub custodian_title: String,
    /// Why the custodian is qualified, one or two sentences.
    pub custodian_qualification: String,
    /// The regularly conducted activity the records are kept in (FRE 803(6)(B)).
    pub regular_activity: String,
    /// The system that generates the API transaction log and certificate records, and why its
    /// output is accurate (FRE 902(13)).
    pub log_system: String,
    pub log_accuracy: String,
    /// Where the certification is executed (city, state); blank leaves it out.
    pub executed_at: String,
    /// The custodian signs outside the United States (the 1746 jurat then adds "under the laws
    /// of the United States of America").
    pub outside_us: bool,
    /// The largest records export an engineer may attach to a case.
    pub max_export_bytes: u64,
}

impl Default for ProductionSettings {
    fn default() -> Self {
        ProductionSettings {
            records_database_url: Secret::default(),
            bates_prefix: "LERT".to_owned(),
            signer_name: "Legal Department".to_owned(),
            signer_title: "Law Enforcement Response".to_owned(),
            custodian_name: "Custodian of Records".to_owned(),
            custodian_title: "Custodian of Records".to_owned(),
            custodian_qualification:
                "I am familiar with the manner in which the records described below are \
                                      created, maintained and retrieved."
                    .to_owned(),
            regular_activity: "operating its online services".to_owned(),
            log_system: "the service's API servers, which record each request automatically as it is \
                         received, with the time from a synchronised clock"
                .to_owned(),
            log_accuracy: "The records are written by the servers without human intervention and are \
                           regularly relied upon in operating the service."
                .to_owned(),
            executed_at: String::new(),
            outside_us: false,
            max_export_bytes: 1024 * 1024 * 1024,
        }
    }
}

impl ProductionSettings {
    pub fn validate(&self) -> Result<(), String> {
        if !self.records_database_url.expose().is_empty() {
            crate::storage::DatabaseUrl::parse(self.records_database_url.expose())
                .map_err(|e| format!("productions.records_database_url: {e}"))?;
        }
        let prefix_ok = !self.bates_prefix.is_empty()
            && self.bates_prefix.len() <= 20
            && self.bates_prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !prefix_ok {
            return Err(format!(
                "productions.bates_prefix {:?} must be 1 to 20 letters, digits, '-' or '_'",
                self.bates_prefix
            ));
        }
        for (key, value) in [
            ("signer_name", &self.signer_name),
            ("signer_title", &self.signer_title),
            ("custodian_name", &self.custodian_name),
            ("custodian_title", &self.custodian_title),
            ("custodian_qualification", &self.custodian_qualification),
            ("regular_activity", &self.regular_activity),
        ] {
            if value.trim().is_empty() {
                return Err(format!("productions.{key} must not be empty"));
            }
        }
        if self.max_export_bytes == 0 {
            return Err("productions.max_export_bytes must be more than 0".to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_each_bad_value_is_named() {
        assert_eq!(ProductionSettings::default().validate(), Ok(()));
        let with = |change: fn(&mut ProductionSettings)| {
            let mut settings = ProductionSettings::default();
            change(&mut settings);
            settings.validate().unwrap_err()
        };
        assert!(with(|s| s.bates_prefix = "A B".into()).contains("productions.bates_prefix \"A B\""));
        assert!(with(|s| s.bates_prefix = String::new()).contains("bates_prefix"));
        assert_eq!(with(|s| s.custodian_name = " ".into()), "productions.custodian_name must not be empty");
        assert!(with(|s| s.max_export_bytes = 0).contains("max_export_bytes"));
        assert!(
            with(|s| s.records_database_url = Secret::new("mysql://x"))
                .starts_with("productions.records_database_url")
        );
    }
}
