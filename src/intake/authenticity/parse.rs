//! Reading one Authentication-Results header value (RFC 8601) as receiving MTAs really write it:
//! comments (nested, holding `;`), quoted strings with escapes, folding white space, mixed case,
//! trailing semicolons and vendor extensions such as Microsoft's `action=none` or Amazon's
//! `client-ip=...;` segments. The parser walks the text once, so a 64 KiB header costs one pass. A
//! header whose authserv-id cannot be read is refused as a whole; within a readable one, a result
//! too broken to name its method and outcome is skipped, and a broken property ends its result.

/// A header that could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParsedHeader {
    /// `None` when the header starts straight with a result, as Microsoft 365 writes it.
    pub authserv_id: Option<String>,
    pub results: Vec<ParsedResult>,
}

/// One `method=result` with its reason and properties, method and result lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParsedResult {
    pub method: String,
    pub result: String,
    /// `(ptype.property, value)` with the name lower-cased, plus `("reason", ...)` and vendor
    /// extensions without a ptype (`("action", "none")`), in the order written.
    pub properties: Vec<(String, String)>,
}

/// A header that could not be read, with its authserv-id when that much was readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unreadable {
    pub authserv_id: Option<String>,
}

/// Parses one unfolded header value (without the `Authentication-Results:` name).
pub(super) fn parse_header(value: &str) -> Result<ParsedHeader, Unreadable> {
    let mut cursor = Cursor { text: value, pos: 0 };
    cursor.skip_cfws();
    let start = cursor.pos;
    let Some(first) = cursor.authserv_id() else {
        return Err(Unreadable { authserv_id: None });
    };
    cursor.skip_cfws();
    if matches!(cursor.peek(), Some('=' | '/')) {
        // No authserv-id: the first word was a method.
        cursor.pos = start;
        return Ok(ParsedHeader { authserv_id: None, results: cursor.results(false) });
    }
    let version_readable = !cursor.peek().is_some_and(|c| c.is_ascii_digit()) || cursor.version();
    if !version_readable || !matches!(cursor.peek(), None | Some(';')) {
        return Err(Unreadable { authserv_id: Some(first) });
    }
    Ok(ParsedHeader { authserv_id: Some(first), results: cursor.results(true) })
}

struct Cursor<'a> {
    text: &'a str,
    /// Always on a char boundary: it only moves by whole chars or back to an earlier position.
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, wanted: char) -> bool {
        let found = self.peek() == Some(wanted);
        if found {
            self.bump();
        }
        found
    }

    /// Skips white space (folded or not) and comments. An unclosed comment runs to the end.
    fn skip_cfws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.bump();
            } else if c == '(' {
                self.skip_comment();
            } else {
                return;
            }
        }
    }

    fn skip_comment(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// A quoted string with its escapes removed; `None` if it is never closed.
    fn quoted_string(&mut self) -> Option<String> {
        self.bump();
        let mut value = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(value),
                '\\' => value.push(self.bump()?),
                c => value.push(c),
            }
        }
    }

    /// The chars from here while `keep` holds.
    fn run(&mut self, keep: impl Fn(char) -> bool) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
        self.text.get(start..self.pos).unwrap_or_default()
    }

    fn keyword(&mut self) -> String {
        self.run(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_').to_ascii_lowercase()
    }

    fn authserv_id(&mut self) -> Option<String> {
        if self.peek() == Some('"') {
            return self.quoted_string();
        }
        let id = self.run(|c| !c.is_whitespace() && !matches!(c, '(' | ';' | '=' | '/' | '"'));
        (!id.is_empty()).then(|| id.to_owned())
    }

    /// `authres-version`: digits, then nothing glued to them.
    fn version(&mut self) -> bool {
        self.run(|c| c.is_ascii_digit());
        let ends_cleanly = self.peek().is_none_or(|c| c.is_whitespace() || matches!(c, '(' | ';'));
        self.skip_cfws();
        ends_cleanly
    }

    /// Every `resinfo` up to the end; `leading_semicolon` is false when the authserv-id is missing.
    fn results(&mut self, leading_semicolon: bool) -> Vec<ParsedResult> {
        let mut results = Vec::new();
        if !leading_semicolon {
            results.extend(self.result());
        }
        while self.eat(';') {
            self.skip_cfws();
            if !matches!(self.peek(), None | Some(';')) {
                results.extend(self.result());
            }
        }
        results
    }

    /// One `methodspec [reasonspec] [propspec ...]`, leaving the cursor at the next `;` or the end.
    /// `None` for the `none` of a header without results and for a result too broken to name its
    /// method and outcome; properties after a broken one are dropped.
    fn result(&mut self) -> Option<ParsedResult> {
        let methodspec = self.methodspec();
        let Some((method, result)) = methodspec else {
            self.skip_to_semicolon();
            return None;
        };
        let mut properties = Vec::new();
        loop {
            self.skip_cfws();
            if matches!(self.peek(), None | Some(';')) {
                break;
            }
            let Some(property) = self.property() else {
                self.skip_to_semicolon();
                break;
            };
            properties.push(property);
        }
        Some(ParsedResult { method, result, properties })
    }

    /// `method[/version]=result`, both lower-cased.
    fn methodspec(&mut self) -> Option<(String, String)> {
        let method = self.keyword();
        self.skip_cfws();
        if method.is_empty() || (method == "none" && matches!(self.peek(), None | Some(';'))) {
            return None;
        }
        if self.eat('/') {
            self.skip_cfws();
            if self.keyword().is_empty() {
                return None;
            }
            self.skip_cfws();
        }
        if !self.eat('=') {
            return None;
        }
        self.skip_cfws();
        let result = self.keyword();
        (!result.is_empty()).then_some((method, result))
    }

    /// `ptype.property=value`, `reason=value` or a vendor's `name=value`.
    fn property(&mut self) -> Option<(String, String)> {
        let mut name = self.keyword();
        if name.is_empty() {
            return None;
        }
        self.skip_cfws();
        if self.eat('.') {
            self.skip_cfws();
            let property = self.keyword();
            if property.is_empty() {
                return None;
            }
            name = format!("{name}.{property}");
            self.skip_cfws();
        }
        if !self.eat('=') {
            return None;
        }
        self.skip_cfws();
        Some((name, self.property_value()?))
    }

    /// Passes over the rest of a broken result, minding comments and quoted strings.
    fn skip_to_semicolon(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ';' => return,
                '(' => self.skip_comment(),
                '"' => {
                    self.quoted_string();
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    /// A quoted string, a token, or an address whose local part may be quoted
    /// (`"john doe"@example.com`); unquoted values run to white space, a comment or `;`.
    fn property_value(&mut self) -> Option<String> {
        let unquoted = |c: char| !c.is_whitespace() && !matches!(c, '(' | ';' | '"');
        if self.peek() != Some('"') {
            return Some(self.run(unquoted).to_owned());
        }
        let mut value = self.quoted_string()?;
        if self.peek() == Some('@') {
            value.push_str(self.run(unquoted));
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests;
