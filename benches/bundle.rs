//! Bundle throughput: one account with `--rows N` (default 1,000,000) API log entries inside the
//! lookback window, assembled into a whole bundle (CSV, JSON, records report PDF, cover letter,
//! certification, manifests, ZIP), timed with its peak memory, next to `sqlite3 -csv` exporting
//! the same rows plus `zip` of the result in the same run. `cargo bench --bench bundle -- [--rows N]`;
//! docs/PERFORMANCE.md.

use std::process::Command;
use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use lert::domain::compulsion::TierPolicy;
use lert::domain::data_category::DataCategory;
use lert::domain::identifier::{Identifier, TargetKind};
use lert::domain::process_kind::ProcessKind;
use lert::domain::production_scope::{TimeWindow, gate_categories};
use lert::pdf;
use lert::productions::assemble::{BundleInput, assemble};
use lert::productions::records_db::RecordsDb;
use lert::productions::records_db::fill::fill_for;

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("records.db");
    let mut db = RecordsDb::open(&format!("sqlite://{}", db_path.display())).unwrap();
    db.create_schema().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 6, 4, 23, 0, 0).unwrap();
    let account = Identifier::parse(TargetKind::AccountId, "12345").unwrap();
    let started = Instant::now();
    fill_for(&mut db, std::slice::from_ref(&account), now, rows, 1).unwrap();
    println!(
        "seeded {rows} log rows in {:.1} s ({} cores)",
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let before = peak_mib();

    let day = |text: &str| text.parse::<NaiveDate>().unwrap();
    let window = TimeWindow::of_days(day("2026-03-06"), day("2026-06-04"), chrono_tz::UTC);
    let input = BundleInput {
        case_reference: "LE-2026-0042".into(),
        organisation: pdf::Organisation {
            name: "Internet Security Research Group".into(),
            address_lines: vec![],
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
        identifiers: vec![account],
        withheld_targets: vec![],
        gate: gate_categories(
            &TierPolicy::default(),
            &[ProcessKind::CourtOrder2703d],
            &[DataCategory::AccountRegistration, DataCategory::ApiLogs],
            &[],
        ),
        backup_retrieval: false,
        window: Some((window, day("2026-03-06"), day("2026-06-04"))),
        signer: pdf::Signer { name: "Alex Counsel".into(), title: "Counsel".into() },
        declarant: pdf::Signer { name: "Sam Custodian".into(), title: "Records custodian".into() },
        qualification: "I maintain the records systems.".into(),
        activity: "issuing TLS certificates".into(),
        machine_generated: None,
        executed_at: None,
        outside_us: false,
        bates_prefix: "ISRG".into(),
        password: None,
    };
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let out = dir.path().join("bundle.zip");
    let started = Instant::now();
    let made = assemble(&mut db, &input, &work, &out).unwrap();
    let lert_seconds = started.elapsed().as_secs_f64();
    let sizes: Vec<String> =
        made.files.iter().map(|f| format!("{} {:.1} MB", f.name, f.size as f64 / 1e6)).collect();
    println!(
        "lert bundle: {lert_seconds:.2} s, peak RSS {:.0} MiB (before: {before:.0} MiB), zip {:.1} MB",
        peak_mib(),
        made.zip.size as f64 / 1e6
    );
    println!("  rows {:?}", made.rows);
    println!("  files: {}", sizes.join(", "));

    let csv = dir.path().join("baseline.csv");
    let started = Instant::now();
    let export = Command::new("sqlite3")
        .args(["-csv", "-header"])
        .arg(&db_path)
        .arg("SELECT at, account_id, endpoint, domains, client_ip FROM api_log WHERE account_id = '12345' AND at >= '2026-03-06 00:00:00' AND at < '2026-06-05 00:00:00' ORDER BY at;")
        .stdout(std::fs::File::create(&csv).unwrap())
        .status();
    let zipped =
        Command::new("zip").args(["-q", "-j"]).arg(dir.path().join("baseline.zip")).arg(&csv).status();
    match (export, zipped) {
        (Ok(a), Ok(b)) if a.success() && b.success() => {
            let baseline = started.elapsed().as_secs_f64();
            println!("baseline sqlite3 -csv + zip: {baseline:.2} s; ratio {:.2}", lert_seconds / baseline);
        }
        _ => println!("baseline skipped: sqlite3 or zip is not installed"),
    }
}
