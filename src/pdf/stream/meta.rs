//! Document metadata for the streaming writer: the Info dictionary and the XMP packet PDF/A-2b
//! requires, kept consistent with each other and derived only from the input (no clock, no
//! randomness), so the same input gives the same bytes.

use chrono::{Datelike, NaiveDate};
use pdf_writer::writers::DocumentInfo;
use pdf_writer::{Chunk, Date, Ref, TextStr};
use sha2::{Digest, Sha256};

use crate::pdf::PdfError;
use crate::pdf::render::DocInfo;

pub(super) const PRODUCER: &str = "lert (pdf-writer)";
pub(super) const LANGUAGE: &str = "en-US";

/// The metadata both the Info dictionary and the XMP packet say.
pub(super) struct Meta {
    title: String,
    author: String,
    subject: String,
    creator: String,
    date: NaiveDate,
    /// Stable across regenerations and versions: a digest of the caller's document ID.
    pub(super) document_id: [u8; 16],
}

impl Meta {
    pub(super) fn new(info: &DocInfo) -> Result<Self, PdfError> {
        if !(0..=9999).contains(&info.date.year()) {
            return Err(PdfError::Input(format!("date {}", info.date)));
        }
        Ok(Meta {
            title: clean(&info.title),
            author: clean(&info.author),
            subject: clean(&info.subject),
            creator: format!("lert {}", env!("CARGO_PKG_VERSION")),
            date: info.date,
            document_id: digest16(info.document_id.as_bytes()),
        })
    }

    /// Feeds everything this metadata says into `h` (for the instance ID).
    pub(super) fn digest_into(&self, h: &mut Sha256) {
        for field in [&self.title, &self.author, &self.subject, &self.creator] {
            h.update(field.as_bytes());
            h.update([0]);
        }
        h.update(self.date.to_string().as_bytes());
        h.update(self.document_id);
    }

    /// The Info dictionary (every entry also in the XMP packet, as PDF/A requires).
    pub(super) fn write_info(&self, chunk: &mut Chunk, id: Ref) {
        let d = self.date;
        let date = Date::new(d.year() as u16)
            .month(d.month() as u8)
            .day(d.day() as u8)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(0)
            .utc_offset_minute(0);
        let mut info = chunk.indirect(id).start::<DocumentInfo>();
        info.title(TextStr(&self.title)).subject(TextStr(&self.subject));
        if !self.author.is_empty() {
            info.author(TextStr(&self.author));
        }
        info.creator(TextStr(&self.creator))
            .producer(TextStr(PRODUCER))
            .creation_date(date)
            .modified_date(date);
    }

    /// The XMP packet (PDF/A-2b identification, Dublin Core, dates, IDs), mirroring krilla's.
    pub(super) fn xmp(&self, instance_id: &[u8; 16], pages: u32) -> String {
        let date = format!("{}T00:00:00+00:00", self.date.format("%Y-%m-%d"));
        let creator = if self.author.is_empty() {
            String::new()
        } else {
            format!("<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>", esc(&self.author))
        };
        format!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
             <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"{RDF}\">\
             <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
             xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\" \
             xmlns:xmpTPg=\"http://ns.adobe.com/xap/1.0/t/pg/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
             xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" \
             xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
             xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
             xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\
             <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\
             <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt>\
             </dc:description>{creator}<xmp:CreatorTool>{tool}</xmp:CreatorTool>\
             <pdf:Producer>{PRODUCER}</pdf:Producer>\
             <dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>\
             <xmp:ModifyDate>{date}</xmp:ModifyDate><xmp:CreateDate>{date}</xmp:CreateDate>\
             {EXTENSION_SCHEMAS}<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>\
             <xmpTPg:NPages>{pages}</xmpTPg:NPages><dc:format>application/pdf</dc:format>\
             <xmpMM:InstanceID>{instance}</xmpMM:InstanceID><xmpMM:DocumentID>{document}</xmpMM:DocumentID>\
             <xmpMM:RenditionClass>proof</xmpMM:RenditionClass><pdf:PDFVersion>1.7</pdf:PDFVersion>\
             </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>",
            title = esc(&self.title),
            subject = esc(&self.subject),
            tool = esc(&self.creator),
            instance = hex(instance_id),
            document = hex(&self.document_id),
        )
    }
}

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// The extension schema block krilla writes for PDF/A (xmpMM:InstanceID and the Adobe PDF
/// schema properties), copied so validators see the same declarations.
const EXTENSION_SCHEMAS: &str = "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\
<pdfaSchema:schema>XMP Media Management schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://ns.adobe.com/xap/1.0/mm/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>xmpMM</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>\
<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>UUID based identifier for specific incarnation of a document\
</pdfaProperty:description><pdfaProperty:name>InstanceID</pdfaProperty:name>\
<pdfaProperty:valueType>Text</pdfaProperty:valueType></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li>\
<rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>Adobe PDF schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://ns.adobe.com/pdf/1.3/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdf</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>\
<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:category>external</pdfaProperty:category>\
<pdfaProperty:description>Keywords associated with the document</pdfaProperty:description>\
<pdfaProperty:name>Keywords</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType></rdf:li>\
<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Version of the PDF specification to which the document conforms\
</pdfaProperty:description><pdfaProperty:name>PDFVersion</pdfaProperty:name>\
<pdfaProperty:valueType>Text</pdfaProperty:valueType></rdf:li>\
<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Name of the application that created the PDF document</pdfaProperty:description>\
<pdfaProperty:name>Producer</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType></rdf:li>\
<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Whether the document has been trapped</pdfaProperty:description>\
<pdfaProperty:name>Trapped</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType></rdf:li>\
</rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>";

/// The first 16 bytes of the SHA-256 of `data`.
pub(super) fn digest16(data: &[u8]) -> [u8; 16] {
    let full = Sha256::digest(data);
    let mut out = [0; 16];
    out.copy_from_slice(&full[..16]);
    out
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `s` without characters XML 1.0 cannot carry (controls other than tab and newlines), so the
/// Info dictionary and the XMP packet say exactly the same.
fn clean(s: &str) -> String {
    let keep = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}'))
    };
    s.chars().filter(|&c| keep(c)).collect()
}

/// XML character data escaping.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}
