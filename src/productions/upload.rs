//! Records exported by an engineer and attached to a case, as CSV (a header row naming the
//! columns) or JSON Lines (one object per line). Rows are read and validated one at a time and
//! handed on, so an export of any size passes through in constant memory; every bad row is
//! reported with its line and field.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use serde::Serialize;

use crate::domain::records::{Record, RecordKind, validate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadFormat {
    Csv,
    JsonLines,
}

impl UploadFormat {
    /// From a file name's extension: `.csv`, `.jsonl` or `.ndjson`.
    pub fn from_file_name(name: &str) -> Option<UploadFormat> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(UploadFormat::Csv)
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Some(UploadFormat::JsonLines)
        } else {
            None
        }
    }
}

/// One bad row: its line in the file (1 is the first line, the CSV header included), the field
/// at fault if there is one, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: u64,
    pub field: Option<String>,
    pub message: String,
}

/// What reading an export found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UploadReport {
    /// Data rows read (blank lines are not rows).
    pub rows: u64,
    pub valid: u64,
    /// Every problem, row by row.
    pub errors: Vec<RowError>,
}

/// The file cannot be read as an export of its kind at all.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the CSV header {0}")]
    Header(String),
    #[error("the file cannot be read: {0}")]
    Read(String),
    /// The consumer of valid records failed (e.g. writing them out).
    #[error("{0}")]
    Consumer(String),
}

/// Reads an export of `kind`, handing each valid record to `accept` in file order.
pub fn read_records<R: Read>(
    kind: RecordKind,
    format: UploadFormat,
    reader: R,
    accept: impl FnMut(Record) -> Result<(), String>,
) -> Result<UploadReport, UploadError> {
    match format {
        UploadFormat::Csv => read_csv(kind, reader, accept),
        UploadFormat::JsonLines => read_json_lines(kind, reader, accept),
    }
}

fn read_csv<R: Read>(
    kind: RecordKind,
    reader: R,
    mut accept: impl FnMut(Record) -> Result<(), String>,
) -> Result<UploadReport, UploadError> {
    let lines = LineCounter::default();
    let tap = NewlineTap { inner: reader, offset: 0, newlines: lines.newlines.clone() };
    let mut lines = lines;
    let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(tap);
    let header: Vec<String> = csv
        .headers()
        .map_err(|e| UploadError::Read(e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    check_columns(kind, &header)?;
    let mut report = UploadReport::default();
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(0, |p| lines.line_of(p.byte()));
                report.rows += 1;
                report.errors.push(RowError {
                    line,
                    field: None,
                    message: format!("unreadable row: {error}"),
                });
                continue;
            }
        }
        let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
        report.rows += 1;
        if record.len() != header.len() {
            let message = format!("has {} fields; the header has {}", record.len(), header.len());
            report.errors.push(RowError { line, field: None, message });
            continue;
        }
        let field = |name: &str| header.iter().position(|h| h == name).and_then(|i| record.get(i));
        handle(kind, line, field, &mut report, &mut accept)?;
    }
    Ok(report)
}

/// The line a byte offset is on. (The csv crate's own line numbers skip blank lines and miscount
/// CRLF files, and an engineer fixing an export needs the line their editor shows.) The reader
/// below notes where each newline is as the csv reader pulls bytes; offsets already passed are
/// dropped, so memory stays bounded by the csv reader's buffer.
#[derive(Default)]
struct LineCounter {
    newlines: Rc<RefCell<VecDeque<u64>>>,
    passed: u64,
}

impl LineCounter {
    fn line_of(&mut self, byte: u64) -> u64 {
        let mut newlines = self.newlines.borrow_mut();
        // A record of a CRLF file starts on the `\n` that ends the line before it.
        while newlines.front().is_some_and(|&at| at <= byte) {
            newlines.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

struct NewlineTap<R> {
    inner: R,
    offset: u64,
    newlines: Rc<RefCell<VecDeque<u64>>>,
}

impl<R: Read> Read for NewlineTap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        let mut newlines = self.newlines.borrow_mut();
        for (i, _) in buf[..read].iter().enumerate().filter(|(_, byte)| **byte == b'\n') {
            newlines.push_back(self.offset + i as u64);
        }
        self.offset += read as u64;
        Ok(read)
    }
}

fn check_columns(kind: RecordKind, header: &[String]) -> Result<(), UploadError> {
    let expected = kind.columns();
    let missing: Vec<&str> = expected.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
    let unknown: Vec<&str> = header.iter().map(String::as_str).filter(|h| !expected.contains(h)).collect();
    if missing.is_empty() && unknown.is_empty() {
        return Ok(());
    }
    let mut why = Vec::new();
    if !missing.is_empty() {
        why.push(format!("lacks {}", missing.join(", ")));
    }
    if !unknown.is_empty() {
        why.push(format!("has unknown columns {}", unknown.join(", ")));
    }
    Err(UploadError::Header(format!(
        "{} (a {} export has the columns {})",
        why.join(" and "),
        kind.as_str(),
        expected.join(", ")
    )))
}

fn read_json_lines<R: Read>(
    kind: RecordKind,
    reader: R,
    mut accept: impl FnMut(Record) -> Result<(), String>,
) -> Result<UploadReport, UploadError> {
    let mut report = UploadReport::default();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let read = reader.read_line(&mut line).map_err(|e| UploadError::Read(e.to_string()))?;
        if read == 0 {
            break;
        }
        number += 1;
        if line.trim().is_empty() {
            continue;
        }
        report.rows += 1;
        let fields = match json_fields(kind, line.trim()) {
            Ok(fields) => fields,
            Err(message) => {
                report.errors.push(RowError { line: number, field: None, message });
                continue;
            }
        };
        let field = |name: &str| fields.get(name).map(String::as_str);
        handle(kind, number, field, &mut report, &mut accept)?;
    }
    Ok(report)
}

/// A JSON object's fields as text: strings as they are, numbers written out, arrays of strings
/// joined by spaces, null as absent. Unknown keys are refused.
fn json_fields(kind: RecordKind, line: &str) -> Result<HashMap<String, String>, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let serde_json::Value::Object(object) = value else {
        return Err("each line must be a JSON object".into());
    };
    let mut fields = HashMap::new();
    for (key, value) in object {
        if !kind.columns().contains(&key.as_str()) {
            return Err(format!(
                "unknown field \"{key}\" (a {} record has {})",
                kind.as_str(),
                kind.columns().join(", ")
            ));
        }
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    serde_json::Value::String(text) => Ok(text),
                    other => Err(format!("field \"{key}\" must list strings, not {other}")),
                })
                .collect::<Result<Vec<_>, _>>()?
                .join(" "),
            other => return Err(format!("field \"{key}\" must be a string, not {other}")),
        };
        fields.insert(key, text);
    }
    Ok(fields)
}

fn handle<'a>(
    kind: RecordKind,
    line: u64,
    field: impl Fn(&str) -> Option<&'a str>,
    report: &mut UploadReport,
    accept: &mut impl FnMut(Record) -> Result<(), String>,
) -> Result<(), UploadError> {
    match validate(kind, field) {
        Ok(record) => {
            report.valid += 1;
            accept(record).map_err(UploadError::Consumer)
        }
        Err(problems) => {
            report.errors.extend(problems.into_iter().map(|p| RowError {
                line,
                field: Some(p.field.to_owned()),
                message: p.message,
            }));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
