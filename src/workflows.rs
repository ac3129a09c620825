//! The operations lert performs, shared by the API, the CLI and (later) intake and the scheduler.
//!
//! Each public function is one write transaction that also appends its audit event, so a change
//! and its record commit together or not at all.

pub mod accounts;
pub mod agencies;
pub mod agency_mail;
pub mod attention;
pub mod calendar;
pub mod cases;
pub mod clocks;
pub mod documents;
pub mod guesses;
pub mod ndos;
pub mod notices;
pub mod outbox;
pub mod preservations;
pub mod processes;
pub mod productions;
pub mod signin;
pub mod targets;
pub mod team_mail;
pub mod users;

use crate::domain::role::Role;
use crate::storage::StorageError;
use crate::storage::blobs::BlobError;

/// Who is acting: a signed-in user, an API token's owner, or lert itself.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<String>,
    /// What the audit trail records: the user's email, or `system:<what>`.
    pub label: String,
    pub role: Role,
}

impl Actor {
    /// lert acting on its own behalf (CLI administration, demo data, scheduled work).
    pub fn system(what: &str) -> Actor {
        Actor { user_id: None, label: format!("system:{what}"), role: Role::Admin }
    }

    pub fn require(&self, allowed: bool, what: &str) -> Result<(), WorkflowError> {
        if allowed {
            Ok(())
        } else {
            Err(WorkflowError::Forbidden(format!("your role ({}) may not {what}", self.role.as_str())))
        }
    }
}

/// Errors a workflow reports. The first four are the caller's to fix and their messages are
/// safe to show; the rest are lert's and are logged, not shown.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Forbidden(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error(transparent)]
    Render(#[from] crate::mail::templates::RenderError),
    /// Making a production bundle failed (I/O, PDF); lert's problem, logged.
    #[error("making the bundle: {0}")]
    Bundle(String),
}

impl WorkflowError {
    /// Something lert stored cannot be read back as what it should be: lert's fault, logged.
    pub fn corrupt(what: impl std::fmt::Display) -> WorkflowError {
        WorkflowError::Storage(StorageError::Corrupt(what.to_string()))
    }
}

impl From<diesel::result::Error> for WorkflowError {
    fn from(error: diesel::result::Error) -> Self {
        WorkflowError::Storage(StorageError::Database(error))
    }
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
