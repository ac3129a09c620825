//! Pure page layout (no krilla): word-wrapping by measured widths and pagination of headings,
//! paragraphs, lists, tables and signature blocks into positioned text and rules, so it can be
//! unit-tested with a fake font metric and drive streaming rendering page by page.

use std::mem;
use std::rc::Rc;

/// US Letter, in PDF points.
pub const PAGE_WIDTH: f32 = 612.0;
pub const PAGE_HEIGHT: f32 = 792.0;
pub const MARGIN: f32 = 72.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Body text size.
pub const BODY: f32 = 10.0;
/// Table cell text size.
pub const TABLE: f32 = 8.5;
const FOOTER: f32 = 8.0;
const TOP: f32 = MARGIN;
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN;
const FOOTER_BASELINE: f32 = BOTTOM + 36.0;
const LEADING: f32 = 1.3;
const CELL_PAD: f32 = 3.0;
const COL_GAP: f32 = 6.0;
const KEY_WIDTH: f32 = 150.0;
const BULLET_INDENT: f32 = 14.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FontKind {
    Regular = 0,
    Bold = 1,
    Mono = 2,
}

/// Width in points of `text` set in `font` at `size`.
pub trait Measure {
    fn width(&self, text: &str, size: f32, font: FontKind) -> f32;
}

impl<F: Fn(&str, f32, FontKind) -> f32> Measure for F {
    fn width(&self, text: &str, size: f32, font: FontKind) -> f32 {
        self(text, size, font)
    }
}

/// Something to draw. `y` grows downwards from the top edge; text `y` is the baseline.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        font: FontKind,
        text: String,
    },
    /// A horizontal rule from `x` to `x + width`.
    Rule {
        x: f32,
        y: f32,
        width: f32,
        thickness: f32,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub items: Vec<Item>,
}

impl Page {
    /// The text items in drawing order (for tests and debugging).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            Item::Rule { .. } => None,
        })
    }
}

/// Bates numbering: page N carries `PREFIX-` and `first + N - 1`, zero-padded to 6 digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bates {
    pub prefix: String,
    pub first: u64,
}

impl Bates {
    pub fn label(&self, page: u32) -> String {
        format!("{}-{:06}", self.prefix, self.first + u64::from(page) - 1)
    }
}

/// What every page footer shows: `left` text, "Page N" centred, and the Bates label at the right.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footer {
    pub left: String,
    pub bates: Option<Bates>,
}

/// A table column: title, share of the content width, and the font for its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub title: String,
    pub weight: f32,
    pub font: FontKind,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: f32) -> Self {
        Column { title: title.into(), weight, font: FontKind::Regular }
    }

    pub fn mono(title: impl Into<String>, weight: f32) -> Self {
        Column { title: title.into(), weight, font: FontKind::Mono }
    }
}

/// Greedy word wrap of `text` into lines no wider than `width` (hard line breaks kept, runs of
/// whitespace collapsed, words wider than a line broken between characters). Never empty.
pub fn wrap(m: &dyn Measure, text: &str, size: f32, font: FontKind, width: f32) -> Vec<String> {
    // Fast path for the common table cell (an ID, a time, an address): one word that fits.
    if !text.is_empty() && !text.contains(char::is_whitespace) && m.width(text, size, font) <= width {
        return vec![text.to_owned()];
    }
    let space = m.width(" ", size, font);
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in hard.split_whitespace() {
            let w = m.width(word, size, font);
            if line.is_empty() && w <= width {
                line.push_str(word);
                line_w = w;
            } else if !line.is_empty() && line_w + space + w <= width {
                line.push(' ');
                line.push_str(word);
                line_w += space + w;
            } else if w <= width {
                lines.push(mem::take(&mut line));
                line.push_str(word);
                line_w = w;
            } else {
                // Too long for any line: break between characters, continuing the current line.
                if !line.is_empty() {
                    line.push(' ');
                    line_w += space;
                }
                // Prefer breaking after punctuation inside the word (file names, hosts, paths).
                let mut word_start = line.len();
                let mut soft: Option<usize> = None;
                for ch in word.chars() {
                    let mut buf = [0; 4];
                    let cw = m.width(ch.encode_utf8(&mut buf), size, font);
                    if line_w + cw > width && !line.trim_end().is_empty() {
                        let tail = match soft {
                            Some(at) if at > word_start => line.split_off(at),
                            _ => String::new(),
                        };
                        lines.push(mem::replace(&mut line, tail).trim_end().to_owned());
                        line_w = m.width(&line, size, font);
                        word_start = 0;
                        soft = None;
                    }
                    line.push(ch);
                    line_w += cw;
                    if matches!(ch, '-' | '_' | '.' | '/' | '@' | ':' | ',' | ';' | '=' | '&' | '?') {
                        soft = Some(line.len());
                    }
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[derive(Clone, Debug)]
struct Cell {
    x: f32,
    width: f32,
    font: FontKind,
}

/// The open table. Cells and the wrapped header are computed once in `begin_table` and shared,
/// so a row costs no clone of the table and no re-wrapping of the titles.
#[derive(Clone, Debug)]
struct TableState {
    size: f32,
    cells: Rc<[Cell]>,
    /// Header cells: `cells` in bold.
    header_cells: Rc<[Cell]>,
    /// Each title wrapped to its column.
    header_lines: Rc<[Vec<String>]>,
    header_height: f32,
    caption: Option<Rc<str>>,
}

/// Lays blocks out onto pages. Completed pages queue up until [`Paginator::take_pages`], so a
/// caller can render and drop each page as soon as it is full.
pub struct Paginator<'m> {
    m: &'m dyn Measure,
    footer: Footer,
    page: Page,
    y: f32,
    done: Vec<Page>,
    table: Option<TableState>,
}

impl<'m> Paginator<'m> {
    pub fn new(m: &'m dyn Measure, footer: Footer) -> Self {
        Paginator {
            m,
            footer,
            page: Page { number: 1, items: Vec::new() },
            y: TOP,
            done: Vec::new(),
            table: None,
        }
    }

    /// Pages completed so far (each exactly once).
    pub fn take_pages(&mut self) -> Vec<Page> {
        mem::take(&mut self.done)
    }

    /// Closes the last page and returns every page not yet taken.
    pub fn finish(mut self) -> Vec<Page> {
        self.close_page();
        self.done
    }

    /// Number of the page being filled.
    pub fn page_number(&self) -> u32 {
        self.page.number
    }

    fn at_top(&self) -> bool {
        self.y <= TOP
    }

    fn remaining(&self) -> f32 {
        BOTTOM - self.y
    }

    fn close_page(&mut self) {
        let n = self.page.number;
        let m = self.m;
        let mut right = format!("Page {n}");
        if let Some(bates) = &self.footer.bates {
            right = format!("{right}    {}", bates.label(n));
        }
        let right_w = m.width(&right, FOOTER, FontKind::Regular);
        let mut push = |x: f32, text: String| {
            self.page.items.push(Item::Text {
                x,
                y: FOOTER_BASELINE,
                size: FOOTER,
                font: FontKind::Regular,
                text,
            })
        };
        push(PAGE_WIDTH - MARGIN - right_w, right);
        if !self.footer.left.is_empty() {
            push(
                MARGIN,
                fit(m, &self.footer.left, FOOTER, FontKind::Regular, CONTENT_WIDTH - right_w - 18.0),
            );
        }
        let next = Page { number: n + 1, items: Vec::new() };
        self.done.push(mem::replace(&mut self.page, next));
        self.y = TOP;
    }

    /// Starts a new page (repeating the open table's caption and header).
    pub fn page_break(&mut self) {
        self.close_page();
        if self.table.is_some() {
            self.table_header(true);
        }
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, font: FontKind, text: String) {
        if !text.is_empty() {
            self.page.items.push(Item::Text { x, y: baseline, size, font, text });
        }
    }

    fn rule(&mut self, x: f32, width: f32, thickness: f32) {
        self.page.items.push(Item::Rule { x, y: self.y, width, thickness });
    }

    /// Vertical space, dropped at the top of a page.
    pub fn space(&mut self, h: f32) {
        if !self.at_top() {
            self.y = (self.y + h).min(BOTTOM);
        }
    }

    /// Places wrapped lines, breaking pages between lines.
    fn lines(&mut self, x: f32, lines: Vec<String>, size: f32, font: FontKind) {
        let lh = size * LEADING;
        for line in lines {
            if self.remaining() < lh {
                self.page_break();
            }
            self.text(x, self.y + size, size, font, line);
            self.y += lh;
        }
    }

    /// A bold heading (level 1: 14 pt, otherwise 11 pt), kept with the next few lines.
    pub fn heading(&mut self, text: &str, level: u8) {
        let size = if level <= 1 { 14.0 } else { 11.0 };
        self.space(size * 0.8);
        let lines = wrap(self.m, text, size, FontKind::Bold, CONTENT_WIDTH);
        let need = lines.len() as f32 * size * LEADING + 3.0 * BODY * LEADING;
        if self.remaining() < need && !self.at_top() {
            self.page_break();
        }
        self.lines(MARGIN, lines, size, FontKind::Bold);
        self.y += size * 0.3;
    }

    /// A wrapped paragraph followed by a small gap.
    pub fn paragraph(&mut self, text: &str, font: FontKind, size: f32) {
        let lines = wrap(self.m, text, size, font, CONTENT_WIDTH);
        self.lines(MARGIN, lines, size, font);
        self.space(size * 0.6);
    }

    /// Body-size lines with no gap between them (an address, a date line).
    pub fn plain_lines(&mut self, lines: &[&str], font: FontKind) {
        for line in lines {
            let wrapped = wrap(self.m, line, BODY, font, CONTENT_WIDTH);
            self.lines(MARGIN, wrapped, BODY, font);
        }
    }

    /// A bulleted list.
    pub fn bullets<S: AsRef<str>>(&mut self, items: &[S]) {
        for item in items {
            let lines = wrap(self.m, item.as_ref(), BODY, FontKind::Regular, CONTENT_WIDTH - BULLET_INDENT);
            if self.remaining() < BODY * LEADING {
                self.page_break();
            }
            self.text(MARGIN + 3.0, self.y + BODY, BODY, FontKind::Regular, "•".to_owned());
            self.lines(MARGIN + BULLET_INDENT, lines, BODY, FontKind::Regular);
            self.y += BODY * 0.25;
        }
        self.space(BODY * 0.4);
    }

    /// Bold keys beside wrapped values.
    pub fn key_values<K: AsRef<str>, V: AsRef<str>>(&mut self, pairs: &[(K, V)]) {
        let cells = [
            Cell { x: MARGIN, width: KEY_WIDTH - COL_GAP, font: FontKind::Bold },
            Cell { x: MARGIN + KEY_WIDTH, width: CONTENT_WIDTH - KEY_WIDTH, font: FontKind::Regular },
        ];
        for (k, v) in pairs {
            self.row(&cells, &[k.as_ref(), v.as_ref()], BODY, 1.0, false);
        }
        self.space(BODY * 0.6);
    }

    /// Opens a table; its header (and `caption`, on continuation pages) repeats on every page.
    pub fn begin_table(&mut self, columns: &[Column], caption: Option<&str>) {
        self.begin_table_sized(columns, caption, TABLE);
    }

    /// [`Paginator::begin_table`] with cell text at `size` points.
    pub fn begin_table_sized(&mut self, columns: &[Column], caption: Option<&str>, size: f32) {
        let total: f32 = columns.iter().map(|c| c.weight.max(0.0)).sum::<f32>().max(f32::EPSILON);
        let mut x = MARGIN;
        let mut cells = Vec::with_capacity(columns.len());
        for c in columns {
            let w = CONTENT_WIDTH * c.weight.max(0.0) / total;
            cells.push(Cell { x, width: (w - COL_GAP).max(1.0), font: c.font });
            x += w;
        }
        let header_lines: Vec<Vec<String>> = cells
            .iter()
            .zip(columns)
            .map(|(c, col)| wrap(self.m, &col.title, size, FontKind::Bold, c.width))
            .collect();
        let rows = header_lines.iter().map(Vec::len).max().unwrap_or(0);
        let header_cells = cells.iter().map(|c| Cell { font: FontKind::Bold, ..c.clone() }).collect();
        self.table = Some(TableState {
            size,
            cells: cells.into(),
            header_cells,
            header_lines: header_lines.into(),
            header_height: rows as f32 * size * LEADING + 2.0 * CELL_PAD,
            caption: caption.map(Rc::from),
        });
        let need = self.header_height() + size * LEADING + 2.0 * CELL_PAD;
        if self.remaining() < need && !self.at_top() {
            self.page_break(); // draws the header
        } else {
            self.table_header(false);
        }
    }

    /// Closes the open table.
    pub fn end_table(&mut self) {
        if self.table.take().is_some() {
            self.space(BODY * 0.8);
        }
    }

    fn header_height(&self) -> f32 {
        self.table.as_ref().map_or(2.0 * CELL_PAD, |t| t.header_height)
    }

    fn table_header(&mut self, continued: bool) {
        let Some(t) = self.table.clone() else { return };
        if continued && let Some(caption) = &t.caption {
            let lines =
                wrap(self.m, &format!("{caption} (continued)"), t.size, FontKind::Bold, CONTENT_WIDTH);
            self.lines(MARGIN, lines, t.size, FontKind::Bold);
            self.y += CELL_PAD;
        }
        self.place(&t.header_cells, t.header_lines.to_vec(), t.size, CELL_PAD);
        self.rule(MARGIN, CONTENT_WIDTH, 0.75);
    }

    /// One table row; a row taller than the rest of the page moves to the next page, and one
    /// taller than a whole page is split between lines (the header repeats).
    pub fn table_row(&mut self, cells: &[&str]) {
        let Some(t) = &self.table else { return };
        let (columns, size) = (Rc::clone(&t.cells), t.size);
        self.row(&columns, cells, size, CELL_PAD, true);
    }

    fn row(&mut self, cells: &[Cell], texts: &[&str], size: f32, pad: f32, ruled: bool) {
        let lines: Vec<Vec<String>> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| wrap(self.m, texts.get(i).copied().unwrap_or(""), size, c.font, c.width))
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1);
        let lh = size * LEADING;
        let fresh = BOTTOM - TOP - if self.table.is_some() { self.header_height() + 2.0 * lh } else { 0.0 };
        let height = n as f32 * lh + 2.0 * pad;
        if height > self.remaining() && height <= fresh && !self.at_top() {
            self.page_break();
        }
        self.place(cells, lines, size, pad);
        if ruled {
            self.rule(MARGIN, CONTENT_WIDTH, 0.25);
        }
    }

    /// Places a row of wrapped cells, splitting between lines across pages when needed.
    fn place(&mut self, cells: &[Cell], mut lines: Vec<Vec<String>>, size: f32, pad: f32) {
        let lh = size * LEADING;
        let n = lines.iter().map(Vec::len).max().unwrap_or(0);
        let mut start = 0;
        while start < n {
            let fit = ((self.remaining() - 2.0 * pad) / lh).floor().max(0.0) as usize;
            if fit == 0 {
                self.page_break();
                continue;
            }
            let end = n.min(start + fit);
            for (cell, cell_lines) in cells.iter().zip(lines.iter_mut()) {
                for (k, line) in cell_lines.iter_mut().enumerate().take(end).skip(start) {
                    let baseline = self.y + pad + (k - start) as f32 * lh + size;
                    let text = mem::take(line);
                    self.text(cell.x, baseline, size, cell.font, text);
                }
            }
            self.y += (end - start) as f32 * lh + 2.0 * pad;
            start = end;
            if start < n {
                self.page_break();
            }
        }
    }

    /// A closing line (e.g. "Sincerely,"), then a signature line with name, title and
    /// organisation beneath, all kept together on one page.
    pub fn signature(&mut self, closing: &str, name: &str, title: &str, org: &str) {
        let lh = BODY * LEADING;
        let need = 36.0 + 4.0 * lh;
        if self.remaining() < need && !self.at_top() {
            self.page_break();
        }
        if !closing.is_empty() {
            self.plain_lines(&[closing], FontKind::Regular);
        }
        self.y += 30.0;
        self.rule(MARGIN, 216.0, 0.5);
        self.y += 3.0;
        let lines: Vec<&str> = [name, title, org].into_iter().filter(|s| !s.is_empty()).collect();
        self.plain_lines(&lines, FontKind::Regular);
        self.space(BODY * 0.6);
    }
}

/// `text`, shortened with an ellipsis to fit `width`.
fn fit(m: &dyn Measure, text: &str, size: f32, font: FontKind, width: f32) -> String {
    if m.width(text, size, font) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for ch in text.chars() {
        out.push(ch);
        if m.width(&out, size, font) + m.width("…", size, font) > width {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests;
