//! Specifications of counts written in figures and in words.

use super::count_at;
use crate::intake::classify::fixtures::body;

fn count(text: &str) -> Option<u32> {
    count_at(&body(text), 0).map(|(value, _)| value)
}

#[test]
fn figures_words_and_both_are_read() {
    let table = [
        ("14 days", Some(14)),
        ("ten (10) business days", Some(10)),
        ("ninety days", Some(90)),
        ("ninety (90) days", Some(90)),
        ("one hundred eighty (180) days", Some(180)),
        ("one hundred and eighty days", Some(180)),
        ("sixty-five days", Some(65)),
        ("twenty one days", Some(21)),
        ("twelve months", Some(12)),
        ("three hundred sixty-five days", Some(365)),
        ("one year", Some(1)),
    ];
    for (text, expected) in table {
        assert_eq!(count(text), expected, "{text}");
    }
}

#[test]
fn words_and_figures_that_disagree_give_nothing() {
    assert_eq!(count("ten (14) days"), None);
}

#[test]
fn words_that_are_not_numbers_give_nothing() {
    assert_eq!(count("several days"), None);
    assert_eq!(count("123456 days"), None);
}

#[test]
fn the_index_after_the_count_is_given() {
    let source = body("for ninety (90) days");

    assert_eq!(count_at(&source, 1), Some((90, 3)));
    assert_eq!(source.word(3), "days");
}
