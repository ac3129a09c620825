//! Preservation under 18 U.S.C. 2703(f): when a freeze ends, how a renewal extends it and when to
//! remind the legal team, so every screen and the scheduler agree on the last day of retention
//! (LEGAL.md 3).
//!
//! Retention clocks count calendar days and are never rolled. Dates come from parsed input and lie
//! far inside chrono's calendar (years up to 262143); arithmetic that would leave it is a bug
//! upstream, so it panics rather than invent a date.

use chrono::NaiveDate;
use thiserror::Error;

use crate::domain::computed_date::ComputedDate;
use crate::domain::day_count::{calendar_days_after, calendar_days_before};

/// The statutory period: "90 days", extended by another 90 "upon a renewed request".
pub const PRESERVATION_DAYS: i64 = 90;

/// The last day of retention (inclusive) for a preservation request received on `received_on`.
///
/// `received 2026-01-02; +90 calendar days = 2026-04-02`
pub fn preservation_expiry(received_on: NaiveDate) -> ComputedDate {
    calendar_days_after("received", received_on, PRESERVATION_DAYS)
}

/// A renewal lert accepted: the new last day of retention and whether the statute required it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    pub expires: ComputedDate,
    /// True for the first renewal, which 2703(f)(2) guarantees; later ones are policy.
    pub statutory: bool,
}

/// Why a renewal cannot be recorded as a renewal.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RenewalRefusal {
    #[error(
        "the renewal was received on {received_on}, after the preservation expired on {expired_on}: \
         record it as a new preservation"
    )]
    AfterExpiry { expired_on: NaiveDate, received_on: NaiveDate },
    #[error(
        "the statute guarantees one renewal and {renewals_so_far} already recorded; a further renewal \
         is a policy decision that needs counsel's recorded approval"
    )]
    NeedsCounselApproval { renewals_so_far: u32 },
}

/// Extends a preservation by a renewed request received on or before its last day. The new period
/// is counted from the current expiry, never from the renewal, so a renewal never shortens
/// retention. The first renewal is statutory; any further one needs `counsel_approved`.
///
/// `renewal received 2026-03-20, before expiry 2026-04-02; 2026-04-02 +90 calendar days = 2026-07-01`
pub fn renew(
    current_expiry: NaiveDate,
    renewals_so_far: u32,
    renewal_received_on: NaiveDate,
    counsel_approved: bool,
) -> Result<Renewal, RenewalRefusal> {
    if renewal_received_on > current_expiry {
        return Err(RenewalRefusal::AfterExpiry {
            expired_on: current_expiry,
            received_on: renewal_received_on,
        });
    }
    let statutory = renewals_so_far == 0;
    if !statutory && !counsel_approved {
        return Err(RenewalRefusal::NeedsCounselApproval { renewals_so_far });
    }
    let timing = if renewal_received_on == current_expiry {
        format!("renewal received {renewal_received_on}, on the expiry day")
    } else {
        format!("renewal received {renewal_received_on}, before expiry {current_expiry}")
    };
    let approval = if statutory {
        String::new()
    } else {
        format!("; renewal {} approved by counsel", renewals_so_far + 1)
    };
    let expires = add_period(current_expiry);
    let trail =
        format!("{timing}{approval}; {current_expiry} +{PRESERVATION_DAYS} calendar days = {expires}");
    Ok(Renewal { expires: ComputedDate::new(expires, trail), statutory })
}

/// Reminder dates `days_before` the last day of retention, earliest first, without duplicates.
/// The caller drops any that are already past.
///
/// `expires 2026-04-02; -14 calendar days = 2026-03-19`
pub fn reminders(expiry: NaiveDate, days_before: &[u32]) -> Vec<ComputedDate> {
    let mut days: Vec<u32> = days_before.to_vec();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    days.into_iter().map(|before| calendar_days_before("expires", expiry, i64::from(before))).collect()
}

fn add_period(from: NaiveDate) -> NaiveDate {
    calendar_days_after("", from, PRESERVATION_DAYS).date
}

#[cfg(test)]
mod tests;
