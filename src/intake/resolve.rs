//! A person's decision on a message intake held in triage: open a new case from it, or file it
//! on a case that exists. Whatever the message is (a request intake could not file, an
//! auto-reply, bytes that are not mail at all), it is filed in one transaction that settles it
//! only if it is still in triage, with its attachments as documents, its guesses and an audit
//! event, and the case's clocks recomputed.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::apply::{Applied, join_case, open_new_case, title_of};
use super::file::{insert_documents, insert_findings, prepare_stored};
use super::prepare::{MessageFinding, PrepareContext, Prepared, Request, request};
use super::{IntakeContext, IntakeError, guesses};
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::InboundMessageRow;
use crate::storage::schema::message_findings;
use crate::storage::{DbConnection, inbound_queries, write_tx};
use crate::workflows::cases::{NewCase, find_open_case, insert_case};
use crate::workflows::clocks::after_change;
use crate::workflows::{Actor, WorkflowError};

/// Where a triaged message goes.
#[derive(Debug, Clone, Copy)]
pub enum Resolution<'a> {
    /// A new case, titled from the subject.
    NewCase,
    /// An existing open case.
    OnCase(&'a CaseReference),
}

/// What became of a message taken out of triage.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Resolved {
    /// The inbound message's id.
    pub message: String,
    /// The case it was filed on.
    pub case: String,
    /// Whether that case was opened for it.
    pub opened: bool,
}

/// What lert could read of the message: the request in it (none when it is not mail), and
/// whether intake would have acknowledged it (never an auto-reply or bulk mail).
struct Reading {
    request: Option<Request>,
    acknowledge: bool,
}

/// Files a message waiting in triage on a new case or an existing one (analysts and up).
/// An unknown case is invalid input; a message no longer in triage is a conflict.
pub fn resolve_triaged(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: DateTime<Utc>,
    actor: &Actor,
    message_id: &str,
    resolution: Resolution<'_>,
) -> Result<Resolved, WorkflowError> {
    actor.require(actor.role.can_edit_cases(), "file messages from triage")?;
    let row = in_triage(conn, message_id)?;
    let raw = context.blobs.get(&row.sha256)?;
    let reading = read(context, &row, &raw);
    if let Some(request) = &reading.request {
        // Content-addressed: a blob left behind by a rolled-back filing is harmless.
        for attachment in request.parsed.attachments.iter().filter(|a| !a.oversize && !a.bytes.is_empty()) {
            context.blobs.put_digested(&attachment.sha256, &attachment.bytes)?;
        }
    }
    write_tx(conn, |conn| {
        let row = in_triage(conn, message_id)?;
        let received_at = row.received_at.and_utc();
        let request = reading.request.as_ref();
        let (reference, case_id, applied, opened) = match resolution {
            Resolution::NewCase => {
                let (reference, case_id, applied) = open_case(conn, context, now, actor, &row, request)?;
                (reference, case_id, applied, true)
            }
            Resolution::OnCase(reference) => {
                let case = find_open_case(conn, reference).map_err(|error| match error {
                    WorkflowError::NotFound(why) => WorkflowError::Invalid(why),
                    other => other,
                })?;
                let applied = match request {
                    Some(request) => or_finding(write_tx(conn, |conn| {
                        join_case(conn, context.clocks, actor, now, received_at, &case, request)
                    }))?,
                    None => nothing_applied(),
                };
                (case.reference, case.id, applied, false)
            }
        };
        if !inbound_queries::file_from_triage(conn, &row.id, &case_id, now.naive_utc())? {
            return Err(WorkflowError::Conflict(format!("message {message_id} was filed meanwhile")));
        }
        let mut findings = applied.findings;
        if let Some(request) = request {
            insert_documents(conn, now, &actor.label, &row, &case_id, &request.parsed)?;
            guesses::insert(conn, now, &row.id, &case_id, &applied.proposals)?;
            findings.splice(0..0, request.findings.iter().cloned());
        }
        let findings = unrecorded(conn, &row.id, findings)?;
        insert_findings(conn, now, &row.id, &findings)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: if opened { "intake.opened_case" } else { "intake.attached" },
                case_id: Some(&case_id),
                details: json!({ "message": row.id, "case": reference }),
            },
        )?;
        after_change(conn, now, context.clocks, actor, &case_id)?;
        if opened && reading.acknowledge {
            crate::workflows::agency_mail::acknowledge(
                conn,
                now,
                context.clocks,
                actor,
                &case_id,
                None,
                None,
            )?;
        }
        Ok(Resolved { message: row.id, case: reference, opened })
    })
}

fn in_triage(conn: &mut DbConnection, message_id: &str) -> Result<InboundMessageRow, WorkflowError> {
    let row = inbound_queries::find(conn, message_id)?
        .ok_or_else(|| WorkflowError::NotFound(format!("no inbound message {message_id}")))?;
    if row.status != "triage" {
        return Err(WorkflowError::Conflict(format!(
            "message {message_id} is {}, not waiting in triage",
            row.status
        )));
    }
    Ok(row)
}

fn read(context: IntakeContext<'_>, row: &InboundMessageRow, raw: &[u8]) -> Reading {
    match prepare_stored(context, row, raw) {
        Prepared::Request(request) => Reading { request: Some(*request), acknowledge: true },
        // An auto-reply or bulk mail a person judged to be a request: read it as one.
        Prepared::Triage { parsed: Some(parsed), .. } => {
            let prepare_context = PrepareContext {
                settings: context.settings,
                law_enforcement: &context.clocks.policy.law_enforcement_domains,
                received_on: context.clocks.date_of(row.received_at.and_utc()),
                pdf_text: true,
            };
            Reading { request: Some(request(*parsed, &prepare_context)), acknowledge: false }
        }
        Prepared::Triage { parsed: None, .. } => Reading { request: None, acknowledge: false },
    }
}

/// Opens a case from what was read; when the request's contents are refused (a date in the
/// future, say) or there is no request at all, a bare case titled from the subject.
fn open_case(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: DateTime<Utc>,
    actor: &Actor,
    row: &InboundMessageRow,
    request: Option<&Request>,
) -> Result<(String, String, Applied), WorkflowError> {
    let received_at = row.received_at.and_utc().min(now);
    let mut findings = Vec::new();
    if let Some(request) = request {
        let opened =
            write_tx(conn, |conn| open_new_case(conn, context.clocks, actor, now, received_at, request));
        match opened {
            Ok((reference, case_id, applied)) => {
                return Ok((reference.as_str().to_owned(), case_id, applied));
            }
            Err(error) => findings.extend(or_finding(Err(error))?.findings),
        }
    }
    let subject = row.subject.as_deref().unwrap_or_default();
    let title = if subject.trim().is_empty() && request.is_none() {
        "(a message lert could not read)".to_owned()
    } else {
        title_of(subject)
    };
    let input =
        NewCase { title, received_at: Some(received_at), agency: None, process: None, targets: vec![] };
    let (reference, case_id) = insert_case(conn, now, context.clocks, actor, input)?;
    Ok((reference.as_str().to_owned(), case_id, Applied { proposals: Vec::new(), findings }))
}

/// What intake read but the case refused becomes a finding for the legal team, not a failure.
fn or_finding(result: Result<Applied, IntakeError>) -> Result<Applied, WorkflowError> {
    match result {
        Ok(applied) => Ok(applied),
        Err(IntakeError::Workflow(
            WorkflowError::Invalid(why) | WorkflowError::Conflict(why) | WorkflowError::NotFound(why),
        )) => Ok(Applied {
            proposals: Vec::new(),
            findings: vec![MessageFinding {
                kind: "guess_not_applied",
                severity: "warning",
                message: format!("lert could not apply what it read in this message: {why}"),
            }],
        }),
        Err(IntakeError::Workflow(other)) => Err(other),
    }
}

fn nothing_applied() -> Applied {
    Applied { proposals: Vec::new(), findings: Vec::new() }
}

/// The findings not already recorded on the message (triage recorded some when it held it).
fn unrecorded(
    conn: &mut DbConnection,
    message_id: &str,
    findings: Vec<MessageFinding>,
) -> Result<Vec<MessageFinding>, WorkflowError> {
    let recorded: BTreeSet<(String, String)> = message_findings::table
        .filter(message_findings::inbound_message_id.eq(message_id))
        .select((message_findings::kind, message_findings::message))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut seen = recorded;
    Ok(findings.into_iter().filter(|f| seen.insert((f.kind.to_owned(), f.message.clone()))).collect())
}
