//! `lert preservation ...` and `lert ndo ...`: the clock workflows from a terminal, acting as
//! `system:cli`. Each prints the case afterwards, with its dates and trails.

use chrono::NaiveDate;

use super::CliError;
use crate::app::Storage;
use crate::clock::Clock;
use crate::domain::ndo::{DurationUnit, NdoTerm};
use crate::domain::reference::CaseReference;
use crate::workflows::Actor;
use crate::workflows::clocks::Clocks;
use crate::workflows::ndos::{NewNdo, extend_ndo, record_ndo, vacate_ndo};
use crate::workflows::preservations::{
    RenewalRequest, hold_preservation, record_preservation, release_preservation, renew_preservation,
};
use crate::workflows::users::actor_by_email;

/// One preservation or order operation, as parsed from the command line.
pub enum ClockCommand {
    Preserve { received_on: String },
    Renew { id: String, received_on: String, counsel_approval: bool },
    Hold { id: String, holder: String },
    Release { id: String, note: String },
    AddNdo { order: NdoArgs },
    ExtendNdo { id: String, order: NdoArgs },
    VacateNdo { id: String, vacated_on: String },
}

/// An order's dates and term; exactly one of the term fields is set (clap enforces it).
pub struct NdoArgs {
    pub signed_on: String,
    pub received_on: String,
    pub ends_on: Option<String>,
    pub days: Option<u32>,
    pub months: Option<u32>,
    pub years: Option<u32>,
    pub until_further_order: bool,
    pub docket: Option<String>,
}

fn date(flag: &str, value: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| CliError::Usage(format!("{flag} {value:?} is not a date such as 2026-06-30")))
}

fn reference(value: &str) -> Result<CaseReference, CliError> {
    CaseReference::parse(value).map_err(|e| CliError::Usage(e.to_string()))
}

impl NdoArgs {
    fn parse(&self) -> Result<NewNdo, CliError> {
        let duration =
            |amount, unit| NdoTerm::duration(amount, unit).map_err(|e| CliError::Usage(e.to_string()));
        let term = match (&self.ends_on, self.days, self.months, self.years, self.until_further_order) {
            (Some(ends_on), None, None, None, false) => NdoTerm::FixedEnd(date("--ends-on", ends_on)?),
            (None, Some(days), None, None, false) => duration(days, DurationUnit::Days)?,
            (None, None, Some(months), None, false) => duration(months, DurationUnit::Months)?,
            (None, None, None, Some(years), false) => duration(years, DurationUnit::Years)?,
            (None, None, None, None, true) => NdoTerm::UntilFurtherOrder,
            _ => {
                return Err(CliError::Usage(
                    "give exactly one of --ends-on, --days, --months, --years, --until-further-order".into(),
                ));
            }
        };
        Ok(NewNdo {
            signed_on: date("--signed-on", &self.signed_on)?,
            received_on: date("--received-on", &self.received_on)?,
            term,
            docket_number: self.docket.clone(),
            covers_process_id: None,
        })
    }
}

/// Runs the operation on case `case` as `acting_as` (a user's email) or, when none is given, as
/// lert itself; then shows the case. A release or a counsel-approved renewal is a legal
/// sign-off and must name the counsel who gives it.
pub fn run(
    storage: &Storage,
    clock: &dyn Clock,
    clocks: &Clocks,
    case: &str,
    acting_as: Option<&str>,
    command: ClockCommand,
) -> Result<String, CliError> {
    let case_reference = reference(case)?;
    let signs_off =
        matches!(command, ClockCommand::Release { .. } | ClockCommand::Renew { counsel_approval: true, .. });
    if signs_off && acting_as.is_none() {
        return Err(CliError::Usage("name the counsel who signs this off with --as EMAIL".into()));
    }
    let now = clock.now();
    let mut conn = storage.pool.get()?;
    let conn = &mut conn;
    let actor = match acting_as {
        Some(email) => actor_by_email(conn, email)?,
        None => Actor::system("cli"),
    };
    match command {
        ClockCommand::Preserve { received_on } => {
            record_preservation(
                conn,
                now,
                clocks,
                &actor,
                &case_reference,
                date("--received-on", &received_on)?,
            )?;
        }
        ClockCommand::Renew { id, received_on, counsel_approval } => {
            let renewal =
                RenewalRequest { received_on: date("--received-on", &received_on)?, counsel_approval };
            renew_preservation(conn, now, clocks, &actor, &case_reference, &id, renewal)?;
        }
        ClockCommand::Hold { id, holder } => {
            hold_preservation(conn, now, clocks, &actor, &case_reference, &id, &reference(&holder)?)?;
        }
        ClockCommand::Release { id, note } => {
            if note.trim().is_empty() {
                return Err(CliError::Usage("--note is required: say why the data may be released".into()));
            }
            release_preservation(conn, now, clocks, &actor, &case_reference, &id, note.trim())?;
        }
        ClockCommand::AddNdo { order } => {
            record_ndo(conn, now, clocks, &actor, &case_reference, &order.parse()?)?;
        }
        ClockCommand::ExtendNdo { id, order } => {
            extend_ndo(conn, now, clocks, &actor, &case_reference, &id, &order.parse()?)?;
        }
        ClockCommand::VacateNdo { id, vacated_on } => {
            vacate_ndo(conn, now, clocks, &actor, &case_reference, &id, date("--vacated-on", &vacated_on)?)?;
        }
    }
    super::case::show(storage, clock, clocks, case, false)
}
