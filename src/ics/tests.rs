use chrono::TimeZone;

use super::*;

fn event(summary: &str) -> Event {
    Event {
        uid: "0190-abc@lert".into(),
        day: NaiveDate::from_ymd_opt(2026, 6, 18).unwrap(),
        summary: summary.into(),
        description: None,
        url: Some("https://lert.example/cases/LE-2026-0001".into()),
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 5, 16, 0, 0).unwrap()
}

#[test]
fn escapes_backslash_semicolon_comma_and_line_breaks() {
    assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
    assert_eq!(escape_text("one\r\ntwo\nthree\rfour"), r"one\ntwo\nthree\nfour");
    assert_eq!(escape_text("tab\there\u{7}"), "tabhere");
    assert_eq!(escape_text("Réponse — dû"), "Réponse — dû");
}

#[test]
fn every_line_ends_with_crlf_and_no_bare_line_feed_is_left() {
    let text = calendar("lert, deadlines", now(), &[event("Response due — LE-2026-0001")]);
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    assert!(!text.replace("\r\n", "").contains('\r'));
    assert!(text.contains("X-WR-CALNAME:lert\\, deadlines\r\n"));
}

#[test]
fn lines_fold_at_75_octets_without_splitting_a_character() {
    // 'é' is two octets and '€' three: a fold that counted characters, or split at 75 octets
    // blindly, would break one of them.
    let long = format!("{}{}", "é".repeat(50), "€".repeat(40));
    let text = calendar("x", now(), &[event(&long)]);
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("SUMMARY:{long}\r\n")));
    // At least one line was filled to within a character of the limit.
    assert!(text.split("\r\n").any(|line| line.len() >= 73));
}

#[test]
fn a_line_of_exactly_75_octets_is_not_folded() {
    let mut out = String::new();
    push_line(&mut out, &"a".repeat(75));
    assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
    let mut out = String::new();
    push_line(&mut out, &"a".repeat(76));
    assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));
}

#[test]
fn an_event_is_all_day_with_a_stable_uid_and_its_url() {
    let text = calendar("lert", now(), &[event("Response due — LE-2026-0001")]);
    let lines: Vec<&str> = text.split("\r\n").collect();
    for expected in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        "UID:0190-abc@lert",
        "DTSTAMP:20260605T160000Z",
        "DTSTART;VALUE=DATE:20260618",
        "DTEND;VALUE=DATE:20260619",
        "URL:https://lert.example/cases/LE-2026-0001",
        "END:VEVENT",
    ] {
        assert!(lines.contains(&expected), "{expected} missing from {text}");
    }
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
}

#[test]
fn an_empty_calendar_is_still_a_whole_vcalendar() {
    let text = calendar("lert", now(), &[]);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.contains("VEVENT"));
}
