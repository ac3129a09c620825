//! Specifications of evidence phrases and of picking the strongest guess.

use super::{at_most, collapse, propose, strongest};
use crate::intake::classify::{Confidence, Evidence, Location};

fn evidence(phrase: &str) -> Evidence {
    Evidence { phrase: phrase.to_owned(), location: Location::Body }
}

#[test]
fn white_space_runs_collapse_to_one_space_and_the_ends_are_trimmed() {
    assert_eq!(collapse("  grand\n\t jury   subpoena \r\n"), "grand jury subpoena");
}

#[test]
fn phrases_are_cut_at_200_characters_on_a_character_boundary() {
    let long = "é".repeat(300);

    let phrase = collapse(&long);

    assert_eq!(phrase.chars().count(), 200);
    assert!(phrase.chars().all(|c| c == 'é'));
}

#[test]
fn a_cut_never_ends_in_a_space() {
    let text = format!("{} b", "a".repeat(199));

    assert_eq!(collapse(&text), "a".repeat(199));
}

#[test]
fn the_strongest_guess_wins_and_the_first_among_equals() {
    let guesses = [
        propose(1, evidence("one"), Confidence::Medium),
        propose(2, evidence("two"), Confidence::High),
        propose(3, evidence("three"), Confidence::High),
    ];

    assert_eq!(strongest(guesses).map(|guess| guess.value), Some(2));
    assert_eq!(strongest(Vec::<crate::intake::classify::Guess<u8>>::new()), None);
}

#[test]
fn at_most_caps_a_confidence() {
    assert_eq!(at_most(Confidence::High, Confidence::Medium), Confidence::Medium);
    assert_eq!(at_most(Confidence::Low, Confidence::Medium), Confidence::Low);
}
