//! Whether a message is an emergency disclosure request (18 U.S.C. 2702(b)(8), 2702(c)(4)): these
//! skip the queue and need out-of-band verification (LEGAL.md 1), so a denied or hypothetical
//! emergency ("this is not an emergency") never counts.

use std::sync::LazyLock;

use crate::intake::classify::evidence::{propose, strongest};
use crate::intake::classify::mention::{Stance, stance};
use crate::intake::classify::phrase::PhraseTable;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Guess, Location};

/// Emergency phrases, and whether the phrase alone is strong outside the subject.
const PHRASES: &[(&str, bool)] = &[
    ("emergency disclosure request", true),
    ("emergency disclosure", true),
    ("emergency data request", true),
    ("emergency request", false),
    ("emergency situation", false),
    ("exigent", false),
    ("exigent circumstances", false),
    ("exigent request", false),
    ("imminent danger", false),
    ("imminent threat", false),
    ("threat to life", false),
    ("danger of death", true),
    ("imminent danger of death", true),
    ("imminent threat of death", true),
    ("imminent risk of death", true),
    ("risk of death", true),
    ("threat of death", true),
    ("death or serious physical injury", true),
    ("death or serious bodily injury", true),
];
const MAX_MATCHES: usize = 32;

static TABLE: LazyLock<PhraseTable<bool>> = LazyLock::new(|| PhraseTable::new(PHRASES));

/// Some(true) with its strongest cue when the message asserts an emergency.
pub(super) fn guess(sources: &[Source<'_>]) -> Option<Guess<bool>> {
    strongest(sources.iter().flat_map(cues_in))
}

/// The asserted emergency cues of one text, in text order.
fn cues_in(source: &Source<'_>) -> Vec<Guess<bool>> {
    let in_subject = source.location == Location::Subject;
    let phrases = TABLE.find_all(source, MAX_MATCHES).into_iter().filter_map(|found| {
        let confidence = if in_subject || found.value { Confidence::High } else { Confidence::Medium };
        let cue = asserted(source, found.first, found.last, source.end(found.last), confidence)?;
        Some((found.first, cue))
    });
    let statutes = source.citations.iter().filter_map(|citation| {
        let emergency = citation.is("2702", "(b)(8)") || citation.is("2702", "(c)(4)");
        if !emergency {
            return None;
        }
        let cue = asserted(source, citation.first, citation.last, citation.end, Confidence::High)?;
        Some((citation.first, cue))
    });
    let mut cues: Vec<(usize, Guess<bool>)> = phrases.chain(statutes).collect();
    cues.sort_by_key(|(first, _)| *first);
    cues.into_iter().map(|(_, cue)| cue).collect()
}

fn asserted(
    source: &Source<'_>,
    first: usize,
    last: usize,
    end: usize,
    confidence: Confidence,
) -> Option<Guess<bool>> {
    (stance(source, first, last) == Stance::Asserted)
        .then(|| propose(true, source.evidence(source.start(first), end), confidence))
}

#[cfg(test)]
mod tests;
