//! What a production may contain (LEGAL.md 1, 4): only the categories the case's process compels
//! (or that counsel overrode with a recorded reason), only the accounts of the targets counsel
//! decided to produce, and API logs and certificate lists only inside the lookback window unless
//! counsel recorded a backup retrieval. Account data is exempt from the window. Pure, so every
//! edge is tested without a records source.

use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::domain::compulsion::{Compulsion, Tier, TierPolicy, compulsion};
use crate::domain::data_category::DataCategory;
use crate::domain::identifier::{Identifier, TargetKind};
use crate::domain::process_kind::ProcessKind;
use crate::domain::records::Record;

/// A span of instants, `from` inclusive, `until` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimeWindow {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

impl TimeWindow {
    /// From the first instant of `first` to the end of `last`, days in the organisation's zone.
    pub fn of_days(first: NaiveDate, last: NaiveDate, tz: Tz) -> TimeWindow {
        let start_of = |day: NaiveDate| {
            let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
            // A zone that skips midnight starts the day at the first instant it has.
            tz.from_local_datetime(&midnight)
                .earliest()
                .map_or_else(|| midnight.and_utc(), |at| at.with_timezone(&Utc))
        };
        let after_last = last.checked_add_days(Days::new(1)).expect("window days lie inside the calendar");
        TimeWindow { from: start_of(first), until: start_of(after_last) }
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.until
    }
}

/// Counsel's recorded decision to produce a category the process does not compel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryOverride {
    pub category: DataCategory,
    pub reason: String,
}

/// Which requested categories a production includes, and why the others are withheld.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CategoryGate {
    pub produced: Vec<DataCategory>,
    /// Produced only because counsel overrode the tier, with the recorded reason.
    pub overridden: Vec<(DataCategory, String)>,
    pub withheld: Vec<(DataCategory, String)>,
}

/// Gates `requested` by the strongest process on the case. An emergency request compels nothing:
/// what is disclosed voluntarily is counsel's decision, category by category, with a reason. A
/// civil subpoena never reaches contents, whatever the override.
pub fn gate_categories(
    policy: &TierPolicy,
    kinds: &[ProcessKind],
    requested: &[DataCategory],
    overrides: &[CategoryOverride],
) -> CategoryGate {
    let strongest = kinds
        .iter()
        .filter_map(|kind| match compulsion(*kind) {
            Compulsion::Compels(tier) => Some((tier, *kind)),
            _ => None,
        })
        .max_by_key(|(tier, _)| *tier);
    let only_civil = !kinds.is_empty()
        && kinds
            .iter()
            .filter(|k| matches!(compulsion(**k), Compulsion::Compels(_)))
            .all(|k| *k == ProcessKind::CivilSubpoena);
    let mut gate = CategoryGate::default();
    for &category in requested {
        if gate.produced.contains(&category) || gate.withheld.iter().any(|(c, _)| *c == category) {
            continue;
        }
        let needs = policy.required(category);
        if only_civil && strongest.is_some() && category == DataCategory::Contents {
            gate.withheld.push((category, "a civil subpoena never reaches contents (2702)".to_owned()));
            continue;
        }
        let compelled = strongest.is_some_and(|(gives, _)| needs <= gives);
        let overridden = overrides.iter().find(|o| o.category == category && !o.reason.trim().is_empty());
        match (compelled, overridden) {
            (true, _) => gate.produced.push(category),
            (false, Some(decision)) => {
                gate.produced.push(category);
                gate.overridden.push((category, decision.reason.trim().to_owned()));
            }
            (false, None) => {
                let has = strongest.map_or_else(
                    || "the case has no process that compels disclosure".to_owned(),
                    |(_, kind)| format!("the case's strongest process is a {}", kind.label().to_lowercase()),
                );
                gate.withheld.push((category, format!("needs {}; {has}", tier_phrase(needs))));
            }
        }
    }
    gate
}

fn tier_phrase(tier: Tier) -> &'static str {
    match tier {
        Tier::Subpoena => "a subpoena",
        Tier::CourtOrder => "a 2703(d) court order",
        Tier::Warrant => "a search warrant",
    }
}

/// What a production includes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub categories: Vec<DataCategory>,
    /// The lookback window for API logs and certificates; `None` when counsel recorded a backup
    /// retrieval.
    pub window: Option<TimeWindow>,
    /// The account ids of the targets counsel decided to produce.
    pub accounts: BTreeSet<String>,
}

/// Why a record is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    CategoryNotProduced,
    AccountNotInScope,
    BeforeWindow,
    AfterWindow,
}

/// Whether `record` goes into the production.
pub fn judge(scope: &Scope, record: &Record) -> Result<(), Exclusion> {
    let (category, account, at) = match record {
        Record::Account(r) => (DataCategory::AccountRegistration, Some(&r.account_id), None),
        Record::ContactEmail(r) => (DataCategory::ContactEmail, Some(&r.account_id), None),
        Record::ApiLog(r) => (DataCategory::ApiLogs, r.account_id.as_ref(), Some(r.at)),
        Record::Certificate(r) => (DataCategory::Certificates, Some(&r.account_id), Some(r.not_before)),
    };
    if !scope.categories.contains(&category) {
        return Err(Exclusion::CategoryNotProduced);
    }
    if !account.is_some_and(|id| scope.accounts.contains(id.as_str())) {
        return Err(Exclusion::AccountNotInScope);
    }
    match (scope.window, at) {
        (Some(window), Some(at)) if at < window.from => Err(Exclusion::BeforeWindow),
        (Some(window), Some(at)) if at >= window.until => Err(Exclusion::AfterWindow),
        _ => Ok(()),
    }
}

/// The account a record ties `identifier` to, if it does: an account id itself; a contact email
/// the account used; a certificate's serial or one of its names; the IP an account registered
/// from or made a request from. The records database answers the same question in SQL.
pub fn account_pointed_at<'r>(record: &'r Record, identifier: &Identifier) -> Option<&'r str> {
    let value = identifier.normalized();
    let hit = match (record, identifier.kind()) {
        (Record::Account(r), TargetKind::AccountId) => r.account_id.as_str() == value,
        (Record::Account(r), TargetKind::Ip) => r.registration_ip.as_str() == value,
        (Record::ContactEmail(r), TargetKind::Email) => r.email.normalized_for_matching() == value,
        (Record::ApiLog(r), TargetKind::Ip) => r.client_ip.as_str() == value,
        (Record::Certificate(r), TargetKind::Domain) => r.names.iter().any(|n| n.as_str() == value),
        (Record::Certificate(r), TargetKind::CertSerial) => {
            r.serial.as_str().trim_start_matches('0') == value.trim_start_matches('0')
        }
        _ => false,
    };
    if !hit {
        return None;
    }
    match record {
        Record::Account(r) => Some(r.account_id.as_str()),
        Record::ContactEmail(r) => Some(r.account_id.as_str()),
        Record::ApiLog(r) => r.account_id.as_ref().map(|a| a.as_str()),
        Record::Certificate(r) => Some(r.account_id.as_str()),
    }
}

#[cfg(test)]
mod tests;
