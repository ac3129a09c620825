//! The agency that sent a request, from a letterhead or signature ("Federal Bureau of
//! Investigation", "Springfield Police Department", "Office of the Kings County District
//! Attorney"), else from a From display name that names one.

mod names;

use std::sync::LazyLock;

use crate::intake::classify::agency::names::{ACRONYMS, AgencyCue, PHRASES};
use crate::intake::classify::agent::Anchor;
use crate::intake::classify::authority::district_after;
use crate::intake::classify::evidence::{propose, strongest};
use crate::intake::classify::phrase::{PhraseMatch, PhraseTable};
use crate::intake::classify::sender::Sender;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Guess, Location};

const MAX_MATCHES: usize = 64;
/// A signature block: the agency follows the agent's name within this many bytes.
const SIGNATURE_BLOCK_BYTES: usize = 300;
const MAX_NAME_WORDS: usize = 4;
/// Capitalised words that do not belong to an agency's name.
const NOT_NAME_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "dear",
    "from",
    "to",
    "and",
    "of",
    "your",
    "our",
    "re",
    "fw",
    "fwd",
    "subject",
    "attn",
    "attention",
    "via",
    "for",
    "with",
    "by",
    "at",
    "this",
    "contact",
];
/// A signature or letterhead line has at most this many characters and words.
const HEADING_MAX_CHARS: usize = 90;
const HEADING_MAX_WORDS: usize = 12;

static TABLE: LazyLock<PhraseTable<AgencyCue>> = LazyLock::new(|| PhraseTable::new(PHRASES));
static ACRONYM_TABLE: LazyLock<PhraseTable<&'static str>> = LazyLock::new(|| PhraseTable::new(ACRONYMS));

/// The agency: the agent's own signature block first (`agent` is where the agent's name was
/// found), then a letterhead or signature line, then the From display name, then an agency named
/// in running text.
pub(super) fn guess(
    sources: &[Source<'_>],
    sender: &Sender<'_>,
    agent: Option<Anchor>,
) -> Option<Guess<String>> {
    let candidates: Vec<(usize, usize, Guess<String>)> = sources
        .iter()
        .enumerate()
        .flat_map(|(index, source)| {
            TABLE.find_all(source, MAX_MATCHES).into_iter().filter_map(move |found| {
                agency_at(source, found).map(|guess| (index, source.start(found.first), guess))
            })
        })
        .collect();
    let in_signature = agent.and_then(|anchor| {
        candidates.iter().find(|(index, start, guess)| {
            *index == anchor.source
                && guess.confidence == Confidence::High
                && (anchor.byte..anchor.byte + SIGNATURE_BLOCK_BYTES).contains(start)
        })
    });
    if let Some((_, _, guess)) = in_signature {
        return Some(guess.clone());
    }
    let in_text = strongest(candidates.into_iter().map(|(_, _, guess)| guess));
    if in_text.as_ref().is_some_and(|found| found.confidence == Confidence::High) {
        return in_text;
    }
    from_display_name(sender).or(in_text)
}

fn from_display_name(sender: &Sender<'_>) -> Option<Guess<String>> {
    let source = Source::new(Location::Sender, sender.name?);
    let named = TABLE.find_all(&source, MAX_MATCHES).into_iter().find_map(|found| agency_at(&source, found));
    let acronym = || {
        ACRONYM_TABLE.find_all(&source, MAX_MATCHES).into_iter().next().map(|found| {
            propose(
                found.value.to_owned(),
                source.words_evidence(found.first, found.last),
                Confidence::Medium,
            )
        })
    };
    named.map(|found| Guess { confidence: Confidence::Medium, ..found }).or_else(acronym)
}

fn agency_at(source: &Source<'_>, found: PhraseMatch<AgencyCue>) -> Option<Guess<String>> {
    let (first, last, value) = match found.value {
        AgencyCue::Known(name) => (found.first, found.last, name.to_owned()),
        AgencyCue::NamedBefore(suffix) => {
            let first = name_start(source, found.first)?;
            (first, found.last, format!("{} {suffix}", words_as_written(source, first, found.first)))
        }
        AgencyCue::Police => {
            let first = name_start(source, found.first)?;
            let line = source.line_text(source.start(found.first))?;
            let whole_line = line == source.text.get(source.start(first)..source.end(found.last))?;
            whole_line.then_some(())?;
            (first, found.last, format!("{} Police", words_as_written(source, first, found.first)))
        }
        AgencyCue::OfficeOfThe if source.words_are(found.last + 1, &["united", "states", "attorney"]) => {
            let base = "United States Attorney's Office";
            match district_after(source, found.last + 4) {
                Some((district, last)) => (found.first, last, format!("{base} for the {district}")),
                None => (found.first, found.last + 3, base.to_owned()),
            }
        }
        AgencyCue::OfficeOfThe => {
            let (name_end, attorney) = name_then_district_attorney(source, found.last + 1)?;
            let name = words_as_written(source, found.last + 1, name_end);
            (found.first, attorney, format!("Office of the {name} District Attorney"))
        }
        AgencyCue::UsAttorney => {
            let base = "United States Attorney's Office";
            match district_after(source, found.last + 1) {
                Some((district, last)) => (found.first, last, format!("{base} for the {district}")),
                None => (found.first, found.last, base.to_owned()),
            }
        }
    };
    let evidence = source.words_evidence(first, last);
    Some(propose(value, evidence, heading_confidence(source, first)))
}

/// High on a short line (a letterhead or a signature), Medium in running text.
fn heading_confidence(source: &Source<'_>, first: usize) -> Confidence {
    let heading = source.line_text(source.start(first)).is_some_and(|line| {
        line.chars().count() <= HEADING_MAX_CHARS
            && line.split_whitespace().count() <= HEADING_MAX_WORDS
            && !line.ends_with(['.', '?', '!'])
    });
    if heading && source.location != Location::Subject { Confidence::High } else { Confidence::Medium }
}

/// The first of up to four capitalised words on the same line right before word `index`.
pub(super) fn name_start(source: &Source<'_>, index: usize) -> Option<usize> {
    let mut first = index;
    while first > 0 && index - first < MAX_NAME_WORDS {
        let candidate = first - 1;
        let gap = source.gap_before(candidate + 1);
        let joined = gap.chars().all(|c| c == ' ' || c == '\t')
            || (gap == ". " && matches!(source.word(candidate), "st" | "ft" | "mt"));
        if !joined || !is_name_word(source, candidate) {
            break;
        }
        first = candidate;
    }
    (first < index).then_some(first)
}

fn is_name_word(source: &Source<'_>, index: usize) -> bool {
    source.raw_word(index).starts_with(char::is_uppercase) && !NOT_NAME_WORDS.contains(&source.word(index))
}

/// Capitalised words from `index`, then "District Attorney": the index of the last name word and
/// of "Attorney".
fn name_then_district_attorney(source: &Source<'_>, index: usize) -> Option<(usize, usize)> {
    let mut last = index;
    while last < index + MAX_NAME_WORDS && is_name_word(source, last) {
        if source.words_are(last + 1, &["district", "attorney"]) {
            return Some((last + 1, last + 2));
        }
        last += 1;
    }
    None
}

/// Words `from..to` (exclusive) as written, joined by single spaces.
fn words_as_written(source: &Source<'_>, from: usize, to: usize) -> String {
    let mut words = String::new();
    for index in from..to {
        if index > from {
            words.push_str(if source.gap_before(index).trim() == "." { ". " } else { " " });
        }
        words.push_str(source.raw_word(index));
    }
    words
}

#[cfg(test)]
mod tests;
