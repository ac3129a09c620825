//! Writing iCalendar (RFC 5545) documents of all-day events, for the personal calendar feeds:
//! text escaped, lines folded at 75 octets without splitting a character, CRLF line ends.

use chrono::{DateTime, Days, NaiveDate, Utc};

/// The longest content line, in octets, before it is folded (RFC 5545 3.1).
const LINE_OCTETS: usize = 75;

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across reads, so calendar apps update the event instead of adding another.
    pub uid: String,
    pub day: NaiveDate,
    pub summary: String,
    pub description: Option<String>,
    pub url: Option<String>,
}

/// A VCALENDAR named `name` holding `events`, stamped `now`.
pub fn calendar(name: &str, now: DateTime<Utc>, events: &[Event]) -> String {
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//lert//Deadlines//EN", "CALSCALE:GREGORIAN"] {
        push_line(&mut out, line);
    }
    push_line(&mut out, "METHOD:PUBLISH");
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    for event in events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape_text(&event.uid)));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", event.day.format("%Y%m%d")));
        let end = event.day + Days::new(1);
        push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        push_line(&mut out, &format!("SUMMARY:{}", escape_text(&event.summary)));
        if let Some(description) = &event.description {
            push_line(&mut out, &format!("DESCRIPTION:{}", escape_text(description)));
        }
        if let Some(url) = &event.url {
            // A URI value is not TEXT: it is not escaped, only kept to one line.
            push_line(&mut out, &format!("URL:{}", url.replace(['\r', '\n'], "")));
        }
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// A TEXT value with `\`, `;`, `,` and line breaks escaped (RFC 5545 3.3.11).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded: at most 75 octets per physical line, continuation lines
/// starting with a space, never inside a UTF-8 character, each ended by CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            // The leading space counts toward the next line's 75 octets.
            room = LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests;
