//! The kind of process a message carries, in the transparency-report taxonomy. Statutes and named
//! process outrank supporting phrases, which outrank the bare word "subpoena"; process that is only
//! mentioned ("a search warrant will follow") counts only when nothing is asserted, and then Low.
//! An emergency outranks the preservation request it comes with, a foreign request without an
//! MLAT cue is `other`, and a non-disclosure order is no kind of its own.

mod cues;

use std::sync::LazyLock;

use crate::domain::process_kind::ProcessKind;
use crate::intake::classify::evidence::{at_most, propose};
use crate::intake::classify::kind::cues::{
    COMBINED, Cue, DEFINITIVE, JUDGE_ORDER, PHRASES, PLAIN_SUBPOENA, PRESERVE_REACH, RECORD_WORDS,
    SUPPORTING, citation_kind, is_warrant_citation,
};
use crate::intake::classify::mention::{Stance, stance};
use crate::intake::classify::phrase::PhraseTable;
use crate::intake::classify::source::Source;
use crate::intake::classify::{Confidence, Evidence, Guess, Location};

const MAX_MATCHES: usize = 256;

static TABLE: LazyLock<PhraseTable<Cue>> = LazyLock::new(|| PhraseTable::new(PHRASES));

/// One piece of evidence for a kind.
#[derive(Debug, Clone)]
struct Candidate {
    kind: ProcessKind,
    rank: u8,
    stance: Stance,
    evidence: Evidence,
}

/// Cues that count only in combination, each with the evidence of its first asserted occurrence.
#[derive(Debug, Default)]
struct Combinable {
    civil_case: Option<Evidence>,
    criminal_case: Option<Evidence>,
    warrant: bool,
    rule_41: Option<Evidence>,
    warrant_citation: Option<Evidence>,
    order_language: Option<Evidence>,
    judge: bool,
    asserted_subpoena: bool,
}

/// The kind of process, given the emergency guess, the foreign origin guess and whether a
/// non-disclosure order is present (an NDO alone is not a kind, and refers to other process).
pub(super) fn guess(
    sources: &[Source<'_>],
    emergency: Option<&Guess<bool>>,
    country: Option<&Guess<String>>,
    has_ndo: bool,
) -> Option<Guess<ProcessKind>> {
    let mut candidates = Vec::new();
    let mut combinable = Combinable::default();
    for source in sources {
        collect(source, &mut candidates, &mut combinable);
    }
    add_combinations(&mut candidates, combinable, has_ndo);
    if let Some(emergency) = emergency {
        let in_subject = emergency.evidence.location == Location::Subject;
        let rank = match emergency.confidence {
            Confidence::High if in_subject => DEFINITIVE + 10,
            Confidence::High => DEFINITIVE,
            _ => SUPPORTING,
        };
        candidates.push(Candidate {
            kind: ProcessKind::EmergencyRequest,
            rank,
            stance: Stance::Asserted,
            evidence: emergency.evidence.clone(),
        });
    }
    // An NDO names the process it protects ("the subpoena"): the bare word is not the kind.
    let asserted: Vec<&Candidate> = candidates
        .iter()
        .filter(|candidate| {
            candidate.stance == Stance::Asserted && !(has_ndo && candidate.rank <= PLAIN_SUBPOENA)
        })
        .collect();
    let foreign = country.filter(|country| country.confidence != Confidence::Low);
    if let Some(foreign) = foreign {
        let mlat = asserted.iter().any(|candidate| candidate.kind == ProcessKind::MlatRequest);
        if !mlat && emergency.is_none() {
            return Some(propose(ProcessKind::Other, foreign.evidence.clone(), Confidence::Medium));
        }
    }
    if asserted.is_empty() {
        // An NDO refers to the process it protects; that reference is not the message's kind.
        return if has_ndo {
            None
        } else {
            best(candidates.iter()).map(|found| to_guess(found, Confidence::Low))
        };
    }
    let winner = best(asserted.iter().copied())?;
    if winner.kind == ProcessKind::PreservationRequest && emergency.is_some() {
        let emergency =
            candidates.iter().find(|candidate| candidate.kind == ProcessKind::EmergencyRequest)?;
        return Some(to_guess(emergency, confidence_of(emergency.rank)));
    }
    let contested = asserted.iter().any(|other| {
        let compatible =
            winner.kind == ProcessKind::EmergencyRequest && other.kind == ProcessKind::PreservationRequest;
        other.kind != winner.kind && other.rank >= winner.rank && !compatible
    });
    let confidence = confidence_of(winner.rank);
    Some(to_guess(winner, if contested { at_most(confidence, Confidence::Medium) } else { confidence }))
}

/// The candidates of one text in text order, and its combinable cues.
fn collect(source: &Source<'_>, all: &mut Vec<Candidate>, combinable: &mut Combinable) {
    let mut candidates: Vec<(usize, Candidate)> = Vec::new();
    for found in TABLE.find_all(source, MAX_MATCHES) {
        let stance = stance(source, found.first, found.last);
        if stance == Stance::Denied {
            continue;
        }
        let evidence = || source.words_evidence(found.first, found.last);
        let asserted = stance == Stance::Asserted;
        let remember = |slot: &mut Option<Evidence>| {
            if asserted && slot.is_none() {
                *slot = Some(evidence());
            }
        };
        let (kind, rank) = match found.value {
            Cue::Kind(kind, rank) => (kind, rank),
            Cue::Subpoena => {
                combinable.asserted_subpoena |= asserted;
                (ProcessKind::CriminalSubpoena, PLAIN_SUBPOENA)
            }
            Cue::Preserve if source.near(found.first, found.last, 0, PRESERVE_REACH, RECORD_WORDS) => {
                (ProcessKind::PreservationRequest, SUPPORTING)
            }
            Cue::Preserve => continue,
            Cue::CivilCase => {
                remember(&mut combinable.civil_case);
                continue;
            }
            Cue::CriminalCase => {
                remember(&mut combinable.criminal_case);
                continue;
            }
            Cue::Warrant => {
                combinable.warrant |= asserted;
                continue;
            }
            Cue::Rule41 => {
                remember(&mut combinable.rule_41);
                continue;
            }
            Cue::OrderLanguage => {
                remember(&mut combinable.order_language);
                continue;
            }
            Cue::Judge => {
                combinable.judge |= asserted;
                continue;
            }
        };
        combinable.warrant |= asserted && kind == ProcessKind::SearchWarrant;
        candidates.push((found.first, Candidate { kind, rank, stance, evidence: evidence() }));
    }
    for citation in &source.citations {
        let stance = stance(source, citation.first, citation.last);
        if stance == Stance::Denied {
            continue;
        }
        let evidence = source.evidence(source.start(citation.first), citation.end);
        if is_warrant_citation(citation) {
            if stance == Stance::Asserted && combinable.warrant_citation.is_none() {
                combinable.warrant_citation = Some(evidence);
            }
        } else if let Some(kind) = citation_kind(citation) {
            candidates.push((citation.first, Candidate { kind, rank: DEFINITIVE, stance, evidence }));
        }
    }
    candidates.sort_by_key(|(first, _)| *first);
    all.extend(candidates.into_iter().map(|(_, candidate)| candidate));
}

fn add_combinations(candidates: &mut Vec<Candidate>, combinable: Combinable, has_ndo: bool) {
    let mut add = |kind, rank, evidence: Option<Evidence>| {
        if let Some(evidence) = evidence {
            candidates.push(Candidate { kind, rank, stance: Stance::Asserted, evidence });
        }
    };
    if combinable.asserted_subpoena {
        add(ProcessKind::CivilSubpoena, COMBINED, combinable.civil_case);
        add(ProcessKind::CriminalSubpoena, COMBINED, combinable.criminal_case);
    }
    if combinable.warrant {
        add(ProcessKind::SearchWarrant, COMBINED, combinable.warrant_citation);
        add(ProcessKind::SearchWarrant, SUPPORTING, combinable.rule_41);
    }
    if combinable.judge && !has_ndo {
        add(ProcessKind::OtherCourtOrder, JUDGE_ORDER, combinable.order_language);
    }
}

/// The highest rank, the first among equals.
fn best<'c>(candidates: impl Iterator<Item = &'c Candidate>) -> Option<&'c Candidate> {
    candidates.fold(None, |best: Option<&Candidate>, candidate| match best {
        Some(held) if held.rank >= candidate.rank => Some(held),
        _ => Some(candidate),
    })
}

fn confidence_of(rank: u8) -> Confidence {
    match rank {
        rank if rank >= COMBINED => Confidence::High,
        rank if rank >= JUDGE_ORDER => Confidence::Medium,
        _ => Confidence::Low,
    }
}

fn to_guess(candidate: &Candidate, confidence: Confidence) -> Guess<ProcessKind> {
    propose(candidate.kind, candidate.evidence.clone(), confidence)
}

#[cfg(test)]
mod tests;
