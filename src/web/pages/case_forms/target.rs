//! Targets from the dashboard: add one to a case (kind and identifier, checked by the API's own
//! `TargetRequest`), read several off a textarea for a new case, and record the subscriber's
//! contact email for notices.

use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::domain::identifier::{Identifier, TargetKind};
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::web::api::inputs::TargetRequest;
use crate::web::pages::forms::{CaseForm, Refused, field, optional};
use crate::workflows::Actor;
use crate::workflows::targets::{add_target, set_contact_email};

/// One identifier of a kind, or why not.
fn identifier(kind: &str, value: &str) -> Result<Identifier, String> {
    let kind = TargetKind::parse(kind).map_err(|e| e.to_string())?;
    TargetRequest { kind, value: value.to_owned() }.parse().map_err(|e| e.to_string())
}

/// Targets one per line, `kind identifier` (e.g. `domain example.com`); blank lines are skipped.
/// The error names the line.
pub fn parse_lines(text: &str) -> Result<Vec<Identifier>, String> {
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect();
    if lines.len() > 1000 {
        return Err("At most 1000 targets at once.".to_owned());
    }
    lines
        .into_iter()
        .map(|(number, line)| {
            let (kind, value) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            identifier(kind, value.trim()).map_err(|e| format!("Line {number}: {e}"))
        })
        .collect()
}

/// "Add a target".
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TargetForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub value: String,
}

impl CaseForm for TargetForm {
    const NAME: &'static str = "target";
    const ANCHOR: &'static str = "targets";
    const WHAT: &'static str = "add targets";

    fn allowed(role: Role) -> bool {
        role.can_edit_cases()
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
        if TargetKind::parse(&self.kind).is_err() {
            return Err(field("kind", "Choose the kind of identifier."));
        }
        let target = identifier(&self.kind, &self.value).map_err(|e| field("value", e))?;
        add_target(conn, state.clock.now(), &state.clocks, actor, reference, &target)?;
        Ok(())
    }
}

/// The subscriber's contact email behind a target (empty clears it).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ContactForm {
    #[serde(default)]
    pub csrf: String,
    /// The target's id.
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub contact_email: String,
}

impl CaseForm for ContactForm {
    const NAME: &'static str = "contact";
    const ANCHOR: &'static str = "targets";
    const WHAT: &'static str = "record subscriber contacts";

    fn allowed(role: Role) -> bool {
        role.can_edit_cases()
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
        let contact = optional(&self.contact_email);
        if let Some(address) = &contact
            && let Err(error) = crate::domain::email_address::EmailAddress::parse(address)
        {
            return Err(field("contact_email", error.to_string()));
        }
        let now = state.clock.now();
        set_contact_email(conn, now, &state.clocks, actor, reference, &self.target, contact.as_deref())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_give_targets_and_a_bad_line_is_named() {
        let targets = parse_lines("domain example.com\n\n  email a@example.org  \n").unwrap();
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[0].kind(), TargetKind::Domain);
        assert!(parse_lines("domain example.com\nplanet mars").unwrap_err().starts_with("Line 2:"));
        assert!(parse_lines("email").unwrap_err().starts_with("Line 1:"));
        assert!(parse_lines("").unwrap().is_empty());
    }
}
