//! The data of one kind of record as two files, `<kind>.csv` and `<kind>.json`, written row by
//! row as records stream from the source: the CSV has the kind's columns as its header, the JSON
//! is an array of objects with the same keys. Times are RFC 3339 in UTC; domain lists are
//! space-separated in CSV and arrays in JSON.

use std::io::{self, Write};

use crate::domain::records::{Record, RecordKind};

/// The two files of one kind being written, to any writers (the bundle's parts, or memory).
pub struct DataFiles<W: Write> {
    kind: RecordKind,
    csv: csv::Writer<W>,
    json: W,
    rows: u64,
}

impl<W: Write> DataFiles<W> {
    pub fn new(kind: RecordKind, csv_out: W, mut json_out: W) -> io::Result<DataFiles<W>> {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .buffer_capacity(64 * 1024)
            .from_writer(csv_out);
        csv.write_record(kind.columns())?;
        json_out.write_all(b"[")?;
        Ok(DataFiles { kind, csv, json: json_out, rows: 0 })
    }

    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    /// Appends one record (which must be of this kind); returns its CSV cells, which the records
    /// report prints too.
    pub fn write(&mut self, record: &Record) -> io::Result<Vec<String>> {
        let texts = cells(record);
        debug_assert_eq!(texts.len(), self.kind.columns().len());
        self.csv.write_record(&texts)?;
        self.json.write_all(if self.rows == 0 { b"\n" } else { b",\n" })?;
        write_json_object(&mut self.json, self.kind, &texts)?;
        self.rows += 1;
        Ok(texts)
    }

    /// Closes both files; returns the CSV's writer, the JSON's, and the number of records.
    pub fn finish(self) -> io::Result<(W, W, u64)> {
        let mut csv = self.csv.into_inner().map_err(|e| e.into_error())?;
        csv.flush()?;
        let mut json = self.json;
        json.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        json.flush()?;
        Ok((csv, json, self.rows))
    }
}

/// How a cell is written in JSON.
#[derive(Clone, Copy)]
enum Shape {
    Text,
    /// Blank means absent: `null`.
    Optional,
    /// Space-separated names: an array.
    List,
}

fn shape(kind: RecordKind, column: &str) -> Shape {
    match (kind, column) {
        (RecordKind::ContactEmails, "removed_at") | (RecordKind::ApiLog, "account_id") => Shape::Optional,
        (RecordKind::ApiLog, "domains") | (RecordKind::Certificates, "names") => Shape::List,
        _ => Shape::Text,
    }
}

/// A record's cells in its kind's column order, as the CSV has them.
fn cells(record: &Record) -> Vec<String> {
    let names = |domains: &[crate::domain::identifier::Domain]| {
        let mut joined = String::with_capacity(domains.iter().map(|d| d.as_str().len() + 1).sum());
        for (i, domain) in domains.iter().enumerate() {
            if i > 0 {
                joined.push(' ');
            }
            joined.push_str(domain.as_str());
        }
        joined
    };
    match record {
        Record::Account(r) => {
            vec![r.account_id.as_str().to_owned(), time(&r.created_at), r.registration_ip.as_str().to_owned()]
        }
        Record::ContactEmail(r) => vec![
            r.account_id.as_str().to_owned(),
            r.email.as_str().to_owned(),
            time(&r.added_at),
            r.removed_at.as_ref().map_or_else(String::new, time),
        ],
        Record::ApiLog(r) => vec![
            time(&r.at),
            r.account_id.as_ref().map_or_else(String::new, |id| id.as_str().to_owned()),
            r.endpoint.clone(),
            names(&r.domains),
            r.client_ip.as_str().to_owned(),
        ],
        Record::Certificate(r) => vec![
            r.serial.as_str().to_owned(),
            r.account_id.as_str().to_owned(),
            names(&r.names),
            time(&r.not_before),
            time(&r.not_after),
        ],
    }
}

/// RFC 3339 in UTC with `Z`, and as many fraction digits as the instant needs (none, 3, 6 or 9),
/// as chrono's `SecondsFormat::AutoSi` writes it; by hand, because it runs for every cell.
fn time(at: &chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write as _;
    let mut text = String::with_capacity(30);
    let _ = write!(
        text,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let nanos = at.nanosecond() % 1_000_000_000;
    let _ = match nanos {
        0 => Ok(()),
        n if n % 1_000_000 == 0 => write!(text, ".{:03}", n / 1_000_000),
        n if n % 1_000 == 0 => write!(text, ".{:06}", n / 1_000),
        n => write!(text, ".{n:09}"),
    };
    text.push('Z');
    text
}

/// Writes one record as a JSON object, keys in column order.
fn write_json_object(out: &mut impl Write, kind: RecordKind, cells: &[String]) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, (column, cell)) in kind.columns().iter().zip(cells).enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, column)?;
        out.write_all(b":")?;
        match shape(kind, column) {
            Shape::Optional if cell.is_empty() => out.write_all(b"null")?,
            Shape::Text | Shape::Optional => serde_json::to_writer(&mut *out, cell)?,
            Shape::List => {
                out.write_all(b"[")?;
                for (j, name) in cell.split(' ').filter(|n| !n.is_empty()).enumerate() {
                    if j > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, name)?;
                }
                out.write_all(b"]")?;
            }
        }
    }
    out.write_all(b"}")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::domain::records::validate;

    fn log(at: &str, account: &str, domains: &str) -> Record {
        let fields: HashMap<&str, &str> = [
            ("at", at),
            ("account_id", account),
            ("endpoint", "new-order"),
            ("domains", domains),
            ("client_ip", "192.0.2.1"),
        ]
        .into_iter()
        .collect();
        validate(RecordKind::ApiLog, |name| fields.get(name).copied()).unwrap()
    }

    #[test]
    fn csv_and_json_say_the_same() {
        let mut files = DataFiles::new(RecordKind::ApiLog, Vec::new(), Vec::new()).unwrap();
        files.write(&log("2026-03-06T00:00:00Z", "12345", "example.com www.example.com")).unwrap();
        files.write(&log("2026-03-06T00:00:01.5Z", "", "")).unwrap();
        let (csv, json, rows) = files.finish().unwrap();
        assert_eq!(rows, 2);
        let csv = String::from_utf8(csv).unwrap();
        assert_eq!(
            csv,
            "at,account_id,endpoint,domains,client_ip\r\n\
             2026-03-06T00:00:00Z,12345,new-order,example.com www.example.com,192.0.2.1\r\n\
             2026-03-06T00:00:01.500Z,,new-order,,192.0.2.1\r\n"
        );
        let text = String::from_utf8(json).unwrap();
        assert!(text.starts_with("[\n{\"at\":\"2026-03-06T00:00:00Z\",\"account_id\":\"12345\""), "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json[0]["domains"], serde_json::json!(["example.com", "www.example.com"]));
        assert_eq!(json[1]["account_id"], serde_json::Value::Null);
        assert_eq!(json.as_array().unwrap().len(), 2);
    }

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        for text in [
            "2026-03-06T00:00:00Z",
            "2026-03-06T00:00:01.500Z",
            "1999-12-31T23:59:59.000001Z",
            "2026-01-02T03:04:05.123456789Z",
        ] {
            let at = chrono::DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&chrono::Utc);
            assert_eq!(time(&at), at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
            assert_eq!(time(&at), text);
        }
    }

    #[test]
    fn an_empty_kind_is_a_header_and_an_empty_array() {
        let files = DataFiles::new(RecordKind::Certificates, Vec::new(), Vec::new()).unwrap();
        let (csv, json, rows) = files.finish().unwrap();
        assert_eq!(rows, 0);
        assert_eq!(json, b"[]\n");
        assert_eq!(csv, b"serial,account_id,names,not_before,not_after\r\n");
    }
}
