//! The replies lert drafted to the agency, on their case's page: counsel reads each (subject and
//! text, escaped), edits and sends it, or cancels it with a reason; a failed email is retried.

use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::domain::outbox::OutboxStatus;
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::storage::outbox::content;
use crate::web::pages::FieldErrors;
use crate::web::pages::forms::{CaseForm, Refused, confirmed, field};
use crate::workflows::cases::case_id_of;
use crate::workflows::outbox::{DraftEdits, OutboxFilter, cancel, list, load, retry, send_draft};
use crate::workflows::{Actor, WorkflowError};

/// A draft or a failed email of the case, as the page lists it.
#[derive(Debug, Serialize)]
pub struct Reply {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub recipient: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub last_error: Option<String>,
}

/// The case's drafts and failed emails, newest first.
pub fn replies(conn: &mut DbConnection, actor: &Actor, case_id: &str) -> Result<Vec<Reply>, WorkflowError> {
    let filter = OutboxFilter { case_id: Some(case_id.to_owned()), limit: 200, ..OutboxFilter::default() };
    let wanted = [OutboxStatus::Draft.as_str(), OutboxStatus::Failed.as_str()];
    let mut shown = Vec::new();
    for row in list(conn, actor, &filter)?.into_iter().filter(|row| wanted.contains(&row.status.as_str())) {
        let content = content(conn, &row.id)?;
        shown.push(Reply {
            id: row.id,
            kind: row.kind,
            status: row.status,
            recipient: row.recipient,
            subject: content.subject,
            body_text: content.body_text,
            last_error: row.last_error,
        });
    }
    Ok(shown)
}

/// The email, if it belongs to this case (a form only acts on what its page showed).
fn of_case(conn: &mut DbConnection, reference: &CaseReference, id: &str) -> Result<(), WorkflowError> {
    let case_id = case_id_of(conn, reference)?;
    match load(conn, id)?.case_id {
        Some(owner) if owner == case_id => Ok(()),
        _ => Err(WorkflowError::NotFound(format!("case {reference} has no outgoing email {id}"))),
    }
}

/// "Edit and send" a draft.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SendForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body_text: String,
    #[serde(default)]
    pub confirm: String,
}

impl CaseForm for SendForm {
    const NAME: &'static str = "send";
    const ANCHOR: &'static str = "replies";
    const WHAT: &'static str = "send drafted replies";

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
        let mut errors = FieldErrors::new();
        let subject = self.subject.trim();
        if subject.is_empty() || subject.contains(['\r', '\n']) {
            errors.insert("subject", "Write the subject on one line.".to_owned());
        }
        if self.body_text.trim().is_empty() {
            errors.insert("body_text", "Write the reply.".to_owned());
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        confirmed(&self.confirm, "send the reply to the agency")?;
        of_case(conn, reference, &self.id)?;
        // Browsers send a textarea's lines with CRLF; the stored text keeps plain newlines.
        let edits = DraftEdits {
            recipient: None,
            subject: Some(subject.to_owned()),
            body_text: Some(self.body_text.replace("\r\n", "\n")),
        };
        send_draft(conn, state.clock.now(), actor, &self.id, edits)?;
        Ok(())
    }
}

/// "Cancel" a draft or a failed email, with a reason.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CancelForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub confirm: String,
}

impl CaseForm for CancelForm {
    const NAME: &'static str = "cancel";
    const ANCHOR: &'static str = "replies";
    const WHAT: &'static str = "cancel outgoing mail";

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
        if self.reason.trim().is_empty() {
            return Err(field("reason", "Say why it is cancelled."));
        }
        confirmed(&self.confirm, "cancel the email")?;
        of_case(conn, reference, &self.id)?;
        cancel(conn, state.clock.now(), actor, &self.id, &self.reason)?;
        Ok(())
    }
}

/// "Retry" a failed email.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RetryForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub id: String,
}

impl CaseForm for RetryForm {
    const NAME: &'static str = "retry";
    const ANCHOR: &'static str = "replies";
    const WHAT: &'static str = "retry failed mail";

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
        of_case(conn, reference, &self.id)?;
        retry(conn, state.clock.now(), actor, &self.id)?;
        Ok(())
    }
}
