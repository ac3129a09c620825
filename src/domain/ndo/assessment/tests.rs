//! Specifications of NDO chains, the notice clock, reminders and reviews.

use chrono::NaiveDate;

use crate::domain::computed_date::ComputedDate;
use crate::domain::ndo::{
    DurationUnit, NdoAssessment, NdoChain, NdoFlag, NdoOrder, NdoPolicy, NdoTerm, NoticeClock, assess,
};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn computed(date: &str, trail: &str) -> ComputedDate {
    ComputedDate::new(day(date), trail)
}

/// An order received the day it was signed, running `months` from signing.
fn order(id: &str, signed: &str, months: u32) -> NdoOrder {
    NdoOrder {
        id: id.to_owned(),
        signed_on: day(signed),
        received_on: day(signed),
        term: NdoTerm::Duration { amount: months, unit: DurationUnit::Months },
        extends: None,
        vacated_on: None,
    }
}

fn extension(id: &str, extends: &str, signed: &str, received: &str, term: NdoTerm) -> NdoOrder {
    NdoOrder {
        id: id.to_owned(),
        signed_on: day(signed),
        received_on: day(received),
        term,
        extends: Some(extends.to_owned()),
        vacated_on: None,
    }
}

fn assessed(orders: &[NdoOrder]) -> NdoAssessment {
    assess(orders, &NdoPolicy::default()).unwrap()
}

#[test]
fn a_single_order_blocks_notice_until_the_day_after_it_ends() {
    let ndo = assessed(&[order("A", "2026-03-31", 6)]);
    let due = computed(
        "2026-10-01",
        "order A signed 2026-03-31; +6 months = 2026-09-30 (clamped to the end of September); \
         notice due the next day, 2026-10-01",
    );

    assert_eq!(
        ndo.chains,
        [NdoChain {
            original_id: "A".to_owned(),
            extension_ids: vec![],
            last_day: Some(day("2026-09-30")),
            vacated_on: None,
            trail: "order A signed 2026-03-31; +6 months = 2026-09-30 (clamped to the end of September)"
                .to_owned(),
        }]
    );
    assert_eq!(
        ndo.notice_clock(day("2026-09-30")),
        NoticeClock::BlockedUntil { last_day: day("2026-09-30"), notice_due: due.clone() }
    );
    assert_eq!(ndo.notice_clock(day("2026-10-01")), NoticeClock::Lifted { notice_due: due });
    let in_force: Vec<bool> =
        ["2026-03-30", "2026-03-31", "2026-09-30", "2026-10-01"].map(|d| ndo.in_force_on(day(d))).to_vec();
    assert_eq!(in_force, [false, true, true, false]);
}

#[test]
fn a_vacatur_makes_notice_due_on_the_day_of_the_vacatur() {
    let vacated = NdoOrder { vacated_on: Some(day("2026-05-10")), ..order("A", "2026-01-15", 12) };

    let ndo = assessed(&[vacated]);

    assert_eq!(ndo.chains[0].last_day, Some(day("2026-05-09")));
    assert_eq!(ndo.chains[0].vacated_on, Some(day("2026-05-10")));
    assert_eq!(
        ndo.notice_clock(day("2026-05-10")),
        NoticeClock::Lifted {
            notice_due: computed(
                "2026-05-10",
                "order A signed 2026-01-15; +12 months = 2027-01-15; vacated 2026-05-10; notice due 2026-05-10"
            )
        }
    );
    assert!(ndo.in_force_on(day("2026-05-09")));
    assert!(!ndo.in_force_on(day("2026-05-10")));
    assert!(ndo.reminders.is_empty());
}

#[test]
fn an_extension_received_in_time_moves_the_end_to_its_own_expiry_from_its_signing() {
    let orders = [
        order("A", "2026-01-15", 6),
        extension(
            "B",
            "A",
            "2026-07-10",
            "2026-07-15",
            NdoTerm::Duration { amount: 6, unit: DurationUnit::Months },
        ),
        extension("C", "B", "2027-01-04", "2027-01-05", NdoTerm::FixedEnd(day("2027-06-30"))),
    ];

    let ndo = assessed(&orders);

    assert_eq!(
        ndo.chains,
        [NdoChain {
            original_id: "A".to_owned(),
            extension_ids: vec!["B".to_owned(), "C".to_owned()],
            last_day: Some(day("2027-06-30")),
            vacated_on: None,
            trail: "order A signed 2026-01-15; +6 months = 2026-07-15; \
                extension B received 2026-07-15, on or before the last day 2026-07-15; \
                order B signed 2026-07-10; +6 months = 2027-01-10; \
                extension C received 2027-01-05, on or before the last day 2027-01-10; \
                order C ends 2027-06-30 as stated"
                .to_owned(),
        }]
    );
    assert!(ndo.flags.is_empty());
    assert_eq!(
        ndo.reminders.iter().map(|r| r.date).collect::<Vec<_>>(),
        [day("2027-05-31"), day("2027-06-23")]
    );
    assert!((0..532).all(|offset| ndo.in_force_on(day("2026-01-15") + chrono::Days::new(offset))));
}

#[test]
fn an_extension_that_ends_earlier_never_shortens_the_ndo() {
    let orders = [
        NdoOrder { term: NdoTerm::FixedEnd(day("2026-12-31")), ..order("A", "2026-01-15", 1) },
        extension("B", "A", "2026-06-01", "2026-06-01", NdoTerm::FixedEnd(day("2026-09-30"))),
    ];

    let ndo = assessed(&orders);

    assert_eq!(ndo.chains[0].last_day, Some(day("2026-12-31")));
    assert!(
        ndo.chains[0].trail.ends_with("order B ends 2026-09-30 as stated; the NDO still ends 2026-12-31")
    );
    assert!(ndo.in_force_on(day("2026-12-31")));
}

#[test]
fn a_late_extension_does_not_extend_the_lapsed_order_but_counts_as_a_new_one() {
    let late = extension(
        "B",
        "A",
        "2026-07-20",
        "2026-07-22",
        NdoTerm::Duration { amount: 6, unit: DurationUnit::Months },
    );

    let ndo = assessed(&[order("A", "2026-01-15", 6), late]);

    assert_eq!(
        ndo.flags,
        [NdoFlag::ExtensionAfterExpiry {
            order_id: "B".to_owned(),
            extended_id: "A".to_owned(),
            expired_on: day("2026-07-15"),
            received_on: day("2026-07-22"),
        }]
    );
    assert_eq!(
        ndo.flags[0].to_string(),
        "extension B was received on 2026-07-22, after the NDO it extends (A) ended on 2026-07-15: it counts \
         as a new order from its own signing date; no order was known to be in force from 2026-07-16 until it \
         arrived, so check whether notice went out"
    );
    assert_eq!(ndo.chains.len(), 2);
    assert_eq!(ndo.chains[0].last_day, Some(day("2026-07-15")));
    assert_eq!(
        ndo.chains[1].trail,
        "extension B arrived after A ended on 2026-07-15, so it counts as a new order; \
         order B signed 2026-07-20; +6 months = 2027-01-20"
    );
    let in_force: Vec<bool> =
        ["2026-07-15", "2026-07-16", "2026-07-19", "2026-07-20", "2027-01-20", "2027-01-21"]
            .map(|d| ndo.in_force_on(day(d)))
            .to_vec();
    assert_eq!(in_force, [true, false, false, true, true, false]);
    assert!(
        matches!(ndo.notice_clock(day("2026-07-22")), NoticeClock::BlockedUntil { notice_due, .. } if notice_due.date == day("2027-01-21"))
    );
}

#[test]
fn an_order_until_further_order_blocks_notice_indefinitely() {
    let open = NdoOrder { term: NdoTerm::UntilFurtherOrder, ..order("A", "2026-01-15", 1) };

    let ndo = assessed(&[open]);

    assert_eq!(ndo.chains[0].last_day, None);
    assert_eq!(
        ndo.notice_clock(day("2030-01-01")),
        NoticeClock::BlockedIndefinitely { since: day("2026-01-15") }
    );
    assert_eq!(ndo.flags, [NdoFlag::NoEndDate { order_id: "A".to_owned() }]);
    assert!(ndo.reminders.is_empty());
    assert_eq!(ndo.reviews.len(), 7);
}

#[test]
fn an_open_ended_extension_makes_the_chain_indefinite() {
    let orders = [
        order("A", "2026-01-15", 6),
        extension("B", "A", "2026-07-01", "2026-07-02", NdoTerm::UntilFurtherOrder),
        extension("C", "B", "2026-08-01", "2026-08-01", NdoTerm::FixedEnd(day("2026-12-31"))),
    ];

    let ndo = assessed(&orders);

    assert_eq!(ndo.chains[0].last_day, None);
    assert!(ndo.chains[0].trail.ends_with(
        "extension C received 2026-08-01, while in force until further order; order C ends 2026-12-31 as stated; \
         the NDO stays in force until further order"
    ));
    assert_eq!(
        ndo.notice_clock(day("2026-07-20")),
        NoticeClock::BlockedIndefinitely { since: day("2026-07-01") }
    );
}

#[test]
fn an_extension_of_an_unknown_order_counts_as_an_original() {
    let orphan = extension("B", "Z", "2026-02-01", "2026-02-01", NdoTerm::FixedEnd(day("2026-06-30")));

    let ndo = assessed(&[orphan]);

    assert_eq!(
        ndo.flags,
        [NdoFlag::ExtensionOfUnknownOrder { order_id: "B".to_owned(), extended_id: "Z".to_owned() }]
    );
    assert_eq!(
        ndo.flags[0].to_string(),
        "order B extends order Z, which is not recorded: it counts as an original order until that order is added"
    );
    assert_eq!(ndo.chains[0].original_id, "B");
    assert!(ndo.in_force_on(day("2026-06-30")));
}

#[test]
fn no_order_or_one_vacated_on_its_signing_day_leaves_notice_unblocked() {
    let void = NdoOrder { vacated_on: Some(day("2026-01-15")), ..order("A", "2026-01-15", 6) };

    assert_eq!(assessed(&[]).notice_clock(day("2026-01-15")), NoticeClock::NoOrder);
    assert_eq!(assessed(&[void]).notice_clock(day("2026-01-15")), NoticeClock::NoOrder);
}

#[test]
fn notice_waits_for_the_last_of_several_orders() {
    let orders = [order("A", "2026-01-15", 12), order("B", "2026-02-01", 3)];

    let ndo = assessed(&orders);

    assert_eq!(
        ndo.notice_clock(day("2026-06-01")),
        NoticeClock::BlockedUntil {
            last_day: day("2027-01-15"),
            notice_due: computed(
                "2027-01-16",
                "order A signed 2026-01-15; +12 months = 2027-01-15; notice due the next day, 2027-01-16"
            ),
        }
    );
}
