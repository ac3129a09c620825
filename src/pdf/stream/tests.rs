use std::process::Command;

use chrono::NaiveDate;

use super::*;
use crate::pdf::Column;
use crate::pdf::fonts::DejaVuMeasure;
use crate::pdf::layout::{BODY, Bates, Footer, Paginator};
use crate::pdf::render::Renderer;
use crate::pdf::testutil::check_pdf;

fn info(document_id: &str, day: u32) -> DocInfo {
    DocInfo {
        title: "Zahlungen für Zoë Müller".into(),
        author: "Example & Söhne <GmbH>".into(),
        subject: "Stream writer test".into(),
        date: NaiveDate::from_ymd_opt(2026, 5, day).unwrap(),
        document_id: document_id.into(),
    }
}

/// A few pages with non-ASCII text in all three fonts, a table across pages and Bates footers.
fn sample_pages(rows: usize) -> Vec<Page> {
    let footer = Footer {
        left: "LERT-2026-0042 · Zoë Müller".into(),
        bates: Some(Bates { prefix: "ZM".into(), first: 1 }),
    };
    let mut p = Paginator::new(&DejaVuMeasure, footer);
    p.heading("Übersicht für Zoë Müller", 1);
    p.paragraph(
        "Payment of 12 € received; ö, ß, Ωmega, Жук, (parentheses) and \\ and a bell \u{7} that cannot be drawn.",
        FontKind::Regular,
        BODY,
    );
    p.begin_table(
        &[Column::new("Name", 1.0), Column::mono("Mono ID", 1.0), Column::new("Amount", 1.0)],
        Some("Payments"),
    );
    for i in 0..rows {
        p.table_row(&[&format!("Zoë Müller {i}"), &format!("ö-{i:04}"), "12 €"]);
    }
    p.end_table();
    p.finish()
}

fn render(pages: &[Page], info: &DocInfo) -> Vec<u8> {
    let mut r = StreamRenderer::new(Vec::new(), info).unwrap();
    for page in pages {
        r.page(page).unwrap();
    }
    assert_eq!(r.page_count() as usize, pages.len());
    r.finish().unwrap()
}

#[test]
fn output_is_valid_and_text_extracts_including_non_ascii() {
    let pages = sample_pages(150);
    assert!(pages.len() > 3, "{} pages", pages.len());
    let pdf = render(&pages, &info("test:stream", 4));
    let last = format!("ZM-{:06}", pages.len());
    check_pdf(
        "lert-stream.pdf",
        &pdf,
        &[
            "Übersicht für Zoë Müller",
            "Payment of 12 € received; ö, ß, Ωmega, Жук, (parentheses) and \\ and a bell ? that",
            "Zoë Müller 149",
            "ö-0149",
            "Payments (continued)",
            "ZM-000001",
            &last,
        ],
    );
}

/// The trailer's `/ID [<document> <instance>]`.
fn file_id(pdf: &[u8]) -> (String, String) {
    let at = pdf.windows(5).rposition(|w| w == b"/ID [").expect("trailer /ID");
    let rest = String::from_utf8_lossy(&pdf[at..]).into_owned();
    let parts: Vec<&str> = rest.split(['<', '>']).collect();
    (parts[1].to_owned(), parts[3].to_owned())
}

#[test]
fn output_is_deterministic_with_a_stable_document_id() {
    let pages = sample_pages(60);
    let a = render(&pages, &info("test:stream", 4));
    assert!(a == render(&pages, &info("test:stream", 4)), "two generations differ");
    let later = render(&pages, &info("test:stream", 5));
    let other = render(&pages[..1], &info("test:stream", 4));
    let (doc, inst) = file_id(&a);
    assert_eq!(doc.len(), 32);
    assert_eq!(file_id(&later).0, doc, "same document, same document ID");
    assert_ne!(file_id(&later).1, inst, "the date is part of the instance");
    assert_ne!(file_id(&other).1, inst, "the pages are part of the instance");
    assert_ne!(file_id(&render(&pages, &info("test:other", 4))).0, doc, "each document has its own ID");
}

#[test]
fn structure_is_sound_page_count_offsets_fonts_and_metadata() {
    let pages = sample_pages(400);
    let pdf = render(&pages, &info("test:stream", 4));
    assert!(pdf.starts_with(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n") && pdf.ends_with(b"%%EOF\n"));

    // Every cross-reference entry points at its object.
    let tail = std::str::from_utf8(&pdf[pdf.len() - 64..]).unwrap();
    let startxref: usize =
        tail.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
    let xref = std::str::from_utf8(&pdf[startxref..]).unwrap();
    assert!(xref.starts_with("xref\n0 "));
    for (n, line) in xref.lines().skip(3).take_while(|l| l.ends_with(" n ")).enumerate() {
        assert_eq!(line.len(), 19, "20-byte entries: {line:?}");
        let offset: usize = line[..10].parse().unwrap();
        let head = format!("{} 0 obj", n + 1);
        assert!(pdf[offset..].starts_with(head.as_bytes()), "object {} not at {offset}", n + 1);
    }

    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
    assert_eq!(doc.get_pages().len(), pages.len());
    let page_ids: Vec<_> = doc.get_pages().into_values().collect();
    let first = doc.get_dictionary(page_ids[0]).unwrap();
    let resources = doc.get_dictionary(first.get(b"Resources").unwrap().as_reference().unwrap()).unwrap();
    let fonts = resources.get(b"Font").unwrap().as_dict().unwrap();
    assert_eq!(fonts.len(), 3, "regular, bold and mono are all used");
    for (_, font) in fonts.iter() {
        let font = doc.get_dictionary(font.as_reference().unwrap()).unwrap();
        let name = String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
        let (tag, rest) = name.split_once('+').expect("subset tag");
        assert!(tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()), "{name}");
        assert!(rest.starts_with("DejaVuSans"), "{name}");
        let cid_ref = font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0].as_reference().unwrap();
        let cid = doc.get_dictionary(cid_ref).unwrap();
        let descriptor =
            doc.get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap()).unwrap();
        assert!(descriptor.has(b"CIDSet"));
        let file = doc.get_object(descriptor.get(b"FontFile2").unwrap().as_reference().unwrap()).unwrap();
        let length1 = file.as_stream().unwrap().dict.get(b"Length1").unwrap().as_i64().unwrap();
        assert!(length1 < 100_000, "the font is subset, not whole ({length1} bytes)");
    }
    let catalog = doc.catalog().unwrap();
    let metadata = doc.get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap()).unwrap();
    let xmp = String::from_utf8(metadata.as_stream().unwrap().content.clone()).unwrap();
    for needle in [
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>",
        "<rdf:li xml:lang=\"x-default\">Zahlungen für Zoë Müller</rdf:li>",
        "<rdf:li>Example &amp; Söhne &lt;GmbH&gt;</rdf:li>",
        "<xmp:CreateDate>2026-05-04T00:00:00+00:00</xmp:CreateDate>",
        "<pdf:Producer>lert (pdf-writer)</pdf:Producer>",
        &format!("<xmpMM:DocumentID>{}</xmpMM:DocumentID>", file_id(&pdf).0),
        &format!("<xmpTPg:NPages>{}</xmpTPg:NPages>", pages.len()),
    ] {
        assert!(xmp.contains(needle), "XMP lacks {needle}:\n{xmp}");
    }
    assert!(catalog.has(b"OutputIntents"));
}

#[test]
fn a_document_needs_a_page() {
    let r = StreamRenderer::new(Vec::new(), &info("test:empty", 4)).unwrap();
    assert!(matches!(r.finish(), Err(PdfError::Render(_))));
}

/// A page's words with their boxes (x min, y min, x max, y max), sorted.
type Words = Vec<(String, [f64; 4])>;

/// Every page's words as `pdftotext -bbox` sees them.
fn word_boxes(name: &str, pdf: &[u8]) -> Option<Vec<Words>> {
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").arg("-bbox").arg(&path).arg("-").output().ok()?;
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |s: &str, key: &str| -> f64 {
        let at = s.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        s[at..].split('"').next().unwrap().parse().unwrap()
    };
    let pages = html.split("<page ").skip(1).map(|page| {
        let mut words: Words = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let text = w.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned();
                (text, [attr(w, "xMin"), attr(w, "yMin"), attr(w, "xMax"), attr(w, "yMax")])
            })
            .collect();
        words.sort_by(|a, b| a.partial_cmp(b).unwrap());
        words
    });
    Some(pages.collect())
}

#[test]
fn text_lands_where_krilla_draws_it() {
    let pages = sample_pages(50);
    let ours = render(&pages, &info("test:stream", 4));
    let mut krilla = Renderer::new(&info("test:stream", 4)).unwrap();
    krilla.pages(&pages).unwrap();
    let theirs = krilla.finish().unwrap();
    let (Some(ours), Some(theirs)) =
        (word_boxes("lert-stream-ours.pdf", &ours), word_boxes("lert-stream-krilla.pdf", &theirs))
    else {
        eprintln!("SKIPPED position comparison: pdftotext is not installed");
        return;
    };
    assert_eq!(ours.len(), theirs.len());
    for (page, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a.len(), b.len(), "page {}", page + 1);
        for (wa, wb) in a.iter().zip(b) {
            assert_eq!(wa.0, wb.0, "page {}", page + 1);
            for (x, y) in wa.1.iter().zip(&wb.1) {
                assert!((x - y).abs() < 0.01, "page {}: {wa:?} vs krilla {wb:?}", page + 1);
            }
        }
    }
}
