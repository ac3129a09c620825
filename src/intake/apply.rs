//! Turning a classified request into case records: a new case with its process, agency and
//! targets, or additions to the case a reply belongs to. Each applied field keeps the id of the
//! record it filled, so a correction can find it.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::IntakeError;
use super::categories::guess_categories;
use super::classify::{Confidence, NdoMention, PreservationAsk};
use super::guesses::{Proposal, proposals};
use super::prepare::{MessageFinding, Request};
use crate::domain::email_address::EmailAddress;
use crate::domain::identifier::Identifier;
use crate::domain::ndo::{NdoTerm, can_attach_ndo};
use crate::domain::process_kind::ProcessKind;
use crate::domain::reference::CaseReference;
use crate::storage::DbConnection;
use crate::storage::rows::CaseRow;
use crate::workflows::agencies::AgencyInput;
use crate::workflows::cases::{NewCase, insert_case};
use crate::workflows::clocks::Clocks;
use crate::workflows::ndos::{NewNdo, record_ndo};
use crate::workflows::preservations::{RenewalRequest, record_preservation, renew_preservation};
use crate::workflows::processes::{NewProcess, record_process};
use crate::workflows::targets::insert_targets;
use crate::workflows::{Actor, WorkflowError};

/// Longest case title taken from a subject.
const TITLE_MAX_CHARS: usize = 200;

/// What applying produced: the proposals (with what they filled) and findings about the filing.
pub struct Applied {
    pub proposals: Vec<Proposal>,
    pub findings: Vec<MessageFinding>,
}

/// The process kind the request amounts to: an emergency, the kind read, or a bare preservation.
fn process_kind(request: &Request) -> Option<ProcessKind> {
    let c = &request.classification;
    if c.emergency.is_some() {
        return Some(ProcessKind::EmergencyRequest);
    }
    c.process_kind
        .as_ref()
        .map(|g| g.value)
        .or_else(|| c.preservation.as_ref().map(|_| ProcessKind::PreservationRequest))
}

/// Opens a case for a request that continues no thread (the caller recomputes its clocks);
/// returns its reference and id.
pub fn open_new_case(
    conn: &mut DbConnection,
    clocks: &Clocks,
    actor: &Actor,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
    request: &Request,
) -> Result<(CaseReference, String, Applied), IntakeError> {
    let received_on = clocks.date_of(received_at);
    let mut all = proposals(&request.classification);
    let mut findings = Vec::new();
    let kind = process_kind(request);
    let process = kind.map(|kind| new_process(kind, request, received_on, &mut all));
    let agency = agency_of(request, kind, &mut all);
    let input = NewCase {
        title: title_of(&request.parsed.subject),
        received_at: Some(received_at),
        agency,
        process,
        targets: Vec::new(),
    };
    let (reference, case_id) = insert_case(conn, now, clocks, actor, input)?;
    mark_process_fields(conn, &reference, &mut all)?;
    add_targets(conn, actor, now, &case_id, &mut all)?;
    let on = OnCase { clocks, actor, now, reference: &reference, request, received_on };
    apply_preservation(conn, &on, &mut all, &mut findings)?;
    apply_ndo(conn, &on, &mut all, &mut findings)?;
    Ok((reference, case_id, Applied { proposals: all, findings }))
}

/// Adds what a reply brings to the case it continues: documents are the caller's; here an NDO,
/// a preservation or renewal, and a new process are applied; identifiers wait as proposals.
pub fn join_case(
    conn: &mut DbConnection,
    clocks: &Clocks,
    actor: &Actor,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
    case: &CaseRow,
    request: &Request,
) -> Result<Applied, IntakeError> {
    let received_on = clocks.date_of(received_at);
    let reference = CaseReference::parse(&case.reference)
        .map_err(|e| WorkflowError::Storage(crate::storage::StorageError::Corrupt(e.to_string())))?;
    let mut all = proposals(&request.classification);
    let mut findings = Vec::new();
    let existing = crate::storage::case_lookups::process_kinds(conn, &case.id)?;
    let open = crate::domain::case_status::CaseStatus::parse(&case.status).is_ok_and(|s| s.is_open());
    if !open {
        findings.push(MessageFinding {
            kind: "reply_to_closed_case",
            severity: "warning",
            message: format!(
                "this message continues case {reference}, which is {}: nothing was applied",
                case.status
            ),
        });
        return Ok(Applied { proposals: all, findings });
    }
    if let Some(kind) = process_kind(request).filter(|k| !existing.contains(k)) {
        let strong =
            request.classification.process_kind.as_ref().is_some_and(|g| g.confidence == Confidence::High)
                || request.classification.emergency.is_some();
        if strong {
            let process = new_process(kind, request, received_on, &mut all);
            let id = record_process(conn, now, clocks, actor, &reference, &process)?;
            mark_applied(&mut all, PROCESS_FIELDS, &id);
        }
    }
    let on = OnCase { clocks, actor, now, reference: &reference, request, received_on };
    apply_preservation(conn, &on, &mut all, &mut findings)?;
    apply_ndo(conn, &on, &mut all, &mut findings)?;
    Ok(Applied { proposals: all, findings })
}

/// The fields of a proposal list that live on the process row.
const PROCESS_FIELDS: &[&str] = &[
    "process_kind",
    "emergency",
    "return_by",
    "respond_within_days",
    "requested_range",
    "agent_name",
    "agent_phone",
    "agent_email",
    "issuing_authority",
    "docket_number",
    "served_on",
    "data_categories",
];

fn new_process(
    kind: ProcessKind,
    request: &Request,
    received_on: NaiveDate,
    all: &mut Vec<Proposal>,
) -> NewProcess {
    let c = &request.classification;
    let trusted = |confidence: &Confidence| *confidence != Confidence::Low;
    let mut process = NewProcess::new(kind);
    process.issuing_authority =
        c.issuing_authority.as_ref().filter(|g| trusted(&g.confidence)).map(|g| g.value.clone());
    process.agent_name = c.agent_name.as_ref().filter(|g| trusted(&g.confidence)).map(|g| g.value.clone());
    process.agent_phone = c.agent_phone.as_ref().filter(|g| trusted(&g.confidence)).map(|g| g.value.clone());
    process.docket_number =
        c.docket_number.as_ref().filter(|g| trusted(&g.confidence)).map(|g| g.value.clone());
    process.return_by = c.return_by.as_ref().filter(|g| trusted(&g.confidence)).map(|g| g.value);
    process.respond_within_days =
        c.respond_within_days.as_ref().filter(|g| trusted(&g.confidence)).map(|g| g.value);
    if let Some(range) = c.requested_range.as_ref().filter(|g| trusted(&g.confidence))
        && let Ok(with_range) = process.clone().with_requested_range(range.value.from, range.value.to)
    {
        process = with_range;
    }
    process.agent_email = request.sender.as_ref().and_then(|s| EmailAddress::parse(&s.address).ok());
    if let Some(email) = &process.agent_email {
        all.push(Proposal::from_envelope(
            "agent_email",
            json!(email.as_str()),
            format!("sent by {}", email.as_str()),
        ));
    }
    // Served by email: the day it arrived is the day of service.
    process.served_on = Some(received_on);
    all.push(Proposal::from_envelope(
        "served_on",
        json!(received_on),
        format!("received by email on {received_on}"),
    ));
    let texts = request_texts(request);
    let categories = guess_categories(&texts);
    if !categories.is_empty() {
        process.data_categories = categories.iter().map(|g| g.value).collect();
        for guess in &categories {
            all.push(Proposal::new("data_category", guess));
        }
    }
    process
}

/// After the case exists, points the process proposals at its first process.
fn mark_process_fields(
    conn: &mut DbConnection,
    reference: &CaseReference,
    all: &mut [Proposal],
) -> Result<(), IntakeError> {
    if let Some(process_id) = crate::storage::case_lookups::first_process_id(conn, reference.as_str())? {
        mark_applied(all, PROCESS_FIELDS, &process_id);
        mark_applied(all, &["data_category"], &process_id);
    }
    Ok(())
}

fn mark_applied(all: &mut [Proposal], fields: &[&str], id: &str) {
    for proposal in
        all.iter_mut().filter(|p| fields.contains(&p.field) && p.applied_to.is_none() && p.trusted())
    {
        proposal.applied_to = Some(id.to_owned());
    }
}

fn agency_of(request: &Request, kind: Option<ProcessKind>, all: &mut [Proposal]) -> Option<AgencyInput> {
    let c = &request.classification;
    let agency = c.agency.as_ref().filter(|g| g.confidence != Confidence::Low)?;
    let country = match &c.country {
        Some(country) => country.value.clone(),
        None if us_origin(request, kind) => "US".to_owned(),
        None => return None,
    };
    let input = AgencyInput { name: agency.value.clone(), country, contact: None };
    for proposal in all.iter_mut().filter(|p| p.field == "agency" || p.field == "country") {
        proposal.applied_to = Some("agency".to_owned());
    }
    Some(input)
}

/// A request made under US statutes, or sent from a US government domain, is of US origin.
fn us_origin(request: &Request, kind: Option<ProcessKind>) -> bool {
    let us_process = kind.is_some_and(|k| {
        !matches!(k, ProcessKind::Other | ProcessKind::MlatRequest | ProcessKind::EmergencyRequest)
    });
    let us_domain = request.sender.as_ref().is_some_and(|s| {
        let domain = s.address.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
        [".gov", ".mil", ".us"].iter().any(|suffix| domain.ends_with(suffix))
    });
    us_process || us_domain
}

/// Adds the trusted identifier proposals as targets, in one batch.
fn add_targets(
    conn: &mut DbConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    case_id: &str,
    all: &mut [Proposal],
) -> Result<(), IntakeError> {
    let mut chosen: Vec<(usize, Identifier)> = Vec::new();
    for (index, proposal) in all.iter().enumerate().filter(|(_, p)| p.field == "identifier" && p.trusted()) {
        if let Ok(identifier) = serde_json::from_value::<Identifier>(proposal.value.clone()) {
            chosen.push((index, identifier));
        }
    }
    let identifiers: Vec<Identifier> = chosen.iter().map(|(_, identifier)| identifier.clone()).collect();
    let ids = insert_targets(conn, now, actor, case_id, &identifiers)?;
    for ((index, _), id) in chosen.into_iter().zip(ids) {
        all[index].applied_to = id;
    }
    Ok(())
}

/// What applying a clock-changing guess (a preservation, an NDO) works on.
struct OnCase<'a> {
    clocks: &'a Clocks,
    actor: &'a Actor,
    now: DateTime<Utc>,
    reference: &'a CaseReference,
    request: &'a Request,
    received_on: NaiveDate,
}

fn apply_preservation(
    conn: &mut DbConnection,
    on: &OnCase<'_>,
    all: &mut [Proposal],
    findings: &mut Vec<MessageFinding>,
) -> Result<(), IntakeError> {
    let OnCase { clocks, actor, now, reference, request, received_on } = *on;
    let Some(ask) = &request.classification.preservation else { return Ok(()) };
    let result = match ask.value {
        PreservationAsk::Initial => record_preservation(conn, now, clocks, actor, reference, received_on),
        PreservationAsk::Renewal => {
            match crate::storage::case_lookups::live_preservation_of_case(conn, reference.as_str())? {
                Some(id) => renew_preservation(
                    conn,
                    now,
                    clocks,
                    actor,
                    reference,
                    &id,
                    RenewalRequest { received_on, counsel_approval: false },
                )
                .map(|_| id),
                None => {
                    findings.push(MessageFinding {
                        kind: "renewal_unmatched",
                        severity: "warning",
                        message: "a renewal of a preservation lert has no record of: recorded as a new \
                                  preservation from the day it arrived; link or correct it"
                            .into(),
                    });
                    record_preservation(conn, now, clocks, actor, reference, received_on)
                }
            }
        }
    };
    match result {
        Ok(id) => mark_applied(all, &["preservation"], &id),
        Err(WorkflowError::Invalid(why) | WorkflowError::Conflict(why)) => {
            findings.push(not_applied("preservation", &why))
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

fn apply_ndo(
    conn: &mut DbConnection,
    on: &OnCase<'_>,
    all: &mut [Proposal],
    findings: &mut Vec<MessageFinding>,
) -> Result<(), IntakeError> {
    let OnCase { clocks, actor, now, reference, request, received_on } = *on;
    let Some(mention) = &request.classification.ndo else { return Ok(()) };
    let kinds = crate::storage::case_lookups::process_kinds_by_reference(conn, reference.as_str())?;
    if !can_attach_ndo(&kinds) {
        findings.push(not_applied("ndo", "the case has no subpoena, order or warrant for an NDO to cover"));
        return Ok(());
    }
    let NdoMention { term, signed_on } = &mention.value;
    // An order whose term intake could not read blocks notice until counsel records the term.
    let order = NewNdo {
        signed_on: signed_on.filter(|d| *d <= received_on).unwrap_or(received_on),
        received_on,
        term: term.clone().unwrap_or(NdoTerm::UntilFurtherOrder),
        docket_number: request.classification.docket_number.as_ref().map(|g| g.value.clone()),
        covers_process_id: None,
    };
    if term.is_none() {
        findings.push(MessageFinding {
            kind: "ndo_term_unread",
            severity: "warning",
            message: "an NDO was found but not its term: recorded as until further order so no notice goes \
                      out; record the term from the order"
                .into(),
        });
    }
    match record_ndo(conn, now, clocks, actor, reference, &order) {
        Ok(id) => mark_applied(all, &["ndo"], &id),
        Err(WorkflowError::Invalid(why) | WorkflowError::Conflict(why)) => {
            findings.push(not_applied("ndo", &why))
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

fn not_applied(field: &str, why: &str) -> MessageFinding {
    MessageFinding {
        kind: "guess_not_applied",
        severity: "warning",
        message: format!("intake could not apply the {field} it found: {why}"),
    }
}

/// A case title from a message's subject.
pub fn title_of(subject: &str) -> String {
    let trimmed = subject.trim();
    if trimmed.is_empty() {
        return "(no subject)".to_owned();
    }
    trimmed.chars().take(TITLE_MAX_CHARS).collect()
}

/// The texts a request's words are in: subject, body, then each attachment's text.
pub fn request_texts(request: &Request) -> Vec<(super::classify::Location, &str)> {
    use super::classify::Location;
    let parsed = &request.parsed;
    let mut texts =
        vec![(Location::Subject, parsed.subject.as_str()), (Location::Body, parsed.body_text.as_str())];
    for attachment in &parsed.attachments {
        if let Some(text) = &attachment.text {
            texts.push((Location::Attachment { name: attachment.name.clone() }, text.as_str()));
        }
    }
    texts
}
