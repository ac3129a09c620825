//! When the agency wants an answer: a return date ("on or before July 15, 2026", "Return date:
//! ...") or a period ("within ten (10) business days"). A deadline phrase counts beside words
//! about producing or responding (High) or on its own (Medium: a warrant's "execute ... on or
//! before" is the day the provider must act by), never beside renewing, expiring or notifying.

use chrono::NaiveDate;

use crate::intake::classify::evidence::{propose, strongest};
use crate::intake::classify::numbers::count_at;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Guess};

/// Labels that name the return date outright.
const RETURN_LABELS: &[&[&str]] = &[
    &["return", "date"],
    &["returnable", "on"],
    &["returnable"],
    &["response", "due"],
    &["response", "due", "by"],
    &["response", "due", "on"],
    &["response", "date"],
    &["production", "date"],
    &["due", "date"],
];
/// Phrases before a date that make it a deadline when the sentence is about producing.
const DEADLINE_PHRASES: &[&[&str]] = &[
    &["on", "or", "before"],
    &["no", "later", "than"],
    &["not", "later", "than"],
    &["due", "by"],
    &["due", "on"],
];
const PRODUCE_WORDS: &[&str] = &[
    "produce",
    "produced",
    "producing",
    "production",
    "respond",
    "response",
    "responsive",
    "provide",
    "provided",
    "providing",
    "comply",
    "compliance",
    "furnish",
    "return",
    "returned",
    "deliver",
    "delivered",
    "submit",
    "submitted",
    "disclose",
    "send",
    "sent",
    "reply",
    "answer",
    "due",
];
/// Words that make a nearby date something other than a return date.
const OTHER_DEADLINE_WORDS: &[&str] = &[
    "expire",
    "expires",
    "expiration",
    "expiry",
    "preserve",
    "preserved",
    "renew",
    "renewal",
    "notify",
    "notice",
    "born",
    "birth",
    "signed",
];
const PRODUCE_BEFORE: usize = 15;
const PRODUCE_AFTER: usize = 3;
const MAX_WITHIN_DAYS: u32 = 365;

/// The date the agency wants the records by.
pub(super) fn return_by(sources: &[Source<'_>], received_on: NaiveDate) -> Option<Guess<NaiveDate>> {
    let candidates = sources.iter().flat_map(|source| {
        source.dates.iter().filter_map(move |date| {
            let (first, confidence) = deadline_cue(source, date.first)?;
            let confidence = if date.date < received_on { Confidence::Low } else { confidence };
            Some(propose(date.date, source.words_evidence(first, date.last), confidence))
        })
    });
    strongest(candidates)
}

/// The first word of the cue before a date at word `index`, and its confidence.
fn deadline_cue(source: &Source<'_>, index: usize) -> Option<(usize, Confidence)> {
    if let Some(first) = RETURN_LABELS.iter().find_map(|label| source.preceded_by(index, label)) {
        return Some((first, Confidence::High));
    }
    let about = |first: usize, before: usize| {
        let other = source.near(first, index, before, PRODUCE_AFTER, OTHER_DEADLINE_WORDS);
        let produce = source.near(first, index, before, PRODUCE_AFTER, PRODUCE_WORDS);
        (!other).then_some(produce)
    };
    if let Some(first) = DEADLINE_PHRASES.iter().find_map(|phrase| source.preceded_by(index, phrase)) {
        let produce = about(first, PRODUCE_BEFORE)?;
        return Some((first, if produce { Confidence::High } else { Confidence::Medium }));
    }
    let first = source.preceded_by(index, &["by"])?;
    about(first, PRODUCE_BEFORE)?.then_some((first, Confidence::Medium))
}

/// "within 14 days", "within ten (10) business days", "within 14 calendar days" beside words about
/// producing or responding; business days keep their number but are Medium.
pub(super) fn respond_within_days(sources: &[Source<'_>]) -> Option<Guess<u32>> {
    let candidates = sources.iter().flat_map(|source| {
        (0..source.word_count()).filter(|&index| source.word(index) == "within").filter_map(move |index| {
            let (days, next) = count_at(source, index + 1)?;
            let business = matches!(source.word(next), "business" | "working");
            let qualified = business || source.word(next) == "calendar";
            let unit = if qualified { next + 1 } else { next };
            let is_days = matches!(source.word(unit), "day" | "days");
            let about_producing = source.near(index, unit, PRODUCE_BEFORE, 8, PRODUCE_WORDS)
                && !source.near(index, unit, PRODUCE_BEFORE, 8, OTHER_DEADLINE_WORDS);
            if !is_days || !about_producing || !(1..=MAX_WITHIN_DAYS).contains(&days) {
                return None;
            }
            let confidence = if business { Confidence::Medium } else { Confidence::High };
            Some(propose(days, source.words_evidence(index, unit), confidence))
        })
    });
    strongest(candidates)
}

#[cfg(test)]
mod tests;
