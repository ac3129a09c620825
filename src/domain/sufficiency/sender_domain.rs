//! Whether a request's sender domain belongs to law enforcement, is free mail, or imitates a
//! government name, so intake flags the fake subpoenas sent from look-alike and free mailboxes
//! (LEGAL.md 2). A good verdict is evidence, not proof: police mailboxes do get hacked.

use serde::Serialize;

use crate::domain::identifier::Domain;

/// Suffixes that are law enforcement wherever they appear at the end of a domain.
const BUILT_IN_SUFFIXES: [&str; 5] = ["gov", "mil", "fed.us", "police.uk", "pnn.police.uk"];

/// US states, the District of Columbia and the territories, as used in the RFC 1480 `.us` locality
/// names (`state.ny.us`, `ci.boston.ma.us`, `co.fairfax.va.us`).
const US_STATE_CODES: [&str; 56] = [
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky",
    "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd",
    "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc",
    "as", "gu", "mp", "pr", "vi",
];

/// RFC 1480 branches under a state that hold schools, libraries, museums and general independent
/// entities rather than government agencies (`k12.ny.us`, `lib.ca.us`, `gen.tx.us`).
const US_NON_AGENCY_BRANCHES: [&str; 6] = ["k12", "cc", "tec", "lib", "mus", "gen"];

/// Free mail providers: anyone can open a mailbox there, so they never prove an agency.
const FREE_MAIL: [&str; 19] = [
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.net",
    "mail.com",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
    "qq.com",
    "163.com",
];

/// Words that make a name look official, and what they make it look like.
const OFFICIAL_WORDS: [(&str, &str); 4] =
    [("gov", "government"), ("govt", "government"), ("mil", "military"), ("police", "police")];

/// The domains lert accepts as law enforcement.
///
/// The default is the suffixes `gov`, `mil`, `fed.us`, `police.uk` and `pnn.police.uk`, plus the
/// US state and local pattern: a domain of at least three labels ending in `.<st>.us`, where
/// `<st>` is a state, DC or territory code, except under the school, library, museum and general
/// branches `k12`, `cc`, `tec`, `lib`, `mus` and `gen` (RFC 1480). Agencies elsewhere (a city's
/// `.org`, a sheriff's `.com`) are added from configuration with [`LawEnforcementDomains::with_extra`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawEnforcementDomains {
    suffixes: Vec<String>,
}

impl Default for LawEnforcementDomains {
    fn default() -> LawEnforcementDomains {
        LawEnforcementDomains {
            suffixes: BUILT_IN_SUFFIXES.iter().map(|&suffix| suffix.to_owned()).collect(),
        }
    }
}

impl LawEnforcementDomains {
    /// The default list plus curated suffixes from configuration (`sheriff.example-county.org`).
    /// Each is trimmed, lower-cased, stripped of leading dots and `*.`, and converted to punycode;
    /// configuration loading is where a malformed entry is refused.
    pub fn with_extra(extra: impl IntoIterator<Item = String>) -> LawEnforcementDomains {
        let mut domains = LawEnforcementDomains::default();
        for suffix in extra {
            let trimmed = suffix.trim().trim_start_matches("*.").trim_matches('.').to_lowercase();
            let ascii = idna::domain_to_ascii(&trimmed).unwrap_or(trimmed);
            if !ascii.is_empty() && !domains.suffixes.contains(&ascii) {
                domains.suffixes.push(ascii);
            }
        }
        domains
    }

    /// The listed suffixes (the US state pattern is built in and not listed).
    pub fn suffixes(&self) -> &[String] {
        &self.suffixes
    }

    /// The longest listed suffix `name` ends in, or the `<st>.us` of the state pattern.
    fn matching(&self, name: &str) -> Option<String> {
        let listed =
            self.suffixes.iter().filter(|suffix| ends_with_suffix(name, suffix)).max_by_key(|s| s.len());
        listed.cloned().or_else(|| us_state_locality(name))
    }
}

/// What the sender's domain says about who sent the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum SenderVerdict {
    /// Ends in `matched`, a law-enforcement suffix (`gov`, `ny.us` for the state pattern).
    LawEnforcement { matched: String },
    /// A free mail provider.
    FreeMail,
    /// Imitates an official name: `resembles` is what a reader might take it for, `why` completes
    /// "sender domain fbi-gov.com ..." (`looks like a government domain but is not one (it ends in .com)`).
    LookAlike { resembles: String, why: String },
    /// None of the above: not on the list.
    Unrecognised,
}

/// Classifies a sender's domain. Punycode labels outside the matched law-enforcement suffix are
/// look-alikes (they can imitate ASCII letters); so are names with `gov`, `govt`, `mil` or
/// `police` as a label or hyphenated part, or `gov`, `govt` or `police` ending a label, that do not
/// end in an allowed suffix. A foreign government name (`nca.gov.uk`: the word followed only by a
/// country code other than `us`) is not a look-alike; it is simply not on the list.
pub fn classify_sender_domain(domain: &Domain, allow: &LawEnforcementDomains) -> SenderVerdict {
    let name = domain.as_str().trim_start_matches("*.");
    let matched = allow.matching(name);
    let unmatched_part = match &matched {
        Some(suffix) if suffix.len() < name.len() => &name[..name.len() - suffix.len() - 1],
        Some(_) => "",
        None => name,
    };
    if unmatched_part.split('.').any(|label| label.starts_with("xn--")) {
        let (shown, _) = idna::domain_to_unicode(name);
        let why = format!(
            "uses an internationalised (punycode) name, shown as {shown}, which can imitate a familiar one"
        );
        return SenderVerdict::LookAlike { resembles: shown, why };
    }
    if let Some(matched) = matched {
        return SenderVerdict::LawEnforcement { matched };
    }
    if FREE_MAIL.iter().any(|free| ends_with_suffix(name, free)) {
        return SenderVerdict::FreeMail;
    }
    look_alike(name).unwrap_or(SenderVerdict::Unrecognised)
}

fn look_alike(name: &str) -> Option<SenderVerdict> {
    let labels: Vec<&str> = name.split('.').collect();
    let last = labels.len() - 1;
    for (index, label) in labels.iter().enumerate().take(last) {
        let rest = labels[index + 1..].join(".");
        let before = labels[..index].join(".");
        let prefixed = |tail: String| if before.is_empty() { tail } else { format!("{before}.{tail}") };
        for (word, kind) in OFFICIAL_WORDS {
            let not_one = |place: String| format!("looks like a {kind} domain but is not one ({place})");
            if *label == word {
                if index + 1 == last && is_foreign_country_code(labels[last]) {
                    return None;
                }
                let place = if index + 1 == last {
                    format!("it ends in .{rest}")
                } else {
                    format!("it is a subdomain of {rest}")
                };
                return Some(SenderVerdict::LookAlike {
                    resembles: prefixed(word.to_owned()),
                    why: not_one(place),
                });
            }
            let hyphenated = label.split('-').any(|part| part == word);
            let word_ending = word != "mil" && label.len() > word.len() && label.ends_with(word);
            if hyphenated || word_ending {
                let spelled = if hyphenated {
                    label.replace('-', ".")
                } else {
                    format!("{}.{word}", &label[..label.len() - word.len()])
                };
                let why = not_one(format!("it ends in .{rest}"));
                return Some(SenderVerdict::LookAlike { resembles: prefixed(spelled), why });
            }
        }
    }
    None
}

/// `name` is `suffix` or a subdomain of it.
fn ends_with_suffix(name: &str, suffix: &str) -> bool {
    name == suffix || name.strip_suffix(suffix).is_some_and(|head| head.ends_with('.'))
}

/// The `<st>.us` a US state or local government name ends in, per the documented pattern.
fn us_state_locality(name: &str) -> Option<String> {
    let labels: Vec<&str> = name.rsplit('.').collect();
    match labels.as_slice() {
        ["us", state, branch, ..]
            if US_STATE_CODES.contains(state) && !US_NON_AGENCY_BRANCHES.contains(branch) =>
        {
            Some(format!("{state}.us"))
        }
        _ => None,
    }
}

fn is_foreign_country_code(label: &str) -> bool {
    label.len() == 2 && label.bytes().all(|byte| byte.is_ascii_lowercase()) && label != "us"
}

#[cfg(test)]
mod tests;
