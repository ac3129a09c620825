//! Assembling a production bundle from a records source in one pass: each produced kind of
//! record streams from the source through the scope check into its CSV and JSON files and the
//! records report at once; then the cover letter, the certification listing every file with its
//! digest, the manifests, and the ZIP.

use std::collections::BTreeSet;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use chrono::NaiveDate;

use super::bundle::data_files::DataFiles;
use super::bundle::digest::FileDigest;
use super::bundle::manifest::{Manifest, sha256sum_lines};
use super::bundle::package::{PackageOptions, Packing, Part, join, write_part};
use super::records_db::SourceError;
use super::source::RecordsSource;
use crate::domain::identifier::Identifier;
use crate::domain::production_scope::{CategoryGate, Scope, TimeWindow, judge};
use crate::domain::records::RecordKind;
use crate::pdf::{self, Column, PdfError};

const REPORT: &str = "records-report.pdf";

/// Everything a bundle says, decided before it is made.
#[derive(Debug, Clone)]
pub struct BundleInput {
    pub case_reference: String,
    pub organisation: pdf::Organisation,
    pub agency: String,
    pub agent: String,
    pub process: pdf::LegalProcess,
    pub generated_on: NaiveDate,
    /// The targets counsel decided to produce.
    pub identifiers: Vec<Identifier>,
    /// Targets withheld, with counsel's reasons.
    pub withheld_targets: Vec<(String, String)>,
    pub gate: CategoryGate,
    /// The window (with its first and last day) logs and certificates are clamped to; `None`
    /// when there is no limit (a backup retrieval for an agency that named no period).
    pub window: Option<(TimeWindow, NaiveDate, NaiveDate)>,
    /// Counsel recorded a retrieval from backups beyond the 90-day lookback.
    pub backup_retrieval: bool,
    pub signer: pdf::Signer,
    pub declarant: pdf::Signer,
    pub qualification: String,
    pub activity: String,
    pub machine_generated: Option<pdf::MachineGenerated>,
    /// Where the certification is signed ("San Francisco, California"), if given.
    pub executed_at: Option<String>,
    pub outside_us: bool,
    pub bates_prefix: String,
    pub password: Option<String>,
}

/// A made bundle.
#[derive(Debug, Clone)]
pub struct Assembled {
    pub zip: FileDigest,
    /// Every file inside, with its digest.
    pub files: Vec<FileDigest>,
    pub rows: Vec<(RecordKind, u64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum AssembleError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error("writing the bundle: {0}")]
    Io(#[from] std::io::Error),
    /// The records report's thread stopped.
    #[error("the records report thread {0}")]
    Worker(String),
}

/// Makes the bundle at `out`, using `work` (an empty directory) for its parts. The data files
/// are written on this thread while the records report is drawn on another.
pub fn assemble(
    source: &mut dyn RecordsSource,
    input: &BundleInput,
    work: &Path,
    out: &Path,
) -> Result<Assembled, AssembleError> {
    let accounts: BTreeSet<String> = source.accounts_for(&input.identifiers)?;
    let scope = Scope {
        categories: input.gate.produced.clone(),
        window: input.window.map(|(window, _, _)| window),
        accounts,
    };
    let modified = input.generated_on.and_hms_opt(0, 0, 0).expect("midnight exists");
    let options =
        PackageOptions { folder: &input.case_reference, password: input.password.as_deref(), modified };
    let report_meta = pdf::ReportMeta {
        organisation: input.organisation.name.clone(),
        case_ref: input.case_reference.clone(),
        agency: input.agency.clone(),
        process: format!("{} {}", input.process.kind, input.process.docket).trim().to_owned(),
        date: input.generated_on,
        bates_prefix: input.bates_prefix.clone(),
        bates_first: 1,
        note: window_note(input),
    };
    let (written, report) = std::thread::scope(|threads| {
        let (rows, receiver) = mpsc::sync_channel::<ReportMessage>(16);
        let worker = threads.spawn(|| draw_report(&report_meta, receiver, work, &options));
        let written = write_data(source, &scope, work, &options, &rows);
        drop(rows);
        let report = worker.join().unwrap_or_else(|_| Err(AssembleError::Worker("panicked".to_owned())));
        match (written, report) {
            (Ok(written), Ok(report)) => Ok((written, report)),
            // The report stopped first: its error says why the rows could not be handed over.
            (Err(AssembleError::Worker(_)), Err(report_error)) => Err(report_error),
            (Err(error), _) | (Ok(_), Err(error)) => Err(error),
        }
    })?;
    let mut parts: Vec<PathBuf> = Vec::new();
    let mut files: Vec<FileDigest> = Vec::new();
    for data in &written {
        for (path, digest) in [&data.csv, &data.json] {
            parts.push(path.clone());
            files.push(digest.clone());
        }
    }
    parts.push(report.0);
    files.push(report.1);
    let produced = written
        .iter()
        .flat_map(|w| {
            let category = w.kind.category().label().to_owned();
            [&w.csv.1, &w.json.1].map(|file| pdf::ProducedFile {
                file_name: file.name.clone(),
                category: category.clone(),
                rows: w.rows,
            })
        })
        .collect();
    let mut withheld: Vec<pdf::Withheld> = input
        .gate
        .withheld
        .iter()
        .map(|(category, reason)| pdf::Withheld { what: category.label().to_owned(), reason: reason.clone() })
        .collect();
    withheld.extend(
        input
            .withheld_targets
            .iter()
            .map(|(what, reason)| pdf::Withheld { what: what.clone(), reason: reason.clone() }),
    );
    let letter = pdf::cover_letter(&pdf::CoverLetter {
        organisation: input.organisation.clone(),
        date: input.generated_on,
        agency: input.agency.clone(),
        agent: input.agent.clone(),
        process: input.process.clone(),
        case_ref: input.case_reference.clone(),
        produced,
        withheld,
        lookback_note: window_note(input),
        signer: input.signer.clone(),
    })?;
    let mut add = |name: &str, bytes: &[u8], packing: Packing| -> std::io::Result<FileDigest> {
        let (path, digest) = write_part(work, name, bytes, packing, &options)?;
        parts.push(path);
        Ok(digest)
    };
    files.push(add("cover-letter.pdf", &letter, Packing::Store)?);
    let certification = pdf::certification(&pdf::Certification {
        organisation: input.organisation.clone(),
        case_ref: input.case_reference.clone(),
        agency: input.agency.clone(),
        process: input.process.clone(),
        declarant: input.declarant.clone(),
        qualification: input.qualification.clone(),
        activity: input.activity.clone(),
        machine_generated: input.machine_generated.clone(),
        files: files
            .iter()
            .map(|f| pdf::CertifiedFile { file_name: f.name.clone(), size: f.size, sha256: f.sha256.clone() })
            .collect(),
        executed_on: input.generated_on,
        executed_at: input.executed_at.clone(),
        outside_us: input.outside_us,
    })?;
    files.push(add("certification.pdf", &certification, Packing::Store)?);
    let manifest = Manifest {
        case_reference: input.case_reference.clone(),
        process: input.process.kind.clone(),
        window: input.window.map(|(_, first, last)| (first, last)),
        generator: format!("lert {}", env!("CARGO_PKG_VERSION")),
        generated_on: input.generated_on,
        files: files.clone(),
    };
    files.push(add("manifest.json", manifest.to_json().as_bytes(), Packing::Deflate)?);
    add("MANIFEST.sha256", sha256sum_lines(&files).as_bytes(), Packing::Deflate)?;
    let zip = join(out, &parts)?;
    Ok(Assembled { zip, files, rows: written.iter().map(|w| (w.kind, w.rows)).collect() })
}

/// One kind's two data files, written.
struct WrittenData {
    kind: RecordKind,
    rows: u64,
    csv: (PathBuf, FileDigest),
    json: (PathBuf, FileDigest),
}

/// What the data thread hands the report thread: rows go in batches, so the two threads meet
/// once per batch rather than once per row.
enum ReportMessage {
    Section { title: &'static str, columns: Vec<Column> },
    Rows(Vec<Vec<String>>),
}

const ROWS_PER_BATCH: usize = 512;

/// Streams each produced kind from the source through the scope check into its CSV and JSON
/// parts, handing each row's cells on to the report.
fn write_data(
    source: &mut dyn RecordsSource,
    scope: &Scope,
    work: &Path,
    options: &PackageOptions<'_>,
    report: &mpsc::SyncSender<ReportMessage>,
) -> Result<Vec<WrittenData>, AssembleError> {
    let handed = |_| AssembleError::Worker("stopped".to_owned());
    let mut written = Vec::new();
    for kind in RecordKind::ALL.into_iter().filter(|k| scope.categories.contains(&k.category())) {
        let open = |extension: &str| -> std::io::Result<BufWriter<Part>> {
            let name = format!("{}.{extension}", kind.as_str());
            Ok(BufWriter::with_capacity(64 * 1024, Part::create(work, &name, Packing::Deflate, options)?))
        };
        let mut files = DataFiles::new(kind, open("csv")?, open("json")?)?;
        let columns: Vec<Column> = kind.columns().iter().map(|c| Column::new(*c, 1.0)).collect();
        report.send(ReportMessage::Section { title: kind.category().label(), columns }).map_err(handed)?;
        let windowed = matches!(kind, RecordKind::ApiLog | RecordKind::Certificates);
        let mut failure: Option<AssembleError> = None;
        let mut batch: Vec<Vec<String>> = Vec::with_capacity(ROWS_PER_BATCH);
        source
            .stream(kind, &scope.accounts, if windowed { scope.window } else { None }, &mut |record| {
                if judge(scope, &record).is_err() {
                    return Ok(());
                }
                let result = files.write(&record).map_err(AssembleError::from).and_then(|cells| {
                    batch.push(cells);
                    if batch.len() < ROWS_PER_BATCH {
                        return Ok(());
                    }
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(ROWS_PER_BATCH));
                    report.send(ReportMessage::Rows(full)).map_err(handed)
                });
                result.map_err(|error| {
                    let message = error.to_string();
                    failure = Some(error);
                    message
                })
            })
            .map_err(|error| failure.take().unwrap_or(AssembleError::Source(error)))?;
        report.send(ReportMessage::Rows(batch)).map_err(handed)?;
        let (csv, json, rows) = files.finish()?;
        let close = |writer: BufWriter<Part>| -> std::io::Result<(PathBuf, FileDigest)> {
            writer.into_inner().map_err(|e| e.into_error())?.finish()
        };
        written.push(WrittenData { kind, rows, csv: close(csv)?, json: close(json)? });
    }
    Ok(written)
}

/// The report thread: draws the rows it is handed into the records report's part.
fn draw_report(
    meta: &pdf::ReportMeta,
    rows: mpsc::Receiver<ReportMessage>,
    work: &Path,
    options: &PackageOptions<'_>,
) -> Result<(PathBuf, FileDigest), AssembleError> {
    let part = Part::create(work, REPORT, Packing::Store, options)?;
    let mut report = pdf::RecordsReport::new(meta, BufWriter::with_capacity(256 * 1024, part))?;
    for message in rows {
        match message {
            ReportMessage::Section { title, columns } => report.section(title, &columns)?,
            ReportMessage::Rows(rows) => {
                for cells in rows {
                    let texts: Vec<&str> = cells.iter().map(String::as_str).collect();
                    report.row(&texts)?;
                }
            }
        }
    }
    let part = report.finish()?.into_inner().map_err(|e| e.into_error())?;
    Ok(part.finish()?)
}

fn window_note(input: &BundleInput) -> String {
    match (input.window, input.backup_retrieval) {
        (Some((_, first, last)), false) => format!(
            "API transaction logs and certificate lists cover {first} to {last}, the logs still active and searchable (90 days before the request or its preservation); account records are included whatever their age."
        ),
        (Some((_, first, last)), true) => format!(
            "API transaction logs and certificate lists cover {first} to {last}, the period requested; counsel approved a retrieval from backups for logs older than the 90-day window."
        ),
        (None, _) => "Counsel approved a retrieval from backups: logs and certificate lists are not limited to the 90-day window.".to_owned(),
    }
}

#[cfg(test)]
mod tests;
