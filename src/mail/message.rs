//! The MIME message for one outbox row: headers from the settings and the row (its stable
//! Message-ID, In-Reply-To for replies), a plain-text part and an HTML alternative.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};

use super::Outgoing;
use crate::storage::outbox::{OutboxContent, OutboxRow};

/// Builds the message; fails only on an address lettre cannot use, which makes the row fail
/// permanently (retrying would not help).
pub fn build(
    outgoing: &Outgoing,
    row: &OutboxRow,
    content: &OutboxContent,
    date: DateTime<Utc>,
) -> Result<Message, String> {
    let recipient = row.recipient.as_deref().ok_or("the email has no recipient")?;
    let to: Mailbox = recipient.parse().map_err(|e| format!("the recipient address is not usable: {e}"))?;
    let from_name = (!outgoing.from_name.is_empty()).then(|| outgoing.from_name.clone());
    let from = Mailbox::new(
        from_name,
        outgoing.from.as_str().parse().map_err(|e| format!("mail.from is not usable: {e}"))?,
    );
    let reply_to: Mailbox =
        outgoing.org.reply_to.parse().map_err(|e| format!("mail.reply_to is not usable: {e}"))?;
    let mut builder = Message::builder()
        .from(from)
        .reply_to(reply_to)
        .to(to)
        .subject(content.subject.clone())
        .message_id(Some(row.message_id.clone()))
        .date(SystemTime::from(date));
    if let Some(parent) = &content.in_reply_to {
        builder = builder.in_reply_to(parent.clone()).references(parent.clone());
    }
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder().header(ContentType::TEXT_PLAIN).body(content.body_text.clone()),
                )
                .singlepart(
                    SinglePart::builder().header(ContentType::TEXT_HTML).body(content.body_html.clone()),
                ),
        )
        .map_err(|e| format!("the message cannot be built: {e}"))
}
