use super::*;

/// Every character is half the font size wide.
fn fake(text: &str, size: f32, _: FontKind) -> f32 {
    text.chars().count() as f32 * size * 0.5
}

fn all_text(pages: &[Page]) -> Vec<String> {
    pages.iter().flat_map(|p| p.texts().map(str::to_owned).collect::<Vec<_>>()).collect()
}

#[test]
fn wraps_greedily_by_measured_width() {
    // 10 pt → 5 pt per char; 50 pt holds 10 chars.
    let lines = wrap(&fake, "the quick brown fox jumps", 10.0, FontKind::Regular, 50.0);
    assert_eq!(lines, ["the quick", "brown fox", "jumps"]);
}

#[test]
fn wrap_keeps_hard_breaks_and_breaks_long_words() {
    let lines = wrap(&fake, "ab\n\n0123456789abcdef", 10.0, FontKind::Mono, 30.0);
    assert_eq!(lines, ["ab", "", "012345", "6789ab", "cdef"]);
    assert_eq!(wrap(&fake, "", 10.0, FontKind::Regular, 30.0), [""]);
    let lines = wrap(&fake, "x 0123456789", 10.0, FontKind::Mono, 30.0);
    assert_eq!(lines, ["x 0123", "456789"]);
    // Long words break after punctuation when they can.
    let lines = wrap(&fake, "api-log-2026_01.csv", 10.0, FontKind::Regular, 50.0);
    assert_eq!(lines, ["api-log-", "2026_01.", "csv"]);
}

#[test]
fn paragraphs_flow_onto_new_pages_with_footers() {
    let mut p = Paginator::new(&fake, Footer { left: "CASE-1".into(), bates: None });
    for i in 0..120 {
        p.paragraph(&format!("paragraph {i}"), FontKind::Regular, BODY);
    }
    let pages = p.finish();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(page.number as usize, i + 1);
        let texts: Vec<&str> = page.texts().collect();
        assert!(texts.contains(&"CASE-1"));
        assert!(texts.contains(&format!("Page {}", i + 1).as_str()));
        assert_eq!(texts.iter().filter(|t| t.starts_with("Page ")).count(), 1);
        for item in &page.items {
            if let Item::Text { y, size, .. } = item
                && *size == BODY
            {
                assert!(*y > TOP && *y <= BOTTOM, "body text at {y} outside the body area");
            }
        }
    }
    let texts = all_text(&pages);
    assert!(texts.contains(&"paragraph 0".to_owned()) && texts.contains(&"paragraph 119".to_owned()));
}

#[test]
fn bates_labels_are_zero_padded_and_sequential() {
    let bates = Bates { prefix: "ACME".into(), first: 41 };
    assert_eq!(bates.label(1), "ACME-000041");
    assert_eq!(bates.label(3), "ACME-000043");
    assert_eq!(Bates { prefix: "X".into(), first: 999_999 }.label(2), "X-1000000");
}

#[test]
fn table_header_repeats_and_rows_stay_whole() {
    let mut p = Paginator::new(
        &fake,
        Footer { left: String::new(), bates: Some(Bates { prefix: "B".into(), first: 1 }) },
    );
    p.begin_table(&[Column::new("Time", 1.0), Column::new("Endpoint", 1.0)], Some("API log"));
    for i in 0..300 {
        p.table_row(&[&format!("t{i}"), "new-order"]);
    }
    p.end_table();
    let pages = p.finish();
    assert!(pages.len() > 2);
    for page in &pages {
        let texts: Vec<&str> = page.texts().collect();
        assert!(texts.contains(&"Time") && texts.contains(&"Endpoint"), "header missing on {}", page.number);
        let want = format!("Page {}    B-{:06}", page.number, page.number);
        assert!(texts.contains(&want.as_str()), "footer {want:?} on page {}", page.number);
        if page.number > 1 {
            assert!(texts.contains(&"API log (continued)"));
        }
    }
    let rows: Vec<String> =
        all_text(&pages).into_iter().filter(|t| t.starts_with('t') && t != "Time").collect();
    assert_eq!(rows.len(), 300, "every row exactly once");
    assert_eq!(rows[299], "t299");
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines() {
    let mut p = Paginator::new(&fake, Footer::default());
    p.begin_table(&[Column::new("Key", 1.0), Column::new("Value", 3.0)], None);
    p.table_row(&["short", "before"]);
    // Value column ≈ 345 pt ⇒ ~81 chars of 4.25 pt per line; 8000 words ⇒ far more than a page.
    let huge: Vec<String> = (0..2000).map(|i| format!("w{i:03}")).collect();
    p.table_row(&["big", &huge.join(" ")]);
    p.table_row(&["short", "after"]);
    p.end_table();
    let pages = p.finish();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let texts = all_text(&pages);
    let joined: Vec<&str> = texts.iter().filter(|t| t.starts_with('w')).flat_map(|t| t.split(' ')).collect();
    assert_eq!(joined.len(), 2000, "no word lost or duplicated across the split");
    assert_eq!(joined[0], "w000");
    assert_eq!(joined[1999], "w1999");
    // The split row starts on page 1 right after "before" rather than jumping a page.
    assert!(pages[0].texts().any(|t| t == "big"));
    assert!(pages.last().unwrap().texts().any(|t| t == "after"));
    for page in &pages {
        assert!(page.texts().any(|t| t == "Key"), "header on page {}", page.number);
    }
}

#[test]
fn a_row_that_fits_a_fresh_page_moves_whole() {
    let mut p = Paginator::new(&fake, Footer::default());
    for _ in 0..44 {
        p.paragraph("filler", FontKind::Regular, BODY);
    }
    p.begin_table(&[Column::new("A", 1.0)], None);
    p.table_row(&["one two three four five six seven eight nine ten eleven twelve thirteen fourteen"]);
    p.end_table();
    let pages = p.finish();
    let cell_pages: Vec<u32> = pages
        .iter()
        .filter(|pg| pg.texts().any(|t| t.starts_with("one") || t.contains("fourteen")))
        .map(|pg| pg.number)
        .collect();
    assert_eq!(cell_pages.len(), 1, "row kept on one page: {cell_pages:?}");
}

#[test]
fn heading_near_the_bottom_moves_to_the_next_page() {
    let mut p = Paginator::new(&fake, Footer::default());
    while p.remaining() > 40.0 {
        p.paragraph("filler", FontKind::Regular, BODY);
    }
    p.heading("Heading", 2);
    p.paragraph("after", FontKind::Regular, BODY);
    let pages = p.finish();
    assert_eq!(pages.len(), 2);
    assert!(pages[1].texts().any(|t| t == "Heading") && pages[1].texts().any(|t| t == "after"));
}

#[test]
fn signature_block_is_kept_together() {
    let mut p = Paginator::new(&fake, Footer::default());
    while p.remaining() > 60.0 {
        p.paragraph("filler", FontKind::Regular, BODY);
    }
    p.signature("Sincerely,", "Jane Roe", "Custodian of Records", "Example Org");
    let pages = p.finish();
    assert_eq!(pages.len(), 2);
    let texts: Vec<&str> = pages[1].texts().collect();
    assert!(
        texts.contains(&"Sincerely,")
            && texts.contains(&"Jane Roe")
            && texts.contains(&"Custodian of Records")
            && texts.contains(&"Example Org")
    );
    assert!(pages[1].items.iter().any(|i| matches!(i, Item::Rule { width, .. } if *width == 216.0)));
}

#[test]
fn footer_left_text_is_truncated_to_fit() {
    let long = "x".repeat(500);
    assert!(fit(&fake, &long, 8.0, FontKind::Regular, 100.0).ends_with('…'));
    assert_eq!(fit(&fake, "short", 8.0, FontKind::Regular, 100.0), "short");
}
