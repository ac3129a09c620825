//! Specifications of NDO terms, input checks, policy flags and the workflow helpers.

use chrono::NaiveDate;

use crate::domain::computed_date::ComputedDate;
use crate::domain::ndo::{
    DurationUnit, NdoError, NdoFlag, NdoOrder, NdoPolicy, NdoTerm, assess, can_attach_ndo,
    covers_unissued_process, order_expiry,
};
use crate::domain::process_kind::ProcessKind;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn order(id: &str, signed: &str, term: NdoTerm) -> NdoOrder {
    NdoOrder {
        id: id.to_owned(),
        signed_on: day(signed),
        received_on: day(signed),
        term,
        extends: None,
        vacated_on: None,
    }
}

fn duration(amount: u32, unit: DurationUnit) -> NdoTerm {
    NdoTerm::Duration { amount, unit }
}

#[test]
fn expiry_of_each_kind_of_term() {
    let table = [
        (
            "2026-01-31",
            duration(1, DurationUnit::Months),
            "2026-02-28",
            "signed 2026-01-31; +1 month = 2026-02-28 (clamped to the end of February)",
        ),
        (
            "2026-03-31",
            duration(6, DurationUnit::Months),
            "2026-09-30",
            "signed 2026-03-31; +6 months = 2026-09-30 (clamped to the end of September)",
        ),
        (
            "2026-01-15",
            duration(6, DurationUnit::Months),
            "2026-07-15",
            "signed 2026-01-15; +6 months = 2026-07-15",
        ),
        (
            "2028-02-29",
            duration(1, DurationUnit::Years),
            "2029-02-28",
            "signed 2028-02-29; +1 year = 2029-02-28 (clamped to the end of February)",
        ),
        (
            "2026-01-15",
            duration(2, DurationUnit::Years),
            "2028-01-15",
            "signed 2026-01-15; +2 years = 2028-01-15",
        ),
        (
            "2026-01-31",
            duration(90, DurationUnit::Days),
            "2026-05-01",
            "signed 2026-01-31; +90 calendar days = 2026-05-01",
        ),
        (
            "2026-01-31",
            duration(1, DurationUnit::Days),
            "2026-02-01",
            "signed 2026-01-31; +1 calendar day = 2026-02-01",
        ),
        ("2026-01-31", NdoTerm::FixedEnd(day("2026-09-30")), "2026-09-30", "order ends 2026-09-30 as stated"),
        ("2026-09-30", NdoTerm::FixedEnd(day("2026-09-30")), "2026-09-30", "order ends 2026-09-30 as stated"),
    ];
    for (signed, term, expires, trail) in table {
        assert_eq!(
            order_expiry(day(signed), &term),
            Ok(Some(ComputedDate::new(day(expires), trail))),
            "{signed} {term:?}"
        );
    }
}

#[test]
fn until_further_order_has_no_expiry() {
    assert_eq!(order_expiry(day("2026-01-31"), &NdoTerm::UntilFurtherOrder), Ok(None));
}

#[test]
fn an_order_ending_before_it_was_signed_is_refused() {
    let error = order_expiry(day("2026-03-01"), &NdoTerm::FixedEnd(day("2026-02-28"))).unwrap_err();

    assert_eq!(
        error,
        NdoError::EndsBeforeSigning { signed_on: day("2026-03-01"), ends_on: day("2026-02-28") }
    );
    assert_eq!(error.to_string(), "the order ends on 2026-02-28, before it was signed on 2026-03-01");
}

#[test]
fn durations_outside_ten_years_are_refused() {
    let table = [
        (0, DurationUnit::Days, false),
        (3650, DurationUnit::Days, true),
        (3651, DurationUnit::Days, false),
        (120, DurationUnit::Months, true),
        (121, DurationUnit::Months, false),
        (10, DurationUnit::Years, true),
        (11, DurationUnit::Years, false),
    ];
    for (amount, unit, accepted) in table {
        assert_eq!(NdoTerm::duration(amount, unit).is_ok(), accepted, "{amount} {unit}");
        assert_eq!(
            order_expiry(day("2026-01-01"), &duration(amount, unit)).is_ok(),
            accepted,
            "{amount} {unit}"
        );
    }
    assert_eq!(
        NdoTerm::duration(11, DurationUnit::Years).unwrap_err().to_string(),
        "an NDO of 11 years is out of range: give 1 to 3650 days, 1 to 120 months or 1 to 10 years"
    );
}

#[test]
fn terms_travel_as_snake_case_json_and_are_checked_on_the_way_in() {
    let table = [
        (NdoTerm::FixedEnd(day("2026-09-30")), r#"{"fixed_end":"2026-09-30"}"#),
        (duration(6, DurationUnit::Months), r#"{"duration":{"amount":6,"unit":"months"}}"#),
        (NdoTerm::UntilFurtherOrder, r#""until_further_order""#),
    ];
    for (term, json) in table {
        assert_eq!(serde_json::to_string(&term).unwrap(), json);
        assert_eq!(serde_json::from_str::<NdoTerm>(json).unwrap(), term);
    }
    let refused = serde_json::from_str::<NdoTerm>(r#"{"duration":{"amount":0,"unit":"days"}}"#).unwrap_err();
    assert!(refused.to_string().contains("an NDO of 0 days is out of range"), "{refused}");
}

#[test]
fn impossible_orders_are_refused_with_their_id() {
    let late_receipt =
        NdoOrder { received_on: day("2026-01-01"), ..order("A", "2026-01-02", NdoTerm::UntilFurtherOrder) };
    let early_vacatur = NdoOrder {
        vacated_on: Some(day("2026-01-01")),
        ..order("B", "2026-01-02", NdoTerm::UntilFurtherOrder)
    };
    let backwards = order("C", "2026-03-01", NdoTerm::FixedEnd(day("2026-02-01")));
    let table = [
        (vec![late_receipt], "order A was received on 2026-01-01, before it was signed on 2026-01-02"),
        (vec![early_vacatur], "order B was vacated on 2026-01-01, before it was signed on 2026-01-02"),
        (vec![backwards], "order C: the order ends on 2026-02-01, before it was signed on 2026-03-01"),
        (
            vec![
                order("D", "2026-01-01", NdoTerm::UntilFurtherOrder),
                order("D", "2026-02-01", NdoTerm::UntilFurtherOrder),
            ],
            "more than one order has the id D",
        ),
        (
            vec![
                NdoOrder {
                    extends: Some("F".to_owned()),
                    ..order("E", "2026-01-01", NdoTerm::UntilFurtherOrder)
                },
                NdoOrder {
                    extends: Some("E".to_owned()),
                    ..order("F", "2026-01-01", NdoTerm::UntilFurtherOrder)
                },
            ],
            "order E is part of a loop of extensions that extend each other",
        ),
    ];
    for (orders, message) in table {
        assert_eq!(assess(&orders, &NdoPolicy::default()).unwrap_err().to_string(), message);
    }
}

#[test]
fn orders_longer_than_a_year_or_without_end_are_flagged() {
    let orders = [
        order("year", "2027-06-01", duration(1, DurationUnit::Years)),
        order("months", "2026-01-01", duration(12, DurationUnit::Months)),
        order("long", "2026-01-01", NdoTerm::FixedEnd(day("2027-02-05"))),
        order("open", "2026-01-01", NdoTerm::UntilFurtherOrder),
    ];

    let flags = assess(&orders, &NdoPolicy::default()).unwrap().flags;

    assert_eq!(
        flags,
        [
            NdoFlag::LongerThanOneYear { order_id: "long".to_owned(), days: 400 },
            NdoFlag::NoEndDate { order_id: "open".to_owned() },
        ]
    );
    assert_eq!(
        flags[0].to_string(),
        "order long runs 400 days from signing: DOJ policy since 2017 is one year or less barring exceptional circumstances"
    );
    assert_eq!(
        flags[1].to_string(),
        "order open has no end date: DOJ policy since 2017 is one year or less barring exceptional \
         circumstances; lert schedules reviews"
    );
}

#[test]
fn a_stricter_policy_flags_shorter_orders() {
    let policy = NdoPolicy { max_ordinary_days: 180, ..NdoPolicy::default() };
    let orders = [order("A", "2026-01-01", duration(7, DurationUnit::Months))];

    let flags = assess(&orders, &policy).unwrap().flags;

    assert_eq!(flags, [NdoFlag::LongerThanOneYear { order_id: "A".to_owned(), days: 212 }]);
}

#[test]
fn default_policy_is_thirty_and_seven_day_reminders_and_180_day_reviews() {
    assert_eq!(
        NdoPolicy::default(),
        NdoPolicy { reminder_days: vec![30, 7], review_interval_days: 180, max_ordinary_days: 365 }
    );
}

#[test]
fn a_bare_preservation_cannot_carry_an_ndo() {
    let table = [
        (vec![ProcessKind::PreservationRequest], false),
        (vec![ProcessKind::PreservationRequest, ProcessKind::EmergencyRequest, ProcessKind::Other], false),
        (vec![ProcessKind::MlatRequest, ProcessKind::NationalSecurityProcess], false),
        (vec![], false),
        (vec![ProcessKind::PreservationRequest, ProcessKind::CriminalSubpoena], true),
        (vec![ProcessKind::SearchWarrant], true),
        (vec![ProcessKind::CourtOrder2703d], true),
        (vec![ProcessKind::CivilSubpoena], true),
    ];
    for (kinds, allowed) in table {
        assert_eq!(can_attach_ndo(&kinds), allowed, "{kinds:?}");
    }
}

#[test]
fn an_ndo_signed_before_its_process_was_issued_is_flagged() {
    assert!(covers_unissued_process(day("2026-03-01"), Some(day("2026-03-02"))));
    assert!(!covers_unissued_process(day("2026-03-02"), Some(day("2026-03-02"))));
    assert!(!covers_unissued_process(day("2026-03-03"), Some(day("2026-03-02"))));
    assert!(!covers_unissued_process(day("2026-03-01"), None));
}
