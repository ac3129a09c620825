use chrono::{TimeDelta, TimeZone, Utc};

use super::*;
use crate::domain::identifier::{Identifier, TargetKind};

const ROWS: &str = "
    INSERT INTO accounts VALUES ('12345', '2025-01-02 03:04:05', '192.0.2.10');
    INSERT INTO accounts VALUES ('777', '2025-02-02 00:00:00', '198.51.100.7');
    INSERT INTO contact_emails VALUES ('12345', 'owner@example.net', '2025-01-02 03:04:05', NULL);
    INSERT INTO certificates VALUES ('03a1', '12345', 'example.com www.example.com', '2026-03-10 00:00:00', '2026-06-08 00:00:00');
    INSERT INTO certificates VALUES ('03a2', '777', 'other.example', '2026-04-01 00:00:00', '2026-06-30 00:00:00');
    INSERT INTO api_log VALUES ('2026-03-05 23:59:59', '12345', 'new-order', 'example.com', '203.0.113.5');
    INSERT INTO api_log VALUES ('2026-03-06 00:00:00', '12345', 'new-order', 'example.com', '203.0.113.5');
    INSERT INTO api_log VALUES ('2026-05-01 12:00:00', '12345', 'finalize', '', '203.0.113.5');
    INSERT INTO api_log VALUES ('2026-05-01 12:00:01', NULL, 'new-account', '', '203.0.113.5');
    INSERT INTO api_log VALUES ('2026-05-02 00:00:00', '777', 'new-order', 'other.example', '203.0.113.5');
";

fn identifier(kind: TargetKind, value: &str) -> Identifier {
    Identifier::parse(kind, value).unwrap()
}

fn databases() -> Vec<(RecordsDb, Option<tempfile::TempDir>, Option<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("records.db").display());
    let mut all = vec![(RecordsDb::open(&url).unwrap(), Some(dir), None)];
    if let Ok(server) = std::env::var("LERT_TEST_POSTGRES_URL") {
        let name = format!("lert_records_{}", uuid::Uuid::now_v7().simple());
        let mut admin = RecordsDb::open(&server).unwrap();
        admin.connection().batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
        all.push((RecordsDb::open(&format!("{base}/{name}")).unwrap(), None, Some(name)));
    }
    for (db, _, _) in &mut all {
        db.create_schema().unwrap();
        db.connection().batch_execute(ROWS).unwrap();
    }
    all
}

fn drop_postgres(name: Option<String>) {
    if let (Some(name), Ok(server)) = (name, std::env::var("LERT_TEST_POSTGRES_URL")) {
        let mut admin = RecordsDb::open(&server).unwrap();
        admin.connection().batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
    }
}

#[test]
fn identifiers_lead_to_their_accounts() {
    for (mut db, _dir, pg) in databases() {
        let find = |db: &mut RecordsDb, ids: &[Identifier]| {
            db.accounts_for(ids).unwrap().into_iter().collect::<Vec<_>>()
        };
        assert_eq!(
            find(
                &mut db,
                &[identifier(TargetKind::AccountId, "https://acme-v02.api.letsencrypt.org/acme/acct/12345")]
            ),
            ["12345"]
        );
        assert_eq!(find(&mut db, &[identifier(TargetKind::Email, "Owner@Example.NET")]), ["12345"]);
        assert_eq!(find(&mut db, &[identifier(TargetKind::Domain, "www.example.com")]), ["12345"]);
        // A name is matched whole: "ample.com" is not "example.com".
        assert_eq!(find(&mut db, &[identifier(TargetKind::Domain, "ample.com")]), Vec::<String>::new());
        assert_eq!(find(&mut db, &[identifier(TargetKind::CertSerial, "03:A2")]), ["777"]);
        assert_eq!(find(&mut db, &[identifier(TargetKind::Ip, "203.0.113.5")]), ["12345", "777"]);
        assert_eq!(find(&mut db, &[identifier(TargetKind::AccountId, "999")]), Vec::<String>::new());
        drop(db);
        drop_postgres(pg);
    }
}

#[test]
fn logs_stream_in_time_order_inside_the_window_for_the_accounts_only() {
    for (mut db, _dir, pg) in databases() {
        let accounts: BTreeSet<String> = ["12345".to_owned()].into_iter().collect();
        let from = Utc.with_ymd_and_hms(2026, 3, 6, 0, 0, 0).unwrap();
        let window = TimeWindow { from, until: from + TimeDelta::days(90) };
        let mut seen = Vec::new();
        let count = db
            .stream(RecordKind::ApiLog, &accounts, Some(window), &mut |record| {
                let Record::ApiLog(entry) = record else { return Err("not a log".into()) };
                seen.push((entry.at.to_rfc3339(), entry.endpoint));
                Ok(())
            })
            .unwrap();
        assert_eq!(count, 2);
        assert_eq!(
            seen,
            [
                ("2026-03-06T00:00:00+00:00".to_owned(), "new-order".to_owned()),
                ("2026-05-01T12:00:00+00:00".to_owned(), "finalize".to_owned())
            ],
            "the second before the window is out, the edge is in; other accounts and account-less requests are not"
        );
        let all = db.stream(RecordKind::ApiLog, &accounts, None, &mut |_| Ok(())).unwrap();
        assert_eq!(all, 3, "without a window (a backup retrieval) the older entry is included");
        let certificates =
            db.stream(RecordKind::Certificates, &accounts, Some(window), &mut |_| Ok(())).unwrap();
        assert_eq!(certificates, 1);
        let mut contacts = Vec::new();
        db.stream(RecordKind::ContactEmails, &accounts, Some(window), &mut |r| {
            contacts.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(contacts.len(), 1, "account data is not clamped");
        drop(db);
        drop_postgres(pg);
    }
}

#[test]
fn a_bad_row_in_the_provider_database_stops_the_read_and_says_which() {
    for (mut db, _dir, pg) in databases() {
        db.connection()
            .batch_execute("INSERT INTO accounts VALUES ('abc', '2025-01-01 00:00:00', 'not-an-ip');")
            .unwrap();
        let accounts: BTreeSet<String> = ["abc".to_owned()].into_iter().collect();
        let error = db.stream(RecordKind::Accounts, &accounts, None, &mut |_| Ok(())).unwrap_err();
        assert!(
            matches!(&error, SourceError::InvalidRow { kind: "accounts", key, .. } if key == "abc"),
            "{error}"
        );
        let error = db
            .stream(RecordKind::Accounts, &["12345".to_owned()].into_iter().collect(), None, &mut |_| {
                Err("disk full".into())
            })
            .unwrap_err();
        assert_eq!(error.to_string(), "disk full");
        drop(db);
        drop_postgres(pg);
    }
}

#[test]
fn a_fill_gives_each_identifier_one_account_even_when_named_twice_or_filled_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = RecordsDb::open(&format!("sqlite://{}", dir.path().join("records.db").display())).unwrap();
    db.create_schema().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 6, 5, 0, 0, 0).unwrap();
    let ids = [
        identifier(TargetKind::Domain, "fill.example"),
        identifier(TargetKind::Domain, "FILL.example."),
        identifier(TargetKind::AccountId, "4242"),
        identifier(TargetKind::Email, "someone@fill.example"),
    ];
    let first = fill::fill_for(&mut db, &ids, now, 0, 1).unwrap();
    assert_eq!(first.accounts, 3, "the domain named twice has one account");
    let again = fill::fill_for(&mut db, &ids, now, 0, 1).unwrap();
    assert_eq!(again.accounts, 0, "a second fill adds nothing");
    assert_eq!(db.accounts_for(&ids[..1]).unwrap().len(), 1);
    assert_eq!(db.accounts_for(&ids[2..3]).unwrap().into_iter().collect::<Vec<_>>(), ["4242"]);
}
