//! The thinned text yields exactly what the extractor finds in the full text.

use proptest::prelude::{Strategy, prop, prop_assert_eq, proptest};

use super::candidate_words;
use crate::domain::identifier::extract_identifiers;

fn same_as_full(text: &str) -> bool {
    extract_identifiers(&candidate_words(text)) == extract_identifiers(text)
}

#[test]
fn prose_is_thinned_and_identifiers_survive() {
    let prose = "The records requested relate to an ongoing investigation of a fraud scheme in which \
        the subjects registered look-alike domains and obtained certificates for them. ";
    let identifiers = "The account number 123456 and the certificate with serial number 03 a1 b2 c3 d4 ff \
        were used from 192.0.2.7:443 and 2001:db8::1 to run evil.example, see \
        https://acme-v02.api.example-trust.test/acme/acct/99887766 and mail jdoe@example.net.";
    let text = format!("{}{identifiers}", prose.repeat(5));

    let thinned = candidate_words(&text);

    assert!(thinned.len() < text.len() / 3, "{thinned}");
    assert!(same_as_full(&text));
}

#[test]
fn words_without_identifier_characters_are_dropped() {
    assert_eq!(candidate_words("The quick brown fox, U.S.C. and e.g. 2703(d) 90 days."), "x ");
}

/// Words from the extractor's own vocabulary, mixed with arbitrary ones.
fn words() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "account",
        "acct",
        "serial",
        "number",
        "no",
        "id",
        "is",
        "#",
        "=",
        "-",
        "ff",
        "03",
        "a1",
        "be",
        "123456",
        "Account:",
        "(account",
        "serial#",
        "ID:",
        "evil.example",
        "e.g.",
        "U.S.C.",
        "jdoe@example.net",
        "192.0.2.7",
        "192.0.2.7:443",
        "2001:db8::1",
        "03:a1:b2",
        "IP:192.0.2.9",
        "domain=evil.example",
        "https://acme-v02.api.example-trust.test/acme/acct/42",
        "http://example.com/x",
        "report.pdf",
        "the",
        "records",
        "。",
        "bücher。example",
        "x",
        "\n",
        ",",
        "(",
        ")",
        "'s",
    ]);
    let piece = prop::strategy::Union::new_weighted(vec![
        (4, pieces.prop_map(str::to_owned).boxed()),
        (1, "[a-z0-9.:@/#=-]{1,10}".boxed()),
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #[test]
    fn the_extractor_finds_the_same_identifiers_in_the_thinned_text(text in words()) {
        prop_assert_eq!(extract_identifiers(&candidate_words(&text)), extract_identifiers(&text));
    }
}

proptest! {
    #[test]
    fn the_extractor_finds_the_same_identifiers_in_arbitrary_text(
        text in "[a-fA-F0-9.:@/#=_ ()<>,;'\"\\-。．｡éüİ１ｃ℡ﬀ٣sxtpcnou\n\u{a0}]{0,80}",
    ) {
        prop_assert_eq!(extract_identifiers(&candidate_words(&text)), extract_identifiers(&text));
    }
}
