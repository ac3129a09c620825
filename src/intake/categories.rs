//! Which categories of records a request asks for (subscriber data, API logs, certificates,
//! contents), read from its wording, so the lookback and the tier gating apply from intake on.

use super::classify::{Confidence, Evidence, Guess, Location};
use crate::domain::data_category::DataCategory;

/// Phrases (lower case) that name each category. A bare "contents" is too common in
/// confidentiality boilerplate to count.
const CUES: &[(DataCategory, &[&str])] = &[
    (
        DataCategory::AccountRegistration,
        &[
            "subscriber information",
            "basic subscriber",
            "account information",
            "registration date",
            "registration ip",
            "account registration",
            "account creation",
            "2703(c)(2)",
        ],
    ),
    (
        DataCategory::ContactEmail,
        &[
            "contact email",
            "contact e-mail",
            "email address associated",
            "e-mail address associated",
            "email addresses associated",
        ],
    ),
    (
        DataCategory::ApiLogs,
        &[
            "api log",
            "transaction log",
            "api transaction",
            "access log",
            "ip address log",
            "ip logs",
            "connection log",
            "session times",
            "login history",
            "request logs",
        ],
    ),
    (
        DataCategory::Certificates,
        &[
            "certificates issued",
            "issued certificates",
            "certificate issued",
            "list of certificates",
            "all certificates",
        ],
    ),
    (
        DataCategory::Contents,
        &[
            "stored contents",
            "contents of the account",
            "contents of any",
            "content of communications",
            "contents of communications",
        ],
    ),
];
/// Characters of context kept either side of a cue in the evidence.
const CONTEXT_CHARS: usize = 40;

/// Each category the texts ask for, once, with where it was first named.
pub fn guess_categories(texts: &[(Location, &str)]) -> Vec<Guess<DataCategory>> {
    let mut found = Vec::new();
    for (category, cues) in CUES {
        'texts: for (location, text) in texts {
            let lower = text.to_lowercase();
            for cue in *cues {
                if let Some(at) = affirmed(&lower, cue) {
                    found.push(Guess {
                        value: *category,
                        evidence: Evidence {
                            phrase: excerpt(&lower, at, cue.len()),
                            location: location.clone(),
                        },
                        confidence: Confidence::Medium,
                    });
                    break 'texts;
                }
            }
        }
    }
    found
}

/// Where `cue` first appears without a negation just before it ("does not seek the contents of
/// any communication").
fn affirmed(text: &str, cue: &str) -> Option<usize> {
    text.match_indices(cue).map(|(at, _)| at).find(|&at| {
        let before: String =
            text[..at].chars().rev().take(NEGATION_WINDOW).collect::<Vec<_>>().into_iter().rev().collect();
        !NEGATIONS.iter().any(|negation| before.contains(negation))
    })
}

/// Words that, shortly before a cue, say the request does not want that category.
const NEGATIONS: [&str; 5] = ["not ", "no ", "without ", "exclud", "other than "];
const NEGATION_WINDOW: usize = 30;

/// The cue with some words around it, whitespace collapsed, cut on character boundaries.
fn excerpt(text: &str, at: usize, len: usize) -> String {
    let before: String =
        text[..at].chars().rev().take(CONTEXT_CHARS).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at + len..].chars().take(CONTEXT_CHARS).collect();
    let joined = format!("{before}{}{after}", &text[at..at + len]);
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_2703d_order_for_logs_and_certificates() {
        let text = "all API transaction logs for the account, and a list of certificates issued to it";
        let found = guess_categories(&[(Location::Body, text)]);
        let categories: Vec<DataCategory> = found.iter().map(|g| g.value).collect();
        assert_eq!(categories, [DataCategory::ApiLogs, DataCategory::Certificates]);
        assert!(found[0].evidence.phrase.contains("api transaction logs"));
    }

    #[test]
    fn a_negated_category_is_not_requested() {
        let text =
            "the account registration date. This subpoena does not seek the contents of any communication.";
        let found = guess_categories(&[(Location::Body, text)]);
        let categories: Vec<DataCategory> = found.iter().map(|g| g.value).collect();
        assert_eq!(categories, [DataCategory::AccountRegistration]);
    }

    #[test]
    fn confidentiality_boilerplate_is_not_a_request_for_contents() {
        let text = "The contents of this email are confidential. Basic subscriber information only.";
        let found = guess_categories(&[(Location::Body, text)]);
        let categories: Vec<DataCategory> = found.iter().map(|g| g.value).collect();
        assert_eq!(categories, [DataCategory::AccountRegistration]);
    }
}
