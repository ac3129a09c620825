//! How long one NDO lasts as the court wrote it (a fixed end, a duration from signing, or "until
//! further order") and the last day that gives, with its trail.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::computed_date::ComputedDate;
use crate::domain::ndo::NdoError;

/// The unit of an NDO duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Days,
    Months,
    Years,
}

impl DurationUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            DurationUnit::Days => "days",
            DurationUnit::Months => "months",
            DurationUnit::Years => "years",
        }
    }

    /// The longest duration accepted in this unit: ten years.
    pub fn max_amount(self) -> u32 {
        match self {
            DurationUnit::Days => 3650,
            DurationUnit::Months => 120,
            DurationUnit::Years => 10,
        }
    }
}

impl fmt::Display for DurationUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How long an order lasts, "for such period as the court deems appropriate".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", try_from = "NdoTermInput")]
pub enum NdoTerm {
    /// The order states its last day.
    FixedEnd(NaiveDate),
    /// The order runs for a period from its signing; the last day is signing plus the period.
    Duration { amount: u32, unit: DurationUnit },
    /// No end date: in force until the court orders otherwise.
    UntilFurtherOrder,
}

/// What clients send; a duration is range-checked on the way in.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum NdoTermInput {
    FixedEnd(NaiveDate),
    Duration { amount: u32, unit: DurationUnit },
    UntilFurtherOrder,
}

impl TryFrom<NdoTermInput> for NdoTerm {
    type Error = NdoError;

    fn try_from(input: NdoTermInput) -> Result<NdoTerm, NdoError> {
        match input {
            NdoTermInput::FixedEnd(end) => Ok(NdoTerm::FixedEnd(end)),
            NdoTermInput::Duration { amount, unit } => NdoTerm::duration(amount, unit),
            NdoTermInput::UntilFurtherOrder => Ok(NdoTerm::UntilFurtherOrder),
        }
    }
}

impl NdoTerm {
    /// A duration of 1 to 3650 days, 1 to 120 months or 1 to 10 years.
    pub fn duration(amount: u32, unit: DurationUnit) -> Result<NdoTerm, NdoError> {
        if (1..=unit.max_amount()).contains(&amount) {
            Ok(NdoTerm::Duration { amount, unit })
        } else {
            Err(NdoError::DurationOutOfRange { amount, unit })
        }
    }
}

/// The last day an order is in force (inclusive), or `None` for "until further order". A duration
/// counts from signing and clamps to the end of a shorter month.
///
/// `signed 2026-01-31; +1 month = 2026-02-28 (clamped to the end of February)`,
/// `order ends 2026-09-30 as stated`
pub fn order_expiry(signed_on: NaiveDate, term: &NdoTerm) -> Result<Option<ComputedDate>, NdoError> {
    expiry_of(None, signed_on, term)
}

/// [`order_expiry`] with the order named in the trail: `order A signed 2026-01-31; ...`.
pub(super) fn expiry_of(
    order_id: Option<&str>,
    signed_on: NaiveDate,
    term: &NdoTerm,
) -> Result<Option<ComputedDate>, NdoError> {
    let subject = order_id.map_or_else(|| "order".to_owned(), |id| format!("order {id}"));
    let signed =
        order_id.map_or_else(|| format!("signed {signed_on}"), |_| format!("{subject} signed {signed_on}"));
    match *term {
        NdoTerm::FixedEnd(ends_on) if ends_on < signed_on => {
            Err(NdoError::EndsBeforeSigning { signed_on, ends_on })
        }
        NdoTerm::FixedEnd(ends_on) => {
            Ok(Some(ComputedDate::new(ends_on, format!("{subject} ends {ends_on} as stated"))))
        }
        NdoTerm::Duration { amount, unit } => {
            NdoTerm::duration(amount, unit)?;
            let outside = NdoError::OutsideCalendar { signed_on };
            let (ends_on, step) = match unit {
                DurationUnit::Days => {
                    (signed_on.checked_add_days(Days::new(amount.into())), plural(amount, "calendar day"))
                }
                DurationUnit::Months => {
                    (signed_on.checked_add_months(Months::new(amount)), plural(amount, "month"))
                }
                DurationUnit::Years => {
                    (signed_on.checked_add_months(Months::new(amount * 12)), plural(amount, "year"))
                }
            };
            let ends_on = ends_on.ok_or(outside)?;
            let clamped = if unit == DurationUnit::Days || ends_on.day() == signed_on.day() {
                String::new()
            } else {
                format!(" (clamped to the end of {})", ends_on.format("%B"))
            };
            Ok(Some(ComputedDate::new(ends_on, format!("{signed}; +{step} = {ends_on}{clamped}"))))
        }
        NdoTerm::UntilFurtherOrder => Ok(None),
    }
}

/// "1 month", "6 months".
fn plural(amount: u32, noun: &str) -> String {
    if amount == 1 { format!("1 {noun}") } else { format!("{amount} {noun}s") }
}
