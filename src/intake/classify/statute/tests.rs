//! Specifications of statute citations.

use super::citations_in;
use crate::intake::classify::Location;
use crate::intake::classify::source::Source;

fn cited(text: &str) -> Vec<(&'static str, String, bool)> {
    let source = Source::new(Location::Body, text);
    citations_in(&source)
        .into_iter()
        .map(|citation| (citation.section, citation.subsections.clone(), citation.is_clear()))
        .collect()
}

#[test]
fn sections_and_subsections_are_read_with_or_without_an_introduction() {
    let table = [
        ("18 U.S.C. § 2703(d)", ("2703", "(d)", true)),
        ("18 U.S.C. 2703(d)", ("2703", "(d)", true)),
        ("Section 2703 (f)", ("2703", "(f)", true)),
        ("2702(b)(8)", ("2702", "(b)(8)", true)),
        ("§2705(B)", ("2705", "(b)", true)),
        ("21 U.S.C. § 876", ("876", "", true)),
        ("21 USC 876", ("876", "", true)),
        ("at 876 Main Street", ("876", "", false)),
    ];
    for (text, (section, subsections, clear)) in table {
        assert_eq!(cited(text), [(section, subsections.to_owned(), clear)], "{text}");
    }
}

#[test]
fn other_numbers_are_not_citations() {
    assert!(cited("18 U.S.C. § 1030 and 2026").is_empty());
}

#[test]
fn an_unclosed_subsection_is_not_read() {
    assert_eq!(cited("2703(d"), [("2703", String::new(), false)]);
}

#[test]
fn the_citation_ends_after_its_last_subsection() {
    let text = "under 2703(c)(1)(B) today";
    let source = Source::new(Location::Body, text);
    let citation = &citations_in(&source)[0];

    assert_eq!(&text[source.start(citation.first)..citation.end], "2703(c)(1)(B)");
    assert_eq!(source.word(citation.last), "b");
}
