//! Forwarded requests: a colleague forwards an agency's email into the mailbox. The original
//! sender is in the quoted header block, not in From, and its authenticity cannot be checked.

use serde::Serialize;

use super::parse::Mailbox;

/// Lines that begin a forwarded or quoted original, as mail clients write them.
const MARKERS: [&str; 6] = [
    "---------- forwarded message ---------",
    "-------- forwarded message --------",
    "begin forwarded message:",
    "-----original message-----",
    "----- forwarded message -----",
    "________________________________",
];
/// How many lines after the marker the quoted `From:` may appear.
const HEADER_BLOCK_LINES: usize = 8;

/// A forwarded original found in a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forwarded {
    /// The marker line as written.
    pub marker: String,
    /// The quoted `From:` of the original, when it names an address.
    pub original_from: Option<Mailbox>,
}

/// The first forwarded original in `body`, if any.
pub fn find_forwarded(body: &str) -> Option<Forwarded> {
    let lines: Vec<&str> = body.lines().collect();
    let start = lines.iter().position(|line| {
        let lower = line.trim().to_lowercase();
        MARKERS.iter().any(|marker| lower.starts_with(marker))
    })?;
    let original_from = lines
        .iter()
        .skip(start + 1)
        .take(HEADER_BLOCK_LINES)
        .find_map(|line| strip_prefix_ignore_case(line.trim().trim_start_matches(['*', '>']).trim(), "from:"))
        .and_then(mailbox_in);
    let marker = lines[start].trim();
    // The Outlook underline alone is only a rule unless a From: block follows it.
    if marker.starts_with("____") && original_from.is_none() {
        return None;
    }
    Some(Forwarded { marker: marker.chars().take(80).collect(), original_from })
}

fn strip_prefix_ignore_case<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| line[prefix.len()..].trim().trim_end_matches('*').trim())
}

/// `Name <addr>`, `"Name" <addr>`, `addr` or `Name [mailto:addr]`.
fn mailbox_in(value: &str) -> Option<Mailbox> {
    let (name, address) = match value.rfind(['<', '[']) {
        Some(open) => {
            let inner = value[open + 1..].trim_end_matches(['>', ']']).trim();
            let address = inner.strip_prefix("mailto:").unwrap_or(inner);
            (Some(value[..open].trim().trim_matches('"').trim()), address)
        }
        None => (None, value.trim()),
    };
    let address = address.trim();
    let plausible = address.contains('@') && !address.contains(char::is_whitespace) && address.len() <= 254;
    plausible.then(|| Mailbox {
        name: name.filter(|n| !n.is_empty()).map(str::to_owned),
        address: address.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gmail_forward_names_the_original_sender() {
        let body = "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Det. Ray Ortiz \
                    <rortiz@sheriff.example-county.org>\nDate: Mon, Nov 9, 2026 at 10:02 AM\nSubject: Subpoena\n";
        let found = find_forwarded(body).unwrap();
        assert_eq!(found.original_from.unwrap().address, "rortiz@sheriff.example-county.org");
    }

    #[test]
    fn an_outlook_original_message_block_with_mailto() {
        let body = "-----Original Message-----\nFrom: Ortiz, Ray [mailto:rortiz@pd.example.gov]\nSent: ...";
        let found = find_forwarded(body).unwrap();
        let from = found.original_from.unwrap();
        assert_eq!(
            (from.name.as_deref(), from.address.as_str()),
            (Some("Ortiz, Ray"), "rortiz@pd.example.gov")
        );
    }

    #[test]
    fn a_plain_rule_is_not_a_forward_and_odd_text_does_not_panic() {
        assert_eq!(find_forwarded("Regards\n________________________________\nConfidential"), None);
        assert_eq!(find_forwarded(""), None);
        let odd = find_forwarded("begin forwarded message:\nFrom: é<");
        assert_eq!(odd.unwrap().original_from, None);
    }
}
