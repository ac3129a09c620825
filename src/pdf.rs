//! PDF output for productions: the cover letter, the custodian's certification (LEGAL.md 8) and the
//! Bates-numbered records report, as deterministic PDF/A-2b with subset-embedded DejaVu fonts.
//!
//! Layout (`layout`) is pure and unit-tested with a fake metric; `fonts` measures with the real
//! glyph advances; `render` draws the short documents with krilla; `stream` writes long ones page
//! by page with pdf-writer; `documents` and `report` build the three documents from plain input
//! structs. The records report streams: each page is written to the output as soon as it is full,
//! so neither rows nor pages are collected in memory.

pub mod documents;
pub mod fonts;
pub mod layout;
pub mod render;
pub mod report;
pub mod stream;

pub use documents::{
    Certification, CertifiedFile, CoverLetter, LegalProcess, MachineGenerated, Organisation, ProducedFile,
    Signer, Withheld, certification, cover_letter,
};
pub use layout::Column;
pub use report::{RecordsReport, ReportMeta};

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("embedded font {0} could not be loaded")]
    Font(&'static str),
    #[error("invalid input for PDF: {0}")]
    Input(String),
    #[error("records report: row has {got} cells but section \"{section}\" has {expected} columns")]
    RowWidth { section: String, expected: usize, got: usize },
    #[error("records report: row before any section")]
    NoSection,
    #[error("PDF export failed: {0}")]
    Render(String),
    #[error("writing PDF: {0}")]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
pub(crate) mod testutil;
