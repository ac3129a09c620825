//! The agent's name, from a title followed by a name ("Special Agent Dana Whitfield", "Det. Maria
//! Lopez", "AUSA John Park"), else from a From display name that looks like a person; a valid
//! request names its agent (LEGAL.md 2).

mod titles;

use std::sync::LazyLock;

use crate::intake::classify::agent::titles::{NOT_NAME_WORDS, TITLES};
use crate::intake::classify::evidence::{collapse, propose, strongest};
use crate::intake::classify::phrase::{PhraseMatch, PhraseTable};
use crate::intake::classify::sender::Sender;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Evidence, Guess, Location};

const MAX_NAME_WORDS: usize = 4;
/// Words allowed before a title on its own line ("U.S. Postal Inspector", "Senior Investigator").
const TITLE_PREFIX_WORDS: usize = 3;
const MAX_MATCHES: usize = 64;
/// A signature line has at most this many characters.
const SIGNATURE_MAX_CHARS: usize = 80;

static TABLE: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    let titles: Vec<(&str, ())> = TITLES.iter().map(|title| (*title, ())).collect();
    PhraseTable::new(&titles)
});

/// Where an agent's name was found in the text: the signature block around it names the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Anchor {
    pub source: usize,
    pub byte: usize,
}

/// The agent: a title and name in the text (a signature line first), with where it was found, else
/// the From display name.
pub(super) fn guess(sources: &[Source<'_>], sender: &Sender<'_>) -> (Option<Guess<String>>, Option<Anchor>) {
    let in_text = strongest(sources.iter().enumerate().flat_map(|(index, source)| {
        TABLE.find_all(source, MAX_MATCHES).into_iter().filter_map(move |found| {
            let (guess, byte) = titled_name(source, found)?;
            let anchor = Anchor { source: index, byte };
            Some(propose((guess.value, anchor), guess.evidence, guess.confidence))
        })
    }));
    match in_text {
        Some(Guess { value: (name, anchor), evidence, confidence }) => {
            (Some(propose(name, evidence, confidence)), Some(anchor))
        }
        None => (from_display_name(sender), None),
    }
}

/// A name after a title, with the byte offset where the title's line starts.
fn titled_name(source: &Source<'_>, title: PhraseMatch<()>) -> Option<(Guess<String>, usize)> {
    let after = source.end(title.last);
    let rest = source.text.get(after..)?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if spaces == 0 || spaces > 3 {
        return name_on_line_before(source, title);
    }
    let name_start = after + (source.text.len() - after - rest.len()) + spaces;
    let Some((name, length)) = source.text.get(name_start..).and_then(name_at) else {
        return name_on_line_before(source, title);
    };
    let start = source.start(title.first);
    let evidence = source.evidence(start, name_start + length);
    let signature_line = source.location != Location::Subject
        && source.line_at(start).is_some_and(|(line_start, line_end)| {
            let before = source.text[line_start..start].trim();
            let opens_line = before.is_empty() || before == "/s/" || before.ends_with(['-', '–']);
            opens_line && source.text[line_start..line_end].trim().chars().count() <= SIGNATURE_MAX_CHARS
        });
    let confidence = if signature_line { Confidence::High } else { Confidence::Medium };
    Some((propose(name, evidence, confidence), start))
}

/// A signature block that puts the title on its own line under the name: "John Park" then
/// "Assistant United States Attorney", or "Gregory T. Amsel" then "U.S. Postal Inspector".
fn name_on_line_before(source: &Source<'_>, title: PhraseMatch<()>) -> Option<(Guess<String>, usize)> {
    let start = source.start(title.first);
    let (line_start, line_end) = source.line_at(start)?;
    let title_text = source.text.get(start..source.end(title.last))?;
    let line = source.text[line_start..line_end].trim().trim_end_matches(',');
    let prefix = line.strip_suffix(title_text)?.trim();
    let plain_prefix = prefix.split_whitespace().count() <= TITLE_PREFIX_WORDS
        && !prefix.contains(|c: char| c.is_ascii_digit() || c == '@');
    if !plain_prefix || line_start == 0 {
        return None;
    }
    let (previous_start, previous_end) = source.line_at(line_start - 1)?;
    let previous = source.text[previous_start..previous_end].trim();
    let (name, length) = name_at(previous)?;
    if length != previous.len() {
        return None;
    }
    let evidence = source.evidence(previous_start, source.end(title.last));
    Some((propose(name, evidence, Confidence::High), previous_start))
}

/// Two to four capitalised words at the start of `text` (initials allowed, not last): the name and
/// its length in bytes as written.
fn name_at(text: &str) -> Option<(String, usize)> {
    let mut words: Vec<&str> = Vec::new();
    let mut length = 0;
    let mut offset = 0;
    for token in text.split(' ').take(MAX_NAME_WORDS) {
        let word = token.split(['\n', '\r', '\t', ',', ';', '|', '(', '<']).next().unwrap_or("");
        let clean = clean_word(word);
        if !is_name_word(clean) {
            break;
        }
        words.push(clean);
        length = offset + clean.len();
        offset += token.len() + 1;
        if word.len() != token.len() || (clean.len() != word.len() && !is_initial(clean)) {
            break;
        }
    }
    while words.last().is_some_and(|word| is_initial(word)) {
        words.pop();
    }
    if words.len() < 2 {
        return None;
    }
    let name = words.join(" ");
    Some((name, length.min(text.len())))
}

/// A word without sentence punctuation after it; an initial keeps its full stop.
fn clean_word(word: &str) -> &str {
    if is_initial(word) { word } else { word.trim_end_matches(['.', ':', '\'', '’']) }
}

/// "J." or "J".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), None | Some('.'), None) if c.is_uppercase())
}

fn is_name_word(word: &str) -> bool {
    let starts_upper = word.starts_with(char::is_uppercase);
    let letters = word.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c));
    let lower = word.to_lowercase();
    starts_upper && letters && !NOT_NAME_WORDS.contains(&lower.trim_end_matches('.'))
}

/// A title in the display name, or a display name that is a person's name ("Dana Whitfield",
/// "Whitfield, Dana M. (FBI)").
fn from_display_name(sender: &Sender<'_>) -> Option<Guess<String>> {
    let display = sender.name?;
    let source = Source::new(Location::Sender, display);
    let titled =
        TABLE.find_all(&source, MAX_MATCHES).into_iter().find_map(|found| titled_name(&source, found));
    if let Some((found, _)) = titled {
        return Some(Guess { confidence: Confidence::Medium, ..found });
    }
    let before_note = display.split(['(', '[']).next()?;
    let plain = [" - ", " | ", " / "]
        .iter()
        .filter_map(|separator| before_note.find(separator))
        .min()
        .map_or(before_note, |cut| &before_note[..cut])
        .trim();
    let ordered = match plain.split_once(',') {
        Some((last, first)) if !first.contains(',') => format!("{} {}", first.trim(), last.trim()),
        Some(_) => return None,
        None => plain.to_owned(),
    };
    let words: Vec<&str> = ordered.split_whitespace().collect();
    let person = (2..=MAX_NAME_WORDS).contains(&words.len())
        && words.iter().all(|word| is_name_word(word))
        && !words.last().is_some_and(|word| is_initial(word));
    let evidence = Evidence { phrase: collapse(display), location: Location::Sender };
    person.then(|| propose(words.join(" "), evidence, Confidence::Medium))
}

#[cfg(test)]
mod tests;
