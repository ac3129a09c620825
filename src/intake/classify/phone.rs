//! The agent's direct line, from a labelled number in a signature ("Tel: (202) 555-0143",
//! "Desk 202.555.0143", "617-555-0100 (c)"): a valid request gives one (LEGAL.md 2). Fax
//! numbers and a subscriber's phone on a target list are not the agent's.

use std::sync::LazyLock;

use crate::domain::phone::PhoneNumber;
use crate::intake::classify::evidence::{propose, strongest};
use crate::intake::classify::phrase::{PhraseMatch, PhraseTable};
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Guess, Location};

/// Labels; `true` for the one-letter ones that count only as "(o)" or "O:".
const LABELS: &[(&str, bool)] = &[
    ("tel", false),
    ("telephone", false),
    ("telephone number", false),
    ("phone", false),
    ("phone number", false),
    ("ph", false),
    ("direct", false),
    ("direct line", false),
    ("direct dial", false),
    ("desk", false),
    ("desk phone", false),
    ("office", false),
    ("office phone", false),
    ("cell", false),
    ("cell phone", false),
    ("cellular", false),
    ("mobile", false),
    ("tél", false),
    ("téléphone", false),
    ("portable", false),
    ("telefon", false),
    ("mobil", false),
    ("contact me at", false),
    ("call me at", false),
    ("reached at", false),
    ("o", true),
    ("c", true),
    ("m", true),
];
/// Words before a label that make the number someone else's.
const NOT_AGENT: &[&str] = &[
    "subscriber",
    "target",
    "account",
    "user",
    "customer",
    "suspect",
    "victim",
    "registered",
    "associated",
    "listed",
    "fax",
    "facsimile",
];
/// Words allowed between a label and its number ("Phone number: ...", "Direct line is ...").
const FILLERS: &[&str] = &["number", "no", "line", "phone", "is", "at", "nr"];
const MAX_MATCHES: usize = 128;
const MAX_NUMBER_BYTES: usize = 40;
/// The signature is taken to lie in the last this many bytes of a text, a letterhead in the first.
const SIGNATURE_BYTES: usize = 1_500;
const LETTERHEAD_BYTES: usize = 800;

static TABLE: LazyLock<PhraseTable<bool>> = LazyLock::new(|| PhraseTable::new(LABELS));

/// The first labelled number in a signature or letterhead, else the first labelled number.
pub(super) fn guess(sources: &[Source<'_>]) -> Option<Guess<PhoneNumber>> {
    strongest(sources.iter().flat_map(|source| {
        TABLE.find_all(source, MAX_MATCHES).into_iter().filter_map(move |found| number_for(source, found))
    }))
}

fn number_for(source: &Source<'_>, label: PhraseMatch<bool>) -> Option<Guess<PhoneNumber>> {
    let label_start = source.start(label.first);
    if source.is_quoted(label_start) || source.near(label.first, label.last, 3, 0, NOT_AGENT) {
        return None;
    }
    let bracketed =
        source.gap_before(label.first).ends_with('(') && source.gap_after(label.last).starts_with(')');
    let colon = source.gap_after(label.last).trim_start().starts_with(':');
    if label.value && !bracketed && !colon {
        return None;
    }
    let label_end = source.end(label.last) + usize::from(bracketed);
    let forward = number_after(source.text, label_end).map(|(start, end)| (label_start, start, end));
    let backward = || {
        let before = label_start.saturating_sub(usize::from(bracketed));
        bracketed
            .then(|| number_before(source.text, before))
            .flatten()
            .map(|(start, end)| (start, start, end))
    };
    let (evidence_start, number_start, number_end) = forward.or_else(backward)?;
    let number = PhoneNumber::parse(source.text.get(number_start..number_end)?).ok()?;
    let evidence_end = number_end.max(label_end);
    let in_signature = source.location != Location::Subject
        && (label_start + SIGNATURE_BYTES >= source.text.len()
            || (matches!(source.location, Location::Attachment { .. }) && label_start < LETTERHEAD_BYTES));
    let confidence = if in_signature { Confidence::High } else { Confidence::Medium };
    Some(propose(number, source.evidence(evidence_start, evidence_end), confidence))
}

/// The byte range of a number after a label ending at `from`: separators and filler words are
/// skipped; nothing may cross a line break.
fn number_after(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut position = from + note_length(text.get(from..)?);
    for _ in 0..3 {
        let rest = text.get(position..)?;
        let separators = rest.len() - rest.trim_start_matches([' ', '\t', ':', '.', '#', '-', '–']).len();
        position += separators;
        let rest = text.get(position..)?;
        let word_length = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        if word_length == 0 || !FILLERS.contains(&rest[..word_length].to_ascii_lowercase().as_str()) {
            break;
        }
        position += word_length;
    }
    let rest = text.get(position..)?;
    let mut length = rest.bytes().take(MAX_NUMBER_BYTES).take_while(|byte| is_number_byte(*byte)).count();
    length += extension_length(&rest[length..]);
    let (start, end) = trimmed(rest, 0, length);
    (end > start).then_some((position + start, position + end))
}

/// A note in parentheses between a label and its colon ("Desk (24/7): ..."), with the spaces
/// before it; 0 when there is none (an area code in parentheses is followed by digits).
fn note_length(rest: &str) -> usize {
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    let Some(inner) = rest[spaces..].strip_prefix('(') else { return 0 };
    let Some(close) = inner.find(')').filter(|close| *close <= 20) else { return 0 };
    let after = &inner[close + 1..];
    if after.trim_start_matches(' ').starts_with(':') { spaces + 1 + close + 1 } else { 0 }
}

/// The byte range of a number that ends just before `before` ("617-555-0100 (c)").
fn number_before(text: &str, before: usize) -> Option<(usize, usize)> {
    let head = text.get(..before)?.trim_end_matches([' ', '\t']);
    let length = head.bytes().rev().take(MAX_NUMBER_BYTES).take_while(|byte| is_number_byte(*byte)).count();
    let (start, end) = trimmed(head, head.len() - length, head.len());
    (end > start).then_some((start, end))
}

fn is_number_byte(byte: u8) -> bool {
    byte.is_ascii_digit() || b" +-().".contains(&byte)
}

/// " x123", " ext. 123", " extension 123" at the start of `rest`.
fn extension_length(rest: &str) -> usize {
    let lower = rest.get(..rest.len().min(16)).unwrap_or("").to_ascii_lowercase();
    for marker in ["extension", "ext.", "ext", "x"] {
        let spaces = lower.len() - lower.trim_start().len();
        let Some(after) = lower[spaces..].strip_prefix(marker) else { continue };
        let gap = after.len() - after.trim_start().len();
        let digits = after[gap..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            return spaces + marker.len() + gap + digits;
        }
    }
    0
}

/// `text[start..end]` without surrounding spaces and punctuation that cannot end a number, and
/// without a closing parenthesis that has no opening one.
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let slice = &text[start..end];
    let head = slice.len() - slice.trim_start_matches([' ', '-', '.', ')']).len();
    let mut tail = slice.trim_end_matches([' ', '-', '.', '(', '+']);
    if tail.matches(')').count() > tail.matches('(').count() {
        tail = tail.trim_end_matches(')').trim_end();
    }
    (start + head.min(tail.len()), start + tail.len())
}

#[cfg(test)]
mod tests;
