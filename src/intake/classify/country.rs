//! Whether a request comes from abroad (LEGAL.md 2: US origin, otherwise the MLAT route): from the
//! country code ending the sender's domain, or from the name of a foreign police force.

use std::sync::LazyLock;

use crate::intake::classify::evidence::{at_most, propose};
use crate::intake::classify::mention::{Stance, stance};
use crate::intake::classify::phrase::PhraseTable;
use crate::intake::classify::sender::Sender;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Guess, Location};

/// Top-level domains of the US and its territories, and US-only generic ones.
const US_DOMAINS: &[&str] = &["us", "gov", "mil", "edu", "as", "gu", "mp", "pr", "vi", "um"];
/// Country codes mostly sold as generic names; they say nothing about origin.
const GENERIC_COUNTRY_CODES: &[&str] =
    &["io", "co", "me", "tv", "ai", "ly", "fm", "am", "to", "ws", "cc", "nu", "eu", "su", "la", "gg", "sh"];
/// Labels that make a foreign domain official ("polizei.bund.de", "nca.gov.uk").
const OFFICIAL_LABELS: &[&str] = &[
    "gov",
    "gouv",
    "gob",
    "govt",
    "gv",
    "police",
    "polizei",
    "politie",
    "policia",
    "polizia",
    "bund",
    "justice",
    "justiz",
    "interieur",
    "gendarmerie",
    "garda",
    "rcmp-grc",
    "afp",
    "nca",
    "bka",
    "met",
];
/// Police forces and authorities that name their country.
const FORCES: &[(&str, &str)] = &[
    ("bundeskriminalamt", "DE"),
    ("landeskriminalamt", "DE"),
    ("bundespolizei", "DE"),
    ("polizeipräsidium", "DE"),
    ("metropolitan police service", "GB"),
    ("met police", "GB"),
    ("national crime agency", "GB"),
    ("police scotland", "GB"),
    ("city of london police", "GB"),
    ("gendarmerie", "FR"),
    ("gendarmerie nationale", "FR"),
    ("police nationale", "FR"),
    ("royal canadian mounted police", "CA"),
    ("gendarmerie royale du canada", "CA"),
    ("rcmp", "CA"),
    ("ontario provincial police", "CA"),
    ("sûreté du québec", "CA"),
    ("australian federal police", "AU"),
    ("new zealand police", "NZ"),
    ("politie", "NL"),
    ("nationale politie", "NL"),
    ("guardia civil", "ES"),
    ("mossos d'esquadra", "ES"),
    ("carabinieri", "IT"),
    ("polizia di stato", "IT"),
    ("polizia postale", "IT"),
    ("garda síochána", "IE"),
    ("fedpol", "CH"),
    ("bundesamt für polizei", "CH"),
];
const MAX_FORCE_MATCHES: usize = 16;

static FORCE_TABLE: LazyLock<PhraseTable<&'static str>> = LazyLock::new(|| PhraseTable::new(FORCES));

/// What the sender's domain says about origin.
enum DomainOrigin {
    Foreign(Guess<String>),
    UnitedStates,
    Unknown,
}

/// The foreign country a request comes from, if any.
pub(super) fn guess(sources: &[Source<'_>], sender: &Sender<'_>) -> Option<Guess<String>> {
    let named = named_force(sources, sender);
    match domain_origin(sender) {
        DomainOrigin::Foreign(mut from_domain) => {
            match &named {
                Some(force) if force.value == from_domain.value => from_domain.confidence = Confidence::High,
                Some(_) => from_domain.confidence = at_most(from_domain.confidence, Confidence::Medium),
                None => {}
            }
            Some(from_domain)
        }
        DomainOrigin::UnitedStates => named.map(|mut force| {
            force.confidence = Confidence::Low;
            force
        }),
        DomainOrigin::Unknown => named,
    }
}

fn domain_origin(sender: &Sender<'_>) -> DomainOrigin {
    let (Some(domain), Some(evidence)) = (sender.domain(), sender.address_evidence()) else {
        return DomainOrigin::Unknown;
    };
    let labels: Vec<&str> = domain.as_str().split('.').collect();
    let Some((&top, rest)) = labels.split_last() else { return DomainOrigin::Unknown };
    if US_DOMAINS.contains(&top) {
        return DomainOrigin::UnitedStates;
    }
    let is_country_code = top.len() == 2 && top.bytes().all(|byte| byte.is_ascii_lowercase());
    if !is_country_code || GENERIC_COUNTRY_CODES.contains(&top) {
        return if sender.is_law_enforcement() { DomainOrigin::UnitedStates } else { DomainOrigin::Unknown };
    }
    let code = if top == "uk" { "GB".to_owned() } else { top.to_ascii_uppercase() };
    let official = rest.iter().any(|label| OFFICIAL_LABELS.contains(label));
    let confidence = if official { Confidence::High } else { Confidence::Medium };
    DomainOrigin::Foreign(propose(code, evidence, confidence))
}

/// The first foreign force named in the From display name, the subject, the body or an attachment.
fn named_force(sources: &[Source<'_>], sender: &Sender<'_>) -> Option<Guess<String>> {
    let display = sender.name.map(|name| Source::new(Location::Sender, name));
    display.iter().chain(sources).find_map(|source| {
        FORCE_TABLE.find_all(source, MAX_FORCE_MATCHES).into_iter().find_map(|found| {
            (stance(source, found.first, found.last) == Stance::Asserted).then(|| {
                let evidence = source.words_evidence(found.first, found.last);
                propose(found.value.to_owned(), evidence, Confidence::Medium)
            })
        })
    })
}

#[cfg(test)]
mod tests;
