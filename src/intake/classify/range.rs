//! The period of records asked for ("from January 1, 2026 through March 31, 2026", "between ...
//! and ...", "since ...", "from ... to the present"), which the 90-day lookback is checked against
//! (LEGAL.md 4). A range whose start is after its end is refused.

use crate::intake::classify::DateRange;
use crate::intake::classify::dates::FoundDate;
use crate::intake::classify::evidence::{propose, strongest};
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Guess};

/// Labels before the first date of a closed or open range.
const START_LABELS: &[&[&str]] = &[
    &["from"],
    &["beginning"],
    &["starting"],
    &["period"],
    &["period", "of"],
    &["date", "range"],
    &["dates"],
    &["time", "period"],
    &["time", "frame"],
    &["timeframe"],
];
/// Labels before a date that opens a range without an end.
const OPEN_LABELS: &[&[&str]] = &[&["on", "or", "since"], &["on", "or", "after"], &["since"]];
const CONNECTORS: &[&str] = &["through", "thru", "to", "until", "till"];
const PRESENT: &[&[&str]] = &[&["the", "present"], &["present"], &["date"], &["today"], &["now"]];
const RECORD_WORDS: &[&str] = &[
    "records",
    "record",
    "logs",
    "information",
    "data",
    "activity",
    "period",
    "range",
    "timeframe",
    "frame",
    "transactions",
    "history",
];
const RECORDS_BEFORE: usize = 15;

/// The requested range, the strongest and then the first found.
pub(super) fn guess(sources: &[Source<'_>]) -> Option<Guess<DateRange>> {
    strongest(sources.iter().flat_map(|source| {
        source.dates.iter().enumerate().filter_map(move |(position, date)| range_at(source, position, date))
    }))
}

fn range_at(source: &Source<'_>, position: usize, start: &FoundDate) -> Option<Guess<DateRange>> {
    // "Records from ...", "Date range: ...": the words before the first date say what it is about.
    let about_records = source.near(start.first, start.last, RECORDS_BEFORE, 0, RECORD_WORDS);
    if let Some(first) = OPEN_LABELS.iter().find_map(|label| source.preceded_by(start.first, label)) {
        let range = DateRange { from: Some(start.date), to: None };
        let confidence = if about_records { Confidence::Medium } else { Confidence::Low };
        return Some(propose(range, source.words_evidence(first, start.last), confidence));
    }
    let between = source.preceded_by(start.first, &["between"]);
    let first =
        between.or_else(|| START_LABELS.iter().find_map(|label| source.preceded_by(start.first, label)))?;
    let (to, last) = end_of_range(source, position, start, between.is_some())?;
    if to.is_some_and(|to| to < start.date) {
        return None;
    }
    let confidence = match to {
        Some(_) if about_records => Confidence::High,
        _ => Confidence::Medium,
    };
    Some(propose(DateRange { from: Some(start.date), to }, source.words_evidence(first, last), confidence))
}

/// The end of a range whose first date is `start`: a date, or the present (None); with the index
/// of the range's last word.
fn end_of_range(
    source: &Source<'_>,
    position: usize,
    start: &FoundDate,
    between: bool,
) -> Option<(Option<chrono::NaiveDate>, usize)> {
    let after = start.last + 1;
    let dash = matches!(source.gap_before(after).trim(), "-" | "–" | "—");
    let mut next = match source.word(after) {
        "and" if between => after + 1,
        word if !between && CONNECTORS.contains(&word) => after + 1,
        _ if dash && !between => after,
        _ => return None,
    };
    if source.words_are(next, &["and", "including"]) {
        next += 2;
    } else if source.word(next) == "including" {
        next += 1;
    }
    if let Some(end) = source.dates.get(position + 1).filter(|end| end.first == next) {
        return Some((Some(end.date), end.last));
    }
    if between {
        return None;
    }
    let present = PRESENT.iter().find(|words| source.words_are(next, words))?;
    Some((None, next + present.len() - 1))
}

#[cfg(test)]
mod tests;
