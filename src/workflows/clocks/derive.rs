//! From a case's recorded facts to its deadlines and flags: the rules of `domain` applied to one
//! case. Pure, so it is tested without a database; `clocks::recompute` stores the result.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::clock_policy::ClockPolicy;
use crate::domain::compulsion::{Compulsion, check_categories, compulsion};
use crate::domain::computed_date::ComputedDate;
use crate::domain::data_category::DataCategory;
use crate::domain::email_address::EmailAddress;
use crate::domain::lookback::{anchor, check_requested_range, log_window, requests_logs};
use crate::domain::ndo::{NdoFlag, NdoOrder, NoticeClock, assess, can_attach_ndo, covers_unissued_process};
use crate::domain::preservation::{preservation_expiry, reminders, renew};
use crate::domain::process_kind::ProcessKind;
use crate::domain::response::{DeadlineKind, ProcessTiming, plan_response};
use crate::domain::sufficiency::{
    RequestFacts, SufficiencyCheck, check_request, is_us_origin, missing_items,
};
use crate::storage::rows::{DeadlineRow, FlagRow};
use crate::workflows::new_id;

/// What recompute reads about a case, already parsed.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub received_on: NaiveDate,
    /// ISO 3166 alpha-2 of the agency, when known.
    pub country: Option<String>,
    pub identifiers: usize,
    pub processes: Vec<ProcessFacts>,
    pub preservations: Vec<PreservationFacts>,
    /// Unreleased preservations (on any case) of this case's identifiers: lookback anchors.
    pub related_preservations: Vec<RelatedPreservation>,
    pub ndos: Vec<NdoFacts>,
    /// What intake found about the case's messages (authenticity, limits); shown as flags.
    pub message_findings: Vec<MessageFindingFacts>,
}

#[derive(Debug, Clone)]
pub struct MessageFindingFacts {
    pub message_id: String,
    pub kind: String,
    pub severity: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct ProcessFacts {
    pub id: String,
    pub kind: ProcessKind,
    /// When this process arrived: the case's receipt for the process it was opened with, else
    /// the day it was recorded. Its response period and lookback count from here.
    pub received_on: NaiveDate,
    pub issuing_authority: Option<String>,
    pub agent_name: Option<String>,
    pub agent_email: Option<EmailAddress>,
    pub agent_phone: Option<String>,
    pub docket_number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub return_by: Option<NaiveDate>,
    pub respond_within_days: Option<u32>,
    pub requested_from: Option<NaiveDate>,
    pub requested_to: Option<NaiveDate>,
    pub categories: Vec<DataCategory>,
}

#[derive(Debug, Clone)]
pub struct PreservationFacts {
    pub id: String,
    pub received_on: NaiveDate,
    /// The last day of retention as stored (the replay in `derive` checks it).
    pub expires_on: NaiveDate,
    /// Renewals in the order received: (received on, approved by counsel).
    pub renewals: Vec<(NaiveDate, bool)>,
    pub released: bool,
    /// The open case whose formal process holds it, if any.
    pub held_by: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct RelatedPreservation {
    pub received_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub held: bool,
}

impl CaseFacts {
    /// The earliest preservation that still preserved when a request arrived on `date`: received
    /// by then, and held or not yet expired (LEGAL.md 4).
    pub(crate) fn anchoring_preservation(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.related_preservations
            .iter()
            .filter(|p| p.received_on <= date && (p.held || p.expires_on >= date))
            .map(|p| p.received_on)
            .min()
    }
}

#[derive(Debug, Clone)]
pub struct NdoFacts {
    pub order: NdoOrder,
    pub covers_process_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedDeadline {
    pub kind: DeadlineKind,
    pub source_id: Option<String>,
    pub due: ComputedDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedFlag {
    pub kind: String,
    /// info, warning or blocking.
    pub severity: &'static str,
    pub message: String,
    pub source_id: Option<String>,
}

impl DerivedDeadline {
    /// The row that stores it for `case_id`, created at `at`.
    pub fn into_row(self, case_id: &str, at: NaiveDateTime) -> DeadlineRow {
        DeadlineRow {
            id: new_id(),
            case_id: case_id.to_owned(),
            kind: self.kind.as_str().to_owned(),
            source_id: self.source_id,
            due_on: self.due.date,
            trail: self.due.trail,
            created_at: at,
            superseded_at: None,
        }
    }
}

impl DerivedFlag {
    /// The row that stores it for `case_id`, created at `at`.
    pub fn into_row(self, case_id: &str, at: NaiveDateTime) -> FlagRow {
        FlagRow {
            id: new_id(),
            case_id: case_id.to_owned(),
            kind: self.kind,
            severity: self.severity.to_owned(),
            message: self.message,
            source_id: self.source_id,
            created_at: at,
            superseded_at: None,
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Derived {
    pub deadlines: Vec<DerivedDeadline>,
    pub flags: Vec<DerivedFlag>,
    /// Replies to the agency the findings call for; drafted for counsel, never sent unreviewed.
    pub replies: Vec<ReplyWanted>,
}

/// A reply to the agency that a process's findings call for (LEGAL.md 2, 4, 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyWanted {
    /// The request lacks what a valid request must contain.
    Deficient { process_id: String, missing: Vec<SufficiencyCheck> },
    /// The requested range starts before the logs still searchable.
    Lookback { process_id: String, requested_from: NaiveDate, first_available: NaiveDate },
    /// A foreign agency's request: decline, pointing to the MLAT route.
    Mlat { process_id: String },
}

impl PreservationFacts {
    /// Whether it still preserves on `date`: not released, and held or not yet expired.
    pub fn preserves_on(&self, date: NaiveDate) -> bool {
        !self.released && (self.held_by.is_some() || self.expires_on >= date)
    }
}

impl Derived {
    fn deadline(&mut self, kind: DeadlineKind, source_id: &str, due: ComputedDate) {
        self.deadlines.push(DerivedDeadline { kind, source_id: Some(source_id.to_owned()), due });
    }

    fn flag(&mut self, kind: &str, severity: &'static str, message: String, source_id: Option<&str>) {
        let source_id = source_id.map(str::to_owned);
        self.flags.push(DerivedFlag { kind: kind.to_owned(), severity, message, source_id });
    }
}

/// Every deadline and flag the case's facts imply on `today`.
pub fn derive(facts: &CaseFacts, policy: &ClockPolicy, today: NaiveDate) -> Derived {
    let mut derived = Derived::default();
    for process in &facts.processes {
        derive_process(facts, process, policy, &mut derived);
    }
    for preservation in &facts.preservations {
        derive_preservation(preservation, policy, today, &mut derived);
    }
    derive_ndos(facts, policy, today, &mut derived);
    for finding in &facts.message_findings {
        let severity = match finding.severity.as_str() {
            "blocking" => "blocking",
            "warning" => "warning",
            _ => "info",
        };
        derived.flag(&finding.kind, severity, finding.message.clone(), Some(&finding.message_id));
    }
    derived
}

/// A request from outside the US and its territories (an unrecorded country is not assumed
/// foreign; the sufficiency check asks for it).
fn is_foreign(country: Option<&str>) -> bool {
    country.is_some_and(|c| !is_us_origin(c))
}

fn derive_process(facts: &CaseFacts, process: &ProcessFacts, policy: &ClockPolicy, derived: &mut Derived) {
    let id = process.id.as_str();
    let foreign = is_foreign(facts.country.as_deref()) && process.kind != ProcessKind::MlatRequest;
    let timing = ProcessTiming {
        kind: process.kind,
        received_on: process.received_on,
        served_on: process.served_on,
        return_by: process.return_by,
        respond_within_days: process.respond_within_days,
        foreign,
    };
    let plan = plan_response(&policy.calendar, &policy.response, &timing);
    // The emergency's follow-up is met once formal process for the case has arrived.
    let followed_up = facts.processes.iter().any(|other| {
        other.received_on >= process.received_on && matches!(compulsion(other.kind), Compulsion::Compels(_))
    });
    for planned in plan.deadlines {
        if planned.kind == DeadlineKind::EmergencyFollowUp && followed_up {
            continue;
        }
        derived.deadline(planned.kind, id, planned.computed);
    }
    for warning in plan.warnings {
        derived.flag("date_warning", "warning", warning, Some(id));
    }
    if plan.mlat_route {
        let message =
            "a foreign agency's request: ISRG's policy routes it through an MLAT request or letter \
                       rogatory; no production deadline is set and a decline letter is due"
                .to_owned();
        derived.flag("mlat_route", "warning", message, Some(id));
        derived.replies.push(ReplyWanted::Mlat { process_id: id.to_owned() });
    }
    for mismatch in check_categories(&policy.tiers, process.kind, &process.categories) {
        derived.flag("category_mismatch", "warning", mismatch.to_string(), Some(id));
    }
    if compulsion(process.kind) == Compulsion::Voluntary {
        let message =
            "emergency request: disclose only on a good-faith belief of danger of death or serious \
                       physical injury, after verifying through the agency's published number"
                .to_owned();
        derived.flag("emergency_verification", "blocking", message, Some(id));
    }
    let findings = check_request(
        &RequestFacts {
            kind: process.kind,
            issuing_authority: process.issuing_authority.as_deref(),
            agent_name: process.agent_name.as_deref(),
            sender: process.agent_email.as_ref(),
            agent_phone: process.agent_phone.as_deref(),
            identifiers: facts.identifiers,
            requested_from: process.requested_from,
            requested_to: process.requested_to,
            country: facts.country.as_deref(),
        },
        &policy.law_enforcement_domains,
    );
    let missing = missing_items(&findings);
    if !plan.mlat_route && !missing.is_empty() {
        let missing = missing.iter().map(|finding| finding.check).collect();
        derived.replies.push(ReplyWanted::Deficient { process_id: id.to_owned(), missing });
    }
    for finding in missing {
        derived.flag(
            &format!("insufficient_{}", finding.check.as_str()),
            "warning",
            finding.message.clone(),
            Some(id),
        );
    }
    if requests_logs(&process.categories) {
        let window = log_window(
            anchor(process.received_on, facts.anchoring_preservation(process.received_on)),
            process.received_on,
        );
        if let Some(exceeded) = check_requested_range(&window, process.requested_from) {
            derived.flag("lookback_exceeded", "warning", exceeded.to_string(), Some(id));
            derived.replies.push(ReplyWanted::Lookback {
                process_id: id.to_owned(),
                requested_from: exceeded.requested_from,
                first_available: exceeded.first_available,
            });
        }
    }
}

fn derive_preservation(p: &PreservationFacts, policy: &ClockPolicy, today: NaiveDate, derived: &mut Derived) {
    if p.released {
        return;
    }
    let mut expiry = preservation_expiry(p.received_on);
    for (index, (received_on, approved)) in p.renewals.iter().enumerate() {
        match renew(expiry.date, index as u32, *received_on, *approved) {
            Ok(renewal) => {
                let trail = format!("{}; {}", expiry.trail, renewal.expires.trail);
                expiry = ComputedDate::new(renewal.expires.date, trail);
            }
            Err(refusal) => {
                let message = format!("a recorded renewal no longer checks out: {refusal}");
                derived.flag("preservation_inconsistent", "blocking", message, Some(&p.id));
            }
        }
    }
    if let Some(reference) = &p.held_by {
        let message = format!("held for {reference}: kept until that case closes, whatever its expiry");
        derived.flag("preservation_held", "info", message, Some(&p.id));
        return;
    }
    if today > expiry.date {
        let message =
            format!("expired on {}; the data preserved is no longer held for this request", expiry.date);
        derived.flag("preservation_expired", "info", message, Some(&p.id));
    }
    for reminder in reminders(expiry.date, &policy.preservation_reminder_days) {
        derived.deadline(DeadlineKind::PreservationReminder, &p.id, reminder);
    }
    derived.deadline(DeadlineKind::PreservationExpiry, &p.id, expiry);
}

fn derive_ndos(facts: &CaseFacts, policy: &ClockPolicy, today: NaiveDate, derived: &mut Derived) {
    if facts.ndos.is_empty() {
        return;
    }
    let kinds: Vec<ProcessKind> = facts.processes.iter().map(|p| p.kind).collect();
    if !can_attach_ndo(&kinds) {
        let message = "a non-disclosure order needs a warrant, subpoena or court order on the case; a bare \
                       preservation request cannot carry one (record a confidentiality request instead)"
            .to_owned();
        derived.flag("ndo_without_formal_process", "warning", message, None);
    }
    for ndo in &facts.ndos {
        let issued_on = ndo
            .covers_process_id
            .as_ref()
            .and_then(|id| facts.processes.iter().find(|p| &p.id == id))
            .and_then(|p| p.issued_on);
        if covers_unissued_process(ndo.order.signed_on, issued_on) {
            let message = format!(
                "the order was signed on {} but the process it covers was issued later, on {}",
                ndo.order.signed_on,
                issued_on.map(|d| d.to_string()).unwrap_or_default()
            );
            derived.flag("ndo_covers_unissued_process", "warning", message, Some(&ndo.order.id));
        }
    }
    let orders: Vec<NdoOrder> = facts.ndos.iter().map(|n| n.order.clone()).collect();
    let assessment = match assess(&orders, &policy.ndo) {
        Ok(assessment) => assessment,
        Err(error) => {
            derived.flag(
                "ndo_invalid",
                "blocking",
                format!("the recorded orders do not add up: {error}"),
                None,
            );
            return;
        }
    };
    for chain in &assessment.chains {
        if let (Some(last_day), None) = (chain.last_day, chain.vacated_on) {
            derived.deadline(
                DeadlineKind::NdoExpiry,
                &chain.original_id,
                ComputedDate::new(last_day, chain.trail.clone()),
            );
        }
    }
    let first_order = orders[0].id.as_str();
    for reminder in &assessment.reminders {
        derived.deadline(DeadlineKind::NdoReminder, first_order, reminder.clone());
    }
    for review in &assessment.reviews {
        derived.deadline(DeadlineKind::NdoReview, first_order, review.clone());
    }
    match assessment.notice_clock(today) {
        NoticeClock::BlockedUntil { notice_due, .. } | NoticeClock::Lifted { notice_due } => {
            derived.deadline(DeadlineKind::DelayedNotice, first_order, notice_due);
        }
        NoticeClock::NoOrder | NoticeClock::BlockedIndefinitely { .. } => {}
    }
    for flag in &assessment.flags {
        let (kind, severity, source) = match flag {
            NdoFlag::LongerThanOneYear { order_id, .. } => ("ndo_longer_than_one_year", "warning", order_id),
            NdoFlag::NoEndDate { order_id } => ("ndo_no_end_date", "info", order_id),
            NdoFlag::ExtensionAfterExpiry { order_id, .. } => {
                ("ndo_extension_after_expiry", "blocking", order_id)
            }
            NdoFlag::ExtensionOfUnknownOrder { order_id, .. } => {
                ("ndo_extension_of_unknown_order", "warning", order_id)
            }
        };
        derived.flag(kind, severity, flag.to_string(), Some(source));
    }
}

#[cfg(test)]
mod tests;
