//! Finding the identifiers in free text (an agency's email, a pasted request), so intake can
//! propose targets for the legal team to confirm instead of retyping them.
//!
//! The text is split into words; each word is tried, in order, as an ACME account URL, an email
//! address, colon-separated serial bytes, an IP address and a domain name. Two labels look at the
//! following words: "serial (number)" and "account (id|number)", and a value glued to a label
//! ("IP:192.0.2.1", "domain=example.com") is found too. Hosts of URLs and domains of
//! email addresses are not reported separately, and file names ("report.pdf") are skipped.

use std::net::Ipv4Addr;

use crate::domain::identifier::cert_serial::is_colon_separated_bytes;
use crate::domain::identifier::ip::IpAddress;
use crate::domain::identifier::{Identifier, TargetKind};

/// Words between a label and its value: "serial number: 03...", "account ID # 123".
const FILLER_WORDS: &[&str] = &["number", "numbers", "no", "nr", "id", "is", "#", "=", "-"];
const MAX_FILLERS: usize = 3;
/// A labelled serial shorter than this is more likely a page or exhibit number.
const MIN_LABELLED_SERIAL_DIGITS: usize = 4;
/// Last labels that mark a file name rather than a domain. A few are also real top-level
/// domains (`.zip`, `.mov`); such domains must be entered by hand.
const FILE_EXTENSIONS: &[&str] = &[
    "7z", "asc", "bmp", "bz2", "cer", "crt", "csr", "csv", "der", "doc", "docx", "eml", "exe", "gif", "gpg",
    "gz", "heic", "htm", "html", "jpeg", "jpg", "json", "key", "log", "mov", "mp3", "mp4", "msg", "odt",
    "ods", "p12", "p7b", "p7s", "pdf", "pem", "pfx", "png", "ppt", "pptx", "rar", "rtf", "sig", "svg", "tar",
    "tgz", "tif", "tiff", "txt", "wav", "xls", "xlsx", "xml", "zip",
];
/// Characters that end a word besides white space; `'` is not one, it appears in addresses.
const WORD_SEPARATORS: &[char] =
    &['<', '>', '(', ')', '[', ']', '{', '}', '"', ',', ';', '|', '`', '“', '”', '«', '»'];
const LEADING_PUNCTUATION: &[char] = &['\'', '‘'];
const TRAILING_PUNCTUATION: &[char] = &['.', ':', '!', '?', '\'', '’'];

/// Every identifier found in `text`, each target once, in order of first appearance.
pub fn extract_identifiers(text: &str) -> Vec<Identifier> {
    let words: Vec<&str> = text.split(is_word_separator).filter(|word| !word.is_empty()).collect();
    let mut found: Vec<Identifier> = Vec::new();
    let mut index = 0;
    while index < words.len() {
        let rest = &words[index..];
        let (identifier, consumed) = match labelled_serial(rest).or_else(|| labelled_account(rest)) {
            Some((identifier, consumed)) => (Some(identifier), consumed),
            None => (identifier_in_word(rest[0]), 1),
        };
        if let Some(identifier) = identifier
            && !found.iter().any(|seen| seen.same_target(&identifier))
        {
            found.push(identifier);
        }
        index += consumed;
    }
    found
}

fn is_word_separator(c: char) -> bool {
    c.is_whitespace() || WORD_SEPARATORS.contains(&c)
}

/// The word without surrounding quotes, sentence punctuation or a possessive "'s".
fn trim_word(word: &str) -> &str {
    let word = word.trim_start_matches(LEADING_PUNCTUATION).trim_end_matches(TRAILING_PUNCTUATION);
    let word = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
    word.trim_end_matches(TRAILING_PUNCTUATION)
}

fn label(word: &str) -> String {
    trim_word(word).to_lowercase()
}

fn count_fillers(words: &[&str]) -> usize {
    words.iter().take(MAX_FILLERS).take_while(|word| FILLER_WORDS.contains(&label(word).as_str())).count()
}

/// "serial (number): 03:a1:...", "serial 03a1b2c3", or bytes as separate words "03 a1 b2 ...".
fn labelled_serial(words: &[&str]) -> Option<(Identifier, usize)> {
    if label(words[0]).trim_end_matches('#') != "serial" {
        return None;
    }
    let mut index = 1 + count_fillers(&words[1..]);
    let first = trim_word(words.get(index)?);
    let mut parts = vec![first];
    index += 1;
    let mut sentence_ended = words[index - 1] != first;
    while is_hex_pair(first) && !sentence_ended {
        let Some(word) = words.get(index) else { break };
        let group = trim_word(word);
        if !is_hex_pair(group) {
            break;
        }
        parts.push(group);
        index += 1;
        sentence_ended = *word != group;
    }
    let serial = parts.join(" ");
    let hex_digits = serial.chars().filter(char::is_ascii_hexdigit).count();
    let has_decimal_digit = serial.chars().any(|c| c.is_ascii_digit());
    // A serial of that length without a single decimal digit is an English word ("face").
    if hex_digits < MIN_LABELLED_SERIAL_DIGITS || !has_decimal_digit {
        return None;
    }
    let identifier = Identifier::parse(TargetKind::CertSerial, &serial).ok()?;
    Some((identifier, index))
}

fn is_hex_pair(word: &str) -> bool {
    word.len() == 2 && word.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// "account 123", "account ID: 123", "acct #123".
fn labelled_account(words: &[&str]) -> Option<(Identifier, usize)> {
    if !matches!(label(words[0]).trim_end_matches('#'), "account" | "acct") {
        return None;
    }
    let index = 1 + count_fillers(&words[1..]);
    let value = trim_word(words.get(index)?);
    let digits = value.strip_prefix('#').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let identifier = Identifier::parse(TargetKind::AccountId, digits).ok()?;
    Some((identifier, index + 1))
}

/// The identifier a single word holds, trying it as written, then without punctuation, then
/// without a leading label such as "IP:" or "domain=".
fn identifier_in_word(word: &str) -> Option<Identifier> {
    let trimmed = trim_word(word);
    // A full stop ending a sentence is not part of the address or domain before it.
    if word.ends_with('.')
        && trimmed != word
        && let Some(identifier) = identifier_in(trimmed)
    {
        return Some(identifier);
    }
    identifier_in(word)
        .or_else(|| (trimmed != word).then(|| identifier_in(trimmed)).flatten())
        .or_else(|| after_label(trimmed).and_then(identifier_in))
}

/// The value in "label:value" or "label=value", where the label is a plain word.
fn after_label(word: &str) -> Option<&str> {
    let (label, value) = word.split_once([':', '='])?;
    let is_word = !label.is_empty() && label.chars().all(|c| c.is_alphabetic() || c == '_');
    (is_word && !value.is_empty()).then_some(value)
}

fn identifier_in(word: &str) -> Option<Identifier> {
    let lower = word.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.contains("/acct/") {
        // Only account URLs are targets; other links, and their hosts, are context.
        return Identifier::parse(TargetKind::AccountId, word).ok();
    }
    if word.contains('/') {
        return None;
    }
    if word.contains('@') {
        return email_in(word);
    }
    if is_colon_separated_bytes(word) {
        return Identifier::parse(TargetKind::CertSerial, word).ok();
    }
    if let Some(ip) = ip_in(word) {
        return Identifier::parse(TargetKind::Ip, &ip).ok();
    }
    domain_in(word)
}

/// An email address, possibly behind a prefix such as "mailto:" or "Email:".
fn email_in(word: &str) -> Option<Identifier> {
    let address = match word.rsplit_once(':') {
        Some((_, after)) if after.contains('@') => after,
        _ => word,
    };
    Identifier::parse(TargetKind::Email, address).ok()
}

/// An IP address, or an IPv4 address with a port as in log lines ("192.0.2.1:443").
fn ip_in(word: &str) -> Option<String> {
    if let Ok(ip) = IpAddress::parse(word) {
        return (!ip.addr().is_unspecified()).then(|| word.to_owned());
    }
    let (host, port) = word.split_once(':')?;
    let is_port = !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit());
    (is_port && host.parse::<Ipv4Addr>().is_ok()).then(|| host.to_owned())
}

/// A domain name whose last label looks like a real top-level domain and not a file extension.
fn domain_in(word: &str) -> Option<Identifier> {
    if !word.contains('.') {
        return None;
    }
    let identifier = Identifier::parse(TargetKind::Domain, word).ok()?;
    let top_level = identifier.normalized().rsplit('.').next()?;
    let plausible = top_level.starts_with("xn--")
        || (top_level.len() >= 2 && top_level.bytes().all(|byte| byte.is_ascii_lowercase()));
    (plausible && !FILE_EXTENSIONS.contains(&top_level)).then_some(identifier)
}

#[cfg(test)]
mod tests;
