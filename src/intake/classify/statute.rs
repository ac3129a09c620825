//! Citations of the statutes that name a kind of process ("18 U.S.C. § 2703(d)", "Section
//! 2703(f)", "21 U.S.C. 876"): the strongest cues a request carries. A bare number counts only
//! after "§", "U.S.C." or "Section"; one with a subsection ("2703(d)") counts on its own.

use crate::intake::classify::source::Source;

/// The sections lert reads.
const SECTIONS: &[&str] =
    &["876", "1225", "1509", "1861", "2518", "2702", "2703", "2705", "2709", "3121", "3122", "3123", "3486"];
/// At most this many citations are read from one text.
const MAX_CITATIONS: usize = 256;
const MAX_SUBSECTIONS: usize = 4;

/// One citation: the section, its subsections as written in lower case ("(b)(8)"), and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Citation {
    pub section: &'static str,
    pub subsections: String,
    /// Introduced by "§", "U.S.C." or "Section".
    pub introduced: bool,
    pub first: usize,
    pub last: usize,
    /// Byte offset after the last subsection.
    pub end: usize,
}

impl Citation {
    /// Whether this cites `section` with subsections starting `subsections` ("" for any).
    pub fn is(&self, section: &str, subsections: &str) -> bool {
        self.section == section && self.subsections.starts_with(subsections)
    }

    /// Cited with a subsection or introduced as a statute: not a stray number.
    pub fn is_clear(&self) -> bool {
        self.introduced || !self.subsections.is_empty()
    }
}

/// The citations of a text in order.
pub(super) fn citations_in(source: &Source<'_>) -> Vec<Citation> {
    let mut found = Vec::new();
    for index in 0..source.word_count() {
        if found.len() >= MAX_CITATIONS {
            break;
        }
        let word = source.word(index);
        if !(3..=4).contains(&word.len()) || !word.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Some(&section) = SECTIONS.iter().find(|section| **section == word) else { continue };
        let (subsections, end) = subsections_after(source.text, source.end(index));
        let last = if subsections.is_empty() { index } else { source.word_at(end.saturating_sub(2)) };
        found.push(Citation {
            section,
            subsections,
            introduced: is_introduced(source, index),
            first: index,
            last,
            end,
        });
    }
    found
}

/// "(b)(8)" after a section number, and the byte offset after it.
fn subsections_after(text: &str, from: usize) -> (String, usize) {
    let mut subsections = String::new();
    let mut end = from;
    for _ in 0..MAX_SUBSECTIONS {
        let rest = text.get(end..).unwrap_or("");
        let skipped = usize::from(rest.starts_with(' '));
        let Some(inner) = rest[skipped..].strip_prefix('(') else { break };
        let letters = inner.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if letters == 0 || letters > 4 || !inner[letters..].starts_with(')') {
            break;
        }
        subsections.push('(');
        subsections.push_str(&inner[..letters].to_ascii_lowercase());
        subsections.push(')');
        end += skipped + 1 + letters + 1;
    }
    (subsections, end)
}

fn is_introduced(source: &Source<'_>, index: usize) -> bool {
    source.gap_before(index).contains('§')
        || source.preceded_by(index, &["u", "s", "c"]).is_some()
        || ["usc", "section", "sections", "sec"]
            .iter()
            .any(|label| source.preceded_by(index, &[label]).is_some())
}

#[cfg(test)]
mod tests;
