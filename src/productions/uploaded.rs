//! The exports engineers attached to a case, read back from the blob store as a records source.
//! They were validated when attached; they are validated again as they stream, so a blob that
//! changed underneath stops the production instead of slipping into it.

use std::collections::BTreeSet;

use super::records_db::SourceError;
use super::source::RecordsSource;
use super::upload::{UploadFormat, read_records};
use crate::domain::identifier::Identifier;
use crate::domain::production_scope::{TimeWindow, account_pointed_at};
use crate::domain::records::{Record, RecordKind};
use crate::storage::blobs::BlobStore;

/// One attached export.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    pub kind: RecordKind,
    pub format: UploadFormat,
    pub sha256: String,
    pub file_name: String,
}

pub struct UploadedRecords<'b> {
    pub blobs: &'b dyn BlobStore,
    pub files: Vec<UploadedFile>,
}

impl UploadedRecords<'_> {
    fn each(
        &self,
        kinds: &[RecordKind],
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<(), SourceError> {
        for file in self.files.iter().filter(|f| kinds.contains(&f.kind)) {
            let reader = self.blobs.open(&file.sha256).map_err(|e| SourceError::Open(e.to_string()))?;
            let report = read_records(file.kind, file.format, reader, &mut *sink)
                .map_err(|e| SourceError::Open(format!("the attached export {}: {e}", file.file_name)))?;
            if let Some(first) = report.errors.first() {
                return Err(SourceError::InvalidRow {
                    kind: file.kind.as_str(),
                    key: format!("{} line {}", file.file_name, first.line),
                    problem: first.message.clone(),
                });
            }
        }
        Ok(())
    }
}

impl RecordsSource for UploadedRecords<'_> {
    fn accounts_for(&mut self, identifiers: &[Identifier]) -> Result<BTreeSet<String>, SourceError> {
        let mut found = BTreeSet::new();
        self.each(&RecordKind::ALL, &mut |record| {
            for identifier in identifiers {
                if let Some(account) = account_pointed_at(&record, identifier) {
                    found.insert(account.to_owned());
                }
            }
            Ok(())
        })?;
        Ok(found)
    }

    fn stream(
        &mut self,
        kind: RecordKind,
        accounts: &BTreeSet<String>,
        window: Option<TimeWindow>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<u64, SourceError> {
        let mut count = 0;
        self.each(&[kind], &mut |record| {
            let (account, at) = match &record {
                Record::Account(r) => (Some(r.account_id.as_str()), None),
                Record::ContactEmail(r) => (Some(r.account_id.as_str()), None),
                Record::ApiLog(r) => (r.account_id.as_ref().map(|a| a.as_str()), Some(r.at)),
                Record::Certificate(r) => (Some(r.account_id.as_str()), Some(r.not_before)),
            };
            let in_window = match (window, at) {
                (Some(window), Some(at)) => window.contains(at),
                _ => true,
            };
            if in_window && account.is_some_and(|a| accounts.contains(a)) {
                count += 1;
                sink(record)?;
            }
            Ok(())
        })?;
        Ok(count)
    }
}
