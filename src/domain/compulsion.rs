//! What each kind of legal process may compel under the SCA (18 U.S.C. 2701-2713) and which tier
//! each category of records needs, so intake and production gating refuse the same over-reaching
//! requests (LEGAL.md 1).

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::data_category::DataCategory;
use crate::domain::process_kind::ProcessKind;

/// The least process that may compel a record, weakest first, so `needs > gives` is a mismatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 2703(c)(2) basic subscriber information.
    Subpoena,
    /// 2703(d): any non-content record pertaining to a subscriber.
    CourtOrder,
    /// Contents, plus everything above.
    Warrant,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Subpoena, Tier::CourtOrder, Tier::Warrant];

    /// The stable snake_case name used in the API and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Subpoena => "subpoena",
            Tier::CourtOrder => "court_order",
            Tier::Warrant => "warrant",
        }
    }

    /// The name the legal team reads.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Subpoena => "subpoena (2703(c)(2) basic subscriber information)",
            Tier::CourtOrder => "2703(d) court order",
            Tier::Warrant => "search warrant",
        }
    }

    /// What process of this tier reaches, completing "compels only ...".
    fn reach(self) -> &'static str {
        match self {
            Tier::Subpoena => "basic subscriber information",
            Tier::CourtOrder => "non-content records",
            Tier::Warrant => "contents and every other record",
        }
    }
}

/// What a kind of process does to the provider's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compulsion {
    /// Compels disclosure of records up to this tier.
    Compels(Tier),
    /// An emergency request: disclosure is voluntary, 2702(b)(8) / 2702(c)(4).
    Voluntary,
    /// A 2703(f) preservation request: records are frozen, nothing is disclosed.
    PreservesOnly,
    /// Compels nothing by itself: an MLAT request is answered once DOJ obtains US process (which
    /// arrives as its own case), and national security process is handled outside the ordinary
    /// workflows; "other" process needs counsel to classify it first.
    NoDisclosure,
}

/// What `kind` may compel. Pen register / trap and trace orders are court orders for prospective
/// non-content data; wiretap orders reach contents and are treated as warrants. A civil subpoena
/// reaches any non-content record (2702(c)(6) lets a provider give those to a non-government
/// party) but never contents: the contents rule is applied in `check_categories`.
pub fn compulsion(kind: ProcessKind) -> Compulsion {
    match kind {
        ProcessKind::CriminalSubpoena | ProcessKind::AdministrativeSubpoena => {
            Compulsion::Compels(Tier::Subpoena)
        }
        ProcessKind::CivilSubpoena => Compulsion::Compels(Tier::CourtOrder),
        ProcessKind::CourtOrder2703d | ProcessKind::OtherCourtOrder | ProcessKind::PenRegisterOrder => {
            Compulsion::Compels(Tier::CourtOrder)
        }
        ProcessKind::SearchWarrant | ProcessKind::WiretapOrder => Compulsion::Compels(Tier::Warrant),
        ProcessKind::EmergencyRequest => Compulsion::Voluntary,
        ProcessKind::PreservationRequest => Compulsion::PreservesOnly,
        ProcessKind::MlatRequest | ProcessKind::NationalSecurityProcess | ProcessKind::Other => {
            Compulsion::NoDisclosure
        }
    }
}

/// Which tier each category of records needs. Where ISRG's API logs fall is a judgement, so the
/// legal team can override any category from configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierPolicy {
    // A HashMap because DataCategory is not ordered; `entries` gives a stable order.
    tiers: HashMap<DataCategory, Tier>,
}

impl Default for TierPolicy {
    /// LEGAL.md 1: registration and contact email at subpoena tier, logs, certificate lists and
    /// other records at 2703(d) tier, contents at warrant tier.
    fn default() -> TierPolicy {
        let tiers =
            DataCategory::ALL.into_iter().map(|category| (category, default_tier(category))).collect();
        TierPolicy { tiers }
    }
}

fn default_tier(category: DataCategory) -> Tier {
    match category {
        DataCategory::AccountRegistration | DataCategory::ContactEmail => Tier::Subpoena,
        DataCategory::ApiLogs | DataCategory::Certificates | DataCategory::OtherRecords => Tier::CourtOrder,
        DataCategory::Contents => Tier::Warrant,
    }
}

impl TierPolicy {
    /// The default policy with the given categories moved to other tiers.
    pub fn with_overrides(overrides: impl IntoIterator<Item = (DataCategory, Tier)>) -> TierPolicy {
        let mut policy = TierPolicy::default();
        policy.tiers.extend(overrides);
        policy
    }

    /// The least process that may compel `category`.
    pub fn required(&self, category: DataCategory) -> Tier {
        self.tiers.get(&category).copied().unwrap_or_else(|| default_tier(category))
    }

    /// Every category with its tier, in form order, for settings pages.
    pub fn entries(&self) -> Vec<(DataCategory, Tier)> {
        DataCategory::ALL.into_iter().map(|category| (category, self.required(category))).collect()
    }
}

/// A requested category the process cannot compel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryMismatch {
    pub category: DataCategory,
    pub needs: Tier,
    /// The tier the process reaches; `None` for process that compels nothing.
    pub process_gives: Option<Tier>,
    /// The process that falls short, named in the message.
    pub kind: ProcessKind,
}

impl fmt::Display for CategoryMismatch {
    /// `api_logs needs a 2703(d) court order; a criminal subpoena compels only basic subscriber information`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let process = process_with_article(self.kind);
        if self.kind == ProcessKind::CivilSubpoena && self.category == DataCategory::Contents {
            return write!(
                f,
                "contents can never be produced to a civil subpoena: it reaches non-content records only \
                 (2702(c)(6))"
            );
        }
        match self.process_gives {
            Some(gives) => write!(
                f,
                "{} needs a {}; {process} compels only {}",
                self.category,
                self.needs.label(),
                gives.reach()
            ),
            None => {
                write!(f, "{} needs a {}; {process} compels no disclosure", self.category, self.needs.label())
            }
        }
    }
}

/// The requested categories `kind` cannot compel under `policy`, in request order, each once. A civil
/// subpoena never reaches contents, whatever the policy says (non-content only, 2702(c)(6)). Process
/// that compels nothing (emergency, preservation, MLAT, national security, other) yields no
/// mismatches: other checks handle those kinds.
pub fn check_categories(
    policy: &TierPolicy,
    kind: ProcessKind,
    categories: &[DataCategory],
) -> Vec<CategoryMismatch> {
    let Compulsion::Compels(gives) = compulsion(kind) else {
        return Vec::new();
    };
    let mut mismatches: Vec<CategoryMismatch> = Vec::new();
    for &category in categories {
        let needs = if kind == ProcessKind::CivilSubpoena && category == DataCategory::Contents {
            Tier::Warrant
        } else {
            policy.required(category)
        };
        let seen = mismatches.iter().any(|mismatch| mismatch.category == category);
        if needs > gives && !seen {
            mismatches.push(CategoryMismatch { category, needs, process_gives: Some(gives), kind });
        }
    }
    mismatches
}

/// The process named with its article, as the mismatch message reads it.
fn process_with_article(kind: ProcessKind) -> &'static str {
    match kind {
        ProcessKind::CriminalSubpoena => "a criminal subpoena",
        ProcessKind::AdministrativeSubpoena => "an administrative subpoena",
        ProcessKind::CivilSubpoena => "a civil subpoena",
        ProcessKind::CourtOrder2703d => "a 2703(d) court order",
        ProcessKind::OtherCourtOrder => "a court order",
        ProcessKind::SearchWarrant => "a search warrant",
        ProcessKind::PreservationRequest => "a preservation request",
        ProcessKind::EmergencyRequest => "an emergency disclosure request",
        ProcessKind::MlatRequest => "an MLAT request",
        ProcessKind::PenRegisterOrder => "a pen register / trap and trace order",
        ProcessKind::WiretapOrder => "a wiretap order",
        ProcessKind::NationalSecurityProcess => "national security process",
        ProcessKind::Other => "this process",
    }
}

#[cfg(test)]
mod tests;
