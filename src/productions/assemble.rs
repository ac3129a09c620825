//! Assembling a production bundle from a records source in one pass: each produced kind of
//! record streams from the source through the scope check into its CSV and JSON files and the
//! records report at once; then the cover letter, the certification listing every file with its
//! digest, the manifests, and the ZIP.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::bundle::data_files::{DataFiles, WrittenData};
use super::bundle::digest::{FileDigest, HashingWriter};
use super::bundle::manifest::{Manifest, sha256sum_lines};
use super::bundle::package::{PackageOptions, write_zip};
use super::records_db::SourceError;
use super::source::RecordsSource;
use crate::domain::identifier::Identifier;
use crate::domain::production_scope::{CategoryGate, Scope, TimeWindow, judge};
use crate::domain::records::RecordKind;
use crate::pdf::{self, Column, PdfError};

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
}

/// Makes the bundle at `out`, using `work` (an empty directory) for its files.
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
        accounts: accounts.clone(),
    };
    let mut report = pdf::RecordsReport::new(&pdf::ReportMeta {
        organisation: input.organisation.name.clone(),
        case_ref: input.case_reference.clone(),
        agency: input.agency.clone(),
        process: format!("{} {}", input.process.kind, input.process.docket).trim().to_owned(),
        date: input.generated_on,
        bates_prefix: input.bates_prefix.clone(),
        bates_first: 1,
        note: window_note(input),
    })?;
    let mut written: Vec<WrittenData> = Vec::new();
    for kind in RecordKind::ALL.into_iter().filter(|k| scope.categories.contains(&k.category())) {
        let mut files = DataFiles::create(work, kind)?;
        let columns: Vec<Column> = kind.columns().iter().map(|c| Column::new(*c, 1.0)).collect();
        report.section(kind.category().label(), &columns)?;
        let windowed = matches!(kind, RecordKind::ApiLog | RecordKind::Certificates);
        let mut failure: Option<AssembleError> = None;
        source
            .stream(kind, &accounts, if windowed { scope.window } else { None }, &mut |record| {
                if judge(&scope, &record).is_err() {
                    return Ok(());
                }
                let result = files.write(&record).map_err(AssembleError::from).and_then(|cells| {
                    let texts: Vec<&str> = cells.iter().map(String::as_str).collect();
                    report.row(&texts).map_err(AssembleError::from)
                });
                result.map_err(|error| {
                    let message = error.to_string();
                    failure = Some(error);
                    message
                })
            })
            .map_err(|error| failure.take().unwrap_or(AssembleError::Source(error)))?;
        written.push(files.finish()?);
    }
    let mut files: Vec<FileDigest> = written.iter().flat_map(|w| [w.csv.clone(), w.json.clone()]).collect();
    files.push(write_file(work, "records-report.pdf", &report.finish()?)?);
    let produced = written
        .iter()
        .flat_map(|w| {
            let category = w.kind.category().label().to_owned();
            [&w.csv, &w.json].map(|file| pdf::ProducedFile {
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
    files.push(write_file(work, "cover-letter.pdf", &letter)?);
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
    files.push(write_file(work, "certification.pdf", &certification)?);
    let manifest = Manifest {
        case_reference: input.case_reference.clone(),
        process: input.process.kind.clone(),
        window: input.window.map(|(_, first, last)| (first, last)),
        generator: format!("lert {}", env!("CARGO_PKG_VERSION")),
        generated_on: input.generated_on,
        files: files.clone(),
    };
    files.push(write_file(work, "manifest.json", manifest.to_json().as_bytes())?);
    write_file(work, "MANIFEST.sha256", sha256sum_lines(&files).as_bytes())?;
    let mut entries: Vec<(String, PathBuf)> =
        files.iter().map(|f| (f.name.clone(), work.join(&f.name))).collect();
    entries.push(("MANIFEST.sha256".to_owned(), work.join("MANIFEST.sha256")));
    let modified = input.generated_on.and_hms_opt(0, 0, 0).expect("midnight exists");
    let options =
        PackageOptions { folder: &input.case_reference, password: input.password.as_deref(), modified };
    let zip = write_zip(out, &entries, &options)?;
    Ok(Assembled { zip, files, rows: written.iter().map(|w| (w.kind, w.rows)).collect() })
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

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<FileDigest> {
    let mut writer = HashingWriter::new(std::fs::File::create(dir.join(name))?);
    std::io::Write::write_all(&mut writer, bytes)?;
    let (file, digest) = writer.finish(name)?;
    file.sync_all()?;
    Ok(digest)
}

#[cfg(test)]
mod tests;
