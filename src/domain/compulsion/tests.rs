//! Specifications of what each process kind may compel.

use crate::domain::compulsion::{
    CategoryMismatch, Compulsion, Tier, TierPolicy, check_categories, compulsion,
};
use crate::domain::data_category::DataCategory;
use crate::domain::process_kind::ProcessKind;

#[test]
fn every_kind_compels_what_legal_md_section_1_says() {
    let table = [
        (ProcessKind::CriminalSubpoena, Compulsion::Compels(Tier::Subpoena)),
        (ProcessKind::AdministrativeSubpoena, Compulsion::Compels(Tier::Subpoena)),
        (ProcessKind::CivilSubpoena, Compulsion::Compels(Tier::CourtOrder)),
        (ProcessKind::CourtOrder2703d, Compulsion::Compels(Tier::CourtOrder)),
        (ProcessKind::OtherCourtOrder, Compulsion::Compels(Tier::CourtOrder)),
        (ProcessKind::PenRegisterOrder, Compulsion::Compels(Tier::CourtOrder)),
        (ProcessKind::SearchWarrant, Compulsion::Compels(Tier::Warrant)),
        (ProcessKind::WiretapOrder, Compulsion::Compels(Tier::Warrant)),
        (ProcessKind::EmergencyRequest, Compulsion::Voluntary),
        (ProcessKind::PreservationRequest, Compulsion::PreservesOnly),
        (ProcessKind::MlatRequest, Compulsion::NoDisclosure),
        (ProcessKind::NationalSecurityProcess, Compulsion::NoDisclosure),
        (ProcessKind::Other, Compulsion::NoDisclosure),
    ];
    assert_eq!(table.len(), ProcessKind::ALL.len());
    for (kind, expected) in table {
        assert_eq!(compulsion(kind), expected, "{kind}");
    }
}

#[test]
fn tiers_are_ordered_from_subpoena_to_warrant() {
    assert!(Tier::Subpoena < Tier::CourtOrder && Tier::CourtOrder < Tier::Warrant);
    assert_eq!(
        Tier::ALL.map(Tier::label),
        ["subpoena (2703(c)(2) basic subscriber information)", "2703(d) court order", "search warrant",]
    );
    assert_eq!(serde_json::to_string(&Tier::CourtOrder).unwrap(), "\"court_order\"");
}

#[test]
fn default_policy_matches_legal_md() {
    let policy = TierPolicy::default();

    assert_eq!(
        policy.entries(),
        [
            (DataCategory::AccountRegistration, Tier::Subpoena),
            (DataCategory::ContactEmail, Tier::Subpoena),
            (DataCategory::ApiLogs, Tier::CourtOrder),
            (DataCategory::Certificates, Tier::CourtOrder),
            (DataCategory::Contents, Tier::Warrant),
            (DataCategory::OtherRecords, Tier::CourtOrder),
        ]
    );
}

#[test]
fn overrides_move_only_the_named_categories() {
    let policy = TierPolicy::with_overrides([(DataCategory::ApiLogs, Tier::Subpoena)]);

    assert_eq!(policy.required(DataCategory::ApiLogs), Tier::Subpoena);
    assert_eq!(policy.required(DataCategory::Certificates), Tier::CourtOrder);
}

#[test]
fn criminal_subpoena_for_api_logs_is_a_mismatch() {
    let mismatches = check_categories(
        &TierPolicy::default(),
        ProcessKind::CriminalSubpoena,
        &[DataCategory::AccountRegistration, DataCategory::ApiLogs, DataCategory::ApiLogs],
    );

    assert_eq!(
        mismatches,
        [CategoryMismatch {
            category: DataCategory::ApiLogs,
            needs: Tier::CourtOrder,
            process_gives: Some(Tier::Subpoena),
            kind: ProcessKind::CriminalSubpoena,
        }]
    );
    assert_eq!(
        mismatches[0].to_string(),
        "api_logs needs a 2703(d) court order; a criminal subpoena compels only basic subscriber information"
    );
}

#[test]
fn mismatch_messages_name_the_process_with_its_article() {
    let table = [
        (
            ProcessKind::AdministrativeSubpoena,
            DataCategory::Contents,
            "contents needs a search warrant; an administrative subpoena compels only basic subscriber information",
        ),
        (
            ProcessKind::CourtOrder2703d,
            DataCategory::Contents,
            "contents needs a search warrant; a 2703(d) court order compels only non-content records",
        ),
    ];
    for (kind, category, message) in table {
        let mismatches = check_categories(&TierPolicy::default(), kind, &[category]);

        assert_eq!(mismatches.iter().map(ToString::to_string).collect::<Vec<_>>(), [message]);
    }
}

#[test]
fn a_warrant_reaches_every_category() {
    assert!(
        check_categories(&TierPolicy::default(), ProcessKind::SearchWarrant, &DataCategory::ALL).is_empty()
    );
}

#[test]
fn civil_subpoena_never_reaches_contents_whatever_the_policy_says() {
    let policy = TierPolicy::with_overrides([(DataCategory::Contents, Tier::Subpoena)]);

    let mismatches = check_categories(&policy, ProcessKind::CivilSubpoena, &[DataCategory::Contents]);

    assert_eq!(mismatches.len(), 1);
    assert_eq!(mismatches[0].needs, Tier::Warrant);
    assert_eq!(
        mismatches[0].to_string(),
        "contents can never be produced to a civil subpoena: it reaches non-content records only (2702(c)(6))"
    );
    assert!(check_categories(&policy, ProcessKind::CriminalSubpoena, &[DataCategory::Contents]).is_empty());
}

#[test]
fn process_that_compels_nothing_yields_no_mismatches() {
    for kind in [
        ProcessKind::EmergencyRequest,
        ProcessKind::PreservationRequest,
        ProcessKind::MlatRequest,
        ProcessKind::NationalSecurityProcess,
        ProcessKind::Other,
    ] {
        assert!(check_categories(&TierPolicy::default(), kind, &DataCategory::ALL).is_empty(), "{kind}");
    }
}

#[test]
fn mismatch_for_process_that_compels_nothing_says_so() {
    let mismatch = CategoryMismatch {
        category: DataCategory::ApiLogs,
        needs: Tier::CourtOrder,
        process_gives: None,
        kind: ProcessKind::MlatRequest,
    };

    assert_eq!(
        mismatch.to_string(),
        "api_logs needs a 2703(d) court order; an MLAT request compels no disclosure"
    );
}

#[test]
fn a_civil_subpoena_reaches_non_content_records_but_never_contents() {
    let policy = TierPolicy::default();
    let non_content = [DataCategory::AccountRegistration, DataCategory::ApiLogs, DataCategory::Certificates];
    assert!(check_categories(&policy, ProcessKind::CivilSubpoena, &non_content).is_empty());
    let contents = check_categories(&policy, ProcessKind::CivilSubpoena, &[DataCategory::Contents]);
    assert_eq!(contents.len(), 1);
    assert!(contents[0].to_string().contains("never be produced to a civil subpoena"));
}
