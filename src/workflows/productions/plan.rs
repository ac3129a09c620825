//! Deciding what a bundle holds from the case and counsel's decisions, before any record is read:
//! which process it answers, which targets are produced and which withheld, which categories the
//! process compels (LEGAL.md 1), and the window logs and certificate lists are clamped to
//! (LEGAL.md 4). Pure, so the rules are tested without a database.

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::domain::compulsion::{Compulsion, TierPolicy, compulsion};
use crate::domain::data_category::DataCategory;
use crate::domain::identifier::{Identifier, TargetKind};
use crate::domain::lookback::{anchor, log_window};
use crate::domain::process_kind::ProcessKind;
use crate::domain::production_scope::{CategoryGate, CategoryOverride, TimeWindow, gate_categories};
use crate::pdf;
use crate::storage::production_rows::DecisionRow;
use crate::storage::rows::TargetRow;
use crate::workflows::WorkflowError;
use crate::workflows::clocks::derive::{CaseFacts, ProcessFacts};
use crate::workflows::productions::decisions::Subject;

pub struct PlanInputs<'a> {
    pub facts: &'a CaseFacts,
    pub targets: &'a [TargetRow],
    pub decisions: &'a [DecisionRow],
    pub policy: &'a TierPolicy,
    pub today: NaiveDate,
    pub tz: Tz,
}

/// What a bundle will hold, decided.
#[derive(Debug, Clone)]
pub struct Plan {
    pub process: pdf::LegalProcess,
    pub process_kind: ProcessKind,
    pub agent: String,
    pub identifiers: Vec<Identifier>,
    /// Targets counsel withheld: (what, reason).
    pub withheld_targets: Vec<(String, String)>,
    pub gate: CategoryGate,
    /// The clamp on logs and certificate lists, with its first and last day; `None` when neither
    /// is produced, or counsel recorded a backup retrieval and the agency named no period.
    pub window: Option<(TimeWindow, NaiveDate, NaiveDate)>,
    pub backup_retrieval: bool,
}

pub fn plan(inputs: &PlanInputs<'_>) -> Result<Plan, WorkflowError> {
    let facts = inputs.facts;
    let main = answered_process(&facts.processes)?;
    let decisions: HashMap<&str, &DecisionRow> =
        inputs.decisions.iter().map(|d| (d.subject.as_str(), d)).collect();
    let withheld_reason =
        |subject: &str| decisions.get(subject).filter(|d| d.decision == "withhold").map(|d| d.reason.clone());

    if inputs.targets.is_empty() {
        return Err(WorkflowError::Invalid("the case has no targets; add the identifiers to produce".into()));
    }
    let mut identifiers = Vec::new();
    let mut withheld_targets = Vec::new();
    for target in inputs.targets {
        match withheld_reason(&Subject::Target(target.id.clone()).key()) {
            Some(reason) => withheld_targets.push((describe_target(target), reason)),
            None => identifiers.push(parse_target(target)?),
        }
    }

    let disclosing: Vec<&ProcessFacts> =
        facts.processes.iter().filter(|p| p.kind != ProcessKind::PreservationRequest).collect();
    let kinds: Vec<ProcessKind> = disclosing.iter().map(|p| p.kind).collect();
    let requested: Vec<DataCategory> = DataCategory::ALL
        .into_iter()
        .filter(|c| disclosing.iter().any(|p| p.categories.contains(c)))
        .collect();
    let overrides: Vec<CategoryOverride> = inputs
        .decisions
        .iter()
        .filter(|d| d.decision == "produce")
        .filter_map(|d| match Subject::parse(&d.subject) {
            Ok(Subject::Category(category)) => Some(CategoryOverride { category, reason: d.reason.clone() }),
            _ => None,
        })
        .collect();
    let mut gate = gate_categories(inputs.policy, &kinds, &requested, &overrides);
    gate.produced.retain(|category| match withheld_reason(&Subject::Category(*category).key()) {
        Some(reason) => {
            gate.withheld.push((*category, format!("withheld by counsel: {reason}")));
            false
        }
        None => true,
    });

    let backup_retrieval =
        decisions.get(Subject::Backups.key().as_str()).is_some_and(|d| d.decision == "produce");
    let windowed =
        gate.produced.iter().any(|c| matches!(c, DataCategory::ApiLogs | DataCategory::Certificates));
    let window = if windowed { clamp(facts, main, backup_retrieval, inputs.today, inputs.tz) } else { None };

    let received = main.received_on;
    Ok(Plan {
        process: pdf::LegalProcess {
            kind: main.kind.label().to_owned(),
            docket: main.docket_number.clone().unwrap_or_default(),
            issued: main.issued_on.unwrap_or(received),
            served: main.served_on.unwrap_or(received),
        },
        process_kind: main.kind,
        agent: main.agent_name.clone().unwrap_or_default(),
        identifiers,
        withheld_targets,
        gate,
        window,
        backup_retrieval,
    })
}

/// The process the production answers: the one compelling the most, the first of equals; an
/// emergency request when nothing compels (disclosure is then voluntary, 2702(b)(8)).
fn answered_process(processes: &[ProcessFacts]) -> Result<&ProcessFacts, WorkflowError> {
    let mut best: Option<(&ProcessFacts, Option<crate::domain::compulsion::Tier>)> = None;
    for process in processes {
        let rank = match compulsion(process.kind) {
            Compulsion::Compels(tier) => Some(tier),
            Compulsion::Voluntary => None,
            Compulsion::PreservesOnly | Compulsion::NoDisclosure => continue,
        };
        if best.is_none_or(|(_, held)| rank > held) {
            best = Some((process, rank));
        }
    }
    best.map(|(process, _)| process).ok_or_else(|| {
        WorkflowError::Conflict(
            "no process on the case calls for disclosure (a preservation request only preserves; an MLAT \
             request is answered through US process); record the legal process first"
                .into(),
        )
    })
}

/// Logs and certificate lists: from the first day still active (90 days before the request, or
/// before the earliest preservation that froze them) unless counsel recorded a backup
/// retrieval, never before the first day the agency asked for; up to the day the process
/// arrived, or the last day the agency asked for if earlier.
fn clamp(
    facts: &CaseFacts,
    main: &ProcessFacts,
    backup_retrieval: bool,
    today: NaiveDate,
    tz: Tz,
) -> Option<(TimeWindow, NaiveDate, NaiveDate)> {
    let active = log_window(anchor(main.received_on, facts.anchoring_preservation(main.received_on)), today);
    let first = match (backup_retrieval, main.requested_from) {
        (true, None) => return None,
        (true, Some(asked)) => asked,
        (false, Some(asked)) => asked.max(active.first_available),
        (false, None) => active.first_available,
    };
    // The process reaches records that exist when it arrives: later ones would be prospective
    // collection, which takes a pen register or wiretap order, not this process.
    let received = main.received_on.min(today);
    let last = main.requested_to.map_or(received, |asked| asked.min(received));
    // A period that ends before it starts produces nothing: an empty window.
    let window = if first <= last {
        TimeWindow::of_days(first, last, tz)
    } else {
        let empty = TimeWindow::of_days(first, first, tz);
        TimeWindow { from: empty.from, until: empty.from }
    };
    Some((window, first, last))
}

fn parse_target(target: &TargetRow) -> Result<Identifier, WorkflowError> {
    let kind = TargetKind::parse(&target.kind).map_err(WorkflowError::corrupt)?;
    Identifier::parse(kind, &target.raw).map_err(WorkflowError::corrupt)
}

fn describe_target(target: &TargetRow) -> String {
    format!("{} {}", target.kind.replace('_', " "), target.raw)
}

#[cfg(test)]
mod tests;
