//! The embedded DejaVu fonts and a width measure from their real glyph advances, so layout wraps
//! text exactly as it will be drawn and PDF/A never sees a missing glyph.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::pdf::PdfError;
use crate::pdf::layout::{FontKind, Measure};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
static MONO: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");

/// Character substituted for anything the font cannot draw (PDF/A forbids `.notdef`).
pub const REPLACEMENT: char = '?';

fn bytes(kind: FontKind) -> &'static [u8] {
    match kind {
        FontKind::Regular => REGULAR,
        FontKind::Bold => BOLD,
        FontKind::Mono => MONO,
    }
}

/// Glyph ID and advance width (em units) of every character the font's cmap maps.
struct Advances {
    ascii: [Option<(u32, f32)>; 128],
    other: HashMap<char, (u32, f32)>,
}

impl Advances {
    fn load(kind: FontKind) -> Self {
        let mut ascii = [None; 128];
        let mut other = HashMap::new();
        // The fonts are compiled in and known-good; a parse failure is a build defect.
        let font = FontRef::new(bytes(kind)).expect("embedded DejaVu font parses");
        let upem = font.metrics(Size::unscaled(), LocationRef::default()).units_per_em.max(1) as f32;
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        for (cp, gid) in font.charmap().mappings() {
            let (Some(ch), Some(adv)) = (char::from_u32(cp), metrics.advance_width(gid)) else { continue };
            if gid.to_u32() == 0 {
                continue;
            }
            let entry = (gid.to_u32(), adv / upem);
            match ascii.get_mut(cp as usize) {
                Some(slot) => *slot = Some(entry),
                None => {
                    other.insert(ch, entry);
                }
            }
        }
        Advances { ascii, other }
    }

    fn glyph(&self, ch: char) -> Option<(u32, f32)> {
        match self.ascii.get(ch as usize) {
            Some(a) => *a,
            None => self.other.get(&ch).copied(),
        }
    }

    fn get(&self, ch: char) -> Option<f32> {
        self.glyph(ch).map(|(_, adv)| adv)
    }

    fn width_em(&self, text: &str) -> f32 {
        let fallback = self.get(REPLACEMENT).unwrap_or(0.6);
        text.chars().map(|c| self.get(c).unwrap_or(fallback)).sum()
    }
}

static ADVANCES: LazyLock<[Advances; 3]> = LazyLock::new(|| {
    [Advances::load(FontKind::Regular), Advances::load(FontKind::Bold), Advances::load(FontKind::Mono)]
});

fn advances(kind: FontKind) -> &'static Advances {
    &ADVANCES[kind as usize]
}

/// Measures text with the embedded fonts' advance widths (kerning ignored, which only ever makes
/// the real text slightly narrower than measured).
#[derive(Clone, Copy, Debug, Default)]
pub struct DejaVuMeasure;

impl Measure for DejaVuMeasure {
    fn width(&self, text: &str, size: f32, font: FontKind) -> f32 {
        advances(font).width_em(text) * size
    }
}

/// The embedded TrueType program of `kind`, for writers that subset and embed it themselves.
pub fn font_data(kind: FontKind) -> &'static [u8] {
    bytes(kind)
}

/// Glyph ID and advance width (em) of `ch` in `kind`'s cmap; `None` where the font has no glyph
/// for it (never for text that went through [`drawable`]).
pub fn glyph(kind: FontKind, ch: char) -> Option<(u16, f32)> {
    let (gid, advance) = advances(kind).glyph(ch)?;
    Some((u16::try_from(gid).ok()?, advance))
}

/// `text` with every character the font lacks (controls included) replaced by [`REPLACEMENT`].
pub fn drawable(kind: FontKind, text: &str) -> Cow<'_, str> {
    let adv = advances(kind);
    let ok = |c: char| !c.is_control() && adv.get(c).is_some();
    if text.chars().all(ok) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(|c| if ok(c) { c } else { REPLACEMENT }).collect())
    }
}

/// Characters from scripts that need no shaping (Latin, Greek, Cyrillic, general punctuation and
/// symbols), whose glyphs are simply the cmap glyph at its advance.
fn needs_no_shaping(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{2FF}' | '\u{370}'..='\u{52F}' | '\u{1E00}'..='\u{1FFF}' | '\u{2000}'..='\u{2BFF}')
}

/// Glyphs for `text` (already [`drawable`]) placed at their nominal advances, the same widths
/// [`DejaVuMeasure`] reports; `None` when the text needs real shaping (marks, RTL, ...).
pub fn simple_glyphs(kind: FontKind, text: &str) -> Option<Vec<krilla::text::KrillaGlyph>> {
    let adv = advances(kind);
    let mut glyphs = Vec::with_capacity(text.len());
    for (i, ch) in text.char_indices() {
        if !needs_no_shaping(ch) {
            return None;
        }
        let (gid, x_advance) = adv.glyph(ch)?;
        glyphs.push(krilla::text::KrillaGlyph::new(
            krilla::text::GlyphId::new(gid),
            x_advance,
            0.0,
            0.0,
            0.0,
            i..i + ch.len_utf8(),
            None,
        ));
    }
    Some(glyphs)
}

/// The three fonts as krilla fonts, created once per document.
#[derive(Clone)]
pub struct KrillaFonts([krilla::text::Font; 3]);

impl KrillaFonts {
    pub fn load() -> Result<Self, PdfError> {
        let load = |kind: FontKind| {
            krilla::text::Font::new(bytes(kind).into(), 0).ok_or(PdfError::Font(kind_name(kind)))
        };
        Ok(KrillaFonts([load(FontKind::Regular)?, load(FontKind::Bold)?, load(FontKind::Mono)?]))
    }

    pub fn get(&self, kind: FontKind) -> krilla::text::Font {
        self.0[kind as usize].clone()
    }
}

/// The font's file name, for error messages.
pub fn kind_name(kind: FontKind) -> &'static str {
    match kind {
        FontKind::Regular => "DejaVuSans.ttf",
        FontKind::Bold => "DejaVuSans-Bold.ttf",
        FontKind::Mono => "DejaVuSansMono.ttf",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_digits_are_fixed_width() {
        let m = DejaVuMeasure;
        let a = m.width("0000000000", 10.0, FontKind::Mono);
        let b = m.width("ffffffffff", 10.0, FontKind::Mono);
        assert!((a - b).abs() < 1e-4);
        assert!((a - 60.2).abs() < 0.5, "DejaVu Sans Mono advance is 0.602 em, got {a}");
    }

    #[test]
    fn bold_is_wider_and_missing_glyphs_are_replaced() {
        let m = DejaVuMeasure;
        assert!(m.width("Subpoena", 10.0, FontKind::Bold) > m.width("Subpoena", 10.0, FontKind::Regular));
        assert_eq!(drawable(FontKind::Regular, "Zoë Ωmega"), "Zoë Ωmega");
        assert_eq!(drawable(FontKind::Regular, "a\u{7}b\u{10FFFD}"), "a?b?");
    }

    #[test]
    fn simple_glyphs_match_measured_widths() {
        let text = "host7.example.org — Zoë";
        let glyphs = simple_glyphs(FontKind::Regular, text).expect("Latin needs no shaping");
        assert_eq!(glyphs.len(), text.chars().count());
        let sum: f32 = glyphs.iter().map(|g| g.x_advance).sum();
        assert!((sum * 10.0 - DejaVuMeasure.width(text, 10.0, FontKind::Regular)).abs() < 1e-3);
        assert!(simple_glyphs(FontKind::Regular, "שלום").is_none(), "Hebrew goes through the shaper");
        assert!(
            simple_glyphs(FontKind::Regular, "e\u{301}").is_none(),
            "combining marks go through the shaper"
        );
    }
}
