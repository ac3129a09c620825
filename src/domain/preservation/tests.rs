//! Specifications of the 2703(f) preservation clock.

use chrono::{Days, NaiveDate};
use proptest::prelude::{prop_assert, prop_assert_eq, proptest};

use crate::domain::computed_date::ComputedDate;
use crate::domain::preservation::{
    PRESERVATION_DAYS, Renewal, RenewalRefusal, preservation_expiry, reminders, renew,
};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn computed(date: &str, trail: &str) -> ComputedDate {
    ComputedDate::new(day(date), trail)
}

#[test]
fn legal_worked_example_received_then_renewed() {
    let expiry = preservation_expiry(day("2026-01-02"));
    let renewal = renew(expiry.date, 0, day("2026-03-20"), false).unwrap();

    assert_eq!(expiry, computed("2026-04-02", "received 2026-01-02; +90 calendar days = 2026-04-02"));
    assert_eq!(
        renewal,
        Renewal {
            expires: computed(
                "2026-07-01",
                "renewal received 2026-03-20, before expiry 2026-04-02; \
                 2026-04-02 +90 calendar days = 2026-07-01"
            ),
            statutory: true,
        }
    );
}

#[test]
fn expiry_is_ninety_calendar_days_after_receipt() {
    let table = [
        ("2026-01-02", "2026-04-02", "received 2026-01-02; +90 calendar days = 2026-04-02"),
        ("2026-12-15", "2027-03-15", "received 2026-12-15; +90 calendar days = 2027-03-15"),
        ("2027-12-31", "2028-03-30", "received 2027-12-31; +90 calendar days = 2028-03-30"),
        ("2026-06-06", "2026-09-04", "received 2026-06-06; +90 calendar days = 2026-09-04"),
    ];
    for (received, expires, trail) in table {
        assert_eq!(preservation_expiry(day(received)), computed(expires, trail), "received {received}");
    }
}

#[test]
fn expiry_on_a_weekend_is_not_rolled() {
    // 2026-09-05 is a Saturday: retention clocks are calendar days.
    assert_eq!(preservation_expiry(day("2026-06-07")).date, day("2026-09-05"));
}

#[test]
fn renewal_on_the_expiry_day_is_accepted() {
    let renewal = renew(day("2026-04-02"), 0, day("2026-04-02"), false).unwrap();

    assert_eq!(
        renewal.expires,
        computed(
            "2026-07-01",
            "renewal received 2026-04-02, on the expiry day; 2026-04-02 +90 calendar days = 2026-07-01"
        )
    );
}

#[test]
fn renewal_after_expiry_is_refused() {
    let refusal = renew(day("2026-04-02"), 0, day("2026-04-03"), true).unwrap_err();

    assert_eq!(
        refusal,
        RenewalRefusal::AfterExpiry { expired_on: day("2026-04-02"), received_on: day("2026-04-03") }
    );
    assert_eq!(
        refusal.to_string(),
        "the renewal was received on 2026-04-03, after the preservation expired on 2026-04-02: \
         record it as a new preservation"
    );
}

#[test]
fn second_renewal_without_counsel_approval_is_refused() {
    let refusal = renew(day("2026-07-01"), 1, day("2026-06-20"), false).unwrap_err();

    assert_eq!(refusal, RenewalRefusal::NeedsCounselApproval { renewals_so_far: 1 });
    assert_eq!(
        refusal.to_string(),
        "the statute guarantees one renewal and 1 already recorded; a further renewal is a policy \
         decision that needs counsel's recorded approval"
    );
}

#[test]
fn second_renewal_with_counsel_approval_is_policy_not_statute() {
    let renewal = renew(day("2026-07-01"), 1, day("2026-06-20"), true).unwrap();

    assert_eq!(
        renewal,
        Renewal {
            expires: computed(
                "2026-09-29",
                "renewal received 2026-06-20, before expiry 2026-07-01; renewal 2 approved by counsel; \
                 2026-07-01 +90 calendar days = 2026-09-29"
            ),
            statutory: false,
        }
    );
}

#[test]
fn late_renewal_is_refused_even_with_approval_because_it_is_a_new_preservation() {
    let refusal = renew(day("2026-07-01"), 3, day("2026-07-02"), true).unwrap_err();

    assert!(matches!(refusal, RenewalRefusal::AfterExpiry { .. }));
}

#[test]
fn reminders_count_back_calendar_days_earliest_first() {
    assert_eq!(
        reminders(day("2026-04-02"), &[3, 14, 3, 1]),
        [
            computed("2026-03-19", "expires 2026-04-02; -14 calendar days = 2026-03-19"),
            computed("2026-03-30", "expires 2026-04-02; -3 calendar days = 2026-03-30"),
            computed("2026-04-01", "expires 2026-04-02; -1 calendar day = 2026-04-01"),
        ]
    );
}

#[test]
fn no_reminder_days_means_no_reminders() {
    assert!(reminders(day("2026-04-02"), &[]).is_empty());
}

proptest! {
    #[test]
    fn expiry_is_never_before_receipt_plus_ninety(offset in 0i64..40_000) {
        let received = day("2000-01-01") + Days::new(offset.unsigned_abs());

        let expiry = preservation_expiry(received);

        prop_assert!((expiry.date - received).num_days() >= PRESERVATION_DAYS);
    }

    #[test]
    fn a_renewal_never_shortens(
        expiry_offset in 0u64..40_000,
        received_before in 0u64..400,
        renewals in 0u32..5,
    ) {
        let current = day("2000-01-01") + Days::new(expiry_offset);
        let received = current - Days::new(received_before);

        let renewal = renew(current, renewals, received, true).unwrap();

        prop_assert!(renewal.expires.date > current);
        prop_assert_eq!(renewal.expires.date, current + Days::new(90));
    }
}
