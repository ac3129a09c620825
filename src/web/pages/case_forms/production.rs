//! Counsel's production forms on the case page: a decision about one target, data category or
//! backup retrieval (produce or withhold, with a reason; a retrieval with its cost), and a
//! recorded delivery of a version (the first one marks the case produced, so it is confirmed).

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::web::pages::FieldErrors;
use crate::web::pages::forms::{CaseForm, Refused, confirmed, optional};
use crate::workflows::Actor;
use crate::workflows::productions::decisions::{Decision, Subject, decide};
use crate::workflows::productions::delivery::{METHODS, NewDelivery, record_delivery};

/// "Decide": produce or withhold one subject.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DecideForm {
    #[serde(default)]
    pub csrf: String,
    /// `target:<id>`, `category:<name>` or `backups`.
    #[serde(default)]
    pub subject: String,
    /// produce or withhold.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    /// A backup retrieval's cost in dollars and cents, e.g. 1250.00.
    #[serde(default)]
    pub cost: String,
}

/// Dollars as typed ("1,250.5") in cents.
fn cents(text: &str) -> Option<i64> {
    let text = text.trim().trim_start_matches('$').replace(',', "");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !(whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let fraction = format!("{fraction:0<2}");
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(fraction.parse::<i64>().ok()?)
}

impl DecideForm {
    fn parse(&self) -> Result<Decision, FieldErrors> {
        let mut errors = FieldErrors::new();
        let subject = Subject::parse(&self.subject).map_err(|e| errors.insert("subject", e)).ok();
        let produce = match self.decision.as_str() {
            "produce" => Some(true),
            "withhold" => Some(false),
            _ => {
                errors.insert("decision", "Choose produce or withhold.".to_owned());
                None
            }
        };
        let reason = self.reason.trim().to_owned();
        if reason.is_empty() {
            errors.insert("reason", "Give the reason for the decision.".to_owned());
        }
        let cost_cents = match (optional(&self.cost), &subject) {
            (None, _) => None,
            (Some(cost), Some(Subject::Backups)) => cents(&cost).or_else(|| {
                errors.insert("cost", "Enter an amount such as 1250.00.".to_owned());
                None
            }),
            (Some(_), _) => {
                errors.insert("cost", "A cost is recorded only for a backup retrieval.".to_owned());
                None
            }
        };
        match (subject, produce) {
            (Some(subject), Some(produce)) if errors.is_empty() => {
                Ok(Decision { subject, produce, reason, cost_cents })
            }
            _ => Err(errors),
        }
    }
}

impl CaseForm for DecideForm {
    const NAME: &'static str = "decide";
    const ANCHOR: &'static str = "productions";
    const WHAT: &'static str = "decide what a production holds";

    fn allowed(role: Role) -> bool {
        role.can_approve()
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }

    fn submit(
        &self,
        conn: &mut DbConnection,
        state: &AppState,
        actor: &Actor,
        reference: &CaseReference,
    ) -> Result<(), Refused> {
        let decision = self.parse()?;
        decide(conn, state.clock.now(), actor, reference, &decision)?;
        Ok(())
    }
}

/// "Record a delivery" of a production version.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DeliveryForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub recipient: String,
    /// Local time as a datetime input sends it (`2026-06-01T14:30`); empty is now.
    #[serde(default)]
    pub delivered_at: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub confirm: String,
}

impl DeliveryForm {
    fn parse(&self, tz: chrono_tz::Tz) -> Result<(i32, NewDelivery), FieldErrors> {
        let mut errors = FieldErrors::new();
        let version = self
            .version
            .trim()
            .parse::<i32>()
            .map_err(|_| errors.insert("version", "Choose a version.".into()));
        if !METHODS.contains(&self.method.as_str()) {
            errors.insert("method", "Choose how it was delivered.".to_owned());
        }
        let recipient = self.recipient.trim();
        if recipient.is_empty() || recipient.chars().count() > 500 {
            errors.insert("recipient", "Say who received it (at most 500 characters).".to_owned());
        }
        let delivered_at = match optional(&self.delivered_at) {
            None => None,
            Some(text) => local_time(&text, tz).or_else(|| {
                errors.insert("delivered_at", "Enter a date and time such as 2026-06-01 14:30.".to_owned());
                None
            }),
        };
        if self.note.trim().chars().count() > 2000 {
            errors.insert("note", "At most 2000 characters.".to_owned());
        }
        match version {
            Ok(version) if errors.is_empty() => Ok((
                version,
                NewDelivery {
                    method: self.method.clone(),
                    recipient: recipient.to_owned(),
                    delivered_at,
                    note: optional(&self.note),
                },
            )),
            _ => Err(errors),
        }
    }
}

/// A wall-clock time in the organisation's zone (a datetime input has none of its own).
pub fn local_time(text: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let text = text.trim().replace(' ', "T");
    let naive = NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    tz.from_local_datetime(&naive).earliest().map(|at| at.with_timezone(&Utc))
}

impl CaseForm for DeliveryForm {
    const NAME: &'static str = "delivery";
    const ANCHOR: &'static str = "productions";
    const WHAT: &'static str = "record deliveries";

    fn allowed(role: Role) -> bool {
        role.can_approve()
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }

    fn submit(
        &self,
        conn: &mut DbConnection,
        state: &AppState,
        actor: &Actor,
        reference: &CaseReference,
    ) -> Result<(), Refused> {
        let (version, delivery) = self.parse(state.clocks.tz)?;
        confirmed(&self.confirm, "record the delivery (the case is then produced)")?;
        record_delivery(conn, state.clock.now(), &state.clocks, actor, reference, version, &delivery)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_are_read_as_dollars_and_cents() {
        assert_eq!(cents("1250"), Some(125_000));
        assert_eq!(cents("$1,250.5"), Some(125_050));
        assert_eq!(cents("0.07"), Some(7));
        for bad in ["", "ten", "1.234", "-5", "1.2.3"] {
            assert_eq!(cents(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_decision_names_each_bad_field() {
        let form = DecideForm {
            subject: "category:api_logs".into(),
            decision: "produce".into(),
            reason: "compelled".into(),
            ..DecideForm::default()
        };
        assert!(form.parse().unwrap().produce);
        let bad = DecideForm { subject: "planet".into(), cost: "5".into(), ..DecideForm::default() };
        let errors = bad.parse().unwrap_err();
        assert_eq!(errors.keys().copied().collect::<Vec<_>>(), ["cost", "decision", "reason", "subject"]);
        let backups = DecideForm {
            subject: "backups".into(),
            decision: "produce".into(),
            reason: "r".into(),
            cost: "12.50".into(),
            ..DecideForm::default()
        };
        assert_eq!(backups.parse().unwrap().cost_cents, Some(1250));
    }

    #[test]
    fn delivery_times_are_local() {
        let at = local_time("2026-06-01T14:30", chrono_tz::America::New_York).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-06-01T18:30:00+00:00");
        assert!(local_time("yesterday", chrono_tz::UTC).is_none());
    }
}
