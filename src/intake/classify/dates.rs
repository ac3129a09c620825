//! Dates as agencies write them: "July 15, 2026", "Jul. 15, 2026", "15 July 2026", "2026-07-15",
//! "07/15/2026" (day first for foreign mail, or when the first number cannot be a month),
//! "15.07.2026" and "3rd day of March, 2026". Impossible dates are refused.

use chrono::NaiveDate;

use crate::intake::classify::source::Source;

/// At most this many dates are read from one text.
const MAX_DATES: usize = 512;
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2200;
/// A date in a text: its value and its first and last word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FoundDate {
    pub date: NaiveDate,
    pub first: usize,
    pub last: usize,
}

/// The dates of a text in order, at most [`MAX_DATES`].
pub(super) fn dates_in(source: &Source<'_>, day_first: bool) -> Vec<FoundDate> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < source.word_count() && found.len() < MAX_DATES {
        if !may_start_date(source.word(index)) {
            index += 1;
            continue;
        }
        match date_at(source, index, day_first) {
            Some(date) => {
                index = date.last + 1;
                found.push(date);
            }
            None => index += 1,
        }
    }
    found
}

/// A number, or a word as long as a month name starting like one: the rest are skipped cheaply.
fn may_start_date(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(byte) if byte.is_ascii_digit() => word.len() <= 4,
        Some(b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd') => (3..=9).contains(&word.len()),
        _ => false,
    }
}

/// The date starting at word `index`.
fn date_at(source: &Source<'_>, index: usize, day_first: bool) -> Option<FoundDate> {
    let word = source.word(index);
    let first_byte = *word.as_bytes().first()?;
    if first_byte.is_ascii_digit() {
        numeric(source, index, day_first)
            .or_else(|| day_month_year(source, index))
            .or_else(|| day_of_month(source, index))
    } else {
        month_day_year(source, index)
    }
}

/// "July 15, 2026", "Jul. 15 2026", "March 3rd, 2026".
fn month_day_year(source: &Source<'_>, index: usize) -> Option<FoundDate> {
    let month = month(source.word(index))?;
    if !separates(source.gap_before(index + 1), &['.']) {
        return None;
    }
    let day = day(source.word(index + 1))?;
    if !separates(source.gap_before(index + 2), &[',']) {
        return None;
    }
    let year = year(source.word(index + 2))?;
    found(year, month, day, index, index + 2)
}

/// "15 July 2026", "15th July, 2026", "15 Jul. 2026".
fn day_month_year(source: &Source<'_>, index: usize) -> Option<FoundDate> {
    let day = day(source.word(index))?;
    if !separates(source.gap_before(index + 1), &[]) {
        return None;
    }
    let month = month(source.word(index + 1))?;
    if !separates(source.gap_before(index + 2), &['.', ',']) {
        return None;
    }
    let year = year(source.word(index + 2))?;
    found(year, month, day, index, index + 2)
}

/// "3rd day of March, 2026".
fn day_of_month(source: &Source<'_>, index: usize) -> Option<FoundDate> {
    let day = day(source.word(index))?;
    if !source.words_are(index + 1, &["day", "of"]) || !separates(source.gap_before(index + 1), &[]) {
        return None;
    }
    let month = month(source.word(index + 3))?;
    if !separates(source.gap_before(index + 3), &[]) || !separates(source.gap_before(index + 4), &['.', ','])
    {
        return None;
    }
    let year = year(source.word(index + 4))?;
    found(year, month, day, index, index + 4)
}

/// "2026-07-15", "07/15/2026", "15.07.2026".
fn numeric(source: &Source<'_>, index: usize, day_first: bool) -> Option<FoundDate> {
    let separator = source.gap_before(index + 1);
    if !matches!(separator, "-" | "/" | ".") || source.gap_before(index + 2) != separator {
        return None;
    }
    if is_glued(source.gap_before(index), source.word(index.wrapping_sub(1)))
        || is_glued(source.gap_after(index + 2), source.word(index + 3))
    {
        return None;
    }
    let [a, b, c] = [index, index + 1, index + 2].map(|at| source.word(at));
    let numbers = [a, b, c].map(|word| {
        let digits = !word.is_empty() && word.len() <= 4 && word.bytes().all(|byte| byte.is_ascii_digit());
        if digits { word.parse::<u32>().ok() } else { None }
    });
    let [Some(first), Some(second), Some(third)] = numbers else { return None };
    let (year, month, day) = match separator {
        "-" if a.len() == 4 && b.len() == 2 && c.len() == 2 => (first, second, third),
        "/" if a.len() <= 2 && b.len() <= 2 && c.len() == 4 => {
            if day_first || first > 12 {
                (third, second, first)
            } else {
                (third, first, second)
            }
        }
        "." if a.len() <= 2 && b.len() <= 2 && c.len() == 4 => (third, second, first),
        _ => return None,
    };
    found(i32::try_from(year).ok()?, month, day, index, index + 2)
}

/// Whether a gap of one separator joins the date to a neighbouring number ("1.15.07.2026").
fn is_glued(gap: &str, neighbour: &str) -> bool {
    matches!(gap, "-" | "/" | "." | ":") && neighbour.starts_with(|c: char| c.is_ascii_digit())
}

fn found(year: i32, month: u32, day: u32, first: usize, last: usize) -> Option<FoundDate> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day).map(|date| FoundDate { date, first, last })
}

/// Spaces (one line break at most) with at most one of `punctuation`.
fn separates(gap: &str, punctuation: &[char]) -> bool {
    let marks = gap.chars().filter(|c| !c.is_whitespace()).count();
    let marks_allowed = gap.chars().filter(|c| punctuation.contains(c)).count();
    !gap.is_empty()
        && gap.len() <= 4
        && gap.matches('\n').count() <= 1
        && marks <= 1
        && marks == marks_allowed
        && (marks == 0 || gap.ends_with(char::is_whitespace) || gap.len() == 1)
}

pub(super) fn month(word: &str) -> Option<u32> {
    let number = match word {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(number)
}

/// "15", "3rd", "21st".
fn day(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|suffix| word.strip_suffix(suffix)).unwrap_or(word);
    let valid = !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|byte| byte.is_ascii_digit());
    if valid { digits.parse().ok().filter(|day| (1..=31).contains(day)) } else { None }
}

fn year(word: &str) -> Option<i32> {
    let valid = word.len() == 4 && word.bytes().all(|byte| byte.is_ascii_digit());
    if valid { word.parse().ok() } else { None }
}

#[cfg(test)]
mod tests;
