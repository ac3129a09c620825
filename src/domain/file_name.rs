//! Uploaded file names made safe to store, show and serve: no paths, no control characters.

/// The longest name kept, in characters (the extension is preserved when shortening).
const MAX_CHARS: usize = 120;

/// Reduces an uploaded name to a plain file name: the last path component, with control
/// characters, quotes and characters that are special in shells or headers replaced by `_`.
/// Returns `None` when nothing usable is left.
pub fn sanitize_file_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let cleaned: String =
        last.chars().map(|c| if c.is_control() || "\"'<>:|?*;`$".contains(c) { '_' } else { c }).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '_') {
        return None;
    }
    Some(shorten(cleaned))
}

fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_CHARS {
        return name.to_owned();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if ext.chars().count() <= 10 => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let keep = MAX_CHARS - extension.chars().count();
    format!("{}{extension}", stem.chars().take(keep).collect::<String>())
}

/// A media type for a stored document: the given one when it is a plain `type/subtype`,
/// otherwise one guessed from the extension.
pub fn media_type_for(file_name: &str, given: Option<&str>) -> String {
    if let Some(given) = given.map(|g| g.split(';').next().unwrap_or("").trim().to_ascii_lowercase()) {
        let plain = given.split_once('/').is_some_and(|(t, s)| {
            !t.is_empty()
                && !s.is_empty()
                && given.chars().all(|c| c.is_ascii_alphanumeric() || "/.+-".contains(c))
        });
        if plain && given != "application/octet-stream" {
            return given;
        }
    }
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "eml" => "message/rfc822",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_dangerous_characters_are_removed() {
        assert_eq!(sanitize_file_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(sanitize_file_name("C:\\Users\\x\\subpoena.pdf").as_deref(), Some("subpoena.pdf"));
        assert_eq!(sanitize_file_name("a\"b<script>.pdf").as_deref(), Some("a_b_script_.pdf"));
        assert_eq!(sanitize_file_name("line\nbreak.txt").as_deref(), Some("line_break.txt"));
        assert_eq!(sanitize_file_name(".hidden").as_deref(), Some("hidden"));
        assert_eq!(sanitize_file_name("../"), None);
        assert_eq!(sanitize_file_name("  "), None);
    }

    #[test]
    fn long_names_keep_their_extension() {
        let name = format!("{}.pdf", "x".repeat(300));
        let short = sanitize_file_name(&name).unwrap();
        assert_eq!(short.chars().count(), MAX_CHARS);
        assert!(short.ends_with(".pdf"));
    }

    #[test]
    fn media_types_are_plain_or_guessed() {
        assert_eq!(media_type_for("a.pdf", None), "application/pdf");
        assert_eq!(media_type_for("a.pdf", Some("application/octet-stream")), "application/pdf");
        assert_eq!(media_type_for("a.bin", Some("text/html; charset=utf-8")), "text/html");
        assert_eq!(media_type_for("a.bin", Some("text/html\r\nX: y")), "application/octet-stream");
    }
}
