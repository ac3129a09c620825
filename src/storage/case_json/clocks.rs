//! The clocks part of a case as JSON: deadlines with their trails, preservations, orders, the
//! subscriber-notice clock, and flags.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::corrupt;
use crate::domain::case_status::CaseStatus;
use crate::domain::ndo::{NdoOrder, NdoPolicy, NdoTerm, NoticeClock, assess, order_expiry};
use crate::domain::response::DeadlineKind;
use crate::storage::StorageError;
use crate::storage::clock_queries::{CaseClocks, DeadlineOfCase, PreservationDetail, ndo_term};
use crate::storage::rows::{DeadlineRow, FlagRow, NdoRow};

#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineJson {
    pub id: String,
    pub kind: DeadlineKind,
    pub due_on: NaiveDate,
    /// How lert reached the date, step by step.
    pub trail: String,
    /// The process, preservation or order the deadline comes from.
    pub source_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PreservationStatus {
    Active,
    /// Kept for an open case with formal process, whatever the expiry.
    Held,
    Expired,
    Released,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RenewalJson {
    pub received_on: NaiveDate,
    pub previous_expires_on: NaiveDate,
    pub expires_on: NaiveDate,
    /// The first renewal is the statute's; later ones were approved by counsel.
    pub statutory: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreservationJson {
    pub id: String,
    pub received_on: NaiveDate,
    /// The last day of retention.
    pub expires_on: NaiveDate,
    pub renewals: i32,
    pub renewal_history: Vec<RenewalJson>,
    /// Placed by lert for a request for logs, not requested by the agency.
    pub automatic: bool,
    pub status: PreservationStatus,
    /// The case whose formal process holds it.
    pub held_by: Option<String>,
    pub released_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NdoJson {
    pub id: String,
    pub signed_on: NaiveDate,
    pub received_on: NaiveDate,
    pub term: NdoTerm,
    /// This order's own last day in force (its term, or the day before its vacatur); null for an
    /// order until further order that is still in force.
    pub expires_on: Option<NaiveDate>,
    pub indefinite: bool,
    /// The order this one extends.
    pub extends: Option<String>,
    pub vacated_on: Option<NaiveDate>,
    pub docket_number: Option<String>,
    /// The process on the case the order names, when it names one.
    pub covers_process_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeState {
    /// No non-disclosure order: notice follows the ordinary policy.
    NoOrder,
    /// An order without an end date is in force: no notice until the court says otherwise.
    BlockedIndefinitely,
    /// Orders are in force; delayed notice is due the day after the last one ends.
    BlockedUntil,
    /// The orders have ended; delayed notice is due.
    Lifted,
}

/// Whether the subscriber may be told, today.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeJson {
    pub state: NoticeState,
    pub notice_due: Option<NaiveDate>,
    pub trail: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FlagJson {
    /// e.g. lookback_exceeded, category_mismatch, insufficient_agent_name, ndo_longer_than_one_year.
    pub kind: String,
    /// info, warning or blocking.
    pub severity: String,
    pub message: String,
    pub source_id: Option<String>,
}

pub fn deadline_json(row: DeadlineRow) -> Result<DeadlineJson, StorageError> {
    Ok(DeadlineJson {
        kind: DeadlineKind::parse(&row.kind).map_err(corrupt)?,
        id: row.id,
        due_on: row.due_on,
        trail: row.trail,
        source_id: row.source_id,
    })
}

fn flag_json(row: FlagRow) -> FlagJson {
    FlagJson { kind: row.kind, severity: row.severity, message: row.message, source_id: row.source_id }
}

fn preservation_json(detail: PreservationDetail, today: NaiveDate) -> Result<PreservationJson, StorageError> {
    let PreservationDetail { preservation: p, renewals, held_by } = detail;
    let holder_open = match &held_by {
        Some((_, status)) => CaseStatus::parse(status).map_err(corrupt)?.is_open(),
        None => false,
    };
    let status = if p.released_on.is_some() {
        PreservationStatus::Released
    } else if holder_open {
        PreservationStatus::Held
    } else if today > p.expires_on {
        PreservationStatus::Expired
    } else {
        PreservationStatus::Active
    };
    Ok(PreservationJson {
        status,
        held_by: held_by.map(|(reference, _)| reference),
        renewal_history: renewals
            .into_iter()
            .map(|r| RenewalJson {
                received_on: r.received_on,
                previous_expires_on: r.previous_expires_on,
                expires_on: r.expires_on,
                statutory: r.statutory,
            })
            .collect(),
        id: p.id,
        received_on: p.received_on,
        expires_on: p.expires_on,
        renewals: p.renewals,
        automatic: p.automatic,
        released_on: p.released_on,
    })
}

fn ndo_json(row: NdoRow, term: NdoTerm) -> Result<NdoJson, StorageError> {
    let by_term = order_expiry(row.signed_on, &term).map_err(corrupt)?.map(|c| c.date);
    // A vacated order was last in force the day before its vacatur.
    let expires_on = match (by_term, row.vacated_on.and_then(|v| v.pred_opt())) {
        (Some(end), Some(last)) => Some(end.min(last)),
        (None, Some(last)) => Some(last),
        (end, None) => end,
    };
    Ok(NdoJson {
        indefinite: expires_on.is_none(),
        expires_on,
        term,
        id: row.id,
        signed_on: row.signed_on,
        received_on: row.received_on,
        extends: row.extends_ndo_id,
        vacated_on: row.vacated_on,
        docket_number: row.docket_number,
        covers_process_id: row.covers_process_id,
    })
}

fn notice_json(orders: &[NdoOrder], today: NaiveDate) -> Result<NoticeJson, StorageError> {
    if orders.is_empty() {
        return Ok(NoticeJson { state: NoticeState::NoOrder, notice_due: None, trail: None });
    }
    let assessment = assess(orders, &NdoPolicy::default()).map_err(corrupt)?;
    Ok(match assessment.notice_clock(today) {
        NoticeClock::NoOrder => NoticeJson { state: NoticeState::NoOrder, notice_due: None, trail: None },
        NoticeClock::BlockedIndefinitely { since } => NoticeJson {
            state: NoticeState::BlockedIndefinitely,
            notice_due: None,
            trail: Some(format!("an order until further order has been in force since {since}")),
        },
        NoticeClock::BlockedUntil { notice_due, .. } => NoticeJson {
            state: NoticeState::BlockedUntil,
            notice_due: Some(notice_due.date),
            trail: Some(notice_due.trail),
        },
        NoticeClock::Lifted { notice_due } => NoticeJson {
            state: NoticeState::Lifted,
            notice_due: Some(notice_due.date),
            trail: Some(notice_due.trail),
        },
    })
}

/// The JSON parts built from a case's clock rows.
pub struct ClocksJson {
    pub deadlines: Vec<DeadlineJson>,
    pub preservations: Vec<PreservationJson>,
    pub ndos: Vec<NdoJson>,
    pub notice: NoticeJson,
    pub flags: Vec<FlagJson>,
}

pub fn clocks_json(clocks: CaseClocks, today: NaiveDate) -> Result<ClocksJson, StorageError> {
    let CaseClocks { preservations, ndos, deadlines, flags } = clocks;
    let mut orders = Vec::with_capacity(ndos.len());
    let mut ndo_jsons = Vec::with_capacity(ndos.len());
    for row in ndos {
        let term = ndo_term(&row)?;
        orders.push(NdoOrder {
            id: row.id.clone(),
            signed_on: row.signed_on,
            received_on: row.received_on,
            term: term.clone(),
            extends: row.extends_ndo_id.clone(),
            vacated_on: row.vacated_on,
        });
        ndo_jsons.push(ndo_json(row, term)?);
    }
    Ok(ClocksJson {
        notice: notice_json(&orders, today)?,
        deadlines: deadlines.into_iter().map(deadline_json).collect::<Result<_, _>>()?,
        preservations: preservations
            .into_iter()
            .map(|p| preservation_json(p, today))
            .collect::<Result<_, _>>()?,
        ndos: ndo_jsons,
        flags: flags.into_iter().map(flag_json).collect(),
    })
}

/// A deadline with the case it belongs to (`GET /api/v1/deadlines`, `lert deadlines --json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineOfCaseJson {
    pub reference: String,
    pub title: String,
    pub case_status: String,
    #[serde(flatten)]
    pub deadline: DeadlineJson,
}

impl DeadlineOfCaseJson {
    pub fn from_row(row: DeadlineOfCase) -> Result<DeadlineOfCaseJson, StorageError> {
        Ok(DeadlineOfCaseJson {
            deadline: deadline_json(row.deadline)?,
            reference: row.reference,
            title: row.title,
            case_status: row.status,
        })
    }
}
