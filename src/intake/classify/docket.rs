//! The agency's or court's number for the matter ("Case No. 1:26-mj-00123", "GJ No. 2026-117",
//! "Misc. No. 26-45"), read after its label, so replies and productions quote it.

use std::sync::LazyLock;

use crate::intake::classify::evidence::{at_most, propose, strongest};
use crate::intake::classify::phrase::PhraseTable;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Guess};

/// Labels; `true` for a bare word that counts before "#" ("Case #123"), or before a number shaped
/// like a case number ("Case 2026-00417", Medium).
const LABELS: &[(&str, bool)] = &[
    ("case no", false),
    ("case nos", false),
    ("case number", false),
    ("case nr", false),
    ("case", true),
    ("civil action no", false),
    ("civil no", false),
    ("criminal no", false),
    ("criminal action no", false),
    ("docket no", false),
    ("docket number", false),
    ("docket", true),
    ("gj no", false),
    ("g j no", false),
    ("grand jury no", false),
    ("grand jury number", false),
    ("misc no", false),
    ("mag no", false),
    ("magistrate no", false),
    ("magistrate case no", false),
    ("crime reference number", false),
    ("crime reference", false),
    ("aktenzeichen", false),
];
const MAX_MATCHES: usize = 64;
const MAX_CHUNKS: usize = 3;
const MAX_NUMBER_CHARS: usize = 40;

static TABLE: LazyLock<PhraseTable<bool>> = LazyLock::new(|| PhraseTable::new(LABELS));

/// The first number under a full label in search order, else the first under a bare "Case".
pub(super) fn guess(sources: &[Source<'_>]) -> Option<Guess<String>> {
    strongest(sources.iter().flat_map(|source| {
        TABLE.find_all(source, MAX_MATCHES).into_iter().filter_map(move |found| {
            let label_end = source.end(found.last);
            let hashed = source.text.get(label_end..).unwrap_or("").trim_start().starts_with('#');
            let (number, end) = number_after(source.text, label_end)?;
            let confidence = match (found.value, hashed) {
                (false, _) | (true, true) => Confidence::High,
                (true, false) if is_shaped_like_case_number(&number) => Confidence::Medium,
                (true, false) => return None,
            };
            let confidence = if source.is_quoted(label_end) {
                at_most(confidence, Confidence::Medium)
            } else {
                confidence
            };
            Some(propose(number, source.evidence(source.start(found.first), end), confidence))
        })
    }))
}

/// The number after a label that ends at byte `from`, and the byte offset where it ends.
fn number_after(text: &str, from: usize) -> Option<(String, usize)> {
    let rest = text.get(from..)?;
    let mut breaks = 0;
    let skipped = rest
        .char_indices()
        .find(|&(_, c)| {
            breaks += usize::from(c == '\n');
            !(c.is_whitespace() || ".:#-–".contains(c)) || breaks > 1
        })
        .map_or(rest.len(), |(offset, _)| offset);
    if breaks > 1 {
        return None;
    }
    let mut number = String::new();
    let mut position = from + skipped;
    let chunks: Vec<&str> = text.get(position..)?.split(' ').take(MAX_CHUNKS + 1).collect();
    for (index, chunk) in chunks.iter().enumerate().take(MAX_CHUNKS) {
        let token = chunk_token(chunk);
        let has_digit = token.bytes().any(|byte| byte.is_ascii_digit());
        let code_before_digits = (1..=4).contains(&token.len())
            && token.bytes().all(|byte| byte.is_ascii_uppercase())
            && chunks
                .get(index + 1)
                .is_some_and(|next| chunk_token(next).bytes().any(|b| b.is_ascii_digit()));
        if token.is_empty() || !(has_digit || code_before_digits) {
            break;
        }
        if index > 0 {
            number.push(' ');
        }
        number.push_str(token);
        position += token.len() + usize::from(index > 0);
        if token.len() != chunk.len() {
            break;
        }
    }
    let valid =
        number.bytes().any(|byte| byte.is_ascii_digit()) && number.chars().count() <= MAX_NUMBER_CHARS;
    valid.then_some((number, position))
}

/// At least four digits, joined by "-" or ":" ("2026-00417", "1:26-mj-00123").
fn is_shaped_like_case_number(number: &str) -> bool {
    let parts: Vec<usize> = number.split('-').map(str::len).collect();
    let is_date = parts == [4, 2, 2] && number.bytes().all(|byte| byte.is_ascii_digit() || byte == b'-');
    number.bytes().filter(u8::is_ascii_digit).count() >= 4
        && number.contains(['-', ':'])
        && !number.contains(' ')
        && !is_date
}

/// The start of `chunk` made of the characters numbers use, without trailing punctuation.
fn chunk_token(chunk: &str) -> &str {
    let length =
        chunk.bytes().take_while(|byte| byte.is_ascii_alphanumeric() || b"-_/:.".contains(byte)).count();
    chunk[..length].trim_end_matches(['.', ':', '-', '/'])
}

#[cfg(test)]
mod tests;
