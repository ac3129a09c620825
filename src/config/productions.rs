//! The `[productions]` settings: where the provider's records database is.

use serde::{Deserialize, Serialize};

use super::Secret;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProductionSettings {
    /// `sqlite://PATH` or `postgres://...` of the records database (docs/RECORDS.md); empty
    /// means `sqlite://<data_dir>/records.db`, which `lert demo` fills with synthetic records.
    pub records_database_url: Secret,
}

impl ProductionSettings {
    pub fn validate(&self) -> Result<(), String> {
        if !self.records_database_url.expose().is_empty() {
            crate::storage::DatabaseUrl::parse(self.records_database_url.expose())
                .map_err(|e| format!("productions.records_database_url: {e}"))?;
        }
        Ok(())
    }
}
