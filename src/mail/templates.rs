//! The email templates in `templates/email/`, compiled into the binary: a subject, a plain-text
//! body and an HTML body per kind. Tera autoescapes only the `.html` ones, so the text parts show
//! an agency's name exactly as written and the HTML part cannot be injected into.

use serde::Serialize;
use tera::{Context, Tera};

use crate::domain::outbox::OutboxKind;

/// An email as rendered: what the outbox stores and the transport sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
#[error("rendering the {kind} email: {source}")]
pub struct RenderError {
    kind: &'static str,
    #[source]
    source: tera::Error,
}

/// The compiled templates.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
}

macro_rules! email_templates {
    ($($kind:literal),* $(,)?) => {
        [$(
            (concat!($kind, ".subject"), include_str!(concat!("../../templates/email/", $kind, ".subject"))),
            (concat!($kind, ".txt"), include_str!(concat!("../../templates/email/", $kind, ".txt"))),
            (concat!($kind, ".html"), include_str!(concat!("../../templates/email/", $kind, ".html"))),
        )*]
    };
}

const SOURCES: [(&str, &str); 33] = email_templates!(
    "subscriber_notice",
    "delayed_notice",
    "agency_ack",
    "reply_deficient",
    "reply_lookback",
    "reply_mlat",
    "ndo_headsup",
    "digest",
    "alert_emergency",
    "alert_overdue",
    "alert_mail_failed",
);

/// The HTML part for a plain text written by hand (counsel's edit of a draft): the same text,
/// escaped, with its line breaks kept.
pub fn html_for_text(text: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><body><pre style=\"white-space:pre-wrap;font-family:inherit\">{}</pre></body></html>",
        tera::escape_html(text)
    )
}

impl Templates {
    /// Compiles every template; a template that does not parse is a build defect, caught by the
    /// tests that render each one.
    pub fn compiled() -> Templates {
        let mut tera = Tera::default();
        tera.add_raw_templates(SOURCES).expect("the email templates in templates/email/ parse");
        Templates { tera }
    }

    /// Renders one kind with `context` (which must serialise to a JSON object).
    pub fn render(&self, kind: OutboxKind, context: &impl Serialize) -> Result<Rendered, RenderError> {
        let name = kind.as_str();
        let error = |source| RenderError { kind: name, source };
        let context = Context::from_serialize(context).map_err(error)?;
        let part = |suffix: &str| self.tera.render(&format!("{name}.{suffix}"), &context).map_err(error);
        let subject = part("subject")?;
        Ok(Rendered {
            // A header is one line, whatever the template or the data put in it.
            subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
            text: part("txt")?,
            html: part("html")?,
        })
    }
}
