//! Delivering a built message: through SMTP (lettre, rustls), into `.eml` files under the data
//! directory (the zero-configuration default, so nothing leaves the machine until an operator
//! configures SMTP), or into a stub that accepts everything.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, Transport as _};

use crate::config::mail::MailSettings;

/// A transport, chosen by `mail.transport`.
pub enum MailTransport {
    Smtp { transport: SmtpTransport, describe: String },
    Files(PathBuf),
    Stub,
}

/// Why a message was not delivered. `permanent` means the server refused it for good (a 5xx);
/// anything else is worth another attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    pub permanent: bool,
    pub message: String,
}

/// Checks an SMTP URL without connecting: lettre must accept it, and mail must not travel in
/// clear except to a relay on this machine.
pub fn check_smtp_url(url: &str) -> Result<(), String> {
    if url.trim().is_empty() {
        return Err("mail.smtp_url is required when mail.transport is smtp".into());
    }
    SmtpTransport::from_url(url).map_err(|e| format!("mail.smtp_url is not a usable SMTP URL: {e}"))?;
    let parsed = url::Url::parse(url).map_err(|e| format!("mail.smtp_url is not a usable SMTP URL: {e}"))?;
    let host = parsed.host_str().unwrap_or_default().to_owned();
    // `smtp` is not a scheme the URL standard knows, so its host comes back as text.
    let loopback = match parsed.host() {
        Some(url::Host::Domain(name)) => {
            name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    let encrypted = parsed.scheme() == "smtps"
        || parsed.query_pairs().any(|(key, value)| key == "tls" && value == "required");
    if !encrypted && !loopback {
        return Err(format!(
            "mail.smtp_url would send mail in clear to {host}: use smtps://, add ?tls=required, or relay through localhost"
        ));
    }
    Ok(())
}

impl MailTransport {
    pub fn from_settings(settings: &MailSettings, data_dir: &Path) -> Result<MailTransport, String> {
        match settings.transport.as_str() {
            "smtp" => {
                let url = settings.smtp_url.expose();
                check_smtp_url(url)?;
                let mut builder = SmtpTransport::from_url(url)
                    .map_err(|e| format!("mail.smtp_url: {e}"))?
                    .timeout(Some(Duration::from_secs(settings.smtp_timeout_seconds)));
                if !settings.smtp_username.is_empty() {
                    builder = builder.credentials(Credentials::new(
                        settings.smtp_username.clone(),
                        settings.smtp_password.expose().to_owned(),
                    ));
                }
                let describe = format!("smtp ({})", redacted_url(url));
                Ok(MailTransport::Smtp { transport: builder.build(), describe })
            }
            "file" => {
                let dir = settings.outbox_dir.clone().unwrap_or_else(|| data_dir.join("outbox"));
                std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("mail.outbox_dir {} cannot be created: {e}", dir.display()))?;
                Ok(MailTransport::Files(dir))
            }
            "stub" => Ok(MailTransport::Stub),
            other => Err(format!("mail.transport {other:?} must be file, smtp or stub")),
        }
    }

    /// Where mail goes, for the startup log (no credentials).
    pub fn describe(&self) -> String {
        match self {
            MailTransport::Smtp { describe, .. } => describe.clone(),
            MailTransport::Files(dir) => format!("files in {}", dir.display()),
            MailTransport::Stub => "stub (mail is discarded)".to_owned(),
        }
    }

    /// Connects and says hello, for a warning at start when the server is unreachable or refuses
    /// the credentials; sending still retries later.
    pub fn check(&self) -> Result<(), String> {
        match self {
            MailTransport::Smtp { transport, describe } => match transport.test_connection() {
                Ok(true) => Ok(()),
                Ok(false) => Err(format!("{describe} did not accept a connection")),
                Err(e) => Err(format!("{describe}: {e}")),
            },
            MailTransport::Files(_) | MailTransport::Stub => Ok(()),
        }
    }

    pub fn send(&self, message: &Message, message_id: &str) -> Result<(), SendFailure> {
        match self {
            MailTransport::Smtp { transport, .. } => transport
                .send(message)
                .map(|_| ())
                .map_err(|e| SendFailure { permanent: e.is_permanent(), message: e.to_string() }),
            MailTransport::Files(dir) => write_eml(dir, message_id, &message.formatted()).map_err(|e| {
                SendFailure { permanent: false, message: format!("writing the .eml file: {e}") }
            }),
            MailTransport::Stub => Ok(()),
        }
    }
}

/// Writes one message as `<message-id>.eml`, atomically, so a second attempt replaces the file
/// rather than adding a copy.
fn write_eml(dir: &Path, message_id: &str, bytes: &[u8]) -> std::io::Result<()> {
    let name: String = message_id
        .trim_matches(['<', '>'])
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '-') { c } else { '_' })
        .collect();
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(dir.join(format!("{name}.eml"))).map_err(|e| e.error)?;
    Ok(())
}

/// The URL without any password in it.
fn redacted_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((_, host)) => format!("{scheme}://[credentials]@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_description() {
        assert_eq!(
            redacted_url("smtps://lert:hunter2@mail.example.org:465"),
            "smtps://[credentials]@mail.example.org:465"
        );
    }

    #[test]
    fn clear_text_is_only_for_a_local_relay() {
        assert!(check_smtp_url("smtp://localhost:25").is_ok());
        assert!(check_smtp_url("smtp://user:pw@127.0.0.1:2525").is_ok());
        assert!(check_smtp_url("smtp://mail.example.org").unwrap_err().contains("in clear"));
        assert!(check_smtp_url("smtp://mail.example.org?tls=required").is_ok());
        assert!(check_smtp_url("imap://mail.example.org").is_err());
    }

    #[test]
    fn the_file_transport_overwrites_the_same_message_id() {
        let dir = tempfile::tempdir().unwrap();
        write_eml(dir.path(), "<abc/1@example.org>", b"one").unwrap();
        write_eml(dir.path(), "<abc/1@example.org>", b"two").unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 1);
        assert_eq!(std::fs::read(&files[0]).unwrap(), b"two");
        assert!(files[0].ends_with("abc_1@example.org.eml"));
    }
}
