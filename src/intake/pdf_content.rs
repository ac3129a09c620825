//! A lexer for PDF content streams that keeps only what text extraction needs: the text-showing
//! operators and their string operands. lopdf's `Content::decode` builds every operation of the
//! page (paths, colours, images) and takes most of the time on a long PDF.

/// What a content stream does that matters for its text.
#[derive(Debug, Clone, PartialEq)]
pub enum TextOp {
    /// `Tf`: select a font by its resource name.
    Font(Vec<u8>),
    /// `Tj`, `'`, `"` and the strings of `TJ`, in order.
    Show(Vec<u8>),
    /// A large negative kern inside `TJ`: a word space.
    Space,
    /// `T*`, `'`, `"`, `Td`, `TD`, `ET`: a line ends.
    LineBreak,
}

#[derive(Debug, Clone)]
enum Operand<'a> {
    Str(Vec<u8>),
    Name(&'a [u8]),
    /// Parsed only where its value matters (a kern inside `TJ`).
    Num(&'a [u8]),
    Array(Vec<Operand<'a>>),
    Other,
}

/// Text operations of a content stream in order. Never fails: malformed input ends the scan.
pub fn text_ops(data: &[u8]) -> Vec<TextOp> {
    let mut lexer = Lexer { data, at: 0 };
    let mut ops = Vec::new();
    let mut operands: Vec<Operand<'_>> = Vec::new();
    let mut arrays: Vec<Vec<Operand<'_>>> = Vec::new();
    while let Some(token) = lexer.next_token() {
        let operand = match token {
            Token::Operand(operand) => operand,
            Token::ArrayStart => {
                arrays.push(Vec::new());
                continue;
            }
            Token::ArrayEnd => match arrays.pop() {
                Some(items) => Operand::Array(items),
                None => continue,
            },
            Token::Operator(name) => {
                arrays.clear();
                apply(name, &operands, &mut ops);
                operands.clear();
                if name == b"BI" {
                    lexer.skip_inline_image();
                }
                continue;
            }
        };
        match arrays.last_mut() {
            Some(array) => array.push(operand),
            None => operands.push(operand),
        }
        // Real content streams never stack this many operands; a hostile one is cut short.
        if operands.len() > 64 {
            operands.remove(0);
        }
    }
    ops
}

fn apply(operator: &[u8], operands: &[Operand<'_>], ops: &mut Vec<TextOp>) {
    match operator {
        b"Tf" => {
            if let Some(Operand::Name(name)) = operands.first() {
                ops.push(TextOp::Font(name.to_vec()));
            }
        }
        b"Tj" => show(operands.last(), ops),
        b"'" | b"\"" => {
            ops.push(TextOp::LineBreak);
            show(operands.last(), ops);
        }
        b"TJ" => {
            if let Some(Operand::Array(items)) = operands.last() {
                for item in items {
                    match item {
                        Operand::Str(bytes) => ops.push(TextOp::Show(bytes.clone())),
                        Operand::Num(kern) if is_word_gap(kern) => ops.push(TextOp::Space),
                        _ => {}
                    }
                }
                ops.push(TextOp::Space);
            }
        }
        b"T*" | b"Td" | b"TD" | b"ET" => ops.push(TextOp::LineBreak),
        _ => {}
    }
}

/// A kern below -100 thousandths of an em moves far enough to be a space.
fn is_word_gap(kern: &[u8]) -> bool {
    std::str::from_utf8(kern).ok().and_then(|k| k.parse::<f64>().ok()).is_some_and(|k| k < -100.0)
}

fn show(operand: Option<&Operand<'_>>, ops: &mut Vec<TextOp>) {
    if let Some(Operand::Str(bytes)) = operand {
        ops.push(TextOp::Show(bytes.clone()));
    }
}

enum Token<'a> {
    Operand(Operand<'a>),
    ArrayStart,
    ArrayEnd,
    Operator(&'a [u8]),
}

struct Lexer<'a> {
    data: &'a [u8],
    at: usize,
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.at).copied()
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            let byte = self.peek()?;
            if is_whitespace(byte) {
                self.at += 1;
                continue;
            }
            if byte == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.at += 1;
                }
                continue;
            }
            return Some(match byte {
                b'(' => Token::Operand(Operand::Str(self.literal_string())),
                b'<' if self.data.get(self.at + 1) == Some(&b'<') => {
                    self.at += 2;
                    Token::Operand(Operand::Other)
                }
                b'>' if self.data.get(self.at + 1) == Some(&b'>') => {
                    self.at += 2;
                    Token::Operand(Operand::Other)
                }
                b'<' => Token::Operand(Operand::Str(self.hex_string())),
                b'[' => {
                    self.at += 1;
                    Token::ArrayStart
                }
                b']' => {
                    self.at += 1;
                    Token::ArrayEnd
                }
                b'/' => {
                    self.at += 1;
                    Token::Operand(Operand::Name(self.regular()))
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => Token::Operand(Operand::Num(self.regular())),
                _ if is_delimiter(byte) => {
                    self.at += 1;
                    Token::Operand(Operand::Other)
                }
                _ => Token::Operator(self.regular()),
            });
        }
    }

    /// A run of regular characters (at least one byte is consumed).
    fn regular(&mut self) -> &'a [u8] {
        let start = self.at;
        while self.peek().is_some_and(|b| !is_whitespace(b) && !is_delimiter(b)) {
            self.at += 1;
        }
        if self.at == start {
            self.at += 1;
        }
        &self.data[start..self.at.min(self.data.len())]
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(byte) = self.peek() {
            self.at += 1;
            match byte {
                b'\\' => {
                    let Some(escaped) = self.peek() else { break };
                    self.at += 1;
                    match escaped {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(escaped - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(byte);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(byte);
                }
                _ => out.push(byte),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut digits = Vec::new();
        while let Some(byte) = self.peek() {
            self.at += 1;
            if byte == b'>' {
                break;
            }
            if let Some(value) = (byte as char).to_digit(16) {
                digits.push(value as u8);
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        digits.chunks(2).map(|pair| pair[0] * 16 + pair[1]).collect()
    }

    /// Skips an inline image's dictionary and binary data, up to and including `EI`.
    fn skip_inline_image(&mut self) {
        let rest = &self.data[self.at.min(self.data.len())..];
        let end =
            rest.windows(4).position(|w| is_whitespace(w[0]) && &w[1..3] == b"EI" && is_whitespace(w[3]));
        self.at = match end {
            Some(offset) => self.at + offset + 3,
            None => self.data.len(),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_operators_and_their_strings() {
        let stream =
            b"BT /F1 12 Tf 72 700 Td (Subpoena \\(GJ\\) No. 26) Tj T* [(Hel) -20 (lo) -250 (world)] TJ \
                       0 0 1 rg 10 10 m 20 20 l S <48692> Tj ET";
        let ops = text_ops(stream);
        assert_eq!(
            ops,
            vec![
                TextOp::Font(b"F1".to_vec()),
                TextOp::LineBreak,
                TextOp::Show(b"Subpoena (GJ) No. 26".to_vec()),
                TextOp::LineBreak,
                TextOp::Show(b"Hel".to_vec()),
                TextOp::Show(b"lo".to_vec()),
                TextOp::Space,
                TextOp::Show(b"world".to_vec()),
                TextOp::Space,
                TextOp::Show(vec![0x48, 0x69, 0x20]),
                TextOp::LineBreak,
            ]
        );
    }

    #[test]
    fn inline_images_comments_and_garbage_do_not_derail_it() {
        let stream = b"% comment (not a string) Tj\nBI /W 2 /H 2 ID \x00\xff(EI)\xfe EI (after) Tj";
        assert_eq!(text_ops(stream), vec![TextOp::Show(b"after".to_vec())]);
        for garbage in [&b"((((("[..], b"<<<<", b"\\", b"[[[[ ]]]] Tj TJ", b"(\\", b"/", b"-", b"<a"] {
            text_ops(garbage);
        }
    }
}
