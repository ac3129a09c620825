//! A page's content stream for the streaming writer, encoded by hand into a reused buffer: text
//! as CIDs in literal strings (2 bytes a glyph), `Td` moves relative to the previous line, the
//! font set only when it changes, and rules as filled rectangles, all in the ICC-based grey
//! that the shared resources name `/C0`. There is no shaping: each character is its cmap glyph
//! at its advance, which is exact for the report's IDs, times, addresses and Latin, Greek or
//! Cyrillic names; right-to-left text and combining marks (which krilla shapes) come out in
//! logical order, glyph by glyph, though each glyph still maps back to its character.

use crate::pdf::layout::{FontKind, Item, PAGE_HEIGHT, Page};

use super::font::FontUse;

/// Resource names of the three fonts, indexed by `FontKind as usize`.
pub(super) const FONT_NAMES: [&[u8]; 3] = [b"F0", b"F1", b"F2"];

#[derive(Default)]
pub(super) struct PageContent {
    buf: Vec<u8>,
    in_text: bool,
    font: Option<(FontKind, f32)>,
    /// Start of the current text line (PDF coordinates), what `Td` is relative to.
    line: (f32, f32),
}

impl PageContent {
    /// Encodes `page` (y down from the top, text `y` the baseline) into PDF operators.
    pub(super) fn encode(&mut self, page: &Page, fonts: &mut [FontUse; 3]) -> &[u8] {
        self.buf.clear();
        self.in_text = false;
        self.font = None;
        self.buf.extend_from_slice(b"/C0 cs 0 scn\n");
        for item in &page.items {
            match item {
                Item::Text { x, y, size, font, text } => {
                    if !text.is_empty() {
                        self.text(*x, PAGE_HEIGHT - *y, *size, *font, text, &mut fonts[*font as usize]);
                    }
                }
                Item::Rule { x, y, width, thickness } => {
                    self.end_text();
                    // The rule is centred on `y`, as krilla's rectangle `y - thickness / 2`.
                    let b = &mut self.buf;
                    for v in [*x, PAGE_HEIGHT - *y - *thickness / 2.0, *width, *thickness] {
                        num(b, v);
                        b.push(b' ');
                    }
                    b.extend_from_slice(b"re f\n");
                }
            }
        }
        self.end_text();
        &self.buf
    }

    fn text(&mut self, x: f32, y: f32, size: f32, kind: FontKind, text: &str, font: &mut FontUse) {
        if !self.in_text {
            self.buf.extend_from_slice(b"BT\n");
            self.in_text = true;
            self.line = (0.0, 0.0);
        }
        let b = &mut self.buf;
        if self.font != Some((kind, size)) {
            self.font = Some((kind, size));
            b.push(b'/');
            b.extend_from_slice(FONT_NAMES[kind as usize]);
            b.push(b' ');
            num(b, size);
            b.extend_from_slice(b" Tf\n");
        }
        num(b, x - self.line.0);
        b.push(b' ');
        num(b, y - self.line.1);
        b.extend_from_slice(b" Td(");
        self.line = (x, y);
        for ch in text.chars() {
            for byte in font.cid(ch).to_be_bytes() {
                match byte {
                    b'(' | b')' | b'\\' => b.extend_from_slice(&[b'\\', byte]),
                    // A bare CR inside a literal string would be read as a line feed.
                    b'\r' => b.extend_from_slice(b"\\r"),
                    _ => b.push(byte),
                }
            }
        }
        b.extend_from_slice(b")Tj\n");
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.buf.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }
}

/// Writes `v` rounded to 1/1000 pt (far below what a device resolves), without trailing zeros.
fn num(buf: &mut Vec<u8>, v: f32) {
    // Half away from zero, without a call to `round`.
    let scaled = f64::from(v) * 1000.0;
    let milli = if scaled < 0.0 { (scaled - 0.5) as i64 } else { (scaled + 0.5) as i64 };
    if milli < 0 {
        buf.push(b'-');
    }
    let milli = milli.unsigned_abs();
    digits(buf, milli / 1000);
    let frac = milli % 1000;
    if frac != 0 {
        buf.push(b'.');
        let s = [b'0' + (frac / 100) as u8, b'0' + (frac / 10 % 10) as u8, b'0' + (frac % 10) as u8];
        let len = if frac % 100 == 0 {
            1
        } else if frac % 10 == 0 {
            2
        } else {
            3
        };
        buf.extend_from_slice(&s[..len]);
    }
}

fn digits(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: f32) -> String {
        let mut b = Vec::new();
        num(&mut b, v);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn numbers_are_short_and_rounded() {
        assert_eq!(fmt(0.0), "0");
        assert_eq!(fmt(-0.0001), "0");
        assert_eq!(fmt(72.0), "72");
        assert_eq!(fmt(105.399994), "105.4");
        assert_eq!(fmt(-12.75), "-12.75");
        assert_eq!(fmt(0.125), "0.125");
        assert_eq!(fmt(611.05), "611.05");
    }
}
