//! Demo cases get their clocks the way real ones do: the same `derive` over the same facts,
//! with the preservation a log request places and, for some formal process, a non-disclosure
//! order; stored in bulk.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rand::Rng;
use rand::rngs::StdRng;

use crate::domain::lookback::requests_logs;
use crate::domain::preservation::preservation_expiry;
use crate::domain::process_kind::ProcessKind;
use crate::storage::clock_queries::ndo_term;
use crate::storage::rows::{CaseRow, DeadlineRow, FlagRow, LegalProcessRow, NdoRow, PreservationRow};
use crate::workflows::clocks::Clocks;
use crate::workflows::clocks::derive::{CaseFacts, NdoFacts, PreservationFacts, RelatedPreservation, derive};
use crate::workflows::clocks::process_facts;
use crate::workflows::{WorkflowError, new_id};

/// The clock rows of one chunk of demo cases.
#[derive(Default)]
pub(super) struct ClockRows {
    pub preservations: Vec<PreservationRow>,
    pub ndos: Vec<NdoRow>,
    pub deadlines: Vec<DeadlineRow>,
    pub flags: Vec<FlagRow>,
}

/// What one demo case looks like to the clock rules.
pub(super) struct DemoCase<'a> {
    pub case: &'a CaseRow,
    pub process: &'a LegalProcessRow,
    pub country: &'a str,
    pub identifiers: usize,
}

impl ClockRows {
    /// Adds the case's preservation, perhaps an order, and its derived deadlines and flags.
    pub fn add(
        &mut self,
        demo: DemoCase<'_>,
        clocks: &Clocks,
        now: DateTime<Utc>,
        rng: &mut StdRng,
    ) -> Result<(), WorkflowError> {
        let at = now.naive_utc();
        let received_on = clocks.date_of(demo.case.received_at.and_utc());
        let process = process_facts(demo.process.clone(), received_on)?;
        let mut facts = CaseFacts {
            received_on,
            country: Some(demo.country.to_owned()),
            identifiers: demo.identifiers,
            processes: vec![process.clone()],
            preservations: Vec::new(),
            related_preservations: Vec::new(),
            message_findings: Vec::new(),
            ndos: Vec::new(),
        };
        let preserved = process.kind == ProcessKind::PreservationRequest
            || (clocks.policy.auto_preserve_log_requests && requests_logs(&process.categories));
        if preserved {
            let row = PreservationRow {
                id: new_id(),
                case_id: demo.case.id.clone(),
                received_on,
                expires_on: preservation_expiry(received_on).date,
                renewals: 0,
                automatic: process.kind != ProcessKind::PreservationRequest,
                held_by_case_id: None,
                released_on: None,
                released_by: None,
                release_note: None,
                created_at: demo.case.created_at,
            };
            facts.preservations.push(PreservationFacts {
                id: row.id.clone(),
                received_on,
                expires_on: row.expires_on,
                renewals: vec![],
                released: false,
                held_by: None,
            });
            facts.related_preservations.push(RelatedPreservation {
                received_on,
                expires_on: row.expires_on,
                held: false,
            });
            self.preservations.push(row);
        }
        let formal = matches!(
            process.kind,
            ProcessKind::CriminalSubpoena | ProcessKind::CourtOrder2703d | ProcessKind::SearchWarrant
        );
        if formal && rng.random_range(0..10) < 3 {
            let signed_on = process.issued_on.unwrap_or(received_on);
            let row =
                demo_order(&demo.case.id, signed_on, received_on.max(signed_on), demo.case.created_at, rng);
            facts.ndos.push(NdoFacts {
                order: crate::domain::ndo::NdoOrder {
                    id: row.id.clone(),
                    signed_on: row.signed_on,
                    received_on: row.received_on,
                    term: ndo_term(&row)?,
                    extends: None,
                    vacated_on: None,
                },
                covers_process_id: None,
            });
            self.ndos.push(row);
        }
        let derived = derive(&facts, &clocks.policy, clocks.date_of(now));
        self.deadlines.extend(derived.deadlines.into_iter().map(|d| d.into_row(&demo.case.id, at)));
        self.flags.extend(derived.flags.into_iter().map(|f| f.into_row(&demo.case.id, at)));
        Ok(())
    }
}

/// A 2705(b) order as courts commonly write them: a year, 180 days, or (rarely) open-ended.
fn demo_order(
    case_id: &str,
    signed_on: NaiveDate,
    received_on: NaiveDate,
    at: chrono::NaiveDateTime,
    rng: &mut StdRng,
) -> NdoRow {
    let roll = rng.random_range(0..20);
    let (term, ends_on, amount, unit) = match roll {
        0 => ("until_further_order", None, None, None),
        1..=9 => ("fixed_end", Some(signed_on + TimeDelta::days(365)), None, None),
        _ => ("duration", None, Some(180), Some("days".to_owned())),
    };
    NdoRow {
        id: new_id(),
        case_id: case_id.to_owned(),
        signed_on,
        received_on,
        term: term.to_owned(),
        ends_on,
        duration_amount: amount,
        duration_unit: unit,
        extends_ndo_id: None,
        vacated_on: None,
        docket_number: None,
        covers_process_id: None,
        created_at: at,
    }
}
