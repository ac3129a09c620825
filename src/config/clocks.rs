//! The `[clocks]` settings: the legal team's choices where LEGAL.md leaves room (reminder
//! lead times, internal targets, closures, sender domains, which process tier each data
//! category needs). Each has a documented default in docs/CONFIGURATION.md.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ClockSettings {
    /// Days before a preservation expires on which a reminder is due.
    pub preservation_reminder_days: Vec<u32>,
    /// Days before a non-disclosure order expires on which a reminder is due.
    pub ndo_reminder_days: Vec<u32>,
    /// An order without an end date is reviewed this often (days from signing), and at one year.
    pub ndo_review_interval_days: u32,
    /// The internal target is this many business days before a response is due.
    pub internal_target_business_days: u32,
    /// An emergency disclosure should be followed by legal process within this many days.
    pub emergency_follow_up_days: u32,
    /// Place a preservation automatically when a request for API logs is recorded.
    pub auto_preserve_log_requests: bool,
    /// Extra days the office is closed, counted like holidays.
    pub closures: Vec<ClosureSetting>,
    /// Sender domain suffixes accepted as law enforcement, besides the built-in ones.
    pub law_enforcement_domains: Vec<String>,
    /// Overrides of the process tier each data category needs, e.g. `api_logs = "subpoena"`.
    pub data_category_tiers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClosureSetting {
    pub date: NaiveDate,
    pub reason: String,
}

impl Default for ClockSettings {
    fn default() -> Self {
        ClockSettings {
            preservation_reminder_days: vec![14, 3],
            ndo_reminder_days: vec![30, 7],
            ndo_review_interval_days: 180,
            internal_target_business_days: 3,
            emergency_follow_up_days: 30,
            auto_preserve_log_requests: true,
            closures: Vec::new(),
            law_enforcement_domains: Vec::new(),
            data_category_tiers: BTreeMap::new(),
        }
    }
}
