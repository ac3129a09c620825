//! A date lert worked out, with the trail that shows how: the legal team must be able to check
//! every date by hand (LEGAL.md 6).

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// A computed date and its trail in words, e.g. `served 2026-06-05; +14 calendar days =
/// 2026-06-19, Juneteenth; rolled to Mon 2026-06-22`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ComputedDate {
    pub date: NaiveDate,
    pub trail: String,
}

impl ComputedDate {
    pub fn new(date: NaiveDate, trail: impl Into<String>) -> ComputedDate {
        ComputedDate { date, trail: trail.into() }
    }
}

impl fmt::Display for ComputedDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.date, self.trail)
    }
}
