use chrono::NaiveDate;

use super::*;
use crate::domain::ndo::NdoTerm;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn process(id: &str, kind: ProcessKind, received_on: &str) -> ProcessFacts {
    ProcessFacts {
        id: id.into(),
        kind,
        received_on: day(received_on),
        issuing_authority: Some("Grand Jury, N.D. Cal.".into()),
        agent_name: Some("Dana Whitfield".into()),
        agent_email: Some(EmailAddress::parse("dwhitfield@fbi.gov").unwrap()),
        agent_phone: Some("+1 415 555 0143".into()),
        docket_number: Some("26-GJ-104".into()),
        issued_on: Some(day(received_on)),
        served_on: None,
        return_by: None,
        respond_within_days: None,
        requested_from: Some(day("2026-05-01")),
        requested_to: Some(day(received_on)),
        categories: vec![DataCategory::AccountRegistration],
    }
}

fn facts(processes: Vec<ProcessFacts>) -> CaseFacts {
    CaseFacts {
        received_on: processes[0].received_on,
        country: Some("US".into()),
        identifiers: 1,
        processes,
        preservations: Vec::new(),
        related_preservations: Vec::new(),
        message_findings: Vec::new(),
        ndos: Vec::new(),
    }
}

fn kinds(derived: &Derived) -> Vec<&'static str> {
    derived.deadlines.iter().map(|d| d.kind.as_str()).collect()
}

#[test]
fn a_complete_subpoena_served_with_fourteen_days_has_a_due_date_a_target_and_no_flags() {
    let mut subpoena = process("p1", ProcessKind::CriminalSubpoena, "2026-06-05");
    subpoena.served_on = Some(day("2026-06-05"));
    subpoena.respond_within_days = Some(14);
    let derived = derive(&facts(vec![subpoena]), &ClockPolicy::default(), day("2026-06-05"));
    assert_eq!(kinds(&derived), ["response_due", "internal_target"]);
    assert_eq!(derived.deadlines[0].due.date, day("2026-06-22"));
    assert!(derived.flags.is_empty(), "{:?}", derived.flags);
}

#[test]
fn formal_process_after_an_emergency_meets_its_follow_up() {
    let emergency = process("e1", ProcessKind::EmergencyRequest, "2026-06-01");
    let alone = derive(&facts(vec![emergency.clone()]), &ClockPolicy::default(), day("2026-06-05"));
    assert_eq!(kinds(&alone), ["emergency_follow_up"]);
    let warrant = process("w1", ProcessKind::SearchWarrant, "2026-06-04");
    let followed = derive(&facts(vec![emergency, warrant]), &ClockPolicy::default(), day("2026-06-05"));
    assert!(!kinds(&followed).contains(&"emergency_follow_up"), "{:?}", kinds(&followed));
}

#[test]
fn a_held_preservation_has_no_expiry_to_act_on() {
    let mut case = facts(vec![process("p1", ProcessKind::PreservationRequest, "2026-01-02")]);
    case.preservations.push(PreservationFacts {
        id: "pr1".into(),
        received_on: day("2026-01-02"),
        expires_on: day("2026-04-02"),
        renewals: vec![],
        released: false,
        held_by: Some("LE-2026-0042".into()),
    });
    let derived = derive(&case, &ClockPolicy::default(), day("2026-06-05"));
    assert!(!kinds(&derived).contains(&"preservation_expiry"));
    assert!(
        derived.flags.iter().any(|f| f.kind == "preservation_held" && f.message.contains("LE-2026-0042"))
    );
    assert!(!derived.flags.iter().any(|f| f.kind == "preservation_expired"));
}

#[test]
fn a_recorded_renewal_that_no_longer_checks_out_is_a_blocking_flag() {
    let mut case = facts(vec![process("p1", ProcessKind::PreservationRequest, "2026-01-02")]);
    case.preservations.push(PreservationFacts {
        id: "pr1".into(),
        received_on: day("2026-01-02"),
        expires_on: day("2026-07-01"),
        // Received after the 2026-04-02 expiry: the replay refuses it.
        renewals: vec![(day("2026-05-01"), false)],
        released: false,
        held_by: None,
    });
    let derived = derive(&case, &ClockPolicy::default(), day("2026-04-01"));
    let flag = derived.flags.iter().find(|f| f.kind == "preservation_inconsistent").unwrap();
    assert_eq!(flag.severity, "blocking");
}

#[test]
fn an_order_on_a_bare_preservation_is_flagged_and_still_blocks_notice() {
    let mut case = facts(vec![process("p1", ProcessKind::PreservationRequest, "2026-06-01")]);
    case.ndos.push(NdoFacts {
        order: NdoOrder {
            id: "n1".into(),
            signed_on: day("2026-06-01"),
            received_on: day("2026-06-01"),
            term: NdoTerm::FixedEnd(day("2026-08-31")),
            extends: None,
            vacated_on: None,
        },
        covers_process_id: None,
    });
    let derived = derive(&case, &ClockPolicy::default(), day("2026-06-05"));
    assert!(derived.flags.iter().any(|f| f.kind == "ndo_without_formal_process"));
    let notice = derived.deadlines.iter().find(|d| d.kind == DeadlineKind::DelayedNotice).unwrap();
    assert_eq!(notice.due.date, day("2026-09-01"));
}
