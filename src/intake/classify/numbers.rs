//! Counts as legal papers write them: "14", "ten (10)", "ninety", "one hundred eighty (180)",
//! "sixty-five". Words and figures that disagree give nothing rather than a guess.

use crate::intake::classify::source::Source;

const UNITS: [&str; 9] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS: [&str; 10] = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
/// Counts above this are not durations or deadlines.
const MAX_COUNT: u32 = 9_999;

/// A count starting at word `index`: its value and the index of the word after it.
pub(super) fn count_at(source: &Source<'_>, index: usize) -> Option<(u32, usize)> {
    let word = source.word(index);
    if !word.is_empty() && word.len() <= 4 && word.bytes().all(|byte| byte.is_ascii_digit()) {
        let value = word.parse().ok()?;
        return (value <= MAX_COUNT).then_some((value, index + 1));
    }
    let (value, next) = words_value(source, index)?;
    match figures_in_parentheses(source, next) {
        Some((figures, after)) if figures == value => Some((value, after)),
        Some(_) => None,
        None => Some((value, next)),
    }
}

/// "one hundred eighty", "sixty-five", "twelve".
fn words_value(source: &Source<'_>, index: usize) -> Option<(u32, usize)> {
    let mut next = index;
    let mut value = 0;
    if let Some(unit) = position(&UNITS, source.word(next))
        && source.word(next + 1) == "hundred"
    {
        value = (unit + 1) * 100;
        next += 2;
        if source.word(next) == "and" && below_hundred(source, next + 1).is_some() {
            next += 1;
        }
    }
    match below_hundred(source, next) {
        Some((rest, after)) => Some((value + rest, after)),
        None if value > 0 => Some((value, next)),
        None => None,
    }
}

fn below_hundred(source: &Source<'_>, index: usize) -> Option<(u32, usize)> {
    let word = source.word(index);
    if let Some(tens) = position(&TENS, word) {
        let value = (tens + 2) * 10;
        let joined = matches!(source.gap_before(index + 1), " " | "-");
        return match position(&UNITS, source.word(index + 1)) {
            Some(unit) if joined => Some((value + unit + 1, index + 2)),
            _ => Some((value, index + 1)),
        };
    }
    if let Some(teen) = position(&TEENS, word) {
        return Some((teen + 10, index + 1));
    }
    position(&UNITS, word).map(|unit| (unit + 1, index + 1))
}

/// "(90)" right after a count in words.
fn figures_in_parentheses(source: &Source<'_>, index: usize) -> Option<(u32, usize)> {
    let word = source.word(index);
    let bracketed =
        source.gap_before(index).trim_start().starts_with('(') && source.gap_after(index).starts_with(')');
    if !bracketed || word.is_empty() || word.len() > 4 || !word.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().map(|value| (value, index + 1))
}

fn position(words: &[&str], word: &str) -> Option<u32> {
    words.iter().position(|candidate| *candidate == word).and_then(|found| u32::try_from(found).ok())
}

#[cfg(test)]
mod tests;
