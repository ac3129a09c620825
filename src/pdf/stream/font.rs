//! One embedded font of the streaming writer. Glyphs get their CIDs in order of first use while
//! pages are written (the numbering `subsetter`'s `GlyphRemapper` gives the subset's glyph IDs),
//! so a page can be written before the subset exists; `write` then embeds the subset as a
//! PDF/A-2b Type0/CIDFontType2 font with widths, ToUnicode map and CIDSet, as krilla does.

use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::writers::WMode;
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::string::StringId;
use skrifa::{FontRef, GlyphId, MetadataProvider};
use subsetter::GlyphRemapper;

use super::Objects;
use super::meta::digest16;
use crate::pdf::PdfError;
use crate::pdf::fonts::{REPLACEMENT, font_data, glyph, kind_name};
use crate::pdf::layout::FontKind;

const SYSTEM_INFO: SystemInfo =
    SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

/// The glyphs of one font used so far.
pub(super) struct FontUse {
    kind: FontKind,
    remapper: GlyphRemapper,
    /// The character each CID was first drawn for, for ToUnicode (CID 0, `.notdef`, has none).
    chars: Vec<char>,
    /// CID of each ASCII character once drawn (0: not yet), sparing the cmap and remapper lookups.
    ascii: [u16; 128],
}

impl FontUse {
    pub(super) fn new(kind: FontKind) -> Result<Self, PdfError> {
        // `cid` falls back to the replacement glyph, so it must exist.
        glyph(kind, REPLACEMENT).ok_or(PdfError::Font(kind_name(kind)))?;
        Ok(FontUse { kind, remapper: GlyphRemapper::new(), chars: vec!['\0'], ascii: [0; 128] })
    }

    pub(super) fn is_used(&self) -> bool {
        self.remapper.num_gids() > 1
    }

    /// The CID `ch` is drawn with. Like [`crate::pdf::fonts::drawable`], controls and characters
    /// the font lacks become [`REPLACEMENT`].
    #[inline]
    pub(super) fn cid(&mut self, ch: char) -> u16 {
        if let Some(&cid) = self.ascii.get(ch as usize)
            && cid != 0
        {
            return cid;
        }
        let (drawn, gid) = match glyph(self.kind, ch) {
            Some((gid, _)) if !ch.is_control() => (ch, gid),
            _ => (REPLACEMENT, glyph(self.kind, REPLACEMENT).map_or(0, |(gid, _)| gid)),
        };
        let cid = self.remapper.remap(gid);
        if usize::from(cid) == self.chars.len() {
            self.chars.push(drawn);
        }
        if let Some(slot) = self.ascii.get_mut(ch as usize) {
            *slot = cid;
        }
        cid
    }

    /// Subsets the font to the glyphs used and writes it with `type0` as the font dictionary.
    pub(super) fn write<W: Write>(&self, objs: &mut Objects<W>, type0: Ref) -> Result<(), PdfError> {
        let name = kind_name(self.kind);
        let data = font_data(self.kind);
        let font = FontRef::new(data).map_err(|_| PdfError::Font(name))?;
        let subset = subsetter::subset(data, 0, &self.remapper)
            .map_err(|e| PdfError::Render(format!("subsetting {name}: {e}")))?;
        let subset_glyphs = FontRef::new(&subset)
            .and_then(|f| f.maxp())
            .map_err(|_| PdfError::Render(format!("subset of {name} does not parse")))?
            .num_glyphs();

        let upem = font.head().map_err(|_| PdfError::Font(name))?.units_per_em().max(1);
        let to_pdf = |v: f32| v * 1000.0 / f32::from(upem);
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let glyph_metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let gids: Vec<GlyphId> = self.remapper.remapped_gids().map(|g| GlyphId::new(g.into())).collect();
        let widths: Vec<f32> =
            gids.iter().map(|&g| to_pdf(glyph_metrics.advance_width(g).unwrap_or(0.0))).collect();
        let bbox = gids
            .iter()
            .filter_map(|&g| glyph_metrics.bounds(g))
            .reduce(|a, b| skrifa::metrics::BoundingBox {
                x_min: a.x_min.min(b.x_min),
                y_min: a.y_min.min(b.y_min),
                x_max: a.x_max.max(b.x_max),
                y_max: a.y_max.max(b.y_max),
            })
            .or(metrics.bounds)
            .map_or(Rect::new(0.0, 0.0, 1000.0, 1000.0), |b| {
                Rect::new(to_pdf(b.x_min), to_pdf(b.y_min), to_pdf(b.x_max), to_pdf(b.y_max))
            });
        let os2 = font.os2().ok();
        let ascent = os2.as_ref().map_or(metrics.ascent, |o| f32::from(o.s_typo_ascender()));
        let descent = os2.as_ref().map_or(metrics.descent, |o| f32::from(o.s_typo_descender()));
        let weight = font.attributes().weight.value();
        let postscript = font
            .localized_strings(StringId::POSTSCRIPT_NAME)
            .english_or_first()
            .map_or_else(|| name.trim_end_matches(".ttf").to_owned(), |s| s.chars().collect());
        let base_font = format!("{}+{postscript}", self.subset_tag());

        let cid_ref = objs.alloc();
        let descriptor_ref = objs.alloc();
        let cmap_ref = objs.alloc();
        let cid_set_ref = objs.alloc();
        let file_ref = objs.alloc();

        let mut chunk = Chunk::new();
        chunk
            .stream(file_ref, objs.deflate(&subset)?)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), i32::try_from(subset.len()).unwrap_or(i32::MAX));
        objs.put(file_ref, &chunk)?;

        // Every CID of the subset is present (the subsetter numbers them 0..n).
        let mut cid_set = vec![0xFF_u8; usize::from(subset_glyphs / 8)];
        if subset_glyphs % 8 != 0 {
            cid_set.push(!(0xFF_u8 >> (subset_glyphs % 8)));
        }
        let mut chunk = Chunk::new();
        chunk.stream(cid_set_ref, objs.deflate(&cid_set)?).filter(Filter::FlateDecode);
        objs.put(cid_set_ref, &chunk)?;

        let mut cmap = UnicodeCmap::<u16>::new(Name(b"Custom"), SYSTEM_INFO);
        for (cid, &ch) in self.chars.iter().enumerate().skip(1) {
            cmap.pair(cid as u16, ch);
        }
        let cmap = cmap.finish();
        let mut chunk = Chunk::new();
        let mut cmap = chunk.cmap(cmap_ref, objs.deflate(cmap.as_slice())?);
        cmap.writing_mode(WMode::Horizontal);
        cmap.filter(Filter::FlateDecode);
        cmap.finish();
        objs.put(cmap_ref, &chunk)?;

        let mut flags = FontFlags::SYMBOLIC;
        flags.set(FontFlags::FIXED_PITCH, metrics.is_monospace);
        flags.set(FontFlags::ITALIC, metrics.italic_angle != 0.0);
        let mut chunk = Chunk::new();
        chunk
            .font_descriptor(descriptor_ref)
            .name(Name(base_font.as_bytes()))
            .flags(flags)
            .bbox(bbox)
            .italic_angle(metrics.italic_angle)
            .ascent(to_pdf(ascent))
            .descent(to_pdf(descent))
            .cap_height(to_pdf(metrics.cap_height.unwrap_or(ascent)))
            .stem_v(10.0 + 0.244 * (weight - 50.0))
            .cid_set(cid_set_ref)
            .font_file2(file_ref);
        objs.put(descriptor_ref, &chunk)?;

        let mut chunk = Chunk::new();
        let mut cid = chunk.cid_font(cid_ref);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(base_font.as_bytes()))
            .system_info(SYSTEM_INFO)
            .font_descriptor(descriptor_ref)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid.widths().consecutive(0, widths);
        cid.finish();
        objs.put(cid_ref, &chunk)?;

        let mut chunk = Chunk::new();
        chunk
            .type0_font(type0)
            .base_font(Name(base_font.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_ref);
        Ok(objs.put(type0, &chunk)?)
    }

    /// Six capital letters naming this subset, from a digest of the font and its glyph list.
    fn subset_tag(&self) -> String {
        let mut key = kind_name(self.kind).as_bytes().to_vec();
        key.extend(self.remapper.remapped_gids().flat_map(u16::to_be_bytes));
        digest16(&key)[..6].iter().map(|b| char::from(b'A' + b % 26)).collect()
    }
}
