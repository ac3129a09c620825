//! Non-disclosure orders (2705(b)) in a message: the cue, how long the order runs ("for a period
//! of one year", "until further order of the Court", "until March 3, 2027") and when it was signed,
//! so counsel can record the order and lert can hold subscriber notice (LEGAL.md 5). An agency's
//! request for confidentiality ("you are requested not to disclose ...") is not an order.

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};

use crate::domain::ndo::{DurationUnit, NdoTerm};
use crate::domain::process_kind::ProcessKind;
use crate::intake::classify::evidence::rank;
use crate::intake::classify::mention::{Stance, stance};
use crate::intake::classify::numbers::count_at;
use crate::intake::classify::phrase::PhraseTable;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Evidence, Guess, NdoMention};

/// NDO phrases and their confidence when asserted.
const PHRASES: &[(&str, Confidence)] = &[
    ("non-disclosure order", Confidence::High),
    ("nondisclosure order", Confidence::High),
    ("order of nondisclosure", Confidence::High),
    ("order of non-disclosure", Confidence::High),
    ("preclusion of notice", Confidence::High),
    ("shall not disclose the existence", Confidence::High),
    ("delay notice", Confidence::Medium),
    ("delayed notice", Confidence::Medium),
    ("delay of notice", Confidence::Medium),
];
/// Words before a cue that make it an agency's request rather than a court's order ("you are
/// requested not to disclose ...").
const REQUEST_WORDS: &[&str] =
    &["request", "requested", "requests", "ask", "asked", "asks", "please", "kindly"];
const REQUEST_REACH: usize = 6;
/// Words before a date that make it the signing date ("SO ORDERED this 3rd day of March, 2026").
const SIGNED: &[&[&str]] = &[
    &["signed", "on"],
    &["signed"],
    &["signed", "this"],
    &["dated"],
    &["dated", "this"],
    &["entered"],
    &["entered", "on"],
    &["entered", "this"],
    &["ordered", "this"],
    &["done", "this"],
    &["issued", "on"],
    &["date", "signed"],
];
/// How far around the cue the term is looked for, in words.
const TERM_BEFORE: usize = 40;
const TERM_AFTER: usize = 200;
const MAX_MATCHES: usize = 32;

static TABLE: LazyLock<PhraseTable<Confidence>> = LazyLock::new(|| PhraseTable::new(PHRASES));

/// Where an NDO cue is: the index of its source and its first and last word.
#[derive(Debug, Clone, Copy)]
struct Place {
    source: usize,
    first: usize,
    last: usize,
}

/// The strongest NDO cue, and every place an order is named (the term and the signing date are
/// read around each, the strongest first: an email may cite 2705(b) while the order is attached).
#[derive(Debug, Clone)]
pub(super) struct NdoCue {
    places: Vec<Place>,
    evidence: Evidence,
    pub confidence: Confidence,
}

const MAX_PLACES: usize = 16;

/// The strongest NDO cue of the message, the first among equals; a mention of a future order
/// ("we will seek a 2705(b) order") is Low.
pub(super) fn strongest_cue(sources: &[Source<'_>]) -> Option<NdoCue> {
    let mut best: Option<NdoCue> = None;
    let mut places = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let phrases = TABLE
            .find_all(source, MAX_MATCHES)
            .into_iter()
            .map(|found| (found.first, found.last, source.end(found.last), found.value));
        let citations = source
            .citations
            .iter()
            .filter(|citation| citation.is("2705", "(b)"))
            .map(|citation| (citation.first, citation.last, citation.end, Confidence::High));
        let mut cues: Vec<(usize, usize, usize, Confidence)> = phrases.chain(citations).collect();
        cues.sort_by_key(|&(first, ..)| first);
        for (first, last, end, confidence) in cues {
            if source.near(first, last, REQUEST_REACH, 0, REQUEST_WORDS) {
                continue;
            }
            let confidence = match stance(source, first, last) {
                Stance::Asserted => confidence,
                Stance::Mentioned => Confidence::Low,
                Stance::Denied => continue,
            };
            let place = Place { source: index, first, last };
            if best.as_ref().is_none_or(|held| rank(confidence) > rank(held.confidence)) {
                let evidence = source.evidence(source.start(first), end);
                best = Some(NdoCue { places: Vec::new(), evidence, confidence });
                places.insert(0, place);
            } else {
                places.push(place);
            }
            places.truncate(MAX_PLACES);
        }
    }
    best.map(|cue| NdoCue { places, ..cue })
}

/// What can be read of the order behind `cue`. An NDO cannot attach to a preservation or an
/// emergency request, so there it is Low: an agency's wish, not an order.
pub(super) fn mention(
    sources: &[Source<'_>],
    cue: NdoCue,
    kind: Option<ProcessKind>,
    received_on: NaiveDate,
) -> Guess<NdoMention> {
    let cannot_attach =
        matches!(kind, Some(ProcessKind::PreservationRequest | ProcessKind::EmergencyRequest));
    let confidence = if cannot_attach { Confidence::Low } else { cue.confidence };
    let around = |place: &Place| sources.get(place.source).map(|source| (source, *place));
    let value = NdoMention {
        term: cue.places.iter().filter_map(around).find_map(|(source, place)| term(source, place)),
        signed_on: cue
            .places
            .iter()
            .filter_map(around)
            .find_map(|(source, place)| signed_on(source, place, received_on)),
    };
    Guess { value, evidence: cue.evidence, confidence }
}

/// The first term after the cue, else the first in the words before it.
fn term(source: &Source<'_>, cue: Place) -> Option<NdoTerm> {
    let low = cue.first.saturating_sub(TERM_BEFORE);
    let high = cue.last.saturating_add(TERM_AFTER).min(source.word_count());
    (cue.first..high).chain(low..cue.first).find_map(|index| term_at(source, index))
}

fn term_at(source: &Source<'_>, index: usize) -> Option<NdoTerm> {
    match source.word(index) {
        "until" => {
            if source.words_are(index + 1, &["further", "order"])
                || source.words_are(index + 1, &["further", "orders"])
            {
                return Some(NdoTerm::UntilFurtherOrder);
            }
            let date = source.dates.iter().find(|date| date.first == index + 1)?;
            Some(NdoTerm::FixedEnd(date.date))
        }
        "for" => {
            let mut next = index + 1;
            if source.words_are(next, &["a", "period", "of"]) {
                next += 3;
            } else if source.words_are(next, &["a", "period"]) {
                next += 2;
            }
            let (amount, after) = count_at(source, next)?;
            let unit = match source.word(after) {
                "day" | "days" => DurationUnit::Days,
                "month" | "months" => DurationUnit::Months,
                "year" | "years" => DurationUnit::Years,
                _ => return None,
            };
            NdoTerm::duration(amount, unit).ok()
        }
        _ => None,
    }
}

/// The first signing date after the cue, else the last one before it; a date after the message
/// arrived cannot be a signing date.
fn signed_on(source: &Source<'_>, cue: Place, received_on: NaiveDate) -> Option<NaiveDate> {
    let latest = received_on.checked_add_days(Days::new(1)).unwrap_or(received_on);
    let signing = source.dates.iter().filter(|date| {
        date.date <= latest
            && !source.is_quoted(source.start(date.first))
            && is_signing_date(source, date.first)
    });
    let mut before = None;
    for date in signing {
        if date.first > cue.first {
            return Some(date.date);
        }
        before = Some(date.date);
    }
    before
}

/// "Signed on ...", "Dated: ...", "SO ORDERED this 3rd day of ...", or "signed it on ...".
fn is_signing_date(source: &Source<'_>, first: usize) -> bool {
    SIGNED.iter().any(|words| source.preceded_by(first, words).is_some())
        || source
            .preceded_by(first, &["on"])
            .is_some_and(|on| source.near(on, on, SIGNED_REACH, 0, &["signed"]))
}

/// How many words before "on" "signed" may come ("Judge Whitcomb signed it on ...").
const SIGNED_REACH: usize = 3;

#[cfg(test)]
mod tests;
