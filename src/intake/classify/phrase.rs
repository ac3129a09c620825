//! Tables of fixed phrases ("grand jury subpoena", "sheriff's office") matched word by word: each
//! table indexes its phrases by their first word, so a scan costs one lookup per word of text
//! whatever the number of phrases.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::intake::classify::source::{Source, is_soft_gap};

/// One phrase of a table, split into lower-case words, and what it means.
struct Entry<T> {
    words: Vec<&'static str>,
    value: T,
}

/// Phrases and their meanings, looked up by first word.
pub(super) struct PhraseTable<T: Copy + 'static> {
    by_first_word: HashMap<&'static str, Vec<Entry<T>>, BuildHasherDefault<Fnv>>,
    /// For each first byte of a first word, the lengths of those words (bit n: length n, bit 31:
    /// 31 or more), so most words of a text are rejected without hashing.
    lengths_by_first_byte: [u32; 256],
}

/// FNV-1a: the keys are short words from the program's own tables, so a fast hash is enough.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

fn length_bit(word: &str) -> u32 {
    1 << word.len().min(31)
}

/// A phrase found in a text: its meaning and its first and last word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PhraseMatch<T> {
    pub value: T,
    pub first: usize,
    pub last: usize,
}

impl<T: Copy + 'static> PhraseTable<T> {
    /// Builds a table; phrases are written in lower case, words separated by spaces or the
    /// punctuation they carry ("sheriff's office", "u.s. secret service").
    pub fn new(phrases: &[(&'static str, T)]) -> PhraseTable<T> {
        let mut by_first_word: HashMap<&'static str, Vec<Entry<T>>, BuildHasherDefault<Fnv>> =
            HashMap::default();
        let mut lengths_by_first_byte = [0; 256];
        for &(phrase, value) in phrases {
            let words: Vec<&'static str> =
                phrase.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect();
            let Some(&first) = words.first() else { continue };
            lengths_by_first_byte[usize::from(first.as_bytes()[0])] |= length_bit(first);
            by_first_word.entry(first).or_default().push(Entry { words, value });
        }
        PhraseTable { by_first_word, lengths_by_first_byte }
    }

    /// The longest phrase starting at word `index`.
    pub fn match_at(&self, source: &Source<'_>, index: usize) -> Option<PhraseMatch<T>> {
        let word = source.word(index);
        let first_byte = *word.as_bytes().first()?;
        if self.lengths_by_first_byte[usize::from(first_byte)] & length_bit(word) == 0 {
            return None;
        }
        let entries = self.by_first_word.get(word)?;
        entries
            .iter()
            .filter(|entry| {
                entry.words.iter().enumerate().skip(1).all(|(offset, wanted)| {
                    source.word(index + offset) == *wanted && is_soft_gap(source.gap_before(index + offset))
                })
            })
            .max_by_key(|entry| entry.words.len())
            .map(|entry| PhraseMatch {
                value: entry.value,
                first: index,
                last: index + entry.words.len() - 1,
            })
    }

    /// The phrases of `source`, leftmost and longest first, never overlapping, at most `cap`.
    pub fn find_all(&self, source: &Source<'_>, cap: usize) -> Vec<PhraseMatch<T>> {
        let mut found = Vec::new();
        let mut index = 0;
        while index < source.word_count() && found.len() < cap {
            match self.match_at(source, index) {
                Some(matched) => {
                    index = matched.last + 1;
                    found.push(matched);
                }
                None => index += 1,
            }
        }
        found
    }
}
