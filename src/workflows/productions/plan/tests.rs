use chrono::NaiveDate;

use super::*;
use crate::domain::email_address::EmailAddress;
use crate::workflows::clocks::derive::RelatedPreservation;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn process(kind: ProcessKind, categories: &[DataCategory]) -> ProcessFacts {
    ProcessFacts {
        id: format!("p-{}", kind.as_str()),
        kind,
        received_on: day("2026-06-04"),
        issuing_authority: Some("U.S. District Court, N.D. Cal.".into()),
        agent_name: Some("Dana Whitfield".into()),
        agent_email: Some(EmailAddress::parse("dwhitfield@fbi.gov").unwrap()),
        agent_phone: None,
        docket_number: Some("26-MJ-0142".into()),
        issued_on: Some(day("2026-06-01")),
        served_on: None,
        return_by: None,
        respond_within_days: None,
        requested_from: None,
        requested_to: None,
        categories: categories.to_vec(),
    }
}

fn facts(processes: Vec<ProcessFacts>) -> CaseFacts {
    CaseFacts {
        received_on: day("2026-06-04"),
        country: Some("US".into()),
        identifiers: 2,
        processes,
        preservations: Vec::new(),
        related_preservations: Vec::new(),
        ndos: Vec::new(),
        message_findings: Vec::new(),
    }
}

fn target(id: &str, kind: &str, raw: &str) -> TargetRow {
    TargetRow {
        id: id.into(),
        case_id: "c".into(),
        kind: kind.into(),
        raw: raw.into(),
        normalized: raw.into(),
        created_at: day("2026-06-04").and_hms_opt(0, 0, 0).unwrap(),
        contact_email: None,
    }
}

fn decision(subject: &str, decision: &str, reason: &str) -> DecisionRow {
    DecisionRow {
        case_id: "c".into(),
        subject: subject.into(),
        decision: decision.into(),
        reason: reason.into(),
        cost_cents: None,
        decided_by: "counsel@example.org".into(),
        decided_at: day("2026-06-05").and_hms_opt(0, 0, 0).unwrap(),
    }
}

fn run(facts: &CaseFacts, decisions: &[DecisionRow]) -> Result<Plan, WorkflowError> {
    let targets = [target("t1", "account_id", "12345"), target("t2", "email", "owner@example.org")];
    plan(&PlanInputs {
        facts,
        targets: &targets,
        decisions,
        policy: &TierPolicy::default(),
        today: day("2026-06-20"),
        tz: chrono_tz::UTC,
    })
}

const LOGS: [DataCategory; 2] = [DataCategory::AccountRegistration, DataCategory::ApiLogs];

#[test]
fn a_court_order_for_logs_is_clamped_to_ninety_days_before_the_request() {
    let plan = run(&facts(vec![process(ProcessKind::CourtOrder2703d, &LOGS)]), &[]).unwrap();
    assert_eq!(plan.gate.produced, LOGS);
    let (window, first, last) = plan.window.unwrap();
    assert_eq!(
        (first, last),
        (day("2026-03-06"), day("2026-06-04")),
        "to the day the order arrived, not today"
    );
    assert_eq!(window.from.to_rfc3339(), "2026-03-06T00:00:00+00:00");
    assert_eq!(window.until.to_rfc3339(), "2026-06-05T00:00:00+00:00");
    assert_eq!(plan.process.kind, "2703(d) court order");
    assert_eq!(plan.process.docket, "26-MJ-0142");
    assert_eq!(plan.identifiers.len(), 2);
    assert!(!plan.backup_retrieval);
}

#[test]
fn an_earlier_preservation_moves_the_window_back_and_the_agency_period_narrows_it() {
    let mut case = facts(vec![process(ProcessKind::CourtOrder2703d, &LOGS)]);
    case.related_preservations = vec![RelatedPreservation {
        received_on: day("2026-04-01"),
        expires_on: day("2026-06-30"),
        held: false,
    }];
    let (_, first, _) = run(&case, &[]).unwrap().window.unwrap();
    assert_eq!(first, day("2026-01-01"), "90 days before the preservation");

    case.processes[0].requested_from = Some(day("2026-05-01"));
    case.processes[0].requested_to = Some(day("2026-05-31"));
    let (_, first, last) = run(&case, &[]).unwrap().window.unwrap();
    assert_eq!((first, last), (day("2026-05-01"), day("2026-05-31")));
}

#[test]
fn a_backup_retrieval_reaches_the_requested_period_or_lifts_the_clamp() {
    let mut case = facts(vec![process(ProcessKind::CourtOrder2703d, &LOGS)]);
    let backups = [decision("backups", "produce", "agreed with the AUSA; 6 hours of restore at cost")];
    let plan = run(&case, &backups).unwrap();
    assert!(plan.backup_retrieval);
    assert!(plan.window.is_none());
    case.processes[0].requested_from = Some(day("2025-12-01"));
    let (_, first, last) = run(&case, &backups).unwrap().window.unwrap();
    assert_eq!((first, last), (day("2025-12-01"), day("2026-06-04")));
    case.processes[0].requested_to = Some(day("2026-07-31"));
    let (_, _, last) = run(&case, &backups).unwrap().window.unwrap();
    assert_eq!(last, day("2026-06-04"), "no prospective collection under a 2703(d) order");
    let declined = [decision("backups", "withhold", "not reasonably accessible")];
    let (_, first, _) = run(&case, &declined).unwrap().window.unwrap();
    assert_eq!(first, day("2026-03-06"));
}

#[test]
fn a_subpoena_yields_subscriber_records_only_and_no_window() {
    let plan = run(&facts(vec![process(ProcessKind::CriminalSubpoena, &LOGS)]), &[]).unwrap();
    assert_eq!(plan.gate.produced, [DataCategory::AccountRegistration]);
    assert_eq!(plan.gate.withheld[0].0, DataCategory::ApiLogs);
    assert!(plan.window.is_none());

    let overridden = [decision("category:api_logs", "produce", "agreed with the AUSA")];
    let plan = run(&facts(vec![process(ProcessKind::CriminalSubpoena, &LOGS)]), &overridden).unwrap();
    assert_eq!(plan.gate.produced, LOGS);
    assert!(plan.window.is_some());
}

#[test]
fn counsel_withholds_targets_and_categories_with_reasons() {
    let decisions = [
        decision("target:t2", "withhold", "not named with particularity"),
        decision("target:t1", "produce", "named in the order"),
        decision("category:api_logs", "withhold", "motion to quash pending"),
    ];
    let plan = run(&facts(vec![process(ProcessKind::CourtOrder2703d, &LOGS)]), &decisions).unwrap();
    assert_eq!(plan.identifiers.len(), 1);
    assert_eq!(plan.identifiers[0].raw(), "12345");
    assert_eq!(
        plan.withheld_targets,
        [("email owner@example.org".to_owned(), "not named with particularity".to_owned())]
    );
    assert_eq!(plan.gate.produced, [DataCategory::AccountRegistration]);
    assert!(
        plan.gate
            .withheld
            .iter()
            .any(|(c, why)| *c == DataCategory::ApiLogs && why.contains("motion to quash"))
    );
    assert!(plan.window.is_none());
}

#[test]
fn the_strongest_process_is_answered_and_a_preservation_alone_is_refused() {
    let case = facts(vec![
        process(ProcessKind::PreservationRequest, &LOGS),
        process(ProcessKind::CriminalSubpoena, &LOGS),
        process(ProcessKind::SearchWarrant, &LOGS),
    ]);
    assert_eq!(run(&case, &[]).unwrap().process_kind, ProcessKind::SearchWarrant);
    let emergency = facts(vec![process(ProcessKind::EmergencyRequest, &LOGS)]);
    assert_eq!(run(&emergency, &[]).unwrap().process_kind, ProcessKind::EmergencyRequest);
    let preservation = facts(vec![process(ProcessKind::PreservationRequest, &LOGS)]);
    assert!(
        matches!(run(&preservation, &[]), Err(WorkflowError::Conflict(m)) if m.contains("only preserves"))
    );
}
