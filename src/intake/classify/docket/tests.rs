//! Specifications of the case, docket or grand jury number.

use crate::intake::classify::fixtures::{Mail, parts};
use crate::intake::classify::{Confidence, Location};

fn docket(body: &str) -> Option<(String, Confidence)> {
    Mail::new("Request", body).classify().docket_number.map(|guess| (guess.value, guess.confidence))
}

#[test]
fn numbers_after_their_labels_are_read() {
    let table = [
        ("Case No. 1:26-mj-00123", "1:26-mj-00123"),
        ("CASE NO.: 2026-04512", "2026-04512"),
        ("Case Number: R2-26-0045", "R2-26-0045"),
        ("Case # 24-117", "24-117"),
        ("Docket No. 26-cr-00045 (ABC)", "26-cr-00045"),
        ("GJ No. 2026-117", "2026-117"),
        ("Grand Jury No. 26-3", "26-3"),
        ("Misc. No. 26-mc-00045", "26-mc-00045"),
        ("Mag. No. 26-mj-7", "26-mj-7"),
        ("Civil Action No. 3:26-cv-01234", "3:26-cv-01234"),
        ("Crime Reference Number: 01/123456/26", "01/123456/26"),
        ("Aktenzeichen: ST 12-3456/26", "ST 12-3456/26"),
        ("Case No. 26 GJ 117", "26 GJ 117"),
    ];
    for (body, expected) in table {
        assert_eq!(docket(body), Some((expected.to_owned(), Confidence::High)), "{body}");
    }
}

#[test]
fn a_bare_case_word_needs_a_number_shaped_like_a_case_number() {
    assert_eq!(docket("Re: Case 2026-00417"), Some(("2026-00417".to_owned(), Confidence::Medium)));
    assert_eq!(docket("In this case 3 accounts are involved."), None);
    assert_eq!(docket("In case 2026-01-05 is a holiday, reply earlier."), None);
}

#[test]
fn labels_without_a_number_give_nothing() {
    assert_eq!(docket("Case No. to be assigned"), None);
    assert_eq!(docket("Please quote the case number in your reply."), None);
}

#[test]
fn a_full_label_outranks_a_bare_case_word() {
    let found = Mail::new("Case 2026-00417", "Case No. 1:26-mj-00123").classify();

    assert_eq!(
        parts(&found.docket_number),
        Some((
            "1:26-mj-00123".to_owned(),
            "Case No. 1:26-mj-00123".to_owned(),
            Location::Body,
            Confidence::High
        ))
    );
}
