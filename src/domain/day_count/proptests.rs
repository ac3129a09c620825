//! Properties of day counting over triggers from 1990 to 2099 on the federal calendar.

use chrono::{Days, NaiveDate};
use proptest::prelude::{Strategy, prop_assert, prop_assert_eq, proptest};

use crate::domain::calendar::CourtCalendar;
use crate::domain::day_count::{business_days_before, calendar_days_after, within_days};

/// The longest run of closed days on the federal calendar is a three-day weekend (Saturday to a
/// Monday holiday, or a Friday holiday to Sunday): no two holidays are close enough to make it
/// longer. Landing on its first day rolls three days.
const LONGEST_FEDERAL_ROLL: u64 = 3;

fn trigger() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap();
    (0..=(last - first).num_days() as u64).prop_map(move |offset| first + Days::new(offset))
}

proptest! {
    #[test]
    fn within_days_lands_on_a_business_day_no_earlier_than_the_count_and_at_most_three_days_later(
        trigger in trigger(),
        days in 0u32..400,
    ) {
        let calendar = CourtCalendar::federal();
        let counted = trigger + Days::new(days.into());

        let due = within_days(&calendar, "served", trigger, days).date;

        prop_assert!(calendar.is_business_day(due));
        prop_assert!(due >= counted);
        prop_assert!(due <= counted + Days::new(LONGEST_FEDERAL_ROLL));
    }

    #[test]
    fn calendar_days_after_is_exactly_the_trigger_plus_the_days(trigger in trigger(), days in 0i64..400) {
        let expiry = calendar_days_after("received", trigger, days).date;

        prop_assert_eq!((expiry - trigger).num_days(), days);
    }

    #[test]
    fn business_days_before_lands_on_a_business_day_strictly_before_the_date(
        date in trigger(),
        days in 1u32..400,
    ) {
        let calendar = CourtCalendar::federal();

        let target = business_days_before(&calendar, "due", date, days).date;

        prop_assert!(calendar.is_business_day(target));
        prop_assert!(target < date);
    }
}
