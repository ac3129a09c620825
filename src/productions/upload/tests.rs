use super::*;

fn read(
    kind: RecordKind,
    format: UploadFormat,
    text: &str,
) -> (Result<UploadReport, UploadError>, Vec<Record>) {
    let mut records = Vec::new();
    let report = read_records(kind, format, text.as_bytes(), |record| {
        records.push(record);
        Ok(())
    });
    (report, records)
}

#[test]
fn a_csv_export_is_read_in_order_and_every_bad_row_reported() {
    let csv = "\u{feff}at,account_id,endpoint,domains,client_ip\r\n\
               2026-06-05T10:00:00Z,12345,new-order,example.com www.example.com,192.0.2.7\r\n\
               not a time,12345,new-order,example.com,192.0.2.7\r\n\
               \r\n\
               2026-06-05T10:01:00Z,,new-account,,198.51.100.2\r\n\
               2026-06-05T10:02:00Z,12345,finalize,example.com\r\n\
               2026-06-05T10:03:00Z,abc,finalize,example..com,999.1.1.1\r\n";
    // The same file with CRLF and with LF line ends: the lines are those an editor shows.
    for text in [csv.to_owned(), csv.replace("\r\n", "\n")] {
        let (report, records) = read(RecordKind::ApiLog, UploadFormat::Csv, &text);
        let report = report.unwrap();
        assert_eq!((report.rows, report.valid), (5, 2), "{report:#?}");
        assert_eq!(records.len(), 2);
        let lines: Vec<(u64, Option<&str>)> =
            report.errors.iter().map(|e| (e.line, e.field.as_deref())).collect();
        assert_eq!(
            lines,
            [
                (3, Some("at")),
                (6, None),
                (7, Some("account_id")),
                (7, Some("domains")),
                (7, Some("client_ip"))
            ],
            "{report:#?}"
        );
        assert!(report.errors[1].message.contains("has 4 fields; the header has 5"));
    }
}

#[test]
fn a_csv_header_must_name_the_kinds_columns() {
    let (report, _) = read(RecordKind::Accounts, UploadFormat::Csv, "account_id,created,ip\n1,2,3\n");
    let message = report.unwrap_err().to_string();
    assert!(message.contains("lacks created_at, registration_ip"), "{message}");
    assert!(message.contains("unknown columns created, ip"), "{message}");
}

#[test]
fn json_lines_accept_arrays_numbers_and_nulls_and_refuse_unknown_keys() {
    let jsonl = concat!(
        r#"{"serial": "03a1b2", "account_id": 42, "names": ["example.com", "www.example.com"], "not_before": "2026-06-01T00:00:00Z", "not_after": "2026-08-30T00:00:00Z"}"#,
        "\n\n",
        r#"{"serial": "03a1b3", "account_id": 42, "names": ["example.com"], "not_before": "2026-06-01T00:00:00Z", "not_after": "2026-08-30T00:00:00Z", "issuer": "R11"}"#,
        "\n",
        "[1, 2]\n",
        "{broken\n",
    );
    let (report, records) = read(RecordKind::Certificates, UploadFormat::JsonLines, jsonl);
    let report = report.unwrap();
    assert_eq!((report.rows, report.valid, records.len()), (4, 1, 1), "{report:#?}");
    let lines: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5]);
    assert!(report.errors[0].message.contains("unknown field \"issuer\""));
    assert!(report.errors[1].message.contains("JSON object"));
    assert!(report.errors[2].message.starts_with("not JSON"));
}

#[test]
fn a_failing_consumer_stops_the_read() {
    let csv = "account_id,created_at,registration_ip\n1,2026-01-01T00:00:00Z,192.0.2.1\n";
    let result =
        read_records(RecordKind::Accounts, UploadFormat::Csv, csv.as_bytes(), |_| Err("disk full".into()));
    assert!(matches!(result, Err(UploadError::Consumer(message)) if message == "disk full"));
}

#[test]
fn formats_follow_the_file_name() {
    assert_eq!(UploadFormat::from_file_name("api_log.CSV"), Some(UploadFormat::Csv));
    assert_eq!(UploadFormat::from_file_name("certs.ndjson"), Some(UploadFormat::JsonLines));
    assert_eq!(UploadFormat::from_file_name("records.xlsx"), None);
}
