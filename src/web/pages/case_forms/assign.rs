//! "Assign to": the case's assignee by email (empty unassigns), the error beside the field.

use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::web::pages::forms::{CaseForm, Refused, field, optional};
use crate::workflows::cases::assign;
use crate::workflows::{Actor, WorkflowError};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AssignForm {
    #[serde(default)]
    pub csrf: String,
    /// A user's email; empty to unassign.
    #[serde(default)]
    pub assignee: String,
}

impl CaseForm for AssignForm {
    const NAME: &'static str = "assign";
    const ANCHOR: &'static str = "main";
    const WHAT: &'static str = "assign cases";

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
        let assignee = optional(&self.assignee);
        match assign(conn, state.clock.now(), actor, reference, assignee.as_deref()) {
            Ok(()) => Ok(()),
            // Everything the workflow refuses here is about the person named.
            Err(WorkflowError::Invalid(m)) if assignee.is_some() => Err(field("assignee", m)),
            Err(error) => Err(error.into()),
        }
    }
}
