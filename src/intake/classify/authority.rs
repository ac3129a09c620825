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
    /// "Superior Court of ..." or "Circuit Court for ...": the rest of the line names it.
    RestOfLine(&'static str),
    /// "<Name> County Grand Jury".
    CountyGrandJury,
    /// A German court or prosecutor's office followed by its city.
    GermanOffice(&'static str),
}

const PHRASES: &[(&str, Court)] = &[
    ("united states district court", Court::Federal),
    ("u.s. district court", Court::Federal),
    ("us district court", Court::Federal),
    ("superior court of", Court::RestOfLine("Superior Court of")),
    ("circuit court of", Court::RestOfLine("Circuit Court of")),
    ("circuit court for", Court::RestOfLine("Circuit Court for")),
    ("county grand jury", Court::CountyGrandJury),
    ("amtsgericht", Court::GermanOffice("Amtsgericht")),
    ("landgericht", Court::GermanOffice("Landgericht")),
    ("staatsanwaltschaft", Court::GermanOffice("Staatsanwaltschaft")),
];
const MAX_MATCHES: usize = 32;
/// A court named by the rest of its line is cut to this many characters.
const REST_MAX_CHARS: usize = 80;

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
        Court::RestOfLine(prefix) => {
            let (rest, end) = rest_of_line(source, source.end(found.last))?;
            let evidence = source.evidence(source.start(found.first), end);
            return Some(propose(format!("{prefix} {rest}"), evidence, Confidence::Medium));
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

/// The rest of the line after byte `from`, trimmed and cut, with the byte offset where it ends.
fn rest_of_line(source: &Source<'_>, from: usize) -> Option<(String, usize)> {
    let (_, line_end) = source.line_at(from)?;
    let rest = source.text.get(from..line_end)?;
    let offset = rest.len() - rest.trim_start().len();
    let cut: String = rest.trim().chars().take(REST_MAX_CHARS).collect();
    let cut = cut.trim_end_matches(['.', ',', ';', ':', ' ']);
    if cut.is_empty() || has_blank_line(cut) {
        return None;
    }
    Some((cut.to_owned(), from + offset + cut.len()))
}

#[cfg(test)]
mod tests;
