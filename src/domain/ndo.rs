//! Non-disclosure orders under 18 U.S.C. 2705(b): when each order and its extensions end, whether
//! subscriber notice is blocked, and when delayed notice falls due, so lert never notifies while
//! any court order forbids it (LEGAL.md 5).
//!
//! An NDO attaches to a warrant, subpoena or court order; a bare preservation request is none of
//! these, so an agency's request for confidentiality on a preservation is recorded separately and
//! never as an NDO (see [`can_attach_ndo`]).
//!
//! NDO periods are calendar days, never rolled. Dates come from parsed input and lie far inside
//! chrono's calendar; arithmetic that would leave it is a bug upstream, so it panics rather than
//! invent a date (a duration from an absurd signing date is refused as `OutsideCalendar`).

mod assessment;
mod flag;
mod schedule;
mod term;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::process_kind::ProcessKind;

pub use crate::domain::ndo::assessment::{NdoAssessment, NdoChain, NoticeClock, assess};
pub use crate::domain::ndo::flag::NdoFlag;
pub use crate::domain::ndo::term::{DurationUnit, NdoTerm, order_expiry};

/// One non-disclosure order as recorded from the court's paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NdoOrder {
    pub id: String,
    pub signed_on: NaiveDate,
    pub received_on: NaiveDate,
    pub term: NdoTerm,
    /// The id of the order this one extends, if it is an extension.
    pub extends: Option<String>,
    /// The day a court vacated the order: it is no longer in force from that day.
    pub vacated_on: Option<NaiveDate>,
}

/// The legal team's settings for NDO clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NdoPolicy {
    /// Remind this many days before an NDO period ends that notice will go out.
    pub reminder_days: Vec<u32>,
    /// Review an order without an end date this often from its signing (0: only the one-year review).
    pub review_interval_days: u32,
    /// Flag an order longer than this (DOJ policy since 2017: one year or less).
    pub max_ordinary_days: u32,
}

impl Default for NdoPolicy {
    fn default() -> NdoPolicy {
        NdoPolicy { reminder_days: vec![30, 7], review_interval_days: 180, max_ordinary_days: 365 }
    }
}

/// Order data that cannot describe a real order; the message says what to correct.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NdoError {
    #[error("the order ends on {ends_on}, before it was signed on {signed_on}")]
    EndsBeforeSigning { signed_on: NaiveDate, ends_on: NaiveDate },
    #[error(
        "an NDO of {amount} {unit} is out of range: give 1 to 3650 days, 1 to 120 months or 1 to 10 years"
    )]
    DurationOutOfRange { amount: u32, unit: DurationUnit },
    #[error("an order signed on {signed_on} cannot run that long: its end falls outside the calendar")]
    OutsideCalendar { signed_on: NaiveDate },
    #[error("order {order_id} was vacated on {vacated_on}, before it was signed on {signed_on}")]
    VacatedBeforeSigning { order_id: String, signed_on: NaiveDate, vacated_on: NaiveDate },
    #[error("order {order_id} was received on {received_on}, before it was signed on {signed_on}")]
    ReceivedBeforeSigning { order_id: String, signed_on: NaiveDate, received_on: NaiveDate },
    #[error("more than one order has the id {order_id}")]
    DuplicateOrderId { order_id: String },
    #[error("order {order_id} is part of a loop of extensions that extend each other")]
    ExtensionLoop { order_id: String },
    #[error("order {order_id}: {problem}")]
    InOrder { order_id: String, problem: Box<NdoError> },
}

/// Whether an NDO can attach to a case with these kinds of process: it needs at least one
/// warrant, subpoena or court order. Preservation, emergency, MLAT, national security (which
/// carries its own nondisclosure rules) and unclassified process cannot carry one. Civil subpoenas
/// are included: 2705(b) itself covers process under 2703, but a civil court's protective order
/// must block notice just the same.
pub fn can_attach_ndo(kinds: &[ProcessKind]) -> bool {
    kinds.iter().any(|kind| match kind {
        ProcessKind::CriminalSubpoena
        | ProcessKind::AdministrativeSubpoena
        | ProcessKind::CivilSubpoena
        | ProcessKind::CourtOrder2703d
        | ProcessKind::OtherCourtOrder
        | ProcessKind::SearchWarrant
        | ProcessKind::PenRegisterOrder
        | ProcessKind::WiretapOrder => true,
        ProcessKind::PreservationRequest
        | ProcessKind::EmergencyRequest
        | ProcessKind::MlatRequest
        | ProcessKind::NationalSecurityProcess
        | ProcessKind::Other => false,
    })
}

/// True when an NDO was signed before the process it covers was issued: the workflow flags it for
/// counsel (an order cannot usually cover process that did not yet exist). An unknown issue date
/// flags nothing.
pub fn covers_unissued_process(ndo_signed_on: NaiveDate, process_issued_on: Option<NaiveDate>) -> bool {
    process_issued_on.is_some_and(|issued| ndo_signed_on < issued)
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
