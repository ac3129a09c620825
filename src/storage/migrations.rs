//! Embedded migrations for both backends, applied at start and by `lert migrate`.

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbConnection, StorageError};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies every pending migration; returns the names applied.
pub fn run_pending(conn: &mut DbConnection) -> Result<Vec<String>, StorageError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(names),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES).map(names),
    };
    applied.map_err(|e| StorageError::Migration(e.to_string()))
}

/// Reverts every applied migration (tests and disaster drills only).
pub fn revert_all(conn: &mut DbConnection) -> Result<Vec<String>, StorageError> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE).map(names),
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES).map(names),
    };
    reverted.map_err(|e| StorageError::Migration(e.to_string()))
}

fn names<V: std::fmt::Display>(versions: Vec<V>) -> Vec<String> {
    versions.iter().map(ToString::to_string).collect()
}
