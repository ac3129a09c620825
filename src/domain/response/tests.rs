//! Specifications of response plans, one per branch, and of the deadline kinds' names.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::calendar::CourtCalendar;
use crate::domain::computed_date::ComputedDate;
use crate::domain::process_kind::ProcessKind;
use crate::domain::response::{
    DeadlineKind, PlannedDeadline, ProcessTiming, ResponsePlan, ResponsePolicy, UnknownDeadlineKind,
    plan_response,
};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A US process of `kind` received on `received_on`, with no dates or period stated yet.
fn received(kind: ProcessKind, received_on: &str) -> ProcessTiming {
    ProcessTiming {
        kind,
        received_on: date(received_on),
        served_on: None,
        return_by: None,
        respond_within_days: None,
        foreign: false,
    }
}

fn deadline(kind: DeadlineKind, day: &str, trail: &str) -> PlannedDeadline {
    PlannedDeadline { kind, computed: ComputedDate::new(date(day), trail) }
}

fn plan(timing: &ProcessTiming) -> ResponsePlan {
    plan_response(&CourtCalendar::federal(), &ResponsePolicy::default(), timing)
}

#[test]
fn the_default_policy_targets_three_business_days_early_and_expects_follow_up_in_thirty_days() {
    assert_eq!(
        ResponsePolicy::default(),
        ResponsePolicy { internal_target_business_days: 3, emergency_follow_up_days: 30 }
    );
}

#[test]
fn a_foreign_agencys_direct_request_takes_the_mlat_route_with_no_production_deadline() {
    let timing = ProcessTiming {
        return_by: Some(date("2026-06-30")),
        respond_within_days: Some(14),
        foreign: true,
        ..received(ProcessKind::CriminalSubpoena, "2026-06-05")
    };

    assert_eq!(plan(&timing), ResponsePlan { deadlines: vec![], warnings: vec![], mlat_route: true });
}

#[test]
fn an_mlat_request_served_by_doj_is_us_process_with_a_response_deadline() {
    let timing = ProcessTiming {
        served_on: Some(date("2026-06-01")),
        respond_within_days: Some(14),
        ..received(ProcessKind::MlatRequest, "2026-06-01")
    };

    let plan = plan(&timing);

    assert!(!plan.mlat_route);
    assert_eq!(
        plan.deadlines,
        [
            deadline(
                DeadlineKind::ResponseDue,
                "2026-06-15",
                "served 2026-06-01; +14 calendar days = 2026-06-15"
            ),
            deadline(
                DeadlineKind::InternalTarget,
                "2026-06-10",
                "due 2026-06-15; -3 business days = Wed 2026-06-10"
            ),
        ]
    );
}

#[test]
fn an_emergency_request_expects_follow_up_process_in_calendar_days_and_has_no_response_due() {
    let timing = ProcessTiming {
        return_by: Some(date("2026-06-06")),
        ..received(ProcessKind::EmergencyRequest, "2026-06-05")
    };

    assert_eq!(
        plan(&timing),
        ResponsePlan {
            deadlines: vec![deadline(
                DeadlineKind::EmergencyFollowUp,
                "2026-07-05",
                "emergency request received 2026-06-05; +30 calendar days = 2026-07-05",
            )],
            warnings: vec![],
            mlat_route: false,
        }
    );
}

#[test]
fn a_preservation_request_has_no_response_deadline() {
    let timing = ProcessTiming {
        respond_within_days: Some(14),
        ..received(ProcessKind::PreservationRequest, "2026-06-05")
    };

    assert_eq!(plan(&timing), ResponsePlan::default());
}

#[test]
fn a_stated_return_date_is_due_as_stated_and_wins_over_a_period() {
    let timing = ProcessTiming {
        return_by: Some(date("2026-03-01")),
        respond_within_days: Some(30),
        ..received(ProcessKind::CriminalSubpoena, "2026-02-10")
    };

    assert_eq!(
        plan(&timing),
        ResponsePlan {
            deadlines: vec![
                deadline(DeadlineKind::ResponseDue, "2026-03-01", "return date 2026-03-01 as stated"),
                deadline(
                    DeadlineKind::InternalTarget,
                    "2026-02-25",
                    "due 2026-03-01; -3 business days = Wed 2026-02-25",
                ),
            ],
            warnings: vec![
                "return date 2026-03-01, Sunday, is not a business day; it is not moved".to_owned()
            ],
            mlat_route: false,
        }
    );
}

#[test]
fn a_period_counts_from_service_and_rolls_past_closures() {
    let timing = ProcessTiming {
        served_on: Some(date("2026-06-05")),
        respond_within_days: Some(14),
        ..received(ProcessKind::SearchWarrant, "2026-06-08")
    };

    assert_eq!(
        plan(&timing).deadlines,
        [
            deadline(
                DeadlineKind::ResponseDue,
                "2026-06-22",
                "served 2026-06-05; +14 calendar days = 2026-06-19, Juneteenth; rolled to Mon 2026-06-22",
            ),
            deadline(
                DeadlineKind::InternalTarget,
                "2026-06-16",
                "due 2026-06-22; -3 business days (skipping Juneteenth on Fri 2026-06-19) = Tue 2026-06-16",
            ),
        ]
    );
}

#[test]
fn a_period_counts_from_receipt_when_the_process_was_not_served() {
    let timing = ProcessTiming {
        respond_within_days: Some(14),
        ..received(ProcessKind::CourtOrder2703d, "2026-11-12")
    };

    assert_eq!(
        plan(&timing).deadlines,
        [
            deadline(
                DeadlineKind::ResponseDue,
                "2026-11-27",
                "received 2026-11-12; +14 calendar days = 2026-11-26, Thanksgiving Day; rolled to Fri 2026-11-27",
            ),
            deadline(
                DeadlineKind::InternalTarget,
                "2026-11-23",
                "due 2026-11-27; -3 business days (skipping Thanksgiving Day on Thu 2026-11-26) = Mon 2026-11-23",
            ),
        ]
    );
}

#[test]
fn process_with_neither_a_return_date_nor_a_period_has_no_deadline() {
    let timing = ProcessTiming {
        served_on: Some(date("2026-06-05")),
        ..received(ProcessKind::AdministrativeSubpoena, "2026-06-05")
    };

    assert_eq!(plan(&timing), ResponsePlan::default());
}

#[test]
fn the_internal_target_is_never_before_receipt() {
    let timing = ProcessTiming {
        return_by: Some(date("2026-06-12")),
        ..received(ProcessKind::CriminalSubpoena, "2026-06-10")
    };

    assert_eq!(
        plan(&timing).deadlines[1],
        deadline(
            DeadlineKind::InternalTarget,
            "2026-06-10",
            "due 2026-06-12; -3 business days = Tue 2026-06-09; before receipt, so moved to received 2026-06-10",
        )
    );
}

#[test]
fn a_return_date_before_receipt_is_kept_and_warned_about() {
    let timing = ProcessTiming {
        return_by: Some(date("2026-03-02")),
        ..received(ProcessKind::CivilSubpoena, "2026-03-05")
    };

    let plan = plan(&timing);

    assert_eq!(
        plan.deadlines[0].computed,
        ComputedDate::new(date("2026-03-02"), "return date 2026-03-02 as stated")
    );
    assert_eq!(plan.deadlines[1].computed.date, date("2026-03-05"));
    assert_eq!(plan.warnings, ["return date 2026-03-02 is before the request was received on 2026-03-05"]);
}

#[test]
fn the_policy_sets_the_target_and_follow_up_periods() {
    let policy = ResponsePolicy { internal_target_business_days: 5, emergency_follow_up_days: 10 };
    let calendar = CourtCalendar::federal();
    let subpoena = ProcessTiming {
        return_by: Some(date("2026-06-22")),
        ..received(ProcessKind::CriminalSubpoena, "2026-06-01")
    };
    let emergency = received(ProcessKind::EmergencyRequest, "2026-06-01");

    let target = &plan_response(&calendar, &policy, &subpoena).deadlines[1];
    let follow_up = &plan_response(&calendar, &policy, &emergency).deadlines[0];

    assert_eq!(
        target.computed.trail,
        "due 2026-06-22; -5 business days (skipping Juneteenth on Fri 2026-06-19) = Fri 2026-06-12"
    );
    assert_eq!(
        follow_up.computed.trail,
        "emergency request received 2026-06-01; +10 calendar days = 2026-06-11"
    );
}

#[test]
fn every_deadline_kind_parses_from_its_own_name_and_serialises_to_it() {
    for kind in DeadlineKind::ALL {
        assert_eq!(DeadlineKind::parse(kind.as_str()), Ok(kind));
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        assert_eq!(serde_json::from_str::<DeadlineKind>(&format!("\"{kind}\"")).unwrap(), kind);
    }
    assert_eq!(DeadlineKind::parse(" NDO_Expiry "), Ok(DeadlineKind::NdoExpiry));
}

#[test]
fn deadline_kind_labels_are_distinct() {
    let labels: HashSet<&str> = DeadlineKind::ALL.iter().map(|kind| kind.label()).collect();

    assert_eq!(labels.len(), DeadlineKind::ALL.len());
}

#[test]
fn unknown_deadline_kind_error_lists_the_valid_kinds() {
    let error = DeadlineKind::parse("due").unwrap_err();

    assert_eq!(error, UnknownDeadlineKind { given: "due".to_owned() });
    assert_eq!(
        error.to_string(),
        "unknown deadline kind \"due\": expected one of response_due, internal_target, emergency_follow_up, \
         preservation_expiry, preservation_reminder, ndo_expiry, ndo_reminder, ndo_review, delayed_notice"
    );
}
