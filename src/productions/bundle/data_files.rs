//! The data of one kind of record as two files, `<kind>.csv` and `<kind>.json`, written row by
//! row as records stream from the source: the CSV has the kind's columns as its header, the JSON
//! is an array of objects with the same keys. Times are RFC 3339 in UTC; domain lists are
//! space-separated in CSV and arrays in JSON.

use std::io::{self, Write};

use serde_json::{Value, json};

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
        let values = values(record);
        debug_assert_eq!(values.len(), self.kind.columns().len());
        let texts: Vec<String> = values.iter().map(as_csv_field).collect();
        self.csv.write_record(&texts)?;
        self.json.write_all(if self.rows == 0 { b"\n{" } else { b",\n{" })?;
        for (i, (column, value)) in self.kind.columns().iter().zip(&values).enumerate() {
            if i > 0 {
                self.json.write_all(b",")?;
            }
            serde_json::to_writer(&mut self.json, column)?;
            self.json.write_all(b":")?;
            serde_json::to_writer(&mut self.json, value)?;
        }
        self.json.write_all(b"}")?;
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

/// A record's values in its kind's column order.
fn values(record: &Record) -> Vec<Value> {
    let time =
        |at: &chrono::DateTime<chrono::Utc>| json!(at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    let names = |domains: &[crate::domain::identifier::Domain]| {
        Value::Array(domains.iter().map(|d| json!(d.as_str())).collect())
    };
    match record {
        Record::Account(r) => {
            vec![json!(r.account_id.as_str()), time(&r.created_at), json!(r.registration_ip.as_str())]
        }
        Record::ContactEmail(r) => vec![
            json!(r.account_id.as_str()),
            json!(r.email.as_str()),
            time(&r.added_at),
            r.removed_at.as_ref().map_or(Value::Null, time),
        ],
        Record::ApiLog(r) => vec![
            time(&r.at),
            r.account_id.as_ref().map_or(Value::Null, |id| json!(id.as_str())),
            json!(r.endpoint),
            names(&r.domains),
            json!(r.client_ip.as_str()),
        ],
        Record::Certificate(r) => vec![
            json!(r.serial.as_str()),
            json!(r.account_id.as_str()),
            names(&r.names),
            time(&r.not_before),
            time(&r.not_after),
        ],
    }
}

fn as_csv_field(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
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
    fn an_empty_kind_is_a_header_and_an_empty_array() {
        let files = DataFiles::new(RecordKind::Certificates, Vec::new(), Vec::new()).unwrap();
        let (csv, json, rows) = files.finish().unwrap();
        assert_eq!(rows, 0);
        assert_eq!(json, b"[]\n");
        assert_eq!(csv, b"serial,account_id,names,not_before,not_after\r\n");
    }
}
