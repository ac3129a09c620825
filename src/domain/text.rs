//! Bounds for the free text people type into forms and the API (titles, names, notes), so that
//! nothing empty, oversized or carrying invisible control characters reaches a case record.

use thiserror::Error;

/// Limit for names and titles.
pub const NAME_MAX: usize = 200;
/// Limit for one-line values such as an address line or a subject.
pub const LINE_MAX: usize = 500;
/// Limit for notes and other long free text.
pub const NOTE_MAX: usize = 10_000;

/// Why a piece of free text was refused. `field` is the name the user sees for the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{field} is too long: {chars} characters, at most {max}")]
    TooLong { field: &'static str, chars: usize, max: usize },
    #[error(
        "{field} contains a control character (U+{code_point:04X}); only line breaks and tabs are allowed"
    )]
    ControlCharacter { field: &'static str, code_point: u32 },
}

/// Trims `value` and checks it is non-empty, at most `max_chars` characters, and free of
/// control characters other than line feed, carriage return and tab.
pub fn parse_text(field: &'static str, value: &str, max_chars: usize) -> Result<String, TextError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty { field });
    }
    let chars = trimmed.chars().count();
    if chars > max_chars {
        return Err(TextError::TooLong { field, chars, max: max_chars });
    }
    if let Some(control) = trimmed.chars().find(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(TextError::ControlCharacter { field, code_point: u32::from(control) });
    }
    Ok(trimmed.to_owned())
}

/// Like [`parse_text`], for optional inputs: absent, empty or blank text becomes `None`.
pub fn parse_optional_text(
    field: &'static str,
    value: Option<&str>,
    max_chars: usize,
) -> Result<Option<String>, TextError> {
    match value {
        Some(text) if !text.trim().is_empty() => parse_text(field, text, max_chars).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::{NAME_MAX, TextError, parse_optional_text, parse_text};

    #[test]
    fn text_is_trimmed() {
        assert_eq!(parse_text("title", "  Subpoena 24-117 \n", NAME_MAX), Ok("Subpoena 24-117".to_owned()));
    }

    #[test]
    fn blank_text_is_refused_naming_the_field() {
        let error = parse_text("title", " \t\n ", NAME_MAX).unwrap_err();

        assert_eq!(error, TextError::Empty { field: "title" });
        assert_eq!(error.to_string(), "title must not be empty");
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        let accented = "é".repeat(NAME_MAX);

        assert_eq!(parse_text("title", &accented, NAME_MAX), Ok(accented.clone()));
        assert!(parse_text("title", &format!("{accented}é"), NAME_MAX).is_err());
    }

    #[test]
    fn too_long_text_reports_its_length_and_the_limit() {
        let error = parse_text("title", &"x".repeat(312), NAME_MAX).unwrap_err();

        assert_eq!(error.to_string(), "title is too long: 312 characters, at most 200");
    }

    #[test]
    fn line_breaks_and_tabs_are_kept_inside_text() {
        assert_eq!(
            parse_text("note", "line one\r\n\tline two", 100),
            Ok("line one\r\n\tline two".to_owned())
        );
    }

    #[test]
    fn other_control_characters_are_refused() {
        let error = parse_text("note", "bell\u{7}", 100).unwrap_err();

        assert_eq!(
            error.to_string(),
            "note contains a control character (U+0007); only line breaks and tabs are allowed"
        );
        assert!(parse_text("note", "nul\0byte", 100).is_err());
        assert!(parse_text("note", "escape\u{1b}[31m", 100).is_err());
    }

    #[test]
    fn missing_or_blank_optional_text_is_none() {
        assert_eq!(parse_optional_text("agent", None, NAME_MAX), Ok(None));
        assert_eq!(parse_optional_text("agent", Some(""), NAME_MAX), Ok(None));
        assert_eq!(parse_optional_text("agent", Some("  \n"), NAME_MAX), Ok(None));
    }

    #[test]
    fn present_optional_text_is_checked_like_required_text() {
        assert_eq!(
            parse_optional_text("agent", Some(" Jane Roe "), NAME_MAX),
            Ok(Some("Jane Roe".to_owned()))
        );
        assert!(parse_optional_text("agent", Some(&"x".repeat(201)), NAME_MAX).is_err());
    }
}
