//! Everything the clocks need to know that the legal team may set: gathered once from
//! configuration so every rule reads the same choices.

use crate::domain::calendar::CourtCalendar;
use crate::domain::compulsion::TierPolicy;
use crate::domain::ndo::NdoPolicy;
use crate::domain::response::ResponsePolicy;
use crate::domain::sufficiency::LawEnforcementDomains;

#[derive(Debug, Clone)]
pub struct ClockPolicy {
    pub calendar: CourtCalendar,
    pub response: ResponsePolicy,
    /// Days before a preservation's expiry on which a reminder is due (default 14 and 3).
    pub preservation_reminder_days: Vec<u32>,
    pub ndo: NdoPolicy,
    pub tiers: TierPolicy,
    pub law_enforcement_domains: LawEnforcementDomains,
    /// Place a preservation when a request for logs is recorded (default on).
    pub auto_preserve_log_requests: bool,
}

impl Default for ClockPolicy {
    fn default() -> ClockPolicy {
        ClockPolicy {
            calendar: CourtCalendar::federal(),
            response: ResponsePolicy::default(),
            preservation_reminder_days: vec![14, 3],
            ndo: NdoPolicy::default(),
            tiers: TierPolicy::default(),
            law_enforcement_domains: LawEnforcementDomains::default(),
            auto_preserve_log_requests: true,
        }
    }
}
