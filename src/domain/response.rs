//! When a response to legal process is due, and the other deadlines the clocks track, so the case
//! page, reminders and the scheduler all work from one plan (LEGAL.md 1, 6).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

use crate::domain::calendar::CourtCalendar;
use crate::domain::computed_date::ComputedDate;
use crate::domain::day_count::{business_days_before, calendar_days_after, fixed_date, within_days};
use crate::domain::process_kind::ProcessKind;

/// What a tracked date is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The date the process requires the response by.
    ResponseDue,
    /// The office's own earlier target, a few business days before the response is due.
    InternalTarget,
    /// When the agency's legal process should follow an emergency disclosure.
    EmergencyFollowUp,
    PreservationExpiry,
    PreservationReminder,
    NdoExpiry,
    NdoReminder,
    /// A periodic review of a non-disclosure order without an end date.
    NdoReview,
    /// When the subscriber notice held back by a non-disclosure order may go out.
    DelayedNotice,
}

/// The text given is not the name of a deadline kind.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown deadline kind \"{given}\": expected one of {}", DeadlineKind::names())]
pub struct UnknownDeadlineKind {
    pub given: String,
}

impl DeadlineKind {
    /// Every kind, in the order a case page lists them.
    pub const ALL: [DeadlineKind; 9] = [
        DeadlineKind::ResponseDue,
        DeadlineKind::InternalTarget,
        DeadlineKind::EmergencyFollowUp,
        DeadlineKind::PreservationExpiry,
        DeadlineKind::PreservationReminder,
        DeadlineKind::NdoExpiry,
        DeadlineKind::NdoReminder,
        DeadlineKind::NdoReview,
        DeadlineKind::DelayedNotice,
    ];

    /// Parses a kind name ("response_due"); surrounding spaces and letter case are ignored.
    pub fn parse(value: &str) -> Result<DeadlineKind, UnknownDeadlineKind> {
        let wanted = value.trim();
        DeadlineKind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownDeadlineKind { given: value.to_owned() })
    }

    /// The stable snake_case name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::ResponseDue => "response_due",
            DeadlineKind::InternalTarget => "internal_target",
            DeadlineKind::EmergencyFollowUp => "emergency_follow_up",
            DeadlineKind::PreservationExpiry => "preservation_expiry",
            DeadlineKind::PreservationReminder => "preservation_reminder",
            DeadlineKind::NdoExpiry => "ndo_expiry",
            DeadlineKind::NdoReminder => "ndo_reminder",
            DeadlineKind::NdoReview => "ndo_review",
            DeadlineKind::DelayedNotice => "delayed_notice",
        }
    }

    /// The name the legal team reads on screens and in reminders.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::ResponseDue => "Response due",
            DeadlineKind::InternalTarget => "Internal target",
            DeadlineKind::EmergencyFollowUp => "Follow-up legal process expected",
            DeadlineKind::PreservationExpiry => "Preservation expires",
            DeadlineKind::PreservationReminder => "Preservation expiry reminder",
            DeadlineKind::NdoExpiry => "Non-disclosure order expires",
            DeadlineKind::NdoReminder => "Non-disclosure order expiry reminder",
            DeadlineKind::NdoReview => "Non-disclosure order review",
            DeadlineKind::DelayedNotice => "Delayed subscriber notice",
        }
    }

    fn names() -> String {
        let names: Vec<&str> = DeadlineKind::ALL.iter().map(|kind| kind.as_str()).collect();
        names.join(", ")
    }
}

impl std::fmt::Display for DeadlineKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The legal team's settings for response deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponsePolicy {
    /// The internal target is this many business days before the response is due.
    pub internal_target_business_days: u32,
    /// An emergency disclosure should be followed by legal process within this many days.
    pub emergency_follow_up_days: u32,
}

impl Default for ResponsePolicy {
    fn default() -> Self {
        ResponsePolicy { internal_target_business_days: 3, emergency_follow_up_days: 30 }
    }
}

/// The dates on a legal process that its deadlines count from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessTiming {
    pub kind: ProcessKind,
    pub received_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    /// A date the process states ("on or before ..."); it wins over `respond_within_days`.
    pub return_by: Option<NaiveDate>,
    pub respond_within_days: Option<u32>,
    /// A foreign agency's direct request; an MLAT request that DOJ serves is US process.
    pub foreign: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PlannedDeadline {
    pub kind: DeadlineKind,
    pub computed: ComputedDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ResponsePlan {
    pub deadlines: Vec<PlannedDeadline>,
    pub warnings: Vec<String>,
    /// The request must go through an MLAT or letter rogatory: answer with the decline letter.
    pub mlat_route: bool,
}

/// The response deadlines for one legal process.
///
/// A foreign agency's direct request gets no production deadline, only the MLAT route; an
/// emergency request gets the date its follow-up process is expected; a preservation request has
/// no response (its clocks live with the preservation). Any other process is due on its stated
/// return date, else within its number of days of service (or of receipt when not served), with an
/// internal target some business days earlier but never before receipt.
pub fn plan_response(cal: &CourtCalendar, policy: &ResponsePolicy, timing: &ProcessTiming) -> ResponsePlan {
    let mut plan = ResponsePlan::default();
    if timing.foreign {
        plan.mlat_route = true;
        return plan;
    }
    match timing.kind {
        ProcessKind::EmergencyRequest => {
            let follow_up = calendar_days_after(
                "emergency request received",
                timing.received_on,
                policy.emergency_follow_up_days.into(),
            );
            plan.deadlines
                .push(PlannedDeadline { kind: DeadlineKind::EmergencyFollowUp, computed: follow_up });
        }
        ProcessKind::PreservationRequest => {}
        _ => {
            if let Some(due) = response_due(cal, timing, &mut plan.warnings) {
                let target = internal_target(cal, policy, timing.received_on, due.date);
                plan.deadlines.push(PlannedDeadline { kind: DeadlineKind::ResponseDue, computed: due });
                plan.deadlines.push(PlannedDeadline { kind: DeadlineKind::InternalTarget, computed: target });
            }
        }
    }
    plan
}

fn response_due(
    cal: &CourtCalendar,
    timing: &ProcessTiming,
    warnings: &mut Vec<String>,
) -> Option<ComputedDate> {
    if let Some(return_by) = timing.return_by {
        let (due, warning) = fixed_date(cal, "return date", return_by);
        warnings.extend(warning);
        if return_by < timing.received_on {
            warnings.push(format!(
                "return date {return_by} is before the request was received on {}",
                timing.received_on
            ));
        }
        return Some(due);
    }
    let days = timing.respond_within_days?;
    Some(match timing.served_on {
        Some(served_on) => within_days(cal, "served", served_on, days),
        None => within_days(cal, "received", timing.received_on, days),
    })
}

fn internal_target(
    cal: &CourtCalendar,
    policy: &ResponsePolicy,
    received_on: NaiveDate,
    due: NaiveDate,
) -> ComputedDate {
    let target = business_days_before(cal, "due", due, policy.internal_target_business_days);
    if target.date >= received_on {
        return target;
    }
    let trail = format!("{}; before receipt, so moved to received {received_on}", target.trail);
    ComputedDate::new(received_on, trail)
}

#[cfg(test)]
mod tests;
