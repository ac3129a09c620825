//! Draws laid-out pages with krilla into a PDF/A-2b document whose metadata (dates, document ID)
//! comes only from the input, so the same input gives byte-identical PDFs.

use chrono::{Datelike, NaiveDate};
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::text::TextDirection;
use krilla::{Document, SerializeSettings};

use crate::pdf::PdfError;
use crate::pdf::fonts::{KrillaFonts, drawable, simple_glyphs};
use crate::pdf::layout::{Item, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// Document-level metadata. `date` becomes the creation date (midnight UTC); `document_id`
/// should name the document stably (e.g. case and kind) so regenerations share an ID.
#[derive(Clone, Debug)]
pub struct DocInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub date: NaiveDate,
    pub document_id: String,
}

/// A krilla document receiving pages one at a time.
pub struct Renderer {
    doc: Document,
    fonts: KrillaFonts,
}

impl Renderer {
    pub fn new(info: &DocInfo) -> Result<Self, PdfError> {
        let configuration = ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_B)
            .finish()
            .map_err(|e| PdfError::Render(format!("{e:?}")))?;
        let settings =
            SerializeSettings { configuration, enable_tagging: false, ..SerializeSettings::default() };
        let mut doc = Document::new_with(settings);
        let d = info.date;
        let created =
            DateTime::new(u16::try_from(d.year()).map_err(|_| PdfError::Input(format!("date {d}")))?)
                .month(d.month() as u8)
                .day(d.day() as u8)
                .hour(0)
                .minute(0)
                .second(0)
                .utc_offset_hour(0)
                .utc_offset_minute(0);
        let mut metadata = Metadata::new()
            .title(info.title.clone())
            .description(info.subject.clone())
            .creator(format!("lert {}", env!("CARGO_PKG_VERSION")))
            .producer("lert (krilla)".to_owned())
            .language("en-US".to_owned())
            .creation_date(created)
            .document_id(info.document_id.clone());
        if !info.author.is_empty() {
            metadata = metadata.authors(vec![info.author.clone()]);
        }
        doc.set_metadata(metadata);
        Ok(Renderer { doc, fonts: KrillaFonts::load()? })
    }

    /// Draws one page.
    pub fn page(&mut self, page: &Page) -> Result<(), PdfError> {
        let settings =
            PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Render("page size".into()))?;
        let mut p = self.doc.start_page_with(settings);
        let mut surface = p.surface();
        for item in &page.items {
            match item {
                Item::Text { x, y, size, font, text } => {
                    let text = drawable(*font, text);
                    let at = Point::from_xy(*x, *y);
                    match simple_glyphs(*font, &text) {
                        Some(glyphs) => {
                            surface.draw_glyphs(at, &glyphs, self.fonts.get(*font), &text, *size, false)
                        }
                        // Scripts that need shaping (RTL, combining marks) go through rustybuzz.
                        None => surface.draw_text(
                            at,
                            self.fonts.get(*font),
                            *size,
                            &text,
                            false,
                            TextDirection::Auto,
                        ),
                    }
                }
                Item::Rule { x, y, width, thickness } => {
                    let mut pb = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, y - thickness / 2.0, *width, *thickness) {
                        pb.push_rect(rect);
                    }
                    if let Some(path) = pb.finish() {
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        p.finish();
        Ok(())
    }

    pub fn pages<'a>(&mut self, pages: impl IntoIterator<Item = &'a Page>) -> Result<(), PdfError> {
        pages.into_iter().try_for_each(|p| self.page(p))
    }

    /// Serialises the document (fonts subset and embedded here).
    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        self.doc.finish().map_err(|e| PdfError::Render(e.to_string()))
    }
}
