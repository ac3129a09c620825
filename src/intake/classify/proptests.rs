//! Properties over arbitrary text: the classifier never panics, and what it proposes keeps the
//! promised shape (evidence at most 200 characters, ranges in order, days 1 to 365).

use proptest::prelude::{Strategy, prop, prop_assert, proptest};

use crate::domain::sufficiency::sender_domain::LawEnforcementDomains;
use crate::intake::classify::fixtures::date;
use crate::intake::classify::identifiers::MAX_IDENTIFIERS;
use crate::intake::classify::{AttachmentText, Classification, Evidence, MessageText, classify};

/// Text mixing the words the rules look for with arbitrary characters, including multi-byte ones.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "subpoena ",
        "2703(d) ",
        "2702(b)(8) ",
        "§ ",
        "Case No. ",
        "on or before ",
        "July 15, 2026 ",
        "15.07.2026 ",
        "07/15/2026 ",
        "3rd day of March, 2026 ",
        "within ten (10) days ",
        "from ",
        "through ",
        "until further order ",
        "for a period of one year ",
        "Special Agent ",
        "Dana ",
        "Whitfield ",
        "Tel: ",
        "(617) 555-0143 ",
        "Police Department ",
        "evil.example ",
        "a@b.example ",
        "\n",
        "\n\n",
        "> ",
        ". ",
        "ü",
        "—",
        "🦀",
        "é",
        "\u{0301}",
        "。",
        "．",
        "(",
        ")",
        ":",
        "#",
    ]);
    let piece = prop::strategy::Union::new_weighted(vec![
        (3, pieces.prop_map(str::to_owned).boxed()),
        (1, ".{0,12}".boxed()),
    ]);
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn evidences(found: &Classification) -> Vec<&Evidence> {
    let mut all = vec![];
    all.extend(found.process_kind.as_ref().map(|guess| &guess.evidence));
    all.extend(found.emergency.as_ref().map(|guess| &guess.evidence));
    all.extend(found.preservation.as_ref().map(|guess| &guess.evidence));
    all.extend(found.ndo.as_ref().map(|guess| &guess.evidence));
    all.extend(found.return_by.as_ref().map(|guess| &guess.evidence));
    all.extend(found.respond_within_days.as_ref().map(|guess| &guess.evidence));
    all.extend(found.requested_range.as_ref().map(|guess| &guess.evidence));
    all.extend(found.identifiers.iter().map(|guess| &guess.evidence));
    all.extend(found.agency.as_ref().map(|guess| &guess.evidence));
    all.extend(found.agent_name.as_ref().map(|guess| &guess.evidence));
    all.extend(found.agent_phone.as_ref().map(|guess| &guess.evidence));
    all.extend(found.issuing_authority.as_ref().map(|guess| &guess.evidence));
    all.extend(found.docket_number.as_ref().map(|guess| &guess.evidence));
    all.extend(found.country.as_ref().map(|guess| &guess.evidence));
    all
}

proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn classify_never_panics_and_keeps_its_promises(
        subject in text(),
        body in text(),
        attached in text(),
        name in prop::option::of(text()),
        address in prop::option::of(".{0,40}"),
    ) {
        let attachments = [AttachmentText { name: "a.pdf", text: &attached }];
        let message = MessageText {
            subject: &subject,
            body: &body,
            attachments: &attachments,
            from_name: name.as_deref(),
            from_address: address.as_deref(),
            received_on: date(2026, 3, 2),
        };

        let found = classify(&message, &LawEnforcementDomains::default());

        for evidence in evidences(&found) {
            prop_assert!(evidence.phrase.chars().count() <= 200);
            prop_assert!(!evidence.phrase.contains("  ") && !evidence.phrase.contains('\n'));
        }
        if let Some(range) = &found.requested_range
            && let (Some(from), Some(to)) = (range.value.from, range.value.to)
        {
            prop_assert!(from <= to);
        }
        if let Some(days) = &found.respond_within_days {
            prop_assert!((1..=365).contains(&days.value));
        }
        prop_assert!(found.emergency.as_ref().is_none_or(|guess| guess.value));
        prop_assert!(found.identifiers.len() <= MAX_IDENTIFIERS);
    }

    #[test]
    fn classify_never_panics_on_arbitrary_unicode(body in "\\PC{0,400}", subject in "\\PC{0,80}") {
        let message = MessageText {
            subject: &subject,
            body: &body,
            attachments: &[],
            from_name: Some(&subject),
            from_address: Some(&body),
            received_on: date(2026, 3, 2),
        };

        classify(&message, &LawEnforcementDomains::default());
    }
}
