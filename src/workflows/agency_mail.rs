//! Mail to the requesting agency and the alerts a case raises on its own: the acknowledgement
//! when a request is logged, the replies counsel reviews (deficient request, lookback narrowing,
//! MLAT route), and the immediate alert for an emergency request.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::clocks::Clocks;
use super::clocks::derive::{CaseFacts, ReplyWanted};
use super::outbox::{Email, enqueue, long_date, rewrite, template_context};
use super::team_mail::to_legal_team;
use super::{Actor, WorkflowError};
use crate::domain::lookback::LOOKBACK_DAYS;
use crate::domain::outbox::{OutboxKind, OutboxStatus};
use crate::domain::process_kind::ProcessKind;
use crate::domain::sufficiency::SufficiencyCheck;
use crate::storage::DbConnection;
use crate::storage::outbox as outbox_rows;
use crate::storage::schema::{agencies, cases, inbound_messages, message_findings, outbox};

/// An emergency logged longer ago than this raises no alert when its case is next changed: the
/// alert is for the moment it arrives, not for old cases edited later.
const EMERGENCY_ALERT_WINDOW: TimeDelta = TimeDelta::days(2);

/// Intake findings that make the sender doubtful: no acknowledgement goes to such a sender.
/// (A missing `Authentication-Results` alone is not one: it is what every message looks like
/// until the operator names the receiving MTA in `intake.trusted_authserv_ids`.)
const DOUBTFUL_SENDER: [&str; 8] = [
    "sender_look_alike",
    "sender_free_mail",
    "sender_unrecognised",
    "sender_missing",
    "reply_to_differs",
    "spf_failed",
    "dkim_failed",
    "dmarc_failed",
];

/// The case fields the agency's mail is written from.
struct AgencyCase {
    reference: String,
    received_at: DateTime<Utc>,
    agency_name: String,
    /// The first message of the case, as (Message-ID without brackets, From, Subject).
    first_message: Option<(Option<String>, Option<String>, Option<String>)>,
}

fn load_case(conn: &mut DbConnection, case_id: &str) -> Result<AgencyCase, WorkflowError> {
    let (reference, received_at, agency_name): (String, chrono::NaiveDateTime, Option<String>) = cases::table
        .left_join(agencies::table)
        .filter(cases::id.eq(case_id))
        .select((cases::reference, cases::received_at, agencies::name.nullable()))
        .first(conn)?;
    let first_message = inbound_messages::table
        .filter(inbound_messages::case_id.eq(case_id))
        .filter(inbound_messages::status.eq("filed"))
        .order((inbound_messages::received_at.asc(), inbound_messages::id.asc()))
        .select((inbound_messages::message_id, inbound_messages::from_address, inbound_messages::subject))
        .first(conn)
        .optional()?;
    Ok(AgencyCase {
        reference,
        received_at: received_at.and_utc(),
        agency_name: agency_name.unwrap_or_default(),
        first_message,
    })
}

/// Acknowledges a newly logged request to whoever sent it (the From of its email, else the
/// agent's address on the process), when `mail.acknowledge_requests` is on. Never to a Reply-To
/// that differs from From (that is how phishers ask for answers), and not at all when intake
/// found the sender doubtful or anything blocking: counsel answers those by hand.
pub(crate) fn acknowledge(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    case_id: &str,
    agent_email: Option<&str>,
    agent_name: Option<&str>,
) -> Result<bool, WorkflowError> {
    if !clocks.mail.settings.acknowledge_requests {
        return Ok(false);
    }
    let doubtful: i64 = message_findings::table
        .inner_join(inbound_messages::table)
        .filter(inbound_messages::case_id.eq(case_id))
        .filter(message_findings::kind.eq_any(DOUBTFUL_SENDER).or(message_findings::severity.eq("blocking")))
        .count()
        .get_result(conn)?;
    if doubtful > 0 {
        return Ok(false);
    }
    let case = load_case(conn, case_id)?;
    let (message_id, from, subject) = case.first_message.clone().unwrap_or((None, None, None));
    let Some(recipient) = from.or(agent_email.map(str::to_owned)) else {
        return Ok(false);
    };
    let context = template_context(
        &clocks.mail,
        Some(&case.reference),
        json!({
            "agent_name": agent_name.unwrap_or_default(),
            "received_on": long_date(clocks.date_of(case.received_at)),
            "subject": subject.unwrap_or_default(),
        }),
    );
    let email = Email {
        kind: OutboxKind::AgencyAck,
        case_id: Some(case_id.to_owned()),
        target_id: None,
        dedupe_key: format!("agency_ack:{case_id}"),
        recipient: Some(recipient),
        in_reply_to: message_id.map(|id| format!("<{id}>")),
        status: OutboxStatus::Scheduled,
        scheduled_for: Some(now),
        rendered: clocks.mail.templates.render(OutboxKind::AgencyAck, &context)?,
    };
    Ok(enqueue(conn, now, &clocks.mail, actor, email)?.is_some())
}

/// After a case changed: drafts the replies its findings call for (and withdraws drafts that no
/// longer apply), and alerts the legal team to a newly logged emergency request.
pub(crate) fn after_change(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    actor: &Actor,
    case_id: &str,
    facts: &CaseFacts,
    replies: &[ReplyWanted],
) -> Result<(), WorkflowError> {
    let drafted_kinds = [OutboxKind::ReplyDeficient, OutboxKind::ReplyLookback, OutboxKind::ReplyMlat];
    let kind_names: Vec<&str> = drafted_kinds.iter().map(|k| k.as_str()).collect();
    let existing = outbox_rows::of_case(conn, case_id, &kind_names)?;
    let emergency = facts.processes.iter().any(|p| p.kind == ProcessKind::EmergencyRequest);
    if replies.is_empty() && existing.is_empty() && !emergency {
        return Ok(());
    }
    let case = load_case(conn, case_id)?;
    for kind in drafted_kinds {
        let wanted = replies.iter().rev().find(|reply| reply_kind(reply) == kind);
        let rows: Vec<_> = existing.iter().filter(|row| row.kind == kind.as_str()).collect();
        match (wanted, rows.iter().find(|row| row.status == OutboxStatus::Draft.as_str())) {
            (Some(reply), Some(draft)) => {
                let email = draft_email(clocks, case_id, &case, facts, reply)?;
                let rewritten = rewrite(conn, &draft.id, email.rendered)?;
                if rewritten || email.recipient != draft.recipient {
                    diesel::update(outbox::table.find(&draft.id).filter(outbox::status.eq("draft")))
                        .set((outbox::recipient.eq(&email.recipient), outbox::updated_at.eq(now.naive_utc())))
                        .execute(conn)?;
                }
            }
            // One reply of a kind per case: once sent or discarded by counsel, it is not redrafted.
            (Some(reply), None) if rows.is_empty() => {
                let email = draft_email(clocks, case_id, &case, facts, reply)?;
                enqueue(conn, now, &clocks.mail, actor, email)?;
            }
            (None, Some(draft)) => {
                diesel::update(outbox::table.find(&draft.id).filter(outbox::status.eq("draft")))
                    .set((
                        outbox::status.eq(OutboxStatus::Cancelled.as_str()),
                        outbox::last_error.eq("cancelled: the finding it answered no longer applies"),
                        outbox::updated_at.eq(now.naive_utc()),
                    ))
                    .execute(conn)?;
            }
            _ => {}
        }
    }
    if emergency && now - case.received_at <= EMERGENCY_ALERT_WINDOW {
        let subject =
            case.first_message.as_ref().and_then(|(_, _, subject)| subject.clone()).unwrap_or_default();
        let extra = json!({
            "received_at": case.received_at.with_timezone(&clocks.tz).format("%A %-d %B %Y %H:%M %Z").to_string(),
            "agency_name": case.agency_name,
            "subject": subject,
        });
        let occasion = format!("alert_emergency:{case_id}");
        to_legal_team(
            conn,
            now,
            clocks,
            OutboxKind::AlertEmergency,
            Some((case_id, &case.reference)),
            &occasion,
            extra,
        )?;
    }
    Ok(())
}

fn reply_kind(reply: &ReplyWanted) -> OutboxKind {
    match reply {
        ReplyWanted::Deficient { .. } => OutboxKind::ReplyDeficient,
        ReplyWanted::Lookback { .. } => OutboxKind::ReplyLookback,
        ReplyWanted::Mlat { .. } => OutboxKind::ReplyMlat,
    }
}

fn draft_email(
    clocks: &Clocks,
    case_id: &str,
    case: &AgencyCase,
    facts: &CaseFacts,
    reply: &ReplyWanted,
) -> Result<Email, WorkflowError> {
    let kind = reply_kind(reply);
    let process_id = match reply {
        ReplyWanted::Deficient { process_id, .. }
        | ReplyWanted::Lookback { process_id, .. }
        | ReplyWanted::Mlat { process_id } => process_id,
    };
    let process = facts.processes.iter().find(|p| &p.id == process_id);
    let mut extra = json!({
        "agent_name": process.and_then(|p| p.agent_name.clone()).unwrap_or_default(),
        "received_on": long_date(process.map_or(facts.received_on, |p| p.received_on)),
    });
    let details = match reply {
        ReplyWanted::Deficient { missing, .. } => {
            json!({ "missing": missing.iter().map(|check| what_is_missing(*check)).collect::<Vec<_>>() })
        }
        ReplyWanted::Lookback { requested_from, first_available, .. } => json!({
            "requested_from": long_date(*requested_from),
            "window_start": long_date(*first_available),
            "lookback_days": LOOKBACK_DAYS,
        }),
        ReplyWanted::Mlat { .. } => json!({ "country": "" }),
    };
    if let (Some(extra), serde_json::Value::Object(details)) = (extra.as_object_mut(), details) {
        extra.extend(details);
    }
    let context = template_context(&clocks.mail, Some(&case.reference), extra);
    let first = case.first_message.clone().unwrap_or((None, None, None));
    let recipient = process.and_then(|p| p.agent_email.as_ref()).map(|e| e.as_str().to_owned()).or(first.1);
    Ok(Email {
        kind,
        case_id: Some(case_id.to_owned()),
        target_id: None,
        dedupe_key: format!("{}:{case_id}", kind.as_str()),
        recipient,
        in_reply_to: first.0.map(|id| format!("<{id}>")),
        status: OutboxStatus::Draft,
        scheduled_for: None,
        rendered: clocks.mail.templates.render(kind, &context)?,
    })
}

/// What a deficient request must add, as the reply says it.
fn what_is_missing(check: SufficiencyCheck) -> &'static str {
    match check {
        SufficiencyCheck::IssuingAuthority => "the name of the authority that issued the process",
        SufficiencyCheck::AgentName => "the name of the requesting agent",
        SufficiencyCheck::LawEnforcementSender => "an email address on your agency's law-enforcement domain",
        SufficiencyCheck::DirectPhone => "a direct contact phone number",
        SufficiencyCheck::Particularity => {
            "the records sought, identified with particularity (account IDs, email addresses, domain names, IP addresses or certificate serial numbers)"
        }
        SufficiencyCheck::DateRange => "the date range of the records sought",
        SufficiencyCheck::UsOrigin => "confirmation that the request comes from a US agency",
    }
}
