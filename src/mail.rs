//! Outbound mail: the templates every email is rendered from, the message lert builds from an
//! outbox row, and the transports that deliver it (SMTP, `.eml` files, or a stub).
//!
//! Nothing here decides *whether* to send: the workflows enqueue rows and the scheduler claims
//! and sends them. This module only renders and delivers.

pub mod message;
pub mod templates;
pub mod transport;

use crate::config::mail::MailSettings;
use crate::domain::email_address::EmailAddress;
use templates::Templates;

/// How the organisation signs its mail.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Organisation {
    pub name: String,
    pub postal_address: String,
    pub reply_to: String,
    pub website: String,
}

/// Everything the workflows need to write an email: the organisation, the mail settings, and the
/// compiled templates. Built once from the settings.
#[derive(Debug)]
pub struct Outgoing {
    pub org: Organisation,
    pub from_name: String,
    pub from: EmailAddress,
    pub settings: MailSettings,
    pub templates: Templates,
}

impl Outgoing {
    /// Builds from validated settings; an invalid From is reported, not assumed.
    pub fn new(settings: &MailSettings) -> Result<Outgoing, String> {
        let (from_name, from) = settings.from_mailbox()?;
        let reply_to =
            if settings.reply_to.is_empty() { from.as_str().to_owned() } else { settings.reply_to.clone() };
        Ok(Outgoing {
            org: Organisation {
                name: settings.organisation.clone(),
                postal_address: settings.postal_address.clone(),
                reply_to,
                website: settings.website.clone(),
            },
            from_name,
            from,
            settings: settings.clone(),
            templates: Templates::compiled(),
        })
    }

    /// A Message-ID that is the same on every attempt to send one outbox row.
    pub fn message_id_for(&self, outbox_id: &str) -> String {
        format!("<{outbox_id}@{}>", self.from.domain().as_str())
    }
}

impl Default for Outgoing {
    fn default() -> Outgoing {
        Outgoing::new(&MailSettings::default()).expect("the default mail settings are valid")
    }
}
