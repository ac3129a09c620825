//! The data of one kind of record as two files, `<kind>.csv` and `<kind>.json`, written row by
//! row as records stream from the source: the CSV has the kind's columns as its header, the JSON
//! is an array of objects with the same keys. Times are RFC 3339 in UTC; domain lists are
//! space-separated in CSV and arrays in JSON.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::digest::{FileDigest, HashingWriter};
use crate::domain::records::{Record, RecordKind};

/// The two open files of one kind.
pub struct DataFiles {
    kind: RecordKind,
    csv: csv::Writer<HashingWriter<BufWriter<File>>>,
    json: HashingWriter<BufWriter<File>>,
    rows: u64,
}

/// What was written for one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenData {
    pub kind: RecordKind,
    pub rows: u64,
    pub csv: FileDigest,
    pub json: FileDigest,
}

impl DataFiles {
    pub fn create(dir: &Path, kind: RecordKind) -> io::Result<DataFiles> {
        let open = |extension: &str| -> io::Result<HashingWriter<BufWriter<File>>> {
            let file = File::create(dir.join(format!("{}.{extension}", kind.as_str())))?;
            Ok(HashingWriter::new(BufWriter::with_capacity(64 * 1024, file)))
        };
        let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(open("csv")?);
        csv.write_record(kind.columns())?;
        let mut json = open("json")?;
        json.write_all(b"[")?;
        Ok(DataFiles { kind, csv, json, rows: 0 })
    }

    /// Appends one record (which must be of this kind); returns its CSV cells, which the records
    /// report prints too.
    pub fn write(&mut self, record: &Record) -> io::Result<Vec<String>> {
        let values = values(record);
        debug_assert_eq!(values.len(), self.kind.columns().len());
        let texts: Vec<String> = values.iter().map(as_csv_field).collect();
        self.csv.write_record(&texts)?;
        let object: serde_json::Map<String, Value> =
            self.kind.columns().iter().map(|c| (*c).to_owned()).zip(values).collect();
        self.json.write_all(if self.rows == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut self.json, &object)?;
        self.rows += 1;
        Ok(texts)
    }

    pub fn finish(self) -> io::Result<WrittenData> {
        let name = |extension: &str| format!("{}.{extension}", self.kind.as_str());
        let csv_writer = self.csv.into_inner().map_err(|e| e.into_error())?;
        let (csv_file, csv) = csv_writer.finish(&name("csv"))?;
        let mut json_writer = self.json;
        json_writer.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        let (json_file, json) = json_writer.finish(&name("json"))?;
        for file in [csv_file, json_file] {
            file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        Ok(WrittenData { kind: self.kind, rows: self.rows, csv, json })
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
    fn csv_and_json_say_the_same_and_their_digests_are_of_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = DataFiles::create(dir.path(), RecordKind::ApiLog).unwrap();
        files.write(&log("2026-03-06T00:00:00Z", "12345", "example.com www.example.com")).unwrap();
        files.write(&log("2026-03-06T00:00:01.5Z", "", "")).unwrap();
        let written = files.finish().unwrap();
        assert_eq!(written.rows, 2);
        let csv = std::fs::read_to_string(dir.path().join("api_log.csv")).unwrap();
        assert_eq!(
            csv,
            "at,account_id,endpoint,domains,client_ip\r\n\
             2026-03-06T00:00:00Z,12345,new-order,example.com www.example.com,192.0.2.1\r\n\
             2026-03-06T00:00:01.500Z,,new-order,,192.0.2.1\r\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("api_log.json")).unwrap()).unwrap();
        assert_eq!(json[0]["domains"], serde_json::json!(["example.com", "www.example.com"]));
        assert_eq!(json[1]["account_id"], serde_json::Value::Null);
        assert_eq!(json.as_array().unwrap().len(), 2);
        let bytes = std::fs::read(dir.path().join("api_log.csv")).unwrap();
        use sha2::Digest;
        assert_eq!(written.csv.sha256, hex::encode(sha2::Sha256::digest(&bytes)));
        assert_eq!(written.csv.size, bytes.len() as u64);
    }

    #[test]
    fn an_empty_kind_is_a_header_and_an_empty_array() {
        let dir = tempfile::tempdir().unwrap();
        let written = DataFiles::create(dir.path(), RecordKind::Certificates).unwrap().finish().unwrap();
        assert_eq!(written.rows, 0);
        assert_eq!(std::fs::read_to_string(dir.path().join("certificates.json")).unwrap(), "[]\n");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("certificates.csv")).unwrap(),
            "serial,account_id,names,not_before,not_after\r\n"
        );
    }
}
