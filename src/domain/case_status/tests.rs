//! Specifications of the case state machine, kept apart because the full matrix is long.

use super::{CaseStatus, TransitionError, UnknownCaseStatus, allowed_next, check_transition};
use crate::domain::role::Role;

use CaseStatus::{Approved, AwaitingInformation, Closed, InReview, Produced, Received, Rejected, Withdrawn};

/// Every permitted move and the least role it needs; any pair not listed is not allowed.
const EXPECTED: [(CaseStatus, CaseStatus, Role); 18] = [
    (Received, InReview, Role::Analyst),
    (Received, AwaitingInformation, Role::Analyst),
    (Received, Rejected, Role::Counsel),
    (Received, Withdrawn, Role::Analyst),
    (InReview, AwaitingInformation, Role::Analyst),
    (InReview, Approved, Role::Counsel),
    (InReview, Rejected, Role::Counsel),
    (InReview, Withdrawn, Role::Analyst),
    (AwaitingInformation, InReview, Role::Analyst),
    (AwaitingInformation, Rejected, Role::Counsel),
    (AwaitingInformation, Withdrawn, Role::Analyst),
    (Approved, Produced, Role::Analyst),
    (Approved, InReview, Role::Counsel),
    (Approved, Withdrawn, Role::Analyst),
    (Produced, Closed, Role::Counsel),
    (Rejected, Closed, Role::Counsel),
    (Withdrawn, Closed, Role::Counsel),
    (Closed, InReview, Role::Counsel),
];

fn expected_role(from: CaseStatus, to: CaseStatus) -> Option<Role> {
    EXPECTED.iter().find(|(f, t, _)| *f == from && *t == to).map(|(_, _, role)| *role)
}

fn expected_outcome(from: CaseStatus, to: CaseStatus, actor: Role) -> Result<(), TransitionError> {
    if from == to {
        return Err(TransitionError::Unchanged);
    }
    match expected_role(from, to) {
        None => Err(TransitionError::NotAllowed { from, to }),
        Some(needed) if actor < needed => Err(TransitionError::Forbidden { to, needed }),
        Some(_) => Ok(()),
    }
}

#[test]
fn every_status_pair_and_role_matches_the_transition_matrix() {
    for from in CaseStatus::ALL {
        for to in CaseStatus::ALL {
            for actor in Role::ALL {
                assert_eq!(
                    check_transition(from, to, actor),
                    expected_outcome(from, to, actor),
                    "{from} -> {to} by {actor}"
                );
            }
        }
    }
}

#[test]
fn allowed_next_lists_exactly_the_permitted_moves_for_each_role() {
    for from in CaseStatus::ALL {
        for actor in Role::ALL {
            let expected: Vec<CaseStatus> =
                CaseStatus::ALL.into_iter().filter(|&to| expected_outcome(from, to, actor).is_ok()).collect();
            assert_eq!(allowed_next(from, actor), expected, "{from} by {actor}");
        }
    }
}

#[test]
fn a_viewer_can_move_nothing() {
    for from in CaseStatus::ALL {
        assert!(allowed_next(from, Role::Viewer).is_empty(), "{from}");
    }
}

#[test]
fn an_analyst_cannot_approve_and_is_told_who_can() {
    let error = check_transition(InReview, Approved, Role::Analyst).unwrap_err();

    assert_eq!(error.to_string(), "moving a case to approved needs the counsel role or higher");
}

#[test]
fn reopening_a_closed_case_needs_counsel() {
    assert_eq!(
        check_transition(Closed, InReview, Role::Analyst),
        Err(TransitionError::Forbidden { to: InReview, needed: Role::Counsel })
    );
    assert_eq!(check_transition(Closed, InReview, Role::Counsel), Ok(()));
}

#[test]
fn withdrawing_an_approval_returns_the_case_to_review_and_needs_counsel() {
    assert_eq!(
        check_transition(Approved, InReview, Role::Analyst),
        Err(TransitionError::Forbidden { to: InReview, needed: Role::Counsel })
    );
    assert_eq!(check_transition(Approved, InReview, Role::Counsel), Ok(()));
}

#[test]
fn skipping_approval_is_not_allowed() {
    let error = check_transition(Received, Produced, Role::Admin).unwrap_err();

    assert_eq!(error.to_string(), "a case cannot go from received to produced");
}

#[test]
fn same_status_is_reported_as_unchanged() {
    assert_eq!(check_transition(InReview, InReview, Role::Admin), Err(TransitionError::Unchanged));
}

#[test]
fn only_closed_rejected_and_withdrawn_cases_are_not_open() {
    let open: Vec<CaseStatus> = CaseStatus::ALL.into_iter().filter(|status| status.is_open()).collect();

    assert_eq!(open, [Received, InReview, AwaitingInformation, Approved, Produced]);
}

#[test]
fn every_status_parses_from_its_own_name_and_serialises_to_it() {
    for status in CaseStatus::ALL {
        assert_eq!(CaseStatus::parse(status.as_str()), Ok(status));
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(json, format!("\"{}\"", status.as_str()));
    }
}

#[test]
fn unknown_status_error_lists_the_valid_statuses() {
    let error = CaseStatus::parse("open").unwrap_err();

    assert_eq!(error, UnknownCaseStatus { given: "open".to_owned() });
    assert_eq!(
        error.to_string(),
        "unknown case status \"open\": expected one of received, in_review, \
         awaiting_information, approved, produced, closed, rejected, withdrawn"
    );
}
