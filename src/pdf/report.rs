//! The Bates-numbered records report, built as a stream: each row is laid out as it arrives and
//! every full page is written to the output at once (by the streaming writer, not krilla), so a
//! production of any size never sits in memory, neither as rows nor as pages.

use std::io::Write;

use chrono::NaiveDate;

use crate::pdf::PdfError;
use crate::pdf::documents::long_date;
use crate::pdf::fonts::DejaVuMeasure;
use crate::pdf::layout::{Bates, Column, Footer, Paginator};
use crate::pdf::render::DocInfo;
use crate::pdf::stream::StreamRenderer;

/// What the report's first page and footers say.
#[derive(Clone, Debug)]
pub struct ReportMeta {
    pub organisation: String,
    pub case_ref: String,
    pub agency: String,
    /// e.g. "Grand jury subpoena 26-GJ-104".
    pub process: String,
    pub date: NaiveDate,
    /// Bates prefix, e.g. "ACME"; pages read `ACME-000001`, ...
    pub bates_prefix: String,
    /// Bates number of the first page.
    pub bates_first: u64,
    /// Optional note under the title (period covered, scoping).
    pub note: String,
}

static MEASURE: DejaVuMeasure = DejaVuMeasure;

struct Section {
    title: String,
    columns: usize,
    rows: u64,
}

/// A records report being written to `W` (a `BufWriter<File>`, or a `Vec<u8>`). `section`, then
/// `row`s, repeatedly; then `finish`.
pub struct RecordsReport<W: Write> {
    renderer: StreamRenderer<W>,
    layout: Paginator<'static>,
    section: Option<Section>,
}

impl<W: Write> RecordsReport<W> {
    /// Starts the report; the PDF header is written to `out` at once.
    pub fn new(meta: &ReportMeta, out: W) -> Result<Self, PdfError> {
        if meta.bates_prefix.trim().is_empty() || meta.bates_prefix.chars().any(char::is_whitespace) {
            return Err(PdfError::Input(format!(
                "Bates prefix {:?} must be non-empty without spaces",
                meta.bates_prefix
            )));
        }
        let info = DocInfo {
            title: format!("Records report ({})", meta.case_ref),
            author: meta.organisation.clone(),
            subject: format!("Records produced to {}", meta.agency),
            date: meta.date,
            document_id: format!("lert:{}:records-report", meta.case_ref),
        };
        let footer = Footer {
            left: format!("{} · {}", meta.case_ref, meta.organisation),
            bates: Some(Bates { prefix: meta.bates_prefix.clone(), first: meta.bates_first }),
        };
        let mut layout = Paginator::new(&MEASURE, footer);
        layout.heading("Records report", 1);
        layout.key_values(&[
            ("Organisation", meta.organisation.clone()),
            ("Our reference", meta.case_ref.clone()),
            ("Requesting agency", meta.agency.clone()),
            ("Legal process", meta.process.clone()),
            ("Date", long_date(meta.date)),
        ]);
        if !meta.note.trim().is_empty() {
            layout.paragraph(&meta.note, crate::pdf::layout::FontKind::Regular, crate::pdf::layout::BODY);
        }
        Ok(RecordsReport { renderer: StreamRenderer::new(out, &info)?, layout, section: None })
    }

    /// Starts a new table of records (closing the previous one).
    pub fn section(&mut self, title: &str, columns: &[Column]) -> Result<(), PdfError> {
        if columns.is_empty() {
            return Err(PdfError::Input(format!("section {title:?} has no columns")));
        }
        self.close_section();
        self.layout.heading(title, 2);
        self.layout.begin_table(columns, Some(title));
        self.section = Some(Section { title: title.to_owned(), columns: columns.len(), rows: 0 });
        self.flush()
    }

    /// Adds one row to the current section; full pages are written immediately.
    pub fn row(&mut self, cells: &[&str]) -> Result<(), PdfError> {
        let section = self.section.as_mut().ok_or(PdfError::NoSection)?;
        if cells.len() != section.columns {
            return Err(PdfError::RowWidth {
                section: section.title.clone(),
                expected: section.columns,
                got: cells.len(),
            });
        }
        section.rows += 1;
        self.layout.table_row(cells);
        self.flush()
    }

    fn close_section(&mut self) {
        if let Some(s) = self.section.take() {
            self.layout.end_table();
            if s.rows == 0 {
                self.layout.paragraph(
                    "No records in this category.",
                    crate::pdf::layout::FontKind::Regular,
                    crate::pdf::layout::BODY,
                );
            }
        }
    }

    fn flush(&mut self) -> Result<(), PdfError> {
        for page in self.layout.take_pages() {
            self.renderer.page(&page)?;
        }
        Ok(())
    }

    /// Finishes the PDF and returns the output (flushed) with the number of pages (the last
    /// Bates number is `bates_first + pages - 1`).
    pub fn finish_with_pages(mut self) -> Result<(W, u32), PdfError> {
        self.close_section();
        self.flush()?;
        for page in self.layout.finish() {
            self.renderer.page(&page)?;
        }
        let count = self.renderer.page_count();
        Ok((self.renderer.finish()?, count))
    }

    pub fn finish(self) -> Result<W, PdfError> {
        self.finish_with_pages().map(|(out, _)| out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::testutil::{check_pdf, sample_report_meta};

    fn build(rows: u32) -> (Vec<u8>, u32) {
        build_into(rows, Vec::new())
    }

    fn build_into<W: Write>(rows: u32, out: W) -> (W, u32) {
        let mut r = RecordsReport::new(&sample_report_meta(), out).unwrap();
        r.section(
            "Account",
            &[
                Column::new("Account ID", 1.0),
                Column::new("Created", 1.5),
                Column::new("Registration IP", 1.5),
            ],
        )
        .unwrap();
        r.row(&["81724", "2025-11-02T09:14:22Z", "203.0.113.7"]).unwrap();
        r.section(
            "Contact emails",
            &[Column::new("Email", 2.0), Column::new("Added", 1.0), Column::new("Removed", 1.0)],
        )
        .unwrap();
        r.section(
            "API transaction log",
            &[
                Column::new("Time (UTC)", 1.6),
                Column::new("Account", 0.8),
                Column::new("Endpoint", 1.2),
                Column::new("Domains", 2.0),
                Column::new("Client IP", 1.2),
            ],
        )
        .unwrap();
        for i in 0..rows {
            r.row(&[
                &format!("2026-03-{:02}T12:{:02}:{:02}Z", 1 + i % 28, i % 60, (i * 7) % 60),
                "81724",
                "new-order",
                &format!("host{i}.example.org"),
                "198.51.100.23",
            ])
            .unwrap();
        }
        r.finish_with_pages().unwrap()
    }

    #[test]
    fn report_is_valid_bates_numbered_and_deterministic() {
        let (a, pages) = build(400);
        let (b, _) = build(400);
        assert!(a == b, "two generations differ");
        assert!(pages > 3, "{pages} pages");
        let last = format!("LERT-{:06}", 100 + pages - 1);
        check_pdf(
            "lert-records-report.pdf",
            &a,
            &[
                "LERT-2026-0042",
                "Federal Bureau of Investigation",
                "LERT-000100",
                &last,
                "host399.example.org",
                "No records in this category.",
            ],
        );
    }

    #[test]
    fn page_count_is_the_pdfs_and_a_file_gets_the_same_bytes() {
        let (bytes, pages) = build(1_000);
        let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the report");
        assert_eq!(doc.get_pages().len(), pages as usize);
        let mut file = tempfile::tempfile().unwrap();
        let (writer, file_pages) = build_into(1_000, std::io::BufWriter::new(&mut file));
        drop(writer);
        assert_eq!(file_pages, pages);
        let mut written = Vec::new();
        std::io::Seek::rewind(&mut file).unwrap();
        std::io::Read::read_to_end(&mut file, &mut written).unwrap();
        assert!(written == bytes, "a file and a Vec get the same PDF");
    }

    #[test]
    fn rows_must_match_the_section() {
        let mut r = RecordsReport::new(&sample_report_meta(), Vec::new()).unwrap();
        assert!(matches!(r.row(&["x"]), Err(PdfError::NoSection)));
        r.section("S", &[Column::new("A", 1.0), Column::new("B", 1.0)]).unwrap();
        assert!(matches!(r.row(&["x"]), Err(PdfError::RowWidth { expected: 2, got: 1, .. })));
    }

    /// `cargo test --release -- --ignored large_report --nocapture`: timing for 100,000 rows
    /// (`LERT_PDF_ROWS` for another count), written straight to a file as the bundle does.
    #[test]
    #[ignore]
    fn large_report() {
        let rows: u32 = std::env::var("LERT_PDF_ROWS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
        let path = std::env::temp_dir().join("lert-large-report.pdf");
        let t = std::time::Instant::now();
        let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let (file, pages) = build_into(rows, file);
        file.into_inner().unwrap().sync_all().unwrap();
        let bytes = std::fs::metadata(&path).unwrap().len();
        eprintln!("{rows} rows -> {pages} pages, {bytes} bytes in {:?} ({})", t.elapsed(), path.display());
    }
}
