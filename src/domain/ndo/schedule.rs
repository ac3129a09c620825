//! The tasks NDOs create for the legal team: reminders before a period ends, reviews of orders
//! without an end date, and the policy flags on each order's term.
//!
//! Reviews of an order without an end date fall every `review_interval_days` from signing and at
//! one calendar year, listed for the first three years after signing: the workflow re-assesses
//! whenever orders change, and three years keeps the list finite while covering any case that
//! stays open that long without a new look.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::domain::computed_date::ComputedDate;
use crate::domain::ndo::assessment::NdoChain;
use crate::domain::ndo::flag::NdoFlag;
use crate::domain::ndo::term::order_expiry;
use crate::domain::ndo::{NdoOrder, NdoPolicy, NdoTerm};

/// How far ahead reviews are listed.
const REVIEW_HORIZON_MONTHS: u32 = 36;

/// `NDO expires 2026-09-30; -30 calendar days = 2026-08-31` for each chain end after which no order
/// is in force, earliest first.
pub(super) fn reminders(
    chains: &[NdoChain],
    in_force_on: impl Fn(NaiveDate) -> bool,
    days: &[u32],
) -> Vec<ComputedDate> {
    let mut reminders: Vec<ComputedDate> = chains
        .iter()
        .filter(|chain| chain.vacated_on.is_none())
        .filter_map(|chain| chain.last_day)
        .filter(|last| last.succ_opt().is_some_and(|next| !in_force_on(next)))
        .flat_map(|last| {
            days.iter().filter_map(move |&before| {
                let date = last.checked_sub_days(Days::new(before.into()))?;
                let unit = if before == 1 { "day" } else { "days" };
                Some(ComputedDate::new(
                    date,
                    format!("NDO expires {last}; -{before} calendar {unit} = {date}"),
                ))
            })
        })
        .collect();
    reminders.sort_by(|a, b| (a.date, &a.trail).cmp(&(b.date, &b.trail)));
    reminders.dedup();
    reminders
}

/// Review dates for every order without an end date that has not been vacated, earliest first.
pub(super) fn reviews(orders: &[NdoOrder], policy: &NdoPolicy) -> Vec<ComputedDate> {
    let mut reviews: Vec<ComputedDate> = orders
        .iter()
        .filter(|order| order.term == NdoTerm::UntilFurtherOrder && order.vacated_on.is_none())
        .flat_map(|order| order_reviews(order, policy.review_interval_days))
        .collect();
    reviews.sort_by(|a, b| (a.date, &a.trail).cmp(&(b.date, &b.trail)));
    reviews
}

fn order_reviews(order: &NdoOrder, interval: u32) -> Vec<ComputedDate> {
    let signed = order.signed_on;
    let label = format!("NDO {} signed {signed} until further order", order.id);
    let Some(horizon) = signed.checked_add_months(Months::new(REVIEW_HORIZON_MONTHS)) else {
        return Vec::new();
    };
    let mut reviews: Vec<ComputedDate> = (1..)
        .map_while(|step: u64| {
            let days = step.checked_mul(interval.into()).filter(|days| *days > 0)?;
            let date = signed.checked_add_days(Days::new(days)).filter(|date| *date <= horizon)?;
            Some(ComputedDate::new(date, format!("{label}; +{days} calendar days = {date}")))
        })
        .collect();
    if let Some(one_year) = signed.checked_add_months(Months::new(12)) {
        reviews.push(ComputedDate::new(one_year, format!("{label}; +1 year = {one_year} (one-year review)")));
    }
    reviews.sort_by_key(|review| review.date);
    reviews.dedup_by_key(|review| review.date);
    reviews
}

/// `NoEndDate` and `LongerThanOneYear` for each order, in input order. An order's length is
/// counted without February 29, so an order for exactly one calendar year is never flagged.
pub(super) fn policy_flags(orders: &[NdoOrder], policy: &NdoPolicy) -> Vec<NdoFlag> {
    orders
        .iter()
        .filter_map(|order| {
            let order_id = order.id.clone();
            let Ok(Some(expiry)) = order_expiry(order.signed_on, &order.term) else {
                return (order.term == NdoTerm::UntilFurtherOrder).then_some(NdoFlag::NoEndDate { order_id });
            };
            let days = (expiry.date - order.signed_on).num_days();
            let ordinary = days - leap_days(order.signed_on, expiry.date);
            (ordinary > i64::from(policy.max_ordinary_days))
                .then_some(NdoFlag::LongerThanOneYear { order_id, days })
        })
        .collect()
}

/// How many February 29ths fall after `from`, up to and including `to`.
fn leap_days(from: NaiveDate, to: NaiveDate) -> i64 {
    let count = (from.year()..=to.year())
        .filter_map(|year| NaiveDate::from_ymd_opt(year, 2, 29))
        .filter(|leap| from < *leap && *leap <= to)
        .count();
    i64::try_from(count).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
