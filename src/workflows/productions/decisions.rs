//! Counsel's standing decisions about a production: produce or withhold each target, produce a
//! category the process does not compel (or withhold one it does), and retrieve logs from
//! backups beyond the lookback window at a recorded cost. Each needs a reason; the latest
//! decision per subject stands and every one is in the audit trail.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use crate::domain::data_category::DataCategory;
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::production_rows::DecisionRow;
use crate::storage::schema::{production_decisions, targets};
use crate::storage::{DbConnection, write_tx};
use crate::workflows::cases::find_open_case;
use crate::workflows::{Actor, WorkflowError};

/// What a decision is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A target of the case, by its id.
    Target(String),
    Category(DataCategory),
    /// Logs and certificate lists older than the lookback window, restored from backups.
    Backups,
}

impl Subject {
    /// `target:<id>`, `category:<name>` or `backups`.
    pub fn parse(value: &str) -> Result<Subject, String> {
        let value = value.trim();
        if value == "backups" {
            return Ok(Subject::Backups);
        }
        if let Some(id) = value.strip_prefix("target:") {
            return Ok(Subject::Target(id.trim().to_owned()));
        }
        if let Some(name) = value.strip_prefix("category:") {
            return DataCategory::parse(name.trim()).map(Subject::Category).map_err(|e| e.to_string());
        }
        Err(format!("subject {value:?} must be target:<target id>, category:<data category> or backups"))
    }

    pub fn key(&self) -> String {
        match self {
            Subject::Target(id) => format!("target:{id}"),
            Subject::Category(category) => format!("category:{}", category.as_str()),
            Subject::Backups => "backups".to_owned(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub subject: Subject,
    pub produce: bool,
    pub reason: String,
    /// The cost of a backup retrieval, in cents (LEGAL.md 7); only for `Backups`.
    pub cost_cents: Option<i64>,
}

const MAX_REASON_CHARS: usize = 2000;

/// Records (or replaces) counsel's decision on one subject.
pub fn decide(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    decision: &Decision,
) -> Result<DecisionRow, WorkflowError> {
    actor.require(actor.role.can_approve(), "decide what a production holds")?;
    let reason = decision.reason.trim();
    if reason.is_empty() {
        return Err(WorkflowError::Invalid("a production decision needs a reason".into()));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(WorkflowError::Invalid(format!(
            "the reason is longer than {MAX_REASON_CHARS} characters"
        )));
    }
    match (&decision.subject, decision.cost_cents) {
        (Subject::Backups, Some(cost)) if cost < 0 => {
            return Err(WorkflowError::Invalid("cost_cents must not be negative".into()));
        }
        (Subject::Backups, _) | (_, None) => {}
        (_, Some(_)) => {
            return Err(WorkflowError::Invalid("cost_cents is recorded only for a backup retrieval".into()));
        }
    }
    write_tx(conn, |conn| {
        let case = find_open_case(conn, reference)?;
        if let Subject::Target(id) = &decision.subject {
            let known: i64 = targets::table
                .filter(targets::id.eq(id))
                .filter(targets::case_id.eq(&case.id))
                .filter(targets::withdrawn_at.is_null())
                .count()
                .get_result(conn)?;
            if known == 0 {
                return Err(WorkflowError::NotFound(format!("case {reference} has no target {id}")));
            }
        }
        let row = DecisionRow {
            case_id: case.id.clone(),
            subject: decision.subject.key(),
            decision: if decision.produce { "produce" } else { "withhold" }.to_owned(),
            reason: reason.to_owned(),
            cost_cents: decision.cost_cents,
            decided_by: actor.label.clone(),
            decided_at: now.naive_utc(),
        };
        let updated = diesel::update(
            production_decisions::table
                .filter(production_decisions::case_id.eq(&row.case_id))
                .filter(production_decisions::subject.eq(&row.subject)),
        )
        .set((
            production_decisions::decision.eq(&row.decision),
            production_decisions::reason.eq(&row.reason),
            production_decisions::cost_cents.eq(row.cost_cents),
            production_decisions::decided_by.eq(&row.decided_by),
            production_decisions::decided_at.eq(row.decided_at),
        ))
        .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(production_decisions::table).values(&row).execute(conn)?;
        }
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "production.decided",
                case_id: Some(&case.id),
                details: json!({
                    "subject": row.subject,
                    "decision": row.decision,
                    "reason": row.reason,
                    "cost_cents": row.cost_cents,
                }),
            },
        )?;
        Ok(row)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_parse_and_print_the_same_way() {
        for text in ["backups", "target:0199-abc", "category:api_logs"] {
            assert_eq!(Subject::parse(text).unwrap().key(), text);
        }
        assert_eq!(Subject::parse(" category: api_logs ").unwrap(), Subject::Category(DataCategory::ApiLogs));
        assert!(Subject::parse("category:everything").is_err());
        assert!(Subject::parse("account:12345").unwrap_err().contains("target:<target id>"));
    }
}
