use std::collections::HashMap;

use super::*;

fn row<'a>(fields: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> {
    let map: HashMap<&str, &str> = fields.iter().copied().collect();
    move |name| map.get(name).copied()
}

#[test]
fn a_complete_api_log_row_is_normalised() {
    let fields = [
        ("at", "2026-06-05T09:30:00.1234567-07:00"),
        ("account_id", "https://acme-v02.api.letsencrypt.org/acme/acct/0012345"),
        ("endpoint", "new-order"),
        ("domains", "Example.COM www.example.com"),
        ("client_ip", "2001:DB8::1"),
    ];
    let Record::ApiLog(entry) = validate(RecordKind::ApiLog, row(&fields)).unwrap() else { panic!() };
    assert_eq!(entry.at.to_rfc3339(), "2026-06-05T16:30:00.123456+00:00", "UTC, microseconds");
    assert_eq!(entry.account_id.unwrap().as_str(), "12345");
    let domains: Vec<&str> = entry.domains.iter().map(Domain::as_str).collect();
    assert_eq!(domains, ["example.com", "www.example.com"]);
    assert_eq!(entry.client_ip.as_str(), "2001:db8::1");
}

#[test]
fn every_problem_in_a_row_is_reported() {
    let fields =
        [("at", "yesterday"), ("endpoint", ""), ("domains", "exa mple..com"), ("client_ip", "300.1.1.1")];
    let problems = validate(RecordKind::ApiLog, row(&fields)).unwrap_err();
    let named: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(named, ["at", "endpoint", "domains", "client_ip"], "{problems:#?}");
    assert!(problems[0].message.contains("not a time"));
    assert_eq!(problems[1].message, "is required");
}

#[test]
fn optional_fields_may_be_blank_and_order_of_times_is_checked() {
    let fields = [
        ("account_id", "42"),
        ("email", "Owner@Example.net"),
        ("added_at", "2026-01-02 03:04:05"),
        ("removed_at", ""),
    ];
    let Record::ContactEmail(contact) = validate(RecordKind::ContactEmails, row(&fields)).unwrap() else {
        panic!()
    };
    assert_eq!(
        (contact.removed_at, contact.added_at.to_rfc3339().as_str()),
        (None, "2026-01-02T03:04:05+00:00")
    );
    let backwards = [
        ("account_id", "42"),
        ("email", "o@example.net"),
        ("added_at", "2026-01-02T00:00:00Z"),
        ("removed_at", "2026-01-01T00:00:00Z"),
    ];
    let problems = validate(RecordKind::ContactEmails, row(&backwards)).unwrap_err();
    assert_eq!(problems, [FieldProblem { field: "removed_at", message: "is before added_at".into() }]);
}

#[test]
fn certificates_need_names_and_a_forward_validity() {
    let fields = [
        ("serial", "03:A1:B2"),
        ("account_id", "42"),
        ("names", ""),
        ("not_before", "2026-06-01T00:00:00Z"),
        ("not_after", "2026-05-01T00:00:00Z"),
    ];
    let problems = validate(RecordKind::Certificates, row(&fields)).unwrap_err();
    let named: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(named, ["names", "not_after"], "{problems:#?}");
    assert_eq!(problems[0].message, "is required");
}

#[test]
fn kinds_round_trip_and_name_their_category_and_columns() {
    for kind in RecordKind::ALL {
        assert_eq!(RecordKind::parse(kind.as_str()), Some(kind));
        assert!(!kind.columns().is_empty());
    }
    assert_eq!(RecordKind::ApiLog.category(), DataCategory::ApiLogs);
    assert_eq!(RecordKind::parse("payments"), None);
}
