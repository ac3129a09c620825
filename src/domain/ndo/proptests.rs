//! Properties of the notice clock over generated orders, extensions and vacaturs: notice is never
//! due while any order is in force.

use chrono::{Days, NaiveDate};
use proptest::prelude::{Just, Strategy, prop, prop_assert, prop_assert_eq, prop_oneof, proptest};

use crate::domain::ndo::{DurationUnit, NdoOrder, NdoPolicy, NdoTerm, NoticeClock, assess};

/// Generated dates start here; every generated order ends within this many days of it.
const HORIZON_DAYS: u64 = 2_500;

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// A term as generated: a fixed end needs the signing date, so it is kept as days after signing.
#[derive(Debug, Clone)]
enum TermSpec {
    EndsDaysAfterSigning(u64),
    Term(NdoTerm),
}

fn term_strategy() -> impl Strategy<Value = TermSpec> {
    let duration = |unit| move |amount| TermSpec::Term(NdoTerm::Duration { amount, unit });
    prop_oneof![
        (0u64..500).prop_map(TermSpec::EndsDaysAfterSigning),
        (1u32..400).prop_map(duration(DurationUnit::Days)),
        (1u32..18).prop_map(duration(DurationUnit::Months)),
        (1u32..3).prop_map(duration(DurationUnit::Years)),
        Just(TermSpec::Term(NdoTerm::UntilFurtherOrder)),
    ]
}

/// Up to six orders; an order may extend an earlier one (or an unknown id) and may be vacated.
fn orders_strategy() -> impl Strategy<Value = Vec<NdoOrder>> {
    let one = (
        0u64..700,
        0u64..40,
        term_strategy(),
        prop::option::of(0usize..8),
        prop::option::weighted(0.3, 0u64..500),
    );
    prop::collection::vec(one, 1..6).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (signed, delay, term, extends, vacated))| {
                let signed_on = base() + Days::new(signed);
                let term = match term {
                    TermSpec::EndsDaysAfterSigning(days) => NdoTerm::FixedEnd(signed_on + Days::new(days)),
                    TermSpec::Term(term) => term,
                };
                let extends = extends.map(|k| if k < i { format!("O{k}") } else { "unknown".to_owned() });
                NdoOrder {
                    id: format!("O{i}"),
                    signed_on,
                    received_on: signed_on + Days::new(delay),
                    term,
                    extends,
                    vacated_on: vacated.map(|days| signed_on + Days::new(days)),
                }
            })
            .collect()
    })
}

fn is_open_ended(order: &NdoOrder) -> bool {
    order.term == NdoTerm::UntilFurtherOrder && order.vacated_on.is_none()
}

proptest! {
    #[test]
    fn no_notice_date_falls_inside_an_ndo_period(orders in orders_strategy(), today in 0u64..HORIZON_DAYS) {
        let ndo = assess(&orders, &NdoPolicy::default()).unwrap();

        let notice_due = match ndo.notice_clock(base() + Days::new(today)) {
            NoticeClock::BlockedUntil { notice_due, .. } | NoticeClock::Lifted { notice_due } => notice_due.date,
            NoticeClock::NoOrder | NoticeClock::BlockedIndefinitely { .. } => return Ok(()),
        };

        let mut day = notice_due;
        while day <= base() + Days::new(HORIZON_DAYS) {
            prop_assert!(!ndo.in_force_on(day), "in force on {day}, after notice due {notice_due}");
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn notice_is_due_the_day_after_the_last_day_in_force(orders in orders_strategy(), today in 0u64..HORIZON_DAYS) {
        let ndo = assess(&orders, &NdoPolicy::default()).unwrap();
        let last_in_force = (0..HORIZON_DAYS).map(|offset| base() + Days::new(offset)).filter(|day| ndo.in_force_on(*day)).max();

        let clock = ndo.notice_clock(base() + Days::new(today));

        match clock {
            NoticeClock::BlockedUntil { notice_due, .. } | NoticeClock::Lifted { notice_due } => {
                prop_assert_eq!(Some(notice_due.date), last_in_force.and_then(|last| last.succ_opt()));
            }
            NoticeClock::NoOrder => prop_assert_eq!(last_in_force, None),
            NoticeClock::BlockedIndefinitely { .. } => {
                prop_assert!(ndo.in_force_on(base() + Days::new(HORIZON_DAYS)));
            }
        }
    }

    #[test]
    fn an_order_in_force_until_further_order_blocks_notice_indefinitely(
        orders in orders_strategy(),
        today in 0u64..HORIZON_DAYS,
    ) {
        let ndo = assess(&orders, &NdoPolicy::default()).unwrap();

        let clock = ndo.notice_clock(base() + Days::new(today));

        let blocked = matches!(clock, NoticeClock::BlockedIndefinitely { .. });
        prop_assert_eq!(blocked, orders.iter().any(is_open_ended));
    }
}
