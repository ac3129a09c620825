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
    // Each side runs `--runs` times (default 3), alternating, and the medians are compared: one
    // run of either is too noisy on a shared 2-core machine.
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut lert_times = Vec::new();
    let mut baseline_times = Vec::new();
    for run in 0..runs {
        let work = dir.path().join(format!("work-{run}"));
        std::fs::create_dir(&work).unwrap();
        let out = dir.path().join(format!("bundle-{run}.zip"));
        let started = Instant::now();
        let made = assemble(&mut db, &input, &work, &out).unwrap();
        lert_times.push(started.elapsed().as_secs_f64());
        if run == 0 {
            let sizes: Vec<String> =
                made.files.iter().map(|f| format!("{} {:.1} MB", f.name, f.size as f64 / 1e6)).collect();
            println!("  rows {:?}", made.rows);
            println!("  files: {}, zip {:.1} MB", sizes.join(", "), made.zip.size as f64 / 1e6);
        }
        std::fs::remove_dir_all(&work).unwrap();
        std::fs::remove_file(&out).unwrap();
        if let Some(seconds) = baseline(dir.path(), &db_path, run) {
            baseline_times.push(seconds);
        }
    }
    let lert = median(&mut lert_times);
    println!(
        "lert bundle: median {lert:.2} s of {lert_times:.2?}, peak RSS {:.0} MiB (before: {before:.0} MiB)",
        peak_mib()
    );
    if baseline_times.is_empty() {
        println!("baseline skipped: sqlite3 or zip is not installed");
    } else {
        let base = median(&mut baseline_times);
        println!(
            "baseline sqlite3 -csv + zip: median {base:.2} s of {baseline_times:.2?}; ratio {:.2}",
            lert / base
        );
    }
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// `sqlite3 -csv` of the same rows plus `zip` of the CSV, timed; `None` without the tools.
fn baseline(dir: &std::path::Path, db_path: &std::path::Path, run: usize) -> Option<f64> {
    let csv = dir.join(format!("baseline-{run}.csv"));
    let zip = dir.join(format!("baseline-{run}.zip"));
    let started = Instant::now();
    let export = Command::new("sqlite3")
        .args(["-csv", "-header"])
        .arg(db_path)
        .arg("SELECT at, account_id, endpoint, domains, client_ip FROM api_log WHERE account_id = '12345' AND at >= '2026-03-06 00:00:00' AND at < '2026-06-05 00:00:00' ORDER BY at;")
        .stdout(std::fs::File::create(&csv).ok()?)
        .status()
        .ok()?;
    let zipped = Command::new("zip").args(["-q", "-j"]).arg(&zip).arg(&csv).status().ok()?;
    let seconds = started.elapsed().as_secs_f64();
    let _ = (std::fs::remove_file(&csv), std::fs::remove_file(&zip));
    (export.success() && zipped.success()).then_some(seconds)
}
