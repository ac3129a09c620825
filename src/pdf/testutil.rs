//! Test helpers: sample inputs and an external check of generated PDFs with `qpdf --check` and
//! `pdftotext`, skipped with a printed reason where those tools are not installed.

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;

use crate::pdf::documents::{
    Certification, CertifiedFile, CoverLetter, LegalProcess, MachineGenerated, Organisation, ProducedFile,
    Signer, Withheld,
};
use crate::pdf::report::ReportMeta;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn organisation() -> Organisation {
    Organisation {
        name: "Example Certificate Authority, Inc.".into(),
        address_lines: vec!["548 Market St, PMB 77519".into(), "San Francisco, CA 94104-5401".into()],
    }
}

pub fn process() -> LegalProcess {
    LegalProcess {
        kind: "Grand jury subpoena".into(),
        docket: "26-GJ-104".into(),
        issued: date(2026, 4, 1),
        served: date(2026, 4, 3),
    }
}

pub fn sample_cover_letter() -> CoverLetter {
    CoverLetter {
        organisation: organisation(),
        date: date(2026, 5, 4),
        agency: "Federal Bureau of Investigation".into(),
        agent: "Special Agent Dana Whitfield".into(),
        process: process(),
        case_ref: "LERT-2026-0042".into(),
        produced: vec![
            ProducedFile { file_name: "accounts.csv".into(), category: "Subscriber information".into(), rows: 1 },
            ProducedFile { file_name: "api-log.csv".into(), category: "API transaction log".into(), rows: 1_000_000 },
        ],
        withheld: vec![Withheld {
            what: "Certificates issued".into(),
            reason: "a subpoena reaches subscriber-tier records only (18 U.S.C. 2703(c)(2)); certificates are public in CT logs".into(),
        }],
        lookback_note: "API transaction logs are kept for 90 days; the log records cover January 3, 2026 to April 3, 2026.".into(),
        signer: Signer { name: "Robin Ortiz".into(), title: "Associate General Counsel".into() },
    }
}

pub fn sample_certification() -> Certification {
    Certification {
        organisation: organisation(),
        case_ref: "LERT-2026-0042".into(),
        agency: "Federal Bureau of Investigation".into(),
        process: process(),
        declarant: Signer { name: "Sam Lindqvist".into(), title: "Custodian of Records".into() },
        qualification:
            "I manage the systems that create and store the company's account and API records and am \
                        familiar with how they are made and kept."
                .into(),
        activity: "operating a public certificate authority".into(),
        machine_generated: Some(MachineGenerated {
            records: "the API transaction log".into(),
            system: "the ACME API servers, which write one log entry per request as it is handled".into(),
            accuracy: "Entries are written automatically, time-stamped from NTP-synchronised clocks, and \
                       checked daily against request counters."
                .into(),
        }),
        files: vec![
            CertifiedFile {
                file_name: "accounts.csv".into(),
                size: 312,
                sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            },
            CertifiedFile {
                file_name: "api-log-2026-01-03_2026-04-03.csv".into(),
                size: 118_734_221,
                sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into(),
            },
        ],
        executed_on: date(2026, 5, 4),
        executed_at: Some("Dublin, Ireland".into()),
        outside_us: true,
    }
}

pub fn sample_report_meta() -> ReportMeta {
    ReportMeta {
        organisation: organisation().name,
        case_ref: "LERT-2026-0042".into(),
        agency: "Federal Bureau of Investigation".into(),
        process: "Grand jury subpoena 26-GJ-104".into(),
        date: date(2026, 5, 4),
        bates_prefix: "LERT".into(),
        bates_first: 100,
        note: "Records for account 81724; API log entries from January 3, 2026 to April 3, 2026.".into(),
    }
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// Writes `pdf` to the temp dir, runs `qpdf --check` (must exit 0) and `pdftotext` (its text must
/// contain every string of `needles`). Skips, saying why, when the tools are missing.
pub fn check_pdf(name: &str, pdf: &[u8], needles: &[&str]) {
    assert!(pdf.starts_with(b"%PDF-1.7"), "not a PDF 1.7 file");
    let path: PathBuf = std::env::temp_dir().join(name);
    std::fs::write(&path, pdf).expect("write PDF");
    if have("qpdf") {
        let out = Command::new("qpdf").arg("--check").arg(&path).output().expect("run qpdf");
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "qpdf --check failed for {}:\n{report}{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(report.contains("No syntax or stream encoding errors"), "{report}");
    } else {
        eprintln!("SKIPPED qpdf --check for {}: qpdf is not installed", path.display());
    }
    if have("pdftotext") {
        let out = Command::new("pdftotext").arg(&path).arg("-").output().expect("run pdftotext");
        assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        // Lines may wrap anywhere between words; compare with whitespace collapsed.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in needles {
            let want = needle.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&want), "pdftotext of {} lacks {needle:?}:\n{text}", path.display());
        }
    } else {
        eprintln!("SKIPPED pdftotext check for {}: pdftotext is not installed", path.display());
    }
}
