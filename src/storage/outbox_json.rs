//! Outgoing email as JSON: the list and detail the API and `lert outbox list --json` return, and
//! the `notices[]` of a case.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::case_json::utc;
use super::outbox::{OutboxContent, OutboxRow};

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxJson {
    pub id: String,
    /// subscriber_notice, delayed_notice, agency_ack, reply_deficient, reply_lookback,
    /// reply_mlat, ndo_headsup, digest, alert_emergency, alert_overdue, alert_mail_failed.
    pub kind: String,
    /// draft, held, scheduled, sending, sent, failed, no_contact or cancelled.
    pub status: String,
    /// The recipient; absent for a `no_contact` notice or a draft without an address yet.
    pub to: Option<String>,
    /// When it is (or was) due to go out; absent while held or drafted.
    pub scheduled_for: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// The Message-ID every attempt carries, so a recipient can match duplicates.
    pub message_id: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxDetailJson {
    #[serde(flatten)]
    pub email: OutboxJson,
    pub case_reference: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub in_reply_to: Option<String>,
}

impl OutboxJson {
    pub fn from_row(row: &OutboxRow) -> OutboxJson {
        OutboxJson {
            id: row.id.clone(),
            kind: row.kind.clone(),
            status: row.status.clone(),
            to: row.recipient.clone(),
            scheduled_for: row.scheduled_for.map(utc),
            sent_at: row.sent_at.map(utc),
            attempts: row.attempts,
            last_error: row.last_error.clone(),
            message_id: row.message_id.clone(),
            created_at: utc(row.created_at),
        }
    }
}

impl OutboxDetailJson {
    pub fn new(row: &OutboxRow, content: OutboxContent, case_reference: Option<String>) -> OutboxDetailJson {
        OutboxDetailJson {
            email: OutboxJson::from_row(row),
            case_reference,
            subject: content.subject,
            body_text: content.body_text,
            body_html: content.body_html,
            in_reply_to: content.in_reply_to,
        }
    }
}
