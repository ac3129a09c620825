//! The extractor parses every word it is given (a few allocations and parse attempts each), so
//! running prose is thinned out before it gets there: only the words that can hold or introduce an
//! identifier are passed on, and it finds the same identifiers in a fraction of the time.

/// The words of `text` that can hold or introduce an identifier, in order, each run of other
/// words replaced by one placeholder word, so the extractor parses a fraction of running prose
/// and finds the same identifiers. On its own a word holds an identifier only with "@", ":", "/"
/// or a dot (an address, a URL, serial bytes, an IP address or a domain); after a label
/// ("account", "serial") the extractor also reads filler words, numbers and hex pairs, so those
/// are kept there.
pub(super) fn candidate_words(text: &str) -> String {
    let mut kept = String::with_capacity(text.len() / 8);
    let mut skipping = false;
    let mut after_label = 0;
    let chunks: Box<dyn Iterator<Item = &str>> = if text.is_ascii() {
        Box::new(text.split_ascii_whitespace())
    } else {
        Box::new(whitespace_separated(text))
    };
    for chunk in chunks {
        let (label, holds) = traits(chunk);
        after_label = if label {
            MAX_LABELLED_WORDS
        } else if after_label > 0 && is_labelled_part(chunk) {
            after_label - 1
        } else {
            0
        };
        if label || after_label > 0 || holds {
            kept.push_str(chunk);
            kept.push(' ');
            skipping = false;
        } else if !skipping {
            kept.push_str(PLACEHOLDER);
            skipping = true;
        }
    }
    kept
}

/// `text` split at white space (Unicode's, as the extractor splits), without empty pieces.
fn whitespace_separated(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut offset = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while offset < bytes.len() {
            let (is_space, width) = if bytes[offset].is_ascii() {
                (bytes[offset].is_ascii_whitespace(), 1)
            } else {
                let c = text[offset..].chars().next().unwrap_or('\0');
                (c.is_whitespace(), c.len_utf8().max(1))
            };
            match (is_space, start) {
                (false, None) => start = Some(offset),
                (true, Some(from)) => {
                    offset += width;
                    return text.get(from..offset - width);
                }
                _ => {}
            }
            offset += width;
        }
        start.and_then(|from| text.get(from..))
    })
}

/// Stands for words that hold no identifier: not a label, a filler or an identifier itself.
const PLACEHOLDER: &str = "x ";
/// Labels the extractor reads across ("account number: 123", "serial no 03 a1 ...").
const LABELS: &[&str] = &["account", "acct", "serial"];
/// Filler words between a label and its value.
const FILLERS: &[&str] = &["number", "numbers", "no", "nr", "id", "is"];
/// How many words after a label are kept while they are fillers, numbers or hex pairs.
const MAX_LABELLED_WORDS: usize = 64;

/// Whether a word is a label, and whether it can hold an identifier: one pass over its bytes (this
/// runs on every word of every text).
fn traits(chunk: &str) -> (bool, bool) {
    if chunk.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        return (is_label_word(chunk.as_bytes()), false);
    }
    if !chunk.is_ascii() {
        return (is_label(chunk), holds_identifier(chunk));
    }
    let bytes = chunk.as_bytes();
    let core_end = bytes.iter().rposition(u8::is_ascii_alphanumeric).map_or(0, |at| at + 1);
    let alphanumeric_at = |index: usize| bytes.get(index).is_some_and(u8::is_ascii_alphanumeric);
    let (mut label, mut digit, mut mark, mut dot, mut slash) = (false, false, false, false, false);
    let mut word_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if byte.is_ascii_alphanumeric() {
            digit |= byte.is_ascii_digit();
            continue;
        }
        label |= is_label_word(&bytes[word_start..index]);
        word_start = index + 1;
        if index < core_end {
            match byte {
                b'@' | b':' => mark = true,
                b'/' => slash = true,
                b'.' if alphanumeric_at(index + 1) && alphanumeric_at(index + 2) => {
                    dot = true;
                    mark = true;
                }
                b'.' => dot = true,
                _ => {}
            }
        }
    }
    label |= is_label_word(&bytes[word_start..]);
    let url = slash && (contains_ignoring_case(bytes, b"http") || contains_ignoring_case(bytes, b"acct"));
    // An IPv6 address may end in "::", which trailing punctuation would otherwise hide.
    let ipv6_end = contains_ignoring_case(bytes, b"::");
    (label, mark || url || ipv6_end || (dot && digit))
}

fn is_label_word(word: &[u8]) -> bool {
    matches!(word.len(), 4 | 6 | 7) && LABELS.iter().any(|label| word.eq_ignore_ascii_case(label.as_bytes()))
}

/// A label as a word of its own: letters and digits with nothing but punctuation around them.
fn is_label(chunk: &str) -> bool {
    chunk.as_bytes().split(|byte| byte.is_ascii() && !byte.is_ascii_alphanumeric()).any(is_label_word)
}

/// A filler, a "#", "=" or "-", a word with a digit, or a hex pair: what may follow a label.
fn is_labelled_part(chunk: &str) -> bool {
    let core = chunk.trim_matches(|c: char| !c.is_alphanumeric());
    chunk.bytes().any(|byte| byte.is_ascii_digit())
        || (core.is_empty() && chunk.len() <= 3)
        || (core.len() == 2 && core.bytes().all(|byte| byte.is_ascii_hexdigit()))
        || FILLERS.iter().any(|word| core.eq_ignore_ascii_case(word))
}

/// Whether the word, without trailing punctuation, has what an identifier needs: "@", an inner
/// ":", a dot with a digit (an IP address) or before a two-character label (a domain), or the
/// "/" of an account URL (other words with "/" are skipped by the extractor).
fn holds_identifier(chunk: &str) -> bool {
    let bytes = chunk.as_bytes();
    let core_end = bytes
        .iter()
        .rposition(|byte| byte.is_ascii_alphanumeric() || !byte.is_ascii())
        .map_or(0, |at| at + 1);
    let core = &chunk[..core_end];
    let core_bytes = core.as_bytes();
    let url = core_bytes.contains(&b'/')
        && (contains_ignoring_case(core_bytes, b"http") || contains_ignoring_case(core_bytes, b"acct"));
    url || core_bytes.iter().any(|byte| matches!(byte, b'@' | b':'))
        || chunk.contains("::")
        || (core_bytes.contains(&b'.') && core_bytes.iter().any(u8::is_ascii_digit))
        || has_top_level_label(if chunk.is_ascii() { core } else { chunk })
}

fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle))
}

/// A dot that can start a domain's top-level label: in ASCII, a dot followed by two letters or
/// digits; with other characters, any dot (IDNA turns "é" into "xn--9ca" and "．" into a dot, so
/// "é．İ." is a domain).
fn has_top_level_label(chunk: &str) -> bool {
    let bytes = chunk.as_bytes();
    if chunk.is_ascii() {
        return bytes.iter().enumerate().any(|(index, &byte)| {
            byte == b'.'
                && bytes.get(index + 1).is_some_and(u8::is_ascii_alphanumeric)
                && bytes.get(index + 2).is_some_and(u8::is_ascii_alphanumeric)
        });
    }
    bytes.contains(&b'.')
}

#[cfg(test)]
mod tests;
