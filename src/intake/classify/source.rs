//! One text of a message (the subject, the body or an attachment) prepared for matching: capped,
//! lower-cased and split into words once, so every rule walks the same words in one linear pass
//! instead of searching the whole text once per phrase.
//!
//! Only ASCII letters are lower-cased, so byte offsets in the lower-case copy are those of the
//! original and every slice falls on a character boundary.

use crate::intake::classify::dates::{self, FoundDate};
use crate::intake::classify::evidence::collapse;
use crate::intake::classify::statute::{Citation, citations_in};
use crate::intake::classify::{Evidence, Location};

/// Text beyond this many bytes is ignored.
pub(super) const TEXT_CAP_BYTES: usize = 512 * 1024;
/// How far to look for the ends of a line; a longer line is treated as running prose.
const LINE_LOOK_BYTES: usize = 400;
/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "nr", "det", "sgt", "lt", "cpl", "inc", "ltd", "co", "corp", "st", "jr", "sr", "mr", "mrs",
    "ms", "dr", "esq", "misc", "mag", "fed", "civ", "crim", "sec", "ste", "apt", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "etc", "al", "seq", "cf", "viz", "dept", "tel",
    "ext", "approx", "vs", "av", "ave", "blvd", "ph", "usc",
];
/// How far after an Outlook "From:" line its "Sent:" line may come.
const REPLY_HEADER_BYTES: usize = 300;
/// At most this many "From:" lines are looked at.
const MAX_REPLY_HEADERS: usize = 64;
/// Reply headers after which the rest of a text is an earlier, quoted message.
const QUOTE_MARKERS: &[&str] = &["-----original message-----", "-------- original message --------"];

/// A word: a run of letters and digits, as byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Word {
    pub start: usize,
    pub end: usize,
}

/// A text to scan, with its words and the dates found in it.
#[derive(Debug)]
pub(super) struct Source<'a> {
    pub location: Location,
    /// The text as given, capped.
    pub text: &'a str,
    lower: String,
    words: Vec<Word>,
    quoted_from: usize,
    pub dates: Vec<FoundDate>,
    pub citations: Vec<Citation>,
}

impl<'a> Source<'a> {
    pub fn new(location: Location, text: &'a str) -> Source<'a> {
        let text = capped(text);
        let lower = text.to_ascii_lowercase();
        let quoted_from =
            QUOTE_MARKERS.iter().filter_map(|marker| lower.find(marker)).min().unwrap_or(text.len());
        let words = split_words(text);
        let mut source =
            Source { location, text, lower, words, quoted_from, dates: Vec::new(), citations: Vec::new() };
        source.citations = citations_in(&source);
        source
    }

    /// Treats an Outlook reply header ("From: ..." then "Sent: ..." within a few lines) as the start
    /// of quoted earlier mail: in a reply the rest is the message being answered.
    pub fn mark_reply_quote(&mut self) {
        let bytes = self.lower.as_bytes();
        let mut candidates =
            self.lower.match_indices("\nfrom:").map(|(at, _)| at + 1).take(MAX_REPLY_HEADERS);
        let header = candidates.find(|&start| {
            let end = (start + REPLY_HEADER_BYTES).min(bytes.len());
            bytes[start..end].windows(6).any(|window| window == b"\nsent:")
        });
        if let Some(start) = header {
            self.quoted_from = self.quoted_from.min(start);
        }
    }

    /// Reads the dates of this text; `day_first` reads 03/04/2026 as 3 April.
    pub fn find_dates(&mut self, day_first: bool) {
        self.dates = dates::dates_in(self, day_first);
    }

    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// Word `index` in lower case ("" past the end).
    pub fn word(&self, index: usize) -> &str {
        self.words.get(index).map_or("", |word| &self.lower[word.start..word.end])
    }

    /// Word `index` as written ("" past the end).
    pub fn raw_word(&self, index: usize) -> &str {
        self.words.get(index).map_or("", |word| &self.text[word.start..word.end])
    }

    /// Byte offset where word `index` starts (the end of the text past the last word).
    pub fn start(&self, index: usize) -> usize {
        self.words.get(index).map_or(self.text.len(), |word| word.start)
    }

    /// Byte offset where word `index` ends (the end of the text past the last word).
    pub fn end(&self, index: usize) -> usize {
        self.words.get(index).map_or(self.text.len(), |word| word.end)
    }

    /// The text between word `index - 1` and word `index` (from the start for the first word).
    pub fn gap_before(&self, index: usize) -> &str {
        let from = if index == 0 { 0 } else { self.end(index - 1) };
        let to = self.start(index).max(from);
        &self.text[from..to]
    }

    /// The text between word `index` and the next word (to the end for the last word).
    pub fn gap_after(&self, index: usize) -> &str {
        self.gap_before(index + 1)
    }

    /// The index of the first word that ends after `byte`.
    pub fn word_at(&self, byte: usize) -> usize {
        self.words.partition_point(|word| word.end <= byte)
    }

    /// Whether a sentence or paragraph ends between word `index - 1` and word `index`.
    pub fn boundary_before(&self, index: usize) -> bool {
        if index == 0 || index >= self.words.len() {
            return true;
        }
        let gap = self.gap_before(index);
        if gap.contains(['!', '?', ';']) || has_blank_line(gap) {
            return true;
        }
        let Some(dot) = gap.find('.') else { return false };
        let followed_by_space = gap[dot + 1..].starts_with(char::is_whitespace);
        // "2703(f). Next", "records.\" Next" close a sentence whatever the word before.
        let closes_something = !gap[..dot].is_empty();
        let previous = self.word(index - 1);
        let ends_word = previous.chars().count() > 1 && !ABBREVIATIONS.contains(&previous);
        followed_by_space && (closes_something || ends_word)
    }

    /// The byte range of the line around `byte` (without its line break), or None when the line is
    /// too long to be a heading, a signature line or a list item.
    pub fn line_at(&self, byte: usize) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let byte = byte.min(bytes.len());
        let low = byte.saturating_sub(LINE_LOOK_BYTES);
        let start = match bytes[low..byte].iter().rposition(|&b| b == b'\n') {
            Some(offset) => low + offset + 1,
            None if low == 0 => 0,
            None => return None,
        };
        let high = (byte + LINE_LOOK_BYTES).min(bytes.len());
        let end = match bytes[byte..high].iter().position(|&b| b == b'\n') {
            Some(offset) => byte + offset,
            None if high == bytes.len() => bytes.len(),
            None => return None,
        };
        Some((start, end))
    }

    /// The line around `byte`, trimmed, if it is short enough to judge as a whole.
    pub fn line_text(&self, byte: usize) -> Option<&str> {
        self.line_at(byte).map(|(start, end)| self.text[start..end].trim())
    }

    /// Whether `byte` lies in quoted earlier mail ("> ..." lines or after "Original Message").
    pub fn is_quoted(&self, byte: usize) -> bool {
        byte >= self.quoted_from || self.line_head(byte).starts_with(['>', '|'])
    }

    /// The line around `byte` up to `byte`, without leading white space ("" when the line start is
    /// too far back to look for).
    pub fn line_head(&self, byte: usize) -> &str {
        let byte = byte.min(self.text.len());
        let low = byte.saturating_sub(LINE_LOOK_BYTES);
        let start = match self.text.as_bytes()[low..byte].iter().rposition(|&b| b == b'\n') {
            Some(offset) => low + offset + 1,
            None if low == 0 => 0,
            None => return "",
        };
        self.text.get(start..byte).unwrap_or("").trim_start()
    }

    /// The evidence for the text between two byte offsets.
    pub fn evidence(&self, start: usize, end: usize) -> Evidence {
        let end = end.min(self.text.len());
        let start = start.min(end);
        let phrase = self.text.get(start..end).map(collapse).unwrap_or_default();
        Evidence { phrase, location: self.location.clone() }
    }

    /// Evidence quoting `phrase` at this text's location.
    pub fn evidence_of(&self, phrase: &str) -> Evidence {
        Evidence { phrase: collapse(phrase), location: self.location.clone() }
    }

    /// The evidence for words `first..=last`.
    pub fn words_evidence(&self, first: usize, last: usize) -> Evidence {
        self.evidence(self.start(first), self.end(last))
    }

    /// Whether words `first..first + expected.len()` are `expected` with nothing but spaces or
    /// light punctuation between them.
    pub fn words_are(&self, first: usize, expected: &[&str]) -> bool {
        expected.iter().enumerate().all(|(offset, wanted)| {
            self.word(first + offset) == *wanted
                && (offset == 0 || is_soft_gap(self.gap_before(first + offset)))
        })
    }

    /// Whether `expected` ends right before word `index` (spaces, light punctuation or a colon
    /// between), giving the index of its first word.
    pub fn preceded_by(&self, index: usize, expected: &[&str]) -> Option<usize> {
        let first = index.checked_sub(expected.len())?;
        (is_label_gap(self.gap_before(index)) && self.words_are(first, expected)).then_some(first)
    }

    /// Whether any of `words` occurs within `before` words before `first` or `after` words after
    /// `last`, in the same sentence.
    pub fn near(&self, first: usize, last: usize, before: usize, after: usize, words: &[&str]) -> bool {
        let low = first.saturating_sub(before);
        let mut index = first;
        while index > low && !self.boundary_before(index) {
            index -= 1;
            if words.contains(&self.word(index)) {
                return true;
            }
        }
        let high = last.saturating_add(after).min(self.words.len().saturating_sub(1));
        let mut index = last;
        while index < high && !self.boundary_before(index + 1) {
            index += 1;
            if words.contains(&self.word(index)) {
                return true;
            }
        }
        false
    }
}

/// The text up to [`TEXT_CAP_BYTES`], cut on a character boundary.
pub(super) fn capped(text: &str) -> &str {
    if text.len() <= TEXT_CAP_BYTES {
        return text;
    }
    let mut end = TEXT_CAP_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn split_words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut start = None;
    let mut offset = 0;
    while offset < bytes.len() {
        let byte = bytes[offset];
        let (is_word_char, width) = if byte.is_ascii() {
            (byte.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[offset..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        match (is_word_char, start) {
            (true, None) => start = Some(offset),
            (false, Some(from)) => {
                words.push(Word { start: from, end: offset });
                start = None;
            }
            _ => {}
        }
        offset += width;
    }
    if let Some(from) = start {
        words.push(Word { start: from, end: text.len() });
    }
    words
}

/// Two line breaks with nothing but spaces between them.
pub(super) fn has_blank_line(gap: &str) -> bool {
    let mut breaks = 0;
    for c in gap.chars() {
        match c {
            '\n' => {
                breaks += 1;
                if breaks == 2 {
                    return true;
                }
            }
            c if c.is_whitespace() => {}
            _ => breaks = 0,
        }
    }
    false
}

/// What may stand between a label and its value: a soft gap, or one with a single colon
/// ("Return date: July 15, 2026").
pub(super) fn is_label_gap(gap: &str) -> bool {
    is_soft_gap(gap)
        || (gap.len() <= 8
            && gap.matches(':').count() == 1
            && !has_blank_line(gap)
            && gap.chars().all(|c| c.is_whitespace() || c == ':' || c == '-'))
}

/// What may stand between the words of one phrase: spaces (one line break at most) and light
/// punctuation ("U.S.C.", "Sheriff's", "non-disclosure", "Alcohol, Tobacco").
pub(super) fn is_soft_gap(gap: &str) -> bool {
    gap.len() <= 8 && !has_blank_line(gap) && gap.chars().all(|c| c.is_whitespace() || ".-'’,§/&".contains(c))
}
