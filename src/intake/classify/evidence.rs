//! Evidence phrases in the form the legal team reads them, and the small rules every field uses to
//! rank its candidate guesses, so all fields pick "the strongest, then the first" the same way.

use crate::intake::classify::{Confidence, Evidence, Guess};

/// The longest evidence phrase, in characters.
pub(super) const PHRASE_MAX_CHARS: usize = 200;

/// `text` with runs of white space collapsed to one space, trimmed, cut to
/// [`PHRASE_MAX_CHARS`] characters.
pub(super) fn collapse(text: &str) -> String {
    let mut phrase = String::new();
    let mut chars = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !phrase.is_empty();
            continue;
        }
        let needed = if pending_space { 2 } else { 1 };
        if chars + needed > PHRASE_MAX_CHARS {
            break;
        }
        if pending_space {
            phrase.push(' ');
            pending_space = false;
        }
        phrase.push(c);
        chars += needed;
    }
    phrase
}

/// High ranks above Medium above Low.
pub(super) fn rank(confidence: Confidence) -> u8 {
    match confidence {
        Confidence::High => 3,
        Confidence::Medium => 2,
        Confidence::Low => 1,
    }
}

/// The lower of two confidences.
pub(super) fn at_most(confidence: Confidence, cap: Confidence) -> Confidence {
    if rank(confidence) <= rank(cap) { confidence } else { cap }
}

/// The guess with the highest confidence, the first one among equals (candidates come in search
/// order: subject, body, attachments).
pub(super) fn strongest<T>(candidates: impl IntoIterator<Item = Guess<T>>) -> Option<Guess<T>> {
    let mut best: Option<Guess<T>> = None;
    for candidate in candidates {
        if best.as_ref().is_none_or(|held| rank(candidate.confidence) > rank(held.confidence)) {
            best = Some(candidate);
        }
    }
    best
}

pub(super) fn propose<T>(value: T, evidence: Evidence, confidence: Confidence) -> Guess<T> {
    Guess { value, evidence, confidence }
}

#[cfg(test)]
mod tests;
