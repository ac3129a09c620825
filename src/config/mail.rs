//! The `[mail]` settings: how lert sends (SMTP, files, or a stub), who it writes as, and the
//! notice and reminder rules the legal team chooses (objection period, digests, alerts).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Secret;
use crate::domain::email_address::EmailAddress;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSettings {
    /// `file` (write `.eml` files under `outbox_dir`), `smtp` (send through `smtp_url`), or
    /// `stub` (accept and discard; for tests and dry runs).
    pub transport: String,
    /// `smtps://host:465`, `smtp://host:587?tls=required`, or plain `smtp://` to a loopback relay.
    pub smtp_url: Secret,
    pub smtp_username: String,
    pub smtp_password: Secret,
    /// Seconds to wait for the SMTP server before the attempt counts as failed.
    pub smtp_timeout_seconds: u64,
    /// Where the file transport writes; empty means `<data_dir>/outbox`.
    pub outbox_dir: Option<PathBuf>,
    /// The From header, e.g. `Example Legal <law-enforcement@example.org>`.
    pub from: String,
    /// Where replies go; empty means the From address.
    pub reply_to: String,
    /// The organisation's name, address and website as they appear in every email.
    pub organisation: String,
    pub postal_address: String,
    pub website: String,
    /// Link to the dashboard in the daily digest; empty to leave it out.
    pub dashboard_url: String,
    /// Days production waits after a subscriber notice is sent, for the subscriber to object.
    pub objection_days: u32,
    /// The local hour (0-23) at which notices due on a day are sent.
    pub notice_hour: u32,
    /// Acknowledge each request to the agent with the case reference when it is logged.
    pub acknowledge_requests: bool,
    /// Tell the agent before an NDO ends that notice will go out (at the NDO reminders).
    pub ndo_headsup_to_agent: bool,
    /// Who receives the daily digest.
    pub digest_recipients: Vec<String>,
    /// The local hour (0-23) after which the day's digest is sent.
    pub digest_hour: u32,
    /// Who receives immediate alerts (emergencies, overdue, failing mail); empty means the
    /// digest recipients.
    pub alert_recipients: Vec<String>,
    /// Seconds between scheduler ticks in `lert serve`; 0 turns the loop off (when cron runs
    /// `lert tick` instead).
    pub tick_seconds: u64,
    /// Seconds a claimed email stays reserved for the instance sending it.
    pub lease_seconds: u64,
    /// Failed attempts after which an email is marked failed and the legal team alerted.
    pub max_attempts: u32,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            transport: "file".to_owned(),
            smtp_url: Secret::default(),
            smtp_username: String::new(),
            smtp_password: Secret::default(),
            smtp_timeout_seconds: 30,
            outbox_dir: None,
            from: "Law Enforcement Response <law-enforcement@lert.local>".to_owned(),
            reply_to: String::new(),
            organisation: "Example Organisation".to_owned(),
            postal_address: String::new(),
            website: String::new(),
            dashboard_url: String::new(),
            objection_days: 7,
            notice_hour: 9,
            acknowledge_requests: true,
            ndo_headsup_to_agent: false,
            digest_recipients: Vec::new(),
            digest_hour: 8,
            alert_recipients: Vec::new(),
            tick_seconds: 60,
            lease_seconds: 300,
            max_attempts: 8,
        }
    }
}

impl MailSettings {
    pub fn validate(&self) -> Result<(), String> {
        match self.transport.as_str() {
            "file" | "stub" => {}
            "smtp" => crate::mail::transport::check_smtp_url(self.smtp_url.expose())?,
            other => return Err(format!("mail.transport {other:?} must be file, smtp or stub")),
        }
        self.from_mailbox()?;
        if !self.reply_to.is_empty() {
            EmailAddress::parse(&self.reply_to).map_err(|e| format!("mail.reply_to: {e}"))?;
        }
        for (key, list) in
            [("digest_recipients", &self.digest_recipients), ("alert_recipients", &self.alert_recipients)]
        {
            for address in list {
                EmailAddress::parse(address).map_err(|e| format!("mail.{key}: {e}"))?;
            }
        }
        if self.notice_hour > 23 || self.digest_hour > 23 {
            return Err("mail.notice_hour and mail.digest_hour must be 0 to 23".into());
        }
        if !(1..=90).contains(&self.objection_days) {
            return Err("mail.objection_days must be 1 to 90".into());
        }
        if self.lease_seconds < 30 || self.smtp_timeout_seconds == 0 {
            return Err(
                "mail.smtp_timeout_seconds must be positive and mail.lease_seconds at least 30".into()
            );
        }
        if self.lease_seconds <= self.smtp_timeout_seconds * 2 {
            return Err("mail.lease_seconds must be more than twice mail.smtp_timeout_seconds, so a lease outlives a slow send".into());
        }
        if !(1..=50).contains(&self.max_attempts) {
            return Err("mail.max_attempts must be 1 to 50".into());
        }
        Ok(())
    }

    /// The From header parsed: the display name (possibly empty) and the address.
    pub fn from_mailbox(&self) -> Result<(String, EmailAddress), String> {
        let mailbox: lettre::message::Mailbox =
            self.from.trim().parse().map_err(|e| format!("mail.from {:?}: {e}", self.from))?;
        let address = EmailAddress::parse(mailbox.email.as_ref()).map_err(|e| format!("mail.from: {e}"))?;
        Ok((mailbox.name.unwrap_or_default(), address))
    }

    /// Where alerts go: the alert recipients, else the digest recipients.
    pub fn alert_recipients(&self) -> &[String] {
        if self.alert_recipients.is_empty() { &self.digest_recipients } else { &self.alert_recipients }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        MailSettings::default().validate().unwrap();
    }

    #[test]
    fn the_from_header_may_carry_a_display_name() {
        let settings =
            MailSettings { from: "\"ISRG Legal\" <legal@isrg.example>".into(), ..MailSettings::default() };
        let (name, address) = settings.from_mailbox().unwrap();
        assert_eq!((name.as_str(), address.as_str()), ("ISRG Legal", "legal@isrg.example"));
    }

    #[test]
    fn bad_values_are_refused_with_the_key() {
        let bad = |settings: MailSettings| settings.validate().unwrap_err();
        assert!(
            bad(MailSettings { transport: "pigeon".into(), ..Default::default() }).contains("mail.transport")
        );
        assert!(bad(MailSettings { from: "nobody".into(), ..Default::default() }).contains("mail.from"));
        assert!(bad(MailSettings { digest_hour: 24, ..Default::default() }).contains("digest_hour"));
        let smtp = |url: &str| MailSettings {
            transport: "smtp".into(),
            smtp_url: Secret::new(url),
            ..Default::default()
        };
        assert!(bad(smtp("")).contains("smtp_url"));
        assert!(bad(smtp("smtp//broken")).contains("smtp_url"));
        assert!(bad(smtp("smtp://mail.example.org:25")).contains("in clear"));
        smtp("smtps://mail.example.org").validate().unwrap();
        smtp("smtp://mail.example.org:587?tls=required").validate().unwrap();
        smtp("smtp://127.0.0.1:2525").validate().unwrap();
    }
}
