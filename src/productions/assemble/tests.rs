use std::process::Command;

use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::compulsion::TierPolicy;
use crate::domain::data_category::DataCategory;
use crate::domain::identifier::TargetKind;
use crate::domain::process_kind::ProcessKind;
use crate::domain::production_scope::gate_categories;
use crate::productions::records_db::RecordsDb;
use crate::productions::records_db::fill::fill_for;

fn input(window: TimeWindow, password: Option<&str>) -> BundleInput {
    let day = |text: &str| text.parse::<NaiveDate>().unwrap();
    let requested = [DataCategory::AccountRegistration, DataCategory::ContactEmail, DataCategory::ApiLogs];
    BundleInput {
        case_reference: "LE-2026-0042".into(),
        organisation: pdf::Organisation {
            name: "Internet Security Research Group".into(),
            address_lines: vec!["San Francisco, CA".into()],
        },
        agency: "Federal Bureau of Investigation".into(),
        agent: "Dana Whitfield".into(),
        process: pdf::LegalProcess {
            kind: "2703(d) court order".into(),
            docket: "26-MJ-0142".into(),
            issued: day("2026-06-01"),
            served: day("2026-06-04"),
        },
        generated_on: day("2026-06-20"),
        identifiers: vec![Identifier::parse(TargetKind::AccountId, "12345").unwrap()],
        withheld_targets: vec![("account 777".into(), "not named with particularity".into())],
        gate: gate_categories(&TierPolicy::default(), &[ProcessKind::CourtOrder2703d], &requested, &[]),
        backup_retrieval: false,
        window: Some((window, day("2026-03-06"), day("2026-06-04"))),
        signer: pdf::Signer { name: "Alex Counsel".into(), title: "Counsel".into() },
        declarant: pdf::Signer { name: "Sam Custodian".into(), title: "Records custodian".into() },
        qualification: "I maintain the records systems named below.".into(),
        activity: "issuing TLS certificates".into(),
        machine_generated: None,
        executed_at: None,
        outside_us: false,
        bates_prefix: "ISRG".into(),
        password: password.map(str::to_owned),
    }
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok()
}

#[test]
fn a_bundle_holds_what_the_scope_allows_and_verifies_with_standard_tools() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = RecordsDb::open(&format!("sqlite://{}", dir.path().join("records.db").display())).unwrap();
    db.create_schema().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 6, 4, 12, 0, 0).unwrap();
    let ids = [
        Identifier::parse(TargetKind::AccountId, "12345").unwrap(),
        Identifier::parse(TargetKind::AccountId, "777").unwrap(),
    ];
    fill_for(&mut db, &ids, now, 300, 3).unwrap();
    let window =
        TimeWindow::of_days("2026-03-06".parse().unwrap(), "2026-06-04".parse().unwrap(), chrono_tz::UTC);
    let accounts: BTreeSet<String> = ["12345".to_owned()].into_iter().collect();
    let in_window = db.stream(RecordKind::ApiLog, &accounts, Some(window), &mut |_| Ok(())).unwrap();
    let all = db.stream(RecordKind::ApiLog, &accounts, None, &mut |_| Ok(())).unwrap();
    assert!(in_window < all, "the fill spreads logs beyond the window");

    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let out = dir.path().join("LE-2026-0042.zip");
    let made = assemble(&mut db, &input(window, None), &work, &out).unwrap();
    assert_eq!(
        made.rows,
        [(RecordKind::Accounts, 1), (RecordKind::ContactEmails, 1), (RecordKind::ApiLog, in_window)],
        "certificates were not requested; account 777 was withheld"
    );
    let names: Vec<&str> = made.files.iter().map(|f| f.name.as_str()).collect();
    for expected in [
        "api_log.csv",
        "api_log.json",
        "records-report.pdf",
        "cover-letter.pdf",
        "certification.pdf",
        "manifest.json",
    ] {
        assert!(names.contains(&expected), "{names:?}");
    }
    let mut csv = String::new();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    std::io::Read::read_to_string(&mut archive.by_name("LE-2026-0042/api_log.csv").unwrap(), &mut csv)
        .unwrap();
    assert!(!work.join("api_log.csv").exists(), "no file is written out in clear beside the bundle");
    assert_eq!(csv.lines().count() as u64, in_window + 1);
    assert!(!csv.contains(",777,"));

    // The same input on the same date gives the same PDFs.
    let again = dir.path().join("again");
    std::fs::create_dir(&again).unwrap();
    let second = assemble(&mut db, &input(window, None), &again, &dir.path().join("again.zip")).unwrap();
    for name in ["records-report.pdf", "cover-letter.pdf", "certification.pdf"] {
        let digest = |made: &Assembled| made.files.iter().find(|f| f.name == name).unwrap().sha256.clone();
        assert_eq!(digest(&made), digest(&second), "{name} differs between two runs");
    }
    assert_eq!(made.zip.sha256, second.zip.sha256, "the same input on the same date gives the same ZIP");

    if !(tool("unzip") && tool("sha256sum") && tool("qpdf") && tool("pdftotext")) {
        eprintln!("skipped the unzip, sha256sum, qpdf and pdftotext checks: the tools are not installed");
        return;
    }
    let target = dir.path().join("unzipped");
    assert!(Command::new("unzip").arg("-q").arg(&out).arg("-d").arg(&target).status().unwrap().success());
    let folder = target.join("LE-2026-0042");
    let check =
        Command::new("sha256sum").args(["-c", "MANIFEST.sha256"]).current_dir(&folder).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    for name in ["records-report.pdf", "cover-letter.pdf", "certification.pdf"] {
        let qpdf = Command::new("qpdf").arg("--check").arg(folder.join(name)).output().unwrap();
        assert!(qpdf.status.success(), "{name}: {}", String::from_utf8_lossy(&qpdf.stdout));
    }
    let text = Command::new("pdftotext").arg(folder.join("certification.pdf")).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let csv_digest = &made.files.iter().find(|f| f.name == "api_log.csv").unwrap().sha256;
    assert!(text.contains("LE-2026-0042") && text.contains("Federal Bureau of Investigation"), "{text}");
    assert!(text.contains(csv_digest.as_str()), "the certification lists the digest of api_log.csv");
    let letter = Command::new("pdftotext").arg(folder.join("cover-letter.pdf")).arg("-").output().unwrap();
    let letter = String::from_utf8_lossy(&letter.stdout);
    assert!(letter.contains("not named with particularity"), "{letter}");
}

#[test]
fn an_encrypted_bundle_needs_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = RecordsDb::open(&format!("sqlite://{}", dir.path().join("records.db").display())).unwrap();
    db.create_schema().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 6, 4, 12, 0, 0).unwrap();
    fill_for(&mut db, &[Identifier::parse(TargetKind::AccountId, "12345").unwrap()], now, 0, 3).unwrap();
    let window =
        TimeWindow::of_days("2026-03-06".parse().unwrap(), "2026-06-04".parse().unwrap(), chrono_tz::UTC);
    let out = dir.path().join("bundle.zip");
    assemble(&mut db, &input(window, Some("out of band")), dir.path(), &out).unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    assert!(archive.by_name("LE-2026-0042/MANIFEST.sha256").is_err());
    assert!(archive.by_name_decrypt("LE-2026-0042/MANIFEST.sha256", b"out of band").is_ok());
}
