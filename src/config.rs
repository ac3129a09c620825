//! Typed, layered settings: built-in defaults, then `lert.toml`, then `LERT_*` variables.
//!
//! Every key is documented in docs/CONFIGURATION.md. With no configuration at all lert runs on
//! SQLite under `./lert-data`.

use std::fmt;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

pub mod clocks;
pub mod dashboard;
pub mod intake;
pub mod mail;
pub mod productions;

use clocks::ClockSettings;
use dashboard::DashboardSettings;
use intake::IntakeSettings;
use mail::MailSettings;
use productions::ProductionSettings;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Load(#[from] Box<figment::Error>),
    #[error("configuration: {0}")]
    Invalid(String),
}

/// The settings as read; `Settings::load` validates them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where lert keeps its SQLite database and its blob store.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://...`; empty means `sqlite://<data_dir>/lert.db`.
    pub database_url: Secret,
    /// Connections in the pool; 0 means one per CPU core (at least 2).
    pub db_pool_size: u32,
    /// Address `lert serve` listens on.
    pub bind: String,
    /// HTTP worker threads; 0 means one per CPU core.
    pub http_workers: usize,
    /// IANA time zone in which legal dates are counted.
    pub timezone: String,
    /// Largest JSON request body accepted, in bytes.
    pub max_json_bytes: usize,
    /// Largest document upload accepted, in bytes.
    pub max_document_bytes: usize,
    /// `text` or `json`.
    pub log_format: String,
    /// A tracing filter such as `info` or `lert=debug,actix_web=info`.
    pub log_level: String,
    /// Email of the administrator created on first start when there are no users.
    pub first_admin_email: String,
    /// The `[clocks]` table: reminders, closures, tiers (`LERT_CLOCKS__KEY` in the environment).
    pub clocks: ClockSettings,
    /// The `[intake]` table: mail sources, size limits, trusted MTAs (`LERT_INTAKE__KEY`).
    pub intake: IntakeSettings,
    /// The `[mail]` table: transport, letterhead, notice and reminder rules (`LERT_MAIL__KEY`).
    pub mail: MailSettings,
    /// The `[productions]` table: the records database and what bundles say (`LERT_PRODUCTIONS__KEY`).
    pub productions: ProductionSettings,
    /// The `[dashboard]` table: session key, sign-in length and throttle (`LERT_DASHBOARD__KEY`).
    pub dashboard: DashboardSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./lert-data"),
            database_url: Secret::default(),
            db_pool_size: 0,
            bind: "127.0.0.1:8080".to_owned(),
            http_workers: 0,
            timezone: "UTC".to_owned(),
            max_json_bytes: 256 * 1024,
            max_document_bytes: 25 * 1024 * 1024,
            log_format: "text".to_owned(),
            log_level: "info".to_owned(),
            first_admin_email: "admin@lert.local".to_owned(),
            clocks: ClockSettings::default(),
            intake: IntakeSettings::default(),
            mail: MailSettings::default(),
            productions: ProductionSettings::default(),
            dashboard: DashboardSettings::default(),
        }
    }
}

impl Settings {
    /// Defaults, then the TOML file (if it exists, or if it was named explicitly), then `LERT_*`.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) if !path.exists() => {
                return Err(ConfigError::Invalid(format!(
                    "the configuration file {} does not exist",
                    path.display()
                )));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new("lert.toml").exists() => figment = figment.merge(Toml::file_exact("lert.toml")),
            None => {}
        }
        let settings: Settings = figment
            .merge(
                Env::prefixed("LERT_")
                    .ignore(&[
                        "config",
                        "test_postgres_url",
                        "test_require_smtp_sink",
                        "test_require_browser",
                        "update_screenshots",
                        "update_samples",
                    ])
                    .split("__"),
            )
            .extract()
            .map_err(|e| ConfigError::Load(Box::new(e)))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses values lert cannot run with; `load` calls it, and `serve` again after `--bind`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(ConfigError::Invalid(format!(
                "timezone {:?} is not an IANA time zone name such as America/Los_Angeles",
                self.timezone
            )));
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(ConfigError::Invalid("log_format must be text or json".into()));
        }
        if self.max_json_bytes < 1024 || self.max_document_bytes < 1024 {
            return Err(ConfigError::Invalid(
                "max_json_bytes and max_document_bytes must be at least 1024".into(),
            ));
        }
        self.bind.parse::<std::net::SocketAddr>().map_err(|_| {
            ConfigError::Invalid(format!("bind {:?} is not an address such as 127.0.0.1:8080", self.bind))
        })?;
        self.clocks.policy().map_err(ConfigError::Invalid)?;
        self.intake.validate().map_err(ConfigError::Invalid)?;
        self.mail.validate().map_err(ConfigError::Invalid)?;
        self.productions.validate().map_err(ConfigError::Invalid)?;
        self.dashboard.validate().map_err(ConfigError::Invalid)?;
        crate::domain::email_address::EmailAddress::parse(&self.first_admin_email)
            .map_err(|e| ConfigError::Invalid(format!("first_admin_email: {e}")))?;
        crate::storage::DatabaseUrl::parse(&self.effective_database_url())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        Ok(())
    }

    /// The database URL with the SQLite default filled in.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.expose().is_empty() {
            format!("sqlite://{}", self.data_dir.join("lert.db").display())
        } else {
            self.database_url.expose().to_owned()
        }
    }

    /// The records database URL with the SQLite default filled in.
    pub fn effective_records_database_url(&self) -> String {
        match self.productions.records_database_url.expose() {
            "" => format!("sqlite://{}", self.data_dir.join("records.db").display()),
            url => url.to_owned(),
        }
    }

    /// The pool size in force. lert's queries are short and CPU-bound, so more connections than
    /// cores only queue inside the database (measured: docs/PERFORMANCE.md).
    pub fn effective_db_pool_size(&self) -> u32 {
        match self.db_pool_size {
            0 => {
                std::thread::available_parallelism().map_or(2, |n| u32::try_from(n.get()).unwrap_or(2)).max(2)
            }
            n => n,
        }
    }

    /// The time zone and clock policy these settings describe (validated at load).
    pub fn clocks_in_force(&self) -> Result<crate::workflows::clocks::Clocks, ConfigError> {
        let policy = self.clocks.policy().map_err(ConfigError::Invalid)?;
        let mail = crate::mail::Outgoing::new(&self.mail).map_err(ConfigError::Invalid)?;
        Ok(crate::workflows::clocks::Clocks { tz: self.time_zone(), policy, mail: std::sync::Arc::new(mail) })
    }

    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::UTC)
    }
}

/// A value that must never be printed: Debug and Display show a placeholder.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"[hidden]\"" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_configuration_gives_sqlite_under_the_data_dir() {
        let settings = Settings::default();
        assert_eq!(settings.effective_database_url(), "sqlite://./lert-data/lert.db");
        settings.validate().unwrap();
    }

    #[test]
    fn secrets_do_not_print() {
        let settings =
            Settings { database_url: Secret::new("postgres://lert:hunter2@db/lert"), ..Settings::default() };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn an_unknown_time_zone_is_refused() {
        let settings = Settings { timezone: "Mars/Olympus".into(), ..Settings::default() };
        assert!(settings.validate().unwrap_err().to_string().contains("IANA"));
    }
}
