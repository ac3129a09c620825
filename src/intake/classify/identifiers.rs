//! The targets a request names, found by the domain's `extract_identifiers` in each text, without
//! the sender's own address, the sender's organisation and law-enforcement domains (agents'
//! signatures are not targets). An identifier on a records or target list line, or in an
//! attachment, is High; one in running text is Medium.

mod candidates;

use crate::domain::identifier::{Domain, Identifier, TargetKind, extract_identifiers};
use crate::domain::sufficiency::sender_domain::{
    LawEnforcementDomains, SenderVerdict, classify_sender_domain,
};
use crate::intake::classify::evidence::propose;
use crate::intake::classify::identifiers::candidates::candidate_words;
use crate::intake::classify::sender::Sender;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Evidence, Guess, Location};

/// At most this many identifiers are proposed.
pub(super) const MAX_IDENTIFIERS: usize = 200;
/// Labels that make a line part of a target list ("Account ID: 123", "Target: evil.example").
const LIST_LABELS: &[&str] = &[
    "account",
    "accounts",
    "acct",
    "target",
    "targets",
    "email",
    "e-mail",
    "domain",
    "domains",
    "ip",
    "ips",
    "address",
    "addresses",
    "serial",
    "certificate",
    "identifier",
    "identifiers",
    "user",
    "username",
    "subscriber",
    "selector",
    "selectors",
    "url",
];
const BULLETS: &[char] = &['-', '*', '•', '·', '◦', '▪', '‣', '–'];

/// The identifiers of the message, each target once, in order of first appearance.
pub(super) fn guess(
    sources: &[Source<'_>],
    sender: &Sender<'_>,
    allow: &LawEnforcementDomains,
) -> Vec<Guess<Identifier>> {
    let own_domain = sender.domain().filter(|_| !sender.is_free_mail()).map(Domain::as_str);
    let own_address = sender.address.as_ref().map(|address| address.normalized_for_matching());
    let mut found: Vec<Guess<Identifier>> = Vec::new();
    for source in sources {
        let mut cursor = 0;
        for identifier in extract_identifiers(&candidate_words(source.text)) {
            let (evidence, on_list) = locate(source, &identifier, &mut cursor);
            if is_excluded(&identifier, own_address.as_deref(), own_domain, allow) {
                continue;
            }
            let in_attachment = matches!(source.location, Location::Attachment { .. });
            let confidence = if on_list || in_attachment { Confidence::High } else { Confidence::Medium };
            if let Some(seen) = found.iter_mut().find(|seen| seen.value.same_target(&identifier)) {
                if confidence == Confidence::High && seen.confidence != Confidence::High {
                    seen.evidence = evidence;
                    seen.confidence = confidence;
                }
            } else if found.len() < MAX_IDENTIFIERS {
                found.push(propose(identifier, evidence, confidence));
            }
        }
        let settled =
            found.len() == MAX_IDENTIFIERS && found.iter().all(|seen| seen.confidence == Confidence::High);
        if settled {
            break;
        }
    }
    found
}

/// The evidence of an identifier and whether its line is a list line. Identifiers come in order of
/// first appearance, so each is searched from where the previous one was found.
fn locate(source: &Source<'_>, identifier: &Identifier, cursor: &mut usize) -> (Evidence, bool) {
    let raw = identifier.raw();
    let at = source.text.get(*cursor..).and_then(|rest| rest.find(raw)).map(|offset| *cursor + offset);
    let Some(at) = at else {
        return (source.evidence_of(raw), false);
    };
    *cursor = at;
    (source.evidence(at, at + raw.len()), is_list_line(source, at))
}

/// A bulleted or numbered line, a line labelled as a target, or a line after "the following".
fn is_list_line(source: &Source<'_>, at: usize) -> bool {
    let Some((start, _)) = source.line_at(at) else { return false };
    let line_start = source.text[start..].trim_start();
    let before = source.text[start..at].to_ascii_lowercase();
    let bulleted = line_start.starts_with(BULLETS) || is_numbered(line_start);
    let labelled = before.contains(':')
        && before.split(|c: char| !c.is_alphanumeric() && c != '-').any(|word| LIST_LABELS.contains(&word));
    let previous_line = source.text[..start].trim_end();
    let after_intro = previous_line.ends_with(':')
        && source
            .line_text(previous_line.len())
            .is_some_and(|line| line.to_ascii_lowercase().contains("following"));
    bulleted || labelled || after_intro || before.contains("the following")
}

/// "1. ", "2) ", "(a) ", "a. ".
fn is_numbered(line: &str) -> bool {
    let line = line.strip_prefix('(').unwrap_or(line);
    let marker = line.chars().take_while(char::is_ascii_alphanumeric).count();
    let numbered = line.chars().take(marker).all(|c| c.is_ascii_digit()) || marker == 1;
    marker > 0 && marker <= 3 && numbered && line[marker..].starts_with(['.', ')'])
}

fn is_excluded(
    identifier: &Identifier,
    own_address: Option<&str>,
    own_domain: Option<&str>,
    allow: &LawEnforcementDomains,
) -> bool {
    let normalized = identifier.normalized();
    let domain = match identifier.kind() {
        TargetKind::Email => {
            if own_address == Some(normalized) {
                return true;
            }
            normalized.rsplit_once('@').map(|(_, domain)| domain)
        }
        TargetKind::Domain => Some(normalized),
        _ => None,
    };
    let Some(domain) = domain else { return false };
    let in_own_domain = own_domain.is_some_and(|own| is_within(domain, own));
    // Only a listed suffix or the `.us` state pattern can make a domain law enforcement; checking
    // that first spares parsing every target domain again.
    let may_be_law_enforcement =
        domain.ends_with(".us") || allow.suffixes().iter().any(|suffix| is_within(domain, suffix));
    let law_enforcement = may_be_law_enforcement
        && Domain::parse(domain).is_ok_and(|parsed| {
            matches!(classify_sender_domain(&parsed, allow), SenderVerdict::LawEnforcement { .. })
        });
    in_own_domain || law_enforcement
}

/// `name` is `suffix` or a subdomain of it.
fn is_within(name: &str, suffix: &str) -> bool {
    name == suffix || name.strip_suffix(suffix).is_some_and(|head| head.ends_with('.'))
}

#[cfg(test)]
mod tests;
