//! The kinds of legal process a provider receives, in the transparency-report taxonomy, so that
//! intake, gating, deadlines and reports all classify a request the same way.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

/// A kind of legal process, in the transparency-report taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProcessKind {
    CriminalSubpoena,
    AdministrativeSubpoena,
    CivilSubpoena,
    /// An order under 18 U.S.C. 2703(d); named explicitly because snake_case derivation would
    /// give `court_order2703d`.
    #[serde(rename = "court_order_2703d")]
    CourtOrder2703d,
    OtherCourtOrder,
    SearchWarrant,
    PreservationRequest,
    EmergencyRequest,
    MlatRequest,
    PenRegisterOrder,
    WiretapOrder,
    NationalSecurityProcess,
    Other,
}

/// The text given is not the name of a process kind.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown process kind \"{given}\": expected one of {}", ProcessKind::names())]
pub struct UnknownProcessKind {
    pub given: String,
}

impl ProcessKind {
    /// Every kind, in the order a form should offer them.
    pub const ALL: [ProcessKind; 13] = [
        ProcessKind::CriminalSubpoena,
        ProcessKind::AdministrativeSubpoena,
        ProcessKind::CivilSubpoena,
        ProcessKind::CourtOrder2703d,
        ProcessKind::OtherCourtOrder,
        ProcessKind::SearchWarrant,
        ProcessKind::PreservationRequest,
        ProcessKind::EmergencyRequest,
        ProcessKind::MlatRequest,
        ProcessKind::PenRegisterOrder,
        ProcessKind::WiretapOrder,
        ProcessKind::NationalSecurityProcess,
        ProcessKind::Other,
    ];

    /// Parses a kind name ("search_warrant"); surrounding spaces and letter case are ignored.
    pub fn parse(value: &str) -> Result<ProcessKind, UnknownProcessKind> {
        let wanted = value.trim();
        ProcessKind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownProcessKind { given: value.to_owned() })
    }

    /// The stable snake_case name used in the API, the database and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ProcessKind::CriminalSubpoena => "criminal_subpoena",
            ProcessKind::AdministrativeSubpoena => "administrative_subpoena",
            ProcessKind::CivilSubpoena => "civil_subpoena",
            ProcessKind::CourtOrder2703d => "court_order_2703d",
            ProcessKind::OtherCourtOrder => "other_court_order",
            ProcessKind::SearchWarrant => "search_warrant",
            ProcessKind::PreservationRequest => "preservation_request",
            ProcessKind::EmergencyRequest => "emergency_request",
            ProcessKind::MlatRequest => "mlat_request",
            ProcessKind::PenRegisterOrder => "pen_register_order",
            ProcessKind::WiretapOrder => "wiretap_order",
            ProcessKind::NationalSecurityProcess => "national_security_process",
            ProcessKind::Other => "other",
        }
    }

    /// The name the legal team reads on screens and in letters.
    pub fn label(self) -> &'static str {
        match self {
            ProcessKind::CriminalSubpoena => "Criminal subpoena",
            ProcessKind::AdministrativeSubpoena => "Administrative subpoena",
            ProcessKind::CivilSubpoena => "Civil subpoena",
            ProcessKind::CourtOrder2703d => "2703(d) court order",
            ProcessKind::OtherCourtOrder => "Other court order",
            ProcessKind::SearchWarrant => "Search warrant",
            ProcessKind::PreservationRequest => "Preservation request",
            ProcessKind::EmergencyRequest => "Emergency disclosure request",
            ProcessKind::MlatRequest => "MLAT request",
            ProcessKind::PenRegisterOrder => "Pen register / trap and trace order",
            ProcessKind::WiretapOrder => "Wiretap order",
            ProcessKind::NationalSecurityProcess => "National security process",
            ProcessKind::Other => "Other process",
        }
    }

    fn names() -> String {
        let names: Vec<&str> = ProcessKind::ALL.iter().map(|kind| kind.as_str()).collect();
        names.join(", ")
    }
}

impl std::fmt::Display for ProcessKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::ProcessKind;

    #[test]
    fn every_kind_parses_from_its_own_name() {
        for kind in ProcessKind::ALL {
            assert_eq!(ProcessKind::parse(kind.as_str()), Ok(kind));
        }
    }

    #[test]
    fn serde_name_matches_as_str_for_every_kind() {
        for kind in ProcessKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<ProcessKind>(&json).unwrap(), kind);
        }
    }

    #[test]
    fn court_order_2703d_serialises_with_an_underscore_before_the_number() {
        let json = serde_json::to_string(&ProcessKind::CourtOrder2703d).unwrap();

        assert_eq!(json, "\"court_order_2703d\"");
    }

    #[test]
    fn the_taxonomy_is_exactly_the_design_list() {
        let names: Vec<&str> = ProcessKind::ALL.iter().map(|kind| kind.as_str()).collect();

        assert_eq!(
            names,
            [
                "criminal_subpoena",
                "administrative_subpoena",
                "civil_subpoena",
                "court_order_2703d",
                "other_court_order",
                "search_warrant",
                "preservation_request",
                "emergency_request",
                "mlat_request",
                "pen_register_order",
                "wiretap_order",
                "national_security_process",
                "other",
            ]
        );
    }

    #[test]
    fn labels_are_distinct_and_human() {
        let labels: HashSet<&str> = ProcessKind::ALL.iter().map(|kind| kind.label()).collect();

        assert_eq!(labels.len(), ProcessKind::ALL.len());
        assert_eq!(ProcessKind::CourtOrder2703d.label(), "2703(d) court order");
        assert_eq!(ProcessKind::CriminalSubpoena.label(), "Criminal subpoena");
    }

    #[test]
    fn unknown_kind_error_lists_the_valid_kinds() {
        let message = ProcessKind::parse("subpoena").unwrap_err().to_string();

        assert!(message.starts_with("unknown process kind \"subpoena\": expected one of "));
        assert!(message.contains("criminal_subpoena, administrative_subpoena"));
        assert!(message.ends_with("national_security_process, other"));
    }
}
