//! From raw bytes to what intake reads: headers, the text of the body (HTML reduced to text, never
//! kept as HTML), and attachments with their text. Lenient, as mail is: a message only fails to
//! parse when it is not mail at all.

use chrono::{DateTime, Utc};
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders, PartType};
use serde::Serialize;

use super::forward::{Forwarded, find_forwarded};
use super::pdf_text::pdf_text;
use crate::domain::file_name::sanitize_file_name;
use crate::storage::blobs::sha256_hex;

/// The text of bodies and attachments beyond this many bytes is not read (the raw message keeps it).
const MAX_TEXT_BYTES: usize = 512 * 1024;

/// A mailbox as written in From or Reply-To.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

/// Why a message is not a request to file: auto-replies and bulk mail go to triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Automated {
    AutoReply,
    Bulk,
}

#[derive(Debug, Clone)]
pub struct ParsedAttachment {
    /// Sanitised file name (`attachment-N` when the part has none).
    pub name: String,
    pub content_type: String,
    /// The decoded contents; empty when oversize.
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes` (empty when oversize), computed once for the blob store and the document.
    pub sha256: String,
    pub size: usize,
    /// Extracted text (text parts, PDFs), when there is any.
    pub text: Option<String>,
    /// Larger than the configured limit: kept only inside the raw message.
    pub oversize: bool,
}

/// A message as intake reads it.
#[derive(Debug, Clone)]
pub struct ParsedMessage {
    pub message_id: Option<String>,
    /// Every header as received (name, unfolded value), at most 200.
    pub headers: Vec<(String, String)>,
    /// In-Reply-To then References, without angle brackets.
    pub thread_ids: Vec<String>,
    pub subject: String,
    pub from: Option<Mailbox>,
    pub reply_to: Vec<String>,
    /// To and Cc addresses: the organisation's own mailboxes, never targets.
    pub recipients: Vec<String>,
    pub date: Option<DateTime<Utc>>,
    pub automated: Option<Automated>,
    /// Values of every `Authentication-Results` header, topmost first.
    pub authentication_results: Vec<String>,
    pub body_text: String,
    /// The body had only an HTML part, reduced to text.
    pub body_from_html: bool,
    pub attachments: Vec<ParsedAttachment>,
    /// A forwarded request inside the body, and who originally sent it.
    pub forwarded: Option<Forwarded>,
    /// Damage noticed while decoding (bad charsets, broken transfer encodings).
    pub problems: Vec<String>,
}

/// The limits parsing works within.
#[derive(Debug, Clone, Copy)]
pub struct ParseLimits {
    pub max_attachment_bytes: usize,
    /// Extract text from PDF attachments.
    pub pdf_text: bool,
}

/// The Message-ID from the headers alone: cheap, for the row stored before parsing.
pub fn header_message_id(raw: &[u8]) -> Option<String> {
    let message = MessageParser::new().parse_headers(raw)?;
    message.message_id().and_then(clean_id)
}

/// Parses a message, or says why it is not one.
pub fn parse_message(raw: &[u8], limits: ParseLimits) -> Result<ParsedMessage, String> {
    let message = MessageParser::default().parse(raw).ok_or("no message headers could be read")?;
    let has_mail_headers = message.from().is_some()
        || message.message_id().is_some()
        || message.date().is_some()
        || message.subject().is_some();
    if !has_mail_headers {
        return Err("not an email: it has no From, Date, Subject or Message-ID header".into());
    }
    let mut problems = Vec::new();
    let (body_text, body_from_html) = body_text(&message);
    let mut attachments = Vec::new();
    collect_attachments(&message, limits, &mut attachments, &mut problems, 0);
    if message.parts.iter().any(|part| part.is_encoding_problem) {
        problems.push("a part could not be decoded cleanly (bad charset or transfer encoding)".into());
    }
    let forwarded = find_forwarded(&body_text);
    Ok(ParsedMessage {
        message_id: message.message_id().and_then(clean_id),
        headers: message
            .headers_raw()
            .take(200)
            .map(|(n, v)| (n.to_owned(), collapse_whitespace(v)))
            .collect(),
        thread_ids: thread_ids(&message),
        subject: message.subject().map(collapse_whitespace).unwrap_or_default(),
        from: message.from().and_then(first_mailbox),
        reply_to: message
            .reply_to()
            .map(|list| list.iter().filter_map(|a| a.address().map(str::to_owned)).collect())
            .unwrap_or_default(),
        recipients: message
            .to()
            .into_iter()
            .chain(message.cc())
            .flat_map(|list| list.iter().filter_map(|a| a.address().map(str::to_lowercase)))
            .take(100)
            .collect(),
        date: message.date().and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0)),
        automated: automated(&message),
        authentication_results: header_texts(&message, "Authentication-Results"),
        body_text,
        body_from_html,
        attachments,
        forwarded,
        problems,
    })
}

fn body_text(message: &mail_parser::Message<'_>) -> (String, bool) {
    let mut text = String::new();
    let mut from_html = false;
    // mail-parser lists an HTML part among the text bodies when there is no plain text one.
    let mut parts: Vec<&mail_parser::MessagePart<'_>> = message.text_bodies().collect();
    if parts.is_empty() {
        parts = message.html_bodies().collect();
    }
    for part in parts {
        match &part.body {
            PartType::Text(plain) => push_bounded(&mut text, plain),
            PartType::Html(html) => {
                from_html = true;
                push_bounded(&mut text, &html_text(html));
            }
            _ => {}
        }
    }
    (text, from_html)
}

/// HTML reduced to text (scripts, styles and tags dropped, entities decoded), with table cells
/// and blocks kept apart: mail-parser's reduction alone runs `<td>a</td><td>b</td>` into "ab".
pub fn html_text(html: &str) -> String {
    const BLOCKS: [&str; 14] =
        ["p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "blockquote", "hr"];
    let mut spaced = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        spaced.push_str(&rest[..open]);
        let tag = rest[open + 1..].trim_start_matches('/');
        let name: String =
            tag.chars().take_while(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) {
            spaced.push('\n');
        } else if name == "td" || name == "th" {
            spaced.push(' ');
        }
        spaced.push('<');
        rest = &rest[open + 1..];
    }
    spaced.push_str(rest);
    mail_parser::decoders::html::html_to_text(&spaced)
}

fn push_bounded(text: &mut String, more: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    let room = MAX_TEXT_BYTES.saturating_sub(text.len());
    text.push_str(truncate_on_char(more, room));
}

fn truncate_on_char(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Attachments in order; a forwarded message (`message/rfc822`) contributes its text and its own
/// attachments, two levels deep at most.
fn collect_attachments(
    message: &mail_parser::Message<'_>,
    limits: ParseLimits,
    out: &mut Vec<ParsedAttachment>,
    problems: &mut Vec<String>,
    depth: usize,
) {
    for part in message.attachments() {
        let index = out.len() + 1;
        let name = part
            .attachment_name()
            .and_then(sanitize_file_name)
            .unwrap_or_else(|| format!("attachment-{index}"));
        let content_type = part
            .content_type()
            .map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
                None => ct.ctype().to_ascii_lowercase(),
            })
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        match &part.body {
            PartType::Message(inner) if depth < 2 => {
                let (text, _) = body_text(inner);
                let subject = inner.subject().unwrap_or("forwarded message");
                let name = sanitize_file_name(&format!("{subject}.eml")).unwrap_or(name);
                let raw = inner.raw_message();
                let oversize = raw.len() > limits.max_attachment_bytes;
                out.push(ParsedAttachment {
                    name,
                    content_type: "message/rfc822".into(),
                    bytes: if oversize { Vec::new() } else { raw.to_vec() },
                    sha256: if oversize { String::new() } else { sha256_hex(raw) },
                    size: raw.len(),
                    text: Some(text),
                    oversize,
                });
                collect_attachments(inner, limits, out, problems, depth + 1);
            }
            _ => {
                let bytes = part.contents();
                let oversize = bytes.len() > limits.max_attachment_bytes;
                let text = if oversize { None } else { attachment_text(part, &content_type, &name, limits) };
                if !oversize && text.is_none() && is_pdf(&content_type, &name, bytes) && limits.pdf_text {
                    problems.push(format!("no text could be read from the PDF {name}"));
                }
                out.push(ParsedAttachment {
                    name,
                    content_type,
                    bytes: if oversize { Vec::new() } else { bytes.to_vec() },
                    sha256: if oversize { String::new() } else { sha256_hex(bytes) },
                    size: bytes.len(),
                    text,
                    oversize,
                });
            }
        }
    }
}

fn attachment_text(
    part: &mail_parser::MessagePart<'_>,
    content_type: &str,
    name: &str,
    limits: ParseLimits,
) -> Option<String> {
    match &part.body {
        PartType::Text(text) => Some(truncate_on_char(text, MAX_TEXT_BYTES).to_owned()),
        PartType::Html(html) => Some(truncate_on_char(&html_text(html), MAX_TEXT_BYTES).to_owned()),
        PartType::Binary(bytes) | PartType::InlineBinary(bytes)
            if limits.pdf_text && is_pdf(content_type, name, bytes) =>
        {
            pdf_text(bytes).map(|text| truncate_on_char(&text, MAX_TEXT_BYTES).to_owned())
        }
        _ => None,
    }
}

fn is_pdf(content_type: &str, name: &str, bytes: &[u8]) -> bool {
    content_type == "application/pdf"
        || name.to_ascii_lowercase().ends_with(".pdf")
        || bytes.starts_with(b"%PDF-")
}

fn first_mailbox(address: &Address<'_>) -> Option<Mailbox> {
    let first = address.first()?;
    let email = first.address()?.trim();
    if email.is_empty() {
        return None;
    }
    Some(Mailbox {
        name: first.name().map(collapse_whitespace).filter(|n| !n.is_empty()),
        address: email.to_owned(),
    })
}

fn thread_ids(message: &mail_parser::Message<'_>) -> Vec<String> {
    let mut ids = Vec::new();
    for value in [message.in_reply_to(), message.references()] {
        match value {
            HeaderValue::Text(id) => ids.extend(clean_id(id)),
            HeaderValue::TextList(list) => ids.extend(list.iter().filter_map(|id| clean_id(id))),
            _ => {}
        }
    }
    ids.dedup();
    ids.truncate(100);
    ids
}

fn automated(message: &mail_parser::Message<'_>) -> Option<Automated> {
    let text = |name: &str| header_texts(message, name).into_iter().next().map(|v| v.to_ascii_lowercase());
    if text("Auto-Submitted").is_some_and(|v| v.trim() != "no")
        || text("X-Autoreply").is_some()
        || text("X-Autorespond").is_some()
    {
        return Some(Automated::AutoReply);
    }
    if matches!(text("Precedence").as_deref().map(str::trim), Some("bulk" | "list" | "junk"))
        || !matches!(message.list_unsubscribe(), HeaderValue::Empty)
        || !matches!(message.list_id(), HeaderValue::Empty)
    {
        return Some(Automated::Bulk);
    }
    None
}

/// Raw values of every header called `name` (unfolded), in message order.
fn header_texts(message: &mail_parser::Message<'_>, name: &str) -> Vec<String> {
    message
        .headers_raw()
        .filter(|(header, _)| header.eq_ignore_ascii_case(name))
        .map(|(_, value)| collapse_whitespace(value))
        .collect()
}

fn clean_id(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>').trim();
    (!id.is_empty() && id.len() <= 998).then(|| id.to_owned())
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
