//! The `[clocks]` settings: the legal team's choices where LEGAL.md leaves room (reminder
//! lead times, internal targets, closures, sender domains, which process tier each data
//! category needs). Each has a documented default in docs/CONFIGURATION.md.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::CourtCalendar;
use crate::domain::clock_policy::ClockPolicy;
use crate::domain::compulsion::{Tier, TierPolicy};
use crate::domain::data_category::DataCategory;
use crate::domain::ndo::NdoPolicy;
use crate::domain::response::ResponsePolicy;
use crate::domain::sufficiency::LawEnforcementDomains;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ClockSettings {
    /// Days before a preservation expires on which a reminder is due.
    pub preservation_reminder_days: Vec<u32>,
    /// Days before a non-disclosure order expires on which a reminder is due.
    pub ndo_reminder_days: Vec<u32>,
    /// An order without an end date is reviewed this often (days from signing), and at one year.
    pub ndo_review_interval_days: u32,
    /// The internal target is this many business days before a response is due.
    pub internal_target_business_days: u32,
    /// An emergency disclosure should be followed by legal process within this many days.
    pub emergency_follow_up_days: u32,
    /// Place a preservation automatically when a request for API logs is recorded.
    pub auto_preserve_log_requests: bool,
    /// Extra days the office is closed, counted like holidays.
    pub closures: Vec<ClosureSetting>,
    /// Sender domain suffixes accepted as law enforcement, besides the built-in ones.
    pub law_enforcement_domains: Vec<String>,
    /// Overrides of the process tier each data category needs, e.g. `api_logs = "subpoena"`.
    pub data_category_tiers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClosureSetting {
    pub date: NaiveDate,
    pub reason: String,
}

impl Default for ClockSettings {
    fn default() -> Self {
        ClockSettings {
            preservation_reminder_days: vec![14, 3],
            ndo_reminder_days: vec![30, 7],
            ndo_review_interval_days: 180,
            internal_target_business_days: 3,
            emergency_follow_up_days: 30,
            auto_preserve_log_requests: true,
            closures: Vec::new(),
            law_enforcement_domains: Vec::new(),
            data_category_tiers: BTreeMap::new(),
        }
    }
}

impl ClockSettings {
    /// The domain policy these settings describe, or what is wrong with them.
    pub fn policy(&self) -> Result<ClockPolicy, String> {
        let tiers = self
            .data_category_tiers
            .iter()
            .map(|(category, tier)| {
                let category =
                    DataCategory::parse(category).map_err(|e| format!("clocks.data_category_tiers: {e}"))?;
                let tier = Tier::ALL
                    .into_iter()
                    .find(|t| t.as_str().eq_ignore_ascii_case(tier.trim()))
                    .ok_or_else(|| {
                        let names: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
                        format!(
                            "clocks.data_category_tiers: unknown tier {tier:?}; expected one of {}",
                            names.join(", ")
                        )
                    })?;
                Ok((category, tier))
            })
            .collect::<Result<Vec<_>, String>>()?;
        for suffix in &self.law_enforcement_domains {
            let bare = suffix.trim().trim_start_matches("*.").trim_matches('.');
            let valid = !bare.is_empty()
                && bare
                    .split('.')
                    .all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-'));
            if !valid {
                return Err(format!(
                    "clocks.law_enforcement_domains: {suffix:?} is not a domain suffix such as police.example"
                ));
            }
        }
        if let Some(closure) = self.closures.iter().find(|c| c.reason.trim().is_empty()) {
            return Err(format!("clocks.closures: the closure on {} needs a reason", closure.date));
        }
        for days in self.preservation_reminder_days.iter().chain(&self.ndo_reminder_days) {
            if *days == 0 || *days > 365 {
                return Err("clocks: reminder days must be between 1 and 365".into());
            }
        }
        if self.internal_target_business_days > 60 || self.emergency_follow_up_days > 365 {
            return Err(
                "clocks: internal_target_business_days is at most 60, emergency_follow_up_days at most 365"
                    .into(),
            );
        }
        Ok(ClockPolicy {
            calendar: CourtCalendar::with_closures(
                self.closures.iter().map(|c| (c.date, c.reason.trim().to_owned())),
            ),
            response: ResponsePolicy {
                internal_target_business_days: self.internal_target_business_days,
                emergency_follow_up_days: self.emergency_follow_up_days,
            },
            preservation_reminder_days: self.preservation_reminder_days.clone(),
            ndo: NdoPolicy {
                reminder_days: self.ndo_reminder_days.clone(),
                review_interval_days: self.ndo_review_interval_days,
                ..NdoPolicy::default()
            },
            tiers: TierPolicy::with_overrides(tiers),
            law_enforcement_domains: LawEnforcementDomains::with_extra(
                self.law_enforcement_domains.iter().cloned(),
            ),
            auto_preserve_log_requests: self.auto_preserve_log_requests,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_the_documented_policy() {
        let policy = ClockSettings::default().policy().unwrap();
        assert_eq!(policy.preservation_reminder_days, [14, 3]);
        assert_eq!(policy.ndo.reminder_days, [30, 7]);
        assert_eq!(policy.tiers.required(DataCategory::ApiLogs), Tier::CourtOrder);
    }

    #[test]
    fn tier_overrides_and_closures_are_applied() {
        let settings = ClockSettings {
            data_category_tiers: BTreeMap::from([("api_logs".to_owned(), "subpoena".to_owned())]),
            closures: vec![ClosureSetting {
                date: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
                reason: "Office closure".into(),
            }],
            ..ClockSettings::default()
        };
        let policy = settings.policy().unwrap();
        assert_eq!(policy.tiers.required(DataCategory::ApiLogs), Tier::Subpoena);
        assert!(!policy.calendar.is_business_day(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()));
    }

    #[test]
    fn bad_tiers_and_reminders_are_refused_with_the_key() {
        let bad_tier = ClockSettings {
            data_category_tiers: BTreeMap::from([("api_logs".to_owned(), "pinky_swear".to_owned())]),
            ..ClockSettings::default()
        };
        assert!(bad_tier.policy().unwrap_err().contains("pinky_swear"));
        let bad_category = ClockSettings {
            data_category_tiers: BTreeMap::from([("dna".to_owned(), "warrant".to_owned())]),
            ..ClockSettings::default()
        };
        assert!(bad_category.policy().unwrap_err().contains("dna"));
        let bad_domain = ClockSettings {
            law_enforcement_domains: vec!["not a domain".into()],
            ..ClockSettings::default()
        };
        assert!(bad_domain.policy().unwrap_err().contains("not a domain"));
        let bad_days = ClockSettings { ndo_reminder_days: vec![0], ..ClockSettings::default() };
        assert!(bad_days.policy().unwrap_err().contains("reminder days"));
    }
}
