//! The court or office that issued the process, named in a caption or a heading ("United States
//! District Court for the Eastern District of Virginia", "Superior Court of California, County of
//! Los Angeles", "Cook County Grand Jury", "Amtsgericht München"): a valid request names it
//! (LEGAL.md 2).

mod districts;

use std::sync::LazyLock;

use crate::intake::classify::agency::name_start;
use crate::intake::classify::evidence::{propose, strongest};
use crate::intake::classify::mention::{Stance, stance};
use crate::intake::classify::phrase::{PhraseMatch, PhraseTable};
use crate::intake::classify::source::{Source, has_blank_line};
use crate::intake::classify::{Confidence, Guess};

pub(super) use districts::district_after;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Court {
    /// A federal district court, with its district when given.
    Federal,
    /// A state court's caption ("SUPERIOR COURT OF CALIFORNIA, COUNTY OF LOS ANGELES"): the
    /// phrase opens its line, and the line (with a "FOR THE COUNTY OF ..." line after it) names it.
    Caption,
    /// "<Name> County Grand Jury".
    CountyGrandJury,
    /// A German court or prosecutor's office followed by its city.
    GermanOffice(&'static str),
}

const PHRASES: &[(&str, Court)] = &[
    ("united states district court", Court::Federal),
    ("u.s. district court", Court::Federal),
    ("us district court", Court::Federal),
    ("superior court of", Court::Caption),
    ("superior court for", Court::Caption),
    ("circuit court of", Court::Caption),
    ("circuit court for", Court::Caption),
    ("county court of", Court::Caption),
    ("district court", Court::Caption),
    ("county grand jury", Court::CountyGrandJury),
    ("amtsgericht", Court::GermanOffice("Amtsgericht")),
    ("landgericht", Court::GermanOffice("Landgericht")),
    ("staatsanwaltschaft", Court::GermanOffice("Staatsanwaltschaft")),
];
const MAX_MATCHES: usize = 32;
/// A caption is cut to this many characters.
const CAPTION_MAX_CHARS: usize = 120;
/// How a caption's next line may continue it.
const CONTINUATIONS: &[&str] = &["for the ", "in and for ", "county of ", "for "];
/// Words kept in lower case when an all-capitals caption is spelled back.
const SMALL_WORDS: &[&str] = &["of", "the", "for", "and", "in", "at", "on", "de", "du", "des", "la", "le"];

static TABLE: LazyLock<PhraseTable<Court>> = LazyLock::new(|| PhraseTable::new(PHRASES));

/// The issuing court or office, the strongest and then the first found.
pub(super) fn guess(sources: &[Source<'_>]) -> Option<Guess<String>> {
    strongest(sources.iter().flat_map(|source| {
        TABLE.find_all(source, MAX_MATCHES).into_iter().filter_map(move |found| {
            (stance(source, found.first, found.last) == Stance::Asserted)
                .then(|| court_at(source, found))
                .flatten()
        })
    }))
}

fn court_at(source: &Source<'_>, found: PhraseMatch<Court>) -> Option<Guess<String>> {
    let (first, last, value, confidence) = match found.value {
        Court::Federal => match district_after(source, found.last + 1) {
            Some((district, last)) => (
                found.first,
                last,
                format!("United States District Court for the {district}"),
                Confidence::High,
            ),
            None => (found.first, found.last, "United States District Court".to_owned(), Confidence::Medium),
        },
        Court::Caption => {
            let (caption, end) = caption(source, found.first)?;
            let evidence = source.evidence(source.start(found.first), end);
            return Some(propose(caption, evidence, Confidence::Medium));
        }
        Court::CountyGrandJury => {
            let first = name_start(source, found.first)?;
            let name = source.text.get(source.start(first)..source.start(found.first))?.trim();
            (first, found.last, format!("{name} County Grand Jury"), Confidence::Medium)
        }
        Court::GermanOffice(office) => {
            let city = source.raw_word(found.last + 1);
            let joined = source.gap_after(found.last).chars().all(|c| c == ' ');
            if !joined || !city.starts_with(char::is_uppercase) {
                return None;
            }
            (found.first, found.last + 1, format!("{office} {city}"), Confidence::Medium)
        }
    };
    Some(propose(value, source.words_evidence(first, last), confidence))
}

/// The caption that word `first` opens (after at most "IN THE"), continued by the next line when
/// that starts "FOR THE ...", spelled in title case when written in capitals, with the byte offset
/// where it ends.
fn caption(source: &Source<'_>, first: usize) -> Option<(String, usize)> {
    let start = source.start(first);
    let (line_start, line_end) = source.line_at(start)?;
    let before = source.text[line_start..start].trim().to_ascii_lowercase();
    if !(before.is_empty() || before == "in the") {
        return None;
    }
    let mut end = line_end;
    let mut text = source.text[start..line_end].trim_end().to_owned();
    if let Some((next_start, next_end)) =
        source.line_at(line_end + 1).filter(|_| line_end < source.text.len())
    {
        let next = source.text[next_start..next_end].trim();
        let lower = next.to_ascii_lowercase();
        if CONTINUATIONS.iter().any(|start| lower.starts_with(start)) {
            text.push(' ');
            text.push_str(next);
            end = next_end;
        }
    }
    let text: String = text.chars().take(CAPTION_MAX_CHARS).collect();
    let text = text.trim_end_matches(['.', ',', ';', ':', ' ']);
    if has_blank_line(text) || text.is_empty() {
        return None;
    }
    let spelled = if text.chars().any(char::is_lowercase) { text.to_owned() } else { title_case(text) };
    Some((spelled, end))
}

/// "CIRCUIT COURT OF THE STATE OF OREGON" as "Circuit Court of the State of Oregon".
fn title_case(text: &str) -> String {
    let words = text.split(' ').enumerate().map(|(index, word)| {
        let lower = word.to_lowercase();
        if index > 0 && SMALL_WORDS.contains(&lower.as_str()) {
            return lower;
        }
        let mut chars = lower.chars();
        chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
    });
    words.collect::<Vec<String>>().join(" ")
}

#[cfg(test)]
mod tests;
