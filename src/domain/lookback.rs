//! The 90-day lookback for API transaction logs: which days of logs are still active and
//! searchable for a request, and whether the agency asked for more, so intake can flag "lookback
//! exceeded" and productions clamp logs to the same window (LEGAL.md 4).
//!
//! Dates come from parsed input and lie far inside chrono's calendar; arithmetic that would leave
//! it is a bug upstream, so it panics rather than invent a date.

use chrono::NaiveDate;
use thiserror::Error;

use crate::domain::data_category::DataCategory;
use crate::domain::day_count::calendar_days_before;

/// Only this many days of API logs before the anchor are active; older ones are in off-site backups.
pub const LOOKBACK_DAYS: i64 = 90;

/// The day the logs stopped aging out for this request, and what happened on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub date: NaiveDate,
    /// "preservation received" or "request received", as the trail words it.
    pub label: String,
}

/// The earliest preservation of the same identifiers received on or before the request froze the
/// logs first, so it wins; otherwise the request itself. A preservation received after the request
/// preserves nothing older than the request did, so it is ignored.
pub fn anchor(request_received_on: NaiveDate, earliest_linked_preservation: Option<NaiveDate>) -> Anchor {
    match earliest_linked_preservation {
        Some(preserved) if preserved <= request_received_on => {
            Anchor { date: preserved, label: "preservation received".to_owned() }
        }
        _ => Anchor { date: request_received_on, label: "request received".to_owned() },
    }
}

/// The days of API logs available without a backup retrieval: `first_available` to `last_day`,
/// both inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogWindow {
    pub first_available: NaiveDate,
    pub last_day: NaiveDate,
    pub anchor: Anchor,
    /// `preservation received 2026-02-01; -90 calendar days = 2025-11-03; window 2025-11-03 to 2026-05-01`
    pub trail: String,
}

/// The log window [anchor - 90 days, today].
pub fn log_window(anchor: Anchor, today: NaiveDate) -> LogWindow {
    let counted = calendar_days_before(&anchor.label, anchor.date, LOOKBACK_DAYS);
    let first_available = counted.date;
    let trail = format!("{}; window {first_available} to {today}", counted.trail);
    LogWindow { first_available, last_day: today, anchor, trail }
}

/// A request that reaches back past the active logs.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "requested from {requested_from}, but logs before {first_available} are in off-site backups \
     (not reasonably accessible); the last unavailable day is {last_unavailable}"
)]
pub struct LookbackExceeded {
    pub requested_from: NaiveDate,
    pub first_available: NaiveDate,
    pub last_unavailable: NaiveDate,
}

/// Flags a requested range that starts before the window. A request with no start date is not
/// flagged here: the sufficiency check asks for the missing date range.
pub fn check_requested_range(
    window: &LogWindow,
    requested_from: Option<NaiveDate>,
) -> Option<LookbackExceeded> {
    let requested_from = requested_from.filter(|from| *from < window.first_available)?;
    Some(LookbackExceeded {
        requested_from,
        first_available: window.first_available,
        last_unavailable: window.first_available.pred_opt().expect("the window starts inside the calendar"),
    })
}

/// Whether a request asks for API logs, the only records that age out; intake uses it to decide
/// the automatic preservation.
pub fn requests_logs(categories: &[DataCategory]) -> bool {
    categories.contains(&DataCategory::ApiLogs)
}

#[cfg(test)]
mod tests;
