//! The words and citations that point to a kind of process, and how strongly each does.

use crate::domain::process_kind::ProcessKind;
use crate::intake::classify::statute::Citation;

/// How strongly a cue names a kind: a named process or a statute outranks a supporting phrase,
/// which outranks a judge's order, which outranks the bare word "subpoena".
pub(super) const DEFINITIVE: u8 = 30;
pub(super) const COMBINED: u8 = 28;
pub(super) const SUPPORTING: u8 = 20;
pub(super) const JUDGE_ORDER: u8 = 15;
pub(super) const PLAIN_SUBPOENA: u8 = 10;

/// What a phrase of [`PHRASES`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    /// Names a kind with this rank.
    Kind(ProcessKind, u8),
    /// "subpoena": criminal unless something says otherwise.
    Subpoena,
    /// "preserve": a preservation request when records follow.
    Preserve,
    /// "civil action": a subpoena in it is civil.
    CivilCase,
    /// "criminal case", "People v.": a subpoena in it is criminal.
    CriminalCase,
    /// "warrant" on its own.
    Warrant,
    /// Federal Rule of Criminal Procedure 41 (search warrants).
    Rule41,
    /// "it is hereby ordered".
    OrderLanguage,
    /// "judge".
    Judge,
}

use Cue::{CivilCase, CriminalCase, Judge, Kind, OrderLanguage, Preserve, Rule41, Subpoena, Warrant};
use ProcessKind::{
    AdministrativeSubpoena, CivilSubpoena, CriminalSubpoena, MlatRequest, NationalSecurityProcess,
    PenRegisterOrder, PreservationRequest, SearchWarrant, WiretapOrder,
};

pub(super) const PHRASES: &[(&str, Cue)] = &[
    ("grand jury subpoena", Kind(CriminalSubpoena, DEFINITIVE)),
    ("grand jury subpoenas", Kind(CriminalSubpoena, DEFINITIVE)),
    ("subpoena to testify before a grand jury", Kind(CriminalSubpoena, DEFINITIVE)),
    ("subpoena to testify before the grand jury", Kind(CriminalSubpoena, DEFINITIVE)),
    ("trial subpoena", Kind(CriminalSubpoena, DEFINITIVE)),
    ("criminal subpoena", Kind(CriminalSubpoena, DEFINITIVE)),
    ("administrative subpoena", Kind(AdministrativeSubpoena, DEFINITIVE)),
    ("administrative subpoenas", Kind(AdministrativeSubpoena, DEFINITIVE)),
    ("administrative summons", Kind(AdministrativeSubpoena, DEFINITIVE)),
    ("inspector general subpoena", Kind(AdministrativeSubpoena, DEFINITIVE)),
    ("civil subpoena", Kind(CivilSubpoena, DEFINITIVE)),
    ("rule 45", Kind(CivilSubpoena, SUPPORTING)),
    ("r civ p 45", Kind(CivilSubpoena, SUPPORTING)),
    ("search warrant", Kind(SearchWarrant, DEFINITIVE)),
    ("search warrants", Kind(SearchWarrant, DEFINITIVE)),
    ("search and seizure warrant", Kind(SearchWarrant, DEFINITIVE)),
    ("preservation request", Kind(PreservationRequest, DEFINITIVE)),
    ("request for preservation", Kind(PreservationRequest, DEFINITIVE)),
    ("request to preserve", Kind(PreservationRequest, DEFINITIVE)),
    ("preservation letter", Kind(PreservationRequest, DEFINITIVE)),
    ("preservation", Kind(PreservationRequest, SUPPORTING)),
    ("mlat", Kind(MlatRequest, DEFINITIVE)),
    ("mutual legal assistance", Kind(MlatRequest, DEFINITIVE)),
    ("letter rogatory", Kind(MlatRequest, DEFINITIVE)),
    ("letters rogatory", Kind(MlatRequest, DEFINITIVE)),
    ("pen register", Kind(PenRegisterOrder, DEFINITIVE)),
    ("trap and trace", Kind(PenRegisterOrder, DEFINITIVE)),
    ("pen trap", Kind(PenRegisterOrder, DEFINITIVE)),
    ("wiretap", Kind(WiretapOrder, DEFINITIVE)),
    ("wire tap", Kind(WiretapOrder, DEFINITIVE)),
    ("title iii", Kind(WiretapOrder, SUPPORTING)),
    ("national security letter", Kind(NationalSecurityProcess, DEFINITIVE)),
    ("fisa", Kind(NationalSecurityProcess, DEFINITIVE)),
    ("foreign intelligence surveillance", Kind(NationalSecurityProcess, DEFINITIVE)),
    ("subpoena", Subpoena),
    ("subpoenas", Subpoena),
    ("subpoenaed", Subpoena),
    ("preserve", Preserve),
    ("civil action", CivilCase),
    ("civil case", CivilCase),
    ("criminal case", CriminalCase),
    ("criminal action", CriminalCase),
    ("criminal investigation", CriminalCase),
    ("criminal matter", CriminalCase),
    ("penal code", CriminalCase),
    ("people v", CriminalCase),
    ("people of the state of", CriminalCase),
    ("commonwealth v", CriminalCase),
    ("united states v", CriminalCase),
    ("warrant", Warrant),
    ("rule 41", Rule41),
    ("r crim p 41", Rule41),
    ("hereby ordered", OrderLanguage),
    ("it is ordered", OrderLanguage),
    ("so ordered", OrderLanguage),
    ("further ordered", OrderLanguage),
    ("court orders", OrderLanguage),
    ("court order", OrderLanguage),
    ("by the court", OrderLanguage),
    ("judge", Judge),
];

/// Words that, after "preserve", make it a request to preserve records.
pub(super) const RECORD_WORDS: &[&str] = &[
    "records",
    "record",
    "information",
    "data",
    "account",
    "accounts",
    "evidence",
    "logs",
    "content",
    "contents",
    "subscriber",
];
/// How many words after "preserve" the records may come.
pub(super) const PRESERVE_REACH: usize = 8;

/// The kind a citation names, with its rank; 2703(a)/(b) name a warrant only beside "warrant".
pub(super) fn citation_kind(citation: &Citation) -> Option<ProcessKind> {
    let kind = match (citation.section, citation.subsections.as_str()) {
        ("2703", subsections) if subsections.starts_with("(d)") => ProcessKind::CourtOrder2703d,
        ("2703", subsections) if subsections.starts_with("(f)") => PreservationRequest,
        ("876" | "1509" | "3486", _) => AdministrativeSubpoena,
        ("1225", subsections) if subsections.starts_with("(d)") => AdministrativeSubpoena,
        ("2518", _) => WiretapOrder,
        ("3121" | "3122" | "3123", _) => PenRegisterOrder,
        ("2709" | "1861", _) => NationalSecurityProcess,
        _ => return None,
    };
    citation.is_clear().then_some(kind)
}

/// 2703(a) or 2703(b): the warrant provisions.
pub(super) fn is_warrant_citation(citation: &Citation) -> bool {
    citation.is("2703", "(a)") || citation.is("2703", "(b)")
}
