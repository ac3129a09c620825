//! Findings about a case's NDOs that counsel should see: over-long or open-ended orders and
//! extensions that did not extend anything.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// Something about the orders that needs counsel's attention; the clocks already account for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum NdoFlag {
    /// The order runs longer than the policy's ordinary maximum (DOJ policy since 2017: one year
    /// or less barring exceptional circumstances). `days` counts from signing to the last day.
    LongerThanOneYear { order_id: String, days: i64 },
    /// The order has no end date; it is reviewed periodically.
    NoEndDate { order_id: String },
    /// An extension received after the NDO it extends had ended: it does not revive the lapsed
    /// order, and counts as a new order from its own signing date. Notice was not blocked in the gap.
    ExtensionAfterExpiry {
        order_id: String,
        extended_id: String,
        expired_on: NaiveDate,
        received_on: NaiveDate,
    },
    /// The order names an order to extend that is not recorded; it counts as an original order.
    ExtensionOfUnknownOrder { order_id: String, extended_id: String },
}

impl fmt::Display for NdoFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DOJ_POLICY: &str =
            "DOJ policy since 2017 is one year or less barring exceptional circumstances";
        match self {
            NdoFlag::LongerThanOneYear { order_id, days } => {
                write!(f, "order {order_id} runs {days} days from signing: {DOJ_POLICY}")
            }
            NdoFlag::NoEndDate { order_id } => {
                write!(f, "order {order_id} has no end date: {DOJ_POLICY}; lert schedules reviews")
            }
            NdoFlag::ExtensionAfterExpiry { order_id, extended_id, expired_on, received_on } => {
                let gap_from = expired_on.succ_opt().unwrap_or(*expired_on);
                write!(
                    f,
                    "extension {order_id} was received on {received_on}, after the NDO it extends \
                     ({extended_id}) ended on {expired_on}: it counts as a new order from its own signing \
                     date; no order was known to be in force from {gap_from} until it arrived, so check \
                     whether notice went out"
                )
            }
            NdoFlag::ExtensionOfUnknownOrder { order_id, extended_id } => write!(
                f,
                "order {order_id} extends order {extended_id}, which is not recorded: it counts as an \
                 original order until that order is added"
            ),
        }
    }
}
