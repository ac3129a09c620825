//! Whether a message asks to preserve records under 2703(f), and whether it asks for the first
//! 90 days or a renewal (LEGAL.md 3). Statute quotes in first requests ("may be extended for an
//! additional 90-day period upon a renewed request") are not renewals.

use std::sync::LazyLock;

use crate::domain::process_kind::ProcessKind;
use crate::intake::classify::evidence::{at_most, propose, strongest};
use crate::intake::classify::mention::{Stance, stance};
use crate::intake::classify::phrase::PhraseTable;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Evidence, Guess, Location, PreservationAsk};

/// Phrases asking to preserve, and whether each is strong on its own.
const ASKS: &[(&str, Ask)] = &[
    ("preservation request", Ask::Strong),
    ("request for preservation", Ask::Strong),
    ("request to preserve", Ask::Strong),
    ("preservation letter", Ask::Strong),
    ("preservation", Ask::Weak),
    ("preserve", Ask::Preserve),
];
/// Phrases of a renewal, and whether each is strong outside the subject.
const RENEWALS: &[(&str, bool)] = &[
    ("renewal", false),
    ("renew", false),
    ("renewing", false),
    ("renewed request", false),
    ("extend the preservation", false),
    ("extension of the preservation", false),
    ("extension of preservation", false),
    ("preservation extension", false),
    ("extend preservation", false),
    ("continued preservation", false),
    ("second 90-day", true),
    ("second 90 day", true),
    ("second ninety day", true),
    ("additional 90-day period", true),
    ("additional 90 day period", true),
    ("additional ninety day period", true),
    ("previously requested preservation", true),
    ("previous preservation request", true),
    ("prior preservation request", true),
];
/// Words that make a renewal phrase hypothetical ("may be renewed", "upon a renewed request").
const HYPOTHETICAL: &[&str] = &["may", "can", "could", "upon", "if", "will", "would", "should", "must"];
const RECORD_WORDS: &[&str] = &[
    "records",
    "record",
    "information",
    "data",
    "account",
    "accounts",
    "evidence",
    "logs",
    "content",
    "contents",
];
const MAX_MATCHES: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    Strong,
    Weak,
    /// "preserve", when records follow.
    Preserve,
}

static ASK_TABLE: LazyLock<PhraseTable<Ask>> = LazyLock::new(|| PhraseTable::new(ASKS));
static RENEWAL_TABLE: LazyLock<PhraseTable<bool>> = LazyLock::new(|| PhraseTable::new(RENEWALS));

/// The preservation asked for, if any; `kind` is the message's kind (a preservation ask inside
/// other process is only a reference to an earlier request).
pub(super) fn guess(sources: &[Source<'_>], kind: Option<ProcessKind>) -> Option<Guess<PreservationAsk>> {
    let ask = strongest(sources.iter().flat_map(asks_in))?;
    let cap = match kind {
        Some(ProcessKind::PreservationRequest) => Confidence::High,
        Some(ProcessKind::EmergencyRequest) | None => Confidence::Medium,
        Some(_) => Confidence::Low,
    };
    let guess = match strongest(sources.iter().flat_map(renewals_in)) {
        Some(renewal) => propose(PreservationAsk::Renewal, renewal.evidence, renewal.confidence),
        None => propose(PreservationAsk::Initial, ask.evidence, ask.confidence),
    };
    Some(Guess { confidence: at_most(guess.confidence, cap), ..guess })
}

fn asks_in<'s>(source: &'s Source<'_>) -> impl Iterator<Item = Guess<()>> + 's {
    let phrases = ASK_TABLE.find_all(source, MAX_MATCHES).into_iter().filter_map(move |found| {
        let confidence = match found.value {
            Ask::Strong => Confidence::High,
            Ask::Weak => Confidence::Medium,
            Ask::Preserve if source.near(found.first, found.last, 0, 8, RECORD_WORDS) => Confidence::Medium,
            Ask::Preserve => return None,
        };
        asserted(source, found.first, found.last)
            .then(|| propose((), source.words_evidence(found.first, found.last), confidence))
    });
    let statutes = source.citations.iter().filter_map(move |citation| {
        let asked = citation.is("2703", "(f)") && asserted(source, citation.first, citation.last);
        let evidence = || source.evidence(source.start(citation.first), citation.end);
        asked.then(|| propose((), evidence(), Confidence::High))
    });
    phrases.chain(statutes)
}

fn renewals_in<'s>(source: &'s Source<'_>) -> impl Iterator<Item = Guess<()>> + 's {
    let in_subject = source.location == Location::Subject;
    RENEWAL_TABLE.find_all(source, MAX_MATCHES).into_iter().filter_map(move |found| {
        let hypothetical = source.near(found.first, found.last, 10, 4, HYPOTHETICAL);
        if hypothetical || !asserted(source, found.first, found.last) {
            return None;
        }
        let confidence = if in_subject || found.value { Confidence::High } else { Confidence::Medium };
        let evidence: Evidence = source.words_evidence(found.first, found.last);
        Some(propose((), evidence, confidence))
    })
}

fn asserted(source: &Source<'_>, first: usize, last: usize) -> bool {
    stance(source, first, last) == Stance::Asserted
}

#[cfg(test)]
mod tests;
