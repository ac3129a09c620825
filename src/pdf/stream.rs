//! A streaming PDF/A-2b writer for documents of any length (the records report): each page's
//! content stream and page object go to the output as soon as the page is laid out, so memory
//! holds one page plus a reference per page and the fonts' glyph sets, never the document.
//!
//! Objects are written one at a time with pdf-writer's `Chunk` while this module counts bytes
//! for the classic cross-reference table. The page-tree nodes and the shared resource dictionary
//! get their object numbers before the first page; they, the subset fonts, the output intent,
//! the XMP metadata and the catalog are written by [`StreamRenderer::finish`].

mod content;
mod font;
mod meta;

use std::io::{self, Write};

use flate2::{Compress, Compression, FlushCompress, Status};
use pdf_writer::types::OutputIntentSubtype;
use pdf_writer::writers::{Catalog, ColorSpace, Resources};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, TextStr};
use sha2::{Digest, Sha256};

use crate::pdf::PdfError;
use crate::pdf::layout::{FontKind, PAGE_HEIGHT, PAGE_WIDTH, Page};
use crate::pdf::render::DocInfo;
use content::{FONT_NAMES, PageContent};
use font::FontUse;
use meta::{LANGUAGE, Meta, digest16, hex};

static SRGB_ICC: &[u8] = include_bytes!("../../assets/icc/sRGB-v4.icc");
static GREY_ICC: &[u8] = include_bytes!("../../assets/icc/sGrey-v4.icc");

/// Pages per intermediate page-tree node: the tree stays two levels deep and no `/Kids` array
/// grows past a few hundred entries even at a million rows.
const PAGES_PER_NODE: usize = 128;

/// zlib level for every stream. Measured on the 1,000,000-row report (27,779 pages): level 1
/// 2.7 s and 46.8 MB, level 2 3.0 s / 43.0 MB, level 3 3.3 s / 41.4 MB, level 6 4.2 s / 40.5 MB.
const DEFLATE_LEVEL: u32 = 1;

/// Writes one page at a time to `W`; [`StreamRenderer::finish`] completes the file.
pub struct StreamRenderer<W: Write> {
    objs: Objects<W>,
    meta: Meta,
    page_tree: Ref,
    resources: Ref,
    /// Every page's object, and the page-tree node of each run of [`PAGES_PER_NODE`] pages.
    pages: Vec<Ref>,
    nodes: Vec<Ref>,
    fonts: [FontUse; 3],
    content: PageContent,
}

impl<W: Write> StreamRenderer<W> {
    /// Starts the document: writes the header.
    pub fn new(out: W, info: &DocInfo) -> Result<Self, PdfError> {
        let meta = Meta::new(info)?;
        let mut objs = Objects {
            out,
            pos: 0,
            hasher: Sha256::new(),
            offsets: Vec::new(),
            deflater: Compress::new(Compression::new(DEFLATE_LEVEL), true),
            deflated: Vec::new(),
        };
        // A binary comment on the second line marks the file as binary (PDF/A 6.1.2).
        objs.raw(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        let page_tree = objs.alloc();
        let resources = objs.alloc();
        let fonts =
            [FontUse::new(FontKind::Regular)?, FontUse::new(FontKind::Bold)?, FontUse::new(FontKind::Mono)?];
        Ok(StreamRenderer {
            objs,
            meta,
            page_tree,
            resources,
            pages: Vec::new(),
            nodes: Vec::new(),
            fonts,
            content: PageContent::default(),
        })
    }

    /// Writes `page`'s content stream and page object now.
    pub fn page(&mut self, page: &Page) -> Result<(), PdfError> {
        if self.pages.len().is_multiple_of(PAGES_PER_NODE) {
            let node = self.objs.alloc();
            self.nodes.push(node);
        }
        let parent = *self.nodes.last().expect("a node for every page");
        let content_ref = self.objs.alloc();
        let page_ref = self.objs.alloc();
        let raw = self.content.encode(page, &mut self.fonts);
        let mut chunk = Chunk::with_capacity(raw.len() / 3 + 256);
        chunk.stream(content_ref, self.objs.deflate(raw)?).filter(Filter::FlateDecode);
        self.objs.put(content_ref, &chunk)?;
        let mut chunk = Chunk::new();
        chunk
            .page(page_ref)
            .parent(parent)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_ref)
            .pair(Name(b"Resources"), self.resources);
        self.objs.put(page_ref, &chunk)?;
        self.pages.push(page_ref);
        Ok(())
    }

    /// Number of pages written so far.
    pub fn page_count(&self) -> u32 {
        self.pages.len() as u32
    }

    /// Writes the fonts, page tree, output intent, metadata, catalog and cross-reference table,
    /// and returns the output.
    pub fn finish(mut self) -> Result<W, PdfError> {
        if self.pages.is_empty() {
            return Err(PdfError::Render("a PDF needs at least one page".into()));
        }
        let objs = &mut self.objs;
        let mut font_refs = Vec::new();
        for (i, font) in self.fonts.iter().enumerate() {
            if font.is_used() {
                let type0 = objs.alloc();
                font.write(objs, type0)?;
                font_refs.push((FONT_NAMES[i], type0));
            }
        }
        let grey = objs.alloc();
        let mut chunk = Chunk::new();
        chunk.icc_profile(grey, GREY_ICC).n(1).range([0.0, 1.0]);
        objs.put(grey, &chunk)?;

        let mut chunk = Chunk::new();
        let mut resources = chunk.indirect(self.resources).start::<Resources>();
        let mut fonts = resources.fonts();
        for (name, r) in &font_refs {
            fonts.pair(Name(name), *r);
        }
        fonts.finish();
        resources.color_spaces().insert(Name(b"C0")).start::<ColorSpace>().icc_based(grey);
        resources.finish();
        objs.put(self.resources, &chunk)?;

        for (node, kids) in self.nodes.iter().zip(self.pages.chunks(PAGES_PER_NODE)) {
            let mut chunk = Chunk::new();
            chunk.pages(*node).parent(self.page_tree).kids(kids.iter().copied()).count(kids.len() as i32);
            objs.put(*node, &chunk)?;
        }
        let mut chunk = Chunk::new();
        chunk.pages(self.page_tree).kids(self.nodes.iter().copied()).count(self.pages.len() as i32);
        objs.put(self.page_tree, &chunk)?;

        let srgb = objs.alloc();
        let mut chunk = Chunk::new();
        chunk.icc_profile(srgb, SRGB_ICC).n(3).range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
        objs.put(srgb, &chunk)?;

        // The instance ID follows everything written so far and the metadata; the document ID
        // only the caller's name for the document.
        let mut hasher = objs.hasher.clone();
        self.meta.digest_into(&mut hasher);
        let instance_id = digest16(&hasher.finalize());
        let xmp = self.meta.xmp(&instance_id, self.pages.len() as u32);
        let metadata = objs.alloc();
        let mut chunk = Chunk::new();
        chunk.metadata(metadata, xmp.as_bytes());
        objs.put(metadata, &chunk)?;

        let info = objs.alloc();
        let mut chunk = Chunk::new();
        self.meta.write_info(&mut chunk, info);
        objs.put(info, &chunk)?;

        let catalog = objs.alloc();
        let mut chunk = Chunk::new();
        let mut cat = chunk.indirect(catalog).start::<Catalog>();
        cat.pages(self.page_tree).metadata(metadata).lang(TextStr(LANGUAGE));
        cat.output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("Custom"))
            .output_condition(TextStr("sRGB"))
            .registry_name(TextStr(""))
            .info(TextStr("sRGB v4.2"))
            .dest_output_profile(srgb);
        cat.finish();
        objs.put(catalog, &chunk)?;

        objs.trailer(catalog, info, [self.meta.document_id, instance_id])?;
        Ok(self.objs.out)
    }
}

/// The output with the byte count and object offsets the cross-reference table needs.
struct Objects<W: Write> {
    out: W,
    pos: u64,
    /// Digest of everything written, for the instance ID.
    hasher: Sha256,
    /// Offset of object `n` at index `n - 1` (0 until written).
    offsets: Vec<u64>,
    deflater: Compress,
    deflated: Vec<u8>,
}

impl<W: Write> Objects<W> {
    fn alloc(&mut self) -> Ref {
        self.offsets.push(0);
        Ref::new(self.offsets.len() as i32)
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.hasher.update(bytes);
        self.pos += bytes.len() as u64;
        Ok(())
    }

    /// Writes `chunk`, which holds exactly the object `id`.
    fn put(&mut self, id: Ref, chunk: &Chunk) -> io::Result<()> {
        self.offsets[id.get() as usize - 1] = self.pos;
        self.raw(chunk.as_bytes())
    }

    /// `data` zlib-compressed (for `/FlateDecode`), in a buffer reused between calls.
    fn deflate(&mut self, data: &[u8]) -> Result<&[u8], PdfError> {
        self.deflater.reset();
        self.deflated.clear();
        self.deflated.reserve(data.len() / 2 + 64);
        loop {
            let consumed = self.deflater.total_in() as usize;
            let status = self
                .deflater
                .compress_vec(&data[consumed..], &mut self.deflated, FlushCompress::Finish)
                .map_err(|e| PdfError::Render(format!("deflate: {e}")))?;
            match status {
                Status::StreamEnd => return Ok(&self.deflated),
                Status::Ok | Status::BufError => self.deflated.reserve(self.deflated.capacity().max(4096)),
            }
        }
    }

    /// The cross-reference table and trailer.
    fn trailer(&mut self, root: Ref, info: Ref, ids: [[u8; 16]; 2]) -> io::Result<()> {
        let start = self.pos;
        let mut xref = Vec::with_capacity(1 << 16);
        write!(xref, "xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1)?;
        for i in 0..self.offsets.len() {
            debug_assert!(self.offsets[i] > 0, "every allocated object is written");
            writeln!(xref, "{:010} 00000 n ", self.offsets[i])?;
            if xref.len() > (1 << 16) - 64 {
                self.raw(&xref)?;
                xref.clear();
            }
        }
        write!(
            xref,
            "trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R /ID [<{}> <{}>] >>\nstartxref\n{start}\n%%EOF\n",
            self.offsets.len() + 1,
            root.get(),
            info.get(),
            hex(&ids[0]),
            hex(&ids[1]),
        )?;
        self.raw(&xref)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests;
