use std::collections::HashMap;

use chrono::TimeDelta;

use super::*;
use crate::domain::records::{RecordKind, validate};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn log_at(at: &str, account: &str) -> Record {
    let fields: HashMap<&str, &str> = [
        ("at", at),
        ("account_id", account),
        ("endpoint", "new-order"),
        ("domains", "example.com"),
        ("client_ip", "192.0.2.1"),
    ]
    .into_iter()
    .collect();
    validate(RecordKind::ApiLog, |name| fields.get(name).copied()).unwrap()
}

fn scope(window: Option<TimeWindow>) -> Scope {
    Scope {
        categories: vec![DataCategory::ApiLogs, DataCategory::AccountRegistration],
        window,
        accounts: ["12345".to_owned()].into_iter().collect(),
    }
}

#[test]
fn the_window_edge_is_in_and_the_second_before_it_is_out() {
    let la = chrono_tz::America::Los_Angeles;
    let window = TimeWindow::of_days(day("2026-03-06"), day("2026-06-04"), la);
    assert_eq!(window.from.to_rfc3339(), "2026-03-06T08:00:00+00:00", "midnight in Los Angeles");
    assert_eq!(window.until.to_rfc3339(), "2026-06-05T07:00:00+00:00", "daylight time by June");
    let scope = scope(Some(window));
    let at = |instant: DateTime<Utc>| log_at(&instant.to_rfc3339(), "12345");
    assert_eq!(judge(&scope, &at(window.from)), Ok(()));
    assert_eq!(judge(&scope, &at(window.from - TimeDelta::seconds(1))), Err(Exclusion::BeforeWindow));
    assert_eq!(judge(&scope, &at(window.until - TimeDelta::microseconds(1))), Ok(()));
    assert_eq!(judge(&scope, &at(window.until)), Err(Exclusion::AfterWindow));
}

#[test]
fn a_backup_retrieval_lifts_the_window_but_not_the_other_rules() {
    let scope = scope(None);
    assert_eq!(judge(&scope, &log_at("2020-01-01T00:00:00Z", "12345")), Ok(()));
    assert_eq!(judge(&scope, &log_at("2020-01-01T00:00:00Z", "99")), Err(Exclusion::AccountNotInScope));
    let mut no_logs = scope.clone();
    no_logs.categories = vec![DataCategory::AccountRegistration];
    assert_eq!(
        judge(&no_logs, &log_at("2026-01-01T00:00:00Z", "12345")),
        Err(Exclusion::CategoryNotProduced)
    );
}

#[test]
fn account_data_is_exempt_from_the_window() {
    let window = TimeWindow::of_days(day("2026-03-06"), day("2026-06-04"), chrono_tz::UTC);
    let fields: HashMap<&str, &str> =
        [("account_id", "12345"), ("created_at", "2019-01-01T00:00:00Z"), ("registration_ip", "192.0.2.9")]
            .into_iter()
            .collect();
    let account = validate(RecordKind::Accounts, |name| fields.get(name).copied()).unwrap();
    assert_eq!(judge(&scope(Some(window)), &account), Ok(()));
}

#[test]
fn a_subpoena_yields_subscriber_fields_only_unless_counsel_overrides() {
    let policy = TierPolicy::default();
    let requested = [DataCategory::AccountRegistration, DataCategory::ApiLogs, DataCategory::ContactEmail];
    let gate = gate_categories(&policy, &[ProcessKind::CriminalSubpoena], &requested, &[]);
    assert_eq!(gate.produced, [DataCategory::AccountRegistration, DataCategory::ContactEmail]);
    assert_eq!(gate.withheld.len(), 1);
    assert_eq!(gate.withheld[0].0, DataCategory::ApiLogs);
    assert!(gate.withheld[0].1.contains("needs a 2703(d) court order"), "{}", gate.withheld[0].1);
    assert!(gate.withheld[0].1.contains("criminal subpoena"));

    let blank = [CategoryOverride { category: DataCategory::ApiLogs, reason: "  ".into() }];
    assert_eq!(
        gate_categories(&policy, &[ProcessKind::CriminalSubpoena], &requested, &blank).withheld.len(),
        1
    );
    let reasoned =
        [CategoryOverride { category: DataCategory::ApiLogs, reason: "agreed with the AUSA".into() }];
    let gate = gate_categories(&policy, &[ProcessKind::CriminalSubpoena], &requested, &reasoned);
    assert!(gate.withheld.is_empty());
    assert_eq!(gate.overridden, [(DataCategory::ApiLogs, "agreed with the AUSA".to_owned())]);
}

#[test]
fn the_strongest_process_decides_and_civil_subpoenas_never_reach_contents() {
    let policy = TierPolicy::default();
    let all = DataCategory::ALL;
    let warrant =
        gate_categories(&policy, &[ProcessKind::PreservationRequest, ProcessKind::SearchWarrant], &all, &[]);
    assert!(warrant.withheld.is_empty(), "{warrant:?}");
    let order = gate_categories(&policy, &[ProcessKind::CourtOrder2703d], &all, &[]);
    assert_eq!(order.withheld.iter().map(|(c, _)| *c).collect::<Vec<_>>(), [DataCategory::Contents]);
    let override_contents = [CategoryOverride { category: DataCategory::Contents, reason: "consent".into() }];
    let civil = gate_categories(&policy, &[ProcessKind::CivilSubpoena], &all, &override_contents);
    assert_eq!(civil.withheld.len(), 1);
    assert!(civil.withheld[0].1.contains("civil subpoena never reaches contents"));
    let emergency =
        gate_categories(&policy, &[ProcessKind::EmergencyRequest], &[DataCategory::AccountRegistration], &[]);
    assert!(emergency.withheld[0].1.contains("no process that compels"), "{emergency:?}");
}

fn record(kind: RecordKind, fields: &[(&str, &str)]) -> Record {
    let fields: HashMap<&str, &str> = fields.iter().copied().collect();
    validate(kind, |name| fields.get(name).copied()).unwrap()
}

fn identifier(kind: TargetKind, raw: &str) -> Identifier {
    Identifier::parse(kind, raw).unwrap()
}

#[test]
fn each_kind_of_identifier_points_at_the_account_through_the_records_that_name_it() {
    let account = record(
        RecordKind::Accounts,
        &[
            ("account_id", "12345"),
            ("created_at", "2026-01-02T03:04:05Z"),
            ("registration_ip", "203.0.113.9"),
        ],
    );
    let email = record(
        RecordKind::ContactEmails,
        &[("account_id", "12345"), ("email", "Owner@Example.org"), ("added_at", "2026-01-02T03:04:05Z")],
    );
    let certificate = record(
        RecordKind::Certificates,
        &[
            ("serial", "00fa1b"),
            ("account_id", "12345"),
            ("names", "example.org www.example.org"),
            ("not_before", "2026-03-01T00:00:00Z"),
            ("not_after", "2026-05-30T00:00:00Z"),
        ],
    );
    let log = log_at("2026-03-01T00:00:00Z", "12345");
    let id = identifier(TargetKind::AccountId, "12345");
    assert_eq!(account_pointed_at(&account, &id), Some("12345"));
    assert_eq!(account_pointed_at(&log, &id), None, "a log line is not how an account id is found");
    let ip = identifier(TargetKind::Ip, "203.0.113.9");
    assert_eq!(account_pointed_at(&account, &ip), Some("12345"));
    assert_eq!(account_pointed_at(&log, &identifier(TargetKind::Ip, "192.0.2.1")), Some("12345"));
    assert_eq!(
        account_pointed_at(&email, &identifier(TargetKind::Email, "owner@example.org")),
        Some("12345")
    );
    assert_eq!(account_pointed_at(&email, &identifier(TargetKind::Email, "other@example.org")), None);
    assert_eq!(
        account_pointed_at(&certificate, &identifier(TargetKind::Domain, "WWW.example.org")),
        Some("12345")
    );
    assert_eq!(account_pointed_at(&certificate, &identifier(TargetKind::Domain, "example.com")), None);
    assert_eq!(account_pointed_at(&certificate, &identifier(TargetKind::CertSerial, "fa:1b")), Some("12345"));
}
