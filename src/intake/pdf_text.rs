//! The text of a PDF attachment, because many requests say only "see attached": the subpoena's
//! words are in the PDF. Scanned PDFs have no text; that is reported, not guessed at.
//!
//! lopdf's own `extract_text` parses every font's ToUnicode map again on every page and decodes
//! every operation of the content (56 ms for a 33-page, 200 KB subpoena); here each font's
//! encoding is read once per document and only text operators are lexed (`pdf_content`).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Encoding};

use super::pdf_content::{TextOp, text_ops};

/// Pages read from one PDF; a request longer than this has its substance in the first pages.
const MAX_PAGES: usize = 60;
/// Decompressed content per page and per font program; over it, the page or font is skipped.
const MAX_DECOMPRESSED_BYTES: usize = 8 * 1024 * 1024;
/// Text kept from one PDF.
const MAX_TEXT_BYTES: usize = 512 * 1024;

/// The text of the first pages, or `None` when the PDF cannot be read or holds no text.
pub fn pdf_text(bytes: &[u8]) -> Option<String> {
    let document = Document::load_mem(bytes).ok()?;
    if document.is_encrypted() {
        return None;
    }
    // Fonts are shared between pages; keyed by where the font dictionary lives in the document.
    let mut encodings: HashMap<usize, Option<Encoding<'_>>> = HashMap::new();
    let mut text = String::new();
    for (_, page_id) in document.get_pages().into_iter().take(MAX_PAGES) {
        let Ok(fonts) = document.get_page_fonts(page_id) else { continue };
        let page_fonts: HashMap<Vec<u8>, usize> = fonts
            .into_iter()
            .map(|(name, font)| {
                let key = std::ptr::from_ref::<Dictionary>(font) as usize;
                encodings.entry(key).or_insert_with(|| {
                    font.get_font_encoding_with_limit(&document, MAX_DECOMPRESSED_BYTES).ok()
                });
                (name, key)
            })
            .collect();
        let Ok(data) = document.get_page_content_with_limit(page_id, MAX_DECOMPRESSED_BYTES) else {
            continue;
        };
        let mut current: Option<&Encoding<'_>> = None;
        for op in text_ops(&data) {
            match op {
                TextOp::Font(name) => {
                    current =
                        page_fonts.get(&name).and_then(|key| encodings.get(key)).and_then(Option::as_ref);
                }
                TextOp::Show(bytes) => {
                    if let Some(encoding) = current {
                        let _ = encoding.write_to_string(&bytes, &mut text);
                    }
                }
                TextOp::Space => text.push(' '),
                TextOp::LineBreak => {
                    if !text.is_empty() && !text.ends_with('\n') {
                        text.push('\n');
                    }
                }
            }
        }
        if text.len() > MAX_TEXT_BYTES {
            break;
        }
    }
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
