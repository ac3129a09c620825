//! What lert sends and where each email stands, and how long a failed attempt waits before the
//! next, so the outbox, the scheduler and the API agree on one vocabulary.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

/// The kinds of email lert sends; each has a template pair in `templates/email/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutboxKind {
    /// To a subscriber before production (or after it, for an emergency disclosure).
    SubscriberNotice,
    /// To a subscriber once the non-disclosure orders on the case have ended.
    DelayedNotice,
    /// To the agent: the request was logged under a case reference.
    AgencyAck,
    /// Drafted for counsel: the request lacks what a valid request must contain.
    ReplyDeficient,
    /// Drafted for counsel: the requested range reaches past the 90-day lookback.
    ReplyLookback,
    /// Drafted for counsel: a foreign request must come through an MLAT or letter rogatory.
    ReplyMlat,
    /// To the agent before an NDO ends: notice will go out unless the order is extended.
    NdoHeadsup,
    /// The legal team's daily digest.
    Digest,
    AlertEmergency,
    AlertOverdue,
    /// An email kept failing and was given up on.
    AlertMailFailed,
}

impl OutboxKind {
    pub const ALL: [OutboxKind; 11] = [
        OutboxKind::SubscriberNotice,
        OutboxKind::DelayedNotice,
        OutboxKind::AgencyAck,
        OutboxKind::ReplyDeficient,
        OutboxKind::ReplyLookback,
        OutboxKind::ReplyMlat,
        OutboxKind::NdoHeadsup,
        OutboxKind::Digest,
        OutboxKind::AlertEmergency,
        OutboxKind::AlertOverdue,
        OutboxKind::AlertMailFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::SubscriberNotice => "subscriber_notice",
            OutboxKind::DelayedNotice => "delayed_notice",
            OutboxKind::AgencyAck => "agency_ack",
            OutboxKind::ReplyDeficient => "reply_deficient",
            OutboxKind::ReplyLookback => "reply_lookback",
            OutboxKind::ReplyMlat => "reply_mlat",
            OutboxKind::NdoHeadsup => "ndo_headsup",
            OutboxKind::Digest => "digest",
            OutboxKind::AlertEmergency => "alert_emergency",
            OutboxKind::AlertOverdue => "alert_overdue",
            OutboxKind::AlertMailFailed => "alert_mail_failed",
        }
    }

    /// The name the legal team reads.
    pub fn label(self) -> &'static str {
        match self {
            OutboxKind::SubscriberNotice => "subscriber notice",
            OutboxKind::DelayedNotice => "delayed subscriber notice",
            OutboxKind::AgencyAck => "acknowledgement to the agency",
            OutboxKind::ReplyDeficient => "reply: deficient request",
            OutboxKind::ReplyLookback => "reply: lookback narrowing",
            OutboxKind::ReplyMlat => "reply: MLAT route",
            OutboxKind::NdoHeadsup => "NDO expiry heads-up to the agent",
            OutboxKind::Digest => "daily digest",
            OutboxKind::AlertEmergency => "emergency alert",
            OutboxKind::AlertOverdue => "overdue alert",
            OutboxKind::AlertMailFailed => "failed-mail alert",
        }
    }

    pub fn parse(value: &str) -> Result<OutboxKind, UnknownName> {
        OutboxKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value.trim())
            .ok_or_else(|| UnknownName { what: "outbox kind", given: value.to_owned() })
    }

    /// Notices to subscribers: re-checked against every NDO when claimed.
    pub fn is_subscriber_notice(self) -> bool {
        matches!(self, OutboxKind::SubscriberNotice | OutboxKind::DelayedNotice)
    }

    /// Drafted replies that counsel reviews before they are sent.
    pub fn is_drafted_reply(self) -> bool {
        matches!(self, OutboxKind::ReplyDeficient | OutboxKind::ReplyLookback | OutboxKind::ReplyMlat)
    }

    /// Mail to the legal team itself; a failure of these raises no further alert.
    pub fn is_internal(self) -> bool {
        matches!(
            self,
            OutboxKind::Digest
                | OutboxKind::AlertEmergency
                | OutboxKind::AlertOverdue
                | OutboxKind::AlertMailFailed
        )
    }
}

/// Where an email stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// A drafted reply waiting for counsel.
    Draft,
    /// Waiting on something other than time: an NDO without an end date, or (for an emergency)
    /// the production it must follow.
    Held,
    /// Will be sent at `scheduled_for`.
    Scheduled,
    /// Claimed by an instance, which holds a lease until `lease_until`.
    Sending,
    Sent,
    /// Given up after the configured attempts, or refused permanently; kept, and retryable.
    Failed,
    /// A subscriber notice with no contact email to send it to.
    NoContact,
    /// Withdrawn by counsel or made moot (the approval was withdrawn); kept as history.
    Cancelled,
}

impl OutboxStatus {
    pub const ALL: [OutboxStatus; 8] = [
        OutboxStatus::Draft,
        OutboxStatus::Held,
        OutboxStatus::Scheduled,
        OutboxStatus::Sending,
        OutboxStatus::Sent,
        OutboxStatus::Failed,
        OutboxStatus::NoContact,
        OutboxStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Draft => "draft",
            OutboxStatus::Held => "held",
            OutboxStatus::Scheduled => "scheduled",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
            OutboxStatus::NoContact => "no_contact",
            OutboxStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Result<OutboxStatus, UnknownName> {
        OutboxStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == value.trim())
            .ok_or_else(|| UnknownName { what: "outbox status", given: value.to_owned() })
    }

    /// Not yet sent, and still meant to be (a reschedule may move it).
    pub fn is_pending(self) -> bool {
        matches!(self, OutboxStatus::Held | OutboxStatus::Scheduled)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown {what} \"{given}\"")]
pub struct UnknownName {
    pub what: &'static str,
    pub given: String,
}

/// How long to wait after the `attempts`-th failed attempt: 1, 5, 15 and 60 minutes, then every
/// 4 hours, so a short SMTP outage costs minutes and a long one does not hammer the server.
pub fn retry_delay(attempts: u32) -> TimeDelta {
    match attempts {
        0 | 1 => TimeDelta::minutes(1),
        2 => TimeDelta::minutes(5),
        3 => TimeDelta::minutes(15),
        4 => TimeDelta::hours(1),
        _ => TimeDelta::hours(4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in OutboxKind::ALL {
            assert_eq!(OutboxKind::parse(kind.as_str()), Ok(kind));
        }
        for status in OutboxStatus::ALL {
            assert_eq!(OutboxStatus::parse(status.as_str()), Ok(status));
        }
        assert!(OutboxStatus::parse("lost").unwrap_err().to_string().contains("outbox status"));
    }

    #[test]
    fn retries_back_off_and_level_out() {
        let delays: Vec<i64> = (1..=7).map(|n| retry_delay(n).num_minutes()).collect();
        assert_eq!(delays, [1, 5, 15, 60, 240, 240, 240]);
    }
}
