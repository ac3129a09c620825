//! Where a case stands and the one state machine that says how it may move and who may move it,
//! so the dashboard, the API and the CLI can never disagree about a status change.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

use crate::domain::role::Role;

/// The status of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Logged, nobody has looked at it yet.
    Received,
    /// The legal team is assessing the request.
    InReview,
    /// Waiting for the agency (a deficiency reply, a narrowing, a follow-up process).
    AwaitingInformation,
    /// Counsel approved a production.
    Approved,
    /// Records were produced to the agency.
    Produced,
    /// Finished; may be reopened by counsel.
    Closed,
    /// Counsel declined the request (deficient, overbroad, foreign, ...).
    Rejected,
    /// The agency withdrew the request.
    Withdrawn,
}

/// The text given is not the name of a case status.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown case status \"{given}\": expected one of {}", CaseStatus::names())]
pub struct UnknownCaseStatus {
    pub given: String,
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error("a case cannot go from {from} to {to}")]
    NotAllowed { from: CaseStatus, to: CaseStatus },
    #[error("moving a case to {to} needs the {needed} role or higher")]
    Forbidden { to: CaseStatus, needed: Role },
    #[error("the case already has that status")]
    Unchanged,
}

impl CaseStatus {
    /// Every status, in the order a case usually passes through them.
    pub const ALL: [CaseStatus; 8] = [
        CaseStatus::Received,
        CaseStatus::InReview,
        CaseStatus::AwaitingInformation,
        CaseStatus::Approved,
        CaseStatus::Produced,
        CaseStatus::Closed,
        CaseStatus::Rejected,
        CaseStatus::Withdrawn,
    ];

    /// Parses a status name ("in_review"); surrounding spaces and letter case are ignored.
    pub fn parse(value: &str) -> Result<CaseStatus, UnknownCaseStatus> {
        let wanted = value.trim();
        CaseStatus::ALL
            .into_iter()
            .find(|status| status.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownCaseStatus { given: value.to_owned() })
    }

    /// The stable snake_case name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::InReview => "in_review",
            CaseStatus::AwaitingInformation => "awaiting_information",
            CaseStatus::Approved => "approved",
            CaseStatus::Produced => "produced",
            CaseStatus::Closed => "closed",
            CaseStatus::Rejected => "rejected",
            CaseStatus::Withdrawn => "withdrawn",
        }
    }

    /// The name the legal team reads on screens.
    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Received => "Received",
            CaseStatus::InReview => "In review",
            CaseStatus::AwaitingInformation => "Awaiting information",
            CaseStatus::Approved => "Approved",
            CaseStatus::Produced => "Produced",
            CaseStatus::Closed => "Closed",
            CaseStatus::Rejected => "Rejected",
            CaseStatus::Withdrawn => "Withdrawn",
        }
    }

    /// Whether the case still needs work: everything but closed, rejected and withdrawn.
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Closed | CaseStatus::Rejected | CaseStatus::Withdrawn)
    }

    /// The statuses a case may move to next, whoever moves it.
    fn successors(self) -> &'static [CaseStatus] {
        use CaseStatus::{
            Approved, AwaitingInformation, Closed, InReview, Produced, Received, Rejected, Withdrawn,
        };
        match self {
            Received => &[InReview, AwaitingInformation, Rejected, Withdrawn],
            InReview => &[AwaitingInformation, Approved, Rejected, Withdrawn],
            AwaitingInformation => &[InReview, Rejected, Withdrawn],
            // Back to in_review means counsel withdrew the approval.
            Approved => &[Produced, InReview, Withdrawn],
            Produced | Rejected | Withdrawn => &[Closed],
            // Reopening a closed case.
            Closed => &[InReview],
        }
    }

    fn names() -> String {
        let names: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.as_str()).collect();
        names.join(", ")
    }
}

impl std::fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The least role that may make a (permitted) move: legal decisions, withdrawing an approval
/// and reopening are counsel's.
fn needed_role(from: CaseStatus, to: CaseStatus) -> Role {
    let is_decision = matches!(to, CaseStatus::Approved | CaseStatus::Closed | CaseStatus::Rejected);
    let is_reversal = matches!(from, CaseStatus::Closed | CaseStatus::Approved) && to == CaseStatus::InReview;
    if is_decision || is_reversal { Role::Counsel } else { Role::Analyst }
}

/// Checks that `actor` may move a case from `from` to `to`.
pub fn check_transition(from: CaseStatus, to: CaseStatus, actor: Role) -> Result<(), TransitionError> {
    if from == to {
        return Err(TransitionError::Unchanged);
    }
    if !from.successors().contains(&to) {
        return Err(TransitionError::NotAllowed { from, to });
    }
    let needed = needed_role(from, to);
    if actor < needed {
        return Err(TransitionError::Forbidden { to, needed });
    }
    Ok(())
}

/// The statuses `actor` may move a case in `from` to, in [`CaseStatus::ALL`] order.
pub fn allowed_next(from: CaseStatus, actor: Role) -> Vec<CaseStatus> {
    CaseStatus::ALL.into_iter().filter(|&to| check_transition(from, to, actor).is_ok()).collect()
}

#[cfg(test)]
mod tests;
