//! All of a case's NDOs taken together: which orders extend which, the days any order is in force,
//! and whether subscriber notice is blocked or due, so notice never goes out while one is in force.
//!
//! Every order's own period counts, whatever chain it is in: an extension that shortens, or a
//! vacatur recorded on one order only, never lifts another order still in force. A vacatur applies
//! to the order it is recorded on; to lift a whole chain, record it on each order the court vacated.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::computed_date::ComputedDate;
use crate::domain::ndo::flag::NdoFlag;
use crate::domain::ndo::schedule::{policy_flags, reminders, reviews};
use crate::domain::ndo::term::expiry_of;
use crate::domain::ndo::{NdoError, NdoOrder, NdoPolicy};

const OUT_OF_CALENDAR: &str = "date arithmetic left chrono's calendar; dates are bounded at the edge";

/// An original order and the extensions that took effect, with the last day the chain is in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NdoChain {
    pub original_id: String,
    /// Effective extensions, in the order they arrived.
    pub extension_ids: Vec<String>,
    /// The last day in force (inclusive); `None` while an order runs until further order.
    pub last_day: Option<NaiveDate>,
    /// The vacatur that set `last_day`, if one did.
    pub vacated_on: Option<NaiveDate>,
    pub trail: String,
}

/// Whether subscriber notice is blocked by an NDO on a given day, and when delayed notice is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum NoticeClock {
    /// No order was ever in force.
    NoOrder,
    /// An order without an end date is in force from `since`: notice waits for a vacatur.
    BlockedIndefinitely { since: NaiveDate },
    /// Blocked through `last_day`; delayed notice is due on `notice_due`.
    BlockedUntil { last_day: NaiveDate, notice_due: ComputedDate },
    /// Every order has ended: delayed notice was due on `notice_due`.
    Lifted { notice_due: ComputedDate },
}

/// The NDO clocks of a case; built by [`assess`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NdoAssessment {
    /// Original orders in the order they arrived, then late extensions that count as new orders.
    pub chains: Vec<NdoChain>,
    /// Reminders before each day an NDO period ends with no other order taking over; vacated
    /// orders end at once and get none. Past reminders are included; the caller drops them.
    pub reminders: Vec<ComputedDate>,
    /// Review tasks for orders without an end date (see `schedule`).
    pub reviews: Vec<ComputedDate>,
    pub flags: Vec<NdoFlag>,
    periods: Vec<InForce>,
}

/// One order's days in force, `from` to `through` inclusive (`None`: until further order).
#[derive(Debug, Clone, PartialEq, Eq)]
struct InForce {
    from: NaiveDate,
    through: Option<NaiveDate>,
    cut_by: Option<NaiveDate>,
    chain: usize,
    trail: String,
}

impl NdoAssessment {
    /// Whether any order is in force on `date`: signed on or before it, not past its last day,
    /// and not vacated on or before it.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.periods
            .iter()
            .any(|period| period.from <= date && period.through.is_none_or(|last| date <= last))
    }

    /// The notice clock as of `today`. Notice is due the day after the last day any order is in
    /// force, or on the day of the vacatur that ended it. An order without an end date blocks
    /// notice whatever `today` is, and `BlockedUntil` holds up to the last day in force even in a
    /// gap between orders: both err on the side of silence. The send-time check is
    /// [`NdoAssessment::in_force_on`].
    pub fn notice_clock(&self, today: NaiveDate) -> NoticeClock {
        let open_ended = self.periods.iter().filter(|period| period.through.is_none());
        if let Some(since) = open_ended.map(|period| period.from).min() {
            return NoticeClock::BlockedIndefinitely { since };
        }
        let Some((latest, last_day)) = self
            .periods
            .iter()
            .filter_map(|period| Some((period, period.through?)))
            .max_by_key(|(_, last)| *last)
        else {
            return NoticeClock::NoOrder;
        };
        let chain = &self.chains[latest.chain];
        let (trail, cut_by) = if chain.last_day == Some(last_day) {
            (&chain.trail, chain.vacated_on)
        } else {
            (&latest.trail, latest.cut_by)
        };
        let notice_due = match cut_by {
            Some(vacated) => ComputedDate::new(vacated, format!("{trail}; notice due {vacated}")),
            None => {
                let due = last_day.succ_opt().expect(OUT_OF_CALENDAR);
                ComputedDate::new(due, format!("{trail}; notice due the next day, {due}"))
            }
        };
        if today <= last_day {
            NoticeClock::BlockedUntil { last_day, notice_due }
        } else {
            NoticeClock::Lifted { notice_due }
        }
    }
}

/// One order with its own last day in force worked out.
struct Resolved<'a> {
    order: &'a NdoOrder,
    last: Option<NaiveDate>,
    cut_by: Option<NaiveDate>,
    trail: String,
}

fn resolve(order: &NdoOrder) -> Result<Resolved<'_>, NdoError> {
    let order_id = order.id.clone();
    if order.received_on < order.signed_on {
        let (signed_on, received_on) = (order.signed_on, order.received_on);
        return Err(NdoError::ReceivedBeforeSigning { order_id, signed_on, received_on });
    }
    if let Some(vacated_on) = order.vacated_on.filter(|vacated| *vacated < order.signed_on) {
        return Err(NdoError::VacatedBeforeSigning { order_id, signed_on: order.signed_on, vacated_on });
    }
    let expiry = expiry_of(Some(&order.id), order.signed_on, &order.term)
        .map_err(|problem| NdoError::InOrder { order_id, problem: Box::new(problem) })?;
    let (mut last, mut trail) = match expiry {
        Some(expiry) => (Some(expiry.date), expiry.trail),
        None => (None, format!("order {} in force until further order", order.id)),
    };
    let cut_by = order.vacated_on.filter(|vacated| last.is_none_or(|last| *vacated <= last));
    if let Some(vacated) = cut_by {
        last = Some(vacated.pred_opt().expect(OUT_OF_CALENDAR));
        trail = format!("{trail}; vacated {vacated}");
    }
    Ok(Resolved { order, last, cut_by, trail })
}

/// A chain being built from its original order by adding extensions as they arrived.
struct ChainBuilder {
    chain: NdoChain,
}

impl ChainBuilder {
    fn start(original: &Resolved<'_>, note: Option<String>) -> ChainBuilder {
        let trail = note.map_or_else(|| original.trail.clone(), |note| format!("{note}; {}", original.trail));
        let original_id = original.order.id.clone();
        let (last_day, vacated_on) = (original.last, original.cut_by);
        ChainBuilder {
            chain: NdoChain { original_id, extension_ids: Vec::new(), last_day, vacated_on, trail },
        }
    }

    /// An extension takes effect if it arrives on or before the chain's last day.
    fn accepts(&self, extension: &Resolved<'_>) -> bool {
        self.chain.last_day.is_none_or(|last| extension.order.received_on <= last)
    }

    fn extend(&mut self, extension: &Resolved<'_>) {
        let chain = &mut self.chain;
        let (id, received) = (&extension.order.id, extension.order.received_on);
        let timing = match chain.last_day {
            Some(last) => format!("extension {id} received {received}, on or before the last day {last}"),
            None => format!("extension {id} received {received}, while in force until further order"),
        };
        chain.trail = format!("{}; {timing}; {}", chain.trail, extension.trail);
        chain.extension_ids.push(id.clone());
        match (chain.last_day, extension.last) {
            (None, _) => chain.trail.push_str("; the NDO stays in force until further order"),
            (Some(current), Some(new)) if new <= current => {
                chain.trail = format!("{}; the NDO still ends {current}", chain.trail);
            }
            (Some(_), new) => {
                chain.last_day = new;
                chain.vacated_on = extension.cut_by;
            }
        }
    }
}

/// Builds the chains, flags and schedules for every NDO of a case.
pub fn assess(orders: &[NdoOrder], policy: &NdoPolicy) -> Result<NdoAssessment, NdoError> {
    let mut ids = HashSet::new();
    if let Some(order) = orders.iter().find(|order| !ids.insert(order.id.as_str())) {
        return Err(NdoError::DuplicateOrderId { order_id: order.id.clone() });
    }
    let resolved = orders.iter().map(resolve).collect::<Result<Vec<_>, _>>()?;
    let position: HashMap<&str, usize> =
        orders.iter().enumerate().map(|(i, order)| (order.id.as_str(), i)).collect();
    let mut flags = policy_flags(orders, policy);
    let mut roots: Vec<usize> = Vec::new();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, order) in orders.iter().enumerate() {
        match order.extends.as_deref().map(|extended| (extended, position.get(extended))) {
            None => roots.push(i),
            Some((_, Some(&parent))) => children.entry(parent).or_default().push(i),
            Some((extended, None)) => {
                let (order_id, extended_id) = (order.id.clone(), extended.to_owned());
                flags.push(NdoFlag::ExtensionOfUnknownOrder { order_id, extended_id });
                roots.push(i);
            }
        }
    }
    roots.sort_by_key(|&i| arrival(&orders[i]));
    let mut queue: VecDeque<(usize, Option<String>)> = roots.into_iter().map(|i| (i, None)).collect();
    let mut chain_of: Vec<Option<usize>> = vec![None; orders.len()];
    let mut chains = Vec::new();
    while let Some((root, note)) = queue.pop_front() {
        let mut builder = ChainBuilder::start(&resolved[root], note);
        chain_of[root] = Some(chains.len());
        let mut pending = children.get(&root).cloned().unwrap_or_default();
        while let Some(next) = take_earliest(&mut pending, orders) {
            let extension = &resolved[next];
            if builder.accepts(extension) {
                builder.extend(extension);
                chain_of[next] = Some(chains.len());
                pending.extend(children.get(&next).into_iter().flatten());
                continue;
            }
            let order = extension.order;
            let expired_on =
                builder.chain.last_day.expect("only a chain with a last day refuses an extension");
            let extended_id = order.extends.clone().unwrap_or_default();
            let note = format!(
                "extension {} arrived after {extended_id} ended on {expired_on}, so it counts as a new order",
                order.id
            );
            let (order_id, received_on) = (order.id.clone(), order.received_on);
            flags.push(NdoFlag::ExtensionAfterExpiry { order_id, extended_id, expired_on, received_on });
            queue.push_back((next, Some(note)));
        }
        chains.push(builder.chain);
    }
    if let Some(i) = chain_of.iter().position(Option::is_none) {
        return Err(NdoError::ExtensionLoop { order_id: orders[i].id.clone() });
    }
    let periods: Vec<InForce> = resolved
        .iter()
        .zip(chain_of)
        .filter(|(order, _)| order.last.is_none_or(|last| last >= order.order.signed_on))
        .map(|(order, chain)| InForce {
            from: order.order.signed_on,
            through: order.last,
            cut_by: order.cut_by,
            chain: chain.unwrap_or_default(),
            trail: order.trail.clone(),
        })
        .collect();
    let mut assessment =
        NdoAssessment { chains, reminders: Vec::new(), reviews: reviews(orders, policy), flags, periods };
    assessment.reminders =
        reminders(&assessment.chains, |day| assessment.in_force_on(day), &policy.reminder_days);
    Ok(assessment)
}

/// Orders are taken in the order they arrived; ties by signing date, then id, for a stable result.
fn arrival(order: &NdoOrder) -> (NaiveDate, NaiveDate, String) {
    (order.received_on, order.signed_on, order.id.clone())
}

fn take_earliest(pending: &mut Vec<usize>, orders: &[NdoOrder]) -> Option<usize> {
    let (at, _) = pending.iter().enumerate().min_by_key(|&(_, &i)| arrival(&orders[i]))?;
    Some(pending.swap_remove(at))
}

#[cfg(test)]
mod tests;
