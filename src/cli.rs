//! What each CLI command does, behind `main.rs`'s argument parsing.
//!
//! Errors the operator can fix exit 2 with one line (`CliError::Usage`); anything else exits 1.

pub mod admin;
pub mod bundle;
pub mod case;
pub mod clocks;
pub mod intake;
pub mod mail;

use crate::workflows::WorkflowError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input: exit 2.
    #[error("{0}")]
    Usage(String),
    /// lert or its environment failed: exit 1.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
    /// A failure worth retrying later (the database or disk): exit 75, EX_TEMPFAIL, which an MTA
    /// answers by keeping the message queued.
    #[error(transparent)]
    TempFail(anyhow::Error),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 1,
            CliError::TempFail(_) => 75,
        }
    }
}

impl From<WorkflowError> for CliError {
    fn from(error: WorkflowError) -> Self {
        match error {
            WorkflowError::Invalid(m)
            | WorkflowError::NotFound(m)
            | WorkflowError::Conflict(m)
            | WorkflowError::Forbidden(m) => CliError::Usage(m),
            other => CliError::Failed(other.into()),
        }
    }
}

impl From<crate::storage::StorageError> for CliError {
    fn from(error: crate::storage::StorageError) -> Self {
        CliError::Failed(error.into())
    }
}

impl From<diesel::result::Error> for CliError {
    fn from(error: diesel::result::Error) -> Self {
        CliError::Failed(error.into())
    }
}

impl From<diesel::r2d2::PoolError> for CliError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        CliError::Failed(error.into())
    }
}
