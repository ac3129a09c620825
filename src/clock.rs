//! The one source of "now": injected everywhere so tests can fix or advance time (DESIGN.md 5).

use std::sync::Mutex;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

pub trait Clock: Send + Sync {
    /// The current instant in UTC, truncated to microseconds (what the databases store).
    fn now(&self) -> DateTime<Utc>;
}

/// Wall-clock time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        truncate_to_micros(Utc::now())
    }
}

/// A clock that stands still until told to move: for tests and `--now` replays.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self { now: Mutex::new(truncate_to_micros(now)) }
    }

    pub fn set(&self, now: DateTime<Utc>) {
        *self.now.lock().expect("clock mutex poisoned") = truncate_to_micros(now);
    }

    pub fn advance(&self, by: TimeDelta) {
        let mut now = self.now.lock().expect("clock mutex poisoned");
        *now = truncate_to_micros(*now + by);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().expect("clock mutex poisoned")
    }
}

pub fn truncate_to_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn fixed_clock_truncates_to_microseconds_and_advances() {
        let t = Utc.timestamp_opt(1_780_000_000, 123_456_789).unwrap();
        let clock = FixedClock::new(t);
        assert_eq!(clock.now().timestamp_subsec_nanos(), 123_456_000);
        clock.advance(TimeDelta::hours(1));
        assert_eq!(clock.now().timestamp(), 1_780_003_600);
    }
}
