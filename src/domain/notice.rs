//! When a subscriber notice goes out (LEGAL.md 5): before production unless an NDO forbids it,
//! after production for an emergency disclosure, and the day after the last NDO ends otherwise.
//! One pure decision, used when a notice is created, whenever the case changes, and at send time.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::ndo::NoticeClock;
use crate::domain::outbox::OutboxKind;

/// When a notice is to be sent, and as which kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticePlan {
    pub kind: OutboxKind,
    pub when: NoticeTiming,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "timing", content = "on")]
pub enum NoticeTiming {
    /// Due now.
    Now,
    /// Due on this day (the day after the last NDO ends).
    On(NaiveDate),
    /// Held until an NDO without an end date is vacated.
    UntilVacated,
    /// Held until the emergency disclosure it follows is made.
    AfterProduction,
}

/// The facts of a case that decide a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeFacts {
    /// The request is an emergency disclosure request (notice follows the disclosure).
    pub emergency: bool,
    /// Records were produced.
    pub produced: bool,
}

/// Decides when a subscriber notice goes out, given the case's NDO clock.
pub fn plan_notice(clock: &NoticeClock, facts: NoticeFacts) -> NoticePlan {
    let delayed = |when| NoticePlan { kind: OutboxKind::DelayedNotice, when };
    match clock {
        NoticeClock::BlockedIndefinitely { .. } => delayed(NoticeTiming::UntilVacated),
        NoticeClock::BlockedUntil { notice_due, .. } => delayed(NoticeTiming::On(notice_due.date)),
        // Orders that ended after production leave a delayed notice due; orders that ended before
        // it leave the ordinary case: notice before production, with its objection period.
        NoticeClock::Lifted { .. } if facts.produced => delayed(NoticeTiming::Now),
        NoticeClock::NoOrder | NoticeClock::Lifted { .. } if facts.emergency && !facts.produced => {
            NoticePlan { kind: OutboxKind::SubscriberNotice, when: NoticeTiming::AfterProduction }
        }
        NoticeClock::NoOrder | NoticeClock::Lifted { .. } => {
            NoticePlan { kind: OutboxKind::SubscriberNotice, when: NoticeTiming::Now }
        }
    }
}

/// The last day of the objection period after a notice sent on `sent_on`: the notice asks the
/// subscriber to object by this day, and production may proceed the day after.
pub fn objection_deadline(sent_on: NaiveDate, objection_days: u32) -> NaiveDate {
    sent_on + chrono::Days::new(u64::from(objection_days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::computed_date::ComputedDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    const ORDINARY: NoticeFacts = NoticeFacts { emergency: false, produced: false };

    #[test]
    fn without_an_order_notice_goes_out_now() {
        assert_eq!(
            plan_notice(&NoticeClock::NoOrder, ORDINARY),
            NoticePlan { kind: OutboxKind::SubscriberNotice, when: NoticeTiming::Now }
        );
    }

    #[test]
    fn an_emergency_notice_waits_for_the_disclosure() {
        let emergency = NoticeFacts { emergency: true, produced: false };
        assert_eq!(plan_notice(&NoticeClock::NoOrder, emergency).when, NoticeTiming::AfterProduction);
        let produced = NoticeFacts { emergency: true, produced: true };
        assert_eq!(plan_notice(&NoticeClock::NoOrder, produced).when, NoticeTiming::Now);
    }

    #[test]
    fn an_order_turns_it_into_a_delayed_notice() {
        let due = ComputedDate::new(day(11), "ndo ends 2026-03-10; notice due the next day");
        let blocked = NoticeClock::BlockedUntil { last_day: day(10), notice_due: due.clone() };
        assert_eq!(
            plan_notice(&blocked, ORDINARY),
            NoticePlan { kind: OutboxKind::DelayedNotice, when: NoticeTiming::On(day(11)) }
        );
        // An emergency makes no difference once a court has ordered silence.
        let emergency = NoticeFacts { emergency: true, produced: false };
        assert_eq!(plan_notice(&blocked, emergency).when, NoticeTiming::On(day(11)));
        let lifted = NoticeClock::Lifted { notice_due: due };
        let produced = NoticeFacts { emergency: false, produced: true };
        assert_eq!(
            plan_notice(&lifted, produced),
            NoticePlan { kind: OutboxKind::DelayedNotice, when: NoticeTiming::Now }
        );
        // Orders that ended before production leave an ordinary notice, with its objection period.
        assert_eq!(
            plan_notice(&lifted, ORDINARY),
            NoticePlan { kind: OutboxKind::SubscriberNotice, when: NoticeTiming::Now }
        );
        let open = NoticeClock::BlockedIndefinitely { since: day(1) };
        assert_eq!(plan_notice(&open, ORDINARY).when, NoticeTiming::UntilVacated);
    }

    #[test]
    fn the_objection_period_counts_calendar_days() {
        assert_eq!(objection_deadline(day(1), 7), day(8));
    }
}
