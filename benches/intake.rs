//! Intake throughput: messages carrying a 200 KB PDF subpoena, stored raw, parsed (PDF text
//! included), classified and filed on SQLite, next to the parse-only rate of the same messages
//! in the same run. `cargo bench --bench intake -- [--messages N] [--dense]`; docs/PERFORMANCE.md.

use std::path::Path;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use lert::config::Settings;
use lert::intake::IntakeContext;
use lert::intake::maildir::import_new;
use lert::intake::prepare::{PrepareContext, prepare};

/// An ordinary request: a two-page subpoena with its scanned signature and court seal.
const TYPICAL_PDF: &str = "tests/fixtures/mail/attachments/subpoena-signed-200k.pdf";
/// An extreme one: 28 pages of exhibits naming 1,260 identifiers, each becoming a target.
const DENSE_PDF: &str = "tests/fixtures/mail/attachments/subpoena-200k.pdf";

/// Message `n`: a subpoena cover note with the PDF attached, unique by its Message-ID.
fn message(n: usize, pdf_base64: &str) -> Vec<u8> {
    format!(
        "Return-Path: <agent{n}@fbi.gov>\r\n\
         Authentication-Results: mx.example-trust.test; spf=pass smtp.mailfrom=agent{n}@fbi.gov; \
         dkim=pass header.d=fbi.gov; dmarc=pass header.from=fbi.gov\r\n\
         From: \"Agent {n}\" <agent{n}@fbi.gov>\r\nTo: law-enforcement@example-trust.test\r\n\
         Subject: Grand Jury Subpoena - GJ No. 26-{n:04}\r\nMessage-ID: <bench-{n}@fbi.gov>\r\n\
         Date: Thu, 26 Nov 2026 10:00:00 -0500\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nPlease see the attached grand jury subpoena.\r\n\
         Special Agent {n}\r\nFederal Bureau of Investigation\r\nOffice: (215) 555-0143\r\n\r\n--b\r\n\
         Content-Type: application/pdf; name=\"subpoena.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment; filename=\"subpoena.pdf\"\r\n\r\n{pdf_base64}\r\n--b--\r\n"
    )
    .into_bytes()
}

fn base64_lines(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for j in 0..4 {
            if j <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * j)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args
        .iter()
        .position(|a| a == "--messages")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dense = args.iter().any(|a| a == "--dense");
    let path = if dense { DENSE_PDF } else { TYPICAL_PDF };
    println!("PDF: {path}");
    let pdf =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("the 200 KB PDF fixture");
    let pdf_base64 = base64_lines(&pdf);
    let messages: Vec<Vec<u8>> = (0..count).map(|n| message(n, &pdf_base64)).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "messages: {count}, each {} bytes with a {}-byte PDF; {threads} cores",
        messages[0].len(),
        pdf.len()
    );

    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings { data_dir: dir.path().join("data"), ..Settings::default() };
    settings.intake.trusted_authserv_ids = vec!["mx.example-trust.test".into()];
    let clocks = settings.clocks_in_force().unwrap();
    let received_on = Utc.with_ymd_and_hms(2026, 11, 26, 15, 0, 0).unwrap().date_naive();

    // Parse only: parse, PDF text, classify and authenticity, no storage.
    let context = PrepareContext {
        settings: &settings.intake,
        law_enforcement: &clocks.policy.law_enforcement_domains,
        received_on,
        pdf_text: true,
    };
    let started = Instant::now();
    for raw in &messages {
        std::hint::black_box(prepare(raw, &context));
    }
    let parse_one = count as f64 / started.elapsed().as_secs_f64();
    let started = Instant::now();
    std::thread::scope(|scope| {
        for part in messages.chunks(count.div_ceil(threads)) {
            let context = &context;
            scope
                .spawn(move || part.iter().for_each(|raw| drop(std::hint::black_box(prepare(raw, context)))));
        }
    });
    let parse_all = count as f64 / started.elapsed().as_secs_f64();
    println!("parse only, 1 thread:        {parse_one:8.1} msg/s");
    println!("parse only, {threads} threads:       {parse_all:8.1} msg/s");

    // Full intake from a Maildir: raw stored (blob + row), parsed, classified, filed, committed.
    let maildir = dir.path().join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    for (n, raw) in messages.iter().enumerate() {
        std::fs::write(maildir.join("new").join(format!("{n:08}.bench")), raw).unwrap();
    }
    let storage = lert::app::Storage::open(&settings).unwrap();
    let mut conn = storage.pool.get().unwrap();
    let intake = IntakeContext { blobs: storage.blobs.as_ref(), clocks: &clocks, settings: &settings.intake };
    let started = Instant::now();
    let report = import_new(&mut conn, intake, Utc::now, &maildir).unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(report.filed, count, "{report:?}");
    println!(
        "intake (SQLite, Maildir):    {:8.1} msg/s ({count} filed in {elapsed:.2} s)",
        count as f64 / elapsed
    );
}
