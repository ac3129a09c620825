//! Filing a stored message: triage, a second delivery, a reply on an existing case, or a new
//! case. One transaction, which settles the message row only if it is still `stored`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};

use super::apply::{Applied, join_case, open_new_case};
use super::parse::ParsedMessage;
use super::prepare::{MessageFinding, PrepareContext, Prepared, Request, prepare};
use super::{IngestOutcome, IntakeContext, IntakeError, guesses, thread};
use crate::domain::file_name::media_type_for;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::inbound_queries::{self, Disposition};
use crate::storage::rows::{DocumentRow, InboundMessageRow, MessageFindingRow};
use crate::storage::schema::{documents, message_findings};
use crate::storage::{DbConnection, case_queries, write_tx};
use crate::workflows::clocks::after_change;
use crate::workflows::{Actor, WorkflowError, new_id};

/// Why a filing transaction stopped without filing.
enum Stop {
    /// Another importer filed the message meanwhile.
    AlreadySettled,
    Failed(IntakeError),
}

impl<E: Into<IntakeError>> From<E> for Stop {
    fn from(error: E) -> Self {
        Stop::Failed(error.into())
    }
}

/// Parses, classifies and files a stored message.
pub fn file_message(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: DateTime<Utc>,
    row: &InboundMessageRow,
    raw: &[u8],
) -> Result<IngestOutcome, IntakeError> {
    let prepared = prepare_stored(context, row, raw);
    store_attachments(context, &prepared)?;
    file_prepared(conn, context, now, row, &prepared)
}

/// Parses, classifies and assesses a stored message (no storage; safe to run in parallel).
pub fn prepare_stored(context: IntakeContext<'_>, row: &InboundMessageRow, raw: &[u8]) -> Prepared {
    prepare(
        raw,
        &PrepareContext {
            settings: context.settings,
            law_enforcement: &context.clocks.policy.law_enforcement_domains,
            received_on: context.clocks.date_of(row.received_at.and_utc()),
            pdf_text: true,
        },
    )
}

/// Writes the attachments that will become documents to the blob store, before the filing
/// transaction refers to them (content-addressed: one left behind by a failure is harmless).
pub fn store_attachments(context: IntakeContext<'_>, prepared: &Prepared) -> Result<(), IntakeError> {
    if let Prepared::Request(request) = prepared {
        for attachment in request.parsed.attachments.iter().filter(|a| !a.oversize && !a.bytes.is_empty()) {
            context.blobs.put_digested(&attachment.sha256, &attachment.bytes)?;
        }
    }
    Ok(())
}

/// Files a prepared message in one transaction (a savepoint inside a batch's transaction).
pub fn file_prepared(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: DateTime<Utc>,
    row: &InboundMessageRow,
    prepared: &Prepared,
) -> Result<IngestOutcome, IntakeError> {
    let result = write_tx(conn, |conn| match prepared {
        Prepared::Triage { reason, parsed, findings } => {
            settle_triage(conn, now, row, reason, parsed.as_deref(), findings)
        }
        Prepared::Request(request) => file_request(conn, context, now, row, request),
    });
    match result {
        Ok(outcome) => Ok(outcome),
        Err(Stop::AlreadySettled) => {
            let current = inbound_queries::find(conn, &row.id)?.unwrap_or_else(|| row.clone());
            outcome_of(conn, &current, false)
        }
        Err(Stop::Failed(error)) => Err(error),
    }
}

/// The outcome a stored row records, for a repeated import.
pub fn outcome_of(
    conn: &mut DbConnection,
    row: &InboundMessageRow,
    already_imported: bool,
) -> Result<IngestOutcome, IntakeError> {
    let case = match &row.case_id {
        Some(id) => case_queries::find_by_id(conn, id)?.map(|case| case.reference),
        None => None,
    };
    Ok(IngestOutcome {
        message: row.id.clone(),
        status: row.status.clone(),
        case,
        already_imported,
        triage_reason: row.triage_reason.clone(),
    })
}

fn settle_triage(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    row: &InboundMessageRow,
    reason: &str,
    parsed: Option<&ParsedMessage>,
    findings: &[MessageFinding],
) -> Result<IngestOutcome, Stop> {
    let summary = parsed.map(|p| summary_of(p, None).to_string());
    settle(conn, now, row, "triage", None, None, Some(reason), parsed, summary.as_deref())?;
    insert_findings(conn, now, &row.id, findings)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: "system:intake",
            action: "intake.triaged",
            case_id: None,
            details: json!({ "message": row.id, "reason": reason }),
        },
    )?;
    Ok(IngestOutcome {
        message: row.id.clone(),
        status: "triage".into(),
        case: None,
        already_imported: false,
        triage_reason: Some(reason.to_owned()),
    })
}

fn file_request(
    conn: &mut DbConnection,
    context: IntakeContext<'_>,
    now: DateTime<Utc>,
    row: &InboundMessageRow,
    request: &Request,
) -> Result<IngestOutcome, Stop> {
    let parsed = &request.parsed;
    if let Some(message_id) = &parsed.message_id
        && let Some(earlier) = inbound_queries::earlier_with_message_id(conn, message_id, &row.id)?
    {
        return settle_duplicate(conn, now, row, &earlier, parsed);
    }
    let actor = Actor::system("intake");
    let received_at = row.received_at.and_utc();
    // A workflow that refuses what intake read (a date in the future, say) sends the message to
    // triage with the reason instead of losing it; the savepoint undoes any partial filing.
    let filed = write_tx(conn, |conn| -> Result<(String, String, bool, Applied), IntakeError> {
        match thread::case_of(conn, request)? {
            Some(case) => {
                let applied = join_case(conn, context.clocks, &actor, now, received_at, &case, request)?;
                Ok((case.id, case.reference, true, applied))
            }
            None => {
                let (reference, case_id, applied) =
                    open_new_case(conn, context.clocks, &actor, now, received_at, request)?;
                Ok((case_id, reference.as_str().to_owned(), false, applied))
            }
        }
    });
    let (case_id, reference, joined, applied) = match filed {
        Ok(filed) => filed,
        Err(IntakeError::Workflow(
            WorkflowError::Invalid(why) | WorkflowError::Conflict(why) | WorkflowError::NotFound(why),
        )) => {
            let reason = format!("intake could not file it: {why}");
            return settle_triage(conn, now, row, &reason, Some(parsed), &request.findings);
        }
        Err(other) => return Err(Stop::Failed(other)),
    };
    insert_documents(conn, now, "system:intake", row, &case_id, parsed)?;
    let mut findings = request.findings.clone();
    findings.extend(applied.findings);
    insert_findings(conn, now, &row.id, &findings)?;
    guesses::insert(conn, now, &row.id, &case_id, &applied.proposals)?;
    let summary = summary_of(parsed, Some(request)).to_string();
    settle(conn, now, row, "filed", Some(&case_id), None, None, Some(parsed), Some(&summary))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: "system:intake",
            action: "intake.filed",
            case_id: Some(&case_id),
            details: json!({
                "message": row.id,
                "joined": joined,
                "applied": applied.proposals.iter().filter(|p| p.applied_to.is_some()).map(|p| p.field).collect::<Vec<_>>(),
                "findings": findings.iter().map(|f| f.kind).collect::<Vec<_>>(),
            }),
        },
    )?;
    // Findings become flags on the case.
    after_change(conn, now, context.clocks, &actor, &case_id)?;
    if !joined {
        crate::workflows::agency_mail::acknowledge(conn, now, context.clocks, &actor, &case_id, None, None)?;
    }
    Ok(IngestOutcome {
        message: row.id.clone(),
        status: "filed".into(),
        case: Some(reference),
        already_imported: false,
        triage_reason: None,
    })
}

fn settle_duplicate(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    row: &InboundMessageRow,
    earlier: &InboundMessageRow,
    parsed: &ParsedMessage,
) -> Result<IngestOutcome, Stop> {
    let case_id = earlier.case_id.as_deref();
    settle(conn, now, row, "duplicate", case_id, Some(&earlier.id), None, Some(parsed), None)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: "system:intake",
            action: "intake.duplicate",
            case_id,
            details: json!({ "message": row.id, "duplicate_of": earlier.id }),
        },
    )?;
    let case = outcome_of(conn, earlier, false)?.case;
    Ok(IngestOutcome {
        message: row.id.clone(),
        status: "duplicate".into(),
        case,
        already_imported: false,
        triage_reason: None,
    })
}

#[allow(clippy::too_many_arguments)]
fn settle(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    row: &InboundMessageRow,
    status: &str,
    case_id: Option<&str>,
    duplicate_of: Option<&str>,
    triage_reason: Option<&str>,
    parsed: Option<&ParsedMessage>,
    summary: Option<&str>,
) -> Result<(), Stop> {
    let subject: Option<String> = parsed.map(|p| p.subject.chars().take(500).collect());
    let from = parsed.and_then(|p| p.from.as_ref()).map(|f| f.address.clone());
    let settled = inbound_queries::settle(
        conn,
        &row.id,
        &Disposition {
            status,
            case_id,
            duplicate_of,
            triage_reason,
            subject: subject.as_deref(),
            from_address: from.as_deref(),
            summary,
            processed_at: now.naive_utc(),
        },
    )?;
    if settled { Ok(()) } else { Err(Stop::AlreadySettled) }
}

/// Records a message's attachments (already in the blob store) as documents of the case.
pub fn insert_documents(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &str,
    row: &InboundMessageRow,
    case_id: &str,
    parsed: &ParsedMessage,
) -> Result<(), WorkflowError> {
    for attachment in parsed.attachments.iter().filter(|a| !a.oversize && !a.bytes.is_empty()) {
        let document = DocumentRow {
            id: new_id(),
            case_id: case_id.to_owned(),
            filename: attachment.name.clone(),
            content_type: media_type_for(&attachment.name, Some(&attachment.content_type)),
            size_bytes: i64::try_from(attachment.size).unwrap_or(i64::MAX),
            sha256: attachment.sha256.clone(),
            uploaded_by: None,
            created_at: now.naive_utc(),
            inbound_message_id: Some(row.id.clone()),
        };
        diesel::insert_into(documents::table).values(&document).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "document.attached",
                case_id: Some(case_id),
                details: json!({
                    "document_id": document.id,
                    "sha256": document.sha256,
                    "size_bytes": document.size_bytes,
                    "message": row.id,
                }),
            },
        )?;
    }
    Ok(())
}

/// Records findings about a message.
pub fn insert_findings(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    message_id: &str,
    findings: &[MessageFinding],
) -> Result<(), WorkflowError> {
    for finding in findings {
        let row = MessageFindingRow {
            id: new_id(),
            inbound_message_id: message_id.to_owned(),
            kind: finding.kind.to_owned(),
            severity: finding.severity.to_owned(),
            message: finding.message.clone(),
            created_at: now.naive_utc(),
        };
        diesel::insert_into(message_findings::table).values(&row).execute(conn)?;
    }
    Ok(())
}

/// What the legal team sees about a message besides its text.
fn summary_of(parsed: &ParsedMessage, request: Option<&Request>) -> Value {
    json!({
        "from": parsed.from,
        "reply_to": parsed.reply_to,
        "date": parsed.date,
        "message_id": parsed.message_id,
        "body_from_html": parsed.body_from_html,
        "attachments": parsed.attachments.iter().map(|a| json!({
            "name": a.name,
            "content_type": a.content_type,
            "size_bytes": a.size,
            "text_extracted": a.text.is_some(),
            "oversize": a.oversize,
        })).collect::<Vec<_>>(),
        "forwarded": parsed.forwarded,
        "problems": parsed.problems,
        "authenticity": request.map(|r| &r.authenticity),
        "sender": request.and_then(|r| r.sender.as_ref()),
    })
}
