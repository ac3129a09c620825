//! Persistence: one schema on SQLite (default) or PostgreSQL, the pool, migrations, the
//! write-transaction helper, atomic counters, the blob store and the repositories.

pub mod audit;
pub mod blobs;
pub mod bulk;
pub mod case_json;
pub mod case_lookups;
pub mod case_queries;
pub mod clock_queries;
pub mod connection;
pub mod counters;
pub mod inbound_queries;
pub mod intake_json;
pub mod migrations;
pub mod outbox;
pub mod outbox_json;
pub mod production_json;
pub mod production_rows;
pub mod rows;
pub mod schema;
pub mod sql_functions;

pub use connection::{Backend, DatabaseUrl, DbConnection, DbPool, write_tx, writes_committed};

/// Errors below the workflow layer.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error")]
    Database(#[from] diesel::result::Error),
    #[error("could not connect to the database: {0}")]
    Connect(String),
    #[error("database pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}
