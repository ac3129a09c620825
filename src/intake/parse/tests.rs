use super::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/mail/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const LIMITS: ParseLimits = ParseLimits { max_attachment_bytes: 25 * 1024 * 1024, pdf_text: true };

fn parse(name: &str) -> ParsedMessage {
    parse_message(&fixture(name), LIMITS).unwrap()
}

#[test]
fn a_subpoena_in_an_attached_pdf_is_read_as_text() {
    let parsed = parse("01-grand-jury-subpoena.eml");
    assert_eq!(parsed.from.as_ref().unwrap().address, "dmwhitfield@fbi.gov");
    let pdf = parsed.attachments.iter().find(|a| a.name == "subpoena.pdf").unwrap();
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(pdf.text.as_deref().unwrap().contains("GJ No. 26-0417"));
    assert_eq!(parsed.authentication_results.len(), 1);
    assert!(parsed.automated.is_none());
}

#[test]
fn a_reply_carries_the_message_id_it_answers() {
    let parsed = parse("08-ndo-reply.eml");
    assert!(parsed.thread_ids.contains(
        &"PH0PR09MB77456F1D3A2C4B8E9D0A7C5B3E1F2D4A6B8@PH0PR09MB7745.namprd09.prod.outlook.com".to_owned()
    ));
}

#[test]
fn an_html_only_body_becomes_text_without_its_script() {
    let parsed = parse("11-html-only.eml");
    assert!(parsed.body_from_html);
    assert!(!parsed.body_text.contains("<script"));
    assert!(!parsed.body_text.to_lowercase().contains("<td"));
    assert!(parsed.body_text.contains("Sorensen"));
}

#[test]
fn base64_and_quoted_printable_bodies_are_decoded() {
    assert!(parse("12-base64-body.eml").body_text.contains("876"));
    let qp = parse("13-quoted-printable.eml");
    assert!(qp.body_text.contains('’'), "=E2=80=99 decodes to a right quote");
    assert!(!qp.body_text.contains("=E2"));
    assert!(qp.subject.starts_with("Subpoena to Example Trust Services"));
}

#[test]
fn encoded_headers_in_legacy_and_utf8_charsets() {
    let latin = parse("14-iso-8859-1-headers.eml");
    assert!(latin.subject.starts_with("Requête de la Gendarmerie nationale"));
    assert!(latin.body_text.contains('é'));
    let utf8 = parse("15-utf8-headers.eml");
    assert!(utf8.subject.contains('—'));
    assert!(utf8.from.unwrap().name.unwrap().contains("Δημήτριος"));
}

#[test]
fn broken_mime_still_parses_and_says_what_is_damaged() {
    let parsed = parse("16-broken-mime.eml");
    assert!(parsed.subject.contains("26-F-04471"));
    assert!(!parsed.body_text.is_empty() || !parsed.attachments.is_empty());
}

#[test]
fn newsletters_are_bulk_mail_and_garbage_is_not_mail() {
    assert_eq!(parse("18-not-a-request.eml").automated, Some(Automated::Bulk));
    let garbage = parse_message(&fixture("19-undecodable.bin"), LIMITS);
    assert!(garbage.is_err(), "{garbage:?}");
}

#[test]
fn an_attachment_over_the_limit_is_marked_and_not_kept() {
    let limits = ParseLimits { max_attachment_bytes: 1024, pdf_text: true };
    let parsed = parse_message(&fixture("01-grand-jury-subpoena.eml"), limits).unwrap();
    let pdf = parsed.attachments.iter().find(|a| a.name == "subpoena.pdf").unwrap();
    assert!(pdf.oversize && pdf.bytes.is_empty() && pdf.text.is_none());
    assert!(pdf.size > 1024);
}

#[test]
fn the_message_id_is_read_from_the_headers_alone() {
    let id = header_message_id(&fixture("03-search-warrant.eml"));
    assert_eq!(id.as_deref(), Some("74BF20F8-76FF-4474-8025-1908FCDCE4B3@usss.dhs.gov"));
}
