//! The cover letter and the custodian's certification (LEGAL.md 8) of a production bundle,
//! built from plain input structs so callers need nothing from the PDF machinery.

use chrono::NaiveDate;

use crate::pdf::PdfError;
use crate::pdf::fonts::DejaVuMeasure;
use crate::pdf::layout::{BODY, Column, FontKind, Footer, Paginator};
use crate::pdf::render::{DocInfo, Renderer};

/// The producing organisation.
#[derive(Clone, Debug, Default)]
pub struct Organisation {
    pub name: String,
    pub address_lines: Vec<String>,
}

/// The legal process being answered.
#[derive(Clone, Debug)]
pub struct LegalProcess {
    /// Human label, e.g. "Grand jury subpoena".
    pub kind: String,
    pub docket: String,
    pub issued: NaiveDate,
    pub served: NaiveDate,
}

/// Who signs.
#[derive(Clone, Debug, Default)]
pub struct Signer {
    pub name: String,
    pub title: String,
}

/// One data file in the bundle, for the cover letter.
#[derive(Clone, Debug)]
pub struct ProducedFile {
    pub file_name: String,
    pub category: String,
    pub rows: u64,
}

/// Something not produced, and why.
#[derive(Clone, Debug)]
pub struct Withheld {
    pub what: String,
    pub reason: String,
}

#[derive(Clone, Debug)]
pub struct CoverLetter {
    pub organisation: Organisation,
    pub date: NaiveDate,
    pub agency: String,
    pub agent: String,
    pub process: LegalProcess,
    pub case_ref: String,
    pub produced: Vec<ProducedFile>,
    pub withheld: Vec<Withheld>,
    /// How far back the records reach and why (retention window), as a sentence or two.
    pub lookback_note: String,
    pub signer: Signer,
}

/// The FRE 902(13) part: which records a system generated and why its output is accurate.
#[derive(Clone, Debug)]
pub struct MachineGenerated {
    /// Which produced records are machine-generated, e.g. "the API transaction log".
    pub records: String,
    /// The system that generates them.
    pub system: String,
    /// Why it produces accurate results.
    pub accuracy: String,
}

/// A file covered by the certification (FRE 902(14)).
#[derive(Clone, Debug)]
pub struct CertifiedFile {
    pub file_name: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

#[derive(Clone, Debug)]
pub struct Certification {
    pub organisation: Organisation,
    pub case_ref: String,
    pub agency: String,
    pub process: LegalProcess,
    pub declarant: Signer,
    /// Why the declarant is qualified (role, familiarity with how the records are made and kept).
    pub qualification: String,
    /// The regularly conducted activity, e.g. "operating a public certificate authority".
    pub activity: String,
    pub machine_generated: Option<MachineGenerated>,
    pub files: Vec<CertifiedFile>,
    /// The execution date of the declaration.
    pub executed_on: NaiveDate,
    /// Where it was executed, if it should be stated (e.g. "San Francisco, California").
    pub executed_at: Option<String>,
    /// Executed outside the United States: the jurat adds "under the laws of the United States
    /// of America" (28 U.S.C. 1746(1)).
    pub outside_us: bool,
}

static MEASURE: DejaVuMeasure = DejaVuMeasure;

/// "May 4, 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}

/// `s` without a trailing full stop, so a sentence can end with it ("Example, Inc." + ".").
fn end_sentence(s: &str) -> &str {
    s.strip_suffix('.').unwrap_or(s)
}

/// 1234567 → "1,234,567".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn footer(case_ref: &str, org: &str) -> Footer {
    Footer { left: format!("{case_ref} · {org}"), bates: None }
}

fn render(info: &DocInfo, p: Paginator<'_>) -> Result<Vec<u8>, PdfError> {
    let mut r = Renderer::new(info)?;
    r.pages(&p.finish())?;
    r.finish()
}

fn require(what: &str, value: &str) -> Result<(), PdfError> {
    if value.trim().is_empty() { Err(PdfError::Input(format!("{what} is empty"))) } else { Ok(()) }
}

/// The letter accompanying a production: who produces what to whom under which process, what is
/// withheld and why.
pub fn cover_letter(c: &CoverLetter) -> Result<Vec<u8>, PdfError> {
    require("case reference", &c.case_ref)?;
    require("organisation name", &c.organisation.name)?;
    require("agency", &c.agency)?;
    let org = &c.organisation;
    let proc = &c.process;
    let mut p = Paginator::new(&MEASURE, footer(&c.case_ref, &org.name));

    p.plain_lines(&[&org.name], FontKind::Bold);
    let address: Vec<&str> = org.address_lines.iter().map(String::as_str).collect();
    p.plain_lines(&address, FontKind::Regular);
    p.space(BODY * 2.0);
    p.plain_lines(&[&long_date(c.date)], FontKind::Regular);
    p.space(BODY * 2.0);
    let attn = format!("Attn: {}", c.agent);
    let mut to = vec![c.agency.as_str()];
    if !c.agent.is_empty() {
        to.push(&attn);
    }
    p.plain_lines(&to, FontKind::Regular);
    p.space(BODY * 1.5);
    p.heading(&format!("Re: {} {} (our reference {})", proc.kind, proc.docket, c.case_ref), 2);
    let salutation =
        if c.agent.is_empty() { "To whom it may concern:".to_owned() } else { format!("Dear {}:", c.agent) };
    p.paragraph(&salutation, FontKind::Regular, BODY);
    p.paragraph(
        &format!(
            "{} responds to the {} identified below. The records we are producing are listed in this letter \
             and in the enclosed certification of records, which gives the size and SHA-256 digest of each \
             file so that its integrity can be verified.",
            org.name,
            proc.kind.to_lowercase()
        ),
        FontKind::Regular,
        BODY,
    );
    p.key_values(&[
        ("Legal process", proc.kind.clone()),
        ("Docket / number", proc.docket.clone()),
        ("Issued", long_date(proc.issued)),
        ("Served", long_date(proc.served)),
        ("Requesting agency", c.agency.clone()),
        ("Agent", c.agent.clone()),
        ("Our reference", c.case_ref.clone()),
    ]);

    p.heading("Records produced", 2);
    if c.produced.is_empty() {
        p.paragraph("No records are produced.", FontKind::Regular, BODY);
    } else {
        p.begin_table(
            &[Column::new("File", 4.0), Column::new("Category", 3.0), Column::new("Rows", 1.2)],
            Some("Records produced"),
        );
        for f in &c.produced {
            p.table_row(&[&f.file_name, &f.category, &grouped(f.rows)]);
        }
        p.end_table();
    }

    p.heading("Records withheld", 2);
    if c.withheld.is_empty() {
        p.paragraph("Nothing responsive has been withheld.", FontKind::Regular, BODY);
    } else {
        let items: Vec<String> = c.withheld.iter().map(|w| format!("{}: {}", w.what, w.reason)).collect();
        p.bullets(&items);
    }

    if !c.lookback_note.trim().is_empty() {
        p.heading("Period covered", 2);
        p.paragraph(&c.lookback_note, FontKind::Regular, BODY);
    }

    p.paragraph(
        &format!("Please cite our reference {} in any correspondence about this matter.", c.case_ref),
        FontKind::Regular,
        BODY,
    );
    p.signature("Sincerely,", &c.signer.name, &c.signer.title, &org.name);

    let info = DocInfo {
        title: format!("Cover letter: {} {} ({})", proc.kind, proc.docket, c.case_ref),
        author: org.name.clone(),
        subject: format!("Production to {}", c.agency),
        date: c.date,
        document_id: format!("lert:{}:cover-letter", c.case_ref),
    };
    render(&info, p)
}

/// The 1746 jurat sentence.
pub fn jurat(executed_on: NaiveDate, executed_at: Option<&str>, outside_us: bool) -> String {
    let laws = if outside_us { " under the laws of the United States of America" } else { "" };
    let place = executed_at.filter(|s| !s.trim().is_empty()).map(|s| format!(" at {s}")).unwrap_or_default();
    format!(
        "I declare under penalty of perjury{laws} that the foregoing is true and correct. Executed on {}{place}.",
        long_date(executed_on)
    )
}

/// The custodian's declaration certifying the production (FRE 803(6), 902(11), 902(13), 902(14);
/// 28 U.S.C. 1746).
pub fn certification(c: &Certification) -> Result<Vec<u8>, PdfError> {
    require("case reference", &c.case_ref)?;
    require("declarant name", &c.declarant.name)?;
    require("organisation name", &c.organisation.name)?;
    for f in &c.files {
        if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(PdfError::Input(format!("{}: SHA-256 must be 64 hex digits", f.file_name)));
        }
    }
    let org = &c.organisation.name;
    let proc = &c.process;
    let mut p = Paginator::new(&MEASURE, footer(&c.case_ref, org));

    p.heading("Declaration of Custodian of Records", 1);
    p.paragraph(
        "Certifying records of a regularly conducted activity and records generated by an electronic \
         process or system (Fed. R. Evid. 803(6), 902(11), 902(13) and 902(14); 28 U.S.C. § 1746)",
        FontKind::Regular,
        BODY,
    );
    p.key_values(&[
        ("Organisation", org.clone()),
        ("Legal process", format!("{} {}", proc.kind, proc.docket)),
        ("Issued / served", format!("{} / {}", long_date(proc.issued), long_date(proc.served))),
        ("Requesting agency", c.agency.clone()),
        ("Our reference", c.case_ref.clone()),
    ]);

    let mut n = 0;
    let mut para = |p: &mut Paginator<'_>, text: String| {
        n += 1;
        p.paragraph(&format!("{n}. {text}"), FontKind::Regular, BODY);
    };
    para(
        &mut p,
        format!(
            "I, {}, am the {} of {}. {} I am a custodian of the records described below or am otherwise \
             qualified to make this declaration.",
            c.declarant.name,
            c.declarant.title,
            end_sentence(org),
            c.qualification.trim()
        ),
    );
    para(
        &mut p,
        format!(
            "The records produced with this declaration were made at or near the time of the acts, events or \
             conditions they record, by, or from information transmitted by, a person with knowledge of those \
             matters (Fed. R. Evid. 803(6)(A)). They were kept in the course of {org}'s regularly conducted \
             activity of {} (803(6)(B)), and making such records was a regular practice of that activity \
             (803(6)(C)).",
            c.activity.trim()
        ),
    );
    if let Some(mg) = &c.machine_generated {
        para(
            &mut p,
            format!(
                "Certain of the records, namely {}, were generated by an electronic process or system: {}. {} \
                 The process or system produces an accurate result (Fed. R. Evid. 902(13)).",
                mg.records.trim(),
                mg.system.trim(),
                mg.accuracy.trim()
            ),
        );
    }
    para(
        &mut p,
        format!(
            "The records are produced as the {} electronic file(s) listed below, each copied from {org}'s \
             systems and identified by its size in bytes and its SHA-256 digest. A file whose SHA-256 digest \
             equals the digest listed here is an exact copy of the file produced (Fed. R. Evid. 902(14)).",
            c.files.len()
        ),
    );

    p.begin_table_sized(
        &[Column::new("File", 2.4), Column::new("Size (bytes)", 1.1), Column::mono("SHA-256", 6.5)],
        Some("Files produced"),
        7.5,
    );
    for f in &c.files {
        p.table_row(&[&f.file_name, &f.size.to_string(), &f.sha256.to_ascii_lowercase()]);
    }
    p.end_table();

    p.paragraph(&jurat(c.executed_on, c.executed_at.as_deref(), c.outside_us), FontKind::Regular, BODY);
    p.signature("", &c.declarant.name, &c.declarant.title, org);

    let info = DocInfo {
        title: format!("Certification of records: {} {} ({})", proc.kind, proc.docket, c.case_ref),
        author: c.declarant.name.clone(),
        subject: format!("Custodian's declaration for the production to {}", c.agency),
        date: c.executed_on,
        document_id: format!("lert:{}:certification", c.case_ref),
    };
    render(&info, p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::testutil::{check_pdf, sample_certification, sample_cover_letter};

    #[test]
    fn numbers_and_sentences() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(end_sentence("Example, Inc."), "Example, Inc");
    }

    #[test]
    fn jurat_wording_follows_1746() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
        assert_eq!(
            jurat(d, None, false),
            "I declare under penalty of perjury that the foregoing is true and correct. Executed on May 4, 2026."
        );
        assert_eq!(
            jurat(d, Some("Dublin, Ireland"), true),
            "I declare under penalty of perjury under the laws of the United States of America that the \
             foregoing is true and correct. Executed on May 4, 2026 at Dublin, Ireland."
        );
    }

    #[test]
    fn cover_letter_is_valid_extractable_and_deterministic() {
        let input = sample_cover_letter();
        let a = cover_letter(&input).unwrap();
        let b = cover_letter(&input).unwrap();
        assert!(a == b, "two generations differ");
        check_pdf(
            "lert-cover-letter.pdf",
            &a,
            &["LERT-2026-0042", "Federal Bureau of Investigation", "api-log.csv"],
        );
    }

    #[test]
    fn certification_is_valid_extractable_and_deterministic() {
        let input = sample_certification();
        let a = certification(&input).unwrap();
        let b = certification(&input).unwrap();
        assert!(a == b, "two generations differ");
        let digest = input.files[0].sha256.clone();
        check_pdf(
            "lert-certification.pdf",
            &a,
            &[
                "LERT-2026-0042",
                "Federal Bureau of Investigation",
                &digest,
                "I declare under penalty of perjury under the laws of the United States of America",
                "902(13)",
            ],
        );
        let mut other = input.clone();
        other.executed_on = NaiveDate::from_ymd_opt(2026, 5, 5).unwrap();
        assert!(certification(&other).unwrap() != a, "the date is part of the output");
    }

    /// The trailer's `/ID[(document)(instance)]`.
    fn file_id(pdf: &[u8]) -> (String, String) {
        let at = pdf.windows(4).rposition(|w| w == b"/ID[").expect("trailer /ID");
        let rest = String::from_utf8_lossy(&pdf[at..pdf.len().min(at + 120)]).into_owned();
        let parts: Vec<&str> = rest.split(['(', ')']).collect();
        (parts[1].to_owned(), parts[3].to_owned())
    }

    #[test]
    fn document_id_is_stable_across_versions_and_instance_id_follows_content() {
        let input = sample_certification();
        let a = certification(&input).unwrap();
        let mut later = input.clone();
        later.executed_on = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let b = certification(&later).unwrap();
        let (doc_a, inst_a) = file_id(&a);
        let (doc_b, inst_b) = file_id(&b);
        assert_eq!(doc_a, doc_b, "same case and kind, same document ID");
        assert_ne!(inst_a, inst_b, "different content, different instance ID");
        assert_eq!(file_id(&certification(&input).unwrap()), (doc_a, inst_a), "reproducible");
        let cover = cover_letter(&sample_cover_letter()).unwrap();
        assert_ne!(file_id(&cover).0, file_id(&a).0, "each document kind has its own ID");
    }

    #[test]
    fn bad_digest_is_refused() {
        let mut input = sample_certification();
        input.files[0].sha256 = "abc".into();
        assert!(matches!(certification(&input), Err(PdfError::Input(_))));
    }
}
