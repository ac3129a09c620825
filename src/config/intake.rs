//! The `[intake]` settings: where mail comes from (a watched Maildir, an IMAP mailbox), how big a
//! message may be, and which receiving MTA's authentication verdicts lert believes.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Secret;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IntakeSettings {
    /// A message larger than this is stored raw and sent to triage unparsed.
    pub max_message_bytes: usize,
    /// An attachment larger than this is kept only inside the raw message, not as a document.
    pub max_attachment_bytes: usize,
    /// The authserv-ids of the organisation's own receiving MTAs; `Authentication-Results` headers
    /// from anyone else are ignored as forgeable.
    pub trusted_authserv_ids: Vec<String>,
    /// A Maildir that `lert serve` watches (the MTA delivers into its `new/`).
    pub maildir: Option<PathBuf>,
    /// How often `lert serve` looks at the Maildir and the IMAP mailbox, in seconds.
    pub poll_seconds: u64,
    /// An IMAP mailbox that `lert serve` polls.
    pub imap: Option<ImapSetting>,
}

impl Default for IntakeSettings {
    fn default() -> Self {
        IntakeSettings {
            max_message_bytes: 40 * 1024 * 1024,
            max_attachment_bytes: 25 * 1024 * 1024,
            trusted_authserv_ids: Vec::new(),
            maildir: None,
            poll_seconds: 10,
            imap: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapSetting {
    pub host: String,
    #[serde(default = "default_imap_port")]
    pub port: u16,
    /// `tls` (implicit TLS, port 993) or `starttls` (port 143); plaintext is never used.
    #[serde(default = "default_security")]
    pub security: String,
    pub username: String,
    pub password: Secret,
    #[serde(default = "default_mailbox")]
    pub mailbox: String,
    /// `flag` (mark `\Seen $LertImported`) or `move` (to `move_to`).
    #[serde(default = "default_after_import")]
    pub after_import: String,
    #[serde(default = "default_move_to")]
    pub move_to: String,
    /// Extra trusted CA certificates (PEM), for a server with a private CA.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

fn default_imap_port() -> u16 {
    993
}
fn default_security() -> String {
    "tls".to_owned()
}
fn default_mailbox() -> String {
    "INBOX".to_owned()
}
fn default_after_import() -> String {
    "flag".to_owned()
}
fn default_move_to() -> String {
    "lert-imported".to_owned()
}
fn default_timeout() -> u64 {
    60
}

impl IntakeSettings {
    /// Refuses settings intake cannot run with.
    pub fn validate(&self) -> Result<(), String> {
        if self.max_message_bytes < 1024 || self.max_attachment_bytes < 1024 {
            return Err(
                "intake.max_message_bytes and intake.max_attachment_bytes must be at least 1024".into()
            );
        }
        if self.poll_seconds == 0 {
            return Err("intake.poll_seconds must be at least 1".into());
        }
        if let Some(imap) = &self.imap {
            imap.validate()?;
        }
        Ok(())
    }
}

impl ImapSetting {
    fn validate(&self) -> Result<(), String> {
        if self.host.trim().is_empty() || self.username.trim().is_empty() {
            return Err("intake.imap.host and intake.imap.username must be set".into());
        }
        if !matches!(self.security.as_str(), "tls" | "starttls") {
            return Err(format!("intake.imap.security must be tls or starttls, not {:?}", self.security));
        }
        if !matches!(self.after_import.as_str(), "flag" | "move") {
            return Err(format!(
                "intake.imap.after_import must be flag or move, not {:?}",
                self.after_import
            ));
        }
        if self.after_import == "move" && self.move_to.trim().is_empty() {
            return Err("intake.imap.move_to must name a folder when after_import is move".into());
        }
        if self.timeout_seconds == 0 {
            return Err("intake.imap.timeout_seconds must be at least 1".into());
        }
        Ok(())
    }
}
